"""The ``h4og registry ...`` sub-commands, through an argparse parser built like the main one."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from h4og_kit.registry import Registry
from h4og_kit.registry.cli import add_registry_parser

pytest_plugins = ["cli_fixtures"]


def test_every_sub_command_is_there(run):
    parser = argparse.ArgumentParser(prog="h4og")
    registry = add_registry_parser(parser.add_subparsers())
    choices = registry._subparsers._group_actions[0].choices
    assert list(choices) == ["init", "add", "update", "list", "show", "history", "revert", "hide",
                             "lock", "export", "import", "import-event", "sync", "announce",
                             "seed-demo"]


def test_add_update_show_history_revert(run, tmp_path, monkeypatch):
    code, out, _ = run("init")
    assert code == 0 and "registry.sqlite3" in out
    code, out, _ = run("add", "project", "--set", "title=Sámi place names",
                       "--set", 'keywords=["#languages"]', "--set", "summary=2021")
    assert code == 0
    entry_id = out.split()[1]
    token = out.strip().splitlines()[-1].rsplit(" ", 1)[1]
    assert token.startswith("h4og_")
    registry = Registry()
    assert registry.get(entry_id).summary == "2021"  # numbers stay text as typed
    monkeypatch.setenv("H4OG_EDIT_TOKEN", token)
    code, out, _ = run("update", entry_id, "--set", "goals=A map", "--expected-version", "1")
    assert code == 0 and "now version 2" in out
    code, _, err = run("update", entry_id, "--set", "goals=Old", "--expected-version", "1")
    assert code == 3 and "saved by someone else" in err
    code, out, _ = run("show", entry_id, "--json")
    assert json.loads(out)["fields"]["goals"] == "A map"
    code, out, _ = run("history", entry_id)
    assert out.splitlines()[0].startswith("v1") and "update" in out.splitlines()[1]
    code, out, _ = run("revert", entry_id, "1")
    assert code == 0 and registry.get(entry_id).goals == ""
    code, out, _ = run("list", "--tag", "languages")
    assert entry_id in out and "1 entry" in out


def test_errors_are_messages_not_tracebacks(run):
    code, _, err = run("add", "person", "--set", "name=Aino", "--set", "time_zone=Mars/Base",
                       "--set", "email=nope")
    assert code == 1
    lines = err.splitlines()  # each refused field on its own line, with the validator's message
    assert lines[0] == "error: not saved:"
    assert "Mars/Base" in lines[1] and lines[1].startswith("  time_zone: ")
    assert "e-mail address" in lines[2] and lines[2].startswith("  email: ")
    code, _, err = run("add", "spaceship", "--set", "title=x")
    assert code == 1 and err.startswith("error: not saved:\n  kind: ") and "spaceship" in err
    code, out, _ = run("add", "project", "--set", "title=x")
    entry_id = out.split()[1]
    code, _, err = run("update", entry_id, "--set", "stage=prototype", "--token", "wrong")
    assert code == 1 and "may not change" in err
    code, _, err = run("update", entry_id, "--set", "stage=prototype")  # organizer token
    assert code == 1 and "cannot move to 'prototype'" in err and "  - goals (for " in err


def test_add_reads_json_and_tokens_are_printed_once_to_stdout_only(run, tmp_path):
    (tmp_path / "p.json").write_text(json.dumps({"name": "Aino", "skills": ["SPARQL"]}))
    code, out, err = run("add", "person", "--json", str(tmp_path / "p.json"))
    assert code == 0 and err == ""
    assert out.count("h4og_") == 1


def test_hide_lock_export_import_and_seed_demo(run, tmp_path):
    code, out, _ = run("seed-demo")
    assert code == 0 and "5 person" in out and "3 project" in out
    demo_url = f"sqlite:///{tmp_path / 'data' / 'demo-registry.sqlite3'}"
    code, out, _ = run("seed-demo")
    assert "5 person" in out  # idempotent
    code, out, _ = run("--url", demo_url, "hide", "demo-tool-wdqs")
    assert code == 0 and "hidden" in out
    code, out, _ = run("--url", demo_url, "lock")
    assert code == 0 and "locked" in out
    code, out, _ = run("--url", demo_url, "export", str(tmp_path / "pkg"))
    assert code == 0 and (tmp_path / "pkg" / "datapackage.json").is_file()
    code, out, _ = run("--url", f"sqlite:///{tmp_path / 'copy.sqlite3'}", "import",
                       str(tmp_path / "pkg"))
    assert code == 0 and "imported 15 entries" in out  # the hidden tool is not in a public export
    code, out, _ = run("--url", f"sqlite:///{tmp_path / 'copy.sqlite3'}", "list", "--kind", "tool")
    assert "demo-tool-h4og" in out and "demo-tool-wdqs" not in out
    code, out, _ = run("--url", demo_url, "export", str(tmp_path / "all"), "--private")
    code, out, _ = run("--url", f"sqlite:///{tmp_path / 'all.sqlite3'}", "import",
                       str(tmp_path / "all"))
    assert code == 0 and "imported 16 entries" in out  # the organizer's archive keeps it
    code, out, _ = run("--url", demo_url, "export", str(tmp_path / "show.html"), "--format", "html")
    assert "Demo: IIIF story viewer" in (tmp_path / "show.html").read_text(encoding="utf-8")


def test_seed_demo_says_where_it_writes_and_leaves_the_events_registry_alone(run, tmp_path,
                                                                           monkeypatch):
    demo_file = tmp_path / "data" / "demo-registry.sqlite3"
    code, out, err = run("seed-demo")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].startswith(f"The demo entries are in {demo_file}: ") and "5 person" in lines[0]
    assert "h4og serve --demo" in lines[1]
    assert len(lines) == 2  # no H4OG_REGISTRY_URL: nothing more to say about it

    event = tmp_path / "event.sqlite3"
    monkeypatch.setenv("H4OG_REGISTRY_URL", f"sqlite:///{event}")
    code, out, _ = run("seed-demo")
    assert code == 0 and out.startswith(f"The demo entries are in {demo_file}: ")
    assert "H4OG_REGISTRY_URL is not used here" in out
    assert "h4og registry --url URL seed-demo" in out
    assert not event.exists()  # the event's registry was not even created

    code, out, _ = run("--url", f"sqlite:///{event}", "seed-demo")  # asked for: it goes there
    assert code == 0 and out.splitlines() == [out.splitlines()[0]]
    assert out.startswith(f"The demo entries are in {event}: ") and "3 project" in out
    assert Registry(f"sqlite:///{event}").counts()["kind"]["project"] == 3

    from h4og_kit.registry.cli import _where

    where = _where("postgresql+psycopg://organizer:s3cret@db.example.org/event")
    assert "s3cret" not in where and "db.example.org/event" in where  # never a password


def test_export_for_other_hackathon_tools_holds_public_data_only(run, tmp_path):
    run("seed-demo")
    demo_url = f"sqlite:///{tmp_path / 'data' / 'demo-registry.sqlite3'}"
    run("--url", demo_url, "hide", "demo-project-labels")
    code, out, _ = run("--url", demo_url, "export", str(tmp_path / "hackathon.json"), "--format",
                       "hackathon-json", "--event-name", "Hack4OpenGLAM",
                       "--base-url", "https://example.org")
    assert code == 0 and "exported (hackathon-json)" in out
    hackathon = json.loads((tmp_path / "hackathon.json").read_text(encoding="utf-8"))
    assert (hackathon["@type"], hackathon["name"]) == ("Hackathon", "Hack4OpenGLAM")
    works = {w["url"] for w in hackathon["workPerformed"]}
    assert "https://example.org/entry/demo-project-labels" not in works  # hidden
    assert works and all(url.startswith("https://example.org/entry/demo-") for url in works)
    code, out, _ = run("--url", demo_url, "export", str(tmp_path / "dribdat"), "--format",
                       "dribdat")
    assert code == 0 and (tmp_path / "dribdat" / "datapackage.json").is_file()
    code, _, err = run("--url", demo_url, "export", str(tmp_path / "x"), "--format", "dribdat",
                       "--private")
    assert code == 2 and "dribdat holds public data only: leave out --private" in err


def test_import_event_from_a_dribdat_export_twice_creates_nothing_new(run, tmp_path):
    sample = (Path(__file__).parent / "fixtures" / "events"
              / "glamhack2022_dribdat_datapackage_EXTRACT.json")
    package = json.loads(sample.read_text(encoding="utf-8"))
    projects = next(r["data"] for r in package["resources"] if r["name"] == "projects")
    url = f"sqlite:///{tmp_path / 'event.sqlite3'}"
    code, out, _ = run("--url", url, "import-event", str(sample), "--from", "dribdat", "--dry-run")
    assert code == 0 and "would be created" in out
    assert run("--url", url, "list", "--kind", "project")[1].strip().endswith("0 entries")
    code, out, _ = run("--url", url, "import-event", str(sample), "--from", "dribdat")
    assert code == 0 and ", 0 rejected" in out
    code, out, _ = run("--url", url, "import-event", str(sample), "--from", "dribdat")
    assert code == 0 and out.startswith("0 created, 0 updated, ")
    listed = run("--url", url, "list", "--kind", "project")[1] + run(
        "--url", url, "list", "--kind", "challenge")[1]
    assert all(p["name"] in listed for p in projects)
