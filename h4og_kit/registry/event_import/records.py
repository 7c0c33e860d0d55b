"""What the readers of event files hand over (:class:`Record`) and what an import reports.

A reader turns a file into records, one per entry, each with its row number in the file, its
source id (stable across exports of the same event), its kind and the fields as the registry
takes them. Team members are given by their own source ids (``team_sources``), resolved to entry
ids when the import writes. A record its reader already found bad carries its ``problem`` and is
rejected without being written. The helpers here fit the source's text and links to the registry's
rules without inventing anything: a too-long summary is cut with an ellipsis (the whole text
stays in the description), an empty link is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SUMMARY_LIMIT = 280
DESCRIPTION_LIMIT = 20_000


@dataclass
class Record:
    """One entry read from an event file."""

    row: int
    source: str
    kind: str
    fields: dict[str, Any]
    team_sources: list[str] = field(default_factory=list)
    stage: str | None = None  # the stage the source gives (projects), set after the checks
    notes: list[str] = field(default_factory=list)
    problem: str | None = None  # why the reader rejects this record (it is not written)


@dataclass(frozen=True)
class Rejected:
    """A row that did not go in: its row number, source id and why."""

    row: int
    source: str
    reason: str


@dataclass
class ImportReport:
    """What an import did (or, with ``dry_run``, would do). Holds no tokens.

    ``created``, ``updated`` and ``unchanged`` list ``(kind, entry id, source id)``; an entry of a
    dry run that would be created has no id yet (``None``).
    """

    fmt: str
    dry_run: bool
    created: list[tuple[str, str | None, str]] = field(default_factory=list)
    updated: list[tuple[str, str, str]] = field(default_factory=list)
    unchanged: list[tuple[str, str, str]] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, dict[str, int]]:
        """For each kind, how many entries were created, updated or left unchanged."""
        out: dict[str, dict[str, int]] = {}
        for action in ("created", "updated", "unchanged"):
            for kind, _id, _source in getattr(self, action):
                out.setdefault(kind, {"created": 0, "updated": 0, "unchanged": 0})[action] += 1
        return out

    def summary(self) -> str:
        """One plain line per action, then one per rejected row and note, in the current
        language (for a terminal or the organizer panel)."""
        from h4og_kit.i18n import gettext as _
        from h4og_kit.i18n import number

        counts = {"created": number(len(self.created)), "updated": number(len(self.updated)),
                  "unchanged": number(len(self.unchanged)), "rejected": number(len(self.rejected))}
        head = (_("{created} would be created, {updated} would be updated, {unchanged} unchanged, "
                  "{rejected} rejected") if self.dry_run else
                _("{created} created, {updated} updated, {unchanged} unchanged, "
                  "{rejected} rejected"))
        lines = [head.format(**counts)]
        lines += [row_line(r.row, r.source, r.reason) for r in self.rejected]
        lines += self.notes
        return "\n".join(lines)


def row_line(row: int, source: str, text: str) -> str:
    """``row 12 (source id): text``, in the current language."""
    from h4og_kit.i18n import gettext as _

    return _("row {row} ({source}): {text}").format(row=row, source=source, text=text)


def fit(text: Any, limit: int = SUMMARY_LIMIT) -> str:
    """``text`` as a string of at most ``limit`` characters (cut with an ellipsis)."""
    text = "" if text is None or text is False else str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def link(value: Any) -> str | None:
    """A link from the source, or None when it is empty (the registry checks the rest)."""
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip()


def links(**values: Any) -> dict[str, str]:
    """The non-empty links among ``values`` (registry link names to source values)."""
    return {name: url for name, value in values.items() if (url := link(value))}
