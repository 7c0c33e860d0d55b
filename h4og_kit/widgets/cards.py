"""Cards for registry entries and the lines of the activity feed, as escaped HTML.

People appear only as they chose: only published person entries get a card, their e-mail never
leaves the registry, and their own links (social links) show only when they agreed to be
contacted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from h4og_kit.registry.access import public_view
from h4og_kit.widgets.markup import badge, esc, image, link, tags

if TYPE_CHECKING:
    from h4og_kit.registry.entries import Change, Entry, Version

KIND_NAMES = {
    "project": "Project",
    "person": "Person",
    "collection": "Collection",
    "tool": "Tool",
    "workshop": "Workshop",
    "challenge": "Challenge",
}
_LINK_LABELS = {"homepage": "Homepage", "source": "Source code", "demo": "Demo", "chat": "Chat",
                "dataset": "Dataset"}


def short_time(iso: str | None) -> str:
    """``2025-11-18T13:02:11.123Z`` -> ``2025-11-18 13:02 UTC``."""
    if not iso:
        return ""
    return f"{iso[:10]} {iso[11:16]} UTC"


def stage_moves(history: Iterable[Version]) -> dict[str, str]:
    """Stage name -> when the project last moved up (or was registered) into it."""
    reached: dict[str, str] = {}
    for version in history:
        if version.stage_after and version.stage_after != version.stage_before:
            reached[version.stage_after] = version.saved
    return reached


def timeline(stage: str | None, stages: Sequence[tuple[str, str]], moves: Mapping[str, str]) -> str:
    """The progress timeline: every stage (``(name, label)``) with those reached marked done,
    then when the project reached each of them (``moves``: name -> time)."""
    names = [name for name, _ in stages]
    reached = names.index(stage) if stage in names else -1
    labels = dict(stages)
    items = []
    for i, (name, label) in enumerate(stages):
        done = ' class="h4og-done"' if i <= reached else ""
        current = ' aria-current="step"' if i == reached else ""
        items.append(f'<li{done}{current} title="{esc(label)}">{esc(label)}</li>')
    history = " → ".join(
        f"{esc(labels.get(name, name))} {esc(short_time(when)[:10])}"
        for name, when in sorted(moves.items(), key=lambda item: item[1])
        if name in names and names.index(name) <= reached
    )
    label = labels.get(stage or "", stage or "none")
    return (f'<ol class="h4og-timeline" aria-label="Progress: stage {esc(label)}">'
            f'{"".join(items)}</ol>'
            + (f'<p class="h4og-moves">{history}</p>' if history else ""))


def _links(fields: Mapping[str, Any]) -> str:
    items = [(label, (fields.get("links") or {}).get(key)) for key, label in _LINK_LABELS.items()]
    if fields.get("access_url"):
        items.append(("Access", fields["access_url"]))
    items += list((fields.get("social_links") or {}).items())
    anchors = [link(label, url) for label, url in items if url]
    return f'<p class="h4og-meta">{" · ".join(anchors)}</p>' if anchors else ""


def _details(entry: Entry, names: Callable[[str], str]) -> str:
    f, kind = entry.fields, entry.kind
    parts: list[str] = []
    joined = " · ".join
    if kind == "project":
        team = [names(member) for member in f.get("team", [])]
        if team:
            parts.append(f'<p class="h4og-meta">Team: {esc(", ".join(team))}</p>')
        parts.append(tags(f.get("skills_needed", []), "skills needed"))
    elif kind == "person":
        who = joined(x for x in (f.get("role"), f.get("organization"), f.get("city"),
                                 f.get("country")) if x)
        if who:
            parts.append(f'<p class="h4og-meta">{esc(who)}</p>')
        parts.append(tags(f.get("skills", []), "skills"))
        parts.append(tags(f.get("interests", []), "interests"))
    elif kind == "collection":
        holder = joined(x for x in (f.get("institution"), f.get("country")) if x)
        if holder:
            parts.append(f'<p class="h4og-meta">{esc(holder)}</p>')
        category = f.get("license_category") or "unknown"
        parts.append(f'<p class="h4og-meta">Rights: {esc(f.get("license_label") or f.get("rights") or "not stated")} '
                     f"{badge(category, category)}</p>")
        if f.get("ethical_considerations"):
            parts.append(f'<p class="h4og-desc"><strong>Ethical reuse:</strong> '
                         f"{esc(f['ethical_considerations'])}</p>")
        parts.append(tags(f.get("tk_labels", []), "TK/BC labels"))
    elif kind == "workshop":
        when = " – ".join(short_time(f.get(k)) for k in ("start", "end") if f.get(k))
        extra = joined(x for x in (f.get("language"), f.get("level")) if x)
        text = joined(x for x in (when, extra) if x)
        if text:
            parts.append(f'<p class="h4og-meta">{esc(text)}</p>')
    elif kind == "challenge" and f.get("host"):
        parts.append(f'<p class="h4og-meta">Host: {esc(f["host"])}</p>')
    return "".join(parts)


def entry_card(entry: Entry, *, names: Callable[[str], str] = str, progress: str = "",
               extra: str = "") -> str:
    """The card of an entry: title, kind, summary, details, the ``progress`` timeline (HTML from
    :func:`timeline`), description, hashtags, links, and ``extra`` (built HTML, e.g. reasons)."""
    f = public_view(entry.kind, entry.fields)
    featured = " h4og-featured" if entry.featured else ""
    kind_badge = badge(KIND_NAMES.get(entry.kind, entry.kind), "kind")
    star = " " + badge("Featured", "featured") if entry.featured else ""
    summary = f"<p>{esc(f['summary'])}</p>" if f.get("summary") else ""
    description = f'<p class="h4og-desc">{esc(f["description"])}</p>' if f.get("description") else ""
    return (
        f'<article class="h4og-card h4og-{esc(entry.kind)}{featured}" data-entry="{esc(entry.id)}">'
        f"{image(f.get('image_url'), f.get('title'))}"
        f"<h3>{esc(f.get('title'))}</h3><div>{kind_badge}{star}</div>{summary}"
        f"{_details(entry, names)}{progress}{description}"
        f"{tags(f.get('keywords', []), 'hashtags')}{_links(f)}{extra}</article>"
    )


def feed_line(change: Change, stage_labels: Mapping[str, str]) -> str | None:
    """One line of the activity feed, or None for a change that shows nothing public
    (drafts, hidden entries, token rotations)."""
    when = f"<time>{esc(short_time(change.at))}</time>"
    if change.entry_id is None:
        what = {"lock": "Editing is now locked for the event.",
                "unlock": "Editing is open again."}.get(change.action)
        return f'<div class="h4og-feed-item">{when} · {esc(what)}</div>' if what else None
    entry = change.entry
    if entry is None or entry.fields.get("status") != "published" or change.action == "rotate-token":
        return None
    title = f"<strong>{esc(entry.fields.get('title'))}</strong>"
    kind = KIND_NAMES.get(entry.kind, entry.kind).lower()
    after = stage_labels.get(change.stage_after or "", change.stage_after)
    if change.action == "register":
        text = f"New {esc(kind)}: {title}"
    elif change.stage_after and change.stage_before and change.stage_after != change.stage_before:
        before = stage_labels.get(change.stage_before, change.stage_before)
        text = f"{title} moved from {esc(before)} to {esc(after)}"
    elif change.action == "feature":
        text = f"{title} is now featured"
    elif change.action in ("update", "revert", "unhide", "unlock", "unfeature", "lock"):
        fields = ", ".join(change.changed) if change.changed else ""
        text = f"{title} was updated" + (f" ({esc(fields)})" if fields else "")
    else:
        text = f"{title}: {esc(change.action)}"
    return f'<div class="h4og-feed-item">{when} · {text}</div>'
