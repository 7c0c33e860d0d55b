"""Smithsonian Open Access API, with a key from api.data.gov in ``SMITHSONIAN_API_KEY``.

The public ``DEMO_KEY`` works for a few requests an hour; a personal key allows 1,000.

Search is ``/search?q=...&start=...&rows=...&api_key=...``; the cursor is the ``start`` offset of
the next page. Keyword filters become ``field:value`` terms ANDed to the query
(``unit_code="NMAH"``, ``online_media_type="Images"``, ``date="1950s"``...), and ``open_only``
adds ``media_usage:CC0``.

``parse`` reads a search answer (``{"response": {"rows": [...]}}``), a content answer
(``{"response": {row}}``) and a bare row. Rights are the ``usage.access`` of the record's first
image ("CC0"), or, for a record without images, ``metadata_usage.access``: the metadata of a
record can be CC0 while its images are not. The creator column keeps only the names whose role
makes them authors of the object (artist, maker, photographer...), never a collector, donor or
sitter; the institution is the Smithsonian unit that holds the object (``data_source``).
"""

from __future__ import annotations

import re
from typing import Any

from h4og_kit import http
from h4og_kit.i18n import N_
from h4og_kit.records import record
from h4og_kit.sources.base import Search, expose
from h4og_kit.sources.fields import as_list, dig, first
from h4og_kit.sources.paging import Batch, OffsetPaged, Request

#: Roles in ``freetext.name[].label`` that make a person or body an author of the object.
_CREATOR_ROLE = re.compile(
    r"artist|maker|creator|author|photographer|designer|architect|manufacturer|engraver|"
    r"printmaker|painter|sculptor|illustrator|lithographer|draftsman|potter|weaver|carver|"
    r"composer|inventor|smith\b",
    re.IGNORECASE,
)
_DESCRIPTION_LABEL = re.compile(r"description|summary", re.IGNORECASE)
_DECADE = re.compile(r"^(\d{2,3})0s$")


class SmithsonianSource(OffsetPaged):
    name = "smithsonian"
    title = "Smithsonian Open Access"
    description = N_("Smithsonian Institution Open Access: CC0 records across its museums and "
                   "archives.")
    terms_url = "https://www.si.edu/termsofuse"
    aliases = ("si",)
    key_env = "SMITHSONIAN_API_KEY"
    demo_key = "DEMO_KEY"
    signup_url = "https://api.data.gov/signup/"
    base_url = "https://api.si.edu/openaccess/api/v1.0"
    politeness = http.Politeness(connections=2, rate=1)  # api.data.gov keys: 1,000 requests an hour
    page_size = 100
    offset_param, size_param = "start", "rows"

    def request(self, search: Search) -> Request:
        key = self.api_key()
        terms = [] if search.everything else [f"({search.query})"]
        terms += [f"{k}:{_term(v)}" for k, v in search.filters.items()]
        if search.open_only:
            terms.append("media_usage:CC0")
        return Request("search", {"q": " AND ".join(terms) or "*", "api_key": key})

    def read(self, answer: Any, search: Search) -> Batch:
        rows = answer["response"]["rows"]
        return Batch(self.parse(rows), answer["response"].get("rowCount"), count=len(rows))

    def get_payload(self, record_id: str) -> Any:
        return self.fetch(f"content/{record_id}", {"api_key": self.api_key()})

    def parse(self, payload: Any) -> list[dict]:
        """A search answer, a content answer, or one bare row of ``response.rows``."""
        if isinstance(payload, list):
            return [r for item in payload for r in self.parse(item)]
        if not isinstance(payload, dict):
            return []
        if "response" in payload:
            answer = payload["response"]
            return self.parse(answer.get("rows", answer) if isinstance(answer, dict) else None)
        is_row = "content" in payload and ("url" in payload or "id" in payload)
        return [_row(payload)] if is_row else []


def _term(value: Any) -> str:
    text = str(value).lower() if isinstance(value, bool) else str(value)
    return f'"{text}"' if re.search(r"\s", text) else text


def _contents(entries: Any, label: re.Pattern | None = None) -> list[str]:
    """The ``content`` of freetext entries, optionally only those whose ``label`` matches."""
    return [
        e["content"]
        for e in as_list(entries)
        if isinstance(e, dict)
        and e.get("content")
        and (label is None or label.search(e.get("label") or ""))
    ]


def _decade_span(decades: Any) -> tuple[int | None, int | None]:
    """First and last year of decade facets such as ``["1950s"]``."""
    starts = [int(m.group(1)) * 10 for d in as_list(decades) if (m := _DECADE.match(str(d)))]
    return (min(starts), max(starts) + 9) if starts else (None, None)


def _row(row: dict) -> dict:
    content = row.get("content") or {}
    described = content.get("descriptiveNonRepeating") or {}
    freetext = content.get("freetext") or {}
    indexed = content.get("indexedStructured") or {}
    media = [
        m
        for m in as_list(dig(described, "online_media", "media"))
        if isinstance(m, dict) and m.get("type") == "Images"
    ]
    image = media[0] if media else {}
    start, end = _decade_span(indexed.get("date"))
    return record(
        "smithsonian",
        id=row.get("url") or row["id"],
        title=dig(described, "title", "content") or row.get("title"),
        creator=_contents(freetext.get("name"), _CREATOR_ROLE),
        date=_contents(freetext.get("date")),
        date_start=start,
        date_end=end,
        type=first(indexed.get("object_type")),
        description=_contents(freetext.get("notes"), _DESCRIPTION_LABEL),
        institution=described.get("data_source"),
        url=described.get("record_link") or described.get("guid"),
        image_url=image.get("content"),
        thumbnail_url=image.get("thumbnail"),
        rights=dig(image, "usage", "access") or dig(described, "metadata_usage", "access"),
        language="en",
        place=_contents(freetext.get("place")) or indexed.get("place"),
    )


default, search, get, parse = expose(SmithsonianSource)
