"""scan_terms and df.equity.scan on real description fields, in English and Dutch."""

from __future__ import annotations

import ast
import csv
import json
from pathlib import Path

import pandas as pd
import pytest

import h4og_kit
from h4og_kit.equity.accessor import SUMMARY_COLUMNS, EquityAccessor
from h4og_kit.equity.lexicons import CREDITS, DUKE, NOTICE, WORDS_MATTER, terms
from h4og_kit.equity.scan import MATCH_COLUMNS, scan_terms
from h4og_kit.equity.turtle import read_turtle

ROOT = Path(__file__).resolve().parent.parent
VOCAB = ROOT / "h4og_kit" / "data" / "vocab" / "contentious-terms"
SAMPLES = Path(__file__).resolve().parent.parent / "h4og_kit" / "data" / "samples"


@pytest.fixture(scope="module")
def cleveland() -> dict:
    return {r["id"]: r for r in json.loads((SAMPLES / "cleveland/openverse_handle_response_data_first25.json").read_text())["data"]}


def _found(result) -> list[tuple[str, str, str]]:
    return [(m.matched, m.term, m.source) for m in result]


# -- the vocabularies -------------------------------------------------------------------------


def test_vocabularies_are_read_whole():
    words_matter_en = json.loads((VOCAB / "wordsmatter-kg/query_terms_cont_en.json").read_text())
    words_matter_nl = json.loads((VOCAB / "wordsmatter-kg/query_terms_cont_nl.json").read_text())
    en, nl = terms("en"), terms("nl")
    assert {t.term for t in en if t.source == WORDS_MATTER} == set(words_matter_en)  # 75 terms
    assert {t.term for t in nl if t.source == WORDS_MATTER} == set(words_matter_nl)  # 82 terms
    with (VOCAB / "duke-description-audit/lexicons.csv").open(encoding="utf-8") as handle:
        duke = {cell.strip() for row in csv.reader(handle) for cell in row[:]} - {""}
    duke -= {"Aggrandizement", "RaceEuphemisms", "RaceTerms", "SlaveryTerms", "GenderTerms", "LGBTQ",
             "MentalIllness", "Disability"}
    assert {t.term for t in en if t.source == DUKE} == duke
    assert not [t for t in nl if t.source == DUKE]  # the Duke lexicon is English only
    # every inflection listed in the query-term files is looked for
    forms = {f for t in en if t.term == "negro" and t.source == WORDS_MATTER for f in t.forms}
    assert forms == {"negro", "negros", "negroes"}


def test_words_matter_guidance_comes_from_the_glossary():
    slave = next(t for t in terms("en") if t.term == "slave" and t.source == WORDS_MATTER)
    assert slave.category == "Words Matter entry: Slave"
    assert slave.alternatives == ("Enslaved", "enslaved person")
    assert slave.reference == "https://w3id.org/culco/wordsmatter/138"
    slaaf = next(t for t in terms("nl") if t.term == "slaaf")
    assert slaaf.reference.endswith("_nl") and "slaaf" in slaaf.context.lower()
    # a Duke term in two categories keeps both
    planter = next(t for t in terms("en") if t.term == "planter" and t.source == DUKE)
    assert planter.category == "slavery terms; aggrandizement"


def test_turtle_reader_reads_every_statement_of_the_glossary():
    triples = read_turtle((VOCAB / "wordsmatter-kg/glossary.ttl").read_text(encoding="utf-8"))
    literal_forms = [o for s, p, o in triples if p.endswith("#literalForm")]
    text = (VOCAB / "wordsmatter-kg/glossary.ttl").read_text(encoding="utf-8")
    assert len(literal_forms) == text.count("skosxl:literalForm")
    with pytest.raises(ValueError):
        read_turtle("_:b0 <http://x> [ <http://y> 1 ] .")


# -- English, on real descriptions -----------------------------------------------------------


