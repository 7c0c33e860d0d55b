"""Finna: parsing of a real recorded answer, offline search, page numbers and filters (loopback)."""

from __future__ import annotations

import json

from conftest import SAMPLES
from werkzeug import Response

import h4og_kit
from h4og_kit import http
from h4og_kit.records import COLUMNS
from h4og_kit.sources.finna import FIELDS, FinnaSource, parse

ANSWER = SAMPLES / "finna" / "openverse_finna_full_response_example.json"
FAST = http.Politeness(connections=2, rate=0, retries=1, backoff=0.01)


def answer_body():
    return json.loads(ANSWER.read_text(encoding="utf-8"))


def test_parse_reads_image_rights_and_buildings():
    records = {r["id"]: r for r in parse(answer_body())}
    assert len(records) == 13
    box = records["museovirasto.CC0641BB5337F541CBD19169838BAC1F"]
    assert box["title"] == "linnunpönttö koivussa"
    assert box["creator"] == "Vikstedt, Topi"
    assert box["type"] == "Kuva"
    assert box["institution"] == "Museovirasto"
    assert box["url"] == "https://www.finna.fi/Record/museovirasto.CC0641BB5337F541CBD19169838BAC1F"
    cover = (
        "https://api.finna.fi/Cover/Show?id=museovirasto.CC0641BB5337F541CBD19169838BAC1F&index=0"
    )
    assert box["image_url"] == cover + "&size=large"
    assert box["thumbnail_url"] == cover + "&size=small"
    assert box["rights"] == "CC BY 4.0"
    assert box["license_uri"] == "https://creativecommons.org/licenses/by/4.0/"
    assert box["license_category"] == "open"
    assert box["date"] is None  # the answer carries no year
    assert records["museovirasto.CC36555FDFADAD766F5D7C41E6058C63"]["creator"] is None
    nordstrom = records["museovirasto.CD51697FAA7E068D9E68567DDD15AB81"]
    assert nordstrom["creator"] == "Nyblin, Daniel"
    assert nordstrom["title"].startswith("Helsingin Polyteknillisestä instituutista vuonna 1903")
    assert {r["institution"] for r in records.values()} == {"Museovirasto"}


def test_offline_search():
    df = h4og_kit.search("finna", "Turun linnan", progress=False)
    assert list(df.columns) == list(COLUMNS)
    assert df.attrs["offline"] is True
    assert len(df) == 5 and all(t.startswith("Turun linnan huoneen") for t in df["title"])
    assert len(h4og_kit.search("finna", "", open_only=True, progress=False)) == 13


def test_pages_number_pages_and_send_fields_and_filters(httpserver, online):
    # Page 1 is the real recorded answer; page 2 is a SYNTHETIC empty answer that ends the search.
    bodies = {"1": answer_body(), "2": {"resultCount": 196334, "status": "OK"}}
    asked = []

    def answer(request):
        asked.append(request.args.to_dict(flat=False))
        return Response(json.dumps(bodies[request.args["page"]]), content_type="application/json")

    httpserver.expect_request("/search").respond_with_handler(answer)
    source = FinnaSource(base_url=httpserver.url_for(""), politeness=FAST)
    df = source.search(
        "rakennus", limit=50, open_only=True, filter='format:"0/Image/"', progress=False
    )
    assert [a["page"] for a in asked] == [["1"], ["2"]]
    first = asked[0]
    assert first["lookfor"] == ["rakennus"] and first["limit"] == ["50"]
    assert first["field[]"] == list(FIELDS)
    assert first["filter[]"] == [
        'format:"0/Image/"',
        '~usage_rights_str_mv:"usage_A"',
        '~usage_rights_str_mv:"usage_B"',
    ]
    assert len(df) == 13 and set(df["license_category"]) == {"open"}
    assert df.attrs["total"] == 196334
