"""MatchMaker and AdminPanel on the demo registry; the organizer token gates what it should."""

from __future__ import annotations

import io
import json
import zipfile
from html import escape

from widget_helpers import assert_no_markup_from

from h4og_kit.widgets import AdminPanel, MatchMaker

pytest_plugins = ["widget_fixtures"]


def test_a_person_sees_fitting_projects_with_reasons(demo):
    view = MatchMaker(demo)
    assert ("Demo: Kwame Example", "demo-person-kwame") in view.person_picker.options
    view.person_picker.value = "demo-person-kwame"
    expected = demo.recommend_projects("demo-person-kwame", view.limit)
    assert [m.entry.id for m in expected] == ["demo-project-labels", "demo-project-placenames"]
    cards = [card.value for card in view.for_person.children]
    assert len(cards) == 2
    assert "Demo: TK labels in the catalogue" in cards[0]
    assert "<li>shares: JavaScript</li>" in cards[0]
    assert f"Fit {expected[0].score:g}: why" in cards[0]


def test_a_project_sees_only_people_who_agreed_to_be_contacted(demo):
    view = MatchMaker(demo)
    view.project_picker.value = "demo-project-labels"
    shown = " ".join(card.value for card in view.for_project.children)
    assert "Demo: Layla Example" in shown and "Demo: Kwame Example" in shown
    assert "Demo: Mere Example" not in shown  # no contact consent
    assert "<li>shares: metadata and JavaScript</li>" in shown
    view.project_picker.value = ""
    assert view.for_project.children[0].value == '<p class="h4og-meta"></p>'


def test_a_person_without_fitting_projects_is_told_what_to_do(registry):
    registry.register("project", {"title": "P", "skills_needed": ["SPARQL"]})
    person, _ = registry.register("person", {"name": "<b>New</b>", "skills": ["knitting"]})
    view = MatchMaker(registry)
    view.person_picker.value = person.id
    assert "add some to your entry" in view.for_person.children[0].value
    assert_no_markup_from(["<b>New</b>"], view)


def test_suggested_teams_need_the_organizer_token(demo, organizer):
    view = MatchMaker(demo)
    view.organizer_token.value = "wrong"
    assert view.suggest_teams() is None
    assert "Only organizers can see suggested teams" in view.teams.value
    view.organizer_token.value = organizer
    view.team_size.value = 3
    view.suggest_button.click()
    plan = demo.suggest_teams(3, token=organizer)
    for project_id in plan.teams:
        title = demo.get(project_id).fields["title"]
        assert f"<td>{escape(title)}</td>" in view.teams.value
    assert "Skills covered" in view.teams.value and "Optimal plan" in view.teams.value


def _widget_state(widget) -> str:
    """Everything a widget tree sends to the browser, as one text."""
    import ipywidgets as w

    states = [json.dumps(widget.get_state(), default=str)]
    children = list(getattr(widget, "children", ()))
    if isinstance(widget, w.Dropdown):
        states.append(json.dumps(widget._options_labels))
    return "".join(states) + "".join(_widget_state(child) for child in children)


def test_admin_shows_nothing_about_entries_without_the_organizer_token(demo, organizer):
    demo.hide("demo-tool-wdqs", organizer)
    hidden_title = demo.get("demo-tool-wdqs").fields["title"]
    panel = AdminPanel(demo)
    assert not panel.is_open and hidden_title not in _widget_state(panel)
    panel.token.value = "not-it"
    assert not panel.is_open and "only an organizer" in panel.message.value
    assert panel.entry_picker.options == () and hidden_title not in _widget_state(panel)
    panel.open_button.click()
    assert not panel.is_open
    # the registry refuses too, whatever the page does
    hide = panel.entry_buttons.children[0]
    assert hide.description == "Hide"
    panel.entry_picker.options = [("x", "demo-tool-h4og")]
    panel.entry_picker.value = "demo-tool-h4og"
    hide.click()
    assert "Hide: only an organizer (H4OG_ADMIN_TOKEN) may hide or show entries" in panel.message.value
    assert demo.get("demo-tool-h4og").fields["status"] == "published"
    panel.lock_event.click()
    assert not demo.is_locked()
    assert panel.export() is None and "Only an organizer may export" in panel.download.value
    # the right token opens the tools; a wrong one afterwards closes them again
    panel.token.value = organizer
    assert panel.is_open and hidden_title in _widget_state(panel)
    panel.token.value = "not-it-either"
    assert not panel.is_open and hidden_title not in _widget_state(panel)


