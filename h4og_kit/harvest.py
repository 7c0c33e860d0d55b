"""Resumable harvests: write records to a CSV file as they arrive, and continue where a run stopped.

Beside ``out.csv`` lives ``out.csv.state.json``: the source, query and filters of the harvest, the
cursor of the next page, and the size the CSV had when that cursor was saved. Each page is
appended and flushed to disk before the state moves on, so a run that is killed anywhere loses at
most the page in flight, and the next run cuts the CSV back to the saved size and fetches that page
again. Records already in the file are never appended twice.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from h4og_kit.records import COLUMNS
from h4og_kit.rights.license import REUSABLE_CATEGORIES
from h4og_kit.sources import load


@dataclass
class HarvestResult:
    """What a harvest run did."""

    path: Path
    written: int
    total_in_file: int
    resumed: bool


class HarvestMismatch(ValueError):
    """The state file beside the output belongs to a different harvest."""


def state_path(out: Path) -> Path:
    return out.with_name(out.name + ".state.json")


def _write_state(path: Path, state: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(state, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def _ids_in(out: Path) -> set[str]:
    if not out.exists() or out.stat().st_size == 0:
        return set()
    with out.open(newline="", encoding="utf-8") as fh:
        return {row["id"] for row in csv.DictReader(fh)}


def harvest(
    source: str,
    query: str,
    out: str | Path,
    *,
    open_only: bool = False,
    limit: int | None = None,
    restart: bool = False,
    progress: bool = True,
    source_options: dict[str, Any] | None = None,
    **filters: Any,
) -> HarvestResult:
    """Fetch every record of ``source`` matching ``query`` into the CSV file ``out``, resumably.

    ``source_options`` go to the source's constructor (e.g. ``{"base_url": ...}`` for an OAI-PMH
    endpoint). A second call with the same arguments continues from the saved cursor; with
    ``restart=True`` it starts over and replaces the file.
    """
    from tqdm.auto import tqdm

    out = Path(out)
    src = load(source, **(source_options or {}))
    spec = {"source": src.name, "query": query, "open_only": open_only, "filters": filters,
            "base_url": src.base_url}
    state_file = state_path(out)
    state = json.loads(state_file.read_text()) if state_file.exists() and not restart else None
    if state is not None and state.get("spec") != spec:
        raise HarvestMismatch(
            f"{out} belongs to another harvest ({state.get('spec')}); choose another --out "
            "or pass --restart to replace it."
        )
    if restart and out.exists():
        out.unlink()
    if state is not None and not out.exists():
        state = None  # the output was removed: start again
    resumed = state is not None
    if state is not None:
        if state.get("done"):
            return HarvestResult(out, 0, len(_ids_in(out)), True)
        with out.open("r+b") as fh:  # drop a page that was cut off mid-write
            fh.truncate(state["bytes"])
    seen = _ids_in(out)
    cursor = state["cursor"] if state else None
    written = 0
    bar = tqdm(desc=f"{src.name} -> {out.name}", unit="rec", disable=not progress, initial=len(seen))
    done = False
    try:
        for page in src.iter_pages(query, open_only=open_only, cursor=cursor, **filters):
            if page.total is not None:
                bar.total = page.total if limit is None else min(page.total, limit)
            fresh = [r for r in page.records if r["id"] not in seen]
            if open_only:
                fresh = [r for r in fresh if r["license_category"] in REUSABLE_CATEGORIES]
            if limit is not None:
                fresh = fresh[: max(0, limit - len(seen))]
            _append(out, fresh)
            seen.update(r["id"] for r in fresh)
            written += len(fresh)
            bar.update(len(fresh))
            done = page.next_cursor is None or (limit is not None and len(seen) >= limit)
            _save(state_file, spec, page.next_cursor, out, done)
            if done:
                break
        if not done:  # the source had no (more) pages
            _save(state_file, spec, None, out, True)
    finally:
        bar.close()
    return HarvestResult(out, written, len(seen), resumed)


def _save(state_file: Path, spec: dict, cursor: Any, out: Path, done: bool) -> None:
    size = out.stat().st_size if out.exists() else 0
    _write_state(state_file, {"spec": spec, "cursor": cursor, "bytes": size, "done": done})


def _append(out: Path, records: list[dict]) -> None:
    new_file = not out.exists() or out.stat().st_size == 0
    with out.open("a", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        if new_file:
            writer.writeheader()
        writer.writerows(records)
        fh.flush()
        os.fsync(fh.fileno())
