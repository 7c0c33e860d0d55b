"""ProjectBoard on the demo registry: filters, timelines, consent, escaping, live in-place updates."""

from __future__ import annotations

import asyncio

from widget_helpers import HOSTILE_TITLES, assert_no_markup_from

from h4og_kit.html.times import short_date
from h4og_kit.widgets import ProjectBoard
from h4og_kit.widgets.live import LivePoller

pytest_plugins = ["widget_fixtures"]


def _shown(board) -> list[str]:
    return [entry_id for entry_id, card in board.cards.items() if card.layout.display != "none"]


def test_the_board_shows_every_published_demo_entry_with_counts(demo):
    board = ProjectBoard(demo, live=False)
    assert len(board.cards) == 16
    assert board.summary.value == ('<p class="h4og-meta">3 projects · 1 challenge · 3 collections'
                                   " · 2 tools · 2 workshops · 5 people</p>")
    labels = board.cards["demo-project-labels"].value
    assert "Demo: TK labels in the catalogue" in labels
    assert "Show Traditional Knowledge labels next to catalogue records." in labels
    # the feed starts with the latest activity: here the demo seed
    assert any("New project: <strong><bdi>Demo: IIIF story viewer</bdi></strong>" in item.value
               for item in board.feed_box.children)


def test_filters_narrow_the_cards(demo):
    board = ProjectBoard(demo, live=False)
    board.kind_filter.value = "project"
    assert sorted(board.cards) == ["demo-project-iiif-stories", "demo-project-labels",
                                   "demo-project-placenames"]
    board.tag_filter.value = "#languages"
    assert sorted(board.cards) == ["demo-project-placenames"]
    board.tag_filter.value = ""
    board.stage_filter.value = "prototype"
    assert sorted(board.cards) == ["demo-project-iiif-stories"]
    board.stage_filter.value = ""
    board.kind_filter.value = ""
    board.language_filter.value = "mi"
    assert sorted(board.cards) == ["demo-collection-community", "demo-person-mere"]
    board.language_filter.value = ""
    board.text_filter.value = "wikidata"
    assert "demo-project-placenames" in board.cards and "demo-tool-wdqs" in board.cards
    assert "demo-person-kwame" not in board.cards


def test_project_cards_carry_a_timeline_of_stage_moves(demo, organizer):
    entry = demo.update("demo-project-labels", {"team": ["demo-person-mere"], "stage": "team"},
                        token=organizer)
    board = ProjectBoard(demo, live=False)
    card = board.cards["demo-project-labels"].value
    assert 'aria-label="Progress: stage Team"' in card
    assert '<li class="h4og-done" aria-current="step" title="Team">Team</li>' in card
    assert '<li title="Research">Research</li>' in card
    registered = demo.history("demo-project-labels")[0].saved
    day = short_date  # the day each stage was reached, as CLDR writes it in English
    assert (f'<p class="h4og-moves">Idea {day(registered)} → Team {day(entry.updated)}</p>'
            in card)
    assert "Team: <bdi>Demo: Mere Example</bdi>" in card


def test_people_appear_only_as_they_consented(registry):
    shy, _ = registry.register("person", {
        "name": "Shy", "email": "shy@example.org", "contact_consent": False,
        "social_links": {"Mastodon": "https://example.social/@shy"}})
    open_, _ = registry.register("person", {
        "name": "Open", "contact_consent": True,
        "social_links": {"Mastodon": "https://example.social/@open"}})
    draft, _ = registry.register("person", {"name": "Draft", "status": "draft"})
    board = ProjectBoard(registry, live=False)
    assert sorted(board.cards) == sorted([shy.id, open_.id])
    assert "example.social/@shy" not in board.cards[shy.id].value
    assert "example.social/@open" in board.cards[open_.id].value
    assert all("shy@example.org" not in card.value for card in board.cards.values())
    assert draft.id not in board.cards


