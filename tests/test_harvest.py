"""Resumable harvests with `h4og fetch`: a stopped run continues, with no duplicate and no loss.

The server is the SYNTHETIC Met-style loopback server of synthetic_met.py.
"""

from __future__ import annotations

import csv

import pytest

from h4og_kit import http
from h4og_kit.cli import main
from h4og_kit.harvest import HarvestMismatch, harvest, state_path
from synthetic_met import SyntheticMet


def ids_in(path) -> list[int]:
    with path.open(newline="", encoding="utf-8") as fh:
        return [int(row["id"]) for row in csv.DictReader(fh)]


def test_fetch_stops_on_failure_and_a_rerun_completes_without_duplicates(online, tmp_path, capsys):
    out = tmp_path / "met.csv"
    with SyntheticMet(objects=250, fail_after=120) as server:
        args = ["fetch", "met", "*", "--out", str(out), "--base-url", server.url]
        assert main(args) == 1
        err = capsys.readouterr().err
        assert "HTTP 403" in err and "run the same command again" in err
        first = ids_in(out)
        assert first == list(range(1, 81))  # the first page, complete; the broken one not written
        server.fail_after = None
        assert main(args) == 0
        assert "continued: 170 new records; 250 in" in capsys.readouterr().out
    assert sorted(ids_in(out)) == list(range(1, 251))
    assert len(ids_in(out)) == 250


def test_a_page_cut_off_mid_write_is_dropped_and_fetched_again(online, tmp_path):
    out = tmp_path / "met.csv"
    with SyntheticMet(objects=200, fail_after=100) as server:
        with pytest.raises(http.SourceError):
            harvest("met", "*", out, progress=False, source_options={"base_url": server.url})
        with out.open("a", encoding="utf-8") as fh:  # a crash left half a row behind
            fh.write('met,81,"Synthetic obj')
        server.fail_after = None
        result = harvest("met", "*", out, progress=False, source_options={"base_url": server.url})
    assert result.resumed and result.written == 120
    assert sorted(ids_in(out)) == list(range(1, 201))


def test_a_finished_harvest_is_not_fetched_again(online, tmp_path):
    out = tmp_path / "met.csv"
    with SyntheticMet(objects=30) as server:
        opts = {"base_url": server.url}
        assert harvest("met", "*", out, progress=False, source_options=opts).written == 30
        hits = sum(server.hits.values())
        again = harvest("met", "*", out, progress=False, source_options=opts)
        assert again.written == 0 and again.total_in_file == 30
        assert sum(server.hits.values()) == hits
        restarted = harvest("met", "*", out, progress=False, restart=True, source_options=opts)
    assert restarted.written == 30 and ids_in(out) == list(range(1, 31))


def test_limit_and_a_different_harvest_into_the_same_file(online, tmp_path):
    out = tmp_path / "met.csv"
    with SyntheticMet(objects=100) as server:
        opts = {"base_url": server.url}
        assert harvest("met", "*", out, limit=25, progress=False, source_options=opts).written == 25
        assert state_path(out).exists()
        with pytest.raises(HarvestMismatch, match="--restart"):
            harvest("met", "cats", out, progress=False, source_options=opts)
    assert ids_in(out) == list(range(1, 26))
