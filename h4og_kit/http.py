"""The one HTTP path of the kit: cache, retries, capped Retry-After, timeouts, politeness, errors.

Every request to a GLAM API goes through :func:`session` and :func:`fetch`; nothing else in the
kit imports ``requests`` directly.

- Responses are cached in one SQLite file per source under the cache directory (requests-cache),
  with a per-source expiry. Only good answers (HTTP 200) are kept; a body that turns out truncated
  or malformed is removed from the cache again.
- urllib3's ``Retry`` retries connection failures, 429 and 5xx answers with exponential backoff,
  honouring ``Retry-After`` up to ``H4OG_RETRY_AFTER_MAX`` (60 s): a provider that asks for longer
  gets a :class:`WaitTooLong` error at once instead of a kernel asleep for an hour. A body cut off
  in transfer is fetched again, too.
- Every request has a connect and a read timeout, and one overall deadline,
  ``H4OG_REQUEST_DEADLINE`` (120 s), that covers its retries and waits.
- While the kit waits before a retry it tells the listeners registered with :func:`on_wait`;
  progress bars register with :func:`show_waits` and say "waiting 60 s: the provider asked us to
  slow down". Waiting and telling time go through :data:`clock`, which tests replace.
- A per-host politeness limit keeps at most ``connections`` requests in flight and at most ``rate``
  requests per second to one host. Cached answers do not count against it.
- Every request says who it is: ``h4og-kit/<version> (+project URL)``; Wikidata refuses anonymous
  clients.
- Failures reach the caller as :class:`SourceError`, naming the source, the URL without keys,
  the status and a hint at what to do.
- The outbound-address guard (:mod:`h4og_kit.outbound`) refuses loopback, private, link-local and
  other non-public addresses unless local work opts in (``allow_private=True``,
  ``H4OG_ALLOW_PRIVATE_ADDRESSES=1``), and limits served dashboards to allowed hosts.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from h4og_kit import PROJECT_URL, __version__

if TYPE_CHECKING:
    import requests

log = logging.getLogger("h4og_kit")

USER_AGENT = f"h4og-kit/{__version__} (+{PROJECT_URL})"

#: Query parameters and headers that carry secrets: never in an error, a log, a notice or the cache.
SECRET_PARAM_NAMES = ("api_key", "apikey", "wskey", "key", "token", "access_token")
SECRET_HEADERS = ("Authorization", "X-Api-Key")
SECRET_PARAMS = re.compile(rf"^({'|'.join(SECRET_PARAM_NAMES)})$", re.IGNORECASE)

RETRY_STATUSES = (429, 500, 502, 503, 504)

_secrets: set[str] = set()


def register_secret(value: str | None) -> None:
    """Remember a key or token so that logs and caches never show it (see :func:`scrub`)."""
    if value and len(value) >= 4:
        _secrets.add(value)


def scrub(text: str) -> str:
    """``text`` with every registered secret and every secret URL parameter replaced by ``***``."""
    for value in _secrets:
        text = text.replace(value, "***")
    return re.sub(r"((?:api_?key|wskey|access_token|token|apikey)=)[^&\s'\"]+", r"\1***", text,
                  flags=re.IGNORECASE)


class _ScrubSecrets(logging.Filter):
    """Log filter: urllib3's retry warnings quote full URLs, keys included."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = scrub(record.getMessage()), ()
        return True


for _name in ("urllib3.connectionpool", "urllib3.util.retry", "h4og_kit"):
    logging.getLogger(_name).addFilter(_ScrubSecrets())


@dataclass(frozen=True)
class Politeness:
    """How hard the kit may press one host: concurrent connections, requests per second, cache life."""

    connections: int = 4
    rate: float = 10.0
    expire_after: float = 7 * 24 * 3600
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    retries: int = 5
    backoff: float = 0.5


class SourceError(RuntimeError):
    """A source could not answer. Says which source, which URL (keys removed), the status and a hint."""

    def __init__(self, source: str, url: str | None, status: int | None = None, hint: str = ""):
        self.source = source
        self.url = redact(url) if url else None
        self.status = status
        self.hint = hint
        what = f"HTTP {status}" if status else "no usable answer"
        where = f" from {self.url}" if self.url else ""
        super().__init__(f"{source}: {what}{where}. {hint}".strip())


