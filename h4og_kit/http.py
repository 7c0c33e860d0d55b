"""The one HTTP path of the kit: one cached, polite, retrying, guarded session per source.

Every request to a GLAM API goes through :func:`session` and :func:`fetch`; nothing else in the
kit imports ``requests`` directly. This module owns the session and its transport; the policies
it applies live beside it, each in a module of its own:

- Responses are cached in one SQLite file per source under the cache directory (requests-cache),
  with a per-source expiry. Only good answers (HTTP 200) are kept; a body that turns out truncated
  or malformed is removed from the cache again and fetched again.
- Retries, capped ``Retry-After`` (``H4OG_RETRY_AFTER_MAX``), the request deadline
  (``H4OG_REQUEST_DEADLINE``) and the wait notices for progress bars: :mod:`h4og_kit.waits`.
  Every request also has a connect and a read timeout.
- A per-host politeness limit keeps at most ``connections`` requests in flight and at most ``rate``
  requests per second to one host. Cached answers do not count against it.
- Every request says who it is: ``h4og-kit/<version> (+project URL)``; Wikidata refuses anonymous
  clients.
- Failures reach the caller as :class:`SourceError` (:mod:`h4og_kit.errors`), naming the source,
  the URL without keys (:mod:`h4og_kit.redaction`), the status and a hint at what to do.
- The outbound-address guard (:mod:`h4og_kit.outbound`) refuses loopback, private, link-local and
  other non-public addresses unless local work opts in (``allow_private=True``,
  ``H4OG_ALLOW_PRIVATE_ADDRESSES=1``), and limits served dashboards to allowed hosts.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from h4og_kit import PROJECT_URL, __version__, config, outbound, waits
from h4og_kit.errors import (
    AddressRefused,
    NetworkUnavailable,
    RateLimited,
    SourceError,
    WaitTooLong,
    no_answer,
    status_hint,
)
from h4og_kit.redaction import (
    SECRET_HEADERS,
    SECRET_PARAM_NAMES,
    SECRET_PARAMS,
    redact,
    register_secret,
    registered_secrets,
    scrub,
)
from h4og_kit.waits import Clock, Wait, current_url, in_context, on_wait, show_waits

if TYPE_CHECKING:
    import requests

#: Errors, secrets and waits come from the modules that hold them (errors, redaction, waits).
__all__ = [
    "RETRY_STATUSES", "SECRET_HEADERS", "SECRET_PARAMS", "SECRET_PARAM_NAMES", "USER_AGENT",
    "AddressRefused", "Clock", "HostLimiter", "NetworkUnavailable", "Politeness", "RateLimited",
    "SourceError",
    "Wait", "WaitTooLong", "cache_key", "check_url", "clear_cache", "current_url", "fetch",
    "host_limiter", "in_context", "on_wait", "redact", "register_secret", "scrub", "session",
    "show_waits",
]

USER_AGENT = f"h4og-kit/{__version__} (+{PROJECT_URL})"

RETRY_STATUSES = (429, 500, 502, 503, 504)


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



def _adapter(politeness: Politeness, guard):
    """An HTTPAdapter with retries, default timeouts, the politeness limit and the address guard."""
    from requests.adapters import HTTPAdapter
    from requests.utils import select_proxy

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
            # A request made on the session directly, not through fetch, starts its deadline here.
            with (waits.request_in_flight(guard.source, request.url, only_if_none=True),
                  waits.sending(request.url)):
                if timeout is None:  # within the connect and read timeouts, and the deadline
                    deadline = config.request_deadline()
                    waits.past_deadline(None, deadline)
                    left = waits.time_left(deadline)
                    timeout = (min(politeness.connect_timeout, left),
                               min(politeness.read_timeout, left))
                host_limiter(urlsplit(request.url).netloc, politeness.rate).wait()
                return super().send(request, timeout=timeout, **kwargs)

    retry = waits.retry_class()(
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
    politeness = politeness or Politeness()
    cache_dir = config.settings().cache_dir / "http"
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
        new.h4og_guard = guard = outbound.Guard(source, bool(allow_private))
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
    outbound.Guard(source, allow_private).check_url(url)


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

    folder = config.settings().cache_dir
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
        for value in registered_secrets():
            content = content.replace(value.encode(), b"***")
        response._content = content
        return response

    return SerializerPipeline(
        [Stage(dumps=scrub_body, loads=lambda r: r), base_stage, Stage(pickle)],
        name="h4og-scrubbed-pickle",
        is_binary=True,
    )


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
    """GET (or POST) one resource and return its body as parsed JSON, text or bytes (``as_``:
    ``json``, ``text``, ``bytes``; ``page`` gives the JSON and the next page's address).

    Raises :class:`NetworkUnavailable` when the host cannot be reached, :class:`AddressRefused`
    when the outbound-address guard refuses the URL (``allow_private=True`` lets local work reach
    loopback and private addresses; a session passed as ``http`` keeps its own choice),
    :class:`WaitTooLong` when the provider asks for a longer wait than the kit allows,
    :class:`RateLimited` when the API's rate limit is spent, and
    :class:`SourceError` for every other failure once the retries are spent.
    """
    import requests

    politeness = politeness or Politeness()
    http = http or session(source, politeness, allow_private=allow_private)
    attempts = max(1, politeness.retries)
    broken = (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError,
              json.JSONDecodeError, UnicodeDecodeError)
    attempt = 0
    with waits.request_in_flight(source, url):
        while True:
            attempt += 1
            response = None
            try:
                response = http.request(method, url, params=params, data=data, headers=headers)
                if response.status_code in (403, 429) and _spent(response):
                    raise RateLimited(source, response.url or url, response.status_code,
                                      _reset(response), key_env)
                if response.status_code != 200:
                    raise SourceError(
                        source, response.url or url, response.status_code,
                        status_hint(response.status_code, key_env),
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
                waits.wait(min(politeness.backoff * attempt, 5), 200, False,
                           urlsplit(url).hostname or "")
            except requests.exceptions.RequestException as exc:
                raise no_answer(source, url, exc) from None


def _spent(response) -> bool:
    """Whether the answer says the rate limit is spent (GitHub, Forgejo: ``X-RateLimit-*``;
    GitLab: ``RateLimit-*``)."""
    headers = response.headers
    return (headers.get("X-RateLimit-Remaining") or headers.get("RateLimit-Remaining")) == "0"


def _reset(response) -> float | None:
    value = response.headers.get("X-RateLimit-Reset") or response.headers.get("RateLimit-Reset")
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _body(response, as_: str):
    """The response body; ValueError when it does not parse. ``page``: the JSON body and the
    address of the next page (the ``Link`` header's ``rel="next"``, or None)."""
    if as_ == "page":
        return json.loads(response.content), response.links.get("next", {}).get("url")
    if as_ == "bytes":
        return response.content
    if as_ == "text":
        return response.content.decode(response.encoding or "utf-8", errors="replace")
    return json.loads(response.content)


def _forget(http, response) -> None:
    cache = getattr(http, "cache", None)
    if cache is not None:
        cache.delete(requests=[response.request])