def test_admin_hides_features_locks_and_exports(demo, organizer):
    panel = AdminPanel(demo)
    panel.token.value = organizer
    buttons = {b.description: b for b in panel.entry_buttons.children}
    panel.entry_picker.value = "demo-tool-wdqs"
    buttons["Hide"].click()
    assert demo.get("demo-tool-wdqs").fields["status"] == "hidden"
    assert "Hide: done for demo-tool-wdqs." in panel.message.value
    assert any(label.endswith("(demo-tool-wdqs, tool, hidden)")
               for label, _ in panel.entry_picker.options)
    buttons["Show again"].click()
    buttons["Feature"].click()
    assert demo.get("demo-tool-wdqs").featured
    buttons["Lock entry"].click()
    assert demo.get("demo-tool-wdqs").locked
    panel.lock_event.click()
    assert demo.is_locked() and "Editing is locked" in panel.message.value
    panel.unlock_event.click()
    assert not demo.is_locked()

    demo.register("person", {"name": "Private", "email": "private@example.org"})
    panel.export_format.value = "json"
    archive = json.loads(panel.export())
    assert len(archive["entries"]) == 17 and 'download="h4og-archive.json"' in panel.download.value
    assert "private@example.org" not in json.dumps(archive)
    panel.export_private.value = True
    assert "private@example.org" in json.dumps(json.loads(panel.export()))
    panel.export_format.value = "datapackage"
    names = zipfile.ZipFile(io.BytesIO(panel.export())).namelist()
    assert "h4og-archive/datapackage.json" in names


# -- reaching a match, and lists as fresh as the visit ---------------------------------------------

def _project_and_person(registry, **person):
    registry.register("project", {"title": "Place names", "skills_needed": ["SPARQL"],
                                  "links": {"chat": "https://chat.example.org/places"}})
    entry, _ = registry.register("person", {"name": "<b>Ana</b>", "skills": ["SPARQL"],
                                            "email": "ana@example.org", **person})
    return entry


def test_a_match_who_agreed_shows_how_to_reach_them(registry):
    _project_and_person(registry, contact_consent=True,
                        social_links={"<i>Masto</i>": "https://example.social/@ana"},
                        links={"chat": "https://chat.example.org/ana"})
    view = MatchMaker(registry)
    project = next(v for _, v in view.project_picker.options if v)
    view.project_picker.value = project
    card = view.for_project.children[0].value
    assert "How to reach <bdi>&lt;b&gt;Ana&lt;/b&gt;</bdi>:" in card
    assert ('<a href="https://chat.example.org/ana" target="_blank" '
            'rel="noopener noreferrer nofollow">Chat</a>') in card
    assert ('<a href="https://example.social/@ana" target="_blank" '
            'rel="noopener noreferrer nofollow"><bdi>&lt;i&gt;Masto&lt;/i&gt;</bdi></a>') in card
    assert "ana@example.org" not in card and "mailto:" not in card
    assert_no_markup_from(["<b>Ana</b>", "<i>Masto</i>"], view)
    # the person sees how to reach the project's team
    view.person_picker.value = next(v for _, v in view.person_picker.options if v)
    assert ("How to reach the team:</strong> <a href=\"https://chat.example.org/places\""
            in view.for_person.children[0].value)


def test_a_match_without_links_says_whom_to_ask(demo):
    view = MatchMaker(demo)
    view.project_picker.value = "demo-project-labels"
    shown = " ".join(card.value for card in view.for_project.children)
    assert ("<bdi>Demo: Layla Example — ليلى</bdi> agreed to be contacted but left no chat or "
            "profile link: ask the organizers to put you in touch.") in shown


def test_nobody_is_reachable_without_consent(registry):
    from h4og_kit.widgets.matchmaker import contact_html

    entry = _project_and_person(registry, contact_consent=False,
                                social_links={"Masto": "https://example.social/@ana"},
                                links={"chat": "https://chat.example.org/ana"})
    assert contact_html(entry) == ""
    view = MatchMaker(registry)
    view.project_picker.value = next(v for _, v in view.project_picker.options if v)
    assert "example.social" not in _widget_state(view)
    assert "Nobody who agreed to be contacted" in view.for_project.children[0].value


def test_the_lists_are_read_when_the_visitor_arrives_and_on_refresh(registry, monkeypatch):
    from h4og_kit.widgets import context

    def visitor_arrives():  # a person registers while the preheated kernel waits
        registry.register("person", {"name": "Early bird", "skills": ["SPARQL"]})

    monkeypatch.setattr(context, "wait_for_visitor", visitor_arrives)
    view = MatchMaker(registry)
    assert [label for label, _ in view.person_picker.options] == ["(choose yourself)",
                                                                  "Early bird"]
    early = view.person_picker.options[1][1]
    view.person_picker.value = early
    registry.register("person", {"name": "Late comer"})
    registry.register("project", {"title": "SPARQL tour", "skills_needed": ["SPARQL"]})
    assert "Late comer" not in [label for label, _ in view.person_picker.options]
    view.refresh_button.click()
    assert [label for label, _ in view.person_picker.options] == [
        "(choose yourself)", "Early bird", "Late comer"]
    assert view.person_picker.value == early  # still chosen, its matches shown afresh
    assert "SPARQL tour" in view.for_person.children[0].value
    assert ("SPARQL tour", view.project_picker.options[1][1]) == view.project_picker.options[1]