def test_aic_title_servant(cleveland):
    record = next(r for r in json.loads((SAMPLES / "artic/api-response_GET_artworks_page1_jgale-nuvoair.json").read_text())["data"]
                  if "servant" in r["title"])
    result = scan_terms(record["title"])
    assert record["title"] == "Jeanne Bécu, Comtesse Du Barry, and her servant Zamor"
    (match,) = list(result)
    assert (match.term, match.start, match.end, match.source) == ("servant", 40, 47, WORDS_MATTER)
    assert match.category == "Words Matter entry: Servant"
    assert "name" in match.guidance  # Words Matter: use the person's name if known


def test_cleveland_wall_text_primitive(cleveland):
    text = cleveland[149410]["wall_description"]
    result = scan_terms(text)
    (match,) = list(result)
    assert text[match.start:match.end] == match.matched == "primitive"
    assert match.category == "Words Matter entry: Primitive" and match.guidance


def test_cleveland_wall_text_native_americans_from_both_sources(cleveland):
    text = cleveland[93014]["wall_description"]
    result = scan_terms(text)
    found = _found(result)
    assert found.count(("Native Americans", "native americans", DUKE)) == 2
    assert found.count(("Native", "native", WORDS_MATTER)) == 2  # the shorter term is not hidden
    race = [m for m in result if m.source == DUKE]
    assert {m.category for m in race} == {"race terms"}


def test_cleveland_biography_aggrandizement_and_gender_terms(cleveland):
    monet = next(c for c in cleveland[135382]["creators"] if c["biography"])
    found = [(m.term, m.category) for m in scan_terms(monet["biography"])]
    assert found == [
        ("important", "aggrandizement"),
        ("mistress", "gender terms"),
        ("wife", "gender terms"),
        ("wife", "gender terms"),
        ("famous", "aggrandizement"),
    ]


def test_case_and_word_forms(cleveland):
    # "whites" (plural) in a Cleveland wall text; "White Justice" (title case) at AIC
    text = cleveland[135382]["wall_description"]
    whites = [m for m in scan_terms(text) if m.term == "white"]
    assert [m.matched for m in whites] == ["whites"]
    assert _found(scan_terms("White Justice")) == [("White", "white", WORDS_MATTER)]
    assert _found(scan_terms("WHITE JUSTICE")) == [("WHITE", "white", WORDS_MATTER)]


def test_words_inside_other_words_are_not_matched(cleveland):
    # "Native" inside "Nativity", "race" inside "Racetrack"-less words, "page" inside "pageant"
    assert not list(scan_terms("The Nativity; a pageant; embraced; whiteness"))


def test_exclude_and_sources(cleveland):
    text = cleveland[135382]["wall_description"]
    assert {m.term for m in scan_terms(text, exclude=["white"])} == {"wife"}
    only = scan_terms(text, sources=[WORDS_MATTER])
    assert {m.source for m in only} == {WORDS_MATTER} and only.sources == (WORDS_MATTER,)


def test_series_scan_keeps_record_labels(cleveland):
    series = pd.Series({rid: r["wall_description"] for rid, r in cleveland.items()})
    table = scan_terms(series).matches
    assert list(table.columns) == list(MATCH_COLUMNS)
    assert set(table.loc[table["term"] == "primitive", "record"]) == {149410}
    for row in table.itertuples():
        assert series[row.record][row.start:row.end] == row.matched


def test_notice_and_credits_in_every_output():
    result = scan_terms("her servant Zamor")
    shown = repr(result)
    assert NOTICE in shown
    assert "CC BY-SA 4.0" in shown and "MIT" in shown
    assert result.matches.attrs["notice"] == NOTICE
    assert CREDITS[WORDS_MATTER]["url"] in result.credits
    page = result._repr_html_()
    assert "prompt to look, not a verdict" in page and "Duke University Libraries" in page


def test_html_output_escapes_the_text():
    # record labels come from the data (ids, titles used as index): they must arrive escaped
    result = scan_terms(pd.Series(["her servant Zamor"], index=["<img src=x onerror=alert(1)>"]))
    page = result._repr_html_()
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


