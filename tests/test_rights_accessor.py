"""df.rights (RightsAccessor) and normalize_many on columns of real rights values."""

from __future__ import annotations

import pandas as pd
import pytest
import rights_samples as samples

from h4og_kit.records import COLUMNS, record, to_frame
from h4og_kit.rights import RIGHTS_COLUMNS, RightsAccessor, normalize, normalize_many

if not hasattr(pd.DataFrame, "rights"):
    pd.api.extensions.register_dataframe_accessor("rights")(RightsAccessor)


def commons_frame() -> pd.DataFrame:
    """One row per page of the recorded Commons response, rights as its LicenseShortName."""
    pages = samples.load("wikimedia-commons_openverse_wmc_raw.json")["query"]["pages"].values()
    return pd.DataFrame(
        {
            "title": [p["title"] for p in pages],
            "rights": [
                p["imageinfo"][0]["extmetadata"]["LicenseShortName"]["value"] for p in pages
            ],
        }
    )


def mixed_frame() -> pd.DataFrame:
    """Rights values as several real sources give them: strings, URLs, Met flags, missing."""
    values = [
        "CC BY 4.0",  # Finna
        "http://creativecommons.org/publicdomain/zero/1.0/",  # Europeana
        samples.load("met_openverse_sample_response_object_45734.json")["isPublicDomain"],  # True
        samples.load("met_srirakshabhat_objects_1.json")["isPublicDomain"],  # False
        "http://rightsstatements.org/vocab/InC-EDU/1.0/",  # DPLA MODS
        samples.load("tate_ar00001-98171.json")["thumbnailCopyright"],  # © Alex Katz
        None,
        "CC BY 4.0",
    ]
    index = [f"r{i}" for i in range(len(values))]
    return pd.DataFrame({"rights": pd.Series(values, index=index, dtype=object)})


def test_normalize_adds_the_rights_columns():
    df = commons_frame()
    out = df.rights.normalize()
    assert list(out.columns) == ["title", "rights", *RIGHTS_COLUMNS]
    assert list(df.columns) == ["title", "rights"]  # the input is left alone
    for column in ("license_uri", "license_category", "license_id", "license_label"):
        assert out[column].dtype == "string"
    for column in (
        "is_open",
        "requires_attribution",
        "share_alike",
        "non_commercial",
        "no_derivatives",
    ):
        assert out[column].dtype == "boolean"
    counts = out["license_category"].value_counts().to_dict()
    assert counts == {"open": 16, "public-domain": 10, "unknown": 2}
    by_sa = out[out["rights"] == "CC BY-SA 4.0"]
    assert set(by_sa["license_uri"]) == {"https://creativecommons.org/licenses/by-sa/4.0/"}
    assert by_sa["share_alike"].all() and by_sa["is_open"].all()
    unknown = out[out["license_category"] == "unknown"]
    assert unknown["license_uri"].isna().all()
    assert not unknown["is_open"].any()


def test_normalize_matches_row_by_row_normalize():
    df = mixed_frame()
    out = RightsAccessor(df).normalize("rights")
    assert list(out.index) == list(df.index)
    for (_, row), value in zip(out.iterrows(), df["rights"]):
        lic = normalize(value)
        assert row["license_category"] == lic.category
        assert (row["license_uri"] if pd.notna(row["license_uri"]) else "") == lic.uri
        assert row["license_label"] == lic.label
        assert bool(row["is_open"]) == lic.is_open
    assert out.loc["r2", "license_category"] == "public-domain"  # Met isPublicDomain True
    assert out.loc["r3", "license_category"] == "unknown"  # Met isPublicDomain False
    assert out.loc["r5", "license_category"] == "in-copyright"
    assert out.loc["r6", "license_category"] == "unknown" and pd.isna(out.loc["r6", "license_uri"])
    assert pd.isna(out.loc["r4", "requires_attribution"])  # a rights statement says nothing of it


