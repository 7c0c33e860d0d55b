"""Wikimedia Commons: parsing real recorded answers, offline search, loopback continuation."""

from __future__ import annotations

import json

import pytest
from conftest import SAMPLES
from werkzeug import Response

import h4og_kit
from h4og_kit import http
from h4og_kit.records import COLUMNS
from h4og_kit.sources.commons import CommonsSource, parse

SINGLE_PAGE = SAMPLES / "commons" / "openverse_image_data_example_single_page.json"
WITH_CONTINUE = SAMPLES / "commons" / "openverse_wmc_pretty1.json"  # 9 pages, has "continue"
BATCH_COMPLETE = SAMPLES / "commons" / "openverse_wmc_raw.json"  # 28 pages, no "continue"
FAST = http.Politeness(connections=2, rate=0, retries=1, backoff=0.01)


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_parse_a_single_page_object():
    (tree,) = parse(load(SINGLE_PAGE))
    assert tree["id"] == "81754323"
    assert tree["title"] == "20120925 PlozevetBretagne LoneTree DSC07971 PtrQs"
    assert tree["creator"] == "PtrQs"  # the <a> around the user name is gone
    assert (tree["date"], tree["date_start"], tree["date_end"]) == (
        "2012-09-25 16:23:02",
        2012,
        2012,
    )
    assert tree["description"] == "SONY DSC\nCredit: Own work"
    assert tree["type"] == "BITMAP"
    assert tree["url"] == (
        "https://commons.wikimedia.org/wiki/File:20120925_PlozevetBretagne_LoneTree_DSC07971_PtrQs.jpg"
    )
    assert tree["image_url"] == (
        "https://upload.wikimedia.org/wikipedia/commons/2/25/"
        "20120925_PlozevetBretagne_LoneTree_DSC07971_PtrQs.jpg"
    )
    assert tree["rights"] == "https://creativecommons.org/licenses/by-sa/4.0"
    assert tree["license_uri"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert tree["license_category"] == "open"


def test_parse_a_full_answer_with_html_and_hidden_elements():
    records = {r["id"]: r for r in parse(load(WITH_CONTINUE))}
    assert len(records) == 9
    munch = records["44672212"]
    assert (munch["title"], munch["creator"]) == ("Night in Nice", "Edvard Munch")
    # DateTimeOriginal is '1891<div style="display: none;">date QS:P,+1891-00-00T00:00:00Z/9</div>'
    assert (munch["date"], munch["date_start"]) == ("1891", 1891)
    assert munch["rights"] == "Public domain" and munch["license_category"] == "public-domain"
    assert munch["description"] == (
        "Credit: http://samling.nasjonalmuseet.no/no/object/NG.M.00394 Nasjonalmuseet"
    )
    volcano = records["18263872"]
    assert volcano["creator"] == "The original uploader was Elvezio at Italian Wikipedia."
    assert volcano["description"].startswith("Vulcano Minchinmavida Cile\nCredit: Transferred")
    heidelberg = records["44672185"]
    assert heidelberg["rights"] == "https://creativecommons.org/licenses/by-sa/3.0/de/deed.en"
    assert heidelberg["license_uri"] == "https://creativecommons.org/licenses/by-sa/3.0/de/"
    assert heidelberg["license_category"] == "open"
    assert all("<" not in (r["creator"] or "") + (r["description"] or "") for r in records.values())


def test_parse_the_batch_complete_answer():
    records = {r["id"]: r for r in parse(load(BATCH_COMPLETE))}
    assert len(records) == 28
    assert all(r["image_url"].startswith("https://upload.wikimedia.org/") for r in records.values())
    stirrup = records["44672214"]
    assert (stirrup["title"], stirrup["creator"]) == ("Stigbygel.", "Unknown")
    assert (stirrup["date"], stirrup["date_start"], stirrup["date_end"]) == (
        "circa 1617",
        1612,
        1622,
    )
    flickr = records["42098895"]  # "No restrictions" (Flickr Commons): not a license the kit knows
    assert flickr["rights"] == "https://www.flickr.com/commons/usage/"
    assert flickr["license_category"] == "unknown"
    assert records["44672187"]["date"] is None  # an empty DateTimeOriginal stays missing


def test_offline_search_and_open_only():
    df = h4og_kit.search("commons", "Niedercunnersdorf", progress=False)
    assert list(df.columns) == list(COLUMNS)
    assert df.attrs["offline"] is True
    assert len(df) == 14 and df["id"].is_unique
    assert df["title"].str.startswith("Niedercunnersdorf").all()
    assert set(df["license_uri"]) == {"https://creativecommons.org/licenses/by-sa/4.0/"}
    reusable = h4og_kit.search("commons", "", limit=None, open_only=True, progress=False)
    assert set(reusable["license_category"]) == {"public-domain", "open"}
    assert "42098895" not in set(reusable["id"])  # the unknown Flickr "No restrictions" file
    assert h4og_kit.sources.load("commons").get("44672212")["title"].iloc[0] == "Night in Nice"


def test_continuation_paging_sends_the_continue_object_back(httpserver, online):
    # Both bodies are real recorded answers: the first carries "continue", the second does not.
    asked = []

    def answer(request):
        asked.append(request.args.to_dict())
        body = load(BATCH_COMPLETE if "gucontinue" in request.args else WITH_CONTINUE)
        return Response(json.dumps(body), content_type="application/json")

    httpserver.expect_request("/w/api.php").respond_with_handler(answer)
    source = CommonsSource(base_url=httpserver.url_for("/w/api.php"), politeness=FAST)
    df = source.search("heidelberg", limit=None, progress=False)
    assert len(asked) == 2 and len(df) == 9 + 28
    first, second = asked
    assert first["generator"] == "search" and first["gsrsearch"] == "heidelberg"
    assert first["gsrnamespace"] == "6" and first["prop"] == "imageinfo"
    assert first["iiprop"] == "url|extmetadata|user|mime" and "iiurlwidth" in first
    assert "gucontinue" not in first
    assert second["continue"] == "||imageinfo"
    assert second["gucontinue"] == "Edvard_Munch_-_Night_in_Nice_(1891).jpg|nowiki|1281339"
    assert second["gsrsearch"] == "heidelberg"  # the query goes along with every continuation
    assert df.attrs["offline"] is False and df.attrs["complete"] is True


def test_resume_from_a_saved_continue_cursor(httpserver, online):
    asked = []

    def answer(request):
        asked.append(request.args.to_dict())
        return Response(json.dumps(load(BATCH_COMPLETE)), content_type="application/json")

    httpserver.expect_request("/w/api.php").respond_with_handler(answer)
    source = CommonsSource(base_url=httpserver.url_for("/w/api.php"), politeness=FAST)
    cursor = load(WITH_CONTINUE)["continue"]
    pages = list(source.iter_pages("heidelberg", cursor=cursor))
    assert len(pages) == 1 and pages[0].next_cursor is None and len(pages[0].records) == 28
    assert asked[0]["gucontinue"] == cursor["gucontinue"]


def test_an_api_error_answer_becomes_a_source_error(httpserver, online):
    # SYNTHETIC error body in the MediaWiki API's documented error shape (mechanics only).
    httpserver.expect_request("/w/api.php").respond_with_json(
        {"error": {"code": "badvalue", "info": 'Unrecognized value for parameter "list".'}}
    )
    source = CommonsSource(base_url=httpserver.url_for("/w/api.php"), politeness=FAST)
    with pytest.raises(http.SourceError, match="badvalue"):
        source.search("x", progress=False)
