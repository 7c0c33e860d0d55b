"""Europeana Search and Record APIs (key in ``EUROPEANA_API_KEY``; the public "api2demo" works).

Search is ``/record/v2/search.json`` with cursor paging: the first page asks ``cursor=*`` and each
answer names the ``nextCursor`` of the page after it. ``open_only`` adds ``reusability=open``
(CC0, Public Domain Mark, CC BY, CC BY-SA). Other keyword filters go to the API as they are, e.g.
``qf="TYPE:IMAGE"`` or ``qf=["TYPE:IMAGE", "COUNTRY:spain"]``; the ``rich`` profile is asked unless
``profile`` is given, for descriptions, places and agent labels.

``parse`` reads a search answer (``{"items": [...]}``), one search item, a record answer
(``{"object": {...}}``, from ``/record/v2/{id}.json``) and its bare ``object`` (the "full bean").
Rights are the ``rights`` URIs. Creators given as links to agents (``dcCreator`` URIs) are shown by
the agents' labels when the answer carries them. The record's web page is built from its id:
Europeana's own ``guid`` links carry the API key in their query string.
"""

from __future__ import annotations

from typing import Any

from h4og_kit import http
from h4og_kit.i18n import N_
from h4og_kit.records import record
from h4og_kit.sources.base import Search, expose
from h4og_kit.sources.fields import as_list, first, query_value
from h4og_kit.sources.paging import Batch, CursorPaged, Request

ITEM_PAGE = "https://www.europeana.eu/item"


class EuropeanaSource(CursorPaged):
    name = "europeana"
    title = "Europeana"
    description = N_("Europe's digital cultural heritage: millions of records from thousands of "
                   "institutions.")
    terms_url = "https://www.europeana.eu/en/rights/api-terms-of-use"
    key_env = "EUROPEANA_API_KEY"
    demo_key = "api2demo"
    signup_url = "https://pro.europeana.eu/page/get-api"
    base_url = "https://api.europeana.eu"
    page_size = 100  # the API's maximum

    def request(self, search: Search, cursor: Any, size: int) -> Request:
        params = {"profile": "rich"} | {k: query_value(v) for k, v in search.filters.items()}
        params.update(query=search.query or "*", rows=size, wskey=self.api_key())
        if search.open_only:
            params["reusability"] = "open"
        return Request("record/v2/search.json", {**params, "cursor": cursor or "*"})

    def read(self, answer: Any, search: Search) -> Batch:
        if answer.get("success") is False:
            raise http.SourceError(
                self.name,
                self.url("record/v2/search.json"),
                hint=f"Europeana refused the search: {answer.get('error') or 'no reason given'}.",
            )
        following = answer.get("nextCursor") if answer.get("items") else None
        return Batch(self.parse(answer), answer.get("totalResults"), next_cursor=following)

    def get_payload(self, record_id: str) -> Any:
        return self.fetch(f"record/v2/{record_id.strip('/')}.json", {"wskey": self.api_key()})

    def parse(self, payload: Any) -> list[dict]:
        """A search answer or item, a record answer or its bare ``object``."""
        if isinstance(payload, list):
            return [r for item in payload for r in self.parse(item)]
        if not isinstance(payload, dict):
            return []
        if "items" in payload:
            return self.parse(payload["items"])
        if "object" in payload:
            return self.parse(payload["object"])
        if "proxies" in payload or "aggregations" in payload:
            return [_full_bean(payload)]
        return [_item(payload)] if "id" in payload and "rights" in payload else []


def lang_values(value: Any) -> list[str]:
    """The strings of a plain value, a list, or a language map (``"def"`` first, then English)."""
    if isinstance(value, dict):
        for lang in ("def", "en", *value):
            if value.get(lang):
                return [str(v) for v in as_list(value[lang])]
        return []
    return [str(v) for v in as_list(value) if v not in (None, "")]


def _is_link(text: str) -> bool:
    return text.startswith(("http://", "https://", "#"))


def _years(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.lstrip("-").isdigit()]


def _item(it: dict) -> dict:
    """One item of a search answer."""
    agents = it.get("edmAgent") or []
    labels = [first(lang_values(label)) for label in it.get("edmAgentLabel") or []]
    names = dict(zip(agents, labels)) if len(agents) == len(labels) else {}
    creators = [names.get(c) or c for c in lang_values(it.get("dcCreator"))]
    years = lang_values(it.get("year"))
    literal_places = [p for p in lang_values(it.get("dctermsSpatial")) if not _is_link(p)]
    return record(
        "europeana",
        id=it["id"],
        title=first(lang_values(it.get("title"))) or first(lang_values(it.get("dcTitleLangAware"))),
        creator=creators,
        date=years,
        date_start=min(_years(years), default=None),
        date_end=max(_years(years), default=None),
        type=it.get("type"),
        description=lang_values(it.get("dcDescriptionLangAware") or it.get("dcDescription")),
        institution=first(lang_values(it.get("dataProvider"))),
        url=ITEM_PAGE + it["id"],
        image_url=first(lang_values(it.get("edmIsShownBy"))),
        thumbnail_url=first(lang_values(it.get("edmPreview"))),
        rights=lang_values(it.get("rights")),
        language=lang_values(it.get("dcLanguage")) or lang_values(it.get("language")),
        place=literal_places or lang_values(it.get("edmPlaceLabelLangAware")),
    )


def _full_bean(o: dict) -> dict:
    """The ``object`` of a record answer: values from the provider's proxy before Europeana's."""
    proxies = sorted(
        (p for p in as_list(o.get("proxies")) if isinstance(p, dict)),
        key=lambda p: p.get("europeanaProxy") is True,
    )

    def values(field: str) -> list[str]:
        for proxy in proxies:
            if found := lang_values(proxy.get(field)):
                return found
        return lang_values(o.get(field))

    agents = {
        a.get("about"): first(lang_values(a.get("prefLabel")))
        for a in as_list(o.get("agents"))
        if isinstance(a, dict)
    }
    aggregation = first(o.get("aggregations")) or {}
    europeana = o.get("europeanaAggregation") or {}
    record_id = o.get("about") or o.get("identifier")
    years = values("year")
    return record(
        "europeana",
        id=record_id,
        title=first(values("dcTitle")) or first(lang_values(o.get("title"))),
        creator=[agents.get(c) or c for c in values("dcCreator")],
        date=values("dcDate") or years,
        date_start=min(_years(years), default=None),
        date_end=max(_years(years), default=None),
        type=o.get("type") or first(values("edmType")),
        description=values("dcDescription"),
        institution=first(lang_values(aggregation.get("edmDataProvider"))),
        url=ITEM_PAGE + record_id if record_id else None,
        image_url=first(lang_values(aggregation.get("edmIsShownBy"))),
        thumbnail_url=first(lang_values(europeana.get("edmPreview")))
        or first(lang_values(aggregation.get("edmObject"))),
        rights=lang_values(aggregation.get("edmRights")),
        language=values("dcLanguage") or lang_values(europeana.get("edmLanguage")),
        place=[p for p in values("dctermsSpatial") if not _is_link(p)],
    )


default, search, get, parse = expose(EuropeanaSource)
