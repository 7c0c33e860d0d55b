"""Wikidata through its SPARQL endpoint (query.wikidata.org): works as common records, and any query.

- :func:`sparql` runs one SELECT query through the kit's HTTP path (cached, polite, identified:
  the Wikidata Query Service refuses anonymous clients) and returns the standard SPARQL JSON.
- :func:`bindings` flattens that JSON into plain dicts of strings (blank nodes become None).
- :class:`WikidataSource` searches works of art by label (the ``EntitySearch`` service, then creator,
  inception, image and collection) and parses any SELECT answer whose rows carry a Wikidata item
  (``?item``, ``?entity`` or ``?work``) into common records.

Wikidata's statements are CC0; an item's image (P18) is a Wikimedia Commons file with a license of
its own, so records leave ``rights`` empty (``unknown``) rather than guess it.
"""

from __future__ import annotations

import re
from typing import Any

from h4og_kit import http
from h4og_kit.i18n import N_
from h4og_kit.records import record
from h4og_kit.sources.base import Search, expose
from h4og_kit.sources.paging import Batch, CursorPaged, Request

ENDPOINT = "https://query.wikidata.org/sparql"
ENTITY = "http://www.wikidata.org/entity/"
#: The Query Service allows a few parallel queries per client; be gentler than that.
POLITENESS = http.Politeness(connections=2, rate=2.0, read_timeout=65.0)

_ITEM_VARS = ("item", "entity", "work")
_LABEL_VARS = ("itemLabel", "entityLabel", "workLabel", "label")
_DATE_VARS = ("inception", "date", "publicationDate", "year")
_QID = re.compile(r"^Q\d+$")


def sparql(query: str, endpoint: str = ENDPOINT, politeness: http.Politeness = POLITENESS) -> dict:
    """Run one SPARQL SELECT query and return the ``application/sparql-results+json`` answer.

    A query of your own needs the live Query Service: with ``H4OG_OFFLINE=1`` this raises
    :class:`~h4og_kit.http.NetworkUnavailable` at once (``search("wikidata", ...)`` still answers
    from the bundled recorded results).
    """
    from h4og_kit.config import settings

    if settings().forced_offline:
        raise http.NetworkUnavailable(
            "wikidata", endpoint,
            hint="Working offline (H4OG_OFFLINE=1): a SPARQL query of your own needs the network. "
            'h4og_kit.search("wikidata", ...) answers from the bundled recorded results.',
        )
    return http.fetch("wikidata", endpoint, {"query": query, "format": "json"}, politeness=politeness)


def bindings(payload: dict) -> list[dict[str, str | None]]:
    """The rows of a SPARQL JSON answer as ``{variable: value}``; blank nodes give None."""
    rows = []
    for binding in payload.get("results", {}).get("bindings", []):
        rows.append({
            name: (None if cell.get("type") == "bnode" else cell.get("value"))
            for name, cell in binding.items()
        })
    return rows


def qid(uri: str | None) -> str | None:
    """``Q42`` from ``http://www.wikidata.org/entity/Q42`` (None for anything else)."""
    if not uri or not uri.startswith(ENTITY):
        return None
    tail = uri[len(ENTITY):]
    return tail if _QID.match(tail) else None


def literal(text: str) -> str:
    """``text`` as a SPARQL string literal (quotes, backslashes and line breaks escaped)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _year(value: str | None) -> int | None:
    match = re.match(r"^(-?)0*(\d{1,4})", value or "")
    if not match:
        return None
    return int(match.group(2)) * (-1 if match.group(1) else 1)


def _first(row: dict, names: tuple[str, ...]) -> str | None:
    return next((row[n] for n in names if row.get(n)), None)


_SELECT = "SELECT ?item ?itemLabel ?itemDescription ?creatorLabel ?inception ?image ?collectionLabel ?typeLabel"
_WORK_FIELDS = """
  OPTIONAL { ?item wdt:P170 ?creator }
  OPTIONAL { ?item wdt:P571 ?inception }
  OPTIONAL { ?item wdt:P18 ?image }
  OPTIONAL { ?item wdt:P195 ?collection }
  SERVICE wikibase:label { bd:serviceParam wikibase:language "en" . }
"""


def _works_query(selection: str) -> str:
    """The kit's query for works: ``selection`` binds ?item (and ?type), the rest is shared."""
    return f"{_SELECT}\nWHERE {{{selection}{_WORK_FIELDS}}}"


def _search_query(text: str, limit: int) -> str:
    return _works_query(f"""
  SERVICE wikibase:mwapi {{
    bd:serviceParam wikibase:endpoint "www.wikidata.org"; wikibase:api "EntitySearch";
                    mwapi:search {literal(text)}; mwapi:language "en"; mwapi:limit "{int(limit)}" .
    ?item wikibase:apiOutputItem mwapi:item .
  }}
  ?item wdt:P31 ?type . ?type wdt:P279* wd:Q838948 .""")


class WikidataSource(CursorPaged):
    """One page: the works of art (instances of a subclass of Q838948) whose label matches."""

    name = "wikidata"
    title = "Wikidata"
    description = N_("Linked open data about works, creators and institutions, queried with SPARQL.")
    terms_url = "https://www.wikidata.org/wiki/Wikidata:Data_access"
    base_url = ENDPOINT
    politeness = POLITENESS
    page_size = 50

    def request(self, search: Search, cursor: Any, size: int) -> Request:
        return Request("", {"query": _search_query(search.query or "painting", size),
                            "format": "json"})

    def read(self, answer: Any, search: Search) -> Batch:
        records = self.parse(answer)
        return Batch(records, len(records), next_cursor=None)  # one page: the query's LIMIT

    def get_payload(self, record_id: str) -> Any:
        if not _QID.match(record_id):
            raise ValueError(f"not a Wikidata item id: {record_id!r}")
        selection = f"\n  BIND(wd:{record_id} AS ?item)\n  OPTIONAL {{ ?item wdt:P31 ?type }}"
        return sparql(_works_query(selection), self.base_url, self.politeness)

    def parse(self, payload: Any) -> list[dict]:
        """Rows with a Wikidata item become records, one per item (repeated rows are merged)."""
        if not isinstance(payload, dict) or "results" not in payload:
            return []
        raw = payload["results"].get("bindings", [])
        merged: dict[str, dict[str, list[str]]] = {}
        languages: dict[str, str] = {}
        for row, cells in zip(bindings(payload), raw):
            item = qid(_first(row, _ITEM_VARS))
            if item is None:
                continue
            fields = merged.setdefault(item, {})
            for name, value in row.items():
                if value and value not in fields.setdefault(name, []):
                    fields[name].append(value)
            label_cell = next((cells[n] for n in _LABEL_VARS if n in cells), {})
            languages.setdefault(item, label_cell.get("xml:lang"))
        records = []
        for item, fields in merged.items():
            one = {name: values[0] for name, values in fields.items()}
            date = _first(one, _DATE_VARS)
            year = _year(date)
            records.append(
                record(
                    "wikidata",
                    id=item,
                    title=_first(one, _LABEL_VARS),
                    creator=fields.get("creatorLabel"),
                    date=str(year) if year is not None else date,
                    date_start=year,
                    date_end=year,
                    type=fields.get("typeLabel"),
                    description=one.get("itemDescription"),
                    institution=fields.get("collectionLabel"),
                    url=f"https://www.wikidata.org/wiki/{item}",
                    image_url=one.get("image"),
                    language=languages.get(item),
                )
            )
        return records


default, search, get, parse = expose(WikidataSource)
