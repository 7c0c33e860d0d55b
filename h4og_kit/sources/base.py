"""What every source shares: its declarations, paging with a progress bar, limits, partial results,
offline answers.

A source is a small class that declares who it is and writes a few hooks; the base class drives::

    class ClevelandSource(OffsetPaged):          # the paging pattern (see sources.paging)
        name = "cleveland"                        # how it is searched: search("cleveland", ...)
        title = "Cleveland Museum of Art"
        description = "Open Access API of the Cleveland Museum of Art ..."
        terms_url = "https://openaccess-api.clevelandart.org/"
        base_url = "https://openaccess-api.clevelandart.org/api"
        offset_param, size_param = "skip", "limit"

        def request(self, search): ...            # the search's path and parameters
        def read(self, answer, search): ...       # records, total and item count of one answer
        def parse(self, payload): ...             # raw response -> common records (pure)
        def get_payload(self, record_id): ...     # the raw response for one record

Declarations: ``name``, ``title``, ``description``, ``terms_url`` (required), ``aliases``,
``key_env``, ``demo_key`` and ``signup_url`` (for a source that takes an API key: the settings
read ``key_env`` from the environment or ``.env``, else the demo key), ``base_url``,
``extra_hosts``, ``politeness``, ``page_size``, ``local_query`` (the API has no search: pages are
filtered here by the query) and ``samples_dir``.

Hooks are abstract: ``parse`` and ``get_payload`` on every source, the others by paging pattern
(:mod:`h4og_kit.sources.paging`: offset, cursor, or a list of ids then the objects). The base
class turns them into ``search``, ``iter_pages`` and ``get``: it asks each page for no more than
the records still wanted, keeps finished pages in the page cache, stops at the limit, returns
partial results with a warning. When the network is gone (or ``H4OG_OFFLINE=1``), it answers from
the real responses bundled in ``h4og_kit/data/samples/<name>/``, filtered locally by the query,
and says so in ``df.attrs["offline"]`` and one logged notice (:mod:`h4og_kit.sources.offline`).
Sources are found through the entry-point group ``h4og_kit.sources`` (:mod:`h4og_kit.plugins`;
docs/write-a-source.md).

Requests go to public addresses only (see :mod:`h4og_kit.outbound`): ``allow_private=True`` on the
constructor or on ``search`` lets local work reach a loopback or intranet server. A served
dashboard reaches only the hosts of :meth:`Source.fixed_hosts` and ``H4OG_ALLOWED_HOSTS``.
"""

from __future__ import annotations

import copy
import threading
import warnings
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

from h4og_kit import http
from h4og_kit.config import settings
from h4og_kit.i18n import gettext as _
from h4og_kit.quality import QualityReport, check_required, keep
from h4og_kit.records import to_frame
from h4og_kit.rights.license import REUSABLE_CATEGORIES
from h4og_kit.sources.offline import OfflineAnswers, matches
from h4og_kit.sources.page_cache import PageCache, page_key

if TYPE_CHECKING:
    import pandas as pd

#: What a source must declare on its class.
REQUIRED = ("name", "title", "description", "terms_url")
#: Errors that mean an answer did not have the shape the source expected.
SHAPE_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError)


@dataclass
class Page:
    """One page of a search: its records, the server's total if it says, and the next cursor.

    ``skipped`` counts listed objects that no longer exist (HTTP 404), left out of ``records``.
    """

    records: list[dict]
    total: int | None = None
    next_cursor: Any = None
    skipped: int = 0


@dataclass
class Search:
    """One search being walked page by page: what was asked, and a ``memo`` where the paging keeps
    what it learns once per search (a list of ids, a request, a file being read)."""

    query: str
    open_only: bool
    filters: dict[str, Any]
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def everything(self) -> bool:
        """True when the query asks for every record (empty or ``*``)."""
        return not self.query.strip() or self.query.strip() == "*"

    def matches(self, record: dict) -> bool:
        return matches(record, self.query)


class MissingKey(http.SourceError):
    """A source needs an API key and none is set."""


class _ClassProperty:
    """A read-only property of the class, also seen from its instances."""

    def __init__(self, fget: Callable[[type], Any]):
        self.fget = fget
        self.__doc__ = fget.__doc__

    def __get__(self, obj: Any, owner: type) -> Any:
        return self.fget(owner)


_defaults: dict[type, Source] = {}
_defaults_lock = threading.Lock()