class NetworkUnavailable(SourceError):
    """The host could not be reached at all: no network, DNS failure, connection refused."""


class AddressRefused(SourceError):
    """The outbound-address guard refused a URL (see :mod:`h4og_kit.outbound`); nothing was sent.

    Not a :class:`NetworkUnavailable`: a refusal never falls back to the bundled samples.
    """

    def __init__(self, source: str, url: str | None, reason: str, hint: str):
        self.source = source
        self.url = redact(url) if url else None
        self.status = None
        self.reason = reason
        self.hint = hint
        RuntimeError.__init__(self, f"{source}: refused to fetch {self.url}: {reason}. {hint}")


class WaitTooLong(SourceError):
    """The provider asked for a longer wait than ``H4OG_RETRY_AFTER_MAX``, or the retries would
    pass ``H4OG_REQUEST_DEADLINE``: the kit gives up at once rather than hang."""


# -- time, waits and who hears about them ---------------------------------------------------------


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
            return f"waiting {seconds} s: the provider asked us to slow down"
        why = f"HTTP {self.status}" if self.status and self.status != 200 else "a failed attempt"
        return f"waiting {seconds} s before trying again ({why})"


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


@dataclass(frozen=True)
class _Request:
    """The request in flight in this thread: for errors, the deadline and the guard's messages."""

    source: str
    url: str
    started: float


_request: contextvars.ContextVar[_Request | None] = contextvars.ContextVar("h4og_request",
                                                                           default=None)
_hop: contextvars.ContextVar[str | None] = contextvars.ContextVar("h4og_hop", default=None)


def current_url() -> str | None:
    """The URL this thread is sending right now (the redirect hop, not only the first URL)."""
    return _hop.get()


def _wait(seconds: float, status: int | None, asked: bool, host: str = "") -> None:
    """Wait before a retry, within ``H4OG_RETRY_AFTER_MAX`` and the request's deadline."""
    from h4og_kit import config

    now = _request.get()
    source, url = (now.source, now.url) if now else (host or "http", None)
    cap = config.retry_after_max()
    if asked and seconds > cap:
        raise WaitTooLong(source, url, status, hint=(
            f"The provider asked us to wait {seconds:.0f} s before trying again; the kit waits at "
            f"most {cap:g} s (H4OG_RETRY_AFTER_MAX). Try again later."))
    seconds = max(0.0, min(seconds, cap))
    if now is not None:
        deadline = config.request_deadline()
        spent = clock.now() - now.started
        if spent + seconds > deadline:
            if asked:
                hint = (f"The provider asked us to wait {seconds:.0f} s before trying again, which "
                        f"would take this request past {deadline:g} s (H4OG_REQUEST_DEADLINE). "
                        "Try again later.")
            else:
                hint = (f"Gave up after {spent:.0f} s of retries: one request may take at most "
                        f"{deadline:g} s (H4OG_REQUEST_DEADLINE). Try again later.")
            raise WaitTooLong(source, url, status, hint=hint)
    if seconds <= 0:
        return
    _notify(Wait(seconds, status, asked, host))
    try:
        clock.sleep(seconds)
    finally:
        _notify(None)


def _past_deadline(status: int | None, deadline: float | None = None) -> None:
    """Raise WaitTooLong when the request in flight has used up its deadline."""
    from h4og_kit import config

    now = _request.get()
    if now is None:
        return
    deadline = config.request_deadline() if deadline is None else deadline
    spent = clock.now() - now.started
    if spent >= deadline:
        raise WaitTooLong(now.source, now.url, status, hint=(
            f"Gave up after {spent:.0f} s of retries: one request may take at most {deadline:g} s "
            "(H4OG_REQUEST_DEADLINE). Try again later."))


