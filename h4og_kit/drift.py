"""Drift alarms: a harvest that differs sharply from the last run of the same harvest says so.

As Openverse alarms when a provider's record count drops sharply or a run ingests nothing, every
harvest remembers, per source, query and filters, the last run's record count and the share of
records that had each common column (``<cache folder>/harvest-history/<key>.json``). The next run
is compared with it: when the count drops by more than ``threshold`` (default 50%), when it
ingests nothing, or when a column that most records had is now filled in far fewer, it warns
(a logged warning) and its quality report flags the drift.

Nothing here fetches: :func:`check` compares and remembers, nothing more.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from h4og_kit.quality import DRIFT, MISSING, Problem, QualityReport
from h4og_kit.records import COLUMNS

log = logging.getLogger("h4og_kit")

#: The share by which a run may fall below the last one before it is flagged.
DEFAULT_THRESHOLD = 0.5
#: A column counts in the comparison when at least this share of the last run had it.
_USUAL_SHARE = 0.5


def history_dir() -> Path:
    """Where the last runs are remembered: ``harvest-history`` in the cache folder."""
    from h4og_kit.config import settings

    return settings().cache_dir / "harvest-history"


def _history_file(harvest: Mapping[str, Any]) -> Path:
    key = json.dumps(harvest, sort_keys=True, default=str)
    return history_dir() / (hashlib.sha256(key.encode("utf-8")).hexdigest()[:24] + ".json")


def completeness(report: QualityReport) -> dict[str, float]:
    """The share of the report's records that have each common column."""
    if not report.records:
        return {}
    return {name: round(1 - report.count(name, MISSING) / report.records, 4) for name in COLUMNS}


def _changes(last: Mapping[str, Any], count: int, shares: Mapping[str, float],
             threshold: float) -> list[Problem]:
    before = int(last.get("records") or 0)
    when = last.get("when", "?")
    if count == 0:
        return [Problem("record", DRIFT, 0, detail=(
            f"this run ingested nothing; the last run ({when}) had {before} records"))]
    problems = []
    if before and count < before * (1 - threshold):
        problems.append(Problem("record", DRIFT, count, detail=(
            f"{count} records, down {1 - count / before:.0%} from {before} in the last run "
            f"({when})")))
    for name, was in (last.get("completeness") or {}).items():
        now = shares.get(name)
        if now is not None and was >= _USUAL_SHARE and now < was * (1 - threshold):
            problems.append(Problem(name, DRIFT, count, detail=(
                f"filled in {now:.0%} of the records, down from {was:.0%} in the last run "
                f"({when})")))
    return problems


def check(harvest: Mapping[str, Any], report: QualityReport,
          threshold: float = DEFAULT_THRESHOLD) -> list[Problem]:
    """Compare this run (its ``report``) with the last run of the same ``harvest`` (a dict of
    its source, query and filters), flag sharp drops in the report, warn, and remember this run
    for the next. The first run of a harvest that ingests nothing is flagged too."""
    if not 0 < threshold < 1:
        raise ValueError(f"the drift threshold is a share between 0 and 1, not {threshold!r}")
    path = _history_file(harvest)
    try:
        last = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        last = None
    shares = completeness(report)
    if last is not None:
        problems = _changes(last, report.records, shares, threshold)
    elif report.records == 0:
        problems = [Problem("record", DRIFT, 0, detail="this run ingested nothing")]
    else:
        problems = []
    for problem in problems:
        report.drift(problem)
        log.warning("%s: %s (%s)", harvest.get("source", "harvest"), problem.detail,
                    problem.field)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({
        "harvest": dict(harvest), "records": report.records, "completeness": shares,
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")},
        indent=1, default=str), encoding="utf-8")
    return problems
