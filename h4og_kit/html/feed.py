"""The lines of the activity feed, as escaped HTML: what changed, on which public entry, when
(how long ago, in the viewer's language; the exact time in the tooltip)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from h4og_kit.html.text import Html, bdi, esc, fill
from h4og_kit.html.times import time_tag
from h4og_kit.i18n import N_
from h4og_kit.i18n import gettext as _

if TYPE_CHECKING:
    from h4og_kit.registry.entries import Change

_EVENT_WIDE = {"lock": N_("Editing is now locked for the event."),
               "unlock": N_("Editing is open again.")}
#: A new entry of each kind (one message per kind, so every language can word it its own way).
_NEW = {"project": N_("New project: {title}"), "person": N_("New participant: {title}"),
        "collection": N_("New collection: {title}"), "tool": N_("New tool: {title}"),
        "workshop": N_("New workshop: {title}"), "challenge": N_("New challenge: {title}")}
_UPDATES = ("update", "revert", "unhide", "unlock", "unfeature", "lock")
#: What each action of the registry is called where it is shown alone (an entry's history).
_ACTIONS = {"register": N_("Registered"), "update": N_("Updated"), "revert": N_("Reverted"),
            "hide": N_("Hidden"), "unhide": N_("Shown again"), "feature": N_("Featured"),
            "unfeature": N_("No longer featured"), "lock": N_("Locked"),
            "unlock": N_("Unlocked"), "rotate-token": N_("New edit link")}


def action_name(action: str) -> str:
    """The name of a registry action in the current language (an unknown one as it is)."""
    return _(_ACTIONS[action]) if action in _ACTIONS else action


def feed_line(change: Change, stage_labels: Mapping[str, str],
              now: str | datetime | None = None) -> Html | None:
    """One line of the activity feed (its time counted back from ``now``, default this
    moment), or None for a change that shows nothing public (drafts, hidden entries, token
    rotations). ``stage_labels``: stage name -> label as shown."""
    from h4og_kit.registry.access import is_public

    when = time_tag(change.at, now)
    if change.entry_id is None:
        what = _EVENT_WIDE.get(change.action)
        return Html(f'<div class="h4og-feed-item">{when} · {esc(_(what))}</div>') if what else None
    entry = change.entry
    if entry is None or not is_public(entry.fields) or change.action == "rotate-token":
        return None
    title = Html(f"<strong>{bdi(entry.fields.get('title'))}</strong>")
    after = stage_labels.get(change.stage_after or "", change.stage_after)
    if change.action == "register":
        text = fill(_(_NEW.get(entry.kind, N_("New entry: {title}"))), title=title)
    elif change.stage_after and change.stage_before and change.stage_after != change.stage_before:
        before = stage_labels.get(change.stage_before, change.stage_before)
        text = fill(_("{title} moved from {before} to {after}"), title=title, before=before,
                    after=after)
    elif change.action == "feature":
        text = fill(_("{title} is now featured"), title=title)
    elif change.action in _UPDATES and change.changed:
        from h4og_kit.html.labels import field_labels

        names = field_labels(entry.kind)
        fields = ", ".join(names.get(name, name) for name in change.changed)
        text = fill(_("{title} was updated ({fields})"), title=title, fields=fields)
    elif change.action in _UPDATES:
        text = fill(_("{title} was updated"), title=title)
    else:
        text = fill("{}: {}", title, action_name(change.action))
    return Html(f'<div class="h4og-feed-item">{when} · {text}</div>')
