"""Registry storage on SQLite: registration, versions, history and revert, conflicts, stage
checks, search, changes_since, migrations, the default location and the demo seed."""

from __future__ import annotations

import json
import sqlite3

import pytest
from sqlalchemy import select

from h4og_kit.registry import (
    ConflictError,
    EntryNotFound,
    Registry,
    StageCheckFailed,
    ValidationError,
    demo_registry,
    schema,
)
from h4og_kit.registry.demo import demo_records
from h4og_kit.registry.errors import SchemaTooNew
from h4og_kit.registry.stages import load_stages, parse_stages

ADMIN = "organizer-token-for-tests-0123456789"


@pytest.fixture
def registry(tmp_path, monkeypatch):
    monkeypatch.setenv("H4OG_ADMIN_TOKEN", ADMIN)
    reg = Registry(f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    yield reg
    reg.close()


def _person(registry, name="Aino", **fields):
    return registry.register("person", {"name": name, **fields})


def test_register_returns_entry_and_a_token_stored_only_as_a_hash(registry, tmp_path):
    entry, token = registry.register("project", {"title": "Sámi place names",
                                                 "keywords": ["#languages"]})
    assert entry.id.startswith("project-") and entry.version == 1 and entry.kind == "project"
    assert entry.title == entry.fields["title"] == "Sámi place names"
    assert entry.stage == "idea" and entry.status == "published"
    assert token.startswith("h4og_") and len(token) >= 32
    raw = (tmp_path / "registry.sqlite3").read_bytes()
    for path in tmp_path.iterdir():
        assert token.encode() not in path.read_bytes()
    assert token.encode() not in raw
    with sqlite3.connect(tmp_path / "registry.sqlite3") as db:
        (stored_hash,) = db.execute("select token_hash from h4og_entries").fetchone()
    assert len(stored_hash) == 64 and stored_hash != token


def test_sqlite_file_is_in_wal_mode(registry, tmp_path):
    with sqlite3.connect(tmp_path / "registry.sqlite3") as db:
        assert db.execute("pragma journal_mode").fetchone()[0] == "wal"


def test_default_url_is_a_sqlite_file_in_the_data_dir_and_the_env_overrides(tmp_path, monkeypatch):
    from h4og_kit.registry.engine import default_url

    monkeypatch.delenv("H4OG_REGISTRY_URL", raising=False)
    monkeypatch.setenv("H4OG_DATA_DIR", str(tmp_path / "data"))
    assert default_url() == f"sqlite:///{tmp_path / 'data' / 'registry.sqlite3'}"
    reg = Registry()
    reg.register("tool", {"title": "OpenRefine"})
    assert (tmp_path / "data" / "registry.sqlite3").is_file()
    reg.close()
    monkeypatch.setenv("H4OG_REGISTRY_URL", f"sqlite:///{tmp_path / 'other.db'}")
    assert Registry().url == f"sqlite:///{tmp_path / 'other.db'}"


def test_update_versions_history_and_revert(registry):
    entry, token = registry.register("project", {"title": "v1 title"})
    second = registry.update(entry.id, {"title": "v2 title", "summary": "short"}, token=token,
                             expected_version=1)
    third = registry.update(entry.id, {"summary": "shorter"}, token=token)
    assert (second.version, third.version) == (2, 3)
    assert third.title == "v2 title"  # fields not changed keep their values
    history = registry.history(entry.id)
    assert [v.number for v in history] == [1, 2, 3]
    assert [v.action for v in history] == ["register", "update", "update"]
    assert history[1].changed == ["title", "summary"]
    assert [v.entry.summary for v in history] == ["", "short", "shorter"]
    assert [v.actor for v in history] == ["registrant", "owner", "owner"]
    reverted = registry.revert(entry.id, 1, token=token)
    assert reverted.version == 4 and reverted.title == "v1 title" and reverted.summary == ""
    assert len(registry.history(entry.id)) == 4  # nothing was deleted
    assert registry.history(entry.id)[-1].action == "revert"


def test_an_update_that_changes_nothing_saves_no_version(registry):
    entry, token = registry.register("tool", {"title": "OpenRefine"})
    assert registry.update(entry.id, {"title": "OpenRefine"}, token=token).version == 1


def test_links_merge_and_person_title_follows_name(registry):
    entry, token = registry.register("project", {"title": "x",
                                                 "links": {"chat": "https://chat.example/x"}})
    saved = registry.update(entry.id, {"links": {"demo": "https://demo.example/"}}, token=token)
    assert saved.links["chat"] == "https://chat.example/x"
    assert saved.links["demo"] == "https://demo.example/"
    person, ptoken = _person(registry, "Aino K")
    assert registry.update(person.id, {"name": "Aino Korhonen"}, token=ptoken).title == "Aino Korhonen"


def test_conflict_shows_both_versions_and_saves_nothing(registry):
    entry, token = registry.register("project", {"title": "Shared", "summary": "start"})
    registry.update(entry.id, {"summary": "Ana's words"}, token=token, expected_version=1)
    with pytest.raises(ConflictError) as caught:
        registry.update(entry.id, {"summary": "Ben's words"}, token=token, expected_version=1)
    conflict = caught.value
    assert conflict.current.version == 2 and conflict.current.summary == "Ana's words"
    assert conflict.yours["summary"] == "Ben's words" and conflict.yours["title"] == "Shared"
    assert conflict.expected_version == 1
    assert "saved by someone else" in str(conflict) and "summary" in str(conflict)
    assert registry.get(entry.id).summary == "Ana's words"
    assert registry.get(entry.id).version == 2


def test_stage_moves_up_only_when_checks_pass(registry):
    person, _ = _person(registry)
    entry, token = registry.register("project", {"title": "Map"})
    with pytest.raises(StageCheckFailed) as caught:
        registry.set_stage(entry.id, "prototype", token=token)
    assert caught.value.stage == "prototype"
    assert caught.value.missing == [
        "at least one team member (for Team)",
        "at least one collection in collections_used (for Research)",
        "goals (for Research)",
        "a description of what the team will build (for Sketch)",
        "a source-code or demo link (for Prototype)",
    ]
    assert registry.get(entry.id).stage == "idea"
    registry.update(entry.id, {
        "team": [person.id], "collections_used": ["Finna"], "goals": "a map",
        "description": "We link places.", "links": {"source": "https://git.example/map"},
    }, token=token)
    moved = registry.set_stage(entry.id, "prototype", token=token)
    assert moved.stage == "prototype"
    with pytest.raises(StageCheckFailed) as caught:
        registry.set_stage(entry.id, "presented", token=token)
    assert caught.value.missing == ["a summary (for Presented)", "an image (for Presented)"]
    assert registry.set_stage(entry.id, "team", token=token).stage == "team"  # down needs nothing
    last = registry.history(entry.id)[-1]
    assert (last.stage_before, last.stage_after, last.action) == ("prototype", "team", "stage")


def test_registering_at_a_later_stage_runs_the_checks(registry):
    with pytest.raises(StageCheckFailed):
        registry.register("project", {"title": "x", "stage": "research"})
    with pytest.raises(ValidationError) as caught:
        registry.register("project", {"title": "x", "stage": "finished"})
    assert caught.value.errors["stage"].startswith(
        "\u201cStage\u201d is not one of the event's stages (\u201cfinished\u201d)")


def test_team_members_must_be_person_entries(registry):
    tool, _ = registry.register("tool", {"title": "x"})
    with pytest.raises(ValidationError) as caught:
        registry.register("project", {"title": "x", "team": ["person-nobody", tool.id]})
    assert caught.value.errors == {
        "team.0": "no person entry has the id 'person-nobody'",
        "team.1": f"no person entry has the id '{tool.id}'",
    }


def test_stages_are_data_organizers_can_override(tmp_path, monkeypatch):
    bundled = load_stages()
    assert bundled.names == ("idea", "team", "research", "sketch", "prototype", "presented", "live")
    custom = {"stages": [
        {"name": "idea", "checks": []},
        {"name": "demo", "checks": [{"rule": "any_present", "fields": ["links.demo"],
                                      "message": "a demo link"}]},
    ]}
    (tmp_path / "stages.json").write_text(json.dumps(custom))
    monkeypatch.setenv("H4OG_DATA_DIR", str(tmp_path))
    assert load_stages().names == ("idea", "demo")
    reg = Registry("sqlite://")
    assert reg.stages.names == ("idea", "demo")
    entry, token = reg.register("project", {"title": "x"})
    with pytest.raises(StageCheckFailed) as caught:
        reg.set_stage(entry.id, "demo", token=token)
    assert caught.value.missing == ["a demo link (for demo)"]
    with pytest.raises(ValueError, match="rule 'exists' is not one of"):
        parse_stages({"stages": [{"name": "a", "checks": [{"rule": "exists", "field": "x"}]}]})


def test_search_filters(registry):
    registry.register("project", {"title": "Sámi place names", "keywords": ["#Languages", "#maps"],
                                  "languages": ["se", "fi-FI"], "summary": "Maps of 100% names"})
    registry.register("project", {"title": "IIIF stories", "keywords": ["#storytelling"],
                                  "languages": ["en"]})
    registry.register("tool", {"title": "Place-name gazetteer", "keywords": ["#languages"]})
    registry.register("person", {"name": "Aino", "email": "aino@example.org",
                                 "skills": ["SPARQL"]})
    titles = lambda entries: sorted(e.title for e in entries)
    assert titles(registry.search(text="PLACE")) == ["Place-name gazetteer", "Sámi place names"]
    assert titles(registry.search(text="place sámi")) == ["Sámi place names"]
    assert titles(registry.search(text="100%")) == ["Sámi place names"]
    assert titles(registry.search(text="1_0")) == []  # LIKE wildcards are escaped
    assert titles(registry.search(tags="languages")) == ["Place-name gazetteer", "Sámi place names"]
    assert titles(registry.search(tags=["#LANGUAGES", "maps"])) == ["Sámi place names"]
    assert titles(registry.search(kind="tool", tags="languages")) == ["Place-name gazetteer"]
    assert titles(registry.search(language="fi")) == ["Sámi place names"]
    assert titles(registry.search(language="fi-fi")) == ["Sámi place names"]
    assert titles(registry.search(stage="idea")) == ["IIIF stories", "Sámi place names"]
    assert registry.search(text="aino@example.org") == []  # private fields are not searched
    person = registry.search(kind="person")[0]
    assert "email" not in person.fields


def test_hidden_entries_leave_search_and_featured_come_first(registry):
    a, _ = registry.register("tool", {"title": "Alpha"})
    b, _ = registry.register("tool", {"title": "Beta"})
    registry.feature(a.id, ADMIN)
    assert [e.title for e in registry.search(kind="tool")] == ["Alpha", "Beta"]
    registry.hide(b.id, ADMIN)
    assert [e.title for e in registry.search(kind="tool")] == ["Alpha"]
    assert [e.title for e in registry.search(kind="tool", status="hidden")] == ["Beta"]
    shown = registry.hide(b.id, ADMIN, hidden=False)
    assert shown.status == "published"
    assert registry.counts()["kind"] == {"tool": 2}


def test_changes_since_feeds_a_live_board(registry):
    changes, cursor = registry.changes_since(0)
    assert changes == [] and cursor == 0
    entry, token = registry.register("project", {"title": "x"})
    registry.update(entry.id, {"summary": "y"}, token=token)
    changes, cursor = registry.changes_since(0)
    assert [(c.action, c.version, c.changed) for c in changes] == [
        ("register", 1, ["title"]), ("update", 2, ["summary"])]
    assert all(c.entry.version == 2 for c in changes)  # each carries the entry as it is now
    assert registry.changes_since(cursor) == ([], cursor)
    assert registry.cursor() == cursor == 2
    registry.hide(entry.id, ADMIN)
    registry.lock(ADMIN)
    changes, cursor2 = registry.changes_since(cursor)
    assert [(c.action, c.entry) for c in changes] == [("hide", None), ("lock", None)]
    assert cursor2 > cursor
    page, next_cursor = registry.changes_since(0, limit=2)
    assert len(page) == 2 and next_cursor == page[-1].seq


def test_private_fields_only_with_the_right_token(registry):
    person, token = _person(registry, email="aino@example.org")
    assert "email" not in registry.get(person.id).fields
    assert registry.get(person.id, token=token).email == "aino@example.org"
    assert registry.get(person.id, token=ADMIN).email == "aino@example.org"
    _other, other_token = _person(registry, "Ben")
    assert "email" not in registry.get(person.id, token=other_token).fields
    assert all("email" not in v.entry.fields for v in registry.history(person.id))
    assert registry.history(person.id, token=token)[0].entry.email == "aino@example.org"


def test_missing_entries(registry):
    with pytest.raises(EntryNotFound, match="no entry has the id 'project-none'"):
        registry.get("project-none")
    entry, token = registry.register("tool", {"title": "x"})
    with pytest.raises(EntryNotFound, match="has no version 7"):
        registry.revert(entry.id, 7, token=token)


def test_schema_is_versioned_and_migrations_run_once(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    reg = Registry(url)
    current = schema.SCHEMA_VERSION
    with reg.engine.connect() as conn:
        assert schema.schema_version(conn) == current == 2
    reg.close()
    ran = []

    def add_index(conn):
        ran.append(True)
        conn.exec_driver_sql("CREATE INDEX ix_test_title ON h4og_entries (updated)")

    monkeypatch.setattr(schema, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(schema.MIGRATIONS, current + 1, ("index on updated", add_index))
    Registry(url).close()
    Registry(url).close()
    assert ran == [True]
    with sqlite3.connect(tmp_path / "r.sqlite3") as db:
        assert db.execute("select value from h4og_meta where key='schema_version'").fetchone() == (
            str(current + 1),)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", current)
    with pytest.raises(SchemaTooNew, match=f"schema version {current + 1}, newer than this h4og"):
        Registry(url)


def test_a_version_1_registry_gains_the_repository_and_announcement_tables(tmp_path):
    path = tmp_path / "old.sqlite3"
    reg = Registry(f"sqlite:///{path}")
    entry, _token = reg.register("tool", {"title": "Kept through the upgrade"})
    reg.close()
    with sqlite3.connect(path) as db:  # what a kit of schema version 1 left behind
        db.execute("drop table h4og_repositories")
        db.execute("drop table h4og_announcements")
        db.execute("update h4og_meta set value='1' where key='schema_version'")
    reg = Registry(f"sqlite:///{path}")
    assert reg.get(entry.id).title == "Kept through the upgrade"
    reg.close()
    with sqlite3.connect(path) as db:
        tables = {row[0] for row in db.execute("select name from sqlite_master where type='table'")}
        version = db.execute("select value from h4og_meta where key='schema_version'").fetchone()
    assert {"h4og_repositories", "h4og_announcements"} <= tables
    assert version == ("2",)


def test_demo_registry_is_labelled_complete_and_seeded_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    reg = demo_registry(url)
    again = demo_registry(url)
    entries = again.all_entries(include_hidden=True)
    assert len(entries) == len(demo_records()) == 16
    assert {e.kind for e in entries} == {"person", "project", "collection", "tool", "workshop",
                                         "challenge"}
    assert all(e.title.startswith("Demo:") and "#demo" in e.keywords for e in entries)
    assert all(e.status == "published" for e in entries)
    stages = {e.id: e.stage for e in entries if e.kind == "project"}
    assert stages == {"demo-project-placenames": "sketch", "demo-project-iiif-stories": "prototype",
                      "demo-project-labels": "idea"}
    met = again.get("demo-collection-met")
    assert met.license_category == "public-domain"
    assert again.get("demo-collection-finna").license_category == "unknown"
    with again.engine.connect() as conn:
        seeded = conn.execute(select(schema.meta.c.key).where(schema.meta.c.key.like("seeded:%")))
        assert len(seeded.all()) == 1
    added = again.seed([*demo_records(), {"id": "demo-tool-extra", "kind": "tool",
                                          "fields": {"title": "Demo: one more tool"}}], "demo-v2")
    assert added == 1 and len(again.all_entries()) == 17
    reg.close()
    again.close()


def test_postgres_urls_get_the_psycopg_driver():
    from h4og_kit.registry.engine import normalize_url

    assert normalize_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("sqlite:///x.db") == "sqlite:///x.db"


def test_recent_changes_stage_moves_and_names_for_a_page_that_opens(registry):
    person, _ = registry.register("person", {"name": "Aino"})
    hidden_person, _ = registry.register("person", {"name": "Not shown", "status": "draft"})
    project, token = registry.register("project", {"title": "Map", "team": [person.id]})
    for i in range(5):
        registry.update(project.id, {"summary": f"s{i}"}, token=token)
    registry.set_stage(project.id, "team", token=token)
    recent, cursor = registry.recent_changes(3)
    assert [c.seq for c in recent] == [7, 8, 9] and cursor == 9 == registry.cursor()
    assert recent[-1].stage_after == "team" and recent[-1].entry.fields["stage"] == "team"
    assert registry.changes_since(cursor) == ([], cursor)
    moves = registry.stage_moves([project.id, person.id])
    assert list(moves) == [project.id] and list(moves[project.id]) == ["idea", "team"]
    assert moves[project.id]["team"] == recent[-1].at
    assert registry.person_names([person.id, hidden_person.id, project.id]) == {person.id: "Aino"}
    assert Registry("sqlite://").recent_changes(15) == ([], 0)