def redact(url: str) -> str:
    """The URL with secret query parameters (API keys, tokens) replaced by ``***``."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    query = [(k, "***" if SECRET_PARAMS.match(k) else v) for k, v in parse_qsl(parts.query, True)]
    return urlunsplit(parts._replace(query=urlencode(query, safe="*")))


class HostLimiter:
    """Spaces request starts to one host at least ``1/rate`` seconds apart, across threads."""

    def __init__(self, rate: float):
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        if not self.interval:
            return
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            time.sleep(start - now)


_limiters: dict[str, HostLimiter] = {}
_limiters_lock = threading.Lock()


def host_limiter(host: str, rate: float) -> HostLimiter:
    """The one limiter per host in this process (the strictest rate asked for wins)."""
    with _limiters_lock:
        limiter = _limiters.get(host)
        if limiter is None or (rate > 0 and limiter.interval < 1.0 / rate):
            limiter = _limiters[host] = HostLimiter(rate)
        return limiter


def _retry_class():
    """urllib3's Retry, waiting through :func:`_wait`: Retry-After capped, backoff capped, the
    request's deadline kept, the wait announced to listeners."""
    from urllib3.util.retry import Retry

    class PatientRetry(Retry):
        def sleep_for_retry(self, response) -> bool:
            seconds = self.get_retry_after(response)
            if not seconds:
                return False
            _wait(seconds, getattr(response, "status", None), True, _hop_host())
            return True

        def sleep(self, response=None) -> None:
            if self.respect_retry_after_header and response and self.sleep_for_retry(response):
                return
            status = getattr(response, "status", None)
            _wait(self.get_backoff_time(), status, False, _hop_host())

        def increment(self, *args, **kwargs):
            new = super().increment(*args, **kwargs)
            response = kwargs.get("response")
            _past_deadline(getattr(response, "status", None))
            return new

    return PatientRetry


def _hop_host() -> str:
    return urlsplit(current_url() or "").hostname or ""


