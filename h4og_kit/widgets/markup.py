"""The small HTML pieces the views are built from; every piece escapes what it is given.

Nothing here trusts its input: text is HTML-escaped (quotes too), only http(s) URLs become links
or images, and links to other sites carry ``rel="noopener noreferrer nofollow"``. A view that
needs HTML builds it from these functions, so user text cannot become markup.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

LEVELS = ("info", "success", "warning", "error")


def esc(value: Any) -> str:
    """``value`` as HTML text: ``None`` is empty, ``<``, ``&`` and quotes are escaped."""
    return escape("" if value is None else str(value), quote=True)


def web_url(value: Any) -> str | None:
    """``value`` if it is an absolute http(s) URL without spaces, else None."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url.lower().startswith(("http://", "https://")) or any(ch.isspace() for ch in url):
        return None
    return url


def link(label: Any, url: Any) -> str:
    """An outgoing link (new tab), or the escaped label alone when ``url`` is not http(s)."""
    href = web_url(url)
    if href is None:
        return esc(label)
    return (f'<a href="{esc(href)}" target="_blank" rel="noopener noreferrer nofollow">'
            f"{esc(label)}</a>")


def image(url: Any, alt: Any, css_class: str = "h4og-thumb") -> str:
    """A lazily loaded image, or nothing when ``url`` is not http(s)."""
    src = web_url(url)
    if src is None:
        return ""
    return f'<img class="{esc(css_class)}" src="{esc(src)}" alt="{esc(alt)}" loading="lazy">'


def badge(text: Any, kind: str = "") -> str:
    """A small label, e.g. a license category; ``kind`` picks its colour (``h4og-badge-KIND``)."""
    modifier = f" h4og-badge-{esc(kind)}" if kind else ""
    return f'<span class="h4og-badge{modifier}">{esc(text)}</span>'


def tags(values: Iterable[Any], label: str) -> str:
    """A row of tags, or nothing for an empty list."""
    items = [v for v in values if v not in (None, "")]
    if not items:
        return ""
    spans = "".join(f'<span class="h4og-tag">{esc(v)}</span>' for v in items)
    return f'<div class="h4og-tags" aria-label="{esc(label)}">{spans}</div>'


def banner(text: Any, level: str = "info") -> str:
    """A message box; errors and warnings are announced to screen readers (``role=alert``)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    role = "alert" if level in ("warning", "error") else "status"
    return f'<div class="h4og-banner h4og-{level}" role="{role}">{esc(text)}</div>'


def bullet_list(items: Iterable[Any], css_class: str = "") -> str:
    """An unordered list of escaped items, or nothing for an empty list."""
    lis = "".join(f"<li>{esc(item)}</li>" for item in items)
    if not lis:
        return ""
    cls = f' class="{esc(css_class)}"' if css_class else ""
    return f"<ul{cls}>{lis}</ul>"


def table(header: Sequence[Any], rows: Iterable[Sequence[Any]], caption: str = "",
          raw_columns: Iterable[int] = ()) -> str:
    """An HTML table of escaped cells; cells in ``raw_columns`` must already be built HTML."""
    raw = set(raw_columns)
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{cell if i in raw else esc(cell)}</td>" for i, cell in enumerate(row))
        + "</tr>"
        for row in rows
    )
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return f'<table class="h4og-table">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def highlight(text: Any, spans: Iterable[tuple[int, int, str]]) -> str:
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
    return "".join(out)


def download_link(content: str | bytes, filename: str, mime: str, label: str) -> str:
    """A link that saves ``content`` as ``filename`` in the browser (a base64 ``data:`` URL)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    encoded = base64.b64encode(data).decode("ascii")
    return (f'<a class="h4og-download" download="{esc(filename)}" '
            f'href="data:{esc(mime)};base64,{encoded}">{esc(label)}</a>')
