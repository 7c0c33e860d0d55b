"""The card of a registry entry, as escaped HTML: the same card on the boards, in matchmaking and
on the static showcase page.

A card shows the entry as the public may see it (:func:`~h4og_kit.registry.access.public_view`):
never an e-mail, and a person's own links only when they agreed to be contacted. Every text
people typed is escaped and isolated for its script direction: headings and paragraphs carry
``dir="auto"``, inline names and values are ``<bdi>``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from h4og_kit.html.labels import category_label, kind_label, tk_labels
from h4og_kit.html.pieces import badge, image, link, tags
from h4og_kit.html.text import Html, bdi, block, esc, fill, join
from h4og_kit.html.times import short_time
from h4og_kit.i18n import gettext as _
from h4og_kit.i18n import language_name

if TYPE_CHECKING:
    from h4og_kit.registry.entries import Entry


def _link_labels() -> dict[str, str]:
    from h4og_kit.registry.meta import fields_meta
    from h4og_kit.registry.models import Links

    return {name: _(meta.label) for name, meta in fields_meta(Links).items()}


def links_line(fields: Mapping[str, Any]) -> Html:
    """The entry's links (labelled as in the form), its access link and a person's own links
    (their labels isolated), or nothing; only http(s) URLs become links."""
    stored = fields.get("links") or {}
    items: list[tuple[Any, Any]] = [(label, stored.get(key)) for key, label in _link_labels().items()]
    if fields.get("access_url"):
        items.append((_("Access"), fields["access_url"]))
    items += [(bdi(label), url) for label, url in (fields.get("social_links") or {}).items()]
    anchors = [link(label, url) for label, url in items if url]
    return Html(f'<p class="h4og-meta">{" · ".join(anchors)}</p>') if anchors else Html("")


def _meta(*values: Any, label: str = "") -> Html:
    """A line of short values people typed (each isolated), after an optional ``label``."""
    shown = join(" · ", (bdi(v) for v in values if v))
    if not shown:
        return Html("")
    return Html(f'<p class="h4og-meta">{esc(label)}{": " if label else ""}{shown}</p>')


def _details(kind: str, f: Mapping[str, Any], names: Callable[[str], str]) -> str:
    parts: list[str] = []
    if kind == "project":
        team = [names(member) for member in f.get("team", [])]
        if team:
            parts.append(f'<p class="h4og-meta">{fill(_("Team: {}"), join(", ", map(bdi, team)))}'
                         "</p>")
        parts.append(tags(f.get("skills_needed", []), _("Skills needed")))
    elif kind == "person":
        parts.append(_meta(f.get("role"), f.get("organization"), f.get("city"), f.get("country")))
        parts.append(tags(f.get("skills", []), _("Skills")))
        parts.append(tags(f.get("interests", []), _("Interests")))
    elif kind == "collection":
        parts.append(_meta(f.get("institution"), f.get("country")))
        category = f.get("license_category") or "unknown"
        rights = f.get("license_label") or f.get("rights")
        shown = bdi(rights) if rights else esc(_("not stated"))
        badged = badge(category_label(category), category)
        parts.append(f'<p class="h4og-meta">{fill(_("Rights: {}"), shown)} {badged}</p>')
        if f.get("ethical_considerations"):
            parts.append(f'<p class="h4og-desc"><strong>{esc(_("Ethical reuse:"))}</strong> '
                         f"{bdi(f['ethical_considerations'])}</p>")
        parts.append(tk_labels(f.get("tk_labels", [])))
    elif kind == "workshop":
        when = " – ".join(short_time(f.get(k)) for k in ("start", "end") if f.get(k))
        spoken = language_name(f["language"]) if f.get("language") else None
        parts.append(_meta(when, spoken, f.get("level")))
    elif kind == "challenge" and f.get("host"):
        parts.append(_meta(f["host"], label=_("Host")))
    return "".join(parts)


def written_in(kind: str, fields: Mapping[str, Any]) -> str | None:
    """The language an entry's own text is written in, when it declares exactly one (its
    ``languages``, or a workshop's ``language``); a person's languages are what they speak, not
    what they wrote, and say nothing."""
    if kind == "person":
        return None
    declared = fields.get("languages") or ([fields["language"]] if fields.get("language") else [])
    return str(declared[0]) if len(declared) == 1 else None


def entry_card(entry: Entry | Mapping[str, Any], *, names: Callable[[str], str] = str,
               progress: str = "", extra: str = "") -> Html:
    """The card of an entry (an :class:`~h4og_kit.registry.entries.Entry`, or an archive record
    with ``id``, ``kind``, ``featured`` and ``fields``): title, kind, summary, details, the
    ``progress`` timeline (HTML from :func:`~h4og_kit.html.timeline.timeline`), description,
    hashtags, links, and ``extra`` (HTML built with :mod:`h4og_kit.html`, e.g. reasons).

    ``names`` turns a team member's id into the name to show.
    """
    from h4og_kit.registry.access import public_view

    if isinstance(entry, Mapping):
        kind, entry_id, fields = entry["kind"], entry["id"], entry["fields"]
        featured = bool(entry.get("featured"))
    else:
        kind, entry_id, fields, featured = entry.kind, entry.id, entry.fields, entry.featured
    f = public_view(kind, fields)
    css = f"h4og-card h4og-{kind}" + (" h4og-featured" if featured else "")
    lang = written_in(kind, f)
    star = " " + badge(_("Featured"), "featured") if featured else ""
    return Html(
        f'<article class="{esc(css)}" data-entry="{esc(entry_id)}">'
        f"{image(f.get('image_url'), f.get('title'))}"
        f"{block('h3', f.get('title'), lang=lang)}"
        f"<div>{badge(kind_label(kind), 'kind')}{star}</div>"
        f"{block('p', f.get('summary'), lang=lang)}{_details(kind, f, names)}{progress}"
        f"{block('p', f.get('description'), 'h4og-desc', lang=lang)}"
        f"{tags(f.get('keywords', []), _('Hashtags'))}{links_line(f)}{extra}</article>"
    )