def test_hostile_titles_show_as_text_on_cards_and_in_the_feed(registry):
    board = ProjectBoard(registry, live=False)
    for title in HOSTILE_TITLES:
        registry.register("project", {"title": title, "summary": title, "keywords": [title]})
    assert board.poll() == 2
    assert_no_markup_from(HOSTILE_TITLES, board)
    assert "&lt;img src=x onerror=alert(1)&gt;" in board.new_box.children[0].value + \
        board.new_box.children[1].value


def test_live_changes_update_cards_in_place_without_redrawing(demo, organizer):
    board = ProjectBoard(demo, live=False)
    shown = board.cards_box.children
    story = board.cards["demo-project-iiif-stories"]
    feed_before = board.feed_box.children

    entry, _ = demo.register("project", {"title": "Brand new", "keywords": ["#maps"]})
    demo.update("demo-project-iiif-stories", {"summary": "Now with audio"}, token=organizer)
    assert board.poll() == 2
    assert board.cards_box.children == shown  # the same card widgets, nothing redrawn
    assert board.cards["demo-project-iiif-stories"] is story
    assert "Now with audio" in story.value
    assert [c.value for c in board.new_box.children] == [board.cards[entry.id].value]
    assert board.feed_box.children[: len(feed_before)] == feed_before
    assert "New project: <strong><bdi>Brand new</bdi></strong>" in board.feed_box.children[-2].value
    assert "was updated (Summary)" in board.feed_box.children[-1].value
    assert board.poll() == 0  # nothing new: nothing sent


def test_a_hidden_entry_or_one_leaving_the_filter_disappears(demo, organizer):
    board = ProjectBoard(demo, live=False)
    board.kind_filter.value = "project"
    demo.hide("demo-project-labels", organizer)
    board.poll()
    assert "demo-project-labels" not in _shown(board)
    board.stage_filter.value = "idea"
    entry, token = demo.register("project", {"title": "Moves on"})
    board.poll()
    assert entry.id in _shown(board)
    demo.update(entry.id, {"team": ["demo-person-aino"], "stage": "team"}, token=token)
    board.poll()
    assert entry.id not in _shown(board)
    assert any("Moves on</bdi></strong> moved from Idea to Team" in item.value
               for item in board.feed_box.children)


def test_show_more_appends_the_next_page(demo):
    board = ProjectBoard(demo, page_size=5, live=False)
    first = board.cards_box.children
    assert len(first) == 5 and board.more_button.layout.display == ""
    board.show_more()
    assert board.cards_box.children[:5] == first and len(board.cards_box.children) == 10
    board.show_more()
    board.show_more()
    assert len(board.cards_box.children) == 16 and board.more_button.layout.display == "none"


def test_the_poller_runs_on_an_event_loop(registry):
    seen: list[str] = []
    poller = LivePoller(registry, lambda changes: seen.extend(c.entry_id for c in changes),
                        interval=0.02)

    async def scenario():
        assert poller.start()
        entry, _ = registry.register("tool", {"title": "Polled"})
        for _ in range(200):
            if seen:
                break
            await asyncio.sleep(0.02)
        poller.stop()
        return entry

    entry = asyncio.run(scenario())
    assert seen == [entry.id]
    assert not poller.running
    assert LivePoller(registry, print).start() is False  # no loop here: poll on demand instead


def test_hiding_an_entry_removes_its_lines_from_an_open_feed(demo, organizer):
    board = ProjectBoard(demo, live=False)
    spam, _ = demo.register("challenge", {"title": "Buy cheap pills"})
    demo.update("demo-project-labels", {"summary": "Labels beside records"}, token=organizer)
    board.poll()
    assert any("Buy cheap pills" in item.value for item in board.feed_box.children)
    demo.hide(spam.id, organizer)
    board.poll()
    assert not any("Buy cheap pills" in item.value for item in board.feed_box.children)
    assert any("Demo: TK labels in the catalogue" in item.value
               for item in board.feed_box.children)  # other lines stay
    # an entry its owner turns back into a draft leaves the feed too
    draft, token = demo.register("tool", {"title": "Half-done tool"})
    board.poll()
    assert any("Half-done tool" in item.value for item in board.feed_box.children)
    demo.update(draft.id, {"status": "draft"}, token=token)
    board.poll()
    assert not any("Half-done tool" in item.value for item in board.feed_box.children)


