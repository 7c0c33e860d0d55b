"""Collection dumps: parsing real Tate, MoMA and Cooper Hewitt files, offline search, and chunked
reading with resume on a loopback server that serves the real (trimmed) Tate CSV."""

from __future__ import annotations

import json

import pytest
from conftest import SAMPLES

import h4og_kit
from h4og_kit import http
from h4og_kit.records import COLUMNS
from h4og_kit.sources.dumps import DATASETS, DumpsSource, parse

DUMPS = SAMPLES / "dumps"
TATE_CSV = DUMPS / "tate_artwork_data_2013-10-10_first1000.csv"
FAST = http.Politeness(connections=2, rate=0, retries=1, backoff=0.01)


def text(name):
    return (DUMPS / name).read_text(encoding="utf-8")


def load(name):
    return json.loads(text(name))


def test_parse_tate_artworks_csv():
    records = parse(TATE_CSV.read_text(encoding="utf-8"))
    assert len(records) == 1000
    first = records[0]
    assert first["id"] == "tate/1035"
    assert first["title"] == (
        "A Figure Bowing before a Seated Old Man with his Arm Outstretched in Benediction. "
        "Verso: Indecipherable Sketch"
    )
    assert (first["creator"], first["institution"]) == ("Blake, Robert", "Tate")
    assert first["thumbnail_url"] == "http://www.tate.org.uk/art/images/work/A/A00/A00001_8.jpg"
    assert first["date"] is None  # neither dateText nor year in this row
    dated = records[2]
    assert (dated["id"], dated["date"], dated["date_start"]) == ("tate/1037", "?c.1785", 1785)
    assert records[-1]["id"] == "tate/14703"
    assert records[-1]["creator"] == "Turner, Joseph Mallord William"
    assert {r["license_category"] for r in records} == {"unknown"}  # the CSV states no image rights


def test_parse_tate_artwork_json_with_its_copyright_line():
    (tampax,) = parse(load("tate_artwork_t13864-122959.json"))
    assert tampax["id"] == "tate/122959"
    assert tampax["title"] == "It’s That Time Of The Month (from Tampax Romana)"
    assert (tampax["creator"], tampax["type"]) == ("Genesis P-Orridge", "sculpture")
    assert (tampax["date"], tampax["date_start"], tampax["date_end"]) == ("1975", 1975, 1975)
    assert tampax["description"] == "Wood, Perspex, clock case, tampons and human blood"
    assert tampax["rights"] == "© Genesis P-Orridge"
    assert tampax["license_category"] == "in-copyright"
    (blake,) = parse(load("tate_artwork_a00001-1035.json"))
    assert (blake["id"], blake["creator"], blake["date"]) == (
        "tate/1035",
        "Robert Blake",
        "date not known",
    )


def test_parse_artist_tables_as_people():
    tate = parse(text("tate_artist_data_first500.csv"))
    assert len(tate) == 500 and {r["type"] for r in tate} == {"person"}
    abbey = next(r for r in tate if r["id"] == "tate-artists/0")
    assert abbey["title"] == "Abbey, Edwin Austin" and abbey["creator"] is None
    assert (abbey["date"], abbey["date_start"], abbey["date_end"]) == ("1852–1911", 1852, 1911)
    assert abbey["description"] == (
        "Male. Born in Philadelphia, United States. Died in London, United Kingdom"
    )
    assert abbey["place"] == "Philadelphia, United States; London, United Kingdom"

    (arnald,) = parse(load("tate_artist_arnald-george-13.json"))
    assert (arnald["title"], arnald["date_start"], arnald["date_end"]) == (
        "Arnald, George",
        1763,
        1841,
    )

    moma = parse(text("moma_Artists_2016-05-12_first1000.csv"))
    assert len(moma) == 1000
    arneson = moma[0]
    assert (arneson["id"], arneson["title"]) == ("moma-artists/1", "Robert Arneson")
    assert (arneson["date"], arneson["date_start"], arneson["date_end"]) == (
        "American, 1930–1992",
        1930,
        1992,
    )
    arnaiz = moma[1]  # EndDate 0 means "unknown" (still living when the file was written)
    assert (arnaiz["title"], arnaiz["date_end"]) == ("Doroteo Arnaiz", None)
    arnoldi = next(r for r in moma if r["id"] == "moma-artists/4")
    assert arnoldi["url"] == "https://www.wikidata.org/wiki/Q1063584"


