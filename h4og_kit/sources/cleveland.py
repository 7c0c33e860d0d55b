"""Cleveland Museum of Art Open Access API (no key).

Search is ``/artworks/?q=...&skip=...&limit=...``; ``open_only`` adds the API's ``cc0`` filter.
Other keyword filters go to the API as they are (``has_image=1``, ``type``, ``department``...).
The cursor is the ``skip`` offset of the next page.

``parse`` reads a search answer (``{"data": [...], "info": {...}}``), a single artwork answer
(``{"data": {...}}``) and a bare artwork object. Rights are ``share_license_status`` ("CC0" or
"Copyrighted"), with the ``copyright`` line after it when the museum gives one. Images are the
web-sized JPEG (``images.web.url``, about 900 px); creators are the names of ``creators[]``
without the "(American, 1801-1848)" the museum appends.
"""

from __future__ import annotations

import re
from typing import Any

from h4og_kit.i18n import N_
from h4og_kit.records import record
from h4og_kit.sources.base import Search, expose
from h4og_kit.sources.fields import dig, query_value
from h4og_kit.sources.paging import Batch, OffsetPaged, Request

INSTITUTION = "Cleveland Museum of Art"
_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)\s*$")


class ClevelandSource(OffsetPaged):
    name = "cleveland"
    title = "Cleveland Museum of Art"
    description = N_("Open Access API of the Cleveland Museum of Art; filter to CC0 with open_only.")
    terms_url = "https://openaccess-api.clevelandart.org/"
    aliases = ("cma",)
    base_url = "https://openaccess-api.clevelandart.org/api"
    page_size = 100
    offset_param, size_param = "skip", "limit"

    def request(self, search: Search) -> Request:
        params = {k: query_value(v) for k, v in search.filters.items()}
        if not search.everything:
            params["q"] = search.query
        if search.open_only:
            params["cc0"] = 1
        return Request("artworks/", params)

    def read(self, answer: Any, search: Search) -> Batch:
        return Batch(self.parse(answer), dig(answer, "info", "total"), count=len(answer["data"]))

    def get_payload(self, record_id: str) -> Any:
        return self.fetch(f"artworks/{record_id}")

    def parse(self, payload: Any) -> list[dict]:
        """A search answer, a single-artwork answer or a bare artwork object."""
        if isinstance(payload, list):
            return [r for item in payload for r in self.parse(item)]
        if not isinstance(payload, dict):
            return []
        if "data" in payload:
            return self.parse(payload["data"])
        return [_artwork(payload)] if "id" in payload and "accession_number" in payload else []


def _artwork(a: dict) -> dict:
    creators = [c.get("description") for c in a.get("creators") or [] if isinstance(c, dict)]
    return record(
        "cleveland",
        id=a["id"],
        title=a.get("title"),
        creator=[_TRAILING_NOTE.sub("", c) for c in creators if c],
        date=a.get("creation_date"),
        date_start=a.get("creation_date_earliest"),
        date_end=a.get("creation_date_latest"),
        type=a.get("type"),
        description=a.get("digital_description") or a.get("wall_description") or a.get("technique"),
        institution=INSTITUTION,
        url=a.get("url") or f"https://clevelandart.org/art/{a.get('accession_number')}",
        image_url=dig(a, "images", "web", "url"),
        rights=[a.get("share_license_status"), a.get("copyright")],
        language="en",
        place=a.get("culture"),
    )


default, search, get, parse = expose(ClevelandSource)
