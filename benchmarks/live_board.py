"""What an open showcase board costs the database: per change, and to open the page.

- **Per change**: one board is open (``ProjectBoard``, no filter); a registration and two updates
  happen, each applied by its own ``poll``. Counted: the SQL statements and transactions the
  board ran for each.
- **Page open**: building the board (its cards and its feed of the last 15 changes) with 100 and
  with 100,000 rows in the activity log, side by side: time and statements.

The registry is SYNTHETIC (entries made up here; the activity log is filled with update rows by
bulk insert, as a long event would have it). Statements are counted with SQLAlchemy's
``before_cursor_execute`` event, so they do not depend on the machine.

    python benchmarks/live_board.py [--json]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ADMIN = "benchmark-organizer-token-0123456789"
LOG_SIZES = (100, 100_000)


@contextmanager
def counted(engine):
    """Count the statements and transactions run on ``engine`` inside the block."""
    from sqlalchemy import event

    seen = {"statements": 0, "transactions": 0}

    def statement(*_args):
        seen["statements"] += 1

    def begin(*_args):
        seen["transactions"] += 1

    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "begin", begin)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        event.remove(engine, "begin", begin)


def _registry(folder: Path, name: str, entries: int = 60):
    from h4og_kit.registry import Registry

    registry = Registry(f"sqlite:///{folder / name}")
    for i in range(entries):
        kind = ("project", "person", "tool")[i % 3]
        fields = {"name": f"Person {i}"} if kind == "person" else {"title": f"{kind} {i}"}
        registry.register(kind, {**fields, "summary": f"synthetic entry {i}",
                                 "keywords": [f"#tag{i % 7}"]})
    return registry


def _fill_activity(registry, rows: int) -> None:
    """Append ``rows`` update rows to the activity log in bulk (synthetic history)."""
    from sqlalchemy import func, insert, select

    from h4og_kit.registry import schema

    entries = [(e.id, e.kind, e.version) for e in registry.all_entries()]
    with registry.engine.begin() as conn:
        have = conn.execute(select(func.count()).select_from(schema.activity)).scalar()
        batch = [
            {"at": "2026-11-30T00:00:00.000000Z", "actor": "owner", "action": "update",
             "entry_id": entry_id, "kind": kind, "version": version, "changed": '["summary"]'}
            for n in range(max(0, rows - have))
            for entry_id, kind, version in [entries[n % len(entries)]]
        ]
        for start in range(0, len(batch), 10_000):
            conn.execute(insert(schema.activity), batch[start:start + 10_000])


def per_change(folder: Path) -> dict:
    """A registration, an update and a stage move, each applied by its own poll (as an open
    board sees them, a few seconds apart)."""
    from h4og_kit.widgets import ProjectBoard

    registry = _registry(folder, "per-change.sqlite3")
    board = ProjectBoard(registry, live=False)
    project, token = registry.register("project", {"title": "Live project"})
    changes = [
        lambda: None,  # the registration above
        lambda: registry.update(project.id, {"summary": "updated"}, token=token),
        lambda: registry.update(project.id, {"goals": "g", "summary": "s"}, token=token),
    ]
    statements = transactions = 0
    for change in changes:
        change()
        with counted(registry.engine) as seen:
            assert board.poll() == 1
        statements += seen["statements"]
        transactions += seen["transactions"]
    registry.close()
    return {"statements_per_change": statements / len(changes),
            "transactions_per_change": transactions / len(changes)}


def page_open(folder: Path, rows: int) -> dict:
    from h4og_kit.widgets import ProjectBoard

    registry = _registry(folder, f"open-{rows}.sqlite3")
    _fill_activity(registry, rows)
    ProjectBoard(registry, live=False)  # warm: imports, SQLite page cache
    with counted(registry.engine) as seen:
        start = time.perf_counter()
        ProjectBoard(registry, live=False)
        seconds = time.perf_counter() - start
    registry.close()
    return {"seconds": seconds, "statements": seen["statements"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="end with one JSON line of figures")
    args = parser.parse_args()
    import os

    os.environ["H4OG_ADMIN_TOKEN"] = ADMIN
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        change = per_change(folder)
        opens = {rows: page_open(folder, rows) for rows in LOG_SIZES}
    small, large = (opens[rows] for rows in LOG_SIZES)
    figures = {
        **change,
        "open_100_rows_s": round(small["seconds"], 4),
        "open_100000_rows_s": round(large["seconds"], 4),
        "open_statements_100_rows": small["statements"],
        "open_statements_100000_rows": large["statements"],
        "open_cost_ratio_100000_vs_100": round(large["seconds"] / small["seconds"], 2),
    }
    print("live board: what one open page costs the database")
    print(f"  per change applied:  {change['statements_per_change']:.1f} statements, "
          f"{change['transactions_per_change']:.1f} transactions")
    for rows in LOG_SIZES:
        print(f"  page open, {rows:>7,} activity rows: {opens[rows]['seconds'] * 1000:8.1f} ms, "
              f"{opens[rows]['statements']} statements")
    print(f"  page open 100,000 vs 100 rows: {figures['open_cost_ratio_100000_vs_100']}x")
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
