"""The Metropolitan Museum of Art Collection API (no key; 80 requests per second at most).

The search endpoint returns only object IDs, so each page of results is fetched object by object,
concurrently, within the politeness limit (id-list paging); ids of withdrawn objects (HTTP 404) are
skipped and counted. ``isPublicDomain`` marks the Open Access (CC0) objects.
Filters are the API's own: ``hasImages``, ``isHighlight``, ``departmentId``, ``isOnView``,
``artistOrCulture``, ``medium``, ``geoLocation``, ``dateBegin``/``dateEnd``, ``title``, ``tags``.
"""

from __future__ import annotations

from typing import Any

from h4og_kit import http
from h4og_kit.i18n import N_
from h4og_kit.records import record
from h4og_kit.sources.base import Search, expose
from h4og_kit.sources.paging import IdListPaged, Listing

OPEN_ACCESS = "Public Domain"  # how The Met labels its Open Access (CC0) objects


class MetSource(IdListPaged):
    name = "met"
    title = "The Metropolitan Museum of Art"
    description = N_("Collection API of The Met, New York: 470,000+ objects, Open Access images are "
                   "CC0.")
    terms_url = "https://metmuseum.github.io/#terms"
    aliases = ("metmuseum",)
    base_url = "https://collectionapi.metmuseum.org/public/collection/v1"
    politeness = http.Politeness(connections=8, rate=80)
    page_size = 80
    skip_gone = True  # the search lists ids whose objects have since been withdrawn (404)

    def list_ids(self, search: Search) -> Listing:
        params = {k: _flag(v) for k, v in search.filters.items()}
        params["q"] = search.query or "*"
        found = self.fetch("search", params)
        ids = found.get("objectIDs") or []
        return Listing(ids, found.get("total", len(ids)))

    def object_path(self, object_id: Any) -> str:
        return f"objects/{object_id}"

    def get_payload(self, record_id: str) -> Any:
        return self.fetch(f"objects/{record_id}")

    def parse(self, payload: Any) -> list[dict]:
        """One object (``/objects/{id}``) gives one record; a search or list answer gives none."""
        if isinstance(payload, list):
            return [r for item in payload for r in self.parse(item)]
        if not isinstance(payload, dict) or "objectID" not in payload:
            return []
        o = payload
        rights = OPEN_ACCESS if o.get("isPublicDomain") else (o.get("rightsAndReproduction") or None)
        place = [o.get(k) for k in ("city", "state", "country", "region") if o.get(k)] or o.get("culture")
        return [
            record(
                "met",
                id=o["objectID"],
                title=o.get("title"),
                creator=o.get("artistDisplayName"),
                date=o.get("objectDate"),
                date_start=o.get("objectBeginDate"),
                date_end=o.get("objectEndDate"),
                type=o.get("objectName") or o.get("classification"),
                description=o.get("medium"),
                institution="The Metropolitan Museum of Art",
                url=o.get("objectURL") or f"https://www.metmuseum.org/art/collection/search/{o['objectID']}",
                image_url=o.get("primaryImage"),
                thumbnail_url=o.get("primaryImageSmall"),
                rights=rights,
                language="en",
                place=place,
            )
        ]


def _flag(value: Any) -> Any:
    """The Met wants booleans as ``true``/``false``."""
    return str(value).lower() if isinstance(value, bool) else value


default, search, get, parse = expose(MetSource)
