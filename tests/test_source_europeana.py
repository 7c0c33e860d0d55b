"""Europeana: parsing real recorded answers, offline search, cursor paging and get (loopback)."""

from __future__ import annotations

import json

from conftest import SAMPLES
from werkzeug import Response

import h4og_kit
from h4og_kit import http
from h4og_kit.records import COLUMNS
from h4og_kit.sources.europeana import EuropeanaSource, parse

FOLDER = SAMPLES / "europeana"
FULL_BEAN_ID = "/0943101/9BFA63E8AE5901151FE22021C5288A86C0A0194F"
ITEM = "/2022704/lod_oai_bibliotecadigital_jcyl_es_{}_ent1"
FAST = http.Politeness(connections=2, rate=0, retries=1, backoff=0.01)


def sample(name: str):
    return json.loads((FOLDER / name).read_text(encoding="utf-8"))


def test_parse_search_answer():
    records = {r["id"]: r for r in parse(sample("openverse_europeana_search_example.json"))}
    assert len(records) == 27
    cloister = records[ITEM.format(26229)]
    assert cloister["title"] == (
        "Claustro del Monasterio de S. Salvador en Oña [Material gráfico]= "
        "Cloître du Monastère de S. Salvador à Oña"
    )
    # dcCreator holds links to agents; the answer's agent labels name them.
    assert cloister["creator"] == (
        "Villemin, Charles, fl. 1835-1849; Pérez Villaamil, Genaro, 1807-1854; "
        "Carderera, Valentín, 1796-1880"
    )
    assert cloister["type"] == "IMAGE"
    assert cloister["institution"] == "Biblioteca Digital de Castilla y León"
    assert cloister["url"] == "https://www.europeana.eu/item" + ITEM.format(26229)
    assert cloister["image_url"] == (
        "http://bibliotecadigital.jcyl.es/i18n/catalogo_imagenes/imagen_id.cmd?idImagen=102620362"
    )
    assert cloister["thumbnail_url"].startswith(
        "https://api.europeana.eu/api/v2/thumbnail-by-url.json?"
    )
    assert cloister["rights"] == "http://creativecommons.org/publicdomain/zero/1.0/"
    assert cloister["license_uri"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert cloister["license_category"] == "public-domain"
    assert cloister["language"] == "fre"
    letter = records[ITEM.format(26224)]
    assert (letter["creator"], letter["date"], letter["date_start"], letter["date_end"]) == (
        "Anonymous",
        "1829",
        1829,
        1829,
    )
    assert letter["language"] == "spa"
    assert records[ITEM.format(26222)]["place"] == "Segovia"  # the provider's own place name
    assert records[ITEM.format(26206)]["place"] == "Salamanca"  # a link: the place's label
    # The API key travels in the answer's guid links; it never reaches a record.
    assert not any("test_key" in str(v) for r in records.values() for v in r.values())


def test_parse_single_search_item():
    (item,) = parse(sample("openverse_europeana_single_item.json"))
    assert item == parse(sample("openverse_europeana_search_example.json"))[0]


def test_parse_record_object_reads_the_provider_proxy():
    bean = sample("metadata-qa-api_edm-fullbean.json")
    (r,) = parse(bean)
    assert r["id"] == FULL_BEAN_ID
    # The provider's dcTitle, not the mis-encoded top-level title of the same answer.
    assert r["title"] == "Окръжно N 752 : 27 февруарий 1914 год., гр. Варна"
    assert r["creator"] == "Едрецов, Петър"
    assert (r["date"], r["date_start"], r["date_end"]) == ("[1914]", 1914, 1914)
    assert r["type"] == "TEXT"
    assert (
        r["institution"] == "Регионална библиотека ПЕНЧО СЛАВЕЙКОВ - Варна/Public Library - Varna"
    )
    assert r["url"] == "https://www.europeana.eu/item" + FULL_BEAN_ID
    assert r["image_url"] is None
    assert r["thumbnail_url"].startswith("http://europeanastatic.eu/api/image?uri=")
    assert r["license_category"] == "public-domain"
    assert r["language"] == "bg"
    assert parse({"success": True, "object": bean}) == [r]


def test_offline_search():
    df = h4og_kit.search("europeana", "segovia", progress=False)
    assert list(df.columns) == list(COLUMNS)
    assert df.attrs["offline"] is True
    assert list(df["id"]) == [ITEM.format(n) for n in (26222, 26221, 26220, 26219)]
    assert len(h4og_kit.search("europeana", "", limit=None, progress=False)) == 28


def test_cursor_paging_key_reusability_and_record(httpserver, online, monkeypatch):
    monkeypatch.setenv("EUROPEANA_API_KEY", "test-wskey")
    # The first page is the real recorded answer (its nextCursor was renamed by the fixture's
    # author); the second is a SYNTHETIC empty last page without a nextCursor.
    bodies = {
        "*": sample("openverse_europeana_search_example.json"),
        "test_next_cursor": {"success": True, "itemsCount": 0, "totalResults": 27, "items": []},
    }
    asked = []

    def answer(request):
        asked.append(request.args.to_dict())
        return Response(json.dumps(bodies[request.args["cursor"]]), content_type="application/json")

    httpserver.expect_request("/record/v2/search.json").respond_with_handler(answer)
    httpserver.expect_request(f"/record/v2{FULL_BEAN_ID}.json").respond_with_json(
        {
            "success": True,
            "object": sample("metadata-qa-api_edm-fullbean.json"),
        }  # SYNTHETIC envelope
    )
    source = EuropeanaSource(base_url=httpserver.url_for(""), politeness=FAST)
    df = source.search("castilla", limit=None, open_only=True, qf="TYPE:IMAGE", progress=False)
    assert [a["cursor"] for a in asked] == ["*", "test_next_cursor"]
    assert all(a["wskey"] == "test-wskey" and a["reusability"] == "open" for a in asked)
    assert all(
        a["query"] == "castilla" and a["qf"] == "TYPE:IMAGE" and a["profile"] == "rich"
        for a in asked
    )
    assert len(df) == 27 and df.attrs["total"] == 27
    one = source.get(FULL_BEAN_ID)
    assert one["title"].tolist() == ["Окръжно N 752 : 27 февруарий 1914 год., гр. Варна"]
