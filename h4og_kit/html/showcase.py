"""The static showcase of a registry: one self-contained page that works without a server.

It lists the published entries of each kind (featured first) with the same cards as the
dashboards (:func:`~h4og_kit.html.cards.entry_card`), projects with their progress timeline.
Everything a person typed is escaped and isolated for its script direction; descriptions are
Markdown shown as plain text; links are the validated http(s) URLs only; no e-mail is ever shown,
and a person's own links only when they agreed to be contacted. The page carries its own CSS and
no script.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from h4og_kit.html.cards import entry_card
from h4og_kit.html.frame import html_open, typed_note
from h4og_kit.html.labels import kind_plural
from h4og_kit.html.style import PAGE_CSS
from h4og_kit.html.text import Html, block, esc, fill
from h4og_kit.html.timeline import stage_moves, timeline
from h4og_kit.html.times import short_time
from h4og_kit.i18n import gettext as _
from h4og_kit.i18n import ngettext

if TYPE_CHECKING:
    from h4og_kit.registry.stages import Stages


def render(entries: Iterable[Mapping[str, Any]], *, title: str = "Hackathon showcase",
           stages: Stages | None = None, activity: Iterable[Mapping[str, Any]] = (),
           exported: str | None = None) -> Html:
    """The showcase page for archive entry records (``id``, ``kind``, ``featured``, ``fields``).

    Only published entries appear. ``stages`` are the event's progress stages (default: the
    organizers' stages.json or the kit's); the ``activity`` records (``entry_id``, ``at``,
    ``stage_before``, ``stage_after``) date each project's timeline; ``exported`` is the time
    shown in the footer (default: now).
    """
    from h4og_kit.registry.access import is_public
    from h4og_kit.registry.models import DISPLAY_ORDER, utc_now

    if stages is None:
        from h4og_kit.registry.stages import load_stages

        stages = load_stages()
    stage_pairs = [(stage.name, _(stage.label)) for stage in stages.stages]
    moves = stage_moves(activity)
    published = [e for e in entries if is_public(e["fields"])]
    people = {e["id"]: e["fields"].get("title") or e["id"] for e in published
              if e["kind"] == "person"}
    sections, nav = [], []
    for kind in DISPLAY_ORDER:
        items = sorted(
            (e for e in published if e["kind"] == kind),
            key=lambda e: (not e.get("featured"), (e["fields"].get("title") or "").casefold()),
        )
        if not items:
            continue
        heading = kind_plural(kind)
        nav.append(f'<a href="#{esc(kind)}">{fill("{} ({})", heading, len(items))}</a>')
        cards = "".join(
            entry_card(e, names=lambda m: people.get(m, m),
                       progress=timeline(e["fields"].get("stage"), stage_pairs,
                                         moves.get(e["id"])) if kind == "project" else "")
            for e in items
        )
        sections.append(f'<section id="{esc(kind)}"><h2>{esc(heading)}</h2>'
                        f'<div class="h4og-cards">{cards}</div></section>')
    count = ngettext("{count} published entry", "{count} published entries",
                     len(published)).format(count=len(published))
    return Html(
        f'{html_open()}<head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{PAGE_CSS}</style></head><body>"
        f"<header>{block('h1', title)}<p>{esc(count)}</p>"
        f'<nav aria-label="{esc(_("Kinds"))}">{"".join(nav)}</nav></header>'
        f'<main>{"".join(sections)}</main>'
        f"<footer>{fill(_('Exported {} with h4og-kit.'), short_time(exported or utc_now()))} "
        f"{typed_note()}</footer></body></html>\n"
    )
