"""Helpers of the widget tests: hostile input and a check that it never reaches a page as markup."""

from __future__ import annotations

from collections.abc import Iterator

#: Titles that would run script if they reached the page as HTML.
HOSTILE_TITLES = ("<img src=x onerror=alert(1)>", "<script>alert('x')</script>")


def html_values(widget) -> Iterator[str]:
    """The value of every HTML widget in a widget tree."""
    import ipywidgets as w

    if isinstance(widget, w.HTML):
        yield widget.value
    for child in getattr(widget, "children", ()):
        yield from html_values(child)


def assert_no_markup_from(texts, widget) -> None:
    """None of ``texts`` appears unescaped in any HTML widget under ``widget``."""
    for value in html_values(widget):
        for text in texts:
            assert text not in value, f"unescaped {text!r} in {value[:200]!r}"
