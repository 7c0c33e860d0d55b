"""The Example Museum, a made-up collection API, as an h4og-kit source (docs/write-a-source.md).

The API (invented for the example; example.org is reserved for documentation)::

    GET /v1/objects?q=cat&offset=0&limit=50&open=1&key=...
    -> {"total": 1234, "objects": [{"id": 7, "title": "...", "maker": "...", "year": "1890",
                                     "license": "CC0", "image": "https://...", "page": "https://..."}]}
    GET /v1/objects/7?key=...  -> one object
"""

from __future__ import annotations

from typing import Any

from h4og_kit.records import record
from h4og_kit.sources.base import Search, expose
from h4og_kit.sources.paging import Batch, OffsetPaged, Request


class ExampleMuseumSource(OffsetPaged):
    # Who the source is: h4og sources, the explorer and the catalog show this.
    name = "example-museum"  # the same name as the entry point in pyproject.toml
    title = "Example Museum"
    description = "A made-up museum API: the worked example of docs/write-a-source.md."
    terms_url = "https://example.org/terms"
    # Its key: read from the environment or a .env file; users get one at signup_url.
    key_env = "EXAMPLE_MUSEUM_KEY"
    signup_url = "https://example.org/keys"
    # How to reach it, and how it pages: ?offset=0&limit=50, then offset=50...
    base_url = "https://api.example.org/v1"
    page_size = 50
    offset_param, size_param = "offset", "limit"

    def request(self, search: Search) -> Request:
        """The search's path and parameters; the base class adds offset and limit."""
        params = {"q": search.query or "*", "key": self.api_key(), **search.filters}
        if search.open_only:
            params["open"] = 1
        return Request("objects", params)

    def read(self, answer: Any, search: Search) -> Batch:
        """The records of one answer, the API's total, and how many objects it held."""
        return Batch(self.parse(answer), answer["total"], count=len(answer["objects"]))

    def parse(self, payload: Any) -> list[dict]:
        """A search answer or one object -> common records. Pure: no network, no settings."""
        objects = payload.get("objects", [payload]) if isinstance(payload, dict) else payload
        return [
            record(
                self.name,
                id=o["id"],
                title=o.get("title"),
                creator=o.get("maker"),
                date=o.get("year"),
                institution="Example Museum",
                url=o.get("page"),
                image_url=o.get("image"),
                rights=o.get("license"),  # the raw value; the kit normalizes it
            )
            for o in objects
            if isinstance(o, dict) and "id" in o
        ]

    def get_payload(self, record_id: str) -> Any:
        """The raw answer for one object."""
        return self.fetch(f"objects/{record_id}", {"key": self.api_key()})


default, search, get, parse = expose(ExampleMuseumSource)
