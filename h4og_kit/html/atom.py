"""The public activity as an Atom feed (RFC 4287), for chat bots, feed readers and social bridges.

:func:`atom_feed` turns the published versions of public entries (each a line of activity: a
registration, an update, a stage move) into Atom entries, newest first: an ``id`` per version, its
time as ``updated``, a plain-text title in the current language (the entry's title and what
happened, with the labels the entry pages use), the entry's summary, and a link to its page. The
XML is written by :mod:`xml.etree.ElementTree`, which escapes every text and attribute; characters
XML cannot hold are dropped first. It reads only what it is given: the public snapshot's records.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
#: How many entries a feed carries.
ATOM_ENTRIES = 50
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: Any) -> str:
    return _NOT_XML.sub("", "" if value is None else str(value))


def _add(parent: ET.Element, tag: str, text: Any = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}",
                            {k: _text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _text(text)
    return element


def rfc3339(iso: str | None) -> str:
    """A registry time (ISO 8601 in UTC) as Atom writes it: ``2026-11-30T17:48:05Z``."""
    from h4og_kit.html.times import parse_time

    moment = parse_time(iso)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else "1970-01-01T00:00:00Z"


def happened(item: Mapping[str, Any], stage_labels: Mapping[str, str]) -> str:
    """What a published version did, as plain text: the action's name, and a stage move."""
    from h4og_kit.html.feed import action_name

    before, after = item.get("stage_before"), item.get("stage_after")
    what = action_name(str(item.get("action") or ""))
    if before and after and before != after:
        what += f" · {stage_labels.get(before, before)} → {stage_labels.get(after, after)}"
    return what


def atom_feed(*, title: str, feed_id: str, updated: str, records: Iterable[Mapping[str, Any]],
              history: Mapping[str, list[Mapping[str, Any]]], href: Callable[[str], str],
              stage_labels: Mapping[str, str] | None = None, lang: str = "en",
              base_url: str | None = None, limit: int = ATOM_ENTRIES) -> bytes:
    """The Atom document of the activity of ``records`` (public entry records) from their
    ``history`` (entry id -> published versions). ``href``: an entry id's page, relative to the
    feed (``base_url``, if known, is written as ``xml:base``); ``feed_id``: the feed's permanent
    id (an IRI)."""
    from h4og_kit.html.labels import kind_label

    stage_labels = stage_labels or {}
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    if base_url:
        feed.set("{http://www.w3.org/XML/1998/namespace}base", _text(base_url))
    _add(feed, "id", feed_id)
    _add(feed, "title", title, type="text")
    _add(feed, "updated", rfc3339(updated))
    _add(_add(feed, "author"), "name", title)
    _add(feed, "link", rel="alternate", type="text/html", href="./")
    _add(feed, "generator", "h4og-kit")
    items = [(item, record) for record in records for item in history.get(record["id"], [])]
    items.sort(key=lambda pair: (str(pair[0].get("at") or ""), pair[1]["id"]), reverse=True)
    for item, record in items[:limit]:
        fields = record["fields"]
        name = item.get("title") or fields.get("title") or record["id"]
        entry = _add(feed, "entry")
        _add(entry, "id", f"{feed_id}#{record['id']}-v{item.get('version')}")
        _add(entry, "title", f"{kind_label(record['kind'])} · {name} · "
             f"{happened(item, stage_labels)}", type="text")
        _add(entry, "updated", rfc3339(item.get("at")))
        _add(entry, "published", rfc3339(item.get("at")))
        _add(entry, "link", rel="alternate", type="text/html", href=href(record["id"]))
        _add(entry, "category", term=record["kind"])
        if fields.get("summary"):
            _add(entry, "summary", fields["summary"], type="text")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8",
                                                                     xml_declaration=False) + b"\n"
