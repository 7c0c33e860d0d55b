"""The kernels of the Voila apps: a cap on how many visitors hold one, a line for bursts, and the
end of kernels whose page is gone.

Every Voila page load holds a Python kernel (about 150 MB here). :class:`DashboardKernelManager`
(the class Voila's preheating wraps, set in ``voila.json``) keeps that bounded:

- **A cap.** At most :attr:`~DashboardKernelManager.max_kernels` kernels serve visitors at once
  (``H4OG_MAX_KERNELS``, ``h4og serve --max-kernels``; by default half the machine's memory at
  150 MB a kernel). The preheated kernels waiting in the pool are not counted; pages being
  prepared are. Past the cap a page answers "busy, try again in a minute" (HTTP 503 with
  ``Retry-After``) instead of starting one more kernel: :func:`busy_page`.
- **A line for bursts.** Starting a kernel and running its notebook takes seconds of CPU. At most
  :attr:`~DashboardKernelManager.render_slots` pages are prepared at once (one per CPU); the
  others wait their turn (:meth:`~DashboardKernelManager.admission`), so a burst of visitors is
  served one after the other instead of every page timing out together. A line longer than
  :attr:`~DashboardKernelManager.waiting_line` is answered busy too.
- **Closed pages.** A tab closed without ``beforeunload`` (phones, crashes, lost networks) never
  asks for its kernel to be shut down, and the live feed's messages keep it from ever looking
  idle. So a visitor's kernel is shut down once its page has had no connection for
  :attr:`~DashboardKernelManager.closed_page_seconds` (``H4OG_CLOSED_PAGE_SECONDS``, default
  120: a phone that loses the network for a minute gets its page back), whatever its activity.

The preheated pool is Voila's (``default_pool_size`` in ``voila.json``); with it, the lists a
page shows are still read when its visitor arrives (:func:`h4og_kit.widgets.context.wait_for_visitor`).
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import Mapping
from contextlib import asynccontextmanager
from contextvars import ContextVar
from html import escape

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.ioloop import PeriodicCallback
from traitlets import Float, Integer, default

MAX_KERNELS_ENV = "H4OG_MAX_KERNELS"
CLOSED_PAGE_ENV = "H4OG_CLOSED_PAGE_SECONDS"
#: What one visitor's kernel holds, measured (benchmarks/showcase_load.py): about 145 MB.
KERNEL_BYTES = 150 * 1024 * 1024
#: Seconds a busy page asks the browser to wait before trying again.
RETRY_SECONDS = 60


def memory_bytes() -> int | None:
    """The machine's physical memory, or None where the system does not say."""
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def default_max_kernels(memory: int | None = None) -> int:
    """Half the machine's memory, at :data:`KERNEL_BYTES` a kernel; at least 2 (8 when the
    memory is unknown)."""
    memory = memory_bytes() if memory is None else memory
    if not memory:
        return 8
    return max(2, memory // 2 // KERNEL_BYTES)


def max_kernels_setting(environ: Mapping[str, str] = os.environ) -> int:
    """``H4OG_MAX_KERNELS``, else :func:`default_max_kernels`; a ValueError says what to write."""
    from h4og_kit.config import number_setting

    return number_setting(MAX_KERNELS_ENV, environ.get(MAX_KERNELS_ENV), default_max_kernels(),
                          int, zero=False)


def closed_page_setting(environ: Mapping[str, str] = os.environ) -> float:
    """``H4OG_CLOSED_PAGE_SECONDS``, else 120; a ValueError says what to write."""
    from h4og_kit.config import number_setting

    return number_setting(CLOSED_PAGE_ENV, environ.get(CLOSED_PAGE_ENV), 120.0, zero=False)


class _Page:
    """A page let in: waiting for its turn, then being prepared (``kernel_id`` once it has one)."""

    def __init__(self) -> None:
        self.waiting = True
        self.kernel_id: str | None = None


#: The page a handler is preparing, seen by :meth:`DashboardKernelManager.start_kernel`.
_PAGE: ContextVar[_Page | None] = ContextVar("h4og_page", default=None)


def _ready(task: asyncio.Future) -> bool:
    """Whether a pool task holds a started kernel."""
    return task.done() and not task.cancelled() and task.exception() is None


class DashboardKernelManager(AsyncMappingKernelManager):
    """Jupyter's kernel manager with a cap on visitors' kernels, a line for bursts and the end of
    kernels whose page is gone (see the module docstring)."""

    max_kernels = Integer(0, config=True, help=(
        "The most kernels serving visitors at once (preheated ones waiting in the pool not "
        f"counted); past it a page answers busy. Default: {MAX_KERNELS_ENV}, else half the "
        "machine's memory at 150 MB a kernel."))
    render_slots = Integer(0, config=True, help=(
        "How many pages are prepared (kernel started, notebook run) at once; the others wait "
        "their turn. Default: the number of CPUs."))
    waiting_line = Integer(0, config=True, help=(
        "How many pages may wait for their turn; more are answered busy. Default: 4 per slot."))
    closed_page_seconds = Float(0.0, config=True, help=(
        "Shut a visitor's kernel down once its page has had no connection this long, however "
        f"busy its live feed. Default: {CLOSED_PAGE_ENV}, else 120."))

    @default("max_kernels")
    def _max_kernels_default(self) -> int:
        return max_kernels_setting()

    @default("render_slots")
    def _render_slots_default(self) -> int:
        return os.cpu_count() or 2

    @default("waiting_line")
    def _waiting_line_default(self) -> int:
        return 4 * self.render_slots

    @default("closed_page_seconds")
    def _closed_page_default(self) -> float:
        return closed_page_setting()

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._preheating: set[str] = set()  # pool kernels still starting
        self._unconnected_since: dict[str, float] = {}
        self._pages: set[_Page] = set()  # pages let in that are not yet fully sent
        self._waiting = 0  # of which waiting for a render slot
        self._slots: asyncio.Semaphore | None = None
        self._closed_page_check: PeriodicCallback | None = None

    # -- the cap -------------------------------------------------------------------------------

    def _pooled(self) -> set[str]:
        """Kernels waiting in Voila's preheated pools (attribute of the class that wraps this),
        and pool kernels still starting."""
        ready = set(self._preheating)
        for pool in getattr(self, "_pools", {}).values():
            ready.update(task.result()["kernel_id"] for task in pool if _ready(task))
        return ready

    def _pool_ready(self, notebook: str | None) -> bool:
        """Whether the next visitor of ``notebook`` gets a preheated kernel that is ready."""
        pool = getattr(self, "_pools", {}).get(notebook) or []
        return bool(pool) and _ready(pool[0])

    def visitor_kernels(self) -> int:
        """How many kernels serve visitors or are being prepared for one: every running kernel
        but the pool's, and the pages let in that have no kernel yet."""
        kernels = set(self.list_kernel_ids()) - self._pooled()
        kernels.update(page.kernel_id for page in self._pages if page.kernel_id)
        return len(kernels) + sum(1 for page in self._pages if not page.kernel_id)

    def busy(self) -> bool:
        """Whether one more page would pass the cap or the waiting line."""
        return (self.visitor_kernels() >= self.max_kernels
                or self._waiting >= self.waiting_line)

    @asynccontextmanager
    async def admission(self, notebook: str | None = None):
        """A visitor's turn for ``notebook``: yields False at once when busy, else True once it
        is this page's turn to be prepared (at most :attr:`render_slots` at a time). The page
        counts against the cap from now on: as a page until it has a kernel, then as its
        kernel (Voila hands it the pool's ready kernel right away, or starts one)."""
        if self.busy():
            self.log.warning("Busy: %d kernels for visitors (cap %d), %d pages waiting (line %d)",
                             self.visitor_kernels(), self.max_kernels, self._waiting,
                             self.waiting_line)
            yield False
            return
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.render_slots)
        page = _Page()
        self._pages.add(page)
        self._waiting += 1
        try:
            async with self._slots:
                self._waiting -= 1
                page.waiting = False
                if self._pool_ready(notebook):  # its kernel is now a visitor's kernel
                    self._pages.discard(page)
                token = _PAGE.set(page)
                try:
                    yield True
                finally:
                    _PAGE.reset(token)
        finally:
            self._waiting -= page.waiting
            self._pages.discard(page)
            self._log_count()

    def _log_count(self) -> None:
        self.log.info("Kernels for visitors: %d of %d", self.visitor_kernels(), self.max_kernels)

    # -- kernels starting and ending ------------------------------------------------------------

    async def start_kernel(self, *, kernel_id: str | None = None, **kwargs) -> str:
        preheat = (kwargs.get("env") or {}).get("VOILA_PREHEAT") == "True"
        kernel_id = kernel_id or str(uuid.uuid4())
        page = _PAGE.get(None)
        if preheat:
            self._preheating.add(kernel_id)
        elif page is not None:  # the kernel of the page being prepared
            page.kernel_id = kernel_id
            self._pages.add(page)
        try:
            return await super().start_kernel(kernel_id=kernel_id, **kwargs)
        finally:
            self._preheating.discard(kernel_id)
            self._start_closed_page_check()

    def notify_disconnect(self, kernel_id: str) -> None:
        super().notify_disconnect(kernel_id)
        if self._kernel_connections.get(kernel_id) == 0:
            self._unconnected_since[kernel_id] = time.monotonic()

    def notify_connect(self, kernel_id: str) -> None:
        super().notify_connect(kernel_id)
        self._unconnected_since.pop(kernel_id, None)

    async def shutdown_kernel(self, kernel_id: str, *args, **kwargs):
        self._unconnected_since.pop(kernel_id, None)
        try:
            return await super().shutdown_kernel(kernel_id, *args, **kwargs)
        finally:
            self._log_count()

    # -- closed pages --------------------------------------------------------------------------

    def _start_closed_page_check(self) -> None:
        if self._closed_page_check is None:
            every = min(max(self.closed_page_seconds / 2, 0.5), 30.0)
            self._closed_page_check = PeriodicCallback(self.end_closed_pages, every * 1000)
            self._closed_page_check.start()

    def closed_pages(self, now: float | None = None) -> list[str]:
        """The visitors' kernels that have had no page connected, and run nothing, for
        :attr:`closed_page_seconds`. The clock starts when a check first sees a kernel so (or
        when its last page disconnects): a kernel in the pool has no page yet, and one starting
        or running its notebook is a page being prepared. A closed tab's live feed does not stop
        the clock: its messages come from the kernel, not from a page."""
        now = time.monotonic() if now is None else now
        pooled = self._pooled()
        gone = []
        for kernel_id in self.list_kernel_ids():
            if kernel_id in pooled:
                self._unconnected_since.pop(kernel_id, None)
                continue
            state = getattr(self._kernels.get(kernel_id), "execution_state", "idle")
            if self._kernel_connections.get(kernel_id, 0) > 0 or state != "idle":
                self._unconnected_since.pop(kernel_id, None)  # a page, or one being prepared
                continue
            since = self._unconnected_since.setdefault(kernel_id, now)
            if now - since >= self.closed_page_seconds:
                gone.append(kernel_id)
        return gone

    async def end_closed_pages(self) -> None:
        """Shut down the kernels of :meth:`closed_pages`."""
        for kernel_id in self.closed_pages():
            self.log.warning("Ending kernel %s: its page has had no connection for %.0f s (a "
                             "closed tab or a lost network).", kernel_id,
                             self.closed_page_seconds)
            try:
                await self.shutdown_kernel(kernel_id)
            except Exception:  # already gone, or failing to stop: the next check tries again
                self.log.exception("could not end kernel %s", kernel_id)


def busy_page(home: str = "/") -> str:
    """The page a visitor gets past the cap, in the current language: what happened, when to
    come back (it reloads itself after :data:`RETRY_SECONDS`), and the public showcase, which
    needs no kernel."""
    from h4og_kit.html.frame import html_open
    from h4og_kit.i18n import gettext as _

    title = escape(_("Busy: try again in a minute"))
    showcase = (f'<a href="{escape(home, quote=True)}">'
                f"{escape(_('the public showcase'))}</a>")
    meanwhile = escape(_("Meanwhile, {showcase} is open to everyone.")).replace(
        "{showcase}", showcase)
    return (
        f'{html_open()}<head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="refresh" content="{RETRY_SECONDS}">'
        f"<title>{title}</title>"
        "<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;"
        "padding:0 1rem;line-height:1.5}a{color:#0b5394}</style></head><body>"
        f"<h1>{title}</h1>"
        "<p>" + escape(_("Many people are using this app right now, and every page of it needs "
                         "a share of the server. This page tries again by itself in a minute."))
        + f"</p><p>{meanwhile}</p></body></html>\n")
