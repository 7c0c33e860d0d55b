"""The explorers, schedule, matchmaker, board, matching reasons and credit lines speak the
viewer's language.

Under the pseudo-locale ``en-XA`` (tests/pseudo_locale.py) every marked message comes out as
``⟦Åççéñţéð·····⟧``: each control's label, placeholder and option label must be so marked, and
what people or sources wrote must not. No real catalog exists yet, so in Finnish, Arabic and
Chinese only what comes from CLDR (dates, hours, lists, numbers, time-zone cities, language
names) and from the official rights data (license titles) is checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import ipywidgets as w
import pytest
from widget_helpers import html_values

from h4og_kit import i18n
from h4og_kit.registry.entries import Entry
from h4og_kit.registry.matching import fit
from h4og_kit.rights import attribution
from h4og_kit.widgets import CollectionExplorer, MatchMaker, ProjectBoard, RightsExplorer, Schedule
from h4og_kit.widgets.schedule_view import zone_choices

pytest_plugins = ["widget_fixtures"]

MARK = "⟦"
BY_4 = {"title": "linnunpönttö koivussa", "creator": "Vikstedt, Topi",
        "url": "https://www.finna.fi/Record/museovirasto.CC0641BB5337F541CBD19169838BAC1F",
        "rights": "CC BY 4.0"}  # as in the recorded Finna response (test_rights_attribution.py)


@pytest.fixture
def every_language(monkeypatch):
    """The kit counts Finnish, Arabic, Chinese and Spanish as its languages (their catalogs are
    not written yet: the kit's own words stay English, CLDR's and the rights data's do not)."""
    monkeypatch.setattr(i18n, "available", lambda: ("en", "ar", "es", "fi", "zh"))


def interface_texts(widget: w.Widget) -> Iterator[tuple[str, str]]:
    """``(what, text)`` for every label, placeholder and option label under ``widget``."""
    for name in ("description", "placeholder"):
        text = getattr(widget, name, "")
        if text.strip("\u200b "):  # an HTML widget's placeholder is a zero-width space
            yield f"{type(widget).__name__}.{name}", text
    if isinstance(widget, w.Dropdown):
        for label in widget._options_labels:
            yield f"{widget.description} option", label
    for child in getattr(widget, "children", ()):
        yield from interface_texts(child)


def unmarked(widget: w.Widget, data: set[str] = frozenset()) -> list[tuple[str, str]]:
    """The interface texts under ``widget`` that are not translated, leaving out ``data``."""
    return [(what, text) for what, text in interface_texts(widget)
            if MARK not in text and text not in data]


# -- the pseudo-locale: every interface text is marked, no data is --------------------------------

def test_the_collection_explorer_is_all_marked(pseudo_locale):
    from h4og_kit.sources import SOURCES

    ex = CollectionExplorer("artic", query="")
    sources = {option for option, _name in ex.source_picker.options}
    assert sources == {f"{info.title} ({name})" for name, info in SOURCES.items()}  # names: data
    assert unmarked(ex, data=sources) == []
    assert MARK in ex.status.value and MARK in ex.page_label.value
    card = ex.results.children[0].children[0].value
    assert "The Madonna of the Rosary" in card and "⟦The Madonna" not in card
    record = ex.open_record(0)
    assert MARK in ex.detail.value and MARK in ex.terms.value
    assert f"<td>{record['title']}</td>" in ex.detail.value  # the record's words as given
    assert MARK in ex.credit.value and record["title"] in ex.credit.value
    ex.export_button.click()
    assert MARK in ex.export_link.value


def test_the_rights_explorer_is_all_marked(pseudo_locale):
    view = RightsExplorer(sources=("artic", "finna"), limit=20)
    assert unmarked(view) == []
    assert "<h3>⟦" in view.chart.value and "<h3>⟦" in view.values.value
    assert '<th scope="col">⟦' in view.values.value
    assert "<td><bdi>CC BY 4.0</bdi></td>" in view.values.value  # a raw rights value, as the source gave it
    assert view.check() is True and MARK in view.answer.value


def test_the_schedule_is_all_marked(pseudo_locale, demo):
    view = Schedule(demo, [], time_zone="Europe/Helsinki")
    cities = {label for label, _zone in view.zone_picker.options}
    assert unmarked(view, data=cities) == []  # city names come from CLDR
    assert MARK in view.ics_link.value
    assert 'class="h4og-hint">⟦' in view.listing.value
    assert 'h4og-badge-workshop">⟦' in view.listing.value
    assert "Demo: Open collections in one line of Python</" in view.listing.value


def test_the_matchmaker_is_all_marked(pseudo_locale, demo, organizer):
    view = MatchMaker(demo)
    titles = {label for picker in (view.person_picker, view.project_picker)
              for label, value in picker.options if value}
    assert "Demo: Kwame Example" in titles
    assert unmarked(view, data=titles) == []
    view.person_picker.value = "demo-person-kwame"
    card = view.for_person.children[0].value
    assert '<p class="h4og-meta">⟦' in card and "<li>⟦" in card and "JavaScript" in card
    view.organizer_token.value = organizer
    view.suggest_button.click()
    assert '<th scope="col">⟦' in view.teams.value and '<p class="h4og-meta">⟦' in view.teams.value


def test_the_board_is_all_marked(pseudo_locale, demo):
    board = ProjectBoard(demo, live=False)
    assert unmarked(board, data={"fi"}) == []  # the language filter's example is a code
    assert board.summary.value.startswith('<p class="h4og-meta">⟦')
    assert any('id="h4og-feed-title">⟦' in html for html in html_values(board))
    assert "Demo: TK labels in the catalogue" in board.cards["demo-project-labels"].value
    board.text_filter.value = " ".join(["word"] * 100)  # too many words: the registry refuses
    assert MARK in board.filter_message.value


def test_matching_reasons_and_credit_lines_are_marked(pseudo_locale):
    person = Entry("person-a", "person", 1, {"skills": ["SPARQL"], "languages": ["fi"],
                                              "time_zone": "Europe/Helsinki"}, "", "")
    project = Entry("project-x", "project", 1, {"skills_needed": ["sparql"], "languages": ["fi"]},
                    "", "")
    _score, reasons = fit(person, project, project_offset=2.0,
                          at=datetime(2025, 1, 15, 12, tzinfo=UTC))
    assert len(reasons) == 3 and all(MARK in reason for reason in reasons)
    assert "SPARQL" in reasons[0]  # the skill as the person typed it
    line = attribution(BY_4)
    assert MARK in line and "linnunpönttö koivussa" in line and "CC BY 4.0" in line


# -- real languages: what CLDR and the rights data give -------------------------------------------

def test_a_finnish_credit_line_names_the_license_in_finnish(every_language):
    with i18n.speaking("fi"):
        line = attribution(BY_4)
    assert "Nimeä 4.0 Kansainvälinen (https://creativecommons.org/licenses/by/4.0/)" in line
    assert "Nimeä 4.0 Kansainvälinen" in attribution(BY_4, lang="fi")  # asked for, any language
    assert "署名 4.0 国际" in attribution(BY_4, fmt="html", lang="zh")
    assert "is licensed under CC BY 4.0 (" in attribution(BY_4)  # English: the short name


def test_the_rights_explorer_shows_license_names_and_numbers_in_finnish(every_language):
    with i18n.speaking("fi"):
        view = RightsExplorer(sources=("artic", "finna"), limit=20)
    assert "Nimeä 4.0 Kansainvälinen</bdi></a>" in view.values.value
    assert "<td><bdi>CC BY 4.0</bdi></td>" in view.values.value  # the raw value stays
    assert "(100\xa0%)" in view.chart.value  # Finnish writes a space before the per cent sign


def test_a_finnish_schedule_writes_days_and_hours_the_finnish_way(every_language, registry):
    registry.register("workshop", {"title": "Avoimet kokoelmat", "language": "fi",
                                   "start": "2021-09-20T10:00:00Z", "end": "2021-09-20T11:30:00Z"})
    with i18n.speaking("fi"):
        view = Schedule(registry, [], time_zone="Europe/Helsinki")
    assert ">maanantai 20. syyskuuta 2021</time></h3>" in view.listing.value
    assert ">13.00–14.30</time>" in view.listing.value
    assert "suomi" in view.listing.value  # the workshop's language, named in Finnish
    assert ("Helsinki", "Europe/Helsinki") in view.zone_picker.options


@pytest.mark.parametrize(("lang", "city"), [("en", "Helsinki"), ("fi", "Helsinki"),
                                            ("ar", "هلسنكي"), ("zh", "赫尔辛基")])
def test_time_zones_are_named_by_their_city_in_the_viewer_language(every_language, lang, city):
    with i18n.speaking(lang):
        choices = zone_choices(i18n.cldr_locale())
    assert (city, "Europe/Helsinki") in choices.options
    assert choices.option_of["US/Central"] == "America/Chicago"  # an alias is the same zone
    labels = [label for label, _zone in choices.options]
    assert len(labels) == len(set(labels))  # no two zones look alike


def test_reasons_use_the_lists_numbers_and_language_names_of_cldr(every_language):
    person = Entry("person-a", "person", 1, {"skills": ["SPARQL", "Python"], "languages": ["fi"],
                                              "time_zone": "Asia/Kathmandu"}, "", "")
    project = Entry("project-x", "project", 1, {"skills_needed": ["python", "sparql"],
                                                "languages": ["fi"]}, "", "")
    winter = datetime(2025, 1, 15, 12, tzinfo=UTC)
    with i18n.speaking("fi"):
        _score, finnish = fit(person, project, project_offset=0.0, at=winter)
    with i18n.speaking("zh"):
        _score, chinese = fit(person, project, project_offset=0.0, at=winter)
    assert "Python ja SPARQL" in finnish[0] and "suomi" in finnish[1] and "5,75" in finnish[2]
    assert "Python和SPARQL" in chinese[0] and "芬兰语" in chinese[1]
