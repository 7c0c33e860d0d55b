"""Waiting before retries: capped Retry-After, backoff, the request deadline, and who hears of it.

- urllib3's ``Retry`` (:func:`retry_class`) retries connection failures, 429 and 5xx answers with
  exponential backoff, honouring ``Retry-After`` up to ``H4OG_RETRY_AFTER_MAX`` (60 s): a provider
  that asks for longer gets a :class:`~h4og_kit.errors.WaitTooLong` at once instead of a kernel
  asleep for an hour.
- One overall deadline, ``H4OG_REQUEST_DEADLINE`` (120 s), covers a request's retries and waits.
  The request in flight in this thread (:func:`request_in_flight`) carries its start time; the
  URL being sent (:func:`current_url`, each redirect hop) names it in errors and in the
  outbound-address guard's messages.
- While the kit waits it tells the listeners registered with :func:`on_wait`; progress bars
  register with :func:`show_waits` and say "waiting 60 s: the provider asked us to slow down".
  Waiting and telling time go through :data:`clock`, which tests replace.

Used by :mod:`h4og_kit.http`, which re-exports the names callers need.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from h4og_kit import config
from h4og_kit.errors import WaitTooLong
from h4og_kit.i18n import gettext as _

log = logging.getLogger("h4og_kit")


class Clock:
    """How the HTTP path tells time and waits before retries. Tests replace :data:`clock`."""

    def now(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


clock = Clock()


@dataclass(frozen=True)
class Wait:
    """A wait before a retry: how long, why (the status; ``asked`` when the provider's
    ``Retry-After`` set it) and for which host."""

    seconds: float
    status: int | None = None
    asked: bool = False
    host: str = ""

    @property
    def text(self) -> str:
        seconds = f"{self.seconds:.0f}" if self.seconds >= 1 else f"{self.seconds:.1f}"
        if self.asked:
            return _("waiting {seconds} s: the provider asked us to slow down").format(
                seconds=seconds)
        why = (f"HTTP {self.status}" if self.status and self.status != 200
               else _("a failed attempt"))
        return _("waiting {seconds} s before trying again ({why})").format(seconds=seconds,
                                                                             why=why)


# -- who hears about waits ------------------------------------------------------------------------

_wait_listeners: contextvars.ContextVar[tuple[Callable[[Wait | None], None], ...]] = (
    contextvars.ContextVar("h4og_wait_listeners", default=())
)


@contextlib.contextmanager
def on_wait(listener: Callable[[Wait | None], None]) -> Iterator[None]:
    """Within the block, call ``listener(Wait)`` when a request starts waiting before a retry and
    ``listener(None)`` when the wait is over. Threads see it when started through :func:`in_context`.
    """
    token = _wait_listeners.set(_wait_listeners.get() + (listener,))
    try:
        yield
    finally:
        _wait_listeners.reset(token)


def show_waits(bar) -> contextlib.AbstractContextManager:
    """:func:`on_wait` for a tqdm progress bar: its postfix says why it stands still."""

    def update(wait: Wait | None) -> None:
        bar.set_postfix_str(wait.text if wait else "", refresh=True)

    return on_wait(update)


def in_context(fn: Callable) -> Callable:
    """``fn`` to run in a copy of the caller's context, e.g. in a thread pool: its requests then
    tell the caller's wait listeners."""
    context = contextvars.copy_context()

    def run(*args: Any, **kwargs: Any) -> Any:
        return context.copy().run(fn, *args, **kwargs)

    return run


def _notify(wait: Wait | None) -> None:
    for listener in _wait_listeners.get():
        try:
            listener(wait)
        except Exception:  # a broken progress bar must not break a request
            log.debug("a wait listener failed", exc_info=True)


# -- the request in flight ------------------------------------------------------------------------


@dataclass(frozen=True)
class InFlight:
    """The request in flight in this thread: for errors, the deadline and the guard's messages."""

    source: str
    url: str
    started: float


_request: contextvars.ContextVar[InFlight | None] = contextvars.ContextVar("h4og_request",
                                                                           default=None)
_hop: contextvars.ContextVar[str | None] = contextvars.ContextVar("h4og_hop", default=None)


def current_request() -> InFlight | None:
    """The request this thread is making, with its retries (None outside a request)."""
    return _request.get()


