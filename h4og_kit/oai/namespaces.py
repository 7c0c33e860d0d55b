"""The XML namespaces of the metadata formats OAI-PMH endpoints serve, and their usual prefixes.

:data:`STANDARD_PREFIXES` is what "the meaning is clear" means when an answer uses a prefix it
never declared (:mod:`h4og_kit.oai.repair`): ``dc:`` always stands for Dublin Core, ``edm:`` for
Europeana's data model, and so on. A prefix that is not in this table is never guessed.
"""

from __future__ import annotations

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
OAI_PROVENANCE = "http://www.openarchives.org/OAI/2.0/provenance"
QDC = "http://worldcat.org/xmlschemas/qdc-1.0/"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
MODS = "http://www.loc.gov/mods/v3"
MARC = "http://www.loc.gov/MARC21/slim"
EAD = "urn:isbn:1-931666-22-9"
EAD3 = "http://ead3.archivists.org/schema/"
LIDO = "http://www.lido-schema.org"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
EDM = "http://www.europeana.eu/schemas/edm/"
ORE = "http://www.openarchives.org/ore/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XLINK = "http://www.w3.org/1999/xlink"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
GML = "http://www.opengis.net/gml"

#: Prefixes with one conventional meaning, read as their namespace when an answer forgot to
#: declare them.
STANDARD_PREFIXES: dict[str, str] = {
    "oai": OAI,
    "oai_dc": OAI_DC,
    "oaiProvenance": OAI_PROVENANCE,
    "oai_qdc": QDC,
    "dc": DC,
    "dcterms": DCTERMS,
    "mods": MODS,
    "marc": MARC,
    "ead": EAD,
    "lido": LIDO,
    "rdf": RDF,
    "edm": EDM,
    "ore": ORE,
    "skos": SKOS,
    "xlink": XLINK,
    "xsi": XSI,
    "gml": GML,
}
