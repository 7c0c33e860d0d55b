"""The small HTML pieces views and pages are built from: links, images, badges, tags, banners,
lists, tables, highlights, download links. Every piece escapes what it is given.

Only http(s) URLs become links or images, and links carry ``rel="noopener noreferrer nofollow"``.
Text is escaped with :func:`~h4og_kit.html.text.esc`; a piece already built here (an
:class:`~h4og_kit.html.text.Html` string, e.g. ``bdi(name)``) is taken as it is.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from typing import Any

from h4og_kit.html.text import Html, attributes, esc, web_url

LEVELS = ("info", "success", "warning", "error")


def link(label: Any, url: Any) -> Html:
    """An outgoing link (new tab), or the escaped label alone when ``url`` is not http(s)."""
    href = web_url(url)
    if href is None:
        return esc(label)
    return Html(f'<a href="{esc(href)}" target="_blank" rel="noopener noreferrer nofollow">'
                f"{esc(label)}</a>")


def image(url: Any, alt: Any, css_class: str = "h4og-thumb") -> Html:
    """A lazily loaded image, or nothing when ``url`` is not http(s)."""
    src = web_url(url)
    if src is None:
        return Html("")
    return Html(f'<img{attributes(css_class)} src="{esc(src)}" alt="{esc(alt)}" loading="lazy">')


def badge(text: Any, kind: str = "") -> Html:
    """A small label, e.g. a license category; ``kind`` picks its colour (``h4og-badge-KIND``)."""
    modifier = f" h4og-badge-{kind}" if kind else ""
    return Html(f"<span{attributes('h4og-badge' + modifier)}>{esc(text)}</span>")


def tags(values: Iterable[Any], label: str) -> Html:
    """A row of tags (each isolated for its script direction), or nothing for an empty list."""
    items = [v for v in values if v not in (None, "")]
    if not items:
        return Html("")
    spans = "".join(f'<bdi class="h4og-tag">{esc(v)}</bdi>' for v in items)
    return Html(f'<div class="h4og-tags" aria-label="{esc(label)}">{spans}</div>')


def banner(text: Any, level: str = "info") -> Html:
    """A message box; errors and warnings are announced to screen readers (``role=alert``)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    role = "alert" if level in ("warning", "error") else "status"
    return Html(f'<div class="h4og-banner h4og-{level}" role="{role}">{esc(text)}</div>')


def bullet_list(items: Iterable[Any], css_class: str = "") -> Html:
    """An unordered list of escaped items, or nothing for an empty list."""
    lis = "".join(f"<li>{esc(item)}</li>" for item in items)
    if not lis:
        return Html("")
    return Html(f"<ul{attributes(css_class)}>{lis}</ul>")


def table(header: Sequence[Any], rows: Iterable[Sequence[Any]], caption: str = "",
          raw_columns: Iterable[int] = ()) -> Html:
    """An HTML table of escaped cells; cells in ``raw_columns`` must already be built HTML."""
    raw = set(raw_columns)
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{cell if i in raw else esc(cell)}</td>" for i, cell in enumerate(row))
        + "</tr>"
        for row in rows
    )
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return Html(f'<table class="h4og-table">{cap}<thead><tr>{head}</tr></thead>'
                f"<tbody>{body}</tbody></table>")


def highlight(text: Any, spans: Iterable[tuple[int, int, str]]) -> Html:
    """``text`` escaped, with each ``(start, end, note)`` span wrapped in ``<mark title=note>``.

    Overlapping spans keep the first; spans outside the text are ignored.
    """
    text = "" if text is None else str(text)
    out, at = [], 0
    for start, end, note in sorted(spans):
        if start < at or end > len(text) or start >= end:
            continue
        out.append(esc(text[at:start]))
        out.append(f'<mark title="{esc(note)}">{esc(text[start:end])}</mark>')
        at = end
    out.append(esc(text[at:]))
    return Html("".join(out))


def download_link(content: str | bytes, filename: str, mime: str, label: str) -> Html:
    """A link that saves ``content`` as ``filename`` in the browser (a base64 ``data:`` URL)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    encoded = base64.b64encode(data).decode("ascii")
    return Html(f'<a class="h4og-download" download="{esc(filename)}" '
                f'href="data:{esc(mime)};base64,{encoded}">{esc(label)}</a>')