@contextlib.contextmanager
def request_in_flight(source: str, url: str, *, only_if_none: bool = False) -> Iterator[InFlight]:
    """Within the block, ``source`` is fetching ``url``: its deadline runs from now. With
    ``only_if_none``, a request already in flight (a retry, a redirect hop) keeps its own."""
    now = _request.get()
    if only_if_none and now is not None:
        yield now
        return
    flight = InFlight(source, url, clock.now())
    token = _request.set(flight)
    try:
        yield flight
    finally:
        _request.reset(token)


@contextlib.contextmanager
def sending(url: str) -> Iterator[None]:
    """Within the block, ``url`` is the URL on the wire (the redirect hop, not only the first)."""
    token = _hop.set(url)
    try:
        yield
    finally:
        _hop.reset(token)


def current_url() -> str | None:
    """The URL this thread is sending right now (the redirect hop, not only the first URL)."""
    return _hop.get()


def _hop_host() -> str:
    return urlsplit(current_url() or "").hostname or ""


# -- waiting ---------------------------------------------------------------------------------------


def wait(seconds: float, status: int | None, asked: bool, host: str = "") -> None:
    """Wait before a retry, within ``H4OG_RETRY_AFTER_MAX`` and the request's deadline."""
    now = _request.get()
    source, url = (now.source, now.url) if now else (host or "http", None)
    cap = config.retry_after_max()
    if asked and seconds > cap:
        raise WaitTooLong(source, url, status, hint=_(
            "The provider asked us to wait {seconds} s before trying again; the kit waits at "
            "most {cap} s (H4OG_RETRY_AFTER_MAX). Try again later.").format(
                seconds=f"{seconds:.0f}", cap=f"{cap:g}"))
    seconds = max(0.0, min(seconds, cap))
    if now is not None:
        deadline = config.request_deadline()
        spent = clock.now() - now.started
        if spent + seconds > deadline:
            if asked:
                hint = _("The provider asked us to wait {seconds} s before trying again, which "
                         "would take this request past {deadline} s (H4OG_REQUEST_DEADLINE). "
                         "Try again later.").format(seconds=f"{seconds:.0f}",
                                                    deadline=f"{deadline:g}")
            else:
                hint = _("Gave up after {spent} s of retries: one request may take at most "
                         "{deadline} s (H4OG_REQUEST_DEADLINE). Try again later.").format(
                             spent=f"{spent:.0f}", deadline=f"{deadline:g}")
            raise WaitTooLong(source, url, status, hint=hint)
    if seconds <= 0:
        return
    _notify(Wait(seconds, status, asked, host))
    try:
        clock.sleep(seconds)
    finally:
        _notify(None)


def past_deadline(status: int | None, deadline: float | None = None) -> None:
    """Raise WaitTooLong when the request in flight has used up its deadline."""
    now = _request.get()
    if now is None:
        return
    deadline = config.request_deadline() if deadline is None else deadline
    spent = clock.now() - now.started
    if spent >= deadline:
        raise WaitTooLong(now.source, now.url, status, hint=(
            f"Gave up after {spent:.0f} s of retries: one request may take at most {deadline:g} s "
            "(H4OG_REQUEST_DEADLINE). Try again later."))


def time_left(deadline: float) -> float:
    """Seconds left before the request in flight passes ``deadline`` (the whole of it if none)."""
    now = _request.get()
    return deadline if now is None else deadline - (clock.now() - now.started)


def retry_class():
    """urllib3's Retry, waiting through :func:`wait`: Retry-After capped, backoff capped, the
    request's deadline kept, the wait announced to listeners."""
    from urllib3.util.retry import Retry

    class PatientRetry(Retry):
        def sleep_for_retry(self, response) -> bool:
            seconds = self.get_retry_after(response)
            if not seconds:
                return False
            wait(seconds, getattr(response, "status", None), True, _hop_host())
            return True

        def sleep(self, response=None) -> None:
            if self.respect_retry_after_header and response and self.sleep_for_retry(response):
                return
            status = getattr(response, "status", None)
            wait(self.get_backoff_time(), status, False, _hop_host())

        def increment(self, *args, **kwargs):
            new = super().increment(*args, **kwargs)
            response = kwargs.get("response")
            past_deadline(getattr(response, "status", None))
            return new

    return PatientRetry