def test_a_search_of_too_many_words_says_so_and_the_board_keeps_working(demo):
    board = ProjectBoard(demo, live=False)
    board.text_filter.value = " ".join(["word"] * 1000)
    assert "at most 32 words (this one has 1000)" in board.filter_message.value
    assert _shown(board) == []
    board.tag_filter.value = " ".join(f"#t{i}" for i in range(1000))
    assert "at most 16 hashtags" in board.filter_message.value
    board.text_filter.value = board.tag_filter.value = ""
    assert board.filter_message.value == "" and len(_shown(board)) == 16
    demo.register("tool", {"title": "Still live"})
    board.text_filter.value = " ".join(["word"] * 1000)
    board.poll()  # a live update under a refused search does not break the board
    assert "at most 32 words" in board.filter_message.value


def _statements(registry):
    """A counter of the SQL statements run on the registry from now on (SQLite's BEGIN too)."""
    from sqlalchemy import event

    seen = []
    event.listen(registry.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    return seen


def test_a_change_costs_the_open_board_only_its_poll(demo, organizer):
    """The change carries the entry: the board rewrites the card, its timeline and the feed
    from it, without reading the entry, its history or the counts again; a name it has not seen
    yet costs one query restricted to that id."""
    board = ProjectBoard(demo, live=False)
    demo.update("demo-project-labels", {"team": ["demo-person-mere"]}, token=organizer)
    seen = _statements(demo)
    assert board.poll() == 1
    assert len(seen) == 4 and "h4og_entries.id IN" in seen[3]  # (BEGIN, poll), (BEGIN, new name)
    assert "Demo: Mere Example" in board.cards["demo-project-labels"].value
    demo.set_stage("demo-project-labels", "team", token=organizer)
    seen.clear()
    assert board.poll() == 1
    assert len(seen) == 2 and "h4og_activity" in seen[1]  # BEGIN and the poll itself
    assert 'aria-current="step" title="Team"' in board.cards["demo-project-labels"].value


def test_the_page_opens_with_the_last_changes_only(demo, organizer):
    for i in range(60):
        demo.update("demo-tool-h4og", {"summary": f"edit {i}"}, token=organizer)
    seen = _statements(demo)
    board = ProjectBoard(demo, live=False, feed_size=5)
    assert len(board.feed_box.children) == 5
    recent, moves = [s for s in seen if "h4og_activity" in s]
    assert "LIMIT" in recent  # the last changes, not the whole log
    assert "h4og_activity.entry_id IN" in moves  # the timelines of the projects shown
    assert board.poller.cursor == demo.cursor()


def test_in_memory_matching_agrees_with_the_registry_search(demo):
    """What a live board decides from a change is what a search would answer."""
    from h4og_kit.registry.search_keys import matches

    entries = demo.search(limit=None, status="published")
    for filters in ({}, {"text": "wikidata"}, {"tags": ["#languages"]}, {"language": "mi"},
                    {"kinds": ("project",), "stages": ("prototype",)}, {"text": "demo labels"},
                    {"tags": ["#LANGUAGES"], "text": "PLACE"}):
        found = {e.id for e in demo.search(
            text=filters.get("text"), kind=filters.get("kinds"), tags=filters.get("tags"),
            stage=filters.get("stages"), language=filters.get("language"), status="published",
            limit=None)}
        assert found == {e.id for e in entries if matches(e.kind, e.fields, **filters)}, filters
