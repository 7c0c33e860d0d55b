"""Smithsonian Open Access: parsing a real recorded row, offline search, key, loopback paging."""

from __future__ import annotations

import json

import pytest
from conftest import SAMPLES
from werkzeug import Response

import h4og_kit
from h4og_kit import http
from h4og_kit.records import COLUMNS
from h4og_kit.sources.base import MissingKey
from h4og_kit.sources.smithsonian import SmithsonianSource, parse

ROW = SAMPLES / "smithsonian" / "openverse_actual_record_data.json"
FAST = http.Politeness(connections=2, rate=0, retries=1, backoff=0.01)


def row():
    return json.loads(ROW.read_text(encoding="utf-8"))


def search_answer(rows: list, total: int) -> dict:
    """A SYNTHETIC search envelope, shaped as api.si.edu answers, around the given rows."""
    return {"status": 200, "responseCode": 1, "response": {"rows": rows, "rowCount": total}}


def test_parse_row():
    (sparrow,) = parse(row())
    assert sparrow["id"] == "edanmdm:nmnhvz_14800560"
    assert sparrow["title"] == "Passerculus sandwichensis nevadensis"
    assert sparrow["creator"] is None  # Seymour H. Levy is named as the collector, not the maker
    assert sparrow["date"] == "22 Apr 1958"
    assert (sparrow["date_start"], sparrow["date_end"]) == (1950, 1959)  # the "1950s" facet
    assert sparrow["institution"] == "NMNH - Vertebrate Zoology - Birds Division"
    assert sparrow["place"] == "Picacho Reservation, Pinal, Arizona, United States, North America"
    assert sparrow["url"] == "http://n2t.net/ark:/65665/34857ca78-9195-4156-849b-1ec47f7cd1ce"
    assert sparrow["image_url"] == "https://collections.nmnh.si.edu/media/?irn=15814382"
    assert (
        sparrow["thumbnail_url"] == "https://collections.nmnh.si.edu/media/?irn=15814382&thumb=yes"
    )
    assert sparrow["rights"] == "CC0"
    assert sparrow["license_uri"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert sparrow["license_category"] == "public-domain"


def test_parse_search_and_content_answers():
    assert parse(search_answer([row()], 1)) == parse(row())
    assert parse({"status": 200, "responseCode": 1, "response": row()}) == parse(row())


def test_offline_search():
    df = h4og_kit.search("smithsonian", "arizona", progress=False)
    assert list(df.columns) == list(COLUMNS)
    assert df.attrs["offline"] is True
    assert list(df["id"]) == ["edanmdm:nmnhvz_14800560"]


def test_pages_send_the_key_and_filters_and_move_start(httpserver, online, monkeypatch):
    monkeypatch.setenv("SMITHSONIAN_API_KEY", "test-key-123")
    bodies = {"0": search_answer([row()], 2), "1": search_answer([], 2)}
    asked = []

    def answer(request):
        asked.append(request.args.to_dict())
        return Response(json.dumps(bodies[request.args["start"]]), content_type="application/json")

    httpserver.expect_request("/search").respond_with_handler(answer)
    source = SmithsonianSource(base_url=httpserver.url_for(""), politeness=FAST)
    df = source.search("sparrow", limit=10, open_only=True, unit_code="NMNHBIRDS", progress=False)
    assert [a["start"] for a in asked] == ["0", "1"]
    assert all(a["api_key"] == "test-key-123" for a in asked)
    assert [a["rows"] for a in asked] == ["10", "9"]  # the second page asks for the nine missing
    assert asked[0]["q"] == "(sparrow) AND unit_code:NMNHBIRDS AND media_usage:CC0"
    assert list(df["id"]) == ["edanmdm:nmnhvz_14800560"]


def test_missing_key_says_where_to_get_one(online, monkeypatch):
    monkeypatch.delenv("SMITHSONIAN_API_KEY", raising=False)
    monkeypatch.setattr(SmithsonianSource, "demo_key", None)  # as if the provider had none
    source = SmithsonianSource(base_url="http://127.0.0.1:9", politeness=FAST)
    with pytest.raises(MissingKey, match="api.data.gov/signup.*SMITHSONIAN_API_KEY"):
        source.search("sparrow", progress=False)
