"""representation(): creators through Wikidata, with the unmatched counted; and the Wikidata source.

The SPARQL parsing is tested on real recorded Query Service answers (bundled samples). The
reconciliation mechanics (batching, name order, ambiguity, cache, offline) run against a loopback
server answering with SYNTHETIC people, named as such: no recorded answers about creators'
gender or citizenship exist to test with.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote_plus

import pandas as pd
import pytest
from werkzeug.wrappers import Response

import h4og_kit
from h4og_kit.equity.representation import (
    BATCH,
    CreatorCache,
    name_variants,
    people_from_answer,
    representation,
)
from h4og_kit.sources.wikidata import WikidataSource, bindings, literal, qid

SAMPLES = Path(__file__).resolve().parent.parent / "h4og_kit" / "data" / "samples" / "wikidata"


def test_bindings_of_a_real_answer():
    payload = json.loads((SAMPLES / "wikibase-sdk_multi_vars_sparql_results.json").read_text())
    rows = bindings(payload)
    assert rows[0] == {"entity": "http://www.wikidata.org/entity/Q3731207", "entityLabel": "Ercole Patti",
                       "year": "1903"}
    assert rows[1]["entity"] is None  # a blank node
    assert [qid(r["entity"]) for r in rows] == ["Q3731207", None, "Q505932"]


def test_wikidata_source_parses_real_answers():
    payload = json.loads((SAMPLES / "wikibase-sdk_results_with_labels_descriptions_and_aliases.json").read_text())
    records = WikidataSource().parse(payload)
    items = {b["item"]["value"] for b in payload["results"]["bindings"]}
    assert len(records) == len(items) == 48  # Kierkegaard and Pérez Donaz appear twice: merged
    kierkegaard = next(r for r in records if r["id"] == "Q6512")
    assert kierkegaard["title"] == "Søren Kierkegaard" and kierkegaard["language"] == "en"
    assert kierkegaard["url"] == "https://www.wikidata.org/wiki/Q6512"
    assert kierkegaard["license_category"] == "unknown"


def test_wikidata_offline_search_uses_the_bundled_answers():
    frame = h4og_kit.search("wikidata", "Patti")
    assert frame["id"].tolist() == ["Q3731207"] and frame.attrs["offline"] is True
    assert frame["date_start"].tolist() == [1903]


def test_sparql_literals_are_escaped():
    assert literal('Night "Watch"\\') == '"Night \\"Watch\\"\\\\"'


def test_name_variants():
    assert name_variants("Blake, Robert") == ["Blake, Robert", "Robert Blake"]
    assert name_variants("Claude  Monet") == ["Claude Monet"]
    assert name_variants("Jacques-Louis David (French, 1748-1825)") == ["Jacques-Louis David (French, 1748-1825)"]


# -- a loopback SPARQL endpoint with SYNTHETIC people --------------------------------------------

SYNTHETIC_PEOPLE = {
    # name: list of (qid, sitelinks, gender, countries, birth)
    "Synthetic Painter One": [("Q900000001", 12, "female", ["Synthetic Land"], "1840-05-01T00:00:00Z")],
    "Synthetic Painter Two": [("Q900000002", 3, "male", ["Synthetic Land", "Other Synthetic Land"],
                               "1852-01-01T00:00:00Z")],
    # two people share this name: the better linked one is taken
    "Synthetic Namesake": [("Q900000003", 1, "male", [], "1700-01-01T00:00:00Z"),
                           ("Q900000004", 40, "female", ["Synthetic Land"], "1901-01-01T00:00:00Z")],
}


def _synthetic_answer(query: str) -> dict:
    names = re.findall(r'"((?:[^"\\]|\\.)*)"@en', query)
    rows = []
    for name in names:
        for q, links, gender, countries, birth in SYNTHETIC_PEOPLE.get(name, []):
            for country in countries or [None]:
                row = {
                    "name": {"xml:lang": "en", "type": "literal", "value": name},
                    "person": {"type": "uri", "value": f"http://www.wikidata.org/entity/{q}"},
                    "personLabel": {"xml:lang": "en", "type": "literal", "value": name},
                    "sitelinks": {"datatype": "http://www.w3.org/2001/XMLSchema#integer",
                                  "type": "literal", "value": str(links)},
                    "genderLabel": {"xml:lang": "en", "type": "literal", "value": gender},
                    "birth": {"datatype": "http://www.w3.org/2001/XMLSchema#dateTime", "type": "literal",
                              "value": birth},
                }
                if country:
                    row["countryLabel"] = {"xml:lang": "en", "type": "literal", "value": country}
                rows.append(row)
    head = ["name", "person", "personLabel", "sitelinks", "genderLabel", "countryLabel", "birth"]
    return {"head": {"vars": head}, "results": {"bindings": rows}}


@pytest.fixture
def endpoint(httpserver):
    def handler(request):
        query = unquote_plus(request.args["query"])
        return Response(json.dumps(_synthetic_answer(query)), content_type="application/sparql-results+json")

    httpserver.expect_request("/sparql").respond_with_handler(handler)
    return httpserver


SYNTHETIC_RECORDS = pd.DataFrame({
    "id": [str(i) for i in range(7)],
    "creator": ["Synthetic Painter One", "Two, Synthetic Painter", "Synthetic Namesake",
                "Anonymous", "Synthetic Nobody", "Synthetic Painter One; Synthetic Painter Two", None],
})


def test_representation_reconciles_and_counts_the_unmatched(endpoint, online, tmp_path):
    cache = CreatorCache(tmp_path / "creators.json")
    result = representation(SYNTHETIC_RECORDS, cache=cache, endpoint=endpoint.url_for("/sparql"))
    creators = result.creators.set_index("creator")
    assert creators.loc["Two, Synthetic Painter", "qid"] == "Q900000002"  # found as "Synthetic Painter Two"
    assert creators.loc["Synthetic Namesake", "qid"] == "Q900000004"  # most sitelinks
    assert creators.loc["Synthetic Painter One", "records"] == 2
    assert creators.loc["Anonymous", "reason"] == "anonymous"
    assert creators.loc["Synthetic Nobody", "reason"] == "not found on Wikidata"
    assert result.unmatched == 2 and len(creators) == 6
    # "Two, Synthetic Painter" and "Synthetic Painter Two" are one person: counted once
    assert result.gender.set_index("gender")["creators"].to_dict() == {"female": 2, "male": 1, "unknown": 2}
    assert result.gender.set_index("gender")["records"].to_dict() == {"female": 3, "male": 2, "unknown": 2}
    assert result.citizenship.set_index("citizenship")["creators"].to_dict() == {
        "Synthetic Land": 3, "Other Synthetic Land": 1, "unknown": 2}
    assert result.birth_decades.set_index("birth_decade")["creators"].to_dict() == {
        "1840": 1, "1850": 1, "1900": 1, "unknown": 2}
    assert "4 of 6 creators matched" in result.message and "1 anonymous" in result.message
    assert "1 not found on Wikidata" in result.message and "not left out" in result.message
    saved = json.loads((tmp_path / "creators.json").read_text())
    assert saved["Synthetic Nobody"] is None and saved["Synthetic Painter One"]["qid"] == "Q900000001"


def test_representation_batches_and_caches(endpoint, online, tmp_path):
    many = pd.DataFrame({"creator": [f"Synthetic Extra {i}" for i in range(BATCH + 5)] + ["Synthetic Painter One"]})
    cache = CreatorCache(tmp_path / "creators.json")
    representation(many, cache=cache, endpoint=endpoint.url_for("/sparql"))
    assert len(endpoint.log) == 2  # 46 names in batches of 40
    again = representation(many, cache=CreatorCache(tmp_path / "creators.json"),
                           endpoint=endpoint.url_for("/sparql"))
    assert len(endpoint.log) == 2 and again.unmatched == BATCH + 5  # all from the cache


def test_offline_uses_the_cache_only(endpoint, online, tmp_path, monkeypatch):
    cache_file = tmp_path / "creators.json"
    representation(SYNTHETIC_RECORDS.head(1), cache=CreatorCache(cache_file),
                   endpoint=endpoint.url_for("/sparql"))
    monkeypatch.setenv("H4OG_OFFLINE", "1")
    result = representation(SYNTHETIC_RECORDS, cache=CreatorCache(cache_file),
                            endpoint=endpoint.url_for("/sparql"))
    assert len(endpoint.log) == 1
    reasons = result.creators.set_index("creator")["reason"]
    assert pd.isna(reasons["Synthetic Painter One"])
    assert reasons["Synthetic Nobody"] == "not looked up (offline)"
    assert result.offline and "Offline" in result.message


def test_representation_of_real_records_offline(tmp_path):
    """Real Cleveland creators, offline with an empty cache: nobody is hidden, the count says why."""
    records = h4og_kit.search("cleveland")
    result = representation(records, cache=CreatorCache(tmp_path / "empty.json"))
    names = {n.strip() for v in records["creator"].dropna() for n in v.split(";")}
    assert len(result.creators) == len(names) == result.unmatched
    assert result.creators["records"].sum() == sum(len(v.split(";")) for v in records["creator"].dropna())
    assert result.gender.to_dict("records") == [
        {"gender": "unknown", "creators": len(names), "records": result.creators["records"].sum()}]


def test_people_from_answer_keeps_the_earliest_birth_year():
    answer = _synthetic_answer('"Synthetic Painter Two"@en')
    (person,) = people_from_answer(answer).values()
    assert person.birth_year == 1852 and person.citizenship == ("Synthetic Land", "Other Synthetic Land")


def test_records_without_creators_give_an_empty_summary_not_an_error():
    df = h4og_kit.search("wikidata", "", limit=None, progress=False)
    summary = h4og_kit.equity.representation(df.assign(creator=pd.NA))
    assert summary.unmatched == 0 and summary.creators.empty


def test_a_sparql_query_of_your_own_says_it_needs_the_network_when_offline():
    from h4og_kit.http import NetworkUnavailable
    from h4og_kit.sources.wikidata import sparql

    with pytest.raises(NetworkUnavailable, match="needs the network"):
        sparql("SELECT ?item WHERE { ?item ?p ?o } LIMIT 1")