def _adapter(politeness: Politeness, guard):
    """An HTTPAdapter with retries, default timeouts, the politeness limit and the address guard."""
    from requests.adapters import HTTPAdapter
    from requests.utils import select_proxy

    from h4og_kit import config, outbound

    class PoliteAdapter(HTTPAdapter):
        def init_poolmanager(self, *args, **kwargs):
            super().init_poolmanager(*args, **kwargs)
            # Direct connections check the peer they reached; proxy managers keep urllib3's own
            # pools (their peer is the proxy) and the target name is checked in send.
            self.poolmanager.pool_classes_by_scheme = outbound.pool_classes(guard)

        def send(self, request, timeout=None, **kwargs):
            guard.check_url(request.url)
            if select_proxy(request.url, kwargs.get("proxies")):
                guard.check_resolved(request.url)
            now, token = _request.get(), None
            if now is None:  # a request made on the session directly, not through fetch
                now = _Request(guard.source, request.url, clock.now())
                token = _request.set(now)
            hop = _hop.set(request.url)
            try:
                if timeout is None:  # within the connect and read timeouts, and the deadline
                    deadline = config.request_deadline()
                    _past_deadline(None, deadline)
                    left = deadline - (clock.now() - now.started)
                    timeout = (min(politeness.connect_timeout, left),
                               min(politeness.read_timeout, left))
                host_limiter(urlsplit(request.url).netloc, politeness.rate).wait()
                return super().send(request, timeout=timeout, **kwargs)
            finally:
                _hop.reset(hop)
                if token is not None:
                    _request.reset(token)

    retry = _retry_class()(
        total=politeness.retries,
        connect=min(2, politeness.retries),
        read=politeness.retries,
        status=politeness.retries,
        other=politeness.retries,
        backoff_factor=politeness.backoff,
        backoff_max=30,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=None,
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    return PoliteAdapter(
        max_retries=retry,
        pool_connections=politeness.connections,
        pool_maxsize=politeness.connections,
        pool_block=True,
    )


_session_classes: dict[type, type] = {}


def _guarded(base: type) -> type:
    """``base`` (a requests or requests-cache session class) checking every URL it sends, each
    redirect hop included, before the cache is asked: a cached answer is no way around the guard."""
    if base not in _session_classes:

        def send(self, request, **kwargs):
            self.h4og_guard.check_url(request.url)
            return super(guarded, self).send(request, **kwargs)

        guarded = type(f"Guarded{base.__name__}", (base,), {"send": send})
        _session_classes[base] = guarded
    return _session_classes[base]


_sessions: dict[tuple, requests.Session] = {}
_sessions_lock = threading.Lock()


def session(source: str, politeness: Politeness | None = None, cache: bool = True, *,
            allow_private: bool = False) -> requests.Session:
    """The shared session for one source: cached, polite, retrying, identified, guarded.

    Sessions are reused within the process (one connection pool per source and cache directory).
    ``allow_private=True`` lets local work reach loopback and private-network addresses (ignored
    in served dashboards; see :mod:`h4og_kit.outbound`).
    """
    from h4og_kit.config import settings
    from h4og_kit.outbound import Guard

    politeness = politeness or Politeness()
    cache_dir = settings().cache_dir / "http"
    key = (source, politeness, str(cache_dir) if cache else None, bool(allow_private))
    with _sessions_lock:
        existing = _sessions.get(key)
        if existing is not None:
            return existing
        if cache:
            from requests_cache import CachedSession

            cache_dir.mkdir(parents=True, exist_ok=True)
            new = _guarded(CachedSession)(
                str(cache_dir / f"{source}.sqlite"),
                backend="sqlite",
                serializer=_scrubbing_serializer(),
                ignored_parameters=SECRET_HEADERS + SECRET_PARAM_NAMES,
                key_fn=cache_key,
                expire_after=politeness.expire_after,
                allowable_codes=(200,),
                stale_if_error=False,
                wal=True,
                fast_save=True,
            )
        else:
            import requests

            new = _guarded(requests.Session)()
        new.h4og_guard = guard = Guard(source, bool(allow_private))
        new.headers["User-Agent"] = USER_AGENT
        _read_environment_once(new)
        adapter = _adapter(politeness, guard)
        new.mount("http://", adapter)
        new.mount("https://", adapter)
        _sessions[key] = new
        return new


def check_url(source: str, url: str, *, allow_private: bool = False) -> None:
    """Raise :class:`AddressRefused` when the outbound-address guard would refuse ``url`` before
    connecting (see :mod:`h4og_kit.outbound`): for answers kept outside the HTTP cache."""
    from h4og_kit.outbound import Guard

    Guard(source, allow_private).check_url(url)


def cache_key(request, **_: Any) -> str:
    """The cache key of a request: method, URL without secret parameters, and body.

    Simpler and much cheaper than requests-cache's default, which normalizes every URL; the kit
    builds its URLs the same way each time, so nothing is lost.
    """
    import hashlib

    parts = urlsplit(request.url)
    query = sorted((k, v) for k, v in parse_qsl(parts.query, True) if not SECRET_PARAMS.match(k))
    body = request.body or b""
    text = f"{request.method} {parts.scheme}://{parts.netloc}{parts.path}?{urlencode(query)}"
    return hashlib.sha256(text.encode() + b"\0" + (body if isinstance(body, bytes) else body.encode())).hexdigest()[:32]


def clear_cache() -> int:
    """Forget every cached answer (HTTP and page caches); return how many cache files were emptied.

    Sessions in use keep working: their caches are emptied in place, other cache files removed.
    """
    from pathlib import Path

    from h4og_kit.config import settings

    folder = settings().cache_dir
    in_use = set()
    with _sessions_lock:
        for open_session in _sessions.values():
            cache = getattr(open_session, "cache", None)
            if cache is not None:
                cache.clear()
                in_use.add(Path(cache.db_path).resolve())
    files = [p for p in folder.glob("http/*.sqlite") if p.resolve() not in in_use]
    files += list(folder.glob("pages.sqlite"))
    for path in files:
        for part in (path, *path.parent.glob(f"{path.name}-*")):  # with its -wal and -shm files
            part.unlink(missing_ok=True)
    return len(files) + len(in_use)


def _read_environment_once(client: requests.Session) -> None:
    """Take proxy and CA settings from the environment once, not on every request.

    requests re-reads the whole environment for proxies on each request, which costs more than a
    cached answer. Where no proxy is configured, nothing is lost by reading it once.
    """
    import os
    import urllib.request

    if urllib.request.getproxies():
        return  # proxies (and no_proxy rules) configured: let requests apply them per request
    client.trust_env = False
    bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
    if bundle:
        client.verify = bundle


def _scrubbing_serializer():
    """requests-cache's pickle pipeline, with secrets echoed in response bodies replaced first."""
    import pickle

    from requests_cache.serializers import SerializerPipeline, Stage
    from requests_cache.serializers.preconf import base_stage

    def scrub_body(response):
        content = response._content or b""
        for value in _secrets:
            content = content.replace(value.encode(), b"***")
        response._content = content
        return response

    return SerializerPipeline(
        [Stage(dumps=scrub_body, loads=lambda r: r), base_stage, Stage(pickle)],
        name="h4og-scrubbed-pickle",
        is_binary=True,
    )


def _status_hint(status: int, key_env: str | None) -> str:
    if status in (401, 403):
        if key_env:
            return f"The API refused the key: check {key_env} (in your environment or .env)."
        return "The API refused access to this resource."
    if status == 404:
        return "Nothing was found at this address: check the identifier or the endpoint URL."
    if status == 429:
        return "The API is rate-limiting us even after waiting: try again later or ask for less."
    if status >= 500:
        return "The provider has trouble right now: try again later, or work offline with H4OG_OFFLINE=1."
    return "The API did not accept the request: check the query and filters."


def fetch(
    source: str,
    url: str,
    params: dict[str, Any] | None = None,
    *,
    as_: str = "json",
    politeness: Politeness | None = None,
    key_env: str | None = None,
    http: requests.Session | None = None,
    method: str = "GET",
    data: Any = None,
    headers: dict[str, str] | None = None,
    allow_private: bool = False,
) -> Any:
    """GET (or POST) one resource and return its body as parsed JSON, text or bytes.

    Raises :class:`NetworkUnavailable` when the host cannot be reached, :class:`AddressRefused`
    when the outbound-address guard refuses the URL (``allow_private=True`` lets local work reach
    loopback and private addresses; a session passed as ``http`` keeps its own choice),
    :class:`WaitTooLong` when the provider asks for a longer wait than the kit allows, and
    :class:`SourceError` for every other failure once the retries are spent.
    """
    import requests

    politeness = politeness or Politeness()
    http = http or session(source, politeness, allow_private=allow_private)
    attempts = max(1, politeness.retries)
    broken = (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError,
              json.JSONDecodeError, UnicodeDecodeError)
    attempt = 0
    token = _request.set(_Request(source, url, clock.now()))
    try:
        while True:
            attempt += 1
            response = None
            try:
                response = http.request(method, url, params=params, data=data, headers=headers)
                if response.status_code != 200:
                    raise SourceError(
                        source, response.url or url, response.status_code,
                        _status_hint(response.status_code, key_env),
                    )
                return _body(response, as_)
            except broken:
                # A body cut off in transfer or garbled: forget it and ask again.
                if response is not None:
                    _forget(http, response)
                if attempt >= attempts:
                    raise SourceError(
                        source, getattr(response, "url", None) or url, 200,
                        f"The answer was truncated or not valid {'JSON' if as_ == 'json' else 'text'}: "
                        "try again later.",
                    ) from None
                _wait(min(politeness.backoff * attempt, 5), 200, False, urlsplit(url).hostname or "")
            except requests.exceptions.RequestException as exc:
                raise _failure(source, url, exc) from None
    finally:
        _request.reset(token)


def _body(response, as_: str):
    """The response body; ValueError when it does not parse."""
    if as_ == "bytes":
        return response.content
    if as_ == "text":
        return response.content.decode(response.encoding or "utf-8", errors="replace")
    return json.loads(response.content)


def _forget(http, response) -> None:
    cache = getattr(http, "cache", None)
    if cache is not None:
        cache.delete(requests=[response.request])


UNREACHABLE_MARKERS = (
    "NameResolution",
    "Failed to resolve",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "No route to host",
    "Connection refused",
    "ConnectTimeout",
    "nodename nor servname",
)


def _failure(source: str, url: str, exc: Exception) -> SourceError:
    """The SourceError for a request that got no answer, after urllib3's retries."""
    text = repr(exc)
    if any(m in text for m in UNREACHABLE_MARKERS):
        return NetworkUnavailable(source, url, hint="The host could not be reached: is the network up?")
    if "ReadTimeout" in text or "timed out" in text:
        return SourceError(
            source, url, hint="The API did not answer in time: try again later or ask for less."
        )
    reason = "reset by the server" if "reset" in text.lower() else exc.__class__.__name__
    return SourceError(
        source, url, hint=f"The connection kept failing ({reason}): try again later."
    )
