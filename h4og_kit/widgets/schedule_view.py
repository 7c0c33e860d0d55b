"""The schedule: workshops and weekly meetups in the viewer's chosen time zone, with an .ics export
of the whole programme and of each event.

The page opens in the visitor's own time zone (:mod:`h4og_kit.widgets.zones`): the one in
``?tz=`` when the address has it, else the browser's, which the page tells the kernel a moment
after it has loaded (unless the viewer picked a zone first). Until then, or where no browser
tells (a notebook), the default is the one most participants gave in the registry
(:func:`h4og_kit.schedule.guess_time_zone`). Events that have ended are marked, and so are the
ones happening now and the next one (:func:`h4og_kit.schedule.timing`). The viewer picks
another zone from the list, where each zone is named by its city in the viewer's language (CLDR: "Helsinki", "هلسنكي", "赫尔辛基"). Days
and times are written as the viewer's language writes them ("tiistai 18. marraskuuta 2025",
"15.00–16.30", the 24-hour clock everywhere), and so are the page's words (:mod:`h4og_kit.i18n`).
"""

from __future__ import annotations

import re
from datetime import datetime
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as w
from babel.dates import format_date, format_interval, format_skeleton, get_timezone_location

from h4og_kit.html import badge, bdi, download_link, esc, link
from h4og_kit.i18n import N_, cldr_locale, language_name
from h4og_kit.i18n import gettext as _
from h4og_kit.registry.models import CHOICE_LABELS
from h4og_kit.schedule import Event, guess_time_zone, load_meetups, programme, timing, to_ics
from h4og_kit.widgets.page import row
from h4og_kit.widgets.zones import (  # noqa: F401
    ZoneChoices,
    browser_zone_input,
    visitor_time_zone,
    zone_choices,
)

if TYPE_CHECKING:
    from h4og_kit.registry import Registry

#: What the programme calls each kind of event (translated where shown).
EVENT_KINDS = {"workshop": N_("workshop"), "meetup": N_("meetup")}
#: The marks of events that have ended, happen now, or come next (translated where shown).
TIMING_LABELS = {"past": N_("ended"), "now": N_("now"), "next": N_("next")}


def zone_name(zone: str) -> str:
    """The city that names ``zone`` in the current language ("Helsinki")."""
    return get_timezone_location(zone, locale=cldr_locale(), return_city=True)


def _hours(start: datetime, end: datetime | None, locale: str) -> str:
    """When an event starts and ends (local times), as ``locale`` writes a span of hours on the
    24-hour clock, as the kit writes every time ("15.00–16.30")."""
    if end is None:
        return format_skeleton("Hm", start.time(), locale=locale)
    return format_interval(start.time(), end.time(), skeleton="Hm", locale=locale)


def _details(event: Event) -> str:
    """The language and level of an event, as the viewer reads them."""
    level = _(CHOICE_LABELS[event.level]) if event.level in CHOICE_LABELS else event.level
    return " · ".join(x for x in (event.language and language_name(event.language), level) if x)


