"""Time zones as people pick them: by city, in their language, each zone once, with the
visitor's own zone chosen for them.

- :func:`zone_choices` names every zone the registry accepts by its city (CLDR: "Helsinki",
  "هلسنكي", "赫尔辛基"), folds old aliases (``US/Central``) into the zone they stand for, and
  sorts by the city's name. The schedule's "Show times in" and the registration form's
  "Time zone" offer the same list.
- The visitor's zone reaches the kernel two ways. ``?tz=Asia/Shanghai`` in the page's address
  (:func:`visitor_time_zone`) is read when the page opens. Without it, the browser tells the
  kernel a moment after the page has loaded: :func:`browser_zone_input` is a hidden text input
  that the dashboard template's script fills with
  ``Intl.DateTimeFormat().resolvedOptions().timeZone`` (no reload, so no second kernel per
  visit). A view adds the input to its children and chooses the zone when it arrives, unless
  the visitor has already chosen one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ipywidgets

#: The class of the hidden input the dashboard template's script fills with the browser's zone.
BROWSER_ZONE_CLASS = "h4og-browser-zone"


@dataclass(frozen=True)
class ZoneChoices:
    """The time zones a viewer picks from: ``options`` are ``(label, IANA name)`` pairs, and
    ``option_of`` gives, for every name the registry accepts, the option that stands for it (an
    old alias such as ``US/Central`` is the same zone as ``America/Chicago``)."""

    options: tuple[tuple[str, str], ...]
    option_of: Mapping[str, str]


@lru_cache(maxsize=8)
def zone_choices(locale: str) -> ZoneChoices:
    """Every time zone the registry accepts, once per zone (aliases folded in as CLDR does), named
    by its city in ``locale`` (a CLDR locale) and sorted by that name; where two zones would
    share a name, their IANA names follow it."""
    from babel.core import get_global
    from babel.dates import get_timezone_location

    from h4og_kit.registry.validators import time_zones

    aliases = get_global("zone_aliases")
    same: dict[str, list[str]] = {}
    for zone in sorted(time_zones()):
        same.setdefault(aliases.get(zone, zone), []).append(zone)
    option_of = {}
    for canonical, zones in same.items():
        for zone in zones:
            option_of[zone] = canonical if canonical in zones else zones[0]
    cities = {zone: get_timezone_location(zone, locale=locale, return_city=True)
              for zone in set(option_of.values())}
    shared = Counter(cities.values())
    options = sorted(((f"{city} ({zone})" if shared[city] > 1 else city, zone)
                      for zone, city in cities.items()),
                     key=lambda option: (option[0].casefold(), option[1]))
    return ZoneChoices(tuple(options), MappingProxyType(option_of))


def visitor_time_zone(option_of: Mapping[str, str]) -> str | None:
    """The page visitor's time zone as the page's address gives it (``?tz=``), folded to the
    option that stands for it in ``option_of`` (a :class:`ZoneChoices`' map); None when the
    address has none or one the registry does not know."""
    from h4og_kit.widgets.context import query_params

    return option_of.get((query_params().get("tz") or "").strip())


def browser_zone_input(on_zone: Callable[[str], None]) -> ipywidgets.Text:
    """A hidden input that the dashboard template's script fills with the browser's time zone
    (an IANA name) once the page is shown; ``on_zone(name)`` is called with it. Add it to a
    view's children. Outside Voila (a notebook) nothing fills it and ``on_zone`` is never
    called."""
    import ipywidgets as w

    field = w.Text(value="", layout=w.Layout(display="none"))
    field.add_class(BROWSER_ZONE_CLASS)

    def arrived(change) -> None:
        name = (change["new"] or "").strip()
        if name:
            on_zone(name)

    field.observe(arrived, "value")
    return field
