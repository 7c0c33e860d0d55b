"""The schedule: workshops and weekly meetups in the viewer's chosen time zone, with an .ics export.

The default time zone is the one most participants gave in the registry
(:func:`h4og_kit.schedule.guess_time_zone`); the viewer picks theirs from the list.
"""

from __future__ import annotations

from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from h4og_kit.html import badge, download_link, esc, link
from h4og_kit.schedule import Event, guess_time_zone, load_meetups, programme, to_ics
from h4og_kit.widgets.page import row

if TYPE_CHECKING:
    from h4og_kit.registry import Registry


def programme_html(events: list[Event], zone: str) -> str:
    """The programme grouped by day, every time shown in ``zone``."""
    if not events:
        return '<p class="h4og-meta">Nothing is scheduled yet.</p>'
    local = [(event, *event.local(zone)) for event in events]
    days = []
    for day, items in groupby(local, key=lambda item: item[1].date()):
        rows = []
        for event, start, end in items:
            hours = start.strftime("%H:%M") + (f"–{end.strftime('%H:%M')}" if end else "")
            extra = " · ".join(x for x in (event.language, event.level) if x)
            rows.append(
                f'<tr><td><time datetime="{esc(event.start.isoformat())}">{esc(hours)}</time></td>'
                f"<td>{badge(event.kind, event.kind)} <strong>{link(event.title, event.url)}</strong>"
                f'<div class="h4og-meta">{esc(event.summary)}'
                f"{' · ' + esc(extra) if extra else ''}</div></td></tr>"
            )
        days.append(f"<h3>{esc(day.strftime('%A %d %B %Y'))}</h3>"
                    f'<table class="h4og-table"><tbody>{"".join(rows)}</tbody></table>')
    return "".join(days)


class Schedule(w.VBox):
    """The programme of ``registry`` plus weekly ``meetups`` (series as in
    :func:`h4og_kit.schedule.load_meetups`; None reads the organizers' meetups.json)."""

    def __init__(self, registry: Registry, meetups: list[dict[str, Any]] | None = None, *,
                 time_zone: str | None = None, calendar_name: str = "Hack4OpenGLAM"):
        super().__init__()
        from h4og_kit.registry.validators import time_zones

        self.add_class("h4og-schedule")
        self.calendar_name = calendar_name
        self.events = programme(registry, load_meetups() if meetups is None else meetups)
        self.zone_picker = w.Dropdown(options=sorted(time_zones()),
                                      value=time_zone or guess_time_zone(registry),
                                      description="Show times in",
                                      style={"description_width": "initial"})
        self.listing = w.HTML()
        self.ics_link = w.HTML(download_link(self.ics(), "programme.ics", "text/calendar",
                                             "Add to my calendar (.ics)"))
        self.zone_picker.observe(lambda _: self._show(), "value")
        self.children = [row(self.zone_picker, self.ics_link), self.listing]
        self._show()

    @property
    def time_zone(self) -> str:
        return self.zone_picker.value

    def _show(self) -> None:
        self.listing.value = (f'<p class="h4og-hint">Times in {esc(self.time_zone)}.</p>'
                              + programme_html(self.events, self.time_zone))

    def ics(self) -> str:
        """The programme as iCalendar text."""
        return to_ics(self.events, self.calendar_name)

    def export_ics(self, path: str | Path) -> Path:
        """Write the programme to ``path`` as an .ics file."""
        path = Path(path)
        path.write_text(self.ics(), encoding="utf-8", newline="")
        return path
