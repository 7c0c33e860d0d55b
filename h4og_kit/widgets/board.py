"""The public showcase: cards for every published entry, filters, project timelines, a live feed.

Filters (kind, hashtag, stage, language, text) run as registry searches. The activity feed and the
cards follow the registry live (:class:`~h4og_kit.widgets.live.LivePoller`): a changed entry's
card is rewritten in place, a new matching entry gets a card under "New since you opened this
page", and the feed grows at the top. Nothing already shown is rendered again, and the board
reads what the changes carry instead of asking the registry again; the page opens with the last
changes only (``recent_changes``), however long the activity log.

Labels, stage names, counts and messages are in the viewer's language (:mod:`h4og_kit.i18n`);
what people registered stays as they typed it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as w
from babel.numbers import format_decimal

from h4og_kit.html import banner, esc, kind_plural
from h4og_kit.html.cards import entry_card
from h4og_kit.html.feed import feed_line
from h4og_kit.html.timeline import timeline
from h4og_kit.i18n import cldr_locale, ngettext
from h4og_kit.i18n import gettext as _
from h4og_kit.registry.access import PUBLIC_STATUS, is_public
from h4og_kit.registry.errors import ValidationError
from h4og_kit.registry.models import DISPLAY_ORDER
from h4og_kit.registry.search_keys import matches
from h4og_kit.widgets.live import LivePoller
from h4og_kit.widgets.page import row

if TYPE_CHECKING:
    from h4og_kit.registry import Registry
    from h4og_kit.registry.entries import Change, Entry

BOARD_KINDS = DISPLAY_ORDER  # every kind, as the entry models order them (projects first)
_CARD_LAYOUT = {"width": "100%", "max_width": "21rem", "margin": "0"}  # full width on a phone
#: "3 projects" for each kind of entry, in the plural forms of the current language.
_COUNTS = {
    "project": lambda n: ngettext("{count} project", "{count} projects", n),
    "challenge": lambda n: ngettext("{count} challenge", "{count} challenges", n),
    "collection": lambda n: ngettext("{count} collection", "{count} collections", n),
    "tool": lambda n: ngettext("{count} tool", "{count} tools", n),
    "workshop": lambda n: ngettext("{count} workshop", "{count} workshops", n),
    "person": lambda n: ngettext("{count} person", "{count} people", n),
}


def kind_count(kind: str, count: int) -> str:
    """How many entries of ``kind`` there are, in the current language ("1 challenge")."""
    number = format_decimal(count, locale=cldr_locale())
    if kind in _COUNTS:
        return _COUNTS[kind](count).format(count=number)
    return _("{kinds}: {count}").format(kinds=kind_plural(kind), count=number)


class ProjectBoard(w.VBox):
    """The showcase of ``registry``: ``page_size`` cards at a time, the ``feed_size`` latest
    changes, polling every ``poll_seconds`` once :meth:`start_live` is called (``live=True``
    starts it at once when an event loop runs, as in Jupyter and Voila)."""

    def __init__(self, registry: Registry, *, page_size: int = 24, feed_size: int = 15,
                 poll_seconds: float = 3.0, live: bool = True):
        super().__init__()
        self.add_class("h4og-board")
        self.registry = registry
        self.page_size = page_size
        self.feed_size = feed_size
        self.stages = [(stage.name, _(stage.label)) for stage in registry.stages.stages]
        self._stage_labels = dict(self.stages)
        self._names: dict[str, str] = {}
        self.cards: dict[str, w.HTML] = {}
        self._moves: dict[str, dict[str, str]] = {}  # project -> stage -> when it moved there
        self._feed_entries: dict[str, str | None] = {}  # feed line (model id) -> its entry
        self._offset = 0

        style = {"description_width": "initial"}
        self.kind_filter = w.Dropdown(
            options=[(_("All kinds"), "")] + [(kind_plural(k), k) for k in BOARD_KINDS],
            description=_("Show"), style=style)
        # Translators: an example hashtag in the hashtag filter; a tag people of your language
        # would use.
        self.tag_filter = w.Text(description=_("Hashtag"), placeholder=_("#languages"),
                                 continuous_update=False, style=style)
        self.stage_filter = w.Dropdown(
            options=[(_("Any stage"), "")] + [(label, name) for name, label in self.stages],
            description=_("Stage"), style=style)
        # the placeholder is a language code, the filter's value: not translated
        self.language_filter = w.Text(description=_("Language"), placeholder="fi",
                                      continuous_update=False, style=style)
        self.text_filter = w.Text(description=_("Search"), placeholder=_("words"),
                                  continuous_update=False, style=style)
        for control in self.filters:
            control.observe(lambda _: self.refresh(), "value")

        self.summary = w.HTML()
        self.filter_message = w.HTML()
        self.new_box = w.Box(layout=w.Layout(display="flex", flex_flow="row wrap",
                                             align_items="flex-start"))
        self.new_box.add_class("h4og-new-entries")
        self.cards_box = w.Box(layout=w.Layout(display="flex", flex_flow="row wrap",
                                               align_items="flex-start"))
        self.cards_box.add_class("h4og-cards")
        self.more_button = w.Button(description=_("Show more"), icon="chevron-down",
                                    tooltip=_("Show the next cards"))
        self.more_button.on_click(lambda _: self.show_more())
        # items are appended and shown newest first, so adding one never redraws the others
        self.feed_box = w.VBox(layout=w.Layout(flex_flow="column-reverse"))
        self.feed_box.add_class("h4og-feed")
        # the cards and the feed side by side; on a narrow screen the feed goes under the cards
        feed = w.VBox([w.HTML(f'<h2 id="h4og-feed-title">{esc(_("Live activity"))}</h2>'),
                       self.feed_box],
                      layout=w.Layout(flex="0 1 22rem", min_width="0", padding="0 0 0 1rem"))
        main = w.VBox([self.filter_message, self.summary, self.new_box, self.cards_box, self.more_button],
                      layout=w.Layout(flex="1 1 24rem", min_width="0"))
        self.children = [
            row(*self.filters),
            w.HBox([main, feed], layout=w.Layout(flex_flow="row wrap", align_items="flex-start")),
        ]
        self.poller = LivePoller(registry, self.apply_changes, poll_seconds,
                                 cursor=self._load_feed())
        self.refresh()
        if live:
            self.start_live()

    @property
    def filters(self) -> list[w.Widget]:
        return [self.kind_filter, self.tag_filter, self.stage_filter, self.language_filter,
                self.text_filter]

    # -- searching ----------------------------------------------------------------------------------

    def _search(self, limit: int | None, offset: int = 0) -> list[Entry]:
        """The published entries matching the filters; none, with the reason shown, when the
        registry refuses the filters (e.g. a search of too many words)."""
        try:
            found = self._query(limit, offset)
        except ValidationError as exc:
            self.filter_message.value = banner(
                _("Search: {problems}.").format(problems="; ".join(exc.errors.values())),
                "warning")
            return []
        self.filter_message.value = ""
        return found

    def _query(self, limit: int | None, offset: int) -> list[Entry]:
        found = self.registry.search(
            text=self.text_filter.value or None,
            kind=self.kind_filter.value or BOARD_KINDS,
            tags=self.tag_filter.value.split() or None,
            stage=self.stage_filter.value or None,
            language=self.language_filter.value.strip() or None,
            status="published", limit=limit, offset=offset,
        )
        self._learn(found)
        return found

    def _shows(self, entry: Entry | None) -> bool:
        """Whether ``entry`` (as a change carries it) belongs on the board with these filters,
        decided without asking the registry."""
        if entry is None:
            return False
        try:
            return matches(
                entry.kind, entry.fields, text=self.text_filter.value or None,
                kinds=(self.kind_filter.value,) if self.kind_filter.value else BOARD_KINDS,
                tags=self.tag_filter.value.split(), language=self.language_filter.value.strip(),
                stages=(self.stage_filter.value,) if self.stage_filter.value else (),
                statuses=(PUBLIC_STATUS,))
        except ValidationError:
            return False  # the search itself is refused; _search says why

    def _learn(self, entries: list[Entry]) -> None:
        """Read in one query each what the cards of ``entries`` need and the board does not know
        yet: the stage moves of new projects and the names of new team members."""
        projects = [e.id for e in entries if e.kind == "project" and e.id not in self._moves]
        if projects:
            self._moves.update({pid: {} for pid in projects})
            self._moves.update(self.registry.stage_moves(projects))
        members = {m for e in entries for m in e.fields.get("team", []) if m not in self._names}
        if members:
            found = self.registry.person_names(members)
            self._names.update({m: found.get(m, m) for m in members})

    def _follow(self, change: Change) -> None:
        """Keep the stage moves and people's names up to date from a change, without a query."""
        if change.action == "register" and change.kind == "project":
            self._moves[change.entry_id] = {}  # a new project: this change is all its history
        if change.stage_after and change.stage_after != change.stage_before and (
                change.entry_id in self._moves):
            self._moves[change.entry_id][change.stage_after] = change.at
        entry = change.entry
        if change.kind == "person" and change.entry_id:
            self._names[change.entry_id] = (entry.fields.get("title") or change.entry_id
                                            if entry is not None and is_public(entry.fields)
                                            else change.entry_id)

    def card_html(self, entry: Entry) -> str:
        self._learn([entry])
        progress = ""
        if entry.kind == "project":
            progress = timeline(entry.fields.get("stage"), self.stages, self._moves[entry.id])
        return entry_card(entry, names=lambda m: self._names.get(m, m), progress=progress)

    def _card(self, entry: Entry) -> w.HTML:
        card = w.HTML(self.card_html(entry), layout=w.Layout(**_CARD_LAYOUT))
        self.cards[entry.id] = card
        return card

    def refresh(self) -> None:
        """Show the first cards for the current filters (the one full redraw: a new search)."""
        self.cards = {}
        self.new_box.children = []
        entries = self._search(self.page_size + 1)
        shown = entries[: self.page_size]
        self.cards_box.children = [self._card(e) for e in shown]
        self._offset = len(shown)
        self.more_button.layout.display = "" if len(entries) > self.page_size else "none"
        self._update_summary()

    def show_more(self) -> None:
        """Add the next page of cards under those shown."""
        entries = self._search(self.page_size + 1, self._offset)
        fresh = [e for e in entries[: self.page_size] if e.id not in self.cards]
        self.cards_box.children = [*self.cards_box.children, *(self._card(e) for e in fresh)]
        self._offset += len(entries[: self.page_size])
        self.more_button.layout.display = "" if len(entries) > self.page_size else "none"

    def _update_summary(self) -> None:
        counts = self.registry.counts()["kind"]
        parts = [kind_count(k, counts[k]) for k in BOARD_KINDS if counts.get(k)]
        self.summary.value = (f'<p class="h4og-meta">'
                              f'{esc(" · ".join(parts) or _("No entries yet."))}</p>')

    # -- live updates -------------------------------------------------------------------------------

    def _load_feed(self) -> int:
        """Fill the feed with the latest changes; return the cursor after them."""
        recent, cursor = self.registry.recent_changes(self.feed_size * 3)  # some show nothing
        self._feed_entries = {}
        self.feed_box.children = self._feed_items(recent)[-self.feed_size:]
        return cursor

    def _feed_items(self, changes: list[Change]) -> list[w.HTML]:
        """The feed lines of ``changes``, each remembered with the entry it is about."""
        items = []
        for change in changes:
            line = feed_line(change, self._stage_labels)
            if line:
                item = w.HTML(line)
                self._feed_entries[item.model_id] = change.entry_id
                items.append(item)
        return items

    def _add_feed_lines(self, changes: list[Change]) -> None:
        gone = {c.entry_id for c in changes
                if c.entry_id and (c.entry is None or not is_public(c.entry.fields))}
        items = [item for item in self.feed_box.children
                 if self._feed_entries.get(item.model_id) not in gone]  # hidden or unpublished
        items += self._feed_items(changes)
        if len(items) > self.feed_size * 2:  # drop the oldest in one go, now and then
            items = items[-self.feed_size:]
        if items != list(self.feed_box.children):
            self.feed_box.children = items
        self._feed_entries = {item.model_id: self._feed_entries.get(item.model_id)
                              for item in items}

    def apply_changes(self, changes: list[Change]) -> None:
        """Bring the cards and the feed up to date with ``changes`` (from ``changes_since``).

        Each change carries its entry as it is now, so the board decides from the changes alone
        which cards to rewrite, add or hide; it asks the registry only for what a card needs and
        it does not know yet (a new project's stage moves, a new team member's name) and for the
        counts when an entry appeared or disappeared.
        """
        self._add_feed_lines(changes)
        touched: dict[str, Change] = {}
        for change in changes:
            self._follow(change)
            if change.entry_id:
                touched[change.entry_id] = change
        if not touched:
            return
        new_cards = []
        for entry_id, change in touched.items():
            card = self.cards.get(entry_id)
            if self._shows(change.entry):
                if card is None:
                    new_cards.append(self._card(change.entry))
                else:
                    card.value = self.card_html(change.entry)
                    card.layout.display = ""
            elif card is not None:  # hidden, unpublished or no longer matching the filters
                card.layout.display = "none"
        if new_cards:
            self.new_box.children = [*reversed(new_cards), *self.new_box.children]
        if any(c.action in ("register", "hide", "unhide") or "status" in c.changed
               for c in touched.values()):
            self._update_summary()

    def start_live(self) -> bool:
        """Start following the registry every ``poll_seconds``; False where no event loop runs
        (outside Jupyter and Voila), where :meth:`poll` applies the changes on demand."""
        return self.poller.start()

    def stop_live(self) -> None:
        self.poller.stop()

    def poll(self) -> int:
        """Apply the registry's new changes now; return how many there were."""
        return self.poller.poll_once()
