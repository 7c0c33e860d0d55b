"""The event programme: workshops from the registry and weekly meetups, in any time zone, as iCalendar.

Workshops are the registry's published workshop entries that have a start time (stored in UTC).
Weekly meetups are a small organizer file, ``<data dir>/meetups.json`` (``H4OG_DATA_DIR``), or
any file passed to :func:`load_meetups`, shaped like the bundled demo
``h4og_kit/data/schedule/demo-meetups.json``::

    {"meetups": [{"title": "...", "weekday": "Tuesday", "time": "15:00",
                  "time_zone": "Europe/Helsinki", "minutes": 60,
                  "first": "2025-10-07", "last": "2025-11-25", "summary": "...", "url": null}]}

A meetup happens at its local time in its own time zone every week from ``first`` to ``last``, so
daylight-saving changes move it in UTC, as they would for the people hosting it.
:func:`to_ics` writes events as an RFC 5545 calendar (every time in UTC), the whole programme
or one event; :func:`timing` says which events are past, happening now and next.

Every event lies between the years 1970 and 2100 (the registry's range for workshop times, see
:data:`h4og_kit.registry.validators.FIRST_YEAR`), so showing it in any time zone or exporting it
never overflows Python's dates. A workshop whose stored time is unreadable or out of that range
(written before the registry checked the range) is left out of the programme with a warning in
the log; a meetups file with dates out of the range is refused with a message.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from statistics import median
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from h4og_kit.registry.validators import FIRST_YEAR, LAST_YEAR, check_moment

if TYPE_CHECKING:
    from h4og_kit.registry import Registry

log = logging.getLogger("h4og_kit")
DEMO_MEETUPS = Path(__file__).resolve().parent / "data" / "schedule" / "demo-meetups.json"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Event:
    """One session of the programme; ``start`` and ``end`` are aware datetimes in UTC."""

    title: str
    start: datetime
    end: datetime | None
    kind: str
    uid: str
    summary: str = ""
    url: str | None = None
    language: str | None = None
    level: str | None = None

    def __post_init__(self) -> None:
        # every event is in UTC and between 1970 and 2100: no conversion can overflow
        for name in ("start", "end"):
            value = getattr(self, name)
            if value is not None:
                try:
                    object.__setattr__(self, name, check_moment(value))
                except ValueError as exc:
                    raise ValueError(f"{self.title!r}: {name} {exc}") from None

    def local(self, zone: str) -> tuple[datetime, datetime | None]:
        """Start and end in the IANA time zone ``zone``."""
        tz = ZoneInfo(zone)
        return self.start.astimezone(tz), self.end.astimezone(tz) if self.end else None


def _utc(value: Any) -> datetime | None:
    """A stored time (ISO 8601; UTC when it has no zone) in UTC; ValueError when it is unreadable
    or out of range."""
    if not value:
        return None
    moment = datetime.fromisoformat(str(value))
    return check_moment(moment if moment.tzinfo else moment.replace(tzinfo=UTC))


def workshops(registry: Registry) -> list[Event]:
    """The published workshops that have a (readable, in range) start time."""
    events = []
    for entry in registry.search(kind="workshop", status="published", limit=None):
        try:
            start = _utc(entry.fields.get("start"))
            end = _utc(entry.fields.get("end"))
        except ValueError as exc:
            log.warning("schedule: workshop %s left out: its time cannot be used (%s)",
                        entry.id, exc)
            continue
        if start is None:
            continue
        links = entry.fields.get("links") or {}
        events.append(Event(
            title=entry.fields["title"], start=start, end=end,
            kind="workshop", uid=f"{entry.id}@h4og-kit", summary=entry.fields.get("summary", ""),
            url=links.get("homepage") or links.get("chat"), language=entry.fields.get("language"),
            level=entry.fields.get("level"),
        ))
    return events


def load_meetups(path: str | Path | None = None) -> list[dict[str, Any]]:
    """The weekly meetup series in ``path``, else in ``<data dir>/meetups.json``, else none."""
    if path is None:
        from h4og_kit.config import settings

        path = settings().data_dir / "meetups.json"
        if not path.is_file():
            return []
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    series = document.get("meetups")
    if not isinstance(series, list):
        raise TypeError(f"{path}: expected a list under 'meetups'")
    for i, item in enumerate(series):
        missing = [k for k in ("title", "weekday", "time", "time_zone", "first", "last")
                   if not item.get(k)]
        if missing:
            raise ValueError(f"{path}: meetup {i} lacks {', '.join(missing)}")
        if str(item["weekday"]).lower() not in WEEKDAYS:
            raise ValueError(f"{path}: meetup {i}: weekday {item['weekday']!r} is not a day name")
        ZoneInfo(item["time_zone"])  # raises on an unknown zone
        try:
            _meetup_dates(item)
        except ValueError as exc:
            raise ValueError(f"{path}: meetup {i}: {exc}") from None
    return series


def _meetup_dates(item: dict[str, Any]) -> tuple[date, date]:
    """A meetup series' ``first`` and ``last`` dates, both between 1970 and 2100."""
    days = []
    for name in ("first", "last"):
        try:
            day = date.fromisoformat(str(item[name]))
        except ValueError:
            raise ValueError(f"{name} {item[name]!r} is not a date such as 2025-10-07") from None
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise ValueError(f"{name} must be a date between {FIRST_YEAR} and {LAST_YEAR} "
                             f"(got year {day.year})")
        days.append(day)
    return days[0], days[1]


