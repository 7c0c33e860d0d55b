"""Pure parsers of the metadata formats OAI-PMH endpoints serve (no HTTP): each turns one
metadata element into common records.

One module per format: :mod:`~h4og_kit.oai.dc` (``oai_dc`` and qualified DC), :mod:`~.mods`,
:mod:`~.marc` (MARCXML), :mod:`~.ead` (a finding aid and its components), :mod:`~.edm` and
:mod:`~.lido`. :mod:`~.formats` lists them richest first and reads what an endpoint offers;
:mod:`~.repair` reads XML that is not quite well-formed and notes what it repaired;
:mod:`~.namespaces` and :mod:`~.xmltext` are what the parsers share. The source that fetches is
:mod:`h4og_kit.sources.oai`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from h4og_kit.oai.formats import (
    FORMATS,
    MetadataFormat,
    format_of_element,
    offered_formats,
    richest,
)
from h4og_kit.oai.repair import Unreadable, read_xml, repairs

__all__ = ["FORMATS", "MetadataFormat", "Unreadable", "offered_formats", "read_metadata",
           "read_xml", "repairs", "richest"]


def read_metadata(el: ET.Element, identifier: str | None) -> list[dict]:
    """The records of the first metadata element the kit reads in ``el`` (``el`` included)."""
    for node in el.iter():
        fmt = format_of_element(node)
        if fmt:
            return fmt.parse(node, identifier)
    return []
