"""Hostile text in every field of every kind never reaches a page as markup.

The fields come from the entry models, so a field added later is filled with hostile text too:
every field that accepts free text gets ``<img src=x onerror=alert(1)>"'&</textarea><script>``
(after a short tag naming the field), every web address a hostile URL, a person's own links
hostile labels, and a project's team a person whose name is hostile. Then every view that shows
entries (board cards and feed, live updates, matchmaking, schedule, organizer tools, form
messages) and every export is checked: no hostile piece appears unescaped in any HTML, the data
exports keep the text exactly as typed, and the private e-mail appears nowhere public.

:func:`test_the_check_catches_a_field_rendered_raw` proves the check works: a card that renders
one field without escaping (the description, the ethical considerations, the host, a team name)
fails it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel
from widget_helpers import html_values

from h4og_kit.html import esc
from h4og_kit.registry import Registry, ValidationError
from h4og_kit.registry.archive import export
from h4og_kit.registry.models import KINDS, validate_fields

pytest_plugins = ["widget_fixtures"]

HOSTILE = '<img src=x onerror=alert(1)>"\'&</textarea><script>'
#: A person's link labels have at most 40 characters: the hostile text in two halves.
HOSTILE_KEYS = ('<img src=x onerror=alert(1)>"\'&', '</textarea><script>"\'&')
HOSTILE_URL = 'https://example.org/?q="\'><script>alert(1)</script>&x=<img/src=x/onerror=alert(1)>'
#: What must never appear in HTML as it was typed: each would be markup or end an attribute.
RAW = ("<img src=x", "<img/src=x", "</textarea>", "<script>", "\"'&", "\"'>")

#: Fields that only take a value from a vocabulary (or a date, a yes/no): valid values here.
#: A new constrained field without a sample makes the test say so.
SAMPLES: dict[str, Any] = {
    "languages": ["ar"], "language": "ar", "time_zone": "Asia/Amman", "level": "beginner",
    "stage": "idea", "status": "published", "tk_labels": ["tka", "tkcv"],
    "start": "2025-11-18T13:00:00Z", "end": "2025-11-18T14:00:00Z", "contact_consent": True,
}
#: Fields that refer to other entries: filled with real ids after the people are registered.
REFERENCES = ("team",)


def _candidates(tag: str) -> list[Any]:
    text = tag + HOSTILE
    return [text, [text], {f"{tag}{HOSTILE_KEYS[0]}": HOSTILE_URL,
                           f"{tag}{HOSTILE_KEYS[1]}": HOSTILE_URL}, HOSTILE_URL,
            f"{tag}<img/src=x>\"'&@example.org"]  # an e-mail address


def _typed(value: Any) -> str:
    """The hostile text in a field's value (a list's item, a dict's first key)."""
    if isinstance(value, list):
        return value[0]
    if isinstance(value, dict):
        return next(key for key in value if HOSTILE_KEYS[0] in key)
    return value


def _stored(kind: str, base: dict[str, Any], name: str, value: Any, stages) -> Any:
    """What the registry stores for ``value`` in field ``name``, or ValidationError if refused."""
    try:
        return validate_fields(kind, {**base, name: value}, stage_names=stages)[name]
    except ValidationError as exc:
        return exc


def _nested(model: type[BaseModel], tag: str) -> dict[str, Any]:
    from pydantic import ValidationError as Refused

    out = {}
    for i, name in enumerate(model.model_fields):
        for candidate in _candidates(f"{tag}{i}"):
            try:
                model.model_validate({name: candidate})
            except Refused:
                pass
            else:
                out[name] = candidate
                break
    return out


