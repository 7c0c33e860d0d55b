"""The public showcase: cards for every published entry, filters, project timelines, a live feed.

Filters (kind, hashtag, stage, language, text) run as registry searches. The activity feed and the
cards follow the registry live (:class:`~h4og_kit.widgets.live.LivePoller`): a changed entry's
card is rewritten in place, a new matching entry gets a card under "New since you opened this
page", and the feed grows at the top. Nothing already shown is rendered again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as w

from h4og_kit.html import banner, esc, kind_plural
from h4og_kit.html.cards import entry_card
from h4og_kit.html.feed import feed_line
from h4og_kit.html.timeline import stage_moves, timeline
from h4og_kit.registry.access import is_public
from h4og_kit.registry.errors import EntryNotFound, ValidationError
from h4og_kit.registry.models import DISPLAY_ORDER
from h4og_kit.widgets.live import LivePoller
from h4og_kit.widgets.page import row

if TYPE_CHECKING:
    from h4og_kit.registry import Registry
    from h4og_kit.registry.entries import Change, Entry

BOARD_KINDS = DISPLAY_ORDER  # every kind, as the entry models order them (projects first)
_CARD_LAYOUT = {"width": "21rem", "margin": "0"}


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
        self.stages = [(stage.name, stage.label) for stage in registry.stages.stages]
        self._stage_labels = dict(self.stages)
        self._names: dict[str, str] = {}
        self.cards: dict[str, w.HTML] = {}
        self._feed_entries: dict[str, str | None] = {}  # feed line (model id) -> its entry
        self._offset = 0

        style = {"description_width": "initial"}
        self.kind_filter = w.Dropdown(
            options=[("All kinds", "")] + [(kind_plural(k), k) for k in BOARD_KINDS],
            description="Show", style=style)
        self.tag_filter = w.Text(description="Hashtag", placeholder="#languages",
                                 continuous_update=False, style=style)
        self.stage_filter = w.Dropdown(options=[("Any stage", "")] + [(l, n) for n, l in self.stages],
                                       description="Stage", style=style)
        self.language_filter = w.Text(description="Language", placeholder="fi",
                                      continuous_update=False, style=style)
        self.text_filter = w.Text(description="Search", placeholder="words",
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
        self.more_button = w.Button(description="Show more", icon="chevron-down",
                                    tooltip="Show the next cards")
        self.more_button.on_click(lambda _: self.show_more())
        # items are appended and shown newest first, so adding one never redraws the others
        self.feed_box = w.VBox(layout=w.Layout(flex_flow="column-reverse"))
        self.feed_box.add_class("h4og-feed")
        feed = w.VBox([w.HTML('<h2 id="h4og-feed-title">Live activity</h2>'), self.feed_box],
                      layout=w.Layout(width="22rem", min_width="16rem", padding="0 0 0 1rem"))
        main = w.VBox([self.filter_message, self.summary, self.new_box, self.cards_box, self.more_button],
                      layout=w.Layout(flex="1"))
        self.children = [
            row(*self.filters),
            w.HBox([main, feed], layout=w.Layout(align_items="flex-start")),
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
                "Search: " + "; ".join(exc.errors.values()) + ".", "warning")
            return []
        self.filter_message.value = ""
        return found

    def _query(self, limit: int | None, offset: int) -> list[Entry]:
        return self.registry.search(
            text=self.text_filter.value or None,
            kind=self.kind_filter.value or BOARD_KINDS,
            tags=self.tag_filter.value.split() or None,
            stage=self.stage_filter.value or None,
            language=self.language_filter.value.strip() or None,
            status="published", limit=limit, offset=offset,
        )

    def _name(self, entry_id: str) -> str:
        if entry_id not in self._names:
            try:
                entry = self.registry.get(entry_id)
                public = entry.kind == "person" and entry.fields.get("status") == "published"
                self._names[entry_id] = entry.fields.get("title") if public else entry_id
            except EntryNotFound:
                self._names[entry_id] = entry_id
        return self._names[entry_id]

    def card_html(self, entry: Entry) -> str:
        progress = ""
        if entry.kind == "project":
            moves = stage_moves(self.registry.history(entry.id))
            progress = timeline(entry.fields.get("stage"), self.stages, moves)
        return entry_card(entry, names=self._name, progress=progress)

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
        parts = [f"{counts[k]} {kind_plural(k).lower()}" for k in BOARD_KINDS if counts.get(k)]
        self.summary.value = f'<p class="h4og-meta">{esc(" · ".join(parts) or "No entries yet.")}</p>'

    # -- live updates -------------------------------------------------------------------------------

    def _load_feed(self) -> int:
        """Fill the feed with the latest changes; return the cursor after them."""
        cursor, recent = 0, []
        while True:
            changes, after = self.registry.changes_since(cursor, limit=1000)
            if not changes:
                break
            recent = [*recent, *changes][-self.feed_size * 3:]  # some show nothing (drafts...)
            cursor = after
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
        """Bring the cards and the feed up to date with ``changes`` (from ``changes_since``)."""
        self._add_feed_lines(changes)
        touched: dict[str, Change] = {c.entry_id: c for c in changes if c.entry_id}
        if not touched:
            return
        for change in touched.values():
            if change.entry is not None and change.entry.kind == "person":
                self._names.pop(change.entry_id, None)
        matching = {e.id: e for e in self._search(None)}
        new_cards = []
        for entry_id, change in touched.items():
            card = self.cards.get(entry_id)
            if entry_id in matching:
                if card is None:
                    new_cards.append(self._card(matching[entry_id]))
                else:
                    card.value = self.card_html(matching[entry_id])
                    card.layout.display = ""
            elif card is not None:  # hidden, unpublished or no longer matching the filters
                card.layout.display = "none"
        if new_cards:
            self.new_box.children = [*reversed(new_cards), *self.new_box.children]
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