def test_parse_cooper_hewitt_object():
    (ornament,) = parse(load("cooperhewitt_18100461.json"))
    assert ornament["id"] == "cooperhewitt/18100461"
    assert (ornament["title"], ornament["type"]) == ("Ornament, late 19th century", "Ornament")
    assert ornament["creator"] is None  # the only participant is the donor
    assert (ornament["date"], ornament["date_start"], ornament["date_end"]) == (
        "late 19th century",
        1867,
        1899,
    )
    assert ornament["image_url"] == (
        "https://images.collection.cooperhewitt.org/67790_67bad24ea25cddaf_b.jpg"
    )
    assert ornament["thumbnail_url"] == (
        "https://images.collection.cooperhewitt.org/67790_67bad24ea25cddaf_n.jpg"
    )
    assert ornament["url"] == "https://collection.cooperhewitt.org/objects/18100461/"


def test_an_unknown_table_gives_no_records():
    assert parse("a,b\n1,2\n") == []


def test_offline_search():
    df = h4og_kit.search("dumps", "blake", limit=None, progress=False)
    assert list(df.columns) == list(COLUMNS)
    assert df.attrs["offline"] is True and df["id"].is_unique
    ids = set(df["id"])
    assert {"tate/1035", "tate-artists/38", "moma-artists/592"} <= ids
    # Tate's richer per-artwork JSON is bundled too and wins over the CSV row of the same id
    assert df.loc[df["id"] == "tate/1035", "type"].iloc[0] == "on paper, unique"


# -- loopback: chunks, resume, get -----------------------------------------------------------------


def test_chunked_reading_with_query_and_resume(httpserver, online):
    httpserver.expect_request("/artwork_data.csv").respond_with_data(
        TATE_CSV.read_bytes(), content_type="text/csv"
    )
    source = DumpsSource(base_url=httpserver.url_for(""), politeness=FAST, chunk_rows=300)
    pages = list(source.iter_pages("turner", dataset="tate"))
    assert [p.next_cursor for p in pages] == [300, 600, 900, None]
    assert pages[-1].total == 1000
    turner = [r for p in pages for r in p.records]
    assert len(turner) == 95 and all("Turner" in r["creator"] for r in turner)
    resumed = list(source.iter_pages("", cursor=600, dataset="tate"))
    assert [len(p.records) for p in resumed] == [300, 100]
    assert resumed[0].records[0]["id"] == parse(TATE_CSV.read_text(encoding="utf-8"))[600]["id"]
    (rest,) = source.iter_pages("", cursor=1000, dataset="tate")
    assert rest.records == [] and rest.next_cursor is None
    df = source.search("turner", dataset="tate", limit=10, progress=False)
    assert len(df) == 10 and df.attrs["offline"] is False
    assert len(httpserver.log) == 1  # the dump was downloaded once, then read from the cache
    row = source.get("tate/14703")
    assert row["title"].iloc[0] == "Rispah, engraved by Robert Dunkarton"


def test_get_one_cooper_hewitt_object_by_id(httpserver, online):
    body = (DUMPS / "cooperhewitt_18100461.json").read_bytes()
    httpserver.expect_request("/objects/181/004/61/18100461.json").respond_with_data(
        body, content_type="application/json"
    )
    source = DumpsSource(base_url=httpserver.url_for(""), politeness=FAST)
    df = source.get("cooperhewitt/18100461")
    assert list(df["title"]) == ["Ornament, late 19th century"]
    assert DATASETS["cooperhewitt"].root + DATASETS["cooperhewitt"].object_path("18100461") == (
        "https://raw.githubusercontent.com/cooperhewitt/collection/master/objects/181/004/61/18100461.json"
    )


def test_bad_dataset_choices_are_explained(online):
    with pytest.raises(http.SourceError, match="tate, tate-artists, moma-artists, cooperhewitt"):
        h4og_kit.search("dumps", "x", progress=False)
    with pytest.raises(http.SourceError, match="'louvre' is not one of them"):
        h4og_kit.search("dumps", "x", dataset="louvre", progress=False)
    with pytest.raises(http.SourceError, match="one JSON file per object"):
        h4og_kit.search("dumps", "x", dataset="cooperhewitt", progress=False)
