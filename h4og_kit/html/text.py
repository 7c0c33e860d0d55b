"""All of the kit's HTML escaping: text becomes HTML here and nowhere else.

:func:`esc` turns any value into HTML text (``<``, ``>``, ``&`` and both quotes escaped; ``None``
is empty). What it returns is an :class:`Html` string, and an :class:`Html` string is never
escaped again, so pieces built here can be put together without double escaping. Only the
:mod:`h4og_kit.html` modules make :class:`Html` from their own constant markup; text people typed
always goes through :func:`esc`.

Text people typed can be in any script, so where it is shown it is isolated from the text around
it: :func:`bdi` for inline text, :func:`block` (``dir="auto"``) for a paragraph or heading. An
Arabic title then reads right to left inside an English sentence, and a title that ends in "!"
does not push the punctuation of the sentence around it.
"""

from __future__ import annotations

from html import escape
from typing import Any


class Html(str):
    """HTML built by :mod:`h4og_kit.html`: :func:`esc` passes it through unchanged.

    Never wrap text people typed (or any text from outside) in it: escape it with :func:`esc`.
    """

    __slots__ = ()


def esc(value: Any) -> Html:
    """``value`` as HTML text: ``None`` is empty, ``<``, ``>``, ``&`` and quotes are escaped;
    :class:`Html` is returned as it is."""
    if isinstance(value, Html):
        return value
    return Html(escape("" if value is None else str(value), quote=True))


def bdi(value: Any) -> Html:
    """Inline text people typed, isolated for its own script direction (``<bdi>``); nothing for
    empty text."""
    text = esc(value)
    return Html(f"<bdi>{text}</bdi>") if text else Html("")


def block(tag: str, value: Any, css_class: str = "", **attrs: Any) -> Html:
    """``<tag dir="auto">`` around ``value`` (escaped unless :class:`Html`): a paragraph or
    heading of typed text, laid out in the direction of its own script. Nothing for empty text."""
    text = esc(value)
    if not text:
        return Html("")
    return Html(f"<{tag}{attributes(css_class, attrs)} dir=\"auto\">{text}</{tag}>")


def attributes(css_class: str = "", attrs: dict[str, Any] | None = None) -> Html:
    """`` class="..." name="..."`` with every value escaped; ``None`` values are left out and an
    underscore in a name is written as a dash (``aria_label`` -> ``aria-label``)."""
    parts = [f' class="{esc(css_class)}"'] if css_class else []
    for name, value in (attrs or {}).items():
        if value is not None:
            parts.append(f' {name.replace("_", "-")}="{esc(value)}"')
    return Html("".join(parts))


def fill(template: str, *args: Any, **kwargs: Any) -> Html:
    """``template`` (a constant of the kit) with every ``{}`` filled by an escaped argument:
    ``fill("Saved {} (version {}).", bdi(title), 2)``."""
    return Html(esc(template).format(*map(esc, args), **{k: esc(v) for k, v in kwargs.items()}))


def join(separator: str, parts: Any) -> Html:
    """The escaped ``parts`` joined with ``separator`` (empty parts left out)."""
    return Html(esc(separator).join(p for p in map(esc, parts) if p))


def web_url(value: Any) -> str | None:
    """``value`` if it is an absolute http(s) URL without spaces, else None."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url.lower().startswith(("http://", "https://")) or any(ch.isspace() for ch in url):
        return None
    return url


def script_json(value: Any) -> Html:
    """``value`` as JSON that is safe inside a ``<script>`` element: ``<``, ``>`` and ``&`` are
    written as ``\\u003c``, ``\\u003e``, ``\\u0026``, so no ``</script>`` or ``<!--`` in typed
    text can end or change the element; U+2028 and U+2029 are escaped too."""
    import json

    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                       ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return Html(text)
