"""Art Institute of Chicago: parsing of real recorded answers, offline search, loopback paging."""

from __future__ import annotations

import json

from conftest import SAMPLES
from werkzeug import Response

import h4og_kit
from h4og_kit import http
from h4og_kit.records import COLUMNS
from h4og_kit.sources.artic import FIELDS, ArticSource, parse

FOLDER = SAMPLES / "artic"
PAGE_1 = "api-response_GET_artworks_page1_jgale-nuvoair.json"
DUMP_IDS = ["4", "9", "11", "16", "19", "20", "22", "23", "24", "25"]
FAST = http.Politeness(connections=2, rate=0, retries=1, backoff=0.01)


def sample(name: str):
    return json.loads((FOLDER / name).read_text(encoding="utf-8"))


def by_id(records: list[dict]) -> dict[str, dict]:
    return {r["id"]: r for r in records}


def test_parse_search_page_builds_iiif_urls_and_reads_the_public_domain_flag():
    records = by_id(parse(sample(PAGE_1)))
    assert len(records) == 12
    madonna = records["3752"]
    assert madonna["title"] == "The Madonna of the Rosary"
    assert madonna["creator"] == "Israhel van Meckenem, the younger"
    assert (madonna["date"], madonna["date_start"], madonna["date_end"]) == ("c. 1480", 1475, 1485)
    assert madonna["type"] == "Print"
    assert madonna["description"] == "Engraving on ivory laid paper"
    assert madonna["place"] == "Germany"
    assert madonna["institution"] == "Art Institute of Chicago"
    assert madonna["url"] == "https://www.artic.edu/artworks/3752"
    iiif = "https://www.artic.edu/iiif/2/d0979087-dc1b-f259-a23f-169cdced27ee"
    assert madonna["image_url"] == f"{iiif}/full/843,/0/default.jpg"
    assert madonna["thumbnail_url"] == f"{iiif}/full/200,/0/default.jpg"
    assert madonna["iiif_manifest"] == "https://api.artic.edu/api/v1/artworks/3752/manifest.json"
    assert madonna["rights"] == "Public domain"
    assert madonna["license_category"] == "public-domain"
    # Peter Saul's "White Justice" (1972) is not public domain and has no image in the answer.
    saul = records["53072"]
    assert (saul["title"], saul["creator"], saul["date"]) == ("White Justice", "Peter Saul", "1972")
    assert saul["image_url"] is None and saul["rights"] is None
    assert saul["license_category"] == "unknown"
    assert sum(r["license_category"] == "public-domain" for r in records.values()) == 10


def test_parse_bare_dump_records():
    shirlaw = parse(sample("artworks_11.json"))
    assert len(shirlaw) == 1
    r = shirlaw[0]
    assert (r["id"], r["title"], r["creator"]) == ("11", "Self-Portrait", "Walter Shirlaw")
    assert (r["date"], r["date_start"], r["date_end"]) == ("1878", 1878, 1878)
    assert (r["type"], r["description"], r["place"]) == (
        "Painting",
        "Oil on canvas",
        "United States",
    )
    assert r["image_url"] == (
        "https://www.artic.edu/iiif/2/7b7a6f39-1cd8-ea2f-9811-18b0e23edac0/full/843,/0/default.jpg"
    )
    assert r["license_category"] == "public-domain"
    # The making of the work counts, not the later publication.
    piranesi = parse(sample("artworks_19.json"))[0]
    assert piranesi["creator"] == "Giovanni Battista Piranesi"
    assert (piranesi["date"], piranesi["date_start"]) == ("1763, published 1800–07", 1763)
    every = [r for i in DUMP_IDS for r in parse(sample(f"artworks_{i}.json"))]
    assert [r["id"] for r in every] == DUMP_IDS
    assert all(r["image_url"] and r["license_category"] == "public-domain" for r in every)


