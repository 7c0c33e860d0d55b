"""The lines of the activity feed, as escaped HTML: what changed, on which public entry, when."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from h4og_kit.html.labels import kind_label
from h4og_kit.html.text import Html, bdi, esc, fill
from h4og_kit.html.timeline import short_time

if TYPE_CHECKING:
    from h4og_kit.registry.entries import Change

_EVENT_WIDE = {"lock": "Editing is now locked for the event.",
               "unlock": "Editing is open again."}
_UPDATES = ("update", "revert", "unhide", "unlock", "unfeature", "lock")


def feed_line(change: Change, stage_labels: Mapping[str, str]) -> Html | None:
    """One line of the activity feed, or None for a change that shows nothing public
    (drafts, hidden entries, token rotations)."""
    from h4og_kit.registry.access import is_public

    when = Html(f"<time>{esc(short_time(change.at))}</time>")
    if change.entry_id is None:
        what = _EVENT_WIDE.get(change.action)
        return Html(f'<div class="h4og-feed-item">{when} · {esc(what)}</div>') if what else None
    entry = change.entry
    if entry is None or not is_public(entry.fields) or change.action == "rotate-token":
        return None
    title = Html(f"<strong>{bdi(entry.fields.get('title'))}</strong>")
    after = stage_labels.get(change.stage_after or "", change.stage_after)
    if change.action == "register":
        text = fill("New {}: {}", kind_label(entry.kind).lower(), title)
    elif change.stage_after and change.stage_before and change.stage_after != change.stage_before:
        before = stage_labels.get(change.stage_before, change.stage_before)
        text = fill("{} moved from {} to {}", title, before, after)
    elif change.action == "feature":
        text = fill("{} is now featured", title)
    elif change.action in _UPDATES:
        fields = ", ".join(change.changed) if change.changed else ""
        text = fill("{} was updated", title) + (fill(" ({})", fields) if fields else "")
    else:
        text = fill("{}: {}", title, change.action)
    return Html(f'<div class="h4og-feed-item">{when} · {text}</div>')
