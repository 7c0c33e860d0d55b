"""What every source shares: paging with a progress bar, limits, partial results, offline answers.

A source module subclasses :class:`Source` and writes three things:

- ``pages(query, open_only=..., cursor=..., page_size=..., **filters)`` yields :class:`Page` objects
  from the live API, each with its records and the cursor of the page after it;
- ``parse(payload)``, a pure function from one raw response to common records;
- ``get_payload(id)``, the raw response for one record.

The base class turns them into ``search`` and ``get``. When the network is gone (or
``H4OG_OFFLINE=1``), it answers from the real responses bundled in ``h4og_kit/data/samples/<name>/``,
filtered locally by the query, and says so in ``df.attrs["offline"]`` and one logged notice.

Requests go to public addresses only (see :mod:`h4og_kit.outbound`): ``allow_private=True`` on the
constructor or on ``search`` lets local work reach a loopback or intranet server. A served
dashboard reaches only the hosts of :meth:`Source.fixed_hosts` and ``H4OG_ALLOWED_HOSTS``.
"""

from __future__ import annotations

import copy
import json
import logging
import re
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

from h4og_kit import http
from h4og_kit.config import API_KEYS, settings
from h4og_kit.page_cache import PageCache, page_key
from h4og_kit.records import TEXT_COLUMNS, to_frame
from h4og_kit.rights.license import REUSABLE_CATEGORIES
from h4og_kit.sources import SOURCES, SourceInfo

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger("h4og_kit")

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "data" / "samples"


@dataclass
class Page:
    """One page of a search: its records, the server's total if it says, and the next cursor."""

    records: list[dict]
    total: int | None = None
    next_cursor: Any = None


class MissingKey(http.SourceError):
    """A source needs an API key and none is set."""


