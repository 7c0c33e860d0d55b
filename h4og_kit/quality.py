"""A harvest's quality report: what the records lack, what could not be understood, what went wrong.

Harvesters in the field report their quality as they go (DPLA's ingestion3 writes per-field error
and warning counts for every run). Every ``search`` result carries one in ``df.attrs["report"]``,
and every harvest writes one as CSV (:meth:`QualityReport.to_csv`): one row per field and problem,
with a count and a few example ids.

The problems, per common column:

- ``missing``: the record has no value;
- ``not understood``: a value the kit could not read: a ``date`` with no year in it, a
  ``language`` that is no language tag, ``rights`` that name no known license or statement (with
  the ``rights_note`` when the value claimed a vocabulary that does not list it);
- ``warning``: what a source had to repair to read a record (its ``warnings`` column);
- ``rejected``: records dropped because they lacked a field passed as ``required``;
- ``error``: records the source listed but could not give (``skipped``) and a page that failed;
- ``drift``: the run differs sharply from the last one (:mod:`h4og_kit.drift`).

The report counts; it never changes a record.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from h4og_kit.i18n import gettext as _
from h4og_kit.i18n import ngettext, number
from h4og_kit.metadata.languages import understood_language
from h4og_kit.records import COLUMNS

if TYPE_CHECKING:
    import pandas as pd

#: The columns every record has by construction, so never "missing".
_ALWAYS_THERE = ("source", "id", "license_category")
#: The columns that describe other columns (a note, the repairs), not the object.
_ABOUT_COLUMNS = ("rights_note", "warnings")
#: The columns whose absence the report counts.
_MAY_BE_MISSING = tuple(c for c in COLUMNS if c not in _ALWAYS_THERE + _ABOUT_COLUMNS)
#: How many example ids a row of the report keeps.
EXAMPLES = 3
#: The CSV columns of a report.
REPORT_COLUMNS = ("field", "problem", "count", "share", "example_ids", "detail")

MISSING, NOT_UNDERSTOOD, WARNING, REJECTED, ERROR, DRIFT = (
    "missing", "not understood", "warning", "rejected", "error", "drift")
#: The problems of records that were kept (the others count records that were not).
_OF_KEPT = (MISSING, NOT_UNDERSTOOD, WARNING)


@dataclass
class _Tally:
    count: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, record_id: str | None, times: int = 1) -> None:
        self.count += times
        if len(self.examples) < EXAMPLES and record_id and record_id not in self.examples:
            self.examples.append(record_id)


@dataclass(frozen=True)
class Problem:
    """One row of the report: ``count`` records (of the report's ``records``) with ``problem``
    in ``field``; ``detail`` says more (the reason, or a warning's text)."""

    field: str
    problem: str
    count: int
    example_ids: tuple[str, ...] = ()
    detail: str = ""


def _filled(value: object) -> bool:
    """Whether a value of a record (a dict's, or a DataFrame row's) holds something."""
    if value is None:
        return False
    if type(value) is str:  # the common case first
        return bool(value) and not value.isspace()
    if type(value).__name__ in ("NAType", "NaTType"):  # pandas' missing
        return False
    if isinstance(value, float):
        return not math.isnan(value)
    return str(value).strip() != ""


def _not_understood(record: Mapping) -> Iterable[tuple[str, str]]:
    """(field, detail) of each value in ``record`` the kit could not read."""
    if _filled(record.get("date")) and not (_filled(record.get("date_start"))
                                            or _filled(record.get("date_end"))):
        yield "date", "no year found in the date"
    language = record.get("language")
    if _filled(language) and not understood_language(str(language)):
        yield "language", "not a language tag"
    if (_filled(record.get("rights")) and not _filled(record.get("license_uri"))
            and record.get("license_category") == "unknown"):
        note = record.get("rights_note")
        yield "rights", str(note) if _filled(note) else "names no known license or statement"


class QualityReport:
    """Counts of the problems in a set of records, gathered record by record (:meth:`add`), so
    that a harvest can report as it goes. ``records`` is how many records were kept."""

    def __init__(self) -> None:
        self.records = 0
        self._tallies: dict[tuple[str, str, str], _Tally] = {}
        self._drift: list[Problem] = []

    def _tally(self, field_name: str, problem: str, detail: str = "") -> _Tally:
        key = (field_name, problem, detail)
        tally = self._tallies.get(key)
        if tally is None:
            tally = self._tallies[key] = _Tally()
        return tally

    def add(self, record: Mapping) -> None:
        """Count the problems of one kept record (a common record, as a dict or a row)."""
        self.records += 1
        record_id = str(record.get("id")) if _filled(record.get("id")) else None
        for name in _MAY_BE_MISSING:
            if not _filled(record.get(name)):
                self._tally(name, MISSING).add(record_id)
        for name, detail in _not_understood(record):
            self._tally(name, NOT_UNDERSTOOD, detail).add(record_id)
        if _filled(record.get("warnings")):
            for warning in str(record["warnings"]).split("; "):
                self._tally("warnings", WARNING, warning.strip()).add(record_id)

    def add_all(self, records: Iterable[Mapping]) -> QualityReport:
        for record in records:
            self.add(record)
        return self

    def reject(self, record: Mapping, missing: Sequence[str]) -> None:
        """Count a record dropped for lacking the ``required`` fields ``missing``."""
        record_id = str(record.get("id")) if _filled(record.get("id")) else None
        for name in missing:
            self._tally(name, REJECTED, "required").add(record_id)

    def error(self, detail: str, count: int = 1, field_name: str = "record") -> None:
        """Count ``count`` records lost to an error (a page that failed, objects gone)."""
        self._tally(field_name, ERROR, detail).add(None, count)

    def gone(self, count: int) -> None:
        """Count ``count`` records a source listed but could no longer give (HTTP 404)."""
        self.error("listed objects no longer exist (HTTP 404)", count)

    def drift(self, problem: Problem) -> None:
        """Flag a sharp change from the last run (:mod:`h4og_kit.drift`)."""
        self._drift.append(problem)

    @property
    def problems(self) -> list[Problem]:
        """The rows: field by field in the common record's order, then errors and drift."""
        order = {name: i for i, name in enumerate((*COLUMNS, "record"))}
        rows = [Problem(f, p, t.count, tuple(t.examples), d)
                for (f, p, d), t in self._tallies.items()]
        rows.sort(key=lambda r: (r.problem == ERROR, order.get(r.field, len(order)),
                                 r.problem, -r.count, r.detail))
        return rows + self._drift

    @property
    def flagged(self) -> bool:
        """Whether the run drifted from the last one, or lost records to errors."""
        return bool(self._drift) or any(p.problem == ERROR for p in self.problems)

    def count(self, field_name: str, problem: str) -> int:
        """How many records have ``problem`` in ``field_name`` (all details together)."""
        return sum(t.count for (f, p, _d), t in self._tallies.items()
                   if (f, p) == (field_name, problem))

    def rows(self) -> list[dict]:
        """The report as rows of :data:`REPORT_COLUMNS` (``share``: of the kept records, for the
        problems of kept records)."""
        total = self.records
        return [{"field": p.field, "problem": p.problem, "count": p.count,
                 "share": round(p.count / total, 4) if total and p.problem in _OF_KEPT else "",
                 "example_ids": " ".join(p.example_ids), "detail": p.detail}
                for p in self.problems]

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(self.rows(), columns=list(REPORT_COLUMNS))

    def to_csv(self, path: str | Path) -> Path:
        """Write the report as CSV: one row per field and problem, with its count."""
        path = Path(path)
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=REPORT_COLUMNS)
            writer.writeheader()
            writer.writerows(self.rows())
        return path

    def summary(self) -> str:
        """A few lines for a terminal or a notebook, in the current language."""
        lines = [ngettext("Quality report: {count} record.", "Quality report: {count} records.",
                          self.records).format(count=number(self.records))]
        for name in ("title", "rights", "date"):
            if count := self.count(name, MISSING):
                lines.append(_("- {field}: missing in {count}").format(
                    field=name, count=number(count)))
        for name in ("date", "language", "rights"):
            if count := self.count(name, NOT_UNDERSTOOD):
                lines.append(_("- {field}: not understood in {count}").format(
                    field=name, count=number(count)))
        for problem, text in ((WARNING, _("- warnings: {count}")),
                              (REJECTED, _("- rejected for lacking a required field: {count}")),
                              (ERROR, _("- lost to errors: {count}"))):
            if count := sum(p.count for p in self.problems if p.problem == problem):
                lines.append(text.format(count=number(count)))
        lines += [_("- drift: {detail}").format(detail=p.detail) for p in self._drift]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        from h4og_kit.html.quality import report_table

        return str(report_table(self))


def report_of(records: Iterable[Mapping]) -> QualityReport:
    """The report of records already kept (a list of dicts, or ``df.to_dict("records")``)."""
    return QualityReport().add_all(records)


def missing_required(record: Mapping, required: Sequence[str]) -> list[str]:
    """The fields of ``required`` that ``record`` lacks."""
    return [name for name in required if not _filled(record.get(name))]


def check_required(required: Sequence[str]) -> tuple[str, ...]:
    """``required`` as a tuple of common columns, or a ValueError that names the bad ones."""
    required = (required,) if isinstance(required, str) else tuple(required)
    unknown = [name for name in required if name not in COLUMNS]
    if unknown:
        raise ValueError(_("not common record columns: {names}; choose among {columns}").format(
            names=", ".join(unknown), columns=", ".join(COLUMNS)))
    return required


def keep(records: Iterable[dict], required: Sequence[str], report: QualityReport) -> list[dict]:
    """The records that have every ``required`` field; the others are counted in ``report``."""
    kept = []
    for record in records:
        missing = missing_required(record, required) if required else []
        if missing:
            report.reject(record, missing)
        else:
            kept.append(record)
    return kept
