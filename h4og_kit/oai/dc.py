"""Dublin Core: ``oai_dc`` (simple DC) and ``oai_qdc`` (qualified DC, with ``dcterms`` elements).

Simple and qualified DC are read alike: the values of every ``dc:`` and ``dcterms:`` element by
local name. Qualified DC from aggregators (REPOX, CONTENTdm) often adds Europeana's link elements
(``edm:isShownAt``, ``edm:preview``, ``edm:rights``), which give the record's links and rights.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from h4og_kit.oai.namespaces import DC, DCTERMS, EDM, RDF
from h4og_kit.oai.xmltext import first, is_image, is_link, local, namespace, rights_value, text
from h4og_kit.records import record


def dc_fields(el: ET.Element) -> dict[str, list[str]]:
    """DC (``dc``, ``dcterms``) and EDM element values by local name, in document order.

    EDM elements are keyed ``edm:<name>``; their value is the ``rdf:resource`` or the text.
    """
    fields: dict[str, list[str]] = {}
    for child in el:
        ns = namespace(child.tag)
        if ns in (DC, DCTERMS):
            name, value = local(child.tag), text(child)
        elif ns == EDM:
            name, value = f"edm:{local(child.tag)}", child.get(f"{{{RDF}}}resource") or text(child)
        else:
            continue
        if value:
            fields.setdefault(name, []).append(value)
    return fields


def dc_record(identifier: str | None, f: dict[str, list[str]], **overrides: Any) -> dict:
    """The common record of DC field values (see :func:`dc_fields`); ``overrides`` win."""
    links = [v for v in f.get("identifier", []) if is_link(v)]
    dates = f.get("date", []) + f.get("created", []) + f.get("issued", [])
    rights = (
        f.get("edm:rights", []) + f.get("rights", []) + f.get("license", [])
        + f.get("accessRights", [])
    )
    fields = {
        "id": identifier or first(f.get("identifier", [])),
        "title": first(f.get("title", [])),
        "creator": f.get("creator"),
        "date": list(dict.fromkeys(dates)),
        "type": f.get("type"),
        "description": f.get("description", []) + f.get("abstract", []),
        "url": first(f.get("edm:isShownAt", []) + [u for u in links if not is_image(u)]),
        "image_url": first(
            f.get("edm:isShownBy", []) + f.get("edm:object", []) + [u for u in links if is_image(u)]
        ),
        "thumbnail_url": first(f.get("edm:preview", [])),
        "iiif_manifest": first(f.get("edm:iiifManifest", [])),
        "rights": rights_value(rights),
        "language": f.get("language"),
        "place": f.get("coverage", []) + f.get("spatial", []),
    }
    fields.update({k: v for k, v in overrides.items() if v})
    return record("oai", **fields)


def parse_dc(el: ET.Element, identifier: str | None) -> list[dict]:
    """One record from an ``oai_dc:dc`` or ``oai_qdc:qualifieddc`` element."""
    return [dc_record(identifier, dc_fields(el))]
