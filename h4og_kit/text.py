"""Text helpers shared by the parsers (IIIF manifests, source answers): HTML to plain text.

Providers put HTML into metadata values (Wikimedia Commons ``extmetadata``, IIIF labels and
values). :func:`plain_text` keeps only the text a person would read: tags are dropped, entities
decoded, hidden elements (``display: none``, ``hidden``, scripts and styles) left out, and
whitespace tidied. It parses with the standard library and never evaluates anything.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

#: Elements whose text is never shown to a reader.
_SKIPPED = frozenset({"script", "style", "template", "head", "title"})
#: Elements that start a new line of text.
_BLOCKS = frozenset(
    {
        "br",
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "tr",
        "table",
        "dd",
        "dt",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "section",
        "article",
        "hr",
    }
)
#: Elements that never have content or an end tag.
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_MARKUP = re.compile(r"<[A-Za-z/!]|&(#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")


class _TextExtractor(HTMLParser):
    """Collects the visible text of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.open: list[tuple[str, bool]] = []  # (tag, hides its content)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")
        if tag in _VOID:
            return
        values = dict(attrs)
        hidden = (
            tag in _SKIPPED
            or "hidden" in values
            or bool(_HIDDEN_STYLE.search(values.get("style") or ""))
        )
        self.open.append((tag, hidden))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")
        for depth in range(len(self.open) - 1, -1, -1):
            if self.open[depth][0] == tag:
                del self.open[depth:]
                break

    def handle_data(self, data: str) -> None:
        if not any(hidden for _, hidden in self.open):
            self.parts.append(data)


def plain_text(value: object) -> str | None:
    """The readable text of an HTML fragment (or plain string); None when nothing is left.

    >>> plain_text('Photo by <a href="//commons.wikimedia.org/wiki/User:PtrQs">PtrQs</a>')
    'Photo by PtrQs'
    >>> plain_text('1891<div style="display: none;">date QS:P,+1891-00-00T00:00:00Z/9</div>')
    '1891'
    """
    if value is None:
        return None
    text = str(value)
    if _MARKUP.search(text):
        parser = _TextExtractor()
        parser.feed(text)
        parser.close()
        text = "".join(parser.parts)
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line) or None


def one_line(value: object) -> str | None:
    """:func:`plain_text` on a single line: for titles, names and dates."""
    text = plain_text(value)
    return " ".join(text.split()) if text else None
