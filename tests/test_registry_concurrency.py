"""Reliability: 8 processes x 1,000 updates against one registry, on SQLite and on PostgreSQL.

Each process updates its own project (9 of 10 updates) and a project all of them share (1 of 10),
always with ``expected_version``. A write that loses the race must come back as ConflictError (the
process then tries again on the version the error reports); anything else, such as an unhandled "database is locked",
fails the test. Afterwards no update may be lost and every stored version must still validate.
"""

from __future__ import annotations

import json
import multiprocessing
import traceback

import pytest
from pgserver import throwaway_postgres

from h4og_kit.registry import ConflictError, Registry
from h4og_kit.registry.models import validate_fields

PROCESSES = 8
UPDATES = 1000
SHARED_EVERY = 10  # one update in ten goes to the shared entry


def _worker(url: str, index: int, own: tuple[str, str], shared: tuple[str, str]) -> dict:
    """Run in a child process: UPDATES updates, retrying after each ConflictError."""
    try:
        registry = Registry(url)
        conflicts = 0
        own_version = registry.get(own[0]).version
        for i in range(UPDATES):
            value = f"p{index}:u{i}"
            if i % SHARED_EVERY == 0:
                loaded = registry.get(shared[0]).version
                while True:
                    try:
                        registry.update(
                            shared[0], {"summary": value}, token=shared[1], expected_version=loaded
                        )
                        break
                    except ConflictError as exc:
                        assert exc.current.version > loaded
                        assert exc.yours["summary"] == value
                        loaded = exc.current.version
                        conflicts += 1
            else:
                saved = registry.update(
                    own[0], {"summary": value}, token=own[1], expected_version=own_version
                )
                own_version = saved.version
        registry.close()
        return {"conflicts": conflicts, "error": None}
    except Exception:  # noqa: BLE001 - reported to the parent, which fails the test with the traceback
        return {"conflicts": 0, "error": traceback.format_exc()}


def _hammer(url: str) -> None:
    registry = Registry(url)
    shared = registry.register("project", {"title": "Shared project"})
    shared = (shared[0].id, shared[1])
    owns = []
    for index in range(PROCESSES):
        entry, token = registry.register("project", {"title": f"Project of process {index}"})
        owns.append((entry.id, token))
    start_cursor = registry.changes_since(0)[1]

    context = multiprocessing.get_context("spawn")
    with context.Pool(PROCESSES) as pool:
        results = pool.starmap(
            _worker, [(url, index, owns[index], shared) for index in range(PROCESSES)]
        )
    errors = [r["error"] for r in results if r["error"]]
    assert not errors, "\n\n".join(errors)

    shared_updates = len(range(0, UPDATES, SHARED_EVERY))
    own_updates = UPDATES - shared_updates
    for index, (entry_id, _) in enumerate(owns):
        history = registry.history(entry_id)
        assert registry.get(entry_id).version == 1 + own_updates
        expected = [f"p{index}:u{i}" for i in range(UPDATES) if i % SHARED_EVERY]
        assert [v.entry.summary for v in history[1:]] == expected

    shared_history = registry.history(shared[0])
    assert registry.get(shared[0]).version == 1 + PROCESSES * shared_updates
    saved_values = [v.entry.summary for v in shared_history[1:]]
    expected_values = {
        f"p{index}:u{i}" for index in range(PROCESSES) for i in range(0, UPDATES, SHARED_EVERY)
    }
    assert len(saved_values) == len(expected_values)
    assert set(saved_values) == expected_values  # no lost update, none saved twice
    for version in shared_history[:: len(shared_history) // 50]:
        assert validate_fields("project", dict(version.entry.fields)) == version.entry.fields

    changes, _ = registry.changes_since(start_cursor, limit=10 * PROCESSES * UPDATES)
    assert len(changes) == PROCESSES * UPDATES
    seqs = [c.seq for c in changes]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    dump = registry.dump()  # every entry here is published: the public dump reads every row
    for row in dump["versions"]:  # no corrupt row anywhere
        json.loads(row["data"])
    print(f"conflicts reported: {sum(r['conflicts'] for r in results)}")
    registry.close()


def test_eight_processes_on_one_sqlite_file(tmp_path):
    _hammer(f"sqlite:///{tmp_path / 'registry.sqlite3'}")


@pytest.mark.postgres
def test_eight_processes_on_postgresql():
    with throwaway_postgres() as url:
        _hammer(url)