def hostile_fields(kind: str, stages, tags: dict[str, str]) -> dict[str, Any]:
    """Every field of ``kind`` filled with the most hostile value it accepts; ``tags`` gets the
    hostile text typed into each field (``F07<img src=x ...``), by ``kind.field``."""
    model = KINDS[kind]
    required = "name" if kind == "person" else "title"
    base: dict[str, Any] = {required: f"F{len(tags):02d}{HOSTILE}"}
    tags[f"{kind}.{required}"] = base[required]
    fields = dict(base)
    for name, info in model.model_fields.items():
        if name in fields or name in REFERENCES:
            continue
        annotation = info.annotation
        nested = next((a for a in (annotation, *getattr(annotation, "__args__", ()))
                       if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if nested is not None:
            fields[name] = _nested(nested, f"N{len(tags):02d}")
            continue
        tag = f"F{len(tags):02d}"
        outcomes = [(c, _stored(kind, base, name, c, stages)) for c in _candidates(tag)]
        accepted = [c for c, stored in outcomes if stored == c]
        if accepted:
            fields[name] = accepted[0]
            if accepted[0] != HOSTILE_URL:
                tags[f"{kind}.{name}"] = _typed(accepted[0])
        elif any(not isinstance(stored, ValidationError) for _, stored in outcomes):
            continue  # accepted but replaced: derived from other fields (license_category ...)
        elif name in SAMPLES:
            fields[name] = SAMPLES[name]
        else:
            pytest.fail(f"{kind}.{name} takes no hostile text: add a valid sample to SAMPLES")
    return fields


@pytest.fixture
def hostile(tmp_path, organizer):
    """A registry with one published entry of every kind, every field hostile, a person (who
    agreed to be contacted) on the project's team; and the tags of the fields."""
    reg = Registry(f"sqlite:///{tmp_path / 'hostile.sqlite3'}")
    stages = tuple(reg.stages.names)
    tags: dict[str, str] = {}
    entries = {}
    for kind in ("person", *(k for k in KINDS if k != "person")):
        fields = hostile_fields(kind, stages, tags)
        if kind == "project":
            fields["team"] = [entries["person"][0].id]
            fields["skills_needed"] += entries["person"][0].fields["skills"]
        entries[kind] = reg.register(kind, fields)
    yield reg, entries, tags
    reg.close()


def assert_escaped(html: str, where: str) -> None:
    """No piece of the hostile text appears unescaped in ``html``."""
    for raw in RAW:
        assert raw not in html, f"unescaped {raw!r} in {where}: ...{_around(html, raw)}..."


def _around(html: str, raw: str) -> str:
    at = html.find(raw)
    return html[max(0, at - 120):at + 60]


def assert_tree_escaped(widget, where: str) -> list[str]:
    values = list(html_values(widget))
    for value in values:
        assert_escaped(value, where)
    return values


def shown_fields(html: str, tags: dict[str, str]) -> set[str]:
    """The fields whose hostile text appears (escaped) in ``html``."""
    return {name for name, typed in tags.items() if esc(typed) in html}


def test_every_text_field_of_every_kind_is_hostile(hostile):
    """The check covers what the models hold: every free-text field of every kind."""
    reg, entries, tags = hostile
    for kind, (entry, token) in entries.items():
        stored = reg.get(entry.id, token=token).fields
        for name in KINDS[kind].model_fields:
            if f"{kind}.{name}" in tags:
                assert tags[f"{kind}.{name}"] == _typed(stored[name]), (kind, name)
    assert {"project.description", "collection.ethical_considerations", "challenge.host",
            "person.name", "person.email", "person.organization", "project.goals",
            "workshop.requirements", "collection.rights", "project.owner"} <= set(tags)
    person = entries["person"][0].fields
    assert all(any(half in key for half in HOSTILE_KEYS) for key in person["social_links"])


def test_board_cards_and_feed_show_every_field_as_text(hostile, organizer):
    from h4og_kit.widgets import ProjectBoard

    reg, entries, tags = hostile
    board = ProjectBoard(reg, live=False)
    values = assert_tree_escaped(board, "the board")
    cards = {entry_id: card.value for entry_id, card in board.cards.items()}
    assert sorted(cards) == sorted(e.id for e, _ in entries.values())
    shown = shown_fields("".join(cards.values()), tags)
    # what a card shows of each kind, the team member's hostile name included
    assert {"project.title", "project.summary", "project.description", "project.keywords",
            "project.skills_needed", "person.title", "person.role", "person.organization",
            "person.city", "person.country", "person.skills", "person.interests",
            "person.social_links", "collection.institution", "collection.country",
            "collection.ethical_considerations", "challenge.host", "workshop.title",
            "tool.description"} <= shown, sorted(set(tags) - shown)
    project_card = cards[entries["project"][0].id]
    assert f"Team: <bdi>{esc(entries['person'][0].fields['title'])}</bdi>" in project_card
    assert "TK Attribution (TK A)" in cards[entries["collection"][0].id]  # names, not codes
    assert any("New project: <strong><bdi>" in v for v in values)
    # live: a changed entry's card and the feed line of the change
    reg.update(entries["challenge"][0].id, {"host": "X" + HOSTILE, "summary": HOSTILE},
               token=organizer)
    reg.register("tool", {"title": HOSTILE, "summary": HOSTILE})
    assert board.poll() == 2
    assert_tree_escaped(board, "the board after live updates")
    assert esc("X" + HOSTILE) in board.cards[entries["challenge"][0].id].value


def test_matchmaking_shows_people_and_projects_as_text(hostile, organizer):
    from h4og_kit.widgets import MatchMaker

    reg, entries, tags = hostile
    project = entries["project"][0]
    seeker, _ = reg.register("person", {  # not on the team yet: suggested to the project
        "name": "S" + HOSTILE, "skills": project.fields["skills_needed"][:1],
        "contact_consent": True, "social_links": {HOSTILE_KEYS[1]: HOSTILE_URL}})
    view = MatchMaker(reg)
    view.person_picker.value = seeker.id
    view.project_picker.value = project.id
    assert [c.value.count("<article") for c in view.for_person.children] == [1]
    assert [c.value.count("<article") for c in view.for_project.children] == [1]
    view.organizer_token.value = organizer
    assert view.suggest_teams() is not None
    values = "".join(assert_tree_escaped(view, "matchmaking"))
    assert {"project.title", "project.description", "project.skills_needed"} <= shown_fields(
        values, tags)
    assert esc("S" + HOSTILE) in values and esc(HOSTILE_KEYS[1]) in values


def test_the_schedule_shows_workshops_as_text(hostile):
    from h4og_kit.widgets import Schedule

    reg, _, tags = hostile
    view = Schedule(reg, [])
    values = assert_tree_escaped(view, "the schedule")
    assert "workshop.title" in shown_fields("".join(values), tags)


def test_organizer_tools_show_entries_as_text(hostile, organizer):
    from h4og_kit.widgets import AdminPanel

    reg, _, _ = hostile
    panel = AdminPanel(reg)
    panel.token.value = organizer
    assert_tree_escaped(panel, "the organizer tools")
    labels = [label for label, _ in panel.entry_picker.options]  # text of <option>, not HTML
    assert any(HOSTILE in label for label in labels)


def test_form_messages_show_typed_text_as_text(hostile):
    from h4og_kit.widgets import RegistrationForm

    reg, _, _ = hostile
    form = RegistrationForm(reg, "person")
    form.input("name").value = HOSTILE
    form.input("social_links").value = f"{HOSTILE_KEYS[0]} {HOSTILE_URL}\n{HOSTILE_URL}"
    assert form.save() is None
    assert_tree_escaped(form, "the form's field messages")
    assert "social_links" not in form.message.value  # the refused line is marked on its field
    assert form.error_text("social_links")
    form.input("time_zone").value = "Asia/Amman"
    form.input("social_links").value = f"{HOSTILE_KEYS[0]} {HOSTILE_URL}"
    entry = form.save()
    assert entry is not None and entry.fields["social_links"] == {HOSTILE_KEYS[0]: HOSTILE_URL}
    assert_tree_escaped(form, "the form after registering")
    token = form.token
    editor = RegistrationForm(reg, entry_id=entry.id, token=token)
    other = RegistrationForm(reg, entry_id=entry.id, token=token)
    assert editor.input("social_links").value == f"{HOSTILE_KEYS[0]} {HOSTILE_URL}"
    editor.input("summary").value = HOSTILE
    assert editor.save() is not None
    other.input("summary").value = "x" + HOSTILE
    assert other.save() is None  # the conflict table shows both versions
    for view in (editor, other):
        assert_tree_escaped(view, "the form's messages and conflict table")
    assert esc("x" + HOSTILE) in other.conflict_box.children[0].value


@pytest.mark.parametrize("private", [False, True])
def test_the_html_export_shows_every_field_as_text(hostile, tmp_path, organizer, private):
    reg, entries, tags = hostile
    page = export(reg, tmp_path / "show.html", fmt="html", private=private,
                  token=organizer if private else None).read_text(encoding="utf-8")
    assert_escaped(page, "the html export")
    assert page.count("<article") == len(entries)
    shown = shown_fields(page, tags)
    assert {"project.description", "collection.ethical_considerations", "challenge.host",
            "person.title", "person.social_links"} <= shown
    assert tags["person.email"] not in page  # private, even in the organizers' page


@pytest.mark.parametrize("fmt", ["json", "csv", "datapackage"])
def test_data_exports_keep_the_text_as_typed_and_the_email_private(hostile, tmp_path, fmt):
    reg, _, tags = hostile
    out = export(reg, tmp_path / f"out.{fmt}", fmt=fmt)
    files = [out] if out.is_file() else sorted(p for p in out.rglob("*") if p.is_file())
    text = "\n".join(p.read_text(encoding="utf-8") for p in files)
    assert tags["person.email"] not in text
    assert "&lt;" not in text and "&amp;" not in text  # data, never HTML-escaped
    values = "\n".join(_strings(json.loads(text)) if fmt == "json" else _cells(files))
    for name, typed in tags.items():
        if name != "person.email":
            assert typed in values, f"{name} is not in the {fmt} export as typed"


def _strings(value: Any):
    """Every string in a JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _cells(files):
    """Every cell of the CSV files (cells holding JSON opened up)."""
    import csv

    for path in files:
        if path.suffix != ".csv":
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    yield cell
                    if cell[:1] in ("{", "["):
                        yield from _strings(json.loads(cell))


@pytest.mark.parametrize("field", ["description", "ethical_considerations", "host", "team"])
def test_the_check_catches_a_field_rendered_raw(hostile, monkeypatch, field):
    """Break the card in one place (a field rendered without escaping) and the check fails."""
    from h4og_kit.html import cards
    from h4og_kit.widgets import ProjectBoard

    reg, _, _ = hostile
    real_details, real_block = cards._details, cards.block

    def raw_details(kind, f, names):
        built = real_details(kind, f, names)
        if field == "team" and kind == "project":
            return built + "".join(names(m) for m in f.get("team", []))
        if f.get(field) and field != "team":
            return built + str(f[field])
        return built

    def raw_block(tag, value, css_class="", **attrs):
        if field == "description" and css_class == "h4og-desc":
            return f"<{tag}>{value}</{tag}>"
        return real_block(tag, value, css_class, **attrs)

    monkeypatch.setattr(cards, "_details", raw_details)
    monkeypatch.setattr(cards, "block", raw_block)
    board = ProjectBoard(reg, live=False)
    with pytest.raises(AssertionError, match="unescaped"):
        assert_tree_escaped(board, "a broken board")
