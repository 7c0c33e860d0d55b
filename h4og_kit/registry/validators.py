"""Checks for the values people type into the registry: URLs, time zones, language tags, plain text,
visible text and dates.

Every check returns the value unchanged (text is stored exactly as typed; a date is returned in
UTC) or raises :class:`~h4og_kit.registry.field_messages.Invalid` (a ``ValueError``) with a
message meant for the person filling in the form, in their language, naming the field.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from functools import lru_cache
from urllib.parse import urlsplit

from h4og_kit.i18n import gettext as _
from h4og_kit.i18n import ngettext
from h4og_kit.registry.field_messages import Invalid

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

#: General categories that never show anything on their own: spaces and line/paragraph separators
#: (Zs, Zl, Zp), control and format characters (Cc, Cf: zero-width spaces and joiners, bidi marks,
#: embeddings and isolates, the word joiner, the byte order mark, tags ...), surrogates (Cs), and
#: combining marks (Mn, Mc, Me), which only show on a letter before them.
_INVISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Mn", "Mc", "Me"})

#: Unicode's Default_Ignorable_Code_Point ranges (DerivedCoreProperties.txt, Unicode 15), which
#: renderers show as nothing. Most are covered by the categories above; this also covers the Hangul
#: fillers (letters by category), and reserved code points kept ignorable for the future.
_DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)
#: Characters drawn as blank although their category says otherwise: the blank braille cell,
#: often used to make a name look empty.
_BLANK_SYMBOLS = frozenset({"\u2800"})

#: Workshop times must lie in these years (inclusive, in UTC). No hackathon workshop happens before
#: 1970 (the Unix epoch, before which some systems cannot convert times) or after 2100; the range
#: also catches typos such as 0025 or 3025, and keeps every time-zone conversion and calendar
#: export far away from the years 1 and 9999 where Python's dates end.
FIRST_YEAR = 1970
LAST_YEAR = 2100
_EARLIEST = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)
_AFTER_LATEST = datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC)


def check_text(value: str) -> str:
    """Any Unicode text (right-to-left scripts, emoji ...) except control characters."""
    bad = _FORBIDDEN_CHARS.search(value)
    if bad:
        raise Invalid(
            _("{field} contains the control character U+{code} at position {position}; "
              "remove it."), code=f"{ord(bad.group()):04X}", position=bad.start() + 1)
    return value


def is_visible(char: str) -> bool:
    """Whether the one character ``char`` shows something by itself (a letter, digit, punctuation,
    symbol, emoji ...). Unassigned and private-use code points count as visible: they may be
    newer emoji or a community's own characters, drawn by a newer font."""
    if unicodedata.category(char) in _INVISIBLE_CATEGORIES or char in _BLANK_SYMBOLS:
        return False
    code = ord(char)
    if (code & 0xFFFE) == 0xFFFE or 0xFDD0 <= code <= 0xFDEF:  # noncharacters
        return False
    return not any(low <= code <= high for low, high in _DEFAULT_IGNORABLE)


def check_visible(value: str) -> str:
    """Text with at least one visible character; otherwise returned unchanged, so invisible
    characters between visible ones (a right-to-left mark in an Arabic title, a zero-width joiner
    in an emoji) are kept as typed."""
    if not any(is_visible(ch) for ch in value):
        raise Invalid(_(
            "{field} must contain at least one visible character (a letter, digit or symbol); "
            "spaces and invisible characters alone do not count."))
    return value


def check_moment(value: datetime) -> datetime:
    """A date and time with a time zone, between the years :data:`FIRST_YEAR` and
    :data:`LAST_YEAR`; returned in UTC."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise Invalid(_("{field} needs a time zone, e.g. 2021-06-01T14:00:00Z or "
                        "…T16:00:00+02:00."))
    years = {"first": str(FIRST_YEAR), "last": str(LAST_YEAR)}  # years are not counts: no 2,100
    if not FIRST_YEAR <= value.year <= LAST_YEAR:  # checked before converting: that could overflow
        raise Invalid(_("{field} must be a date between {first} and {last} (got year {year})."),
                      year=str(value.year), **years)
    moment = value.astimezone(UTC)
    if not _EARLIEST <= moment < _AFTER_LATEST:  # e.g. 2100-12-31T23:00-05:00 is 2101 in UTC
        raise Invalid(_("{field} must be a date between {first} and {last} (got {moment} in "
                        "UTC)."), moment=f"{moment:%Y-%m-%d %H:%M}", **years)
    return moment


def check_url(value: str) -> str:
    """An absolute http(s) URL with a valid host name, kept exactly as typed."""
    if len(value) > MAX_URL_LENGTH:
        raise Invalid(ngettext("{field} can be at most {limit} character long (now {count}).",
                               "{field} can be at most {limit} characters long (now {count}).",
                               MAX_URL_LENGTH), limit=MAX_URL_LENGTH, count=len(value))
    if value != value.strip() or any(ch.isspace() for ch in value):
        raise Invalid(_("{field} must not contain spaces."))
    check_text(value)
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise Invalid(_("{field} is not a valid web address: check the port number after the "
                        "host name and any [brackets].")) from None
    if parts.scheme.lower() not in ("http", "https"):
        raise Invalid(_("{field} must start with http:// or https://."))
    host = parts.hostname or ""
    if not host:
        raise Invalid(_("{field} has no host name; write it as e.g. https://example.org/page."))
    if not _valid_host(host):
        raise Invalid(_("{field} has an invalid host name (“{host}”)."), host=host)
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


#: The areas of the IANA zone names that stand for a place (not ``Etc/``, ``US/`` and other
#: old aliases), in which a city names at most one zone.
_ZONE_AREAS = ("Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/",
               "Europe/", "Indian/", "Pacific/")


def _city_key(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).casefold()


@lru_cache(maxsize=1)
def _zone_of_city() -> dict[str, str]:
    """The zone of each city that names exactly one zone: ``helsinki`` -> ``Europe/Helsinki``."""
    found: dict[str, set[str]] = {}
    for name in time_zones():
        if name.startswith(_ZONE_AREAS):
            found.setdefault(_city_key(name.rpartition("/")[2]), set()).add(name)
    return {city: zones.pop() for city, zones in found.items() if len(zones) == 1}


def check_time_zone(value: str) -> str:
    """An IANA time zone name such as ``Europe/Helsinki`` or ``UTC``. A city that names exactly
    one zone in the IANA database (``Helsinki``, ``new york``) stands for that zone."""
    if value in time_zones():
        return value
    if "/" not in value and (zone := _zone_of_city().get(_city_key(value))):
        return zone
    raise Invalid(_("{field} is not an IANA time zone name (“{value}”); write one such as "
                    "Europe/Helsinki, America/Bogota or UTC."), value=value[:60])


def check_language_tag(value: str) -> str:
    """A BCP 47 language tag such as ``fi``, ``sme``, ``pt-BR`` or ``zh-Hant-TW``."""
    if len(value) > 35 or not _BCP47.match(value):
        raise Invalid(_("{field} is not a language tag (“{value}”); write one such as en, fi, "
                        "sme or pt-BR."), value=value[:40])
    return value


def primary_language(tag: str) -> str:
    """The primary language subtag, lower-cased: ``pt-BR`` -> ``pt``."""
    return tag.split("-", 1)[0].lower()


def check_email(value: str) -> str:
    """A plausible e-mail address (one @, a dot in the domain, no spaces)."""
    if len(value) > 254 or not _EMAIL.match(value):
        raise Invalid(_("{field} is not an e-mail address; write one such as "
                        "name@example.org."))
    return check_text(value)
