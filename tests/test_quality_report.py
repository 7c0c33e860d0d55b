"""Harvest quality reports and drift alarms (h4og_kit.quality, h4og_kit.drift).

Every search result carries ``df.attrs["report"]`` and every harvest writes one as CSV; ``h4og
fetch --report`` prints its summary. Harvest mechanics run on the SYNTHETIC Met-style loopback
server of synthetic_met.py (its objects are generated: even ids are public domain, odd ids carry
no rights at all); searches answer from the kit's bundled real samples (offline).
"""

from __future__ import annotations

import csv
import logging

import pytest
from synthetic_met import SyntheticMet, synthetic_object

import h4og_kit
from h4og_kit import drift, http
from h4og_kit.cli import main
from h4og_kit.harvest import harvest
from h4og_kit.quality import REPORT_COLUMNS, report_of
from h4og_kit.records import record


def _rows(path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _row(rows, field, problem) -> dict:
    return next(r for r in rows if (r["field"], r["problem"]) == (field, problem))


def test_fetch_writes_the_report_and_prints_its_summary(online, tmp_path, capsys):
    out, report = tmp_path / "met.csv", tmp_path / "quality.csv"
    with SyntheticMet(objects=30, gone=(5,)) as server, pytest.warns(
            UserWarning, match="met: 1 listed objects no longer exist; skipped"):
        assert main(["fetch", "met", "*", "--out", str(out), "--base-url", server.url,
                     "--report", str(report)]) == 0
    printed = capsys.readouterr().out
    kept = [i for i in range(1, 31) if i != 5]
    no_rights = [i for i in kept if not synthetic_object(i)["isPublicDomain"]]
    rows = _rows(report)
    assert list(rows[0]) == list(REPORT_COLUMNS)
    rights = _row(rows, "rights", "missing")
    assert int(rights["count"]) == len(no_rights)
    assert float(rights["share"]) == pytest.approx(len(no_rights) / len(kept), abs=1e-4)
    assert rights["example_ids"].split() == [str(i) for i in no_rights[:3]]
    gone = _row(rows, "record", "error")
    assert (gone["count"], gone["detail"]) == ("1", "listed objects no longer exist (HTTP 404)")
    assert f"Quality report: {len(kept)} records." in printed
    assert f"- rights: missing in {len(no_rights)}" in printed
    assert str(report) in printed


def test_required_columns_leave_records_out_and_count_them(online, tmp_path, capsys):
    out = tmp_path / "met.csv"
    with SyntheticMet(objects=20) as server:
        assert main(["fetch", "met", "*", "--out", str(out), "--base-url", server.url,
                     "--require", "title,rights"]) == 0
    with_rights = [str(i) for i in range(1, 21) if synthetic_object(i)["isPublicDomain"]]
    assert [r["id"] for r in _rows(out)] == with_rights
    rejected = _row(_rows(tmp_path / "met.report.csv"), "rights", "rejected")
    assert int(rejected["count"]) == 20 - len(with_rights)
    assert "rejected for lacking a required field: 10" in capsys.readouterr().out


def test_an_unknown_required_column_is_refused_with_the_columns_to_choose_from(capsys):
    with pytest.raises(SystemExit):
        main(["fetch", "met", "*", "--out", "x.csv", "--require", "titel"])
    assert "not common record columns: titel; choose among source, id, title" in (
        capsys.readouterr().err)


def test_every_search_carries_its_report_and_required_drops_records():
    everything = h4og_kit.search("europeana", "", limit=None, progress=False)
    report = everything.attrs["report"]
    assert report.records == len(everything)
    for column in ("date", "creator", "rights"):
        assert report.count(column, "missing") == everything[column].isna().sum()
    dated = h4og_kit.search("europeana", "", limit=None, progress=False, required=("date",))
    assert len(dated) == everything["date"].notna().sum()
    assert dated["date"].notna().all()
    assert dated.attrs["report"].count("date", "rejected") == everything["date"].isna().sum()


def test_values_that_cannot_be_understood_are_counted_with_the_reason():
    report = report_of([
        record("test", id="a", date="sometime", language="English",
               rights="https://creativecommons.org/licenses/by/9.0/"),
        record("test", id="b", date="1890", language="fre", rights="Public domain"),
        record("test", id="c", language="und", rights="whatever the museum says",
               warnings="a namespace declaration was recovered"),
    ])
    problems = {(p.field, p.problem): p for p in report.problems}
    assert problems["date", "not understood"].example_ids == ("a",)
    assert problems["language", "not understood"].example_ids == ("a",)  # "und" is a tag
    rights = [p for p in report.problems if p.field == "rights" and p.problem == "not understood"]
    assert {(p.example_ids, p.detail) for p in rights} == {
        (("a",), "Creative Commons has no CC BY 9.0 license without a port"),
        (("c",), "names no known license or statement")}
    warning = problems["warnings", "warning"]
    assert (warning.count, warning.detail) == (1, "a namespace declaration was recovered")
    assert "<caption>Quality report</caption>" in report._repr_html_()


def test_a_sharp_drop_or_an_empty_run_is_flagged_and_warned(online, tmp_path, caplog):
    out = tmp_path / "met.csv"
    with SyntheticMet(objects=40) as server:
        opts = {"base_url": server.url}
        first = harvest("met", "*", out, progress=False, source_options=opts)
        assert not first.report.flagged
        assert len(list(drift.history_dir().glob("*.json"))) == 1

        def again(objects: int):
            server.objects = objects
            http.clear_cache()  # the answer cache would give the last run's pages back
            return harvest("met", "*", out, progress=False, source_options=opts, restart=True)

        assert not again(30).report.flagged  # a quarter fewer: within the default threshold
        with caplog.at_level(logging.WARNING, logger="h4og_kit"):
            dropped = again(10)
        assert dropped.report.flagged
        detail = _row(_rows(dropped.report_path), "record", "drift")["detail"]
        assert detail.startswith("10 records, down 67% from 30 in the last run")
        empty = again(0)
    assert "10 records, down 67% from 30" in caplog.text
    assert _row(_rows(empty.report_path), "record", "drift")["detail"].startswith(
        "this run ingested nothing; the last run")


def test_a_failed_harvest_still_writes_the_report_of_what_it_kept(online, tmp_path):
    out = tmp_path / "met.csv"
    with SyntheticMet(objects=200, fail_after=100) as server, pytest.raises(h4og_kit.SourceError):
        harvest("met", "*", out, progress=False, source_options={"base_url": server.url})
    rows = _rows(tmp_path / "met.report.csv")
    error = _row(rows, "record", "error")
    assert error["detail"].startswith("the harvest stopped:") and "403" in error["detail"]
    assert int(_row(rows, "rights", "missing")["count"]) == 40  # odd ids of the 80 kept
