"""One card everywhere: the board, matchmaking and the static showcase page render an entry with
the same h4og_kit.html card; kinds, plurals and sections come from the entry models; typed text
is isolated for its script direction."""

from __future__ import annotations

import re

from h4og_kit.html import entry_card, feed_line, kind_label, kind_plural, tk_label_name
from h4og_kit.html.showcase import render
from h4og_kit.registry.archive import export

pytest_plugins = ["widget_fixtures"]


def test_the_static_page_shows_the_same_cards_as_the_board(demo, tmp_path):
    from h4og_kit.widgets import ProjectBoard

    board = ProjectBoard(demo, live=False)
    page = export(demo, tmp_path / "show.html", fmt="html").read_text(encoding="utf-8")
    assert len(board.cards) == page.count("<article") == 16
    for entry_id, card in board.cards.items():
        assert card.value in page, entry_id  # timeline, team names, TK label names and all


def test_the_static_page_lists_kinds_in_the_models_order_with_their_plurals(demo, tmp_path):
    page = export(demo, tmp_path / "show.html", fmt="html").read_text(encoding="utf-8")
    assert re.findall(r'<section id="(\w+)"><h2>(\w+)</h2>', page) == [
        ("project", "Projects"), ("challenge", "Challenges"), ("collection", "Collections"),
        ("tool", "Tools"), ("workshop", "Workshops"), ("person", "People")]
    assert '<a href="#person">People (5)</a>' in page
    assert "TK Attribution (TK A)" in page and "<style>" in page and "<script" not in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page


def test_the_board_filters_kinds_in_the_same_order_and_words(demo):
    from h4og_kit.widgets import ProjectBoard

    board = ProjectBoard(demo, live=False)
    assert board.kind_filter.options == (
        ("All kinds", ""), ("Projects", "project"), ("Challenges", "challenge"),
        ("Collections", "collection"), ("Tools", "tool"), ("Workshops", "workshop"),
        ("People", "person"))
    assert [kind_label(k) for k in ("project", "person")] == ["Project", "Person"]
    assert kind_plural("person") == "People" and kind_label("sponsor") == "sponsor"


def test_typed_text_is_isolated_for_its_script_direction(registry):
    person, _ = registry.register("person", {"name": "ليلى", "role": "باحثة", "city": "عمّان",
                                             "skills": ["SPARQL"], "contact_consent": True,
                                             "social_links": {"مدونة": "https://blog.example/"}})
    project, _ = registry.register("project", {
        "title": "خرائط الأسماء!", "summary": "أسماء الأماكن", "description": "سطر\nسطر",
        "team": [person.id], "keywords": ["#لغات"]})
    card = entry_card(registry.get(project.id), names=lambda m: "ليلى" if m == person.id else m)
    assert '<h3 dir="auto">خرائط الأسماء!</h3>' in card
    assert '<p dir="auto">أسماء الأماكن</p>' in card
    assert '<p class="h4og-desc" dir="auto">سطر\nسطر</p>' in card
    assert "Team: <bdi>ليلى</bdi>" in card and '<bdi class="h4og-tag">#لغات</bdi>' in card
    people = entry_card(registry.get(person.id))
    assert '<p class="h4og-meta"><bdi>باحثة</bdi> · <bdi>عمّان</bdi></p>' in people
    assert '<bdi>مدونة</bdi></a>' in people
    change = registry.changes_since(0)[0][-1]
    assert feed_line(change, {}).endswith(
        "New project: <strong><bdi>خرائط الأسماء!</bdi></strong></div>")


def test_collections_show_their_label_names_not_codes(registry):
    entry, _ = registry.register("collection", {"title": "Songs", "tk_labels": ["tkcv", "bcp"]})
    card = entry_card(registry.get(entry.id))
    assert tk_label_name("tkcv") in card and tk_label_name("bcp") in card
    assert ">tkcv<" not in card and tk_label_name("nope") == "nope"


def test_the_page_shows_only_published_records_and_no_emails():
    records = [
        {"id": "p1", "kind": "person", "featured": False,
         "fields": {"title": "Ada", "name": "Ada", "status": "published", "email": "a@x.org",
                    "social_links": {"Blog": "https://a.example/"}, "contact_consent": False}},
        {"id": "t1", "kind": "tool", "featured": True,
         "fields": {"title": "Draft tool", "status": "draft"}},
    ]
    page = render(records, title='Our <"event">', exported="2025-11-18T00:00:00Z")
    assert "a@x.org" not in page and "https://a.example/" not in page and "Draft tool" not in page
    assert "<title>Our &lt;&quot;event&quot;&gt;</title>" in page
    assert "1 published entry<" in page and "Exported Nov 18, 2025, 00:00 UTC" in page
