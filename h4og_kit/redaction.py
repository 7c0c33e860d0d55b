"""Secrets out of sight: API keys and tokens never reach an error, a log, a notice or the cache.

A key the kit reads (from the environment, `.env`, an input widget) is registered with
:func:`register_secret`; :func:`scrub` then replaces it, and every secret URL parameter
(``api_key=``, ``wskey=``...), by ``***`` in any text. The loggers of the kit and of urllib3 (whose
retry warnings quote full URLs) pass their messages through :func:`scrub`. :func:`redact` removes
secret parameters from a URL for errors and notices.

This module imports nothing of the kit, so settings, errors and the HTTP path can all use it.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

#: Query parameters and headers that carry secrets: never in an error, a log, a notice or the cache.
SECRET_PARAM_NAMES = ("api_key", "apikey", "wskey", "key", "token", "access_token")
SECRET_HEADERS = ("Authorization", "X-Api-Key")
SECRET_PARAMS = re.compile(rf"^({'|'.join(SECRET_PARAM_NAMES)})$", re.IGNORECASE)

_secrets: set[str] = set()


def register_secret(value: str | None) -> None:
    """Remember a key or token so that logs and caches never show it (see :func:`scrub`)."""
    if value and len(value) >= 4:
        _secrets.add(value)


def registered_secrets() -> frozenset[str]:
    """Every value registered so far (for scrubbing response bodies before they are cached)."""
    return frozenset(_secrets)


def scrub(text: str) -> str:
    """``text`` with every registered secret and every secret URL parameter replaced by ``***``."""
    for value in _secrets:
        text = text.replace(value, "***")
    return re.sub(r"((?:api_?key|wskey|access_token|token|apikey)=)[^&\s'\"]+", r"\1***", text,
                  flags=re.IGNORECASE)


def redact(url: str) -> str:
    """The URL with secret query parameters (API keys, tokens) replaced by ``***``."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    query = [(k, "***" if SECRET_PARAMS.match(k) else v) for k, v in parse_qsl(parts.query, True)]
    return urlunsplit(parts._replace(query=urlencode(query, safe="*")))


class _ScrubSecrets(logging.Filter):
    """Log filter: urllib3's retry warnings quote full URLs, keys included."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = scrub(record.getMessage()), ()
        return True


for _name in ("urllib3.connectionpool", "urllib3.util.retry", "h4og_kit"):
    _logger = logging.getLogger(_name)
    if not any(isinstance(f, _ScrubSecrets) for f in _logger.filters):
        _logger.addFilter(_ScrubSecrets())