def meetup_events(series: Iterable[dict[str, Any]]) -> list[Event]:
    """Every occurrence of each weekly meetup series, from its first to its last date."""
    events = []
    for item in series:
        zone = ZoneInfo(item["time_zone"])
        weekday = WEEKDAYS.index(str(item["weekday"]).lower())
        at = time.fromisoformat(item["time"])
        day, last = _meetup_dates(item)
        day += timedelta(days=(weekday - day.weekday()) % 7)
        length = timedelta(minutes=int(item.get("minutes", 60)))
        slug = re.sub(r"[^a-z0-9]+", "-", item["title"].lower()).strip("-")
        while day <= last:
            start = datetime.combine(day, at, zone).astimezone(UTC)
            events.append(Event(
                title=item["title"], start=start, end=start + length, kind="meetup",
                uid=f"{slug}-{day.isoformat()}@h4og-kit", summary=item.get("summary", ""),
                url=item.get("url"), language=item.get("language"),
            ))
            day += timedelta(days=7)
    return events


def programme(registry: Registry, meetups: Iterable[dict[str, Any]] = ()) -> list[Event]:
    """Workshops and meetup occurrences, in time order."""
    return sorted([*workshops(registry), *meetup_events(meetups)], key=lambda e: (e.start, e.title))


#: How long an event without an end counts as happening once it has started.
OPEN_ENDED = timedelta(hours=1)


def timing(events: Iterable[Event], now: datetime | None = None) -> list[str]:
    """Where each of ``events`` (in time order) stands at ``now`` (default: now): ``"past"``
    once it has ended, ``"now"`` while it happens, ``"next"`` for the first upcoming start (every
    event starting then), else ``"later"``. An event without an end counts as happening for
    :data:`OPEN_ENDED` after its start."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    events = list(events)
    upcoming = [e.start for e in events if e.start > now]
    first = min(upcoming, default=None)
    states = []
    for event in events:
        end = event.end or event.start + OPEN_ENDED
        if end <= now:
            states.append("past")
        elif event.start <= now:
            states.append("now")
        else:
            states.append("next" if event.start == first else "later")
    return states


def _offset_hours(zone: str, at: datetime) -> float:
    return at.astimezone(ZoneInfo(zone)).utcoffset().total_seconds() / 3600


def guess_time_zone(registry: Registry, at: datetime | None = None) -> str:
    """The time zone most published participants gave, else ``UTC``.

    Among equally common zones, the one nearest the participants' median UTC offset (at ``at``,
    default now) wins, then the first by name: the middle of the crowd.
    """
    zones = Counter(
        entry.fields["time_zone"]
        for entry in registry.search(kind="person", status="published", limit=None)
        if entry.fields.get("time_zone")
    )
    if not zones:
        return "UTC"
    at = at or datetime.now(UTC)
    top = max(zones.values())
    middle = median(_offset_hours(zone, at) for zone in zones.elements())
    return min((zone for zone, n in zones.items() if n == top),
               key=lambda zone: (abs(_offset_hours(zone, at) - middle), zone))


#: The event's own time zone (IANA), for the event screen; unset, :func:`guess_time_zone` says.
EVENT_TIME_ZONE_ENV = "H4OG_EVENT_TIME_ZONE"


def event_time_zone(registry: Registry) -> str:
    """``H4OG_EVENT_TIME_ZONE`` (environment or .env) when it names a time zone, else
    :func:`guess_time_zone`."""
    from h4og_kit.config import setting

    zone = (setting(EVENT_TIME_ZONE_ENV) or "").strip()
    if zone:
        try:
            ZoneInfo(zone)
            return zone
        except (ValueError, ZoneInfoNotFoundError):
            log.warning("%s=%r is not a time zone (e.g. Europe/Helsinki): ignored",
                        EVENT_TIME_ZONE_ENV, zone)
    return guess_time_zone(registry)


def _ics_text(value: str) -> str:
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    out, current = [], b""
    for ch in line:
        encoded = ch.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def _ics_time(moment: datetime) -> str:
    moment = moment.astimezone(UTC)  # events are in UTC already; a DTSTAMP may not be
    return f"{moment.year:04d}{moment:%m%dT%H%M%S}Z"  # strftime's %Y need not pad to 4 digits


def to_ics(events: Iterable[Event], name: str = "Hack4OpenGLAM", stamp: datetime | None = None
           ) -> str:
    """The events as an iCalendar file (text with CRLF line ends); times in UTC."""
    stamp = stamp or datetime.now(UTC)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//h4og-kit//Schedule//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{_ics_text(name)}"]
    for event in events:
        lines += ["BEGIN:VEVENT", f"UID:{_ics_text(event.uid)}", f"DTSTAMP:{_ics_time(stamp)}",
                  f"DTSTART:{_ics_time(event.start)}"]
        if event.end:
            lines.append(f"DTEND:{_ics_time(event.end)}")
        lines.append(f"SUMMARY:{_ics_text(event.title)}")
        if event.summary:
            lines.append(f"DESCRIPTION:{_ics_text(event.summary)}")
        if event.url and event.url.startswith(("http://", "https://")) and not any(
            ch.isspace() for ch in event.url
        ):
            lines.append(f"URL:{event.url}")
        lines += [f"CATEGORIES:{event.kind.upper()}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
