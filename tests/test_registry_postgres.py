"""The registry on a real, throwaway PostgreSQL server (started by tests/pgserver.py).

These tests never skip: without PostgreSQL they fail with the reason and what to install.
"""

from __future__ import annotations

import json
import uuid

import pgserver
import psycopg
import pytest
from sqlalchemy.engine import make_url

from h4og_kit.registry import ConflictError, Registry, StageCheckFailed, demo_registry
from h4og_kit.registry.archive import export, import_

ADMIN = "organizer-token-for-tests-0123456789"
pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def server():
    with pgserver.throwaway_postgres() as url:
        yield url


@pytest.fixture
def url(server, monkeypatch):
    """A fresh database on the module's server."""
    monkeypatch.setenv("H4OG_ADMIN_TOKEN", ADMIN)
    name = f"t_{uuid.uuid4().hex[:10]}"
    parts = make_url(server)
    with psycopg.connect(host=parts.host, port=parts.port, user=parts.username,
                         dbname="postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return parts.set(database=name).render_as_string(hide_password=False)


def test_missing_postgresql_is_a_clear_failure(monkeypatch):
    monkeypatch.setattr(pgserver.shutil, "which", lambda name: None)
    monkeypatch.setattr(pgserver.glob, "glob", lambda pattern: [])
    with pytest.raises(pgserver.PostgresUnavailable, match="apt-get install postgresql"):
        pgserver.find_program("initdb")


def test_register_update_conflict_and_stages(url):
    reg = Registry(url)
    assert reg.is_postgres
    person, ptoken = reg.register("person", {"name": "Layla — ليلى", "email": "l@example.org",
                                             "skills": ["SPARQL"], "time_zone": "Asia/Amman"})
    entry, token = reg.register("project", {"title": "Map 🗺️", "team": [person.id]})
    reg.update(entry.id, {"summary": "first"}, token=ptoken, expected_version=1)
    with pytest.raises(ConflictError) as caught:
        reg.update(entry.id, {"summary": "second"}, token=token, expected_version=1)
    assert caught.value.current.summary == "first"
    with pytest.raises(StageCheckFailed):
        reg.set_stage(entry.id, "research", token=token)
    assert reg.get(person.id, token=ptoken).email == "l@example.org"
    assert "email" not in reg.get(person.id).fields
    assert [v.actor for v in reg.history(entry.id)] == ["registrant", f"team:{person.id}"]
    assert [e.id for e in reg.search(text="map", kind="project")] == [entry.id]
    changes, cursor = reg.changes_since(0)
    assert [c.action for c in changes] == ["register", "register", "update"] and cursor == 3
    reg.close()


def test_archive_round_trip_from_sqlite_to_postgresql(url, tmp_path):
    source = demo_registry(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    source.update("demo-project-labels", {"goals": "Labels beside records"}, token=ADMIN)
    export(source, tmp_path / "demo.json", fmt="json", private=True, token=ADMIN)
    target = Registry(url)
    assert import_(target, tmp_path / "demo.json") == 16
    as_json = lambda reg: json.loads(json.dumps(reg.dump(private=True, token=ADMIN), sort_keys=True))
    assert as_json(target) == as_json(source)
    # the activity sequence continues after the imported rows
    saved = target.update("demo-project-labels", {"summary": "next"}, token=ADMIN)
    assert saved.version == 3
    assert target.changes_since(0)[1] == len(source.dump(private=True, token=ADMIN)["activity"]) + 1
    source.close()
    target.close()


def test_a_dropped_connection_is_reopened(url):
    reg = Registry(url)
    entry, token = reg.register("tool", {"title": "x"})
    parts = make_url(url)
    with psycopg.connect(host=parts.host, port=parts.port, user=parts.username,
                         dbname="postgres", autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()", (parts.database,),
        )
    assert reg.get(entry.id).title == "x"
    assert reg.update(entry.id, {"summary": "y"}, token=token).version == 2
    reg.close()
