"""Generic OAI-PMH: parsing real records (oai_dc, qualified DC, MODS, EDM), errors, offline search,
and resumption-token paging on a loopback server.

The sickle_* fixtures are real OAI-PMH 2.0 answers with anonymized content ('Sample Title'):
they serve the paging and error mechanics only. Their resumption tokens name the next file.
"""

from __future__ import annotations

import pytest
from conftest import FIXTURES, SAMPLES
from werkzeug import Response

import h4og_kit
from h4og_kit import http
from h4og_kit.records import COLUMNS
from h4og_kit.sources.oai import OaiError, OaiSource, parse

OAI_SAMPLES = SAMPLES / "oai"
OAI_FIXTURES = FIXTURES / "oai"
FAST = http.Politeness(connections=1, rate=0, retries=1, backoff=0.01)


def sample(name):
    return (OAI_SAMPLES / name).read_bytes()


def fixture(name):
    return (OAI_FIXTURES / name).read_bytes()


def test_parse_a_real_mods_list_records_page():
    records = parse(sample("harvard_librarycloud_ListRecords_mods_botanicals.xml"))
    assert len(records) == 10
    assert [r["id"] for r in records[:3]] == ["arn00007c00001", "arn00007c00002", "arn00007c00003"]
    first = records[0]
    assert first["title"] == "Plate 1. Clematis cylindrica"
    assert first["description"] == (
        "Full color. Reproduced in Herbier Général, page 70, by Mme. Deville, Aumont."
    )
    # The item has no name or date of its own: they come from its host collection.
    assert first["creator"] == "Riocreux, Alfred, 1820-1912"
    assert (first["date"], first["date_start"], first["date_end"]) == ("1860", 1860, 1860)
    assert first["institution"] == (
        "Arnold Arboretum Library (Cambridge), Botany Libraries, Harvard University"
    )
    assert first["url"] == (
        "https://id.lib.harvard.edu/curiosity/botanical-illustrations/62-arn00007c00001"
    )
    assert first["image_url"] == "https://nrs.harvard.edu/urn-3:FMUS.ARN:37524535"
    assert first["thumbnail_url"] == "https://nrs.harvard.edu/urn-3:FMUS.ARN:37524536?width=150"
    assert first["rights"].startswith("The collection is available by appointment for research.")
    assert first["license_category"] == "unknown"
    assert first["language"] is None  # 'und' (undetermined) is not a language
    assert records[-1]["title"] == "Plate 11. Helianthemum roseum"


def test_parse_real_europeana_edm_records():
    (portrait,) = parse(
        sample("europeana_GetRecord_edm_92062_BibliographicResource_1000126015451.xml")
    )
    assert (
        portrait["id"] == "http://data.europeana.eu/item/92062/BibliographicResource_1000126015451"
    )
    assert portrait["title"] == "Pyrker-Oberwart, Johann Ladislaus"
    assert portrait["type"] == "Druckgrafik"
    assert (
        portrait["institution"] == "Österreichische Nationalbibliothek - Austrian National Library"
    )
    assert portrait["url"] == "http://www.bildarchivaustria.at/TELRequest.aspx?p_ImageID=3480072"
    assert portrait["image_url"] == "http://www.bildarchivaustria.at/Preview/3480072.jpg"
    assert portrait["rights"] == "http://creativecommons.org/publicdomain/mark/1.0/"
    assert portrait["license_uri"] == "https://creativecommons.org/publicdomain/mark/1.0/"
    assert portrait["license_category"] == "public-domain"

    (book,) = parse(sample("europeana_GetRecord_edm_00101_2F29675E.xml"))
    assert book["title"] == "Art portugais: peinture et sculpture du naturalisme à nous jours"
    assert (book["date"], book["date_start"]) == ("1967", 1967)
    assert book["language"] == "fre"
    assert book["institution"] == "Fundação Calouste Gulbenkian - Portugal"
    assert book["license_uri"] == "https://creativecommons.org/licenses/by/3.0/"
    assert book["license_category"] == "open"


