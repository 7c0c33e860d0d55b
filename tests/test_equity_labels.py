"""Local Contexts labels on records: reading them, the showcase filter, and the Hub API v2 client."""

from __future__ import annotations

import pandas as pd
import pytest
from synthetic_localcontexts import (
    SYNTHETIC_NOTICE_PROJECT_ID,
    SYNTHETIC_PROJECT_ID,
    labelled_project,
    notice_project,
)

import h4og_kit
from h4og_kit import http
from h4og_kit.equity.labels import (
    PAGES,
    RESTRICTING,
    UNRECOGNISED,
    ethical_filter,
    label_codes,
    labels_index,
)
from h4og_kit.equity.localcontexts import LocalContextsHub, parse_project, project_id


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("H4OG_OFFLINE", "1")  # module-scoped: runs before the per-test settings
        return h4og_kit.search("artic").head(10).reset_index(drop=True)


def test_index_holds_every_label_and_notice():
    index = labels_index()
    assert len(index) == 34
    assert {label.kind for label in index.values()} == {"TK", "BC", "Notice"}
    assert index["tkss"].name == "TK Secret / Sacred (TK SS)" and index["tkss"].url == PAGES["TK"]
    assert set(RESTRICTING) <= set(index)
    assert {index[c].category for c in RESTRICTING} == {"protocol", "permission"}


@pytest.mark.parametrize(
    ("value", "codes"),
    [
        ("tkss", ["tkss"]),
        ("TK Secret / Sacred (TK SS)", ["tkss"]),
        ("TK SS; TK A", ["tkss", "tka"]),
        (["secret_sacred", "seasonal"], ["tkss", "tks"]),
        ("BC Provenance (BC P), Traditional Knowledge (TK) Notice", ["bcp", "traditional_knowledge"]),
        ("clan", ["?clan"]),  # TK Clan or BC Clan? not guessed
        ("TK clan", ["tkcl"]),
        (None, []),
        ("", []),
        (float("nan"), []),
    ],
)
def test_label_codes(value, codes):
    assert label_codes(value) == codes


def test_ethical_filter_withholds_restricting_labels(records):
    labelled = records.copy()
    # labels as a community might apply them (the labels are real codes; their placement is a test)
    labelled["labels"] = [None, "TK SS", "tka", ["tkcs", "tka"], "TK Seasonal (TK S)", "bcp",
                          "TK Women Restricted (TK WR)", "tk secret_sacred", "", "tko"]
    visible, report = ethical_filter(labelled)
    assert len(visible) == 5 and report.withheld == 5 and report.total == 10
    assert report.withheld_ids == list(labelled.loc[[1, 3, 4, 6, 7], "id"])
    assert report.by_label.set_index("code")["records"].to_dict() == {
        "tkss": 2, "tkcs": 1, "tks": 1, "tkwr": 1}
    assert "5 of 10 records withheld" in report.message and "TK Secret / Sacred (TK SS): 2" in report.message
    assert visible.attrs["withheld"] == 5 and visible.attrs["withheld_report"] == report.message
    assert set(visible.index) == {0, 2, 5, 8, 9}


def test_unrecognised_labels_are_withheld_and_named(records):
    labelled = records.head(3).assign(labels=["tka", "TK Secret Sacred Typo", None])
    visible, report = ethical_filter(labelled)
    assert report.withheld == 1 and report.by_label["code"].tolist() == [UNRECOGNISED]
    visible, report = ethical_filter(labelled, withhold_unrecognised=False)
    assert report.withheld == 0 and len(visible) == 3


def test_without_labels_nothing_is_withheld(records):
    visible, report = ethical_filter(records)
    assert len(visible) == len(records) and report.withheld == 0
    assert "none carries a Local Contexts label" in str(report)
    with pytest.raises(ValueError):
        ethical_filter(records, restricting=["not-a-label"])


def test_report_html_is_escaped(records):
    labelled = records.head(2).assign(labels=["tkss", None])
    _, report = ethical_filter(labelled)
    page = report._repr_html_()
    assert "TK Secret / Sacred (TK SS)" in page and PAGES["TK"] in page


# -- the Hub API v2 client, against a loopback server with SYNTHETIC answers ------------------


def test_project_id_from_links():
    assert project_id(f"https://localcontextshub.org/projects/{SYNTHETIC_PROJECT_ID}") == SYNTHETIC_PROJECT_ID
    assert project_id(SYNTHETIC_PROJECT_ID.upper()) == SYNTHETIC_PROJECT_ID
    assert project_id("https://localcontextshub.org/") is None and project_id(None) is None


def test_parse_labelled_and_notice_projects():
    labelled = parse_project(labelled_project())
    assert labelled.codes == ("tka", "tkss", "tks", "bcp") and labelled.unrecognised == ()
    notices = parse_project(notice_project())
    assert notices.codes == ("traditional_knowledge",)
    assert notices.unrecognised == ("Notice synthetic_future_notice",)


def test_hub_client_attaches_labels_by_project_link(httpserver, online, records):
    key = "synthetic-test-key-123"
    httpserver.expect_request(
        f"/api/v2/projects/{SYNTHETIC_PROJECT_ID}/", headers={"X-Api-Key": key}
    ).respond_with_json(labelled_project())
    httpserver.expect_request(
        f"/api/v2/projects/{SYNTHETIC_NOTICE_PROJECT_ID}/", headers={"X-Api-Key": key}
    ).respond_with_json(notice_project())
    frame = records.head(4).assign(
        localcontexts_project=[
            f"https://localcontextshub.org/projects/{SYNTHETIC_PROJECT_ID}",
            SYNTHETIC_NOTICE_PROJECT_ID,
            None,
            f"https://localcontextshub.org/projects/{SYNTHETIC_PROJECT_ID}",
        ],
        labels=[None, None, "bcp", "TK A"],
    )
    hub = LocalContextsHub(httpserver.url_for("/api/v2/"), api_key=key)
    out = hub.attach(frame)
    assert out["labels"].tolist() == [
        ["tka", "tkss", "tks", "bcp"],
        ["traditional_knowledge"],
        ["bcp"],
        ["tka", "tkss", "tks", "bcp"],
    ]
    assert out.attrs["localcontexts_unrecognised"] == ["Notice synthetic_future_notice"]
    assert len(httpserver.log) == 2  # each project fetched once
    assert key not in repr(hub)
    visible, report = ethical_filter(out)
    assert len(visible) == 2 and report.withheld_ids == list(frame.loc[[0, 3], "id"])


def test_hub_errors_reach_the_caller_as_source_errors(httpserver, online):
    httpserver.expect_request(f"/api/v2/projects/{SYNTHETIC_PROJECT_ID}/").respond_with_json(
        {"detail": "Invalid API key."}, status=403)
    hub = LocalContextsHub(httpserver.url_for("/api/v2/"), api_key="synthetic-wrong-key")
    with pytest.raises(http.SourceError) as err:
        hub.project(SYNTHETIC_PROJECT_ID)
    assert err.value.status == 403 and "synthetic-wrong-key" not in str(err.value)


def test_hub_needs_a_key_and_the_network(monkeypatch):
    monkeypatch.delenv("LOCALCONTEXTS_API_KEY", raising=False)
    with pytest.raises(http.NetworkUnavailable):  # tests run offline
        LocalContextsHub(api_key="k-123").project(SYNTHETIC_PROJECT_ID)
    monkeypatch.setenv("H4OG_OFFLINE", "0")
    with pytest.raises(http.SourceError, match="LOCALCONTEXTS_API_KEY"):
        LocalContextsHub().project(SYNTHETIC_PROJECT_ID)
