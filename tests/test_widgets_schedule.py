"""The programme (h4og_kit.schedule) and the Schedule widget: time zones, meetups, iCalendar."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from widget_helpers import assert_no_markup_from

from h4og_kit.schedule import (
    DEMO_MEETUPS,
    Event,
    guess_time_zone,
    load_meetups,
    meetup_events,
    programme,
    timing,
    to_ics,
)
from h4og_kit.widgets import Schedule

pytest_plugins = ["widget_fixtures"]


def test_the_demo_programme_has_its_workshops_and_weekly_meetups(demo):
    events = programme(demo, load_meetups(DEMO_MEETUPS))
    kinds = [e.kind for e in events]
    assert kinds.count("workshop") == 2 and kinds.count("meetup") == 16
    workshop = next(e for e in events if e.title == "Demo: Open collections in one line of Python")
    assert workshop.start == datetime(2025, 11, 18, 13, 0, tzinfo=UTC)
    assert workshop.end == datetime(2025, 11, 18, 14, 30, tzinfo=UTC)
    assert [e.start for e in events] == sorted(e.start for e in events)


def test_a_weekly_meetup_keeps_its_local_time_across_daylight_saving():
    series = [{"title": "Call", "weekday": "Tuesday", "time": "16:00",
               "time_zone": "Europe/Helsinki", "minutes": 60, "first": "2025-10-20",
               "last": "2025-11-04"}]
    events = meetup_events(series)
    assert [e.start for e in events] == [
        datetime(2025, 10, 21, 13, 0, tzinfo=UTC),  # EEST, UTC+3
        datetime(2025, 10, 28, 14, 0, tzinfo=UTC),  # EET, UTC+2 after 26 October
        datetime(2025, 11, 4, 14, 0, tzinfo=UTC),
    ]
    assert all(e.local("Europe/Helsinki")[0].strftime("%A %H:%M") == "Tuesday 16:00"
               for e in events)
    assert events[0].uid == "call-2025-10-21@h4og-kit"


@pytest.mark.parametrize("change, message", [
    ({"weekday": "Caturday"}, "is not a day name"),
    ({"time_zone": None}, "lacks time_zone"),
])
def test_a_broken_meetups_file_is_reported(tmp_path, change, message):
    item = {"title": "Call", "weekday": "Tuesday", "time": "16:00", "time_zone": "UTC",
            "first": "2025-10-20", "last": "2025-11-04", **change}
    path = tmp_path / "meetups.json"
    path.write_text(json.dumps({"meetups": [item]}), encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_meetups(path)


def test_meetups_come_from_the_data_dir_when_not_given(tmp_path, monkeypatch):
    assert load_meetups() == []
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("H4OG_DATA_DIR", str(data))
    (data / "meetups.json").write_text(DEMO_MEETUPS.read_text(encoding="utf-8"), encoding="utf-8")
    assert [m["title"] for m in load_meetups()] == ["Demo: Weekly open call",
                                                    "Demo: Americas-friendly drop-in"]


def test_the_default_time_zone_is_the_most_common_one(registry):
    assert guess_time_zone(registry) == "UTC"
    for name, zone in (("A", "America/Bogota"), ("B", "America/Bogota"), ("C", "Asia/Tokyo")):
        registry.register("person", {"name": name, "time_zone": zone})
    registry.register("person", {"name": "D", "time_zone": "Asia/Tokyo", "status": "draft"})
    assert guess_time_zone(registry) == "America/Bogota"


def test_a_tie_picks_the_zone_in_the_middle_of_the_crowd(demo):
    # five demo people in five zones: Accra, Helsinki, Amman, Bogota, Auckland
    assert guess_time_zone(demo, at=datetime(2025, 11, 18, tzinfo=UTC)) == "Europe/Helsinki"


def test_the_widget_shows_times_in_the_chosen_zone(demo):
    """Days and hours as CLDR writes them in English, on the 24-hour clock."""
    view = Schedule(demo, load_meetups(DEMO_MEETUPS), time_zone="Europe/Helsinki")
    assert "Times shown in Helsinki time." in view.listing.value
    assert '<time datetime="2025-11-18">Tuesday, November 18, 2025</time></h3>' in view.listing.value
    assert "15:00\u2009\u2013\u200916:30" in view.listing.value  # 13:00-14:30 UTC
    view.zone_picker.value = "America/Bogota"
    assert "08:00\u2009\u2013\u200909:30" in view.listing.value
    assert "Times shown in Bogotá time." in view.listing.value
    assert 'download="programme.ics"' in view.ics_link.value


def test_the_default_zone_comes_from_the_registry(demo):
    assert Schedule(demo, []).time_zone == guess_time_zone(demo)


def test_workshop_text_is_escaped(registry):
    title = "<img src=x onerror=alert(1)>"
    registry.register("workshop", {"title": title, "summary": "<b>bold</b>",
                                   "start": "2025-11-18T13:00:00Z"})
    view = Schedule(registry, [])
    assert_no_markup_from([title, "<b>bold</b>"], view)
    assert "&lt;img src=x onerror=alert(1)&gt;" in view.listing.value


def test_the_ics_file_follows_rfc_5545(demo, tmp_path):
    events = [*programme(demo, []), Event(
        title="Comma, semicolon; backslash\\ and a newline\nhere", kind="meetup", uid="x@h4og-kit",
        start=datetime(2025, 1, 1, 10, tzinfo=UTC), end=None,
        summary="Sámi " * 30)]
    text = to_ics(events, stamp=datetime(2025, 1, 1, tzinfo=UTC))
    lines = text.split("\r\n")
    assert text.endswith("END:VCALENDAR\r\n") and "\n" not in text.replace("\r\n", "")
    assert lines[0] == "BEGIN:VCALENDAR" and text.count("BEGIN:VEVENT") == 3
    assert "DTSTART:20251118T130000Z" in lines and "DTEND:20251118T143000Z" in lines
    assert "SUMMARY:Comma\\, semicolon\\; backslash\\\\ and a newline\\nhere" in lines
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert "\r\nDESCRIPTION:" + "Sámi " * 30 + "\r\n" in text.replace("\r\n ", "")
    view = Schedule(demo, load_meetups(DEMO_MEETUPS))
    written = view.export_ics(tmp_path / "programme.ics")
    assert written.read_bytes().count(b"BEGIN:VEVENT") == 18
    assert b"\r\n" in written.read_bytes()


# -- times at the edges of the calendar -------------------------------------------------------------

class _StoredEntry:
    def __init__(self, entry_id, fields):
        self.id, self.fields = entry_id, fields


class _OldRegistry:
    """Synthetic (for mechanics only): a registry whose workshops were stored before times were
    checked to lie between 1970 and 2100, as an old database or a hand-edited one may hold."""

    def __init__(self, starts):
        self.workshops = [
            _StoredEntry(f"workshop-{i}", {"title": f"Workshop {i}", "start": start, "end": None})
            for i, start in enumerate(starts)
        ]

    def search(self, kind=None, status=None, limit=None):
        return self.workshops if kind == "workshop" else []


def test_stored_times_at_the_ends_of_the_calendar_are_left_out_not_a_crash(caplog):
    old = _OldRegistry(["9999-12-31T23:00:00Z", "0001-01-01T05:00:00Z", "not a time",
                        "2025-11-18T13:00:00Z"])
    with caplog.at_level("WARNING", logger="h4og_kit"):
        events = programme(old)
        view = Schedule(old, [], time_zone="Pacific/Kiritimati")  # UTC+14: year 10000 before
    assert [e.title for e in events] == ["Workshop 3"]
    assert "Wednesday, November 19, 2025" in view.listing.value  # 03:00 the next day at UTC+14
    view.zone_picker.value = "Pacific/Pago_Pago"  # UTC-11: year 0 before
    assert "Tuesday, November 18, 2025" in view.listing.value
    assert view.ics().count("BEGIN:VEVENT") == 1
    left_out = [r.getMessage() for r in caplog.records if "left out" in r.getMessage()]
    assert {message.split()[2] for message in left_out} == {"workshop-0", "workshop-1",
                                                            "workshop-2"}


def test_an_event_lies_between_1970_and_2100_and_is_kept_in_utc():
    for start in (datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, 23, tzinfo=UTC),
                  datetime(2025, 1, 1)):  # the last has no time zone
        with pytest.raises(ValueError, match="start"):
            Event(title="x", start=start, end=None, kind="meetup", uid="x")
    helsinki = datetime(2025, 6, 1, 16, tzinfo=ZoneInfo("Europe/Helsinki"))
    event = Event(title="x", start=helsinki, end=None, kind="meetup", uid="x")
    assert event.start == datetime(2025, 6, 1, 13, tzinfo=UTC) and event.start.tzinfo is UTC
    assert "DTSTART:20250601T130000Z" in to_ics([event], stamp=datetime(1999, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize(("change", "message"), [
    ({"first": "0001-01-01"}, "first must be a date between 1970 and 2100 (got year 1)"),
    ({"last": "9999-12-31"}, "last must be a date between 1970 and 2100 (got year 9999)"),
    ({"first": "next week"}, "first 'next week' is not a date such as 2025-10-07"),
])
def test_meetup_dates_out_of_range_are_reported(tmp_path, change, message):
    item = {"title": "Call", "weekday": "Tuesday", "time": "16:00", "time_zone": "Asia/Tokyo",
            "first": "2025-10-20", "last": "2025-11-04", **change}
    path = tmp_path / "meetups.json"
    path.write_text(json.dumps({"meetups": [item]}), encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(f"meetup 0: {message}")):
        load_meetups(path)
    with pytest.raises(ValueError, match=re.escape(message)):  # given directly, not from a file
        meetup_events([item])


# -- the visitor's time zone, now and next, one event's calendar file -------------------------------

@pytest.mark.parametrize(("query", "zone"), [
    ("tz=Asia/Shanghai", "Asia/Shanghai"),
    ("tz=Asia/Calcutta&lang=en", "Asia/Kolkata"),  # an old alias, as some browsers still say
    ("tz=Mars/Olympus_Mons", None),  # unknown: the crowd's zone
    ("", None),  # no zone passed: the crowd's zone, as before
])
def test_the_schedule_opens_in_the_zone_the_browser_passes(demo, monkeypatch, query, zone):
    monkeypatch.setenv("QUERY_STRING", query)
    view = Schedule(demo, load_meetups(DEMO_MEETUPS))
    assert view.time_zone == (zone or guess_time_zone(demo))
    if zone == "Asia/Shanghai":
        assert "Times shown in Shanghai time." in view.listing.value
        assert "21:00\u2009\u2013\u200922:30" in view.listing.value  # 13:00-14:30 UTC


def test_an_explicit_zone_wins_over_the_browsers(demo, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "tz=Asia/Shanghai")
    assert Schedule(demo, [], time_zone="America/Bogota").time_zone == "America/Bogota"


def _events():
    start = datetime(2025, 11, 18, 13, tzinfo=UTC)
    return [
        Event(title="Done", start=start.replace(hour=9), end=start.replace(hour=10), kind="meetup",
              uid="done@h4og-kit"),
        Event(title="On air", start=start, end=start.replace(hour=15), kind="workshop",
              uid="on-air@h4og-kit"),
        Event(title="Open end", start=start.replace(hour=12, minute=30), end=None, kind="meetup",
              uid="open@h4og-kit"),
        Event(title="Soon", start=start.replace(hour=16), end=None, kind="meetup",
              uid="soon@h4og-kit"),
        Event(title="Soon too", start=start.replace(hour=16), end=None, kind="meetup",
              uid="soon-too@h4og-kit"),
        Event(title="Later", start=start.replace(day=25), end=None, kind="meetup",
              uid="later@h4og-kit"),
    ]


def test_timing_marks_past_now_and_next():
    events = sorted(_events(), key=lambda e: e.start)
    at = datetime(2025, 11, 18, 13, 20, tzinfo=UTC)
    states = dict(zip((e.title for e in events), timing(events, at), strict=True))
    assert states == {"Done": "past", "Open end": "now", "On air": "now", "Soon": "next",
                      "Soon too": "next", "Later": "later"}
    # an event without an end counts as happening for its first hour
    assert timing(events, datetime(2025, 11, 18, 13, 31, tzinfo=UTC))[1] == "past"
    assert set(timing(events, datetime(2026, 1, 1, tzinfo=UTC))) == {"past"}


def test_the_page_marks_ended_events_and_says_what_is_on_now_and_next(registry):
    events = sorted(_events(), key=lambda e: e.start)
    view = Schedule(registry, [], time_zone="Europe/Helsinki",
                    now=datetime(2025, 11, 18, 13, 20, tzinfo=UTC))
    view.events = events
    view.zone_picker.value = "Asia/Shanghai"  # shows again
    html = view.listing.value
    assert "Now: On air, until 23:00." in html and "Now: Open end." in html
    assert "Next: Soon, Tuesday, November 18, 2025, 00:00." not in html  # Shanghai: the 19th
    assert "Next: Soon, Wednesday, November 19, 2025, 00:00." in html
    assert "Next: Soon too, Wednesday, November 19, 2025, 00:00." in html
    rows = re.findall(r'<tr class="h4og-(\w+)">.*?<bdi>([^<]+)</bdi>', html)
    assert rows == [("past", "Done"), ("now", "Open end"), ("now", "On air"), ("next", "Soon"),
                    ("next", "Soon too"), ("later", "Later")]
    assert html.count(">ended</span>") == 1 and html.count(">now</span>") == 2
    assert html.count(">next</span>") == 2
    # nothing on now or next once the programme is over
    view.now = datetime(2026, 1, 1, tzinfo=UTC)
    view.zone_picker.value = "Europe/Helsinki"
    assert "h4og-now-next" not in view.listing.value
    assert view.listing.value.count(">ended</span>") == 6


def test_each_event_downloads_as_its_own_ics(demo):
    import base64

    view = Schedule(demo, load_meetups(DEMO_MEETUPS))
    links = re.findall(r'<a class="h4og-download" download="([^"]+)" '
                       r'href="data:text/calendar;base64,([^"]+)">([^<]+)</a>', view.listing.value)
    assert len(links) == len(view.events) == 18
    names = [name for name, _, _ in links]
    assert "demo-weekly-open-call-2025-10-07.ics" in names and len(set(names)) == 18
    assert {label for _, _, label in links} == {"Add this event to my calendar (.ics)"}
    workshop = next(i for i, e in enumerate(view.events)
                    if e.title == "Demo: Open collections in one line of Python")
    text = base64.b64decode(links[workshop][1]).decode("utf-8")
    assert text.count("BEGIN:VEVENT") == 1 and "DTSTART:20251118T130000Z" in text.split("\r\n")
    assert "SUMMARY:Demo: Open collections in one line of Python" in text.split("\r\n")


def test_the_browsers_zone_moves_the_times_unless_a_zone_was_given_or_picked(demo, monkeypatch):
    view = Schedule(demo, load_meetups(DEMO_MEETUPS))
    assert view.time_zone == guess_time_zone(demo)
    assert "h4og-browser-zone" in view.browser_zone._dom_classes
    view.browser_zone.value = "Asia/Shanghai"  # as the page's script fills it
    assert view.time_zone == "Asia/Shanghai"
    assert "Times shown in Shanghai time." in view.listing.value
    picked = Schedule(demo, [])
    picked.zone_picker.value = "America/Bogota"
    picked.browser_zone.value = "Asia/Shanghai"
    assert picked.time_zone == "America/Bogota"  # the visitor's own pick stays
    unknown = Schedule(demo, [])
    assert not unknown.use_browser_zone("Mars/Olympus_Mons")
    assert unknown.time_zone == guess_time_zone(demo)
    monkeypatch.setenv("QUERY_STRING", "tz=Africa/Accra")
    addressed = Schedule(demo, [])
    addressed.browser_zone.value = "Asia/Shanghai"
    assert addressed.time_zone == "Africa/Accra"  # ?tz= in the address wins
