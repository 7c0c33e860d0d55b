"""profile() and languages() on real records from the bundled sample responses."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

import h4og_kit
from h4og_kit.metadata import detect_language, language_tag, languages, profile, record_languages
from h4og_kit.metadata.profile import ALL_SOURCES

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = Path(__file__).resolve().parent.parent / "h4og_kit" / "data" / "samples"
NMVW = ROOT / "h4og_kit/data/vocab/contentious-terms/wordsmatter-kg/NMVW_cont_terms_in_NMVW.csv"


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("H4OG_OFFLINE", "1")  # module-scoped: runs before the per-test settings
        frames = [h4og_kit.search(name) for name in ("met", "artic", "cleveland")]
    return pd.concat(frames, ignore_index=True)


def test_profile_counts_match_the_records(records):
    table, _summary, chart = profile(records)
    assert set(table["source"]) == {"met", "artic", "cleveland", ALL_SOURCES}
    for (source, column), row in table.set_index(["source", "column"]).iterrows():
        part = records if source == ALL_SOURCES else records[records["source"] == source]
        values = part[column]
        filled = values.notna() & (values.astype("string").str.strip() != "")
        assert row["non_empty"] == filled.sum()
        assert row["records"] == len(part)
        assert row["distinct"] == values[filled].astype("string").str.strip().nunique()
    assert chart.to_dict()["vconcat"]  # a valid Vega-Lite spec


def test_profile_reuse_shares_follow_the_raw_responses(records):
    summary = profile(records).summary.set_index("source")
    # AIC: every artwork of the bundled page and dumps is public domain with an image and a manifest
    artic = records[records["source"] == "artic"]
    assert summary.loc["artic", "records"] == len(artic)
    assert summary.loc["artic", "iiif_manifest_share"] == 1.0
    # Cleveland: the API gives no IIIF manifests; CC0 records with a web image are reusable
    raw = json.loads((SAMPLES / "cleveland/openverse_handle_response_data_first25.json").read_text())["data"]
    reusable = sum(1 for r in raw if r["share_license_status"] == "CC0" and (r.get("images") or {}).get("web"))
    assert summary.loc["cleveland", "iiif_manifest"] == 0
    assert summary.loc["cleveland", "reusable_image"] >= reusable
    # The Met: object 45734 is public domain with an image; object 1 has no image
    met = records[records["source"] == "met"].set_index("id")
    expected = int(((met["license_category"].isin(["public-domain", "open"])) & met["image_url"].notna()).sum())
    assert summary.loc["met", "reusable_image"] == expected
    assert met.loc["45734", "license_category"] == "public-domain" and met.loc["1", "image_url"] is pd.NA


def test_profile_top_values():
    frame = pd.DataFrame({"source": ["x"] * 4, "type": ["Print", "Print ", "Painting", None]})
    row = profile(frame).table.set_index("column").loc["type"]
    assert row["top_values"] == [("Print", 2), ("Painting", 1)]
    assert (row["non_empty"], row["distinct"], row["non_empty_share"]) == (3, 2, 0.75)


@pytest.mark.parametrize(
    ("tag", "code"),
    # Europeana gives ISO 639-2 codes in dcLanguage ("fre", "spa", "ger", "eng", "ita") and its own
    # "def" key for untagged text; the common column may carry BCP 47 tags
    [("fre", "fr"), ("spa", "es"), ("ger", "de"), ("eng", "en"), ("ita", "it"), ("bg", "bg"),
     ("en-GB", "en"), (["es"], "es"), ("def", None), ("und", None), ("mul", None), (None, None)],
)
def test_language_tag(tag, code):
    assert language_tag(tag) == code


def test_tags_come_first_and_europeana_codes_are_normalised():
    europeana = h4og_kit.search("europeana")
    raw = json.loads((SAMPLES / "europeana/openverse_europeana_search_example.json").read_text())["items"]
    tags = language_tag
    result = languages(europeana[europeana["id"].isin([i["id"] for i in raw])])
    titles = result[result["field"] == "title"].set_index("language")["records"].to_dict()
    expected = pd.Series([tags(i["dcLanguage"]) for i in raw]).value_counts().to_dict()
    assert titles == expected
    assert set(result["method"]) == {"tag"}


def test_detector_on_untagged_real_text():
    # Cleveland wall texts (English) and NMVW thesaurus notes (Dutch), with their tags removed
    raw = json.loads((SAMPLES / "cleveland/openverse_handle_response_data_first25.json").read_text())["data"]
    walls = [r["wall_description"] for r in raw if r.get("wall_description")]
    with NMVW.open(encoding="utf-8") as handle:
        notes = [row["notes"].strip("[]'") for row in csv.DictReader(handle)
                 if row["notes"].startswith("['Algemene aanduiding")]
    frame = pd.DataFrame({"source": ["cleveland"] * len(walls) + ["nmvw"] * len(notes),
                          "description": walls + notes, "language": None})
    per = record_languages(frame, columns=("description",))
    assert per["description_language_method"].eq("detected").all()
    assert per["description_language"].tolist() == ["en"] * len(walls) + ["nl"] * len(notes)
    assert len(walls) >= 20 and notes


def test_short_titles_stay_undetermined():
    # AIC titles such as "Cup and Saucer" are too short to tell apart reliably
    assert detect_language("Cup and Saucer")[0] == "und"
    assert detect_language("")[0] == "und"
    language, confidence = detect_language("Inheemse volkeren van het Centrale Andes-gebied")
    assert (language, confidence > 0.9) == ("nl", True)


def test_languages_shares_sum_to_one(records):
    result = languages(records)
    sums = result.groupby(["source", "field"])["share"].sum().round(3)
    assert (sums == 1.0).all()


def test_untagged_rows_beside_tagged_ones_are_detected_not_taken_as_tags():
    """The Met tags its records "en"; Finna gives no tag: its Finnish titles must be detected."""
    df = pd.concat([h4og_kit.search("met", "", progress=False),
                    h4og_kit.search("finna", "", progress=False)], ignore_index=True)
    result = record_languages(df)
    finna = df["source"] == "finna"
    assert set(result.loc[~finna, "title_language_method"]) == {"tag"}
    assert set(result.loc[finna, "title_language_method"]) <= {"detected"}
    assert (result.loc[finna, "title_language"] == "fi").any()