def event_ics_link(event: Event, calendar_name: str = "Hack4OpenGLAM") -> str:
    """A link that saves one event as an .ics file (named after its uid)."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", event.uid.split("@")[0]).strip("-") or "event"
    return download_link(to_ics([event], calendar_name), f"{name}.ics", "text/calendar",
                         _("Add this event to my calendar (.ics)"))


def now_and_next_html(events: list[Event], states: list[str], zone: str) -> str:
    """A line naming what happens now (until when) and what comes next (when), in ``zone``."""
    locale = cldr_locale()
    lines = []
    for event, state in zip(events, states, strict=True):
        start, end = event.local(zone)
        if state == "now":
            text = (_("Now: {title}, until {time}.").format(
                title=event.title, time=format_skeleton("Hm", end.time(), locale=locale))
                if end else _("Now: {title}.").format(title=event.title))
        elif state == "next":
            when = (f"{format_date(start.date(), format='full', locale=locale)}, "
                    f"{_hours(start, end, locale)}")
            text = _("Next: {title}, {when}.").format(title=event.title, when=when)
        else:
            continue
        lines.append(f'<p class="h4og-{state}-line">{esc(text)}</p>')
    return f'<div class="h4og-now-next" role="status">{"".join(lines)}</div>' if lines else ""


def programme_html(events: list[Event], zone: str, *, now: datetime | None = None,
                   calendar_name: str = "Hack4OpenGLAM") -> str:
    """The programme grouped by day, every time shown in ``zone``, in the current language;
    events that ended by ``now`` (default: now) are marked, and so are those happening then and
    the next one; each event has its own .ics link."""
    if not events:
        return f'<p class="h4og-meta">{esc(_("Nothing is scheduled yet."))}</p>'
    locale = cldr_locale()
    states = timing(events, now)
    local = [(event, state, *event.local(zone)) for event, state in zip(events, states, strict=True)]
    days = []
    for day, items in groupby(local, key=lambda item: item[2].date()):
        rows = []
        for event, state, start, end in items:
            extra = _details(event)
            kind = _(EVENT_KINDS[event.kind]) if event.kind in EVENT_KINDS else event.kind
            mark = (f" {badge(_(TIMING_LABELS[state]), state)}" if state in TIMING_LABELS
                    else "")
            rows.append(
                f'<tr class="h4og-{state}"><td><time datetime="{esc(event.start.isoformat())}">'
                f"{esc(_hours(start, end, locale))}</time>{mark}</td>"
                f"<td>{badge(kind, event.kind)} <strong>{link(bdi(event.title), event.url)}</strong>"
                f'<div class="h4og-meta">{bdi(event.summary)}'
                f"{' · ' + esc(extra) if extra else ''}</div>"
                f'<div class="h4og-meta">{event_ics_link(event, calendar_name)}</div></td></tr>'
            )
        days.append(f'<h3><time datetime="{day.isoformat()}">'
                    f"{esc(format_date(day, format='full', locale=locale))}</time></h3>"
                    f'<table class="h4og-table"><tbody>{"".join(rows)}</tbody></table>')
    return "".join(days)


class Schedule(w.VBox):
    """The programme of ``registry`` plus weekly ``meetups`` (series as in
    :func:`h4og_kit.schedule.load_meetups`; None reads the organizers' meetups.json)."""

    def __init__(self, registry: Registry, meetups: list[dict[str, Any]] | None = None, *,
                 time_zone: str | None = None, calendar_name: str = "Hack4OpenGLAM",
                 now: datetime | None = None):
        super().__init__()
        self.add_class("h4og-schedule")
        self.calendar_name = calendar_name
        self.events = programme(registry, load_meetups() if meetups is None else meetups)
        zones = zone_choices(cldr_locale())
        self.now = now  # None: the clock's time whenever the programme is shown
        given = time_zone or visitor_time_zone(zones.option_of)
        zone = given or guess_time_zone(registry)
        self._zone_option_of = zones.option_of
        self._zone_settled = bool(given)  # True once a zone was given or picked
        self.zone_picker = w.Dropdown(options=zones.options, value=zones.option_of.get(zone, zone),
                                      description=_("Show times in"),
                                      style={"description_width": "initial"})
        self.listing = w.HTML()
        self.ics_link = w.HTML(download_link(self.ics(), "programme.ics", "text/calendar",
                                             _("Add to my calendar (.ics)")))
        self.zone_picker.observe(self._picked, "value")
        self.browser_zone = browser_zone_input(self.use_browser_zone)
        self.children = [row(self.zone_picker, self.ics_link), self.listing, self.browser_zone]
        self._show()

    def _picked(self, _change: Any = None) -> None:
        self._zone_settled = True
        self._show()

    def use_browser_zone(self, name: str) -> bool:
        """Show times in the browser's zone ``name`` (an IANA name), unless a zone was given
        (``time_zone``, ``?tz=``) or picked already, or the registry does not know ``name``.
        True when the times moved to it."""
        option = self._zone_option_of.get(name)
        if self._zone_settled or option is None:
            return False
        self.zone_picker.value = option  # shows the programme again, and settles the zone
        self._zone_settled = True
        return True

    @property
    def time_zone(self) -> str:
        return self.zone_picker.value

    def _show(self) -> None:
        hint = _("Times shown in {place} time.").format(place=zone_name(self.time_zone))
        states = timing(self.events, self.now)
        self.listing.value = (f'<p class="h4og-hint">{esc(hint)}</p>'
                              + now_and_next_html(self.events, states, self.time_zone)
                              + programme_html(self.events, self.time_zone, now=self.now,
                                               calendar_name=self.calendar_name))

    def ics(self) -> str:
        """The programme as iCalendar text."""
        return to_ics(self.events, self.calendar_name)

    def export_ics(self, path: str | Path) -> Path:
        """Write the programme to ``path`` as an .ics file."""
        path = Path(path)
        path.write_text(self.ics(), encoding="utf-8", newline="")
        return path
