"""Checks for the values people type into the registry: URLs, time zones, language tags, plain text.

Every check returns the value unchanged (text is stored exactly as typed) or raises ``ValueError``
with a message meant for the person filling in the form.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

#: C0 control characters other than tab, newline and carriage return, DEL, and lone surrogates:
#: they cannot be stored in every database (PostgreSQL refuses NUL) nor shown to a person.
_FORBIDDEN_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")

# RFC 5646 language tags (without the grandfathered irregular tags such as "i-klingon").
_BCP47 = re.compile(
    r"""^(?:
        [a-z]{2,3}(?:-[a-z]{3}){0,3}                  # language (2-3 letters) and extlangs
        (?:-[a-z]{4})?                                   # script
        (?:-(?:[a-z]{2}|[0-9]{3}))?                      # region
        (?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*         # variants
        (?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*             # extensions
        (?:-x(?:-[a-z0-9]{1,8})+)?                       # private use
      | x(?:-[a-z0-9]{1,8})+                             # private use only
    )$""",
    re.VERBOSE | re.IGNORECASE,
)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$", re.IGNORECASE)

MAX_URL_LENGTH = 2000


def check_text(value: str) -> str:
    """Any Unicode text (right-to-left scripts, emoji ...) except control characters."""
    bad = _FORBIDDEN_CHARS.search(value)
    if bad:
        raise ValueError(
            f"contains the control character U+{ord(bad.group()):04X} at position {bad.start()}; "
            "remove it"
        )
    return value


def check_url(value: str) -> str:
    """An absolute http(s) URL with a valid host name, kept exactly as typed."""
    if len(value) > MAX_URL_LENGTH:
        raise ValueError(f"is longer than {MAX_URL_LENGTH} characters")
    if value != value.strip() or any(ch.isspace() for ch in value):
        raise ValueError("must not contain spaces")
    check_text(value)
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise ValueError(f"is not a valid URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError("must start with http:// or https://")
    host = parts.hostname or ""
    if not host:
        raise ValueError("has no host name (expected e.g. https://example.org/page)")
    if not _valid_host(host):
        raise ValueError(f"has an invalid host name {host!r}")
    return value


def _valid_host(host: str) -> bool:
    if host.startswith("[") or ":" in host:  # IPv6 literal (urlsplit strips the brackets)
        import ipaddress

        try:
            ipaddress.IPv6Address(host.strip("[]"))
        except ValueError:
            return False
        return True
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    labels = ascii_host.rstrip(".").split(".")
    return len(ascii_host) <= 253 and all(_HOST_LABEL.match(label) for label in labels)


@lru_cache(maxsize=1)
def time_zones() -> frozenset[str]:
    """The IANA time zone names known to this Python (from the system or the tzdata package)."""
    import zoneinfo

    return frozenset(zoneinfo.available_timezones())


def check_time_zone(value: str) -> str:
    """An IANA time zone name such as ``Europe/Helsinki`` or ``UTC``."""
    if value not in time_zones():
        raise ValueError(
            f"{value[:60]!r} is not an IANA time zone name (expected e.g. Europe/Helsinki, "
            "America/Bogota or UTC)"
        )
    return value


def check_language_tag(value: str) -> str:
    """A BCP 47 language tag such as ``fi``, ``sme``, ``pt-BR`` or ``zh-Hant-TW``."""
    if len(value) > 35 or not _BCP47.match(value):
        raise ValueError(
            f"{value[:40]!r} is not a BCP 47 language tag (expected e.g. en, fi, sme, pt-BR)"
        )
    return value


def primary_language(tag: str) -> str:
    """The primary language subtag, lower-cased: ``pt-BR`` -> ``pt``."""
    return tag.split("-", 1)[0].lower()


def check_email(value: str) -> str:
    """A plausible e-mail address (one @, a dot in the domain, no spaces)."""
    if len(value) > 254 or not _EMAIL.match(value):
        raise ValueError("is not an e-mail address (expected e.g. name@example.org)")
    return check_text(value)