def test_parse_dublin_core_records():
    (calcutta,) = parse(fixture("record_rumsey.xml"))  # a bare <record>, oai_dc
    assert calcutta["id"] == "oai:N/A:RUMSEY~8~1~318428~90087368"
    assert calcutta["title"].startswith("City of Calcutta. Published under the direction")
    assert calcutta["creator"] == "Burrard, Sidney Gerald; Survey of India"
    assert (calcutta["date"], calcutta["date_start"]) == ("1912", 1912)
    assert calcutta["type"] == "Case Map"
    assert calcutta["place"] == "Kolkata (India); Calcutta (India); Calcutta"
    assert calcutta["url"] == (
        "https://www.davidrumsey.com/luna/servlet/detail/RUMSEY~8~1~318428~90087368"
    )
    assert calcutta["image_url"] == (
        "https://www.davidrumsey.com/rumsey/Size1/RUMSEY~8~1/179/10403000.jpg"
    )
    assert calcutta["license_category"] == "unknown"  # no dc:rights at all

    (reel,) = parse(fixture("record_txdl.xml"))  # qualified DC (dcterms) inside oai_dc:dc
    assert reel["title"] == "Shad E. Graham papers Film Reel 1"
    assert (reel["type"], reel["language"]) == ("MovingImage", "English")
    assert (reel["date"], reel["date_start"]) == ("1952-01-01", 1952)
    assert (
        reel["rights"] == "Please contact the Houston Metropolitan Research Center, Houston, Texas."
    )

    (utf8,) = parse(fixture("sickle_GetRecord_utf8test.xml"))
    assert utf8["creator"] == "某人"


def test_parse_a_mods_get_record():
    (notes,) = parse(fixture("montana_repox_GetRecord_mods.xml"))
    assert notes["title"] == "Reading notes for 2nd Wind 2001"
    assert notes["creator"] == "Goedicke, Patricia"
    assert (notes["date_start"], notes["type"]) == (2001, "text")
    assert notes["url"] == "https://scholarworks.umt.edu/goedicke/9"
    assert notes["thumbnail_url"] == "https://scholarworks.umt.edu/goedicke/1008/thumbnail.jpg"
    assert notes["institution"] == "University of Montana--Missoula. Mansfield Library"
    assert notes["rights"].startswith("Copyright to this collection is held by")


def test_deleted_records_are_skipped():
    records = parse(fixture("sickle_ListRecords.xml"))  # one deleted, one live record
    assert [r["id"] for r in records] == ["oai:test.example.com:1585322"]
    assert parse(fixture("sickle_ListRecords4.xml"))[0]["id"] == "oai:test.example.com:1585322"


@pytest.mark.parametrize(
    ("name", "code", "hint"),
    [
        ("sickle_badArgument.xml", "badArgument", "metadata_prefix"),
        ("sickle_badResumptionToken.xml", "badResumptionToken", "start the harvest again"),
        ("sickle_cannotDisseminateFormat.xml", "cannotDisseminateFormat", "oai_dc"),
        ("sickle_idDoesNotExist.xml", "idDoesNotExist", "no record with this identifier"),
        ("sickle_noSetHierarchy.xml", "noSetHierarchy", "leave out set="),
    ],
)
def test_oai_errors_raise_with_a_hint(name, code, hint):
    with pytest.raises(OaiError, match=hint) as caught:
        parse(fixture(name))
    assert caught.value.code == code
    assert isinstance(caught.value, http.SourceError)


def test_no_records_match_is_an_empty_result_and_broken_xml_an_error():
    assert parse(fixture("sickle_noRecordsMatch.xml")) == []
    with pytest.raises(http.SourceError, match="not well-formed XML"):
        parse(fixture("sickle_ListRecordsBroken.xml"))


def test_offline_search():
    df = h4og_kit.search("oai", "clematis", progress=False)
    assert list(df.columns) == list(COLUMNS)
    assert df.attrs["offline"] is True
    assert list(df["title"]) == ["Plate 1. Clematis cylindrica", "Plate 2. Clematis viticella"]
    everything = h4og_kit.search("oai", "", limit=None, progress=False)
    # 10 Harvard botanical plates, 2 Europeana records, 2 LIDO objects and 1 GPO MARC record
    assert len(everything) == 15
    reusable = h4og_kit.search("oai", "", limit=None, open_only=True, progress=False)
    assert set(reusable["institution"]) == {
        "Österreichische Nationalbibliothek - Austrian National Library",
        "Fundação Calouste Gulbenkian - Portugal",
    }


# -- loopback: paging and errors ---------------------------------------------------------------


def serve_sickle(httpserver, asked, error=None):
    """ListRecords.xml first; each resumption token names the file of the next page. The list of
    formats (ListMetadataFormats) offers oai_dc and mods, among others."""

    def answer(request):
        asked.append(request.args.to_dict())
        if error:
            name = error
        elif request.args.get("verb") == "ListMetadataFormats":
            name = "sickle_ListMetadataFormats.xml"
        elif "resumptionToken" in request.args:
            name = f"sickle_{request.args['resumptionToken']}"
        else:
            name = "sickle_ListRecords.xml"
        return Response(fixture(name), content_type="text/xml")

    httpserver.expect_request("/oai").respond_with_handler(answer)
    return httpserver.url_for("/oai")


