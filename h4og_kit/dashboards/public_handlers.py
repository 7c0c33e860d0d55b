"""The Tornado handlers of the kernel-free public pages, and the one task that keeps them current.

``/`` and ``/showcase`` (the showcase, filtered by its GET form without script),
``/showcase.json`` (the feed the page polls: ``ETag``, ``304``, ``Cache-Control``),
``/entry/<id>`` (a public entry, or a plain 404), ``/feed.atom`` (the activity as Atom),
``/embed/<id>`` (a public entry's card for an ``<iframe>``), ``/screen`` (the event screen),
``/hackathon.json`` (the event as schema.org ``Hackathon``),
``/assets/showcase.{js,css}`` and ``/assets/screen.js``.
Every handler answers from the keeper's snapshot in memory: viewers never touch the database,
and a request costs no rendering, hashing or compressing: the bytes, their ETag and their gzip form are made
once per snapshot (:class:`~h4og_kit.dashboards.site.Body`). A client that accepts gzip gets
the gzip form (``Vary: Accept-Encoding``; the same ETag, so a ``304`` answers either).
:func:`start_keeper` runs one refresh (``changes_since``) every few seconds on the server's
event loop, in a worker thread, never two at once; :func:`start_sync` syncs the projects'
repositories every ``H4OG_SYNC_MINUTES`` the same way.
"""

from __future__ import annotations

import asyncio
import logging
from functools import lru_cache

from tornado.ioloop import PeriodicCallback
from tornado.web import RequestHandler

from h4og_kit.dashboards.site import FILTERS, Body, Site, asset_body
from h4og_kit.dashboards.snapshot import SnapshotKeeper
from h4og_kit.header_values import weighted
from h4og_kit.i18n import choose, speaking

#: Seconds between two refreshes of the snapshot: a change reaches open pages well within 15 s
#: (this, plus the page's 4 s poll).
REFRESH_SECONDS = 3.0
log = logging.getLogger(__name__)


@lru_cache(maxsize=64)
def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an ``Accept-Encoding`` header value accepts gzip: ``gzip`` (or ``x-gzip``) with a
    nonzero quality, or else ``*`` with a nonzero quality."""
    wildcard = False
    for name, quality in weighted(accept_encoding.lower()):
        if name in ("gzip", "x-gzip"):
            return quality > 0
        if name == "*":
            wildcard = quality > 0
    return wildcard


class _Public(RequestHandler):
    def initialize(self, keeper: SnapshotKeeper, site: Site) -> None:
        self.keeper, self.site = keeper, site

    def check_xsrf_cookie(self) -> None:  # GET only; nothing here changes state
        return None

    def language(self) -> str:
        """The viewer's language: ``?lang=``, then ``Accept-Language``, then the server's
        ``H4OG_LANGUAGE``, then English."""
        return choose(self.get_query_argument("lang", None),
                      self.request.headers.get("Accept-Language"))

    def _send(self, body: Body, content_type: str, max_age: int = 0) -> None:
        self.set_header("Content-Type", content_type)
        self.set_header("Cache-Control", f"public, max-age={max_age}, must-revalidate")
        self.set_header("ETag", body.etag)
        self.set_header("Vary", "Accept-Encoding, Accept-Language")
        self.set_header("X-Content-Type-Options", "nosniff")
        headers = self.request.headers
        if body.etag in (headers.get("If-None-Match") or ""):
            self.set_status(304)
            return
        packed = body.gzipped() if accepts_gzip(headers.get("Accept-Encoding") or "") else None
        if packed is not None:
            self.set_header("Content-Encoding", "gzip")
        self.write(packed if packed is not None else body.data)

    def compute_etag(self) -> None:  # our own ETag, not a hash of every body
        return None

    def write_error(self, status_code: int, **kwargs) -> None:
        from h4og_kit.html.public import not_found_page

        self.set_header("Content-Type", "text/html; charset=utf-8")
        with speaking(self.language()):
            self.finish(not_found_page() if status_code == 404 else f"{status_code}\n")


class ShowcaseHandler(_Public):
    """The public showcase page."""

    def get(self) -> None:
        chosen = {name: self.get_query_argument(name, "") for name in FILTERS}
        self._send(self.site.page_body(self.keeper.snapshot, chosen, self.language()),
                   "text/html; charset=utf-8")


class FeedHandler(_Public):
    """``/showcase.json``: the snapshot as the page's script reads it."""

    def get(self) -> None:
        snap = self.keeper.snapshot
        self.set_header("Access-Control-Allow-Origin", "*")
        self._send(self.site.feed_body(snap, self.language()), "application/json; charset=utf-8")


class EntryHandler(_Public):
    """``/entry/<id>``: one public entry's page, or a plain 404."""

    def get(self, entry_id: str) -> None:
        snap = self.keeper.snapshot
        body = self.site.entry_body(snap, entry_id, self.language())
        if body is None:
            self.send_error(404)
            return
        self._send(body, "text/html; charset=utf-8")


class AtomHandler(_Public):
    """``/feed.atom``: the public activity as an Atom feed."""

    def get(self) -> None:
        self.set_header("Access-Control-Allow-Origin", "*")
        self._send(self.site.atom_body(self.keeper.snapshot, self.language()),
                   "application/atom+xml; charset=utf-8")


