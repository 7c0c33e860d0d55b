"""How a rights value is keyed for lookup: :func:`text_key` for names and titles, :func:`url_key`
for URLs.

Two spellings that mean the same license get the same key: case, runs of spaces, a trailing dot
and the dash people happened to type (hyphen, en dash, em dash, minus) do not count; a URL's
scheme, ``www.``, query, fragment and CC's ``deed``/``legalcode`` pages do not either.
"""

from __future__ import annotations

import re

#: Every dash people type between words: hyphen-minus, the Unicode hyphens and dashes, minus sign,
#: small and full-width hyphen-minus. Inside a regular-expression character class as is.
DASHES = "\\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d"

_DASH = re.compile(f"[{DASHES}]")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:(?://)?|^//")
#: The format of a license's page is not the license: fdl-1.3.txt, fdl-1.3.html, fdl-1.3.en.html.
_DOCUMENT_SUFFIX = re.compile(r"(?:\.[a-z]{2}(?:-[a-z]{2,4})?)?\.(?:html?|txt|php|md|pdf)$")


def text_key(text: str) -> str:
    """A value as looked up in the alias table: case-folded, single-spaced, one kind of dash, no
    trailing dot."""
    return " ".join(_DASH.sub("-", text.casefold()).split()).rstrip(" .,;")


def url_key(url: str) -> str:
    """A URL reduced to what identifies a license: no scheme, www, query, fragment, deed or
    legalcode, nor the page's format suffix (``.html``, ``.en.html``, ``.txt``).

    ``https://creativecommons.org/licenses/by-sa/3.0/es/deed.de?x=1`` and
    ``http://www.creativecommons.org/licenses/by-sa/3.0/es/legalcode.`` both give
    ``creativecommons.org/licenses/by-sa/3.0/es``; rightsstatements.org ``/page/`` and ``/data/``
    forms give the ``/vocab/`` one.
    """
    u = _SCHEME.sub("", url.strip().casefold())
    u = u.removeprefix("www.")
    u = re.split(r"[?#]", u, maxsplit=1)[0]
    host, _, path = u.partition("/")
    segments = [s.strip(".,;:()[]<>\"'") for s in path.split("/")]
    segments = [s for s in segments if s]
    if host == "creativecommons.org":
        kept = []
        for s in segments:
            if s.startswith(("deed", "legalcode", "rdf")):
                break
            kept.append(s)
        segments = kept
    elif host == "rightsstatements.org" and segments and segments[0] in ("page", "data"):
        segments[0] = "vocab"
    if segments:
        segments[-1] = _DOCUMENT_SUFFIX.sub("", segments[-1]) or segments[-1]
    return "/".join([host, *segments])