def test_resumption_token_paging_across_four_pages(httpserver, online):
    asked = []
    endpoint = serve_sickle(httpserver, asked)
    source = OaiSource(politeness=FAST)
    df = source.search(
        "",
        limit=None,
        progress=False,
        endpoint=endpoint,
        set="physics",
        from_="2011-01-01",
        until="2011-12-31",
    )
    assert asked[0] == {"verb": "ListMetadataFormats"}  # no prefix given: the richest offered
    assert asked[1] == {
        "verb": "ListRecords",
        "metadataPrefix": "mods",
        "set": "physics",
        "from": "2011-01-01",
        "until": "2011-12-31",
    }
    assert asked[2:] == [
        {"verb": "ListRecords", "resumptionToken": "ListRecords2.xml"},
        {"verb": "ListRecords", "resumptionToken": "ListRecords3.xml"},
        {"verb": "ListRecords", "resumptionToken": "ListRecords4.xml"},
    ]
    assert len(df) == 4  # one live record per page; the deleted ones are skipped
    assert set(df["title"]) == {"Sample Title"}
    assert df.attrs["total"] == 8  # completeListSize, as the endpoint states it
    assert df.attrs["complete"] is True and df.attrs["offline"] is False


def test_base_url_endpoint_local_query_filter_and_resume(httpserver, online):
    asked = []
    endpoint = serve_sickle(httpserver, asked)
    source = h4og_kit.sources.load("oai", base_url=endpoint, politeness=FAST)
    assert source.search("no such words", limit=None, progress=False).empty
    assert len(asked) == 5  # the formats, then the whole list, harvested and filtered locally
    pages = list(source.iter_pages("lorem", cursor="ListRecords3.xml"))
    assert [p.next_cursor for p in pages] == ["ListRecords4.xml", None]
    assert [len(p.records) for p in pages] == [1, 1]  # both live records mention "Lorem ipsum"
    assert len(asked) == 5  # pages 3 and 4 were already fetched: they come from the cache


def test_no_records_match_gives_an_empty_frame(httpserver, online):
    endpoint = serve_sickle(httpserver, [], error="sickle_noRecordsMatch.xml")
    df = OaiSource(base_url=endpoint, politeness=FAST).search("", progress=False)
    assert df.empty and list(df.columns) == list(COLUMNS) and df.attrs["complete"] is True


def test_an_expired_resumption_token_raises_with_a_hint(httpserver, online):
    endpoint = serve_sickle(httpserver, [], error="sickle_badResumptionToken.xml")
    source = OaiSource(base_url=endpoint, politeness=FAST)
    with pytest.raises(OaiError, match="--restart") as caught:
        list(source.iter_pages("", cursor="expired-token"))
    assert caught.value.code == "badResumptionToken" and caught.value.url.startswith(endpoint)


def test_an_unoffered_format_raises_with_a_hint(httpserver, online):
    asked = []
    endpoint = serve_sickle(httpserver, asked, error="sickle_cannotDisseminateFormat.xml")
    with pytest.raises(OaiError, match="metadata_prefix='oai_dc'"):
        h4og_kit.search("oai", "x", endpoint=endpoint, metadata_prefix="marc21", progress=False)
    assert asked[0]["metadataPrefix"] == "marc21"


def test_get_record_and_an_unknown_identifier(httpserver, online):
    asked = []

    def answer(request):
        asked.append(request.args.to_dict())
        known = request.args["identifier"] == "oai:test.example.com:1996652"
        body = fixture("sickle_GetRecord.xml" if known else "sickle_idDoesNotExist.xml")
        return Response(body, content_type="text/xml")

    httpserver.expect_request("/oai").respond_with_handler(answer)
    source = OaiSource(base_url=httpserver.url_for("/oai"), politeness=FAST,
                       metadata_prefix="oai_dc")
    one = source.get("oai:test.example.com:1996652")
    assert list(one["id"]) == ["oai:test.example.com:1996652"]
    assert one["url"].iloc[0] == "http://test.example.com/publication/1996652"
    assert asked[0] == {
        "verb": "GetRecord",
        "identifier": "oai:test.example.com:1996652",
        "metadataPrefix": "oai_dc",
    }
    with pytest.raises(OaiError) as caught:
        source.get("oai:test.example.com:0")
    assert caught.value.code == "idDoesNotExist"


def test_missing_endpoint_and_unknown_filters_are_explained(online):
    with pytest.raises(http.SourceError, match="endpoint=URL"):
        h4og_kit.search("oai", "x", progress=False)
    with pytest.raises(http.SourceError, match="Unknown OAI-PMH filter"):
        h4og_kit.search("oai", "x", endpoint="http://127.0.0.1:9/oai", colour="red", progress=False)