def test_parse_single_artwork_answer_uses_its_iiif_base():
    """GET /artworks/{id} wraps the record in {"data": {...}, "config": {...}}."""
    answer = {"data": sample("artworks_16.json"), "config": sample(PAGE_1)["config"]}
    (r,) = parse(answer)
    assert (r["id"], r["title"], r["creator"]) == ("16", "The Fall of the Giants", "Salvator Rosa")
    assert r["image_url"].startswith(
        "https://www.artic.edu/iiif/2/e82b61d4-1d5b-a15d-4d2e-ff9caca3fb51/"
    )


def test_parse_dump_csv_rows_have_no_rights_and_no_image():
    records = parse((FOLDER / "someArtworks.csv").read_text(encoding="utf-8"))
    assert len(records) == 422
    first = records[0]
    assert (first["id"], first["title"], first["creator"]) == (
        "869",
        "The Watermill with the Great Red Roof",
        "Meindert Hobbema",
    )
    assert first["iiif_manifest"] == "https://api.artic.edu/api/v1/artworks/869/manifest.json"
    assert first["image_url"] is None and first["rights"] is None
    assert {r["license_category"] for r in records} == {"unknown"}


def test_offline_search_answers_from_every_bundled_artwork():
    cat = h4og_kit.search("artic", "cat", progress=False)
    assert list(cat.columns) == list(COLUMNS)
    assert cat.attrs["offline"] is True and "bundled real sample" in cat.attrs["notice"]
    monet = h4og_kit.search("artic", "monet", progress=False)
    assert list(monet["title"]) == [
        "The Beach at Sainte-Adresse",
        "Water Lilies",
        "Arrival of the Normandy Train, Gare Saint-Lazare",
        "Stacks of Wheat (End of Summer)",
    ]
    everything = h4og_kit.search("artic", "", limit=None, progress=False)
    assert len(everything) == 444  # 12 page records + 10 dump records + 422 CSV rows, no overlap
    reusable = h4og_kit.search("artic", "", limit=None, open_only=True, progress=False)
    assert sorted(reusable["id"], key=int) == DUMP_IDS + [
        "3752",
        "3816",
        "13096",
        "20523",
        "27009",
        "40351",
        "61073",
        "69012",
        "81485",
        "86265",
    ]
    assert ArticSource().get("24")["title"].tolist() == ["Portrait of Edouard Molé"]


def test_pages_ask_numbered_pages_with_fields_and_the_public_domain_filter(httpserver, online):
    # Page 1 is the real recorded answer; page 2 is a SYNTHETIC envelope (marked as the last page)
    # around the real dump records.
    page_1 = sample(PAGE_1)
    page_2 = {
        "pagination": {"total": 22, "limit": 12, "offset": 12, "total_pages": 2, "current_page": 2},
        "data": [sample(f"artworks_{i}.json") for i in DUMP_IDS],
        "config": page_1["config"],
    }
    asked = []

    def answer(request):
        asked.append(request.args.to_dict())
        body = {"1": page_1, "2": page_2}[request.args["page"]]
        return Response(json.dumps(body), content_type="application/json")

    httpserver.expect_request("/artworks/search").respond_with_handler(answer)
    source = ArticSource(base_url=httpserver.url_for(""), politeness=FAST)
    df = source.search("madonna", limit=15, open_only=True, progress=False)
    assert [a["page"] for a in asked] == ["1", "2"]
    assert all(a["q"] == "madonna" and a["limit"] == "15" for a in asked)
    assert all(a["query[term][is_public_domain]"] == "true" for a in asked)
    assert asked[0]["fields"].split(",") == list(FIELDS)
    # 10 public-domain records of page 1 (2 are dropped), then the first 5 of page 2.
    assert len(df) == 15 and set(df["license_category"]) == {"public-domain"}
    assert list(df["id"][-5:]) == DUMP_IDS[:5]
    assert df.attrs["offline"] is False and df.attrs["complete"] is True
