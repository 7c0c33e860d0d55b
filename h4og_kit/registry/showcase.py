"""The static HTML showcase of a registry: one self-contained page that works without a server.

It lists the published entries of each kind (featured first), projects with their progress stage.
Everything a person typed is HTML-escaped; descriptions are Markdown shown as plain text, never
rendered as HTML; links are the validated http(s) URLs only; no e-mail is ever shown, and a
person's own links only when they agreed to be contacted (as on the dashboards). The page
carries its own CSS and no script.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

from h4og_kit.registry.access import is_public, public_view
from h4og_kit.registry.models import KINDS, local_contexts_labels, utc_now

SECTION_TITLES = {
    "project": "Projects",
    "challenge": "Challenges",
    "collection": "Collections",
    "tool": "Tools",
    "workshop": "Workshops",
    "person": "People",
}
_LINK_LABELS = {"homepage": "Homepage", "source": "Source code", "chat": "Chat", "demo": "Demo",
                "dataset": "Dataset"}

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#f6f6f3;color:#1d1d1b}
header{background:#1d3557;color:#fff;padding:1.5rem 2rem}
header p{margin:.3rem 0 0;opacity:.85}
nav a{color:#fff;margin-right:1rem}
main{padding:1rem 2rem;max-width:80rem}
section{margin-bottom:2rem}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(18rem,1fr));gap:1rem}
article{background:#fff;border-radius:.5rem;padding:1rem;box-shadow:0 1px 3px #0002;overflow-wrap:anywhere}
article.featured{border:2px solid #e63946}
article h3{margin:.2rem 0 .5rem;font-size:1.1rem}
article img{max-width:100%;max-height:10rem;object-fit:cover;border-radius:.3rem}
.meta{color:#555;font-size:.9rem}
.desc{white-space:pre-wrap;font-size:.92rem}
.tags span{display:inline-block;background:#e9ecef;border-radius:1rem;padding:0 .5rem;margin:.1rem;font-size:.8rem}
.stages{display:flex;gap:2px;margin:.4rem 0}
.stages span{flex:1;height:.5rem;background:#dee2e6}
.stages span.done{background:#2a9d8f;color:#fff}
footer{padding:1rem 2rem;color:#666;font-size:.85rem}
"""


def _e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def _tags(values: Iterable[str], label: str) -> str:
    values = list(values)
    if not values:
        return ""
    spans = "".join(f"<span>{_e(v)}</span>" for v in values)
    return f'<div class="tags" aria-label="{_e(label)}">{spans}</div>'


def _links(fields: Mapping[str, Any]) -> str:
    items = [(label, (fields.get("links") or {}).get(key)) for key, label in _LINK_LABELS.items()]
    if fields.get("access_url"):
        items.append(("Access", fields["access_url"]))
    items += list((fields.get("social_links") or {}).items())
    anchors = [
        f'<a href="{_e(url)}" rel="noopener noreferrer nofollow">{_e(label)}</a>'
        for label, url in items
        if isinstance(url, str) and url.lower().startswith(("http://", "https://"))
    ]
    return f'<p class="links">{" · ".join(anchors)}</p>' if anchors else ""


def _stage_bar(stage: str | None, stage_names: list[str]) -> str:
    if stage not in stage_names:
        return ""
    reached = stage_names.index(stage)
    spans = "".join(
        f'<span class="{"done" if i <= reached else ""}" title="{_e(name)}"></span>'
        for i, name in enumerate(stage_names)
    )
    return (
        f'<p class="meta">Stage: {_e(stage)} ({reached + 1} of {len(stage_names)})</p>'
        f'<div class="stages" aria-hidden="true">{spans}</div>'
    )


