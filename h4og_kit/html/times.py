"""Times as a viewer reads them, in their language through Babel's CLDR data: a moment
("18 Nov 2025, 13:02 UTC", "18.11.2025 klo 13.02 UTC"), a day, and how long ago ("5 minutes
ago", "5 minuuttia sitten").

Times are stored in UTC (ISO 8601). Pages rendered once for every viewer (the public showcase)
show them in UTC and say so; each ``<time>`` carries its ``datetime`` so a page's script can
count "how long ago" again in the browser as time passes.
"""

from __future__ import annotations

from datetime import UTC, datetime

from h4og_kit.html.text import Html, esc
from h4og_kit.i18n import cldr_locale
from h4og_kit.i18n import gettext as _


def parse_time(iso: str | None) -> datetime | None:
    """An ISO 8601 time (``2025-11-18T13:02:11.123Z``) as an aware UTC datetime, or None."""
    if not iso:
        return None
    try:
        moment = datetime.fromisoformat(str(iso))
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def short_time(iso: str | None) -> str:
    """A moment in UTC, in the current language (``Nov 18, 2025, 13:02 UTC``); text that is not
    a time comes back as it is."""
    from babel import Locale
    from babel.dates import format_skeleton

    moment = parse_time(iso)
    if moment is None:
        return iso or ""
    locale = Locale.parse(cldr_locale())
    day = format_skeleton("yMMMd", moment, tzinfo=UTC, locale=locale)
    hour = format_skeleton("Hm", moment, tzinfo=UTC, locale=locale)
    pattern = str(locale.datetime_formats["medium"]).replace("'", "")  # "{1}, {0}"
    return _("{time} UTC").format(time=pattern.replace("{1}", day).replace("{0}", hour))


def short_date(iso: str | None) -> str:
    """The day of a moment (UTC), in the current language (``Nov 18, 2025``)."""
    from babel.dates import format_skeleton

    moment = parse_time(iso)
    if moment is None:
        return iso or ""
    return format_skeleton("yMMMd", moment, tzinfo=UTC, locale=cldr_locale())


def time_ago(iso: str | None, now: str | datetime | None = None) -> str:
    """How long before ``now`` (default: this moment) ``iso`` was, in the current language
    ("5 minutes ago"); a moment in the future says "in 5 minutes"."""
    from babel.dates import format_timedelta

    moment = parse_time(iso)
    if moment is None:
        return iso or ""
    reference = parse_time(now) if isinstance(now, str) else now
    reference = reference or datetime.now(UTC)
    return format_timedelta(moment - reference, add_direction=True, threshold=0.9,
                            locale=cldr_locale())


def time_tag(iso: str | None, now: str | datetime | None = None) -> Html:
    """``<time>`` of a moment: how long ago (before ``now``), the exact time in its tooltip, and
    its ``datetime`` for the page's script."""
    if parse_time(iso) is None:
        return Html(f"<time>{esc(iso)}</time>")
    return Html(f'<time datetime="{esc(iso)}" title="{esc(short_time(iso))}">'
                f"{esc(time_ago(iso, now))}</time>")
