"""The metadata formats the kit reads, richest first, and what an endpoint says it offers.

:data:`FORMATS` is the one place where the richness order is defined. A source that is not told
which ``metadataPrefix`` to ask for takes the first format of this list that the endpoint offers
(:func:`richest`), matched by namespace first (prefixes vary: ``ead``, ``oai_ead``), else by the
usual prefixes. The order, and why:

1. LIDO and 2. EDM: museum and aggregator models with a rights URI per digital resource;
3. MODS: library objects, rights in ``accessCondition`` (often a URI), host collections;
4. EAD: whole finding aids, one record per described component, conditions of use inherited;
5. MARCXML: catalogue records, rights (540) seldom given;
6. qualified DC (``oai_qdc``), 7. simple DC (``oai_dc``, which every endpoint offers).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from h4og_kit.oai import namespaces as ns
from h4og_kit.oai.dc import parse_dc
from h4og_kit.oai.ead import parse_ead
from h4og_kit.oai.edm import parse_edm
from h4og_kit.oai.lido import parse_lido
from h4og_kit.oai.marc import parse_marc
from h4og_kit.oai.mods import parse_mods
from h4og_kit.oai.xmltext import child, children, local, namespace, text

Parser = Callable[[ET.Element, "str | None"], list[dict]]


@dataclass(frozen=True)
class Format:
    """A metadata format the kit reads: its name, namespaces, usual prefixes, root elements."""

    name: str
    namespaces: tuple[str, ...]
    prefixes: tuple[str, ...]
    roots: tuple[str, ...]
    parse: Parser


#: Every format the kit reads, richest first (see the module's docstring for the order).
FORMATS: tuple[Format, ...] = (
    Format("lido", (ns.LIDO,), ("lido",), ("lidoWrap", "lido"), parse_lido),
    Format("edm", (ns.EDM, ns.RDF), ("edm", "europeana"), ("RDF",), parse_edm),
    Format("mods", (ns.MODS,), ("mods", "oai_mods"), ("mods",), parse_mods),
    Format("ead", (ns.EAD, ns.EAD3), ("ead", "oai_ead"), ("ead",), parse_ead),
    Format("marcxml", (ns.MARC,), ("marcxml", "marc21", "oai_marc", "marc"), ("record",),
           parse_marc),
    Format("qdc", (ns.QDC,), ("oai_qdc", "qdc"), ("qualifieddc",), parse_dc),
    Format("dc", (ns.OAI_DC,), ("oai_dc",), ("dc",), parse_dc),
)


@dataclass(frozen=True)
class MetadataFormat:
    """One format an endpoint offers (``verb=ListMetadataFormats``).

    ``reads_as`` is the name of the kit's format that reads it (``"mods"``, ``"ead"``...), None
    when the kit does not read it.
    """

    prefix: str
    schema: str | None
    namespace: str | None

    @property
    def reads_as(self) -> str | None:
        found = _format_of(self)
        return found.name if found else None


def _format_of(offered: MetadataFormat) -> Format | None:
    by_namespace = [f for f in FORMATS if offered.namespace in f.namespaces]
    by_prefix = [f for f in FORMATS if offered.prefix.lower() in f.prefixes]
    return (by_namespace or by_prefix or [None])[0]


def offered_formats(root: ET.Element) -> list[MetadataFormat]:
    """The formats listed in a ListMetadataFormats answer, in the endpoint's order."""
    listed = child(root, "ListMetadataFormats")
    return [
        MetadataFormat(
            prefix=text(child(f, "metadataPrefix")) or "",
            schema=text(child(f, "schema")),
            namespace=text(child(f, "metadataNamespace")),
        )
        for f in children(listed, "metadataFormat")
        if text(child(f, "metadataPrefix"))
    ]


def richest(offered: Iterable[MetadataFormat]) -> MetadataFormat | None:
    """The offered format the kit reads best (:data:`FORMATS` order); a usual prefix wins a tie."""
    rank = {f.name: i for i, f in enumerate(FORMATS)}
    readable = [o for o in offered if o.reads_as]
    if not readable:
        return None

    def order(o: MetadataFormat) -> tuple[int, bool]:
        fmt = _format_of(o)
        return rank[fmt.name], o.prefix.lower() not in fmt.prefixes

    return min(readable, key=order)


def format_of_element(el: ET.Element) -> Format | None:
    """The format whose root element ``el`` is, by namespace and local name."""
    name, uri = local(el.tag), namespace(el.tag)
    for fmt in FORMATS:
        if name in fmt.roots and (uri in fmt.namespaces or (not uri and fmt.name == "ead")):
            return fmt
    if name == "qualifieddc":  # qualified DC comes in several namespaces, all read alike
        return FORMATS[[f.name for f in FORMATS].index("qdc")]
    return None
