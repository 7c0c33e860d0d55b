"""The event screen (``/screen``): one full-screen page for the live stream and the back of the room.

:func:`screen_page` shows, in big type and in the current language:

- the time now in the event's time zone, and the sessions happening now;
- the next session with a countdown, and the programme's last session (the closing event, the
  final gala) with its own countdown while it is still ahead;
- the organizers' announcements (typed text: escaped, isolated, in its own language);
- the latest public activity, and how many projects are at each stage.

It is rendered by the server from the public snapshot, like the showcase: no kernel, nothing
private. Without script it reloads itself every minute; ``assets/screen.js`` ticks the clock and
the countdowns every second and fetches the page again every few seconds (``ETag``/``304``),
swapping in what changed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from h4og_kit.html.frame import html_open
from h4og_kit.html.style import FONTS
from h4og_kit.html.text import Html, bdi, esc, fill
from h4og_kit.html.times import parse_time, time_ago
from h4og_kit.i18n import cldr_locale, current
from h4og_kit.i18n import gettext as _
from h4og_kit.schedule import Event, timing

#: How often the page's script asks for a newer screen (ms), and the no-script reload (s).
POLL_MS = 5000
RELOAD_SECONDS = 60
#: How many lines of activity the screen shows.
ACTIVITY_LINES = 5

SCREEN_CSS = FONTS + """
*{box-sizing:border-box}
html{font-size:clamp(15px,min(1.45vw,2.5vh),40px)}
body{font-family:var(--h4og-font);margin:0;background:#10192b;color:#f4f1e8;min-height:100vh}
a{color:#ffd166}
.h4og-screen{display:grid;gap:.6rem 2rem;padding:1rem 2rem;grid-template-columns:minmax(0,3fr) minmax(0,2fr)}
@media (max-width:50rem){.h4og-screen{grid-template-columns:minmax(0,1fr);padding:1rem}}
.h4og-screen header,.h4og-announcements,.h4og-screen footer{grid-column:1/-1}
.h4og-screen header{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.3rem 2rem;border-bottom:2px solid #ffd16655;padding-bottom:.4rem}
.h4og-screen h1{margin:0;font-size:1.8rem}
.h4og-clock{margin:0;font-size:2.2rem;font-variant-numeric:tabular-nums;text-align:end}
.h4og-zone{font-size:.7rem;opacity:.8;display:block}
.h4og-screen h2{font-size:.95rem;text-transform:uppercase;letter-spacing:.06em;color:#ffd166;margin:.5rem 0 .2rem}
.h4og-session{font-size:1.35rem;margin:.1rem 0 .5rem}
.h4og-session small{display:block;font-size:.85rem;opacity:.85}
.h4og-countdown{font-size:2.4rem;font-variant-numeric:tabular-nums;font-weight:700;display:block}
.h4og-finale .h4og-countdown{font-size:1.4rem}
.h4og-announcement{font-size:1.35rem;background:#e6394633;border-inline-start:.4rem solid #e63946;padding:.4rem .8rem;margin:.3rem 0}
.h4og-announcement time{display:block;font-size:.75rem;opacity:.8}
.h4og-feed-item{font-size:.9rem;padding:.25rem 0;border-bottom:1px solid #ffffff22;overflow-wrap:anywhere}
.h4og-stages{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:0}
.h4og-stages li{background:#ffffff14;border-radius:.4rem;padding:.2rem .6rem;text-align:center;font-size:.85rem}
.h4og-stages strong{display:block;font-size:1.6rem}
.h4og-screen footer{font-size:.7rem;opacity:.7}
.h4og-screen footer nav{display:flex;flex-wrap:wrap;gap:.2rem 1rem}
"""


def _local(moment: datetime, zone: str, day_of: datetime) -> str:
    """A time in the event's zone: the hour, with the day when it is not the day of ``day_of``
    (today, or the session's start)."""
    from babel.dates import format_skeleton

    tz = ZoneInfo(zone)
    hour = format_skeleton("Hm", moment, tzinfo=tz, locale=cldr_locale())
    if moment.astimezone(tz).date() == day_of.astimezone(tz).date():
        return hour
    day = format_skeleton("MMMEd", moment, tzinfo=tz, locale=cldr_locale())
    return f"{day} {hour}"


def _session(session: Event, zone: str, now: datetime, countdown: bool,
             css_class: str = "h4og-session") -> str:
    start = session.start.isoformat()
    when = _local(session.start, zone, now) + (
        f"–{_local(session.end, zone, session.start)}" if session.end else "")
    lang = f' lang="{esc(session.language)}"' if session.language else ""
    counter = (f'<time class="h4og-countdown" data-countdown datetime="{esc(start)}">'
               f"{esc(time_ago(start, now))}</time>" if countdown else "")
    return (f'<p class="{css_class}">{counter}<span dir="auto"{lang}>{bdi(session.title)}'
            f"</span><small>{esc(when)}</small></p>")


def programme_section(sessions: Sequence[Event], zone: str, now: datetime) -> Html:
    """Now, next (with a countdown) and the programme's last session (with its own, while it is
    ahead and is not the next one); ``sessions`` in time order."""
    stands = timing(sessions, now)
    happening = [s for s, stand in zip(sessions, stands, strict=True) if stand == "now"]
    upcoming = [s for s, stand in zip(sessions, stands, strict=True) if stand == "next"]
    last = sessions[-1] if sessions and stands[-1] == "later" else None
    parts = [f"<h2>{esc(_('Now'))}</h2>"]
    parts += ([_session(s, zone, now, False) for s in happening]
              or [f'<p class="h4og-session">{esc(_("No session right now."))}</p>'])
    parts.append(f"<h2>{esc(_('Next'))}</h2>")
    parts += ([_session(s, zone, now, True) for s in upcoming]
              or [f'<p class="h4og-session">{esc(_("No more sessions in the programme."))}</p>'])
    if last is not None:
        parts.append(f"<h2>{esc(_('Finale'))}</h2>"
                     f"{_session(last, zone, now, True, 'h4og-session h4og-finale')}")
    return Html(f'<section aria-live="polite">{"".join(parts)}</section>')


def announcements_section(announcements: Sequence[Mapping[str, Any]], zone: str,
                          now: datetime) -> Html:
    """The organizers' announcements, newest first, each with the time it was posted in the
    event's zone; nothing when there are none."""
    if not announcements:
        return Html("")
    items = []
    for a in announcements:
        lang = f' lang="{esc(a["language"])}"' if a.get("language") else ""
        items.append(f'<p class="h4og-announcement" dir="auto"{lang}>{esc(a["text"])}'
                     f'<time datetime="{esc(a["at"])}">{esc(_local(parse_time(a["at"]), zone, now))}'
                     "</time></p>")
    return Html(f'<section class="h4og-announcements" aria-live="assertive">'
                f'<h2>{esc(_("Announcements"))}</h2>'
                f'{"".join(items)}</section>')


def stages_section(counts: Mapping[str, int], stages: Sequence[tuple[str, str]]) -> Html:
    """How many projects are at each stage (stage labels already in the current language)."""
    from h4og_kit.i18n import number

    items = "".join(f"<li><strong>{esc(number(counts.get(name, 0)))}</strong>{esc(label)}</li>"
                    for name, label in stages)
    return Html(f'<section><h2>{esc(_("Projects by stage"))}</h2>'
                f'<ul class="h4og-stages">{items}</ul></section>')


def screen_page(*, title: str, sessions: Sequence[Event], zone: str,
                announcements: Sequence[Mapping[str, Any]], feed: Sequence[str],
                stage_counts: Mapping[str, int], stages: Sequence[tuple[str, str]],
                languages: Sequence[tuple[str, str]] = (), now: datetime | None = None,
                script: str = "assets/screen.js") -> Html:
    """The whole screen page at ``now`` (default: this moment); ``feed``: activity lines (HTML
    from :func:`~h4og_kit.html.feed.feed_line`), newest first; ``languages``: ``(code, href)``
    of this screen in each language."""
    from babel.dates import format_skeleton

    from h4og_kit.html.public import language_menu

    now = (now or datetime.now(UTC)).astimezone(UTC)
    clock = format_skeleton("Hm", now, tzinfo=ZoneInfo(zone), locale=cldr_locale())
    activity = "".join(feed[:ACTIVITY_LINES]) or f"<p>{esc(_('Nothing yet.'))}</p>"
    return Html(
        f'{html_open()}<head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex">'
        f'<noscript><meta http-equiv="refresh" content="{RELOAD_SECONDS}"></noscript>'
        f"<title>{esc(fill('{} · {}', title, _('Event screen')))}</title>"
        f"<style>{SCREEN_CSS}</style></head>"
        f'<body><main class="h4og-screen" id="h4og-screen" data-poll="{POLL_MS}"'
        f' data-lang="{esc(current())}">'
        f"<header><h1>{bdi(title)}</h1>"
        f'<p class="h4og-clock"><time data-clock data-zone="{esc(zone)}"'
        f' datetime="{esc(now.isoformat())}">{esc(clock)}</time>'
        f'<span class="h4og-zone">{esc(_("Times in {zone}").format(zone=zone))}</span></p>'
        "</header>"
        f"{announcements_section(announcements, zone, now)}"
        f"<div>{programme_section(sessions, zone, now)}</div>"
        f'<div><section><h2>{esc(_("Latest activity"))}</h2>{activity}</section>'
        f"{stages_section(stage_counts, stages)}</div>"
        f"<footer>{language_menu(languages)}</footer></main>"
        f'<script src="{esc(script)}" defer></script></body></html>\n'
    )