class Source:
    """Base class of every source. Subclasses set ``name`` and ``base_url`` and write the hooks."""

    name: ClassVar[str]
    base_url: ClassVar[str] = ""
    #: URLs (or host names) the source reaches besides its ``base_url``, e.g. the dumps' roots.
    extra_hosts: ClassVar[tuple[str, ...]] = ()
    politeness: ClassVar[http.Politeness] = http.Politeness()
    page_size: ClassVar[int] = 100

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
        self.base_url = (base_url or type(self).base_url).rstrip("/")
        self.politeness = politeness or type(self).politeness
        self._api_key = api_key
        self.allow_private = allow_private

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

    # -- what a source writes ------------------------------------------------------------------

    def pages(
        self, query: str, *, open_only: bool, cursor: Any, page_size: int, **filters: Any
    ) -> Iterator[Page]:
        """Yield pages of the live API, starting at ``cursor`` (None: the first page)."""
        raise NotImplementedError

    def parse(self, payload: Any) -> list[dict]:
        """Turn one raw response into common records. Pure: no network, no settings."""
        raise NotImplementedError

    def get_payload(self, record_id: str) -> Any:
        """The raw API response for one record."""
        raise NotImplementedError

    # -- helpers for subclasses ----------------------------------------------------------------

    @property
    def info(self) -> SourceInfo:
        return SOURCES[self.name]

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
            key_env=self.info.key_env, http=self.session,
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
        env = self.info.key_env
        key = self._api_key or (settings().key(env) if env else None)
        if not key:
            where = API_KEYS.get(env, (None, "the provider's website"))[1]
            raise MissingKey(
                self.name, None,
                hint=f"This source needs an API key: get one at {where} and set {env} in your "
                "environment or in a .env file next to your notebook.",
            )
        http.register_secret(key)
        return key

    # -- what the base class gives -------------------------------------------------------------

    def search(
        self,
        query: str = "",
        limit: int | None = 100,
        open_only: bool = False,
        strict: bool = False,
        progress: bool = True,
        allow_private: bool = False,
        **filters: Any,
    ) -> pd.DataFrame:
        """Search the source and return up to ``limit`` common records as a DataFrame.

        ``open_only`` keeps public-domain and openly licensed records (asking the API to filter
        where it can). When a page fails after others came back, the records so far are returned
        with a warning; ``strict=True`` raises the :class:`~h4og_kit.http.SourceError` instead.
        ``allow_private=True`` lets local work search a loopback or intranet server (ignored in
        dashboards served by ``h4og serve``).
        """
        if allow_private and not self.allow_private:
            return self.allowing_private().search(
                query, limit, open_only, strict, progress, **filters)
        mode = settings()
        if mode.forced_offline:
            return self.offline_search(query, limit, open_only, "H4OG_OFFLINE=1 is set", **filters)
        records: list[dict] = []
        total = None
        complete = True
        from tqdm.auto import tqdm

        bar = tqdm(total=limit, desc=f"{self.name}: {query or '*'}", unit="rec", disable=not progress)
        try:
            with http.show_waits(bar):  # "waiting 60 s: the provider asked us to slow down"
                for page in self._checked_pages(query, open_only=open_only, limit=limit, **filters):
                    total = page.total if page.total is not None else total
                    fresh = [r for r in page.records
                             if not open_only or r["license_category"] in REUSABLE_CATEGORIES]
                    fresh = fresh[: None if limit is None else limit - len(records)]
                    records.extend(fresh)
                    if total is not None:
                        bar.total = min(total, limit) if limit else total
                    bar.update(len(fresh))
                    if limit is not None and len(records) >= limit:
                        break
        except http.NetworkUnavailable as exc:
            if not records and mode.may_fall_back:
                return self.offline_search(query, limit, open_only, str(exc), **filters)
            complete = self._partial(exc, records, strict)
        except http.SourceError as exc:
            complete = self._partial(exc, records, strict)
        finally:
            bar.close()
        frame = to_frame(records)
        frame.attrs.update(
            source=self.name, query=query, offline=False, complete=complete, total=total, notice=None
        )
        return frame

    def _checked_pages(self, query: str, *, open_only: bool, limit: int | None, cursor: Any = None,
                       **filters: Any) -> Iterator[Page]:
        """The source's pages, from the page cache where it has them, with answers of an
        unexpected shape turned into SourceError."""
        page_size = min(self.page_size, limit) if limit else self.page_size
        self._check_addresses(query, filters)  # the page cache is no way around the guard
        cache = PageCache(settings().cache_dir)
        live: Iterator[Page] | None = None  # the source's own pages, started where the cache ends
        while True:
            key = page_key(self.name, self.base_url, query, open_only, filters, cursor, page_size)
            page = cache.get(key)
            if page is None:
                live = live or self.pages(
                    query, open_only=open_only, cursor=cursor, page_size=page_size, **filters
                )
                page = self._next_live(live)
                if page is None:
                    return
                cache.put(key, page, self.politeness.expire_after)
            else:
                live = None
            yield page
            if page.next_cursor is None:
                return
            cursor = page.next_cursor

    def _check_addresses(self, query: str, filters: dict[str, Any]) -> None:
        """The outbound-address guard's check of every URL in the search (``base_url``, a URL
        query, an ``endpoint=`` filter), before cached pages of it are used."""
        for value in (self.base_url, query, *filters.values()):
            if isinstance(value, str) and value.strip().startswith(("http://", "https://")):
                http.check_url(self.name, value.strip(), allow_private=self.allow_private)

    def _next_live(self, pages: Iterator[Page]) -> Page | None:
        try:
            return next(pages)
        except StopIteration:
            return None
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            raise http.SourceError(
                self.name, self.base_url,
                hint=f"The answer had an unexpected shape ({exc.__class__.__name__}: {exc}); "
                "the API may have changed.",
            ) from exc

    def iter_pages(self, query: str = "", *, open_only: bool = False, cursor: Any = None,
                   **filters: Any) -> Iterator[Page]:
        """Pages of the live API from ``cursor`` on: the building block of resumable harvests."""
        return self._checked_pages(query, open_only=open_only, limit=None, cursor=cursor, **filters)

    def _partial(self, exc: http.SourceError, records: list[dict], strict: bool) -> bool:
        if strict or not records:
            raise exc
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

    # -- offline ---------------------------------------------------------------------------------

    @classmethod
    def sample_files(cls) -> list[Path]:
        """The bundled real responses of this source (see PROVENANCE.md beside them)."""
        folder = SAMPLES_DIR / cls.name
        return sorted(p for p in folder.iterdir() if p.is_file() and p.name != "PROVENANCE.md")

    @classmethod
    def read_sample(cls, path: Path) -> Any:
        """A bundled response as the API gave it: parsed JSON, or text for XML and CSV."""
        text = path.read_text(encoding="utf-8")
        return json.loads(text) if path.suffix == ".json" else text

    def offline_records(self) -> list[dict]:
        """Every record in the bundled samples, parsed."""
        return _offline_records(type(self))

    def offline_matches(self, record: dict, query: str, **filters: Any) -> bool:
        """Whether a bundled record answers the query offline (sources refine this)."""
        return matches(record, query)

    def offline_search(
        self, query: str, limit: int | None, open_only: bool, reason: str, **filters: Any
    ) -> pd.DataFrame:
        """Answer from the bundled real responses, filtered locally by the query."""
        records = [r for r in self.offline_records() if self.offline_matches(r, query, **filters)]
        if open_only:
            records = [r for r in records if r["license_category"] in REUSABLE_CATEGORIES]
        records = records[:limit] if limit is not None else records
        notice = (
            f"Offline ({reason}): {len(records)} {self.name} records from the bundled real sample "
            "responses, not a live search."
        )
        if not records and query.strip():
            notice += (
                f" None of the {len(self.offline_records())} bundled records matches "
                f"{query!r}: search with an empty query to see them all."
            )
        log.warning(notice)
        frame = to_frame(records)
        frame.attrs.update(
            source=self.name, query=query, offline=True, complete=True, total=len(records),
            notice=notice,
        )
        return frame


@cache
def _offline_records(cls: type[Source]) -> list[dict]:
    source = cls()
    seen: set[str] = set()
    out = []
    for path in cls.sample_files():
        for rec in source.parse(cls.read_sample(path)):
            if rec["id"] not in seen:
                seen.add(rec["id"])
                out.append(rec)
    return out


def matches(record: dict, query: str) -> bool:
    """True when every word of ``query`` starts a word in the record's text fields.

    Case-insensitive: "cat" finds "Cats" and "cat-like", not "Frascati".
    """
    words = query.lower().split()
    if not words or query.strip() == "*":
        return True
    haystack = " ".join(str(record.get(c) or "") for c in TEXT_COLUMNS).lower()
    return all(re.search(rf"(?<!\w){re.escape(w)}", haystack) for w in words)


def expose(cls: type[Source]) -> tuple[Callable, Callable, Callable, Callable]:
    """Module-level ``default, search, get, parse`` bound to one shared instance of ``cls``."""

    @cache
    def default() -> Source:
        return cls()

    def search(query: str = "", **kw: Any) -> pd.DataFrame:
        return default().search(query, **kw)

    def get(record_id: str) -> pd.DataFrame:
        return default().get(record_id)

    def parse(payload: Any) -> list[dict]:
        return default().parse(payload)

    search.__doc__, get.__doc__, parse.__doc__ = Source.search.__doc__, Source.get.__doc__, (
        Source.parse.__doc__
    )
    return default, search, get, parse