class Source(OfflineAnswers, ABC):
    """Base class of every source: subclass a paging pattern, declare, write the hooks."""

    # -- what a source declares ------------------------------------------------------------------
    name: ClassVar[str]
    title: ClassVar[str]
    description: ClassVar[str]
    terms_url: ClassVar[str]
    #: Other names ``search`` accepts for this source (e.g. ``"aic"`` for ``"artic"``).
    aliases: ClassVar[tuple[str, ...]] = ()
    #: The environment variable (or `.env` line) of the source's API key, if it takes one, the
    #: provider's public demo key (None: a key is required), and where to get a personal key.
    key_env: ClassVar[str | None] = None
    demo_key: ClassVar[str | None] = None
    signup_url: ClassVar[str | None] = None
    base_url: ClassVar[str] = ""
    #: URLs (or host names) the source reaches besides its ``base_url``, e.g. the dumps' roots.
    extra_hosts: ClassVar[tuple[str, ...]] = ()
    politeness: ClassVar[http.Politeness] = http.Politeness()
    #: The most records (ids, rows) one page asks for.
    page_size: ClassVar[int] = 100
    #: The API has no search: pages are filtered here by the query, and every page is full size.
    local_query: ClassVar[bool] = False
    #: Page-numbered APIs keep one page size for a whole search (page n of another size holds
    #: other records); elsewhere the last page asks only for the records still wanted.
    fixed_page_size: ClassVar[bool] = False
    #: The bundled real responses for offline use (default: ``h4og_kit/data/samples/<name>``).
    samples_dir: ClassVar[Path | None] = None  # see sources.offline

    def __init__(
        self,
        base_url: str | None = None,
        politeness: http.Politeness | None = None,
        api_key: str | None = None,
        *,
        allow_private: bool = False,
    ):
        """``allow_private=True`` lets local work reach loopback and private-network servers
        (ignored in dashboards served by ``h4og serve``)."""
        type(self).check_declarations()
        self.base_url = (base_url or type(self).base_url).rstrip("/")
        self.politeness = politeness or type(self).politeness
        self._api_key = api_key
        self.allow_private = allow_private

    @classmethod
    def check_declarations(cls) -> None:
        """Raise TypeError when the class leaves out something every source must declare."""
        missing = [d for d in REQUIRED if not isinstance(getattr(cls, d, None), str)
                   or not getattr(cls, d).strip()]
        if missing:
            raise TypeError(f"{cls.__name__} must declare {', '.join(missing)} (see "
                            "docs/write-a-source.md)")
        if cls.key_env and not cls.signup_url and not cls.demo_key:
            raise TypeError(f"{cls.__name__} declares key_env {cls.key_env} but neither a "
                            "demo_key nor a signup_url where users get a key")

    @classmethod
    def default(cls) -> Source:
        """The shared instance with the class's own settings (what ``load(name)`` gives)."""
        with _defaults_lock:
            if cls not in _defaults:
                _defaults[cls] = cls()
            return _defaults[cls]

    @_ClassProperty
    def key_note(cls) -> str:
        """Whether the source needs a key, in a few words (for listings)."""
        if not cls.key_env:
            return _("no key needed")
        if cls.demo_key:
            return _("key in {variable} (a public demo key works for trying it out)").format(
                variable=cls.key_env)
        return _("key in {variable} (required)").format(variable=cls.key_env)

    @classmethod
    def fixed_hosts(cls) -> set[str]:
        """The hosts this source reaches by the kit's own URLs: a served dashboard may fetch them
        without ``H4OG_ALLOWED_HOSTS`` (a ``base_url`` of your own is not among them)."""
        urls = [u for u in (cls.base_url, *cls.extra_hosts) if u]
        return {(urlsplit(u).hostname or u).rstrip(".").lower() if "/" in u else u.lower()
                for u in urls}

    def allowing_private(self) -> Source:
        """A copy of this source that may reach loopback and private-network addresses."""
        other = copy.copy(self)
        other.allow_private = True
        other.__dict__.pop("session", None)  # its own session, with its own guard
        return other

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.base_url}>"

    # -- what every source writes ----------------------------------------------------------------

    @abstractmethod
    def parse(self, payload: Any) -> list[dict]:
        """Turn one raw response into common records. Pure: no network, no settings."""

    @abstractmethod
    def get_payload(self, record_id: str) -> Any:
        """The raw API response for one record."""

    # -- what the paging pattern writes (sources.paging) -----------------------------------------

    @abstractmethod
    def page_at(self, search: Search, cursor: Any, size: int) -> Page:
        """The page of the live API at ``cursor`` (None: the first), asking for ``size`` items."""

    # -- helpers for the hooks -------------------------------------------------------------------

    def url(self, path: str = "") -> str:
        if path.startswith(("http://", "https://")):
            return path
        return f"{self.base_url}/{path.lstrip('/')}" if path else self.base_url

    @cached_property
    def session(self):
        """This source's HTTP session (cached, polite, retrying, guarded), made on first use."""
        return http.session(self.name, self.politeness, allow_private=self.allow_private)

    def fetch(self, path: str = "", params: dict | None = None, as_: str = "json") -> Any:
        """One request through the kit's HTTP path, with this source's politeness and key hint."""
        return http.fetch(
            self.name, self.url(path), params, as_=as_, politeness=self.politeness,
            key_env=self.key_env, http=self.session,
        )

    def fetch_many(self, paths: list[str], params: dict | None = None) -> list[Any]:
        """Fetch many resources concurrently, within the politeness limit, in order.

        Each item of the result is the parsed body or the :class:`~h4og_kit.http.SourceError` that
        stopped it, so one missing object does not sink the others.
        """

        def one(path: str) -> Any:
            try:
                return self.fetch(path, params)
            except http.SourceError as exc:
                return exc

        if len(paths) <= 1:
            return [one(p) for p in paths]
        with ThreadPoolExecutor(max_workers=self.politeness.connections) as pool:
            return list(pool.map(http.in_context(one), paths))  # waits reach the caller's bar

    def api_key(self) -> str:
        """The key for this source, from the constructor, the environment, `.env` or a demo key."""
        env = self.key_env
        key = self._api_key or (settings().key(env, demo=self.demo_key) if env else None)
        if not key:
            where = self.signup_url or "the provider's website"
            raise MissingKey(
                self.name, None,
                hint=f"This source needs an API key: get one at {where} and set {env} in your "
                "environment or in a .env file next to your notebook.",
            )
        http.register_secret(key)
        return key

    # -- what the base class gives ---------------------------------------------------------------

    def search(
        self,
        query: str = "",
        limit: int | None = 100,
        open_only: bool = False,
        strict: bool = False,
        progress: bool = True,
        allow_private: bool = False,
        required: Sequence[str] = (),
        **filters: Any,
    ) -> pd.DataFrame:
        """Search the source and return up to ``limit`` common records as a DataFrame.

        ``open_only`` keeps public-domain and openly licensed records (asking the API to filter
        where it can). ``required`` (such as ``("title", "rights")``) drops the records that lack
        one of those columns. When a page fails after others came back, the records so far are
        returned with a warning; ``strict=True`` raises the :class:`~h4og_kit.http.SourceError`
        instead. ``allow_private=True`` lets local work search a loopback or intranet server
        (ignored in dashboards served by ``h4og serve``).

        ``df.attrs["report"]`` is the result's :class:`~h4og_kit.quality.QualityReport`: the
        records missing each column, the values not understood, warnings, the records dropped
        for lacking a ``required`` column, and those lost to errors.
        """
        required = check_required(required)
        if allow_private and not self.allow_private:
            return self.allowing_private().search(
                query, limit, open_only, strict, progress, required=required, **filters)
        mode = settings()
        if mode.forced_offline:
            return self.offline_search(query, limit, open_only, _("H4OG_OFFLINE=1 is set"),
                                       required=required, **filters)
        report = QualityReport()
        records: list[dict] = []
        total = None
        complete = True
        skipped = 0
        from tqdm.auto import tqdm

        def room() -> int | None:
            return None if limit is None else limit - len(records)

        bar = tqdm(total=limit, desc=f"{self.name}: {query or '*'}", unit="rec", disable=not progress)
        try:
            with http.show_waits(bar):  # "waiting 60 s: the provider asked us to slow down"
                pages = self._walk(query, open_only=open_only, cursor=None, filters=filters,
                                   room=room)
                for page in pages if room() is None or room() > 0 else ():
                    total = page.total if page.total is not None else total
                    skipped += page.skipped
                    fresh = [r for r in page.records
                             if not open_only or r["license_category"] in REUSABLE_CATEGORIES]
                    fresh = keep(fresh, required, report)[: room()]
                    records.extend(fresh)
                    if total is not None:
                        bar.total = min(total, limit) if limit else total
                    bar.update(len(fresh))
                    if limit is not None and len(records) >= limit:
                        break
        except http.NetworkUnavailable as exc:
            if not records and mode.may_fall_back:
                return self.offline_search(query, limit, open_only, str(exc), required=required,
                                           **filters)
            complete = self._partial(exc, records, strict, report)
        except http.SourceError as exc:
            complete = self._partial(exc, records, strict, report)
        finally:
            bar.close()
        if skipped:
            report.gone(skipped)
        frame = to_frame(records)
        frame.attrs.update(source=self.name, query=query, offline=False, complete=complete,
                           total=total, skipped=skipped, notice=None,
                           report=report.add_all(records))
        return frame

    def iter_pages(self, query: str = "", *, open_only: bool = False, cursor: Any = None,
                   **filters: Any) -> Iterator[Page]:
        """Pages of the live API from ``cursor`` on: the building block of resumable harvests."""
        return self._walk(query, open_only=open_only, cursor=cursor, filters=filters,
                          room=lambda: None)

    def _walk(self, query: str, *, open_only: bool, cursor: Any, filters: dict[str, Any],
              room: Callable[[], int | None]) -> Iterator[Page]:
        """The pages of a search from ``cursor`` on, each asking for no more than ``room()``
        records (the records still wanted, read before each page), from the page cache where it
        has them, with answers of an unexpected shape turned into SourceError."""
        self._check_addresses(query, filters)  # the page cache is no way around the guard
        search = Search(query, open_only, dict(filters))
        cache = PageCache(settings().cache_dir)
        size = None
        while True:
            if size is None or not self.fixed_page_size:
                size = self._page_size(room())
            key = page_key(self.name, self.base_url, query, open_only, filters, cursor, size)
            page = cache.get(key)
            if page is None:
                page = self._live_page(search, cursor, size)
                cache.put(key, page, self.politeness.expire_after)
            if page.skipped:
                warnings.warn(f"{self.name}: {page.skipped} listed objects no longer exist; "
                              "skipped.", stacklevel=3)
            yield page
            if page.next_cursor is None:
                return
            cursor = page.next_cursor

    def _page_size(self, room: int | None) -> int:
        """How many items the next page asks for: the page size, or fewer when fewer records are
        still wanted (not for sources that filter pages locally: a page may keep few of them)."""
        if room is None or room <= 0 or self.local_query:
            return self.page_size
        return min(self.page_size, room)

    def _live_page(self, search: Search, cursor: Any, size: int) -> Page:
        try:
            page = self.page_at(search, cursor, size)
        except SHAPE_ERRORS as exc:
            raise http.SourceError(
                self.name, self.base_url,
                hint=f"The answer had an unexpected shape ({exc.__class__.__name__}: {exc}); "
                "the API may have changed.",
            ) from exc
        if self.local_query:
            page.records = [r for r in page.records if search.matches(r)]
        return page

    def _check_addresses(self, query: str, filters: dict[str, Any]) -> None:
        """The outbound-address guard's check of every URL in the search (``base_url``, a URL
        query, an ``endpoint=`` filter), before cached pages of it are used."""
        for value in (self.base_url, query, *filters.values()):
            if isinstance(value, str) and value.strip().startswith(("http://", "https://")):
                http.check_url(self.name, value.strip(), allow_private=self.allow_private)

    def _partial(self, exc: http.SourceError, records: list[dict], strict: bool,
                 report: QualityReport) -> bool:
        if strict or not records:
            raise exc
        report.error(f"a page failed, the search stopped there: {exc}")
        warnings.warn(
            f"{exc} Returning the {len(records)} records received before the failure; "
            "pass strict=True to raise instead.",
            stacklevel=3,
        )
        return False

    def get(self, record_id: str) -> pd.DataFrame:
        """One record by its id, as a one-row DataFrame (from the samples when offline)."""
        mode = settings()
        if not mode.forced_offline:
            try:
                frame = to_frame(self.parse(self.get_payload(str(record_id))))
                frame.attrs.update(source=self.name, offline=False)
                return frame
            except http.NetworkUnavailable:
                if not mode.may_fall_back:
                    raise
        frame = to_frame(r for r in self.offline_records() if r["id"] == str(record_id))
        if frame.empty:
            raise http.SourceError(
                self.name, None,
                hint=f"Working offline, and record {record_id!r} is not among the bundled samples.",
            )
        frame.attrs.update(source=self.name, offline=True)
        return frame


def expose(cls: type[Source]) -> tuple[Callable, Callable, Callable, Callable]:
    """Module-level ``default, search, get, parse`` bound to the shared instance of ``cls``."""

    def search(query: str = "", **kw: Any) -> pd.DataFrame:
        return cls.default().search(query, **kw)

    def get(record_id: str) -> pd.DataFrame:
        return cls.default().get(record_id)

    def parse(payload: Any) -> list[dict]:
        return cls.default().parse(payload)

    search.__doc__, get.__doc__, parse.__doc__ = Source.search.__doc__, Source.get.__doc__, (
        Source.parse.__doc__
    )
    return cls.default, search, get, parse