def _details(kind: str, fields: Mapping[str, Any], names: Mapping[str, str],
             stage_names: list[str]) -> str:
    parts: list[str] = []
    if kind == "project":
        parts.append(_stage_bar(fields.get("stage"), stage_names))
        team = [names.get(m, m) for m in fields.get("team", [])]
        if team:
            parts.append(f'<p class="meta">Team: {_e(", ".join(team))}</p>')
        parts.append(_tags(fields.get("skills_needed", []), "skills needed"))
    elif kind == "person":
        who = " · ".join(x for x in (fields.get("role"), fields.get("organization"),
                                     fields.get("city"), fields.get("country")) if x)
        if who:
            parts.append(f'<p class="meta">{_e(who)}</p>')
        parts.append(_tags(fields.get("skills", []), "skills"))
    elif kind == "collection":
        holder = " · ".join(x for x in (fields.get("institution"), fields.get("country")) if x)
        if holder:
            parts.append(f'<p class="meta">{_e(holder)}</p>')
        rights = fields.get("license_label") or fields.get("rights") or "not stated"
        category = fields.get("license_category") or "unknown"
        shown = rights if category.casefold() == rights.casefold() else f"{rights} ({category})"
        parts.append(f'<p class="meta">Rights: {_e(shown)}</p>')
        if fields.get("ethical_considerations"):
            parts.append(
                f'<p class="desc"><strong>Ethical reuse:</strong> '
                f'{_e(fields["ethical_considerations"])}</p>'
            )
        labels = local_contexts_labels()
        parts.append(_tags([labels.get(c, c) for c in fields.get("tk_labels", [])], "TK/BC labels"))
    elif kind == "workshop":
        when = " – ".join(_e(fields[k]) for k in ("start", "end") if fields.get(k))
        extra = " · ".join(_e(x) for x in (fields.get("language"), fields.get("level")) if x)
        if when or extra:
            parts.append(f'<p class="meta">{when}{" (UTC) · " if when and extra else ""}{extra}</p>')
    elif kind == "challenge" and fields.get("host"):
        parts.append(f'<p class="meta">Host: {_e(fields["host"])}</p>')
    return "".join(parts)


def _card(record: Mapping[str, Any], names: Mapping[str, str], stage_names: list[str]) -> str:
    kind = record["kind"]
    fields = public_view(kind, record["fields"])
    image = fields.get("image_url")
    img = (
        f'<img src="{_e(image)}" alt="{_e(fields.get("title"))}" loading="lazy">'
        if isinstance(image, str) and image.lower().startswith(("http://", "https://"))
        else ""
    )
    featured = " featured" if record.get("featured") else ""
    return (
        f'<article class="{_e(kind)}{featured}" id="{_e(record["id"])}">{img}'
        f"<h3>{_e(fields.get('title'))}</h3>"
        + (f'<p>{_e(fields["summary"])}</p>' if fields.get("summary") else "")
        + _details(kind, fields, names, stage_names)
        + (f'<p class="desc">{_e(fields["description"])}</p>' if fields.get("description") else "")
        + _tags(fields.get("keywords", []), "keywords")
        + _links(fields)
        + "</article>"
    )


def render(entries: Iterable[Mapping[str, Any]], *, title: str = "Hackathon showcase",
           stage_names: list[str] | None = None) -> str:
    """The showcase page for archive entry records (``id``, ``kind``, ``featured``, ``fields``).

    Only published entries appear.
    """
    if stage_names is None:
        from h4og_kit.registry.stages import load_stages

        stage_names = list(load_stages().names)
    published = [e for e in entries if is_public(e["fields"])]
    names = {e["id"]: e["fields"].get("title") or e["id"] for e in published}
    sections, nav = [], []
    for kind, heading in SECTION_TITLES.items():
        if kind not in KINDS:
            continue
        items = sorted(
            (e for e in published if e["kind"] == kind),
            key=lambda e: (not e.get("featured"), (e["fields"].get("title") or "").casefold()),
        )
        if not items:
            continue
        nav.append(f'<a href="#{kind}">{heading} ({len(items)})</a>')
        cards = "".join(_card(e, names, stage_names) for e in items)
        sections.append(
            f'<section id="{kind}"><h2>{heading}</h2><div class="cards">{cards}</div>'
            "</section>"
        )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>"
        f"<header><h1>{_e(title)}</h1><p>{len(published)} published entries</p>"
        f"<nav>{''.join(nav)}</nav></header><main>{''.join(sections)}</main>"
        f"<footer>Exported {utc_now()} with h4og-kit. Everything here was typed by participants "
        "and is shown as plain text.</footer></body></html>\n"
    )
