"""Finna.fi API (no key): Finnish archives, libraries and museums in one search.

Search is ``/search?lookfor=...&page=...&limit=...`` with ``field[]`` naming the fields the kit
reads. Filters are Finna's own ``filter[]`` expressions, passed as ``filter=[...]``, e.g.
``filter=['format:"0/Image/"', 'online_boolean:"1"']``; other keyword filters go to the API as they
are (``type="Author"``, ``lng="en-gb"``...). Pages are numbered from 1 (offset paging by page
number).

``open_only`` asks for Finna's usage-rights classes A and B (``~usage_rights_str_mv``: free use,
and "modifications allowed, also commercial use"), which hold CC0 and public-domain material as
well as CC BY and CC BY-SA; the kit's own check then keeps the public-domain and open ones.

``parse`` reads a search or record answer (``{"records": [...], "resultCount": N}``) and a bare
record. Rights are ``imageRights.copyright`` (e.g. "CC BY 4.0"), or its ``link`` when there is no
label; the institution is the top level of ``buildings`` (e.g. "Museovirasto"), translated by
Finna. Image paths are relative to ``https://api.finna.fi``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from h4og_kit.i18n import N_
from h4og_kit.records import record
from h4og_kit.sources.base import Search, expose
from h4og_kit.sources.fields import as_list, dig, query_value
from h4og_kit.sources.paging import Batch, OffsetPaged, Request

IMAGE_HOST = "https://api.finna.fi"
OPEN_USAGE = ('~usage_rights_str_mv:"usage_A"', '~usage_rights_str_mv:"usage_B"')
FIELDS = (
    "id",
    "title",
    "nonPresenterAuthors",
    "year",
    "formats",
    "summary",
    "buildings",
    "imageRights",
    "images",
    "languages",
)


class FinnaSource(OffsetPaged):
    name = "finna"
    title = "Finna (Finland)"
    description = N_("Finna.fi: Finnish archives, libraries and museums, with image rights and "
                   "holding buildings.")
    terms_url = "https://www.kiwi.fi/display/Finna/Finna+API+in+English"
    base_url = "https://api.finna.fi/v1"
    page_size = 100  # the API's maximum
    offset_param, size_param, page_numbers = "page", "limit", True

    def request(self, search: Search) -> Request:
        params = {k: query_value(v) for k, v in search.filters.items()}
        expressions = as_list(params.pop("filter", None)) + as_list(params.pop("filter[]", None))
        if search.open_only:
            expressions += OPEN_USAGE
        params["lookfor"] = "" if search.query.strip() == "*" else search.query
        params.update({"field[]": list(FIELDS), "filter[]": expressions})
        return Request("search", params)

    def read(self, answer: Any, search: Search) -> Batch:
        found = answer.get("records") or []
        return Batch(self.parse(answer), answer["resultCount"], count=len(found))

    def get_payload(self, record_id: str) -> Any:
        return self.fetch("record", {"id": record_id, "field[]": list(FIELDS)})

    def parse(self, payload: Any) -> list[dict]:
        """A search or record answer, or one bare record."""
        if isinstance(payload, list):
            return [r for item in payload for r in self.parse(item)]
        if not isinstance(payload, dict):
            return []
        if "records" in payload or "resultCount" in payload:
            return self.parse(payload.get("records") or [])
        return [_record(payload)] if "id" in payload else []


def _translated(facets: Any) -> list[str]:
    """The display strings of a hierarchical Finna facet list, top level first."""
    return [f.get("translated") or f.get("value") for f in as_list(facets) if isinstance(f, dict)]


def _record(r: dict) -> dict:
    images = [i for i in as_list(r.get("images")) if isinstance(i, str)]
    image = IMAGE_HOST + images[0] if images else None
    rights = dig(r, "imageRights", "copyright") or dig(r, "imageRights", "link")
    authors = [a.get("name") for a in as_list(r.get("nonPresenterAuthors")) if isinstance(a, dict)]
    formats = _translated(r.get("formats"))
    buildings = _translated(r.get("buildings"))
    return record(
        "finna",
        id=r["id"],
        title=r.get("title"),
        creator=authors,
        date=r.get("year"),
        date_start=r.get("year"),
        date_end=r.get("year"),
        type=formats[-1] if formats else None,  # the most specific level
        description=r.get("summary"),
        institution=buildings[0] if buildings else None,
        url=f"https://www.finna.fi/Record/{quote(str(r['id']), safe='')}",
        image_url=image,
        thumbnail_url=image.replace("size=large", "size=small") if image else None,
        rights=rights,
        language=r.get("languages"),
    )


default, search, get, parse = expose(FinnaSource)
