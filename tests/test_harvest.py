"""Resumable harvests with `h4og fetch`: a stopped run continues, with no duplicate and no loss.

The server is the SYNTHETIC Met-style loopback server of synthetic_met.py.
"""

from __future__ import annotations

import csv

import pytest
from synthetic_met import SyntheticMet

from h4og_kit import http
from h4og_kit.cli import main
from h4og_kit.harvest import HarvestFileChanged, HarvestMismatch, harvest, state_path


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


def shrink(path, keep: int) -> bytes:
    """Cut the file to its first ``keep`` bytes, as an editor or a full disk might; its new bytes."""
    data = path.read_bytes()[:keep]
    path.write_bytes(data)
    return data


@pytest.mark.parametrize("cut", ["mid-row", "whole-rows"])
def test_a_shortened_file_is_refused_untouched_then_rebuilt_or_restarted(online, tmp_path, capsys,
                                                                         cut):
    out = tmp_path / "met.csv"
    with SyntheticMet(objects=250, fail_after=120) as server:
        args = ["fetch", "met", "*", "--out", str(out), "--base-url", server.url]
        assert main(args) == 1  # stopped after the first page of 80 records
        capsys.readouterr()
        lines = out.read_bytes().split(b"\r\n")
        keep = len(b"\r\n".join(lines[:41])) + 2  # the header and 40 whole rows
        shortened = shrink(out, keep - 7 if cut == "mid-row" else keep)
        server.fail_after = None

        assert main(args) == 1
        err = capsys.readouterr().err
        assert "is shorter than when its harvest was saved" in err and "80 records" in err
        assert "--rebuild-state" in err and "--restart" in err and "Nothing was changed" in err
        assert "run the same command again" not in err
        assert out.read_bytes() == shortened and b"\0" not in out.read_bytes()
        with pytest.raises(HarvestFileChanged):
            harvest("met", "*", out, progress=False, source_options={"base_url": server.url})
        assert out.read_bytes() == shortened

        assert main([*args, "--rebuild-state"]) == 0
        kept = 39 if cut == "mid-row" else 40  # a row cut in the middle is fetched again
        assert f"continued: {250 - kept} new records; 250 in" in capsys.readouterr().out
        assert sorted(ids_in(out)) == list(range(1, 251)) and len(ids_in(out)) == 250
        assert out.read_bytes().startswith(shortened[: len(b"\r\n".join(lines[: kept + 1]))])
        assert b"\0" not in out.read_bytes()
        assert main(args) == 0  # the rebuilt state is a state like any other: nothing left to do
        assert "continued: 0 new records; 250 in" in capsys.readouterr().out

        shrink(out, keep)
        assert main(args) == 1
        assert main([*args, "--restart"]) == 0
        assert "harvested: 250 new records" in capsys.readouterr().out
    assert ids_in(out) == list(range(1, 251))


def test_an_edit_inside_the_saved_records_is_refused(online, tmp_path):
    out = tmp_path / "met.csv"
    with SyntheticMet(objects=200, fail_after=100) as server:
        opts = {"base_url": server.url}
        with pytest.raises(http.SourceError):
            harvest("met", "*", out, progress=False, source_options=opts)
        edited = out.read_bytes().replace(b"Synthetic object 7,", b"Synthetic object 8,", 1)
        out.write_bytes(edited)  # same size, different content
        server.fail_after = None
        with pytest.raises(HarvestFileChanged, match="were changed since its harvest was saved"):
            harvest("met", "*", out, progress=False, source_options=opts)
        assert out.read_bytes() == edited
        result = harvest("met", "*", out, progress=False, rebuild_state=True, source_options=opts)
    assert result.resumed and result.written == 120
    assert sorted(ids_in(out)) == list(range(1, 201))


def test_an_unreadable_state_file_is_refused_and_can_be_rebuilt(online, tmp_path):
    out = tmp_path / "met.csv"
    with SyntheticMet(objects=30) as server:
        opts = {"base_url": server.url}
        harvest("met", "*", out, limit=10, progress=False, source_options=opts)
        state_path(out).write_text("{not json")
        before = out.read_bytes()
        with pytest.raises(HarvestFileChanged, match="cannot be read"):
            harvest("met", "*", out, limit=20, progress=False, source_options=opts)
        assert out.read_bytes() == before
        result = harvest("met", "*", out, limit=20, progress=False, rebuild_state=True,
                         source_options=opts)
    assert result.written == 10 and ids_in(out) == list(range(1, 21))
