"""Credit lines: Title, Author, Source, License (TASL), as Creative Commons recommends.

Creative Commons' "Recommended practices for attribution" ask for the title (linked to where the
work lives), the author, the source and the license (named and linked to its deed), e.g.

    "Lotus" by Hokusai, available at https://example.org/42, is licensed under CC BY 4.0
    (https://creativecommons.org/licenses/by/4.0/).

A work under CC0, the Public Domain Mark, NoC-US or a plain public-domain note has no license to
name, so its line says it is in the public domain (crediting is still good practice). In the
``html`` format every part is HTML-escaped and only http(s) URLs become links.

The line is written in the viewer's language (:func:`h4og_kit.i18n.current`, or ``lang``): its
words from the kit's catalog, one whole sentence per case so a translator can order it freely,
and the license by its official name in that language ("Nimeä 4.0 Kansainvälinen"; in English
the short name, "CC BY 4.0": :meth:`~h4og_kit.rights.license.License.label_for`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from h4og_kit.i18n import N_, current, gettext, speaking
from h4og_kit.rights.license import License
from h4og_kit.rights.normalize import is_missing, normalize

FORMATS = ("text", "html", "markdown", "wikitext")

_WEB_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")
_WIKI_SPECIAL = re.compile(r"[\[\]{}|<>'=~]")

#: The work a credit line is about, by which of title, creator and source it names.
_WORK = {
    # Translators: the start of a credit line; "{work} is licensed under {license}." follows.
    (True, True, True): N_("\u201c{title}\u201d by {creator}, available at {source},"),
    (True, True, False): N_("\u201c{title}\u201d by {creator}"),
    (True, False, True): N_("\u201c{title}\u201d, available at {source},"),
    (True, False, False): N_("\u201c{title}\u201d"),
    (False, True, True): N_("This work by {creator}, available at {source},"),
    (False, True, False): N_("This work by {creator}"),
    (False, False, True): N_("This work, available at {source},"),
    (False, False, False): N_("This work"),
}


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

    def sentence(self, template: str, **parts: str) -> str:
        """``template`` (the kit's own text, in any language) filled with ``parts`` already
        written in this format."""
        own = html.escape(template, quote=False) if self.fmt == "html" else template
        return own.format(**parts)


def _rights_sentence(lic: License, name: str, w: _Writer) -> tuple[str, dict[str, str]]:
    """The sentence saying what the rights of the work are (``{work}`` still to fill) and its
    parts, the license called ``name``."""
    licensed = w.link(name, lic.uri, "license")
    if lic.category == "public-domain":
        if lic.uri:
            return gettext("{work} is in the public domain, marked with {license}."), {
                "license": licensed}
        return gettext("{work} is in the public domain."), {}
    if lic.family.startswith("CC ") or lic.is_open or lic.id:
        return gettext("{work} is licensed under {license}."), {"license": licensed}
    if lic.uri:  # a rights statement (rightsstatements.org) rather than a license
        # Translators: {statement} is a rights statement, e.g. "In Copyright - Educational Use
        # Permitted".
        return gettext("{work} is marked {statement}."), {"statement": licensed}
    if lic.category == "in-copyright":
        notice = _text(lic.source_value) if isinstance(lic.source_value, str) else None
        if notice:
            # Translators: {notice} is the copyright notice as the record gives it.
            return gettext("{work} is in copyright ({notice})."), {"notice": w.text(notice)}
        return gettext("{work} is in copyright."), {}
    return gettext("{work} has no known license: check its rights before reuse."), {}


def attribution(
    record_or_license: Any,
    title: str | None = None,
    creator: str | None = None,
    source_url: str | None = None,
    fmt: str = "text",
    lang: str | None = None,
) -> str:
    """A TASL credit line for a record (dict or pandas Series), a License or a raw rights value.

    A record's ``title``, ``creator`` and ``url`` are used unless ``title``, ``creator`` or
    ``source_url`` are given; its license comes from ``license_uri``, else from ``rights``.
    ``fmt`` is ``"text"``, ``"html"``, ``"markdown"`` or ``"wikitext"``. The line is in ``lang``
    (default: the current language): the license's name in that language, the kit's words where
    the kit speaks it (else in English).
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
    lang = lang or current()

    linked_title = bool(title and fmt != "text" and source_url and _WEB_URL.match(source_url))
    shown_source = source_url if source_url and not linked_title else None
    parts = {
        "title": w.link(title, source_url) if linked_title else w.text(title or ""),
        "creator": w.text(creator or ""),
        "source": w.link(shown_source, shown_source) if shown_source else "",
    }
    with speaking(lang):
        work = w.sentence(gettext(_WORK[bool(title), bool(creator), bool(shown_source)]), **parts)
        sentence, rights = _rights_sentence(lic, lic.label_for(lang), w)
        return w.sentence(sentence, work=work, **rights)