def test_normalize_overwrites_record_columns_in_place():
    rows = [
        record("commons", id=str(i), title=t, rights=r)
        for i, (t, r) in enumerate(zip(commons_frame()["title"], commons_frame()["rights"]))
    ]
    df = to_frame(rows)
    df.attrs["offline"] = True
    out = df.rights.normalize()
    assert list(out.columns[: len(COLUMNS)]) == list(COLUMNS)
    assert out["license_uri"].equals(df["license_uri"])  # records.py and the accessor agree
    assert out["license_category"].equals(df["license_category"])
    assert out.attrs == {"offline": True}


def test_string_dtype_column_with_missing_values():
    df = pd.DataFrame(
        {"rights": pd.array(["CC0", pd.NA, "CC BY-SA 3.0 de", "CC0"], dtype="string")}
    )
    out = df.rights.normalize()
    assert list(out["license_category"]) == ["public-domain", "unknown", "open", "public-domain"]
    assert out["license_id"].tolist() == ["CC0-1.0", pd.NA, "CC-BY-SA-3.0-DE", "CC0-1.0"]


def test_a_number_equal_to_true_is_not_a_public_domain_flag():
    df = pd.DataFrame({"rights": pd.Series([1, True, 1.0, False, 0, "CC0"], dtype=object)})
    out = df.rights.normalize()
    assert list(out["license_category"]) == [
        "unknown",
        "public-domain",
        "unknown",
        "unknown",
        "unknown",
        "public-domain",
    ]


def test_missing_or_duplicated_columns_are_clear_errors():
    with pytest.raises(KeyError, match="no column 'licence'"):
        commons_frame().rights.normalize("licence")
    twice = pd.DataFrame([["CC0", "x", "y"]], columns=["rights", "title", "title"])
    with pytest.raises(ValueError, match="unique column names"):
        twice.rights.normalize()


def test_summary_counts_records_per_category_and_license():
    summary = commons_frame().rights.summary()
    assert list(summary.columns) == [
        "license_category",
        "license_label",
        "license_uri",
        "records",
        "share",
    ]
    rows = {(r.license_category, r.license_label): r.records for r in summary.itertuples()}
    assert rows == {
        ("public-domain", "Public domain"): 10,
        ("open", "CC BY-SA 4.0"): 15,
        ("open", "CC BY-SA 3.0 DE"): 1,
        ("unknown", "Unknown"): 2,
    }
    assert summary["license_category"].tolist()[0] == "public-domain"  # most reusable first
    assert summary["share"].sum() == pytest.approx(1.0)


def test_reusable_keeps_public_domain_and_open_records():
    df = mixed_frame()
    reusable = df.rights.reusable()  # normalizes first: no license_category yet
    assert list(reusable.index) == ["r0", "r1", "r2", "r7"]
    assert set(reusable["license_category"]) == {"open", "public-domain"}
    records = to_frame(
        [
            record("finna", id="1", rights="CC BY 4.0"),
            record("tate", id="2", rights="\u00a9 Alex Katz"),
        ]
    )
    assert records.rights.reusable()["id"].tolist() == ["1"]  # uses the record's own category


def test_normalize_many_is_aligned_with_its_input():
    values = pd.Series(
        ["CC BY-SA 4.0", None, True, "CC BY-SA 4.0"], index=[10, 11, 12, 13], dtype=object
    )
    table = normalize_many(values)
    assert list(table.index) == [10, 11, 12, 13]
    assert table["category"].tolist() == ["open", "unknown", "public-domain", "open"]
    assert table["source_value"].tolist()[0] == "CC BY-SA 4.0"
    assert (
        normalize_many(["CC0", ["http://creativecommons.org/publicdomain/zero/1.0/"]])[
            "uri"
        ].tolist()
        == ["https://creativecommons.org/publicdomain/zero/1.0/"] * 2
    )
