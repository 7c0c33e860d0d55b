"""Art Institute of Chicago public API (no key; AIC asks anonymous clients for 60 requests/minute).

Search is ``/artworks/search``, asking only for the fields the kit reads; ``open_only`` adds the
API's own filter ``query[term][is_public_domain]=true``. Other keyword filters go to the API as
they are (``sort``, ``query[term][artwork_type_id]``...). Pages are numbered from 1 (offset
paging by page number).

Images come from the AIC IIIF Image API, ``{iiif_url}/{image_id}/full/843,/0/default.jpg`` (843 px
wide, the size AIC recommends) and 200 px for thumbnails; every artwork also has a IIIF
Presentation manifest at ``/artworks/{id}/manifest.json``.

``parse`` reads a search or listing page (``{"data": [...], "config": {...}}``), a single artwork
answer (``{"data": {...}}``), a bare artwork record as published in the AIC data dump, and the
dump's ``someArtworks.csv`` (id, title, artist and department only: no rights, no image).

Rights: artworks flagged ``is_public_domain`` get the raw value "Public domain" (AIC releases their
images under CC0); others get their ``copyright_notice`` when there is one, else nothing
(``unknown``). The description column holds ``medium_display``: AIC licenses its description
texts CC BY 4.0, unlike the rest of its data (CC0), so the kit does not copy them.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from h4og_kit import http
from h4og_kit.i18n import N_
from h4og_kit.records import record
from h4og_kit.sources.base import Search, expose
from h4og_kit.sources.fields import query_value
from h4og_kit.sources.paging import Batch, OffsetPaged, Request

API = "https://api.artic.edu/api/v1"
#: The IIIF Image API base that AIC's answers give in ``config.iiif_url``.
IIIF_URL = "https://www.artic.edu/iiif/2"
INSTITUTION = "Art Institute of Chicago"
PUBLIC_DOMAIN = "Public domain"
FIELDS = (
    "id",
    "title",
    "artist_title",
    "artist_display",
    "date_display",
    "date_start",
    "date_end",
    "artwork_type_title",
    "medium_display",
    "place_of_origin",
    "image_id",
    "is_public_domain",
    "copyright_notice",
)


class ArticSource(OffsetPaged):
    name = "artic"
    title = "Art Institute of Chicago"
    description = N_("Public API of the Art Institute of Chicago: artworks with IIIF images; data CC0.")
    terms_url = "https://www.artic.edu/open-access/public-api"
    aliases = ("aic", "art-institute")
    base_url = API
    politeness = http.Politeness(connections=2, rate=1)
    page_size = 100  # the API's maximum
    offset_param, size_param, page_numbers = "page", "limit", True

    def request(self, search: Search) -> Request:
        params = {k: query_value(v) for k, v in search.filters.items()}
        params["fields"] = ",".join(FIELDS)
        if not search.everything:
            params["q"] = search.query
        if search.open_only:
            params["query[term][is_public_domain]"] = "true"
        return Request("artworks/search", params)

    def read(self, answer: Any, search: Search) -> Batch:
        pagination = answer.get("pagination") or {}
        return Batch(self.parse(answer), pagination.get("total"), count=len(answer["data"]))

    def get_payload(self, record_id: str) -> Any:
        return self.fetch(f"artworks/{record_id}", {"fields": ",".join(FIELDS)})

    def parse(self, payload: Any) -> list[dict]:
        """A page, a single-artwork answer, a bare dump record, or the dump's artworks CSV."""
        if isinstance(payload, str):
            return [_artwork(row, IIIF_URL) for row in csv.DictReader(io.StringIO(payload))]
        if isinstance(payload, list):
            return [r for item in payload for r in self.parse(item)]
        if not isinstance(payload, dict):
            return []
        if "data" in payload:
            iiif_url = (payload.get("config") or {}).get("iiif_url") or IIIF_URL
            data = payload["data"]
            items = data if isinstance(data, list) else [data]
            return [_artwork(a, iiif_url) for a in items if isinstance(a, dict) and "id" in a]
        return [_artwork(payload, IIIF_URL)] if "id" in payload and "title" in payload else []


def _artwork(a: dict, iiif_url: str) -> dict:
    image_id = a.get("image_id")
    if a.get("is_public_domain") is True:
        rights = PUBLIC_DOMAIN
    else:
        rights = a.get("copyright_notice")
    # artist_display is "Name\nNationality, dates"; artist_title is the name alone.
    creator = a.get("artist_title") or (a.get("artist_display") or "").split("\n")[0]
    return record(
        "artic",
        id=a["id"],
        title=a.get("title"),
        creator=creator,
        date=a.get("date_display"),
        date_start=a.get("date_start"),
        date_end=a.get("date_end"),
        type=a.get("artwork_type_title"),
        description=a.get("medium_display"),
        institution=INSTITUTION,
        url=f"https://www.artic.edu/artworks/{a['id']}",
        image_url=f"{iiif_url}/{image_id}/full/843,/0/default.jpg" if image_id else None,
        thumbnail_url=f"{iiif_url}/{image_id}/full/200,/0/default.jpg" if image_id else None,
        iiif_manifest=f"{API}/artworks/{a['id']}/manifest.json",
        rights=rights,
        language="en",
        place=a.get("place_of_origin"),
    )


default, search, get, parse = expose(ArticSource)