class EmbedHandler(_Public):
    """``/embed/<id>``: a public entry's card alone, for an ``<iframe>`` on any site (its own
    Content-Security-Policy: no script, framing allowed), or a plain 404."""

    def get(self, entry_id: str) -> None:
        from h4og_kit.html.embed import EMBED_POLICY

        body = self.site.embed_body(self.keeper.snapshot, entry_id, self.language())
        if body is None:
            self.send_error(404)
            return
        self.set_header("Content-Security-Policy", EMBED_POLICY)
        self._send(body, "text/html; charset=utf-8")


class HackathonHandler(_Public):
    """``/hackathon.json``: the event and its public projects as schema.org ``Hackathon``."""

    def get(self) -> None:
        self.set_header("Access-Control-Allow-Origin", "*")
        self._send(self.site.hackathon_body(self.keeper.snapshot),
                   "application/ld+json; charset=utf-8")


class ScreenHandler(_Public):
    """``/screen``: the event screen for the live stream and the room."""

    def get(self) -> None:
        self._send(self.site.screen_body(self.keeper.snapshot, self.language()),
                   "text/html; charset=utf-8")


class AssetHandler(_Public):
    """``/assets/showcase.js``, ``/assets/showcase.css`` and ``/assets/screen.js``."""

    def get(self, name: str) -> None:
        body = asset_body(name)
        if body is None:
            self.send_error(404)
            return
        kind = "text/css" if name.endswith(".css") else "text/javascript"
        self._send(body, f"{kind}; charset=utf-8", max_age=300)


def public_handlers(base: str, keeper: SnapshotKeeper, site: Site) -> list[tuple]:
    """The URL rules of the public pages under ``base`` (the server's URL, ending in ``/``)."""
    options = {"keeper": keeper, "site": site}
    return [
        (base, ShowcaseHandler, options),
        (f"{base}showcase", ShowcaseHandler, options),
        (f"{base}showcase.json", FeedHandler, options),
        (f"{base}entry/([A-Za-z0-9_.-]+)", EntryHandler, options),
        (f"{base}feed\\.atom", AtomHandler, options),
        (f"{base}embed/([A-Za-z0-9_.-]+)", EmbedHandler, options),
        (f"{base}screen", ScreenHandler, options),
        (f"{base}hackathon\\.json", HackathonHandler, options),
        (f"{base}assets/((?:showcase|screen)\\.(?:js|css))", AssetHandler, options),
    ]


def _in_background(work, seconds: float, failed: str,
                   first_after: float | None = None) -> PeriodicCallback:
    """Run ``work()`` in a worker thread every ``seconds`` on the current event loop, never two
    at once (the callback waits for each run before timing the next); ``first_after``: run it
    once that many seconds from now, and every ``seconds`` after that. An exception is logged
    with ``failed`` and the next run comes as planned."""

    async def run() -> None:
        try:
            await asyncio.get_running_loop().run_in_executor(None, work)
        except Exception:  # e.g. a database hiccup: keep what we have, try again
            log.exception(failed)

    callback = PeriodicCallback(run, seconds * 1000)
    if first_after is None:
        callback.start()
    else:
        from tornado.ioloop import IOLoop

        async def first() -> None:
            await run()
            callback.start()

        IOLoop.current().call_later(first_after, first)
    return callback


def start_keeper(keeper: SnapshotKeeper, seconds: float = REFRESH_SECONDS) -> PeriodicCallback:
    """Refresh ``keeper`` every ``seconds`` on the current event loop, in a worker thread."""
    return _in_background(keeper.refresh, seconds, "could not refresh the public snapshot")


#: How often the server syncs projects' repositories (minutes; ``0`` turns it off), and the first
#: sync's delay after start (seconds).
SYNC_MINUTES_ENV = "H4OG_SYNC_MINUTES"
DEFAULT_SYNC_MINUTES = 30.0
FIRST_SYNC_SECONDS = 10.0


def start_sync(registry, minutes: float | None = None) -> PeriodicCallback | None:
    """Sync the published projects' repositories (:func:`h4og_kit.registry.repositories.sync`)
    every ``minutes`` (default ``H4OG_SYNC_MINUTES``, 30) on the current event loop, in a worker
    thread, the first time shortly after start; None when turned off. The keeper sees what a
    sync stored at its next refresh; what failed is logged as a warning."""
    from h4og_kit.config import number_setting, setting
    from h4og_kit.registry.repositories import sync

    if minutes is None:
        minutes = number_setting(SYNC_MINUTES_ENV, setting(SYNC_MINUTES_ENV),
                                 DEFAULT_SYNC_MINUTES)
    if minutes <= 0:
        return None

    def work() -> None:
        report = sync(registry)
        quiet = not (report.failed or report.limited)
        (log.info if quiet else log.warning)("repository sync: %s",
                                             report.summary().replace("\n", "; "))

    return _in_background(work, minutes * 60, "could not sync the projects' repositories",
                          first_after=FIRST_SYNC_SECONDS)
