"""The Metropolitan Museum of Art Collection API (no key; 80 requests per second at most).

The search endpoint returns only object IDs, so each page of results is fetched object by object,
concurrently, within the politeness limit. ``isPublicDomain`` marks the Open Access (CC0) objects.
Filters are the API's own: ``hasImages``, ``isHighlight``, ``departmentId``, ``isOnView``,
``artistOrCulture``, ``medium``, ``geoLocation``, ``dateBegin``/``dateEnd``, ``title``, ``tags``.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

from h4og_kit import http
from h4og_kit.records import record
from h4og_kit.sources.base import Page, Source, expose

OPEN_ACCESS = "Public Domain"  # how The Met labels its Open Access (CC0) objects


class MetSource(Source):
    name = "met"
    base_url = "https://collectionapi.metmuseum.org/public/collection/v1"
    politeness = http.Politeness(connections=8, rate=80)
    page_size = 80

    def pages(self, query, *, open_only, cursor, page_size, **filters) -> Iterator[Page]:
        params = {k: _flag(v) for k, v in filters.items()}
        params["q"] = query or "*"
        found = self.fetch("search", params)
        ids = found.get("objectIDs") or []
        total = found.get("total", len(ids))
        start = int(cursor or 0)
        while start < len(ids):
            batch = ids[start : start + page_size]
            start += len(batch)
            bodies = self.fetch_many([f"objects/{i}" for i in batch])
            missing = [b for b in bodies if isinstance(b, http.SourceError)]
            # Met search lists IDs whose objects have since been withdrawn (404): skip those only.
            fatal = [b for b in missing if b.status != 404]
            if fatal:
                raise fatal[0]
            if missing:
                warnings.warn(f"met: {len(missing)} listed objects no longer exist; skipped.", stacklevel=2)
            records = [r for b in bodies if not isinstance(b, http.SourceError) for r in self.parse(b)]
            yield Page(records, total, start if start < len(ids) else None)

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


SOURCE_CLASS = MetSource
default, search, get, parse = expose(MetSource)
