"""Cleveland Museum of Art: parsing real recorded answers, offline search, loopback skip paging."""

from __future__ import annotations

import json

from conftest import FIXTURES, SAMPLES
from werkzeug import Response

import h4og_kit
from h4og_kit import http
from h4og_kit.records import COLUMNS
from h4og_kit.sources.cleveland import ClevelandSource, parse

FIRST_25 = SAMPLES / "cleveland" / "openverse_handle_response_data_first25.json"
ONE_AT_30000 = SAMPLES / "cleveland" / "openverse_response_success.json"
FAST = http.Politeness(connections=2, rate=0, retries=1, backoff=0.01)


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_parse_search_answer():
    records = {r["id"]: r for r in parse(load(FIRST_25))}
    assert len(records) == 25
    cole = records["93014"]
    assert cole["title"] == "View of Schroon Mountain, Essex County, New York, After a Storm"
    assert cole["creator"] == "Thomas Cole"  # "(American, 1801-1848)" left out
    assert (cole["date"], cole["date_start"], cole["date_end"]) == ("1838", 1838, 1838)
    assert cole["type"] == "Painting"
    assert cole["description"].startswith("Championing the unspoiled American wilderness")
    assert cole["place"] == "America, 19th century"
    assert cole["institution"] == "Cleveland Museum of Art"
    assert cole["url"] == "https://clevelandart.org/art/1335.1917"
    assert (
        cole["image_url"] == "https://openaccess-cdn.clevelandart.org/1335.1917/1335.1917_web.jpg"
    )
    assert cole["rights"] == "CC0"
    assert cole["license_uri"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert cole["license_category"] == "public-domain"
    fountain = records["106841"]  # no creator known
    assert (fountain["title"], fountain["creator"], fountain["type"]) == (
        "Table Fountain",
        None,
        "Metalwork",
    )
    assert (fountain["date"], fountain["date_start"], fountain["date_end"]) == (
        "c. 1320–40",
        1320,
        1340,
    )
    assert records["125249"]["creator"] == "Vincent van Gogh"


def test_parse_one_record_answer_and_the_empty_answer():
    (bottle,) = parse(load(ONE_AT_30000))
    assert (bottle["id"], bottle["title"], bottle["creator"]) == ("96887", "Scent Bottle", None)
    assert (bottle["date"], bottle["date_start"], bottle["date_end"]) == ("1700s", 1700, 1799)
    assert bottle["description"] == "glass with enamel decoration"  # no wall text: the technique
    assert bottle["place"] == "Germany, 18th century"
    assert (
        bottle["image_url"]
        == "https://openaccess-cdn.clevelandart.org/1916.586.a/1916.586.a_web.jpg"
    )
    assert bottle["license_category"] == "public-domain"
    assert parse(load(FIXTURES / "cleveland" / "openverse_response_no_data.json")) == []


def test_parse_bare_artwork_object_as_in_the_search_answer():
    (bare,) = parse(load(FIXTURES / "cleveland" / "openverse_complete_data_single_artwork.json"))
    assert bare == parse(load(FIRST_25))[0]


def test_offline_search():
    df = h4og_kit.search("cleveland", "monet", progress=False)
    assert list(df.columns) == list(COLUMNS)
    assert df.attrs["offline"] is True
    assert list(df["title"]) == ["The Red Kerchief", "Water Lilies (Agapanthus)"]
    assert set(df["creator"]) == {"Claude Monet"}
    assert len(h4og_kit.search("cleveland", "", limit=None, open_only=True, progress=False)) == 26


def test_pages_move_the_skip_offset_by_what_came_back(httpserver, online):
    # Both bodies are real recorded answers: 25 records, then the single record answer.
    bodies = {"0": load(FIRST_25), "25": load(ONE_AT_30000)}
    asked = []

    def answer(request):
        asked.append(request.args.to_dict())
        return Response(json.dumps(bodies[request.args["skip"]]), content_type="application/json")

    httpserver.expect_request("/artworks/").respond_with_handler(answer)
    source = ClevelandSource(base_url=httpserver.url_for(""), politeness=FAST)
    df = source.search("painting", limit=26, open_only=True, progress=False)
    assert [a["skip"] for a in asked] == ["0", "25"]
    assert all(a["cc0"] == "1" and a["q"] == "painting" for a in asked)
    assert [a["limit"] for a in asked] == ["26", "1"]  # the second page asks for the one missing
    assert len(df) == 26 and df["id"].iloc[-1] == "96887"
    assert df.attrs["total"] == 32483 and df.attrs["offline"] is False
