"""A project's progress: the stage timeline of its card and when it reached each stage."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from h4og_kit.html.text import Html, esc, fill
from h4og_kit.html.times import short_date
from h4og_kit.i18n import direction
from h4og_kit.i18n import gettext as _


def stage_moves(rows: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, str]]:
    """Entry id -> stage -> when the entry last moved into that stage (or was registered in it),
    from activity-like rows (``entry_id``, ``at``, ``stage_before``, ``stage_after``), oldest
    first."""
    moves: dict[str, dict[str, str]] = {}
    for row in rows:
        if row.get("entry_id") and row.get("stage_after") not in (None, row.get("stage_before")):
            moves.setdefault(row["entry_id"], {})[row["stage_after"]] = row["at"]
    return moves


def timeline(stage: str | None, stages: Sequence[tuple[str, str]],
             moves: Mapping[str, str] | None = None) -> Html:
    """The progress timeline: every stage (``(name, label)``, labels as shown) with those
    reached marked done, then when the project reached each of them (``moves``: name -> time).
    It runs in the page's direction: right to left in Arabic."""
    moves = moves or {}
    names = [name for name, _ in stages]
    reached = names.index(stage) if stage in names else -1
    labels = dict(stages)
    items = []
    for i, (_name, label) in enumerate(stages):
        done = ' class="h4og-done"' if i <= reached else ""
        current = ' aria-current="step"' if i == reached else ""
        items.append(f'<li{done}{current} title="{esc(label)}">{esc(label)}</li>')
    history = (" ← " if direction() == "rtl" else " → ").join(
        f"{esc(labels.get(name, name))} {esc(short_date(when))}"
        for name, when in sorted(moves.items(), key=lambda item: item[1])
        if name in names and names.index(name) <= reached
    )
    label = labels.get(stage or "", stage or _("none"))
    return Html(f'<ol class="h4og-timeline" aria-label="{fill(_("Progress: stage {}"), label)}">'
                f'{"".join(items)}</ol>'
                + (f'<p class="h4og-moves">{history}</p>' if history else ""))
