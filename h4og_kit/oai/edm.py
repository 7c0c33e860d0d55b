"""Europeana's EDM (``rdf:RDF``): the provider's proxy holds the descriptive DC, the aggregation
the links, the rights and the institution."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from h4og_kit.oai.dc import dc_fields, dc_record
from h4og_kit.oai.namespaces import EDM, ORE, RDF
from h4og_kit.oai.xmltext import text


def _link(parent: ET.Element | None, name: str) -> str | None:
    el = parent.find(f"{{{EDM}}}{name}") if parent is not None else None
    return (el.get(f"{{{RDF}}}resource") or text(el)) if el is not None else None


def parse_edm(rdf: ET.Element, identifier: str | None) -> list[dict]:
    """One record from an EDM ``rdf:RDF`` element (Europeana's own proxy is left aside)."""
    proxies = [
        p
        for p in rdf.findall(f"{{{ORE}}}Proxy")
        if text(p.find(f"{{{EDM}}}europeanaProxy")) != "true"
    ]
    fields = dc_fields(proxies[0]) if proxies else {}
    aggregation = rdf.find(f"{{{ORE}}}Aggregation")
    europeana = rdf.find(f"{{{EDM}}}EuropeanaAggregation")
    cho = rdf.find(f"{{{EDM}}}ProvidedCHO")
    own_id = cho.get(f"{{{RDF}}}about") if cho is not None else None
    return [
        dc_record(
            identifier or own_id,
            fields,
            url=_link(aggregation, "isShownAt"),
            image_url=_link(aggregation, "isShownBy") or _link(aggregation, "object"),
            thumbnail_url=_link(europeana, "preview"),
            rights=_link(aggregation, "rights"),
            institution=_link(aggregation, "dataProvider"),
        )
    ]
