"""The three ways GLAM APIs page, each a base class that drives and asks a source for small hooks.

A source subclasses the one its API follows:

- :class:`OffsetPaged`: each page asks for ``size`` items from an offset (``skip``, ``start``) or
  by page number (``page_numbers = True``); the source writes ``request(search)``, the search
  without the paging parameters, and ``read(answer, search)``, a :class:`Batch` with the records,
  the total and how many items the answer held. The cursor is the offset (or page number) of the
  next page. Cleveland, Smithsonian, Art Institute of Chicago, Finna, the collection dumps.
- :class:`CursorPaged`: each answer names where the next page starts (a cursor mark, a
  ``continue`` object, a resumption token); the source writes ``request(search, cursor, size)``
  and ``read(answer, search)``, whose Batch carries ``next_cursor``. Europeana, Wikimedia
  Commons, OAI-PMH, Wikidata (one page).
- :class:`IdListPaged`: a search answers with ids only, and each object is fetched on its own,
  concurrently within the politeness limit; the source writes ``list_ids(search)`` and
  ``object_path(object_id)``. The cursor is the position in the list. An object that is gone
  (HTTP 404) is skipped and counted when the source declares ``skip_gone = True`` (The Met's
  search lists withdrawn objects), and stops the search otherwise. The Met, IIIF collections.

All of them ask each page for no more than the records still wanted (the base class's
``page_size`` and the remaining limit), so ``limit=100`` on The Met makes one search request and
100 object requests. Every hook may raise :class:`~h4og_kit.http.SourceError`; an answer of an
unexpected shape (``KeyError``, ``TypeError``...) becomes one that says so.
"""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from h4og_kit import http
from h4og_kit.sources.base import Page, Search, Source


@dataclass(frozen=True)
class Request:
    """One request to the API: a path below ``base_url`` (or a full URL), its query parameters,
    and the form of the answer (``json``, ``text`` or ``bytes``)."""

    path: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    as_: str = "json"


@dataclass
class Batch:
    """What a source reads from one answer.

    ``total``: the server's count of matching records, when it says. ``count`` (offset paging):
    how many items the answer held, before any was left out (default: the number of records).
    ``next_cursor`` (cursor paging): where the next page starts; None on the last page.
    """

    records: list[dict]
    total: int | None = None
    count: int | None = None
    next_cursor: Any = None


@dataclass
class Listing:
    """The ids a search found (id-list paging), the server's total, and any answers already
    fetched while listing (by id), which are not fetched again."""

    ids: list[Any]
    total: int | None = None
    known: dict[Any, Any] = field(default_factory=dict)


class _OneRequestPerPage(Source):
    """What offset and cursor paging share: a request, an answer, a Batch read from it."""

    @abstractmethod
    def read(self, answer: Any, search: Search) -> Batch:
        """The records (``parse``), the total and the paging facts of one answer."""

    def answer(self, request: Request, search: Search) -> Any:
        """The answer to one request: by default one GET through the kit's HTTP path. Sources
        whose answers need more (XML with errors in it, rows of a downloaded file) refine this."""
        return self.fetch(request.path, request.params, as_=request.as_)


class OffsetPaged(_OneRequestPerPage):
    """Paging by item offset (``skip=0, 25, 50...``) or by page number (``page=1, 2, 3...``)."""

    #: The query parameters that carry the offset (or page number) and the page size.
    offset_param: ClassVar[str] = "offset"
    size_param: ClassVar[str] = "limit"
    #: The cursor is a page number from 1 rather than an item offset from 0.
    page_numbers: ClassVar[bool] = False

    @property
    def fixed_page_size(self) -> bool:  # page n of another size holds other records
        return self.page_numbers

    @abstractmethod
    def request(self, search: Search) -> Request:
        """The search's request without the paging parameters (the base class adds those)."""

    def page_at(self, search: Search, cursor: Any, size: int) -> Page:
        if "request" not in search.memo:
            search.memo["request"] = self.request(search)
        first: Request = search.memo["request"]
        start = int(cursor) if cursor is not None else (1 if self.page_numbers else 0)
        request = replace(first, params={**first.params, self.offset_param: start,
                                         self.size_param: size})
        batch = self.read(self.answer(request, search), search)
        count = len(batch.records) if batch.count is None else batch.count
        total = None if batch.total is None else int(batch.total)
        if self.page_numbers:
            following = start + 1
            more = count > 0 and (total is None or start * size < total)
        else:
            following = start + count
            more = count > 0 and (total is None or following < total)
        return Page(batch.records, batch.total, following if more else None)


class CursorPaged(_OneRequestPerPage):
    """Paging by a cursor each answer gives for the next page; None ends the search."""

    @abstractmethod
    def request(self, search: Search, cursor: Any, size: int) -> Request:
        """The request for the page at ``cursor`` (None: the first page), of ``size`` items."""

    def page_at(self, search: Search, cursor: Any, size: int) -> Page:
        batch = self.read(self.answer(self.request(search, cursor, size), search), search)
        return Page(batch.records, batch.total, batch.next_cursor or None)


class IdListPaged(Source):
    """A list of ids first, then each object on its own, ``size`` at a time, concurrently."""

    #: Skip and count listed objects that answer HTTP 404 (gone since they were listed), rather
    #: than stop the search.
    skip_gone: ClassVar[bool] = False

    @abstractmethod
    def list_ids(self, search: Search) -> Listing:
        """The ids the search finds, in order (asked once per search)."""

    @abstractmethod
    def object_path(self, object_id: Any) -> str:
        """The path (below ``base_url``) or URL of one object."""

    def page_at(self, search: Search, cursor: Any, size: int) -> Page:
        if "listing" not in search.memo:
            search.memo["listing"] = self.list_ids(search)
        listing: Listing = search.memo["listing"]
        start = int(cursor or 0)
        batch = listing.ids[start:start + size]
        end = start + len(batch)
        wanted = [i for i in batch if i not in listing.known]
        fetched = dict(zip(wanted, self.fetch_many([self.object_path(i) for i in wanted])))
        bodies = [listing.known[i] if i in listing.known else fetched[i] for i in batch]
        failed = [b for b in bodies if isinstance(b, http.SourceError)]
        gone = [b for b in failed if self.skip_gone and b.status == 404]
        fatal = [b for b in failed if not (self.skip_gone and b.status == 404)]
        if fatal:
            raise fatal[0]
        records = [r for b in bodies if not isinstance(b, http.SourceError) for r in self.parse(b)]
        total = len(listing.ids) if listing.total is None else listing.total
        return Page(records, total, end if end < len(listing.ids) else None, skipped=len(gone))
