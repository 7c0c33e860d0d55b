"""Resumable harvests: write records to a CSV file as they arrive, and continue where a run stopped.

Beside ``out.csv`` lives ``out.csv.state.json``: the source, query and filters of the harvest, the
cursor of the next page, and what the CSV held when that cursor was saved (its size in bytes, the
SHA-256 of those bytes and the number of records). Each page is appended and flushed to disk
before the state moves on, so a run that is killed anywhere loses at most the page in flight: the
next run cuts the CSV back to the saved size and fetches that page again. Records already in the
file are never appended twice.

A file that no longer matches its state (shortened, truncated, or edited in its saved part) is
never cut, padded or appended to: the harvest stops with :class:`HarvestFileChanged`, which says
how to go on. ``restart=True`` (``h4og fetch --restart``) starts over with an empty file;
``rebuild_state=True`` (``--rebuild-state``) keeps the complete rows of the file, reads their ids,
and harvests again from the first page, skipping the records already there: every page is fetched
again (from the answer cache where it still has them), only the missing records are written.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from h4og_kit import drift
from h4og_kit.drift import DEFAULT_THRESHOLD
from h4og_kit.quality import QualityReport, check_required, keep
from h4og_kit.records import COLUMNS
from h4og_kit.rights.license import REUSABLE_CATEGORIES
from h4og_kit.sources import load

HOW_TO_GO_ON = (
    "Nothing was changed. To go on, either rebuild the state from the records in the file "
    "(`h4og fetch ... --rebuild-state`, or harvest(..., rebuild_state=True)): it harvests again "
    "from the first page and adds only the records the file lacks, so every page is fetched "
    "again; or start over with an empty file (`--restart`, or restart=True)."
)


@dataclass
class HarvestResult:
    """What a harvest run did: the records it wrote, and the quality report of the whole file
    (written as CSV to ``report_path``)."""

    path: Path
    written: int
    total_in_file: int
    resumed: bool
    report: QualityReport | None = None
    report_path: Path | None = None


def report_path_for(out: Path) -> Path:
    """Where a harvest into ``out`` writes its quality report unless told: ``NAME.report.csv``."""
    return out.with_name(out.stem + ".report.csv")


class HarvestMismatch(ValueError):
    """The state file beside the output belongs to a different harvest."""


class HarvestFileChanged(HarvestMismatch):
    """The output no longer matches its state file (shortened or edited); nothing was changed."""


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


def _read_state(state_file: Path, out: Path) -> dict | None:
    if not state_file.exists():
        return None
    try:
        state = json.loads(state_file.read_text(encoding="utf-8"))
    except ValueError:
        state = None
    if not isinstance(state, dict) or not isinstance(state.get("bytes"), int):
        raise HarvestFileChanged(
            f"The harvest state {state_file} cannot be read, so {out} cannot be continued safely. "
            + HOW_TO_GO_ON)
    return state


def _hash_prefix(out: Path, size: int):
    """SHA-256 of the first ``size`` bytes of ``out``, read in blocks."""
    digest = hashlib.sha256()
    with out.open("rb") as fh:
        left = size
        while left > 0:
            block = fh.read(min(left, 1 << 20))
            if not block:
                break
            digest.update(block)
            left -= len(block)
    return digest


def _check_file(out: Path, state: dict) -> Any:
    """The running hash of the saved part of ``out``; HarvestFileChanged when it changed."""
    saved, size = state["bytes"], out.stat().st_size
    records = state.get("records")
    said = f"{saved} bytes" + (f" with {records} records" if records is not None else "")
    if size < saved:
        raise HarvestFileChanged(
            f"{out} is shorter than when its harvest was saved ({size} bytes now, {said} then in "
            f"{state_path(out).name}): it was edited or truncated. " + HOW_TO_GO_ON)
    digest = _hash_prefix(out, saved)
    if state.get("sha256") not in (None, digest.hexdigest()):
        raise HarvestFileChanged(
            f"The records saved in {out} were changed since its harvest was saved ({said} in "
            f"{state_path(out).name}). " + HOW_TO_GO_ON)
    return digest


def _complete_rows_end(out: Path) -> tuple[int, set[str]]:
    """The byte size of ``out`` up to the end of its last complete row, and the ids of its rows.

    Only the last row can have been cut off: it counts when it has every column, ends with a line
    break and reads back as the kit writes it (a row cut inside a quoted value does not).
    Otherwise it is left out, to be fetched again. A broken row before the last one means the file
    is not a harvest file of the kit.
    """
    data = out.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.end != len(data) or "end of data" not in exc.reason:
            raise HarvestMismatch(f"{out} is not UTF-8 text, as the kit writes it: pass --restart "
                                  "to start over.") from None
        text = data[: exc.start].decode("utf-8")  # cut inside the last character
    consumed = 0

    def lines():
        nonlocal consumed
        for line in io.StringIO(text, newline=""):
            consumed += len(line)
            yield line

    reader = csv.reader(lines())
    if next(reader, None) != list(COLUMNS):
        raise HarvestMismatch(f"{out} is not a CSV written by an h4og harvest (its first line is "
                              "not the record columns): choose another --out, or pass --restart "
                              "to replace it.")
    end, ids, key = consumed, set(), COLUMNS.index("id")
    pending = None  # (row, where it starts, where it ends): known to be last only at the end
    for row in reader:
        if pending is not None:
            if len(pending[0]) != len(COLUMNS):
                raise HarvestMismatch(
                    f"{out} has a row with {len(pending[0])} values instead of {len(COLUMNS)} "
                    f"after record {len(ids)}: it is not safe to continue it; pass --restart to "
                    "start over.")
            ids.add(pending[0][key])
            end = pending[2]
        pending = (row, end, consumed) if row else None
        if not row:
            end = consumed
    if pending is not None:
        row, start, stop = pending
        written = io.StringIO(newline="")
        csv.writer(written).writerow(row)
        if len(row) == len(COLUMNS) and text[start:stop] == written.getvalue():
            ids.add(row[key])
            end = stop
    return len(text[:end].encode("utf-8")), ids


def harvest(
    source: str,
    query: str,
    out: str | Path,
    *,
    open_only: bool = False,
    limit: int | None = None,
    restart: bool = False,
    rebuild_state: bool = False,
    progress: bool = True,
    source_options: dict[str, Any] | None = None,
    required: Sequence[str] = (),
    report: str | Path | None = None,
    drift_threshold: float = DEFAULT_THRESHOLD,
    **filters: Any,
) -> HarvestResult:
    """Fetch every record of ``source`` matching ``query`` into the CSV file ``out``, resumably.

    ``source_options`` go to the source's constructor (e.g. ``{"base_url": ...}`` for an OAI-PMH
    endpoint, ``{"allow_private": True}`` for a server on your own network). A second call with
    the same arguments continues from the saved cursor; with ``restart=True`` it starts over and
    replaces the file. When the file no longer matches its state, :class:`HarvestFileChanged`
    says so; ``rebuild_state=True`` then keeps the file's complete rows and harvests again from the
    first page, adding only the records it lacks.

    ``required`` (such as ``("title", "rights")``) leaves out the records that lack one of those
    columns. Every run writes the quality report of the whole file (:mod:`h4og_kit.quality`) to
    ``report`` (default: ``NAME.report.csv`` beside ``out``), and compares itself with the last
    run of the same harvest (:mod:`h4og_kit.drift`): a record count that fell by more than
    ``drift_threshold``, or a run that ingested nothing, is warned about and flagged.
    """
    from tqdm.auto import tqdm

    from h4og_kit import http

    out = Path(out)
    required = check_required(required)
    src = load(source, **(source_options or {}))
    spec = {"source": src.name, "query": query, "open_only": open_only, "filters": filters,
            "base_url": src.base_url}
    if required:  # only then: the states of harvests before this option still match
        spec["required"] = list(required)
    state_file = state_path(out)
    state = None
    if not restart:
        try:
            state = _read_state(state_file, out)
        except HarvestFileChanged:
            if not rebuild_state:
                raise
    if state is not None and state.get("spec") != spec:
        raise HarvestMismatch(
            f"{out} belongs to another harvest ({state.get('spec')}); choose another --out "
            "or pass --restart to replace it."
        )
    if restart and out.exists():
        out.unlink()
    if state is not None and not out.exists():
        state = None  # the output was removed: start again
    resumed = state is not None or (rebuild_state and out.exists())
    if rebuild_state and out.exists():
        size, seen = _complete_rows_end(out)
        if size < out.stat().st_size:
            with out.open("r+b") as fh:  # drop the cut-off row at the end (never extends the file)
                fh.truncate(size)
        digest, cursor, state = _hash_prefix(out, size), None, None
    elif state is not None:
        digest = _check_file(out, state)
        if state.get("done"):  # nothing to fetch; the report of the file says how many it holds
            done_result = _reported(HarvestResult(out, 0, 0, True), QualityReport(), report, None,
                                    drift_threshold)
            done_result.total_in_file = done_result.report.records
            return done_result
        if out.stat().st_size > state["bytes"]:
            with out.open("r+b") as fh:  # drop a page that was cut off mid-write
                fh.truncate(state["bytes"])
        seen, cursor = _ids_in(out), state["cursor"]
    else:
        seen, cursor = _ids_in(out), None
        digest = _hash_prefix(out, out.stat().st_size) if out.exists() else hashlib.sha256()
    written, quality = 0, QualityReport()
    bar = tqdm(desc=f"{src.name} -> {out.name}", unit="rec", disable=not progress, initial=len(seen))
    done = False
    try:
        with http.show_waits(bar):  # "waiting 60 s: the provider asked us to slow down"
            for page in src.iter_pages(query, open_only=open_only, cursor=cursor, **filters):
                if page.total is not None:
                    bar.total = page.total if limit is None else min(page.total, limit)
                fresh = [r for r in page.records if r["id"] not in seen]
                if open_only:
                    fresh = [r for r in fresh if r["license_category"] in REUSABLE_CATEGORIES]
                fresh = keep(fresh, required, quality)
                if page.skipped:
                    quality.gone(page.skipped)
                if limit is not None:
                    fresh = fresh[: max(0, limit - len(seen))]
                _append(out, fresh, digest)
                seen.update(r["id"] for r in fresh)
                written += len(fresh)
                bar.update(len(fresh))
                done = page.next_cursor is None or (limit is not None and len(seen) >= limit)
                _save(state_file, spec, page.next_cursor, out, done, digest, len(seen))
                if done:
                    break
        if not done:  # the source had no (more) pages
            _save(state_file, spec, None, out, True, digest, len(seen))
    except Exception as exc:  # the report of what is in the file so far, then the error
        quality.error(f"the harvest stopped: {exc}")
        _reported(HarvestResult(out, written, len(seen), resumed), quality, report, None,
                  drift_threshold)
        raise
    finally:
        bar.close()
    return _reported(HarvestResult(out, written, len(seen), resumed), quality, report, spec,
                     drift_threshold)


def report_file(out: Path, quality: QualityReport, report: str | Path | None = None,
                spec: dict | None = None, drift_threshold: float = DEFAULT_THRESHOLD) -> Path:
    """Add the records of the harvest file ``out`` to ``quality``, compare a finished run
    (``spec``) with the last one, and write the report as CSV; return where it went."""
    if out.exists():
        with out.open(newline="", encoding="utf-8") as rows:
            quality.add_all(csv.DictReader(rows))
    if spec is not None:
        drift.check(spec, quality, drift_threshold)
    return quality.to_csv(report or report_path_for(out))


def _reported(result: HarvestResult, quality: QualityReport, report: str | Path | None,
              spec: dict | None, drift_threshold: float) -> HarvestResult:
    """``result`` with the quality report of its whole file (:func:`report_file`)."""
    result.report_path = report_file(result.path, quality, report, spec, drift_threshold)
    result.report = quality
    return result


def _save(state_file: Path, spec: dict, cursor: Any, out: Path, done: bool, digest,
          records: int) -> None:
    size = out.stat().st_size if out.exists() else 0
    _write_state(state_file, {"spec": spec, "cursor": cursor, "bytes": size, "done": done,
                              "records": records, "sha256": digest.hexdigest()})


def _append(out: Path, records: list[dict], digest) -> None:
    """Append rows (and the header to a new file) as bytes, adding them to the running hash."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    if not out.exists() or out.stat().st_size == 0:
        writer.writeheader()
    writer.writerows(records)
    data = buffer.getvalue().encode("utf-8")
    with out.open("ab") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    digest.update(data)
