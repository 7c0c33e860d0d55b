"""The Met: parsing of real recorded responses (h4og_kit/data/samples/met, tests/fixtures/met)."""

from __future__ import annotations

import json

from conftest import FIXTURES, SAMPLES

import h4og_kit
from h4og_kit.sources.met import parse


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_open_access_object_45734():
    [rec] = parse(load(SAMPLES / "met" / "openverse_sample_response_object_45734.json"))
    assert rec["id"] == "45734"
    assert rec["title"] == "Quail and Millet"
    assert rec["creator"] == "Kiyohara Yukinobu"
    assert (rec["date"], rec["date_start"], rec["date_end"]) == ("late 17th century", 1667, 1682)
    assert rec["type"] == "Hanging scroll"
    assert rec["description"] == "Hanging scroll; ink and color on silk"
    assert rec["image_url"] == "https://images.metmuseum.org/CRDImages/as/original/DP251139.jpg"
    assert rec["thumbnail_url"] == "https://images.metmuseum.org/CRDImages/as/web-large/DP251139.jpg"
    assert rec["license_category"] == "public-domain"
    assert rec["place"] == "Japan"
    assert rec["institution"] == "The Metropolitan Museum of Art"


def test_object_1_is_not_public_domain_and_has_no_image():
    [rec] = parse(load(SAMPLES / "met" / "srirakshabhat_objects_1.json"))
    assert rec["title"] == "One-dollar Liberty Head Coin"
    assert rec["creator"] == "James Barton Longacre"
    assert rec["date_start"] == 1853
    assert rec["image_url"] is None
    assert rec["rights"] is None and rec["license_category"] == "unknown"


def test_search_and_error_answers_hold_no_records():
    assert parse(load(FIXTURES / "met" / "srirakshabhat_search_total89.json")) == []
    assert parse(load(FIXTURES / "met" / "srirakshabhat_search_no_results.json")) == []
    assert parse(load(FIXTURES / "met" / "srirakshabhat_objects_error_could_not_parse.json")) == []


def test_public_parse_gives_the_common_columns():
    df = h4og_kit.parse("met", load(SAMPLES / "met" / "openverse_sample_response_object_47533.json"))
    assert list(df.columns) == list(h4og_kit.records.COLUMNS)
    assert df.loc[0, "id"] == "47533"