# -- Dutch -------------------------------------------------------------------------------------


def test_dutch_terms_in_the_nmvw_thesaurus():
    """Every Words Matter term the NMVW thesaurus (real Dutch museum usage) was found to contain."""
    with (VOCAB / "wordsmatter-kg/NMVW_cont_terms_in_NMVW.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 165
    for row in rows:
        text = row["prefLabel"] if row["found_in"] == "prefLabel" else "; ".join(ast.literal_eval(row["altLabel"]))
        assert row["lemma"] in {m.term for m in scan_terms(text, lang="nl")}, (row["lemma"], text)


def test_dutch_examples_from_the_thesaurus():
    assert _found(scan_terms("Jappen-eiland", lang="nl")) == [("Jappen", "jap", WORDS_MATTER)]
    assert _found(scan_terms("zwart-wit dia's", lang="nl")) == [
        ("zwart", "zwart", WORDS_MATTER),
        ("wit", "wit", WORDS_MATTER),
    ]
    inheems = list(scan_terms("Inheemse volken en culturen van Alaska", lang="nl"))
    assert [(m.matched, m.term) for m in inheems] == [("Inheemse", "inheems")]


def test_dutch_compounds_in_the_words_matter_texts():
    """Compounds from the Dutch Words Matter entries themselves: the term inside a longer noun."""
    triples = read_turtle((VOCAB / "wordsmatter-kg/glossary.ttl").read_text(encoding="utf-8"))
    dutch = " ".join(o.value for s, p, o in triples if p.endswith("/description") and o.lang == "nl")
    compounds = {(m.matched.lower(), m.term) for m in scan_terms(dutch, lang="nl") if m.compound}
    assert compounds == {
        ("slavenhandel", "slaaf"),
        ("rassenverschillen", "ras"),
        ("rassencategorieën", "ras"),
        ("dwerggroei", "dwerg"),
    }
    # a compound is reported with the whole word; short or prefix-like forms only as whole words
    text = "transgender en transport; stamboom; koeliearbeid"
    assert _found(scan_terms(text, lang="nl")) == [("koeliearbeid", "koelie", WORDS_MATTER)]


def test_both_languages_at_once():
    result = scan_terms("slaven and slaves", lang=("en", "nl"))
    assert {(m.term, m.lang) for m in result} == {("slaaf", "nl"), ("slave", "en"), ("slaves", "en")}


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        scan_terms("text", lang="fr")


# -- df.equity.scan ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("H4OG_OFFLINE", "1")  # module-scoped: runs before the per-test settings
        return pd.concat([h4og_kit.search(name) for name in ("artic", "cleveland")], ignore_index=True)


def test_accessor_adds_a_summary_per_record(records):
    out = EquityAccessor(records).scan(columns=("title", "description"))
    assert list(out.columns[-4:]) == list(SUMMARY_COLUMNS)
    assert len(out) == len(records) and out.index.equals(records.index)
    zamor = out[out["title"] == "Jeanne Bécu, Comtesse Du Barry, and her servant Zamor"].iloc[0]
    assert "servant" in zamor["equity_terms"].split("; ")
    assert zamor["equity_matches"] >= 1
    clean = out[out["equity_matches"] == 0]
    assert clean["equity_terms"].isna().all() and len(clean) > 0
    assert out.attrs["equity_notice"] == NOTICE and "CC BY-SA 4.0" in out.attrs["equity_credits"]
    # the summary agrees with the match table
    table = EquityAccessor(records).matches(columns=("title", "description"))
    places = table.drop_duplicates(["record", "field", "start", "end"]).groupby("record").size()
    assert out.loc[places.index, "equity_matches"].tolist() == places.tolist()


def test_accessor_as_a_registered_pandas_accessor(records):
    name = "equity"
    if not hasattr(pd.DataFrame, name):
        pd.api.extensions.register_dataframe_accessor(name)(EquityAccessor)
    out = records.head(12).equity.scan()
    assert out["equity_matches"].dtype == "Int64"
