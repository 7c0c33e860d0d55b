"""parse_dates on real museum date strings, checked against the institutions' own structured years.

Every string here is taken from a bundled sample (h4og_kit/data/samples: API responses and the
Tate and MoMA dumps); where the institution also gives start and end years, the parse must
agree with them, and the few rows where it does not are listed with the reason.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from h4og_kit.metadata.dates import PRECISIONS, DateSpan, parse_date, parse_dates

SAMPLES = Path(__file__).resolve().parent.parent / "h4og_kit" / "data" / "samples"


def _json(name: str):
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def _strings(value):
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def _real(name: str, text: str) -> str:
    """``text`` after checking it really occurs in a value of the recorded file ``name``."""
    path = SAMPLES / name
    if path.suffix == ".json":
        found = any(text in value for value in _strings(json.loads(path.read_text(encoding="utf-8"))))
    else:
        found = text in path.read_text(encoding="utf-8")
    assert found, f"{text!r} not in {name}"
    return text


def _years(frame: pd.DataFrame) -> list[tuple]:
    return [
        (None if pd.isna(s) else int(s), None if pd.isna(e) else int(e), p)
        for s, e, p in frame[["date_start", "date_end", "date_precision"]].itertuples(index=False)
    ]


# -- each pattern the issue names, on a real string -------------------------------------------

PATTERNS = [
    # (file, real string, expected span)
    ("cleveland/openverse_handle_response_data_first25.json", "ca. 1883", DateSpan(1878, 1888, "approximate")),
    ("artic/api-response_GET_artworks_page1_jgale-nuvoair.json", "c. 1480", DateSpan(1475, 1485, "approximate")),
    ("dumps/tate_artwork_data_2013-10-10_first1000.csv", "c.1858", DateSpan(1853, 1863, "approximate")),
    ("artic/api-response_GET_artworks_page1_jgale-nuvoair.json", "1940s", DateSpan(1940, 1949, "decade")),
    ("europeana/openverse_europeana_single_item.json", "1840s", DateSpan(1840, 1849, "decade")),
    ("dumps/tate_artist_data_first500.csv", "19th century", DateSpan(1800, 1899, "century")),
    ("europeana/openverse_europeana_single_item.json", "19th century", DateSpan(1800, 1899, "century")),
    ("cleveland/openverse_handle_response_data_first25.json", "France, late 19th century-early 20th century",
     DateSpan(1867, 1933, "range")),
    ("artic/api-response_GET_artworks_page1_jgale-nuvoair.json", "1490–1500", DateSpan(1490, 1500, "range")),
    ("cleveland/openverse_handle_response_data_first25.json", "1914-1916", DateSpan(1914, 1916, "range")),
    ("cleveland/openverse_handle_response_data_first25.json", "P - German before 1800", DateSpan(None, 1800, "before")),
    ("cleveland/openverse_handle_response_data_first25.json", "Until 1914", DateSpan(None, 1914, "before")),
    ("cleveland/openverse_handle_response_data_first25.json", "-1781", DateSpan(None, 1781, "before")),
    ("cleveland/openverse_handle_response_data_first25.json", "after 1905", DateSpan(1905, None, "after")),
    ("cleveland/openverse_handle_response_data_first25.json", "1958-", DateSpan(1958, None, "after")),
    ("artic/artworks_4.json", "n.d.", DateSpan(None, None, "unknown")),
    ("dumps/tate_artwork_a00001-1035.json", "date not known", DateSpan(None, None, "unknown")),
    ("cleveland/openverse_handle_response_data_first25.json", "3000 B.C.-2000 A.D", DateSpan(-3000, 2000, "range")),
    ("europeana/openverse_europeana_single_item.json", "2e millénaire après J.-C.", DateSpan(1000, 1999, "millennium")),
    ("europeana/openverse_europeana_single_item.json", "Second millenium AD", DateSpan(1000, 1999, "millennium")),
    ("dumps/tate_artwork_data_2013-10-10_first1000.csv", "1825, reprinted 1874", DateSpan(1825, 1825, "year")),
    ("artic/artworks_19.json", "1763, published 1800\u201307", DateSpan(1763, 1763, "year")),
    ("dumps/tate_artwork_data_2013-10-10_first1000.csv", "published 1843", DateSpan(1843, 1843, "year")),
    ("dumps/tate_artwork_data_2013-10-10_first1000.csv", "1806-7", DateSpan(1806, 1807, "range")),
    ("dumps/tate_artwork_data_2013-10-10_first1000.csv", "1821/c.1830", DateSpan(1821, 1830, "approximate")),
    ("dumps/tate_artwork_data_2013-10-10_first1000.csv", "?c.1805-10", DateSpan(1805, 1810, "approximate")),
    ("artic/api-response_GET_artworks_page1_jgale-nuvoair.json", "1475/85", DateSpan(1475, 1485, "range")),
    ("europeana/openverse_europeana_single_item.json", "184?", DateSpan(1840, 1849, "decade")),
    ("europeana/openverse_europeana_single_item.json", "184x", DateSpan(1840, 1849, "decade")),
    ("europeana/openverse_europeana_single_item.json", "19..", DateSpan(1900, 1999, "century")),
    ("europeana/openverse_europeana_single_item.json", "19??", DateSpan(1900, 1999, "century")),
    ("europeana/openverse_europeana_single_item.json", "19e", DateSpan(1800, 1899, "century")),
    ("europeana/openverse_europeana_single_item.json", "19-th", DateSpan(1800, 1899, "century")),
    ("europeana/openverse_europeana_single_item.json", "19e (d\u00e9but)", DateSpan(1800, 1833, "century")),
    ("europeana/openverse_europeana_single_item.json", "19e si\u00e8cle", DateSpan(1800, 1899, "century")),
    ("europeana/openverse_europeana_single_item.json", "19de eeuw", DateSpan(1800, 1899, "century")),
    ("europeana/openverse_europeana_single_item.json", "19\u0439 \u0432\u0435\u043a", DateSpan(1800, 1899, "century")),
    ("europeana/openverse_europeana_single_item.json", "First half of the 19th century", DateSpan(1800, 1849, "century")),
    ("europeana/openverse_europeana_single_item.json", "5th decade of the 19th century", DateSpan(1840, 1849, "decade")),
    ("europeana/metadata-qa-api_edm-fullbean.json", "[1914]", DateSpan(1914, 1914, "year")),
    ("dumps/tate_artist_data_first500.csv", "born 1930", DateSpan(1930, None, "after")),
    ("dumps/tate_artist_data_first500.csv", "established 1967/1968", DateSpan(1967, None, "after")),
    ("dumps/tate_artist_data_first500.csv", "1810 or 14\u20131873", DateSpan(1810, 1873, "range")),
    ("dumps/moma_Artists_2016-05-12_first1000.csv", "American, born Lithuania 1923", DateSpan(1923, None, "after")),
    ("dumps/moma_Artists_2016-05-12_first1000.csv", "Italian, died 1947", DateSpan(None, 1947, "before")),
    ("cleveland/openverse_handle_response_data_first25.json", "Benjamin Hurd [1739-1781], Halifax, Nova Scotia, by descent to his son, John Hurd",
     DateSpan(1739, 1781, "range")),
]


@pytest.mark.parametrize(("name", "text", "expected"), PATTERNS, ids=[p[1][:40] for p in PATTERNS])
def test_each_pattern_on_a_real_string(name, text, expected):
    assert parse_date(_real(name, text)) == expected


def test_iso_day_and_month():
    # ISO dates from the bundled Met sample (metadataDate) and a IIIF navDate-style stamp
    met = json.loads((SAMPLES / "met" / "srirakshabhat_objects_1.json").read_text())
    stamp = met["metadataDate"]
    assert parse_date(stamp) == DateSpan(int(stamp[:4]), int(stamp[:4]), "day")
    assert parse_date("2001-05-12") == DateSpan(2001, 2001, "day")
    assert parse_date("1952-01") == DateSpan(1952, 1952, "month")  # a month, not 1952-2001


def test_bce_conventions():
    assert parse_date("500 BCE") == DateSpan(-500, -500, "year")
    assert parse_date("300 B.C.") == DateSpan(-300, -300, "year")
    assert parse_date("500\u2013300 BCE") == DateSpan(-500, -300, "range")
    assert parse_date("2nd century BCE") == DateSpan(-199, -100, "century")
    assert parse_date("ca. 500 B.C.\u2013A.D. 100") == DateSpan(-500, 100, "approximate")


def test_circa_width_is_a_choice():
    assert parse_date("c.1807", circa=0) == DateSpan(1807, 1807, "approximate")
    assert parse_date("c.1807", circa=10) == DateSpan(1797, 1817, "approximate")
    # a circa range keeps its ends whatever the width
    assert parse_date("c. 1615\u201375", circa=10) == DateSpan(1615, 1675, "approximate")


def test_undated_wordings():
    # common catalogue wordings besides those in the samples ("n.d.", "date not known")
    for text in ["undated", "n.d.", "s.d.", "Undated.", "onbekend", "unknown"]:
        assert parse_date(text) == DateSpan(None, None, "unknown"), text


def test_never_raises_on_junk():
    for junk in ["", "   ", "?", "By `839 - `847", "N 752", "c.", "-", "1e400", float("nan"), None, True, 0]:
        span = parse_date(junk)
        assert span.precision in PRECISIONS


# -- whole columns against the institutions' structured years ---------------------------------


def test_aic_date_display_matches_aic_date_start_and_end():
    rows = _json("artic/api-response_GET_artworks_page1_jgale-nuvoair.json")["data"]
    for name in ("artic/artworks_19.json", "artic/artworks_25.json"):
        rows.append(_json(name))
    frame = pd.DataFrame(rows)
    parsed = parse_dates(frame["date_display"])
    assert parsed["date_start"].tolist() == frame["date_start"].tolist()
    assert parsed["date_end"].tolist() == frame["date_end"].tolist()


def test_aic_nd_stays_unknown_though_aic_estimates_it():
    record = _json("artic/artworks_4.json")
    assert (record["date_display"], record["date_start"], record["date_end"]) == ("n.d.", 1865, 1880)
    assert parse_date(record["date_display"]) == DateSpan(None, None, "unknown")


def test_cleveland_creation_date_matches_earliest_and_latest():
    rows = _json("cleveland/openverse_handle_response_data_first25.json")["data"]
    frame = pd.DataFrame(rows)
    parsed = parse_dates(frame["creation_date"])
    assert len(frame) == 25
    assert parsed["date_start"].tolist() == frame["creation_date_earliest"].tolist()
    assert parsed["date_end"].tolist() == frame["creation_date_latest"].tolist()
    assert set(parsed["date_precision"]) == {"year", "approximate", "range"}


def test_cleveland_creator_descriptions_match_birth_and_death_years():
    creators = [c for r in _json("cleveland/openverse_handle_response_data_first25.json")["data"] for c in r["creators"]]
    frame = pd.DataFrame(creators)
    parsed = parse_dates(frame["description"])
    birth = pd.to_numeric(frame["birth_year"]).astype("Int64")
    death = pd.to_numeric(frame["death_year"]).astype("Int64")
    assert parsed["date_start"].tolist() == birth.tolist()
    assert parsed["date_end"].tolist() == death.tolist()


def test_met_object_date():
    late = json.loads((SAMPLES / "met" / "openverse_sample_response_object_45734.json").read_text())
    assert late["objectDate"] == "late 17th century"
    span = parse_date(late["objectDate"])
    # the Met stores 1667-1682 for this object; the text itself says the last third of the century
    assert span == DateSpan(late["objectBeginDate"], 1699, "century")
    year = json.loads((SAMPLES / "met" / "srirakshabhat_objects_1.json").read_text())
    assert parse_date(year["objectDate"]) == DateSpan(year["objectBeginDate"], year["objectEndDate"], "year")
    empty = json.loads((SAMPLES / "met" / "openverse_sample_response_object_47533.json").read_text())
    assert parse_date(empty["objectDate"]).precision == "unknown"


def test_tate_date_text_matches_tate_year_with_circa_kept():
    frame = pd.read_csv(SAMPLES / "dumps/tate_artwork_data_2013-10-10_first1000.csv")
    parsed = parse_dates(frame["dateText"], circa=0)
    assert parsed["date_start"].tolist() == frame["year"].astype("Int64").tolist()
    counts = parsed["date_precision"].value_counts().to_dict()
    assert counts == {"unknown": 587, "year": 265, "approximate": 119, "range": 29}


def test_tate_year_column_of_floats():
    frame = pd.read_csv(SAMPLES / "dumps/tate_artwork_data_2013-10-10_first1000.csv")
    parsed = parse_dates(frame["year"])
    assert parsed["date_start"].tolist() == frame["year"].astype("Int64").tolist()


# Rows where Tate's own text and its own structured years disagree.
TATE_ARTISTS_DIFFER = {
    "1931\u20132007, born 1934": (1931, 2007),  # Tate: born 1931, death unknown
    "1908\u2013c.1970s": (1908, 1979),  # Tate: died 1970; the text says the 1970s
    "born 1955": (1955, None),  # Tate: died 1994, which the text does not say
    "1902\u20132002": (1902, 2002),  # Tate: born 1904
}


def test_tate_artist_dates_match_birth_and_death_years():
    frame = pd.read_csv(SAMPLES / "dumps/tate_artist_data_first500.csv")
    parsed = parse_dates(frame["dates"], circa=0)
    differ = []
    for text, (start, end, _), birth, death in zip(frame["dates"], _years(parsed), frame["yearOfBirth"],
                                                  frame["yearOfDeath"]):
        birth = None if pd.isna(birth) else int(birth)
        death = None if pd.isna(death) else int(death)
        if pd.isna(text):
            assert start is None and end is None
        elif (start, end) != (birth, death):
            differ.append(text)
            assert TATE_ARTISTS_DIFFER[text] == (start, end)
    assert sorted(differ) == sorted(TATE_ARTISTS_DIFFER)


MOMA_DIFFER = {
    "Spanish, 1896\u20131984": (1896, 1984),  # MoMA BeginDate 1895
    "French, born 1808?": (1808, None),  # MoMA EndDate 1900, which the text does not say
    "American, 1906\u2013pre-2007": (1906, 2007),  # MoMA EndDate 0
}


def test_moma_artist_bio_matches_begin_and_end_date():
    frame = pd.read_csv(SAMPLES / "dumps/moma_Artists_2016-05-12_first1000.csv")
    parsed = parse_dates(frame["ArtistBio"])
    begin, end = parse_dates(frame["BeginDate"]), parse_dates(frame["EndDate"])
    assert begin["date_precision"].value_counts()["unknown"] == (frame["BeginDate"] == 0).sum()
    differ = []
    for text, (start, stop, _), b, e in zip(frame["ArtistBio"], _years(parsed), begin["date_start"],
                                            end["date_start"]):
        b, e = (None if pd.isna(b) else int(b)), (None if pd.isna(e) else int(e))
        if pd.isna(text) or text.count(",") == 0 and not any(ch.isdigit() for ch in text):
            continue  # no dates in the text ("American", "Nationality unknown")
        if (start, stop) != (b, e):
            differ.append(text)
            assert MOMA_DIFFER[text] == (start, stop)
    assert sorted(differ) == sorted(MOMA_DIFFER)


def test_result_keeps_index_and_dtypes():
    series = pd.Series(["c. 1480", None, "1890s"], index=[10, 20, 30])
    parsed = parse_dates(series)
    assert list(parsed.index) == [10, 20, 30]
    assert str(parsed["date_start"].dtype) == "Int64" and str(parsed["date_end"].dtype) == "Int64"
    assert parsed["date_precision"].tolist() == ["approximate", "unknown", "decade"]
