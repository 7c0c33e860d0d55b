"""The metadata formats institutions really serve over OAI-PMH, read into the common record with
their rights: oai_dc, qualified DC, MODS, MARCXML, EAD (one record per described component), LIDO.

Every expected value is read from the fixture here, with lxml and an XPath, never copied from the
kit's output. The files are real answers (tests/fixtures/oai/PROVENANCE.md and
h4og_kit/data/samples/oai/PROVENANCE.md). Where a test needs broken XML, it derives it from a real
file and says how. The ListMetadataFormats answers served on loopback below are SYNTHETIC: they
serve the mechanics of choosing a format only.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import FIXTURES, SAMPLES
from lxml import etree
from werkzeug import Response

from h4og_kit.oai import MetadataFormat, richest
from h4og_kit.oai.namespaces import DC, EAD, LIDO, MARC, MODS, OAI
from h4og_kit.sources import base
from h4og_kit.sources.oai import OaiSource, metadata_formats, parse, xml_root
from h4og_kit.sources.oai import richest as source_richest

FAST = base.http.Politeness(connections=1, rate=0, retries=1, backoff=0.01)
NS = {"oai": OAI, "dc": DC, "ead": EAD, "lido": LIDO, "marc": MARC, "mods": MODS,
      "xlink": "http://www.w3.org/1999/xlink"}
ASPACE_DC = FIXTURES / "oai" / "archivesspace-test_ListRecords_oai_dc_resumptionToken.xml"
ASPACE_EAD = FIXTURES / "oai" / "archivesspace-test_GetRecord_oai_ead.xml"
CALTECH_EAD = FIXTURES / "oai" / "caltech-archives_GetRecord_oai_ead_resources-34_glaser.xml"
CARLI_QDC = FIXTURES / "oai" / "dpla-ingestion3_record_il_carli_repox_oai_qdc.xml"
DENSHO_MODS = FIXTURES / "oai" / "dpla-ingestion3_record_northwest-heritage_densho_mods.xml"
GPO_MARC = SAMPLES / "oai" / "dpla-ingestion3_record_gpo_marc21.xml"
KENOM_LIDO = SAMPLES / "oai" / "lido_KENOM_Landesbib_Schwerin.xml"
ODERBERG_LIDO = SAMPLES / "oai" / "lido_museum-digital_Oderberg.xml"


def tree(path):
    return etree.parse(str(path))


def words(value) -> str:
    """Text with its white space collapsed, as the common record holds it."""
    if isinstance(value, list):
        value = "".join(value)
    if not isinstance(value, str):
        value = "".join(value.itertext())
    return " ".join(value.split())


def by_id(records):
    return {r["id"]: r for r in records}


# -- oai_dc with namespaces declared on inner elements (ArchivesSpace) ---------------------------


def test_archivesspace_oai_dc_with_inner_namespace_declarations():
    data = ASPACE_DC.read_bytes()
    assert data.count(b'<dc:title xmlns:dc="') == 25  # every dc:* element declares its prefix
    records = by_id(parse(data))
    doc = tree(ASPACE_DC)
    listed = doc.xpath("//oai:record", namespaces=NS)
    assert len(records) == len(listed) == 25
    for rec in listed:
        identifier = rec.xpath("string(oai:header/oai:identifier)", namespaces=NS)
        got = records[identifier]
        assert got["title"] == words(rec.xpath("string(.//dc:title)", namespaces=NS))
        rights = [words(r) for r in rec.xpath(".//dc:rights", namespaces=NS)]
        assert got["rights"] == ("; ".join(rights) or None)
        assert got["license_category"] == "unknown"  # "open for research" is no licence
        assert got["warnings"] is None  # nothing had to be repaired
    assert "Correspondence about art, 1974\u20132014" in {r["title"] for r in records.values()}


def test_the_archivesspace_resumption_token_is_the_next_cursor():
    token = tree(ASPACE_DC).xpath("string(//oai:resumptionToken)", namespaces=NS).strip()
    search = base.Search("", False, {})
    batch = OaiSource().read(xml_root(ASPACE_DC.read_bytes()), search)
    assert batch.next_cursor == token and len(batch.records) == 25


# -- recovering what is not namespace-well-formed ----------------------------------------------


def test_qualified_dc_without_namespace_declarations_is_recovered_and_says_so():
    data = CARLI_QDC.read_bytes()
    with pytest.raises(etree.XMLSyntaxError, match="not defined"):
        etree.fromstring(data)  # the real record never declares oai_qdc, dc, dcterms, edm, xsi
    loose = etree.fromstring(data, etree.XMLParser(recover=True))
    literal = {el.tag: words(el) for el in reversed(list(loose.iter())) if isinstance(el.tag, str)}
    (rec,) = parse(data)
    assert rec["id"] == literal["identifier"]
    assert rec["title"] == literal["dc:title"]
    assert rec["rights"] == literal["edm:rights"]  # the URI is preferred to the free text
    assert rec["license_category"] == "unknown"  # the URI names no statement
    assert rec["thumbnail_url"] == literal["edm:preview"]
    assert rec["url"] == literal["edm:isShownAt"]
    assert rec["warnings"].startswith("undeclared namespace prefixes dc, dcterms, edm")
    assert rec["warnings"].endswith("read as their standard namespaces")


def derived_page(edit) -> bytes:
    """The real ArchivesSpace oai_dc page with one change made to its third record."""
    data = ASPACE_DC.read_bytes()
    start = data.index(b"<record>", data.index(b"<record>", data.index(b"<record>") + 1) + 1)
    end = data.index(b"</record>", start)
    return data[:start] + edit(data[start:end]) + data[end:]


def test_a_missing_namespace_declaration_in_one_record_is_recovered_with_a_warning():
    # Derived from the real page: the third record loses every xmlns:dc declaration.
    broken = derived_page(lambda rec: rec.replace(b' xmlns:dc="http://purl.org/dc/elements/1.1/"',
                                                  b""))
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(broken)
    records = parse(broken)
    expected = [words(t) for t in tree(ASPACE_DC).xpath("//oai:record//dc:title", namespaces=NS)]
    assert [r["title"] for r in records] == expected  # nothing lost
    warned = [r for r in records if r["warnings"]]
    assert [r["id"] for r in warned] == [records[2]["id"]]  # only the record that was repaired
    assert warned[0]["warnings"] == "undeclared namespace prefix dc read as its standard namespace"


def test_an_unknown_undeclared_prefix_is_never_guessed():
    # Derived from the real page: the third record's dc:title becomes zz:title, declared nowhere.
    broken = derived_page(lambda rec: rec.replace(b"<dc:title xmlns:dc=\"http://purl.org/dc/"
                                                  b"elements/1.1/\">", b"<zz:title>")
                          .replace(b"</dc:title>", b"</zz:title>"))
    records = parse(broken)
    assert len(records) == 25
    third = records[2]
    assert third["title"] is None  # not read as a title: zz means nothing known
    assert third["warnings"] == "undeclared namespace prefix zz not read (no standard namespace)"
    assert third["rights"] is not None  # the rest of the record is read


def test_one_bad_record_does_not_drop_the_page():
    # Derived from the real page: a bare '&' (not well-formed) in the third record's title.
    broken = derived_page(lambda rec: rec.replace(b"</dc:title>", b" & more</dc:title>", 1))
    records = parse(broken)
    assert len(records) == 25
    assert [bool(r["warnings"]) for r in records].count(True) == 1
    assert records[2]["warnings"].startswith("XML repaired near line")


# -- EAD finding aids: the collection and every titled component ---------------------------------


def components(doc):
    names = " or ".join(["self::ead:c"] + [f"self::ead:c{n:02d}" for n in range(1, 13)])
    return doc.xpath(f"//*[{names}][ead:did/ead:unittitle]", namespaces=NS)


def test_archivesspace_ead_gives_the_collection_and_its_component():
    doc = tree(ASPACE_EAD)
    records = parse(ASPACE_EAD.read_bytes())
    identifier = doc.xpath("string(//oai:header/oai:identifier)", namespaces=NS)
    (component,) = components(doc)
    assert [r["id"] for r in records] == [identifier, f"{identifier}#{component.get('id')}"]
    collection, part = records
    assert collection["title"] == words(doc.xpath("//ead:archdesc/ead:did/ead:unittitle",
                                                  namespaces=NS)[0])
    use = doc.xpath("//ead:archdesc/ead:userestrict/ead:p", namespaces=NS)
    assert collection["rights"] == words(use[0])
    assert collection["license_category"] == "unknown"
    normal = doc.xpath("string(//ead:archdesc/ead:did/ead:unitdate[@type='inclusive']/@normal)",
                       namespaces=NS)
    assert (collection["date_start"], collection["date_end"]) == tuple(
        int(y) for y in normal.split("/"))
    assert part["title"] == words(component.xpath("ead:did/ead:unittitle", namespaces=NS)[0])
    assert part["rights"] == collection["rights"]  # conditions of use are inherited
    assert part["creator"] == words(doc.xpath("//ead:archdesc/ead:did/ead:origination",
                                              namespaces=NS)[0])


def test_caltech_ead_gives_one_record_per_titled_component():
    doc = tree(CALTECH_EAD)
    records = parse(CALTECH_EAD.read_bytes())
    titled = components(doc)
    assert len(titled) > 900
    assert len(records) == 1 + len(titled)
    assert len({r["id"] for r in records}) == len(records)
    assert [r["title"] for r in records[1:]] == [
        words(c.xpath("ead:did/ead:unittitle", namespaces=NS)[0]) for c in titled
    ]
    use = doc.xpath("//ead:archdesc/ead:userestrict/ead:p", namespaces=NS)
    assert records[0]["rights"] == "\n".join(words(p) for p in use)
    assert all(r["rights"] == records[0]["rights"] for r in records)  # none states its own
    assert {r["license_category"] for r in records} == {"unknown"}
    # A component with a digital object: its page and its thumbnail.
    first = doc.xpath("//ead:c03[ead:did/ead:daogrp]", namespaces=NS)[0]
    got = by_id(records)[f"{records[0]['id']}#{first.get('id')}"]
    locs = first.xpath("ead:did/ead:daogrp/ead:daoloc", namespaces=NS)
    role = "{http://www.w3.org/1999/xlink}role"
    href = "{http://www.w3.org/1999/xlink}href"
    assert got["url"] == next(loc.get(href) for loc in locs if not loc.get(role))
    assert got["thumbnail_url"] == next(loc.get(href) for loc in locs
                                        if loc.get(role) == "image-thumbnail")
    normal = first.xpath("string(ead:did/ead:unitdate/@normal)", namespaces=NS)
    assert (got["date_start"], got["date_end"]) == tuple(int(y) for y in normal.split("/"))


# -- MODS, MARCXML, LIDO ------------------------------------------------------------------------


def test_densho_mods_with_its_prefix_declared_on_the_inner_element():
    doc = tree(DENSHO_MODS)
    assert doc.getroot().nsmap == {}  # mods: is declared on mods:mods, not on the record
    (rec,) = parse(DENSHO_MODS.read_bytes())
    assert rec["title"] == words(doc.xpath("//mods:titleInfo/mods:title", namespaces=NS)[0])
    assert rec["rights"] == words(doc.xpath("//mods:accessCondition", namespaces=NS)[0])
    assert rec["license_category"] == "in-copyright"  # rightsstatements.org InC
    assert rec["url"] == words(doc.xpath("//mods:url[@access='object in context']",
                                         namespaces=NS)[0])


def test_gpo_marcxml():
    doc = tree(GPO_MARC)
    (rec,) = parse(GPO_MARC.read_bytes())
    assert rec["id"] == doc.xpath("string(//oai:identifier)", namespaces=NS)
    title = doc.xpath("string(//marc:datafield[@tag='245']/marc:subfield[@code='a'])",
                      namespaces=NS)
    assert rec["title"] == title.rstrip(" /")
    assert rec["url"] == doc.xpath("string(//marc:datafield[@tag='856']/marc:subfield[@code='u'])",
                                   namespaces=NS)
    assert rec["creator"].startswith(doc.xpath(
        "string(//marc:datafield[@tag='100']/marc:subfield[@code='a'])", namespaces=NS))
    assert not doc.xpath("//marc:datafield[@tag='540' or @tag='506']", namespaces=NS)
    assert rec["rights"] is None and rec["license_category"] == "unknown"  # none stated
    assert rec["date_start"] == 1975 and rec["language"] == "eng"


@pytest.mark.parametrize("path", [KENOM_LIDO, ODERBERG_LIDO], ids=["kenom", "museum-digital"])
def test_lido_takes_the_rights_of_the_digital_resource_not_of_the_metadata(path):
    doc = tree(path)
    (rec,) = parse(path.read_bytes())
    lido = {"namespaces": NS}
    assert rec["id"] == doc.xpath("string(//lido:lidoRecID)", **lido)
    title = doc.xpath("//lido:titleSet[1]/lido:appellationValue[not(@lido:pref='alternative')]",
                      **lido)[0]
    assert rec["title"] == words(title)
    resource_rights = doc.xpath("(//lido:resourceSet)[1]/lido:rightsResource/lido:rightsType/"
                                "lido:conceptID", **lido)
    assert rec["rights"] == words(resource_rights[0])
    assert rec["license_category"] == "restricted"  # CC BY-NC-ND / CC BY-NC-SA
    if path == ODERBERG_LIDO:  # the metadata record is CC0, the scan of the object is not
        metadata_rights = doc.xpath("//lido:recordRights//lido:conceptID", **lido)
        assert [words(m) for m in metadata_rights] != [rec["rights"]]
        assert "publicdomain/zero" in words(metadata_rights[0])
    holder = doc.xpath("//lido:repositorySet/lido:repositoryName/lido:legalBodyName/"
                       "lido:appellationValue", **lido)[0]
    assert rec["institution"] == words(holder)


# -- which format to ask for ---------------------------------------------------------------------


def offered(*pairs):
    return [MetadataFormat(prefix, None, uri) for prefix, uri in pairs]


def test_the_richest_format_offered_is_chosen_by_namespace_else_prefix():
    dc = ("oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc/")
    assert richest(offered(dc, ("oai_ead", EAD), ("marc21", MARC))).prefix == "oai_ead"
    assert richest(offered(dc, ("oai_qdc", "http://worldcat.org/xmlschemas/qdc-1.0/"))).prefix \
        == "oai_qdc"
    assert richest(offered(("swepub_mods", MODS), ("mods", MODS), dc)).prefix == "mods"
    assert richest(offered(("lido", None), dc)).prefix == "lido"
    assert richest(offered(("epicur", "urn:nbn:de:1111-2004033116"))) is None
    assert source_richest(offered(dc)).prefix == "oai_dc"


# Synthetic, for the mechanics of choosing: an endpoint that offers oai_dc and oai_ead.
SYNTHETIC_FORMATS = f"""<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="{OAI}"><responseDate>2026-01-01T00:00:00Z</responseDate>
<request verb="ListMetadataFormats">http://127.0.0.1/oai</request><ListMetadataFormats>
<metadataFormat><metadataPrefix>oai_dc</metadataPrefix>
<schema>http://www.openarchives.org/OAI/2.0/oai_dc.xsd</schema>
<metadataNamespace>http://www.openarchives.org/OAI/2.0/oai_dc/</metadataNamespace></metadataFormat>
<metadataFormat><metadataPrefix>oai_ead</metadataPrefix>
<schema>https://www.loc.gov/ead/ead.xsd</schema>
<metadataNamespace>{EAD}</metadataNamespace></metadataFormat>
</ListMetadataFormats></OAI-PMH>"""


def serve(httpserver, asked, formats=SYNTHETIC_FORMATS):
    def answer(request):
        asked.append(request.args.to_dict())
        if request.args.get("verb") == "ListMetadataFormats":
            return Response(formats, content_type="text/xml")
        return Response(ASPACE_EAD.read_bytes(), content_type="text/xml")  # the real EAD answer

    httpserver.expect_request("/oai").respond_with_handler(answer)
    return httpserver.url_for("/oai")


def test_list_metadata_formats_on_loopback(httpserver, online):
    endpoint = serve(httpserver, [])
    formats = metadata_formats(endpoint, politeness=FAST)
    assert [(f.prefix, f.namespace, f.reads_as) for f in formats] == [
        ("oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc/", "dc"),
        ("oai_ead", EAD, "ead"),
    ]
    assert formats[1].schema == "https://www.loc.gov/ead/ead.xsd"


def test_the_sickle_list_of_formats_is_read(httpserver, online):
    real = (FIXTURES / "oai" / "sickle_ListMetadataFormats.xml").read_bytes()
    formats = metadata_formats(serve(httpserver, [], formats=real), politeness=FAST)
    assert [f.prefix for f in formats] == ["epicur", "xMetaDissPlus", "oai_dc", "mods",
                                           "swepub_mods"]
    assert richest(formats).prefix == "mods"


def test_a_search_asks_for_the_richest_format_unless_told(httpserver, online):
    asked = []
    endpoint = serve(httpserver, asked)
    df = OaiSource(politeness=FAST).search("", limit=None, progress=False, endpoint=endpoint)
    assert asked[:2] == [{"verb": "ListMetadataFormats"},
                         {"verb": "ListRecords", "metadataPrefix": "oai_ead"}]
    assert len(df) == 2  # the finding aid and its one titled component
    asked.clear()
    OaiSource(politeness=FAST).search("", progress=False, endpoint=endpoint,
                                      metadata_prefix="oai_dc", set="x")
    assert asked == [{"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "x"}]
    asked.clear()
    told = OaiSource(base_url=endpoint, politeness=FAST, metadata_prefix="oai_dc")
    told.search("diary", progress=False, set="y")
    assert asked == [{"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "y"}]


def test_an_endpoint_without_a_list_of_formats_gets_oai_dc(httpserver, online):
    asked = []
    refused = (FIXTURES / "oai" / "sickle_badArgument.xml").read_bytes()
    endpoint = serve(httpserver, asked, formats=refused)
    OaiSource(politeness=FAST).search("", limit=None, progress=False, endpoint=endpoint, set="z")
    assert asked[1] == {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "z"}


def test_the_format_parsers_never_reach_the_network():
    code = ("import sys, h4og_kit.oai; print(sorted(m for m in sys.modules if m.startswith("
            "('h4og_kit.http', 'h4og_kit.sources', 'requests'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_without_lxml_broken_xml_stays_an_error(monkeypatch):
    # lxml is what recovers; an install without it reports the strict parser's error instead.
    monkeypatch.setitem(sys.modules, "lxml", None)
    with pytest.raises(base.http.SourceError, match="not well-formed XML.*unbound prefix"):
        parse(CARLI_QDC.read_bytes())


def test_a_record_whose_metadata_cannot_be_read_is_kept_with_a_warning(monkeypatch):
    # Mechanics: the reader is made to fail on one record of the real ArchivesSpace page.
    from h4og_kit.sources import oai

    real = oai.read_metadata

    def failing(el, identifier):
        if identifier.endswith("/archival_objects/2"):
            raise KeyError("surprise")
        return real(el, identifier)

    monkeypatch.setattr(oai, "read_metadata", failing)
    records = by_id(parse(ASPACE_DC.read_bytes()))
    assert len(records) == 25
    kept = records["oai:archivesspace:/repositories/2/archival_objects/2"]
    assert kept["title"] is None and kept["license_category"] == "unknown"
    assert kept["warnings"] == "the metadata could not be read (KeyError: 'surprise')"


def test_a_lido_file_without_its_namespace_declaration_reads_the_same_with_a_warning():
    # Derived from the real museum-digital file: its xmlns:lido declaration is removed.
    data = ODERBERG_LIDO.read_bytes()
    broken = data.replace(b' xmlns:lido="http://www.lido-schema.org"', b"")
    assert broken != data
    (read,), (recovered,) = parse(data), parse(broken)
    assert {k: v for k, v in recovered.items() if k != "warnings"} == {
        k: v for k, v in read.items() if k != "warnings"}
    assert read["warnings"] is None
    assert recovered["warnings"] == "undeclared namespace prefix lido read as its standard namespace"
