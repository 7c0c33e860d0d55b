"""Credit lines: Title, Author, Source, License (TASL), as Creative Commons recommends.

Creative Commons' "Recommended practices for attribution" ask for the title (linked to where the
work lives), the author, the source and the license (named and linked to its deed), e.g.

    "Lotus" by Hokusai, available at https://example.org/42, is licensed under CC BY 4.0
    (https://creativecommons.org/licenses/by/4.0/).

A work under CC0, the Public Domain Mark, NoC-US or a plain public-domain note has no license to
name, so its line says it is in the public domain (crediting is still good practice). In the
``html`` format every part is HTML-escaped and only http(s) URLs become links.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from h4og_kit.rights.license import License
from h4og_kit.rights.normalize import is_missing, normalize

FORMATS = ("text", "html", "markdown", "wikitext")

_WEB_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")
_WIKI_SPECIAL = re.compile(r"[\[\]{}|<>'=~]")


def _field(record: Any, name: str) -> Any:
    try:
        value = record.get(name)
    except (AttributeError, TypeError):
        return None
    if value is None or isinstance(value, (list, dict)):
        return value or None
    return None if is_missing(value) else value


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _record_license(record: Any) -> License:
    """A record's License: its ``license_uri`` if it has one, else its raw ``rights``."""
    uri = _text(_field(record, "license_uri"))
    if uri:
        lic = normalize(uri)
        if lic.category != "unknown":
            return lic
    return normalize(_field(record, "rights"))


class _Writer:
    """How one format writes plain text and links."""

    def __init__(self, fmt: str):
        if fmt not in FORMATS:
            raise ValueError(f"fmt must be one of {FORMATS}, not {fmt!r}")
        self.fmt = fmt

    def text(self, value: str) -> str:
        if self.fmt == "html":
            return html.escape(value, quote=True)
        if self.fmt == "markdown":
            return _MARKDOWN_SPECIAL.sub(r"\\\1", value)
        if self.fmt == "wikitext" and _WIKI_SPECIAL.search(value):
            return "<nowiki>" + value.replace("</nowiki>", "") + "</nowiki>"
        return value

    def link(self, label: str, url: str | None, rel: str | None = None) -> str:
        shown = self.text(label)
        if not url or not _WEB_URL.match(url):
            return shown
        if self.fmt == "html":
            rel_attr = f' rel="{rel}"' if rel else ""
            return f'<a href="{html.escape(url, quote=True)}"{rel_attr}>{shown}</a>'
        if self.fmt == "markdown":
            return f"[{shown}]({url.replace('(', '%28').replace(')', '%29')})"
        if self.fmt == "wikitext":
            return f"[{url.replace(' ', '%20').replace(']', '%5D')} {shown}]"
        return shown if label == url else f"{shown} ({url})"


def _license_phrase(lic: License, w: _Writer) -> str:
    if lic.category == "public-domain":
        marked = f", marked with {w.link(lic.label, lic.uri, 'license')}" if lic.uri else ""
        return f"is in the public domain{marked}"
    if lic.family.startswith("CC ") or lic.is_open or lic.id:
        return f"is licensed under {w.link(lic.label, lic.uri, 'license')}"
    if lic.uri:  # a rights statement (rightsstatements.org) rather than a license
        return f"is marked {w.link(lic.label, lic.uri, 'license')}"
    if lic.category == "in-copyright":
        notice = _text(lic.source_value) if isinstance(lic.source_value, str) else None
        return f"is in copyright ({w.text(notice)})" if notice else "is in copyright"
    return "has no known license: check its rights before reuse"


def attribution(
    record_or_license: Any,
    title: str | None = None,
    creator: str | None = None,
    source_url: str | None = None,
    fmt: str = "text",
) -> str:
    """A TASL credit line for a record (dict or pandas Series), a License or a raw rights value.

    A record's ``title``, ``creator`` and ``url`` are used unless ``title``, ``creator`` or
    ``source_url`` are given; its license comes from ``license_uri``, else from ``rights``.
    ``fmt`` is ``"text"``, ``"html"``, ``"markdown"`` or ``"wikitext"``.
    """
    w = _Writer(fmt)
    if isinstance(record_or_license, License):
        lic = record_or_license
    elif isinstance(record_or_license, Mapping) or hasattr(record_or_license, "to_dict"):
        record = record_or_license
        lic = _record_license(record)
        title = title if title is not None else _field(record, "title")
        creator = creator if creator is not None else _field(record, "creator")
        source_url = source_url if source_url is not None else _field(record, "url")
    else:
        lic = normalize(record_or_license)
    title, creator, source_url = _text(title), _text(creator), _text(source_url)

    linked_title = bool(title and fmt != "text" and source_url and _WEB_URL.match(source_url))
    if title:
        work = f"\u201c{w.link(title, source_url) if linked_title else w.text(title)}\u201d"
    else:
        work = "This work"
    by = f" by {w.text(creator)}" if creator else ""
    source = (
        f", available at {w.link(source_url, source_url)},"
        if source_url and not linked_title
        else ""
    )
    return f"{work}{by}{source} {_license_phrase(lic, w)}."
