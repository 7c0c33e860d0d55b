"""The registration form and the organizers' panel speak the visitor's language: under the
pseudo-locale ``en-XA`` every label, help text, placeholder, option, button and message comes out
accented between ⟦ and ⟧, so a string that was never marked for translation shows up as plain
English here. What people typed (titles, ids, links) stays as typed."""

from __future__ import annotations

import re

import ipywidgets as w
from pseudo_locale import pseudo

from h4og_kit.html import esc
from h4og_kit.registry.models import KINDS
from h4og_kit.widgets import AdminPanel, RegistrationForm

pytest_plugins = ["widget_fixtures"]

#: Placeholders that are formats rather than words (a web address, a time zone, a date): they
#: read the same in every language, so they are not marked.
FORMATS = re.compile(r"https://|Europe/Helsinki|\d{4}-\d\d-\d\dT[\d:+]+")
TITLE = "Sámi place names"


def translated(text: str) -> bool:
    return "⟦" in text


def _controls(widget):
    """Every widget in a tree."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _controls(child)


def _check_inputs(form: RegistrationForm) -> None:
    for row in form.fields_box.children:
        field, _error, hint, *_names = row.children
        assert translated(field.description), field.description
        if hint.value:
            assert translated(hint.value), hint.value
        placeholder = getattr(field, "placeholder", "")
        if placeholder and not FORMATS.fullmatch(placeholder):
            assert translated(placeholder), placeholder
        if hasattr(field, "search"):  # the team picker: its search field's placeholder
            assert translated(field.search.placeholder)
        if isinstance(field, w.Dropdown):
            options = field.options
            if any(value == "Europe/Helsinki" for _label, value in options):
                options = options[:1]  # "(not set)"; the cities are CLDR's (test_views_language)
            assert all(translated(label) for label, _value in options), options


def test_the_form_speaks_the_visitors_language(registry, pseudo_locale):
    form = RegistrationForm(registry, "project")
    assert translated(form.kind_picker.description)
    assert all(translated(label) for label, _kind in form.kind_picker.options)
    assert [kind for _label, kind in form.kind_picker.options] == list(KINDS)  # values are codes
    assert translated(form.save_button.description) and translated(form.save_button.tooltip)
    for kind in KINDS:
        form.kind_picker.value = kind
        _check_inputs(form)
    form.kind_picker.value = "workshop"
    assert [value for _label, value in form.input("level").options] == [
        "", "beginner", "intermediate", "advanced"]
    assert form.input("level").options[1][0] == pseudo("Beginner")


def test_the_stage_hint_and_the_stage_refusal_are_translated(registry, pseudo_locale):
    form = RegistrationForm(registry, "project")
    form.input("title").value = TITLE
    form.input("stage").value = "research"
    hint = form.error_text("stage")
    assert pseudo("To reach {stage} this project still needs:").format(
        stage=pseudo("Research")) in hint
    assert pseudo("{need} (for {stage})").format(need=pseudo("goals"),
                                                 stage=pseudo("Research")) in hint
    assert form.save() is None
    assert pseudo("Cannot move to {stage} yet. Missing:").format(
        stage=pseudo("Research")) in form.error_text("stage")
    message = form.message.value
    assert pseudo("Nothing was saved, not even your other changes: this project cannot move to "
                  "{stage} yet.").format(stage=pseudo("Research")) in message
    (button,) = form.conflict_box.children[0].children
    assert button.description == pseudo("Save at {stage} instead").format(stage=pseudo("Idea"))


def test_field_messages_are_translated_and_keep_the_draft(registry, pseudo_locale):
    form = RegistrationForm(registry, "project")
    form.input("summary").value = "x" * 312
    form.input("links.demo").value = "example.org/demo"
    assert form.save() is None
    title_error = form.error_text("title")
    assert translated(title_error) and pseudo("Title") in title_error  # the missing field, named
    summary = form.error_text("summary")
    assert translated(summary) and "280" in summary and "312" in summary
    assert translated(form.error_text("links.demo"))
    assert translated(form.message.value)
    assert form.input("summary").value == "x" * 312


def test_registering_and_editing_speak_the_visitors_language(registry, pseudo_locale):
    form = RegistrationForm(registry, "tool")
    form.input("title").value = TITLE
    entry = form.save()
    (box,) = form.token_box.children
    assert TITLE in box.value and entry.id in box.value
    for words in ("Your edit link", "Your edit token", "Copy the edit link", "Copy the edit token",
                  "Download as a text file", "Copied."):
        assert esc(pseudo(words)) in box.value, words
    assert translated(form.save_button.description)
    assert form.save() is not None and translated(form.message.value)  # nothing changed
    form.input("summary").value = "changed"
    form.save()
    assert translated(form.message.value) and TITLE in form.message.value
    token = form.token
    again = RegistrationForm(registry, entry_id=entry.id, token=token)
    assert translated(again.message.value) and TITLE in again.message.value
    refused = RegistrationForm(registry, entry_id=entry.id, token="h4og_wrong")
    assert translated(refused.message.value)


def test_a_conflict_is_explained_in_the_visitors_language(registry, pseudo_locale):
    entry, token = registry.register("project", {"title": TITLE, "summary": "v1"})
    first = RegistrationForm(registry, entry_id=entry.id, token=token)
    second = RegistrationForm(registry, entry_id=entry.id, token=token)
    first.input("summary").value = "first editor"
    first.save()
    second.input("summary").value = "second editor"
    assert second.save() is None
    assert translated(second.message.value)
    comparison, buttons = second.conflict_box.children
    assert comparison.value.count("⟦") >= 5  # caption, three headers, the field's label
    assert "first editor" in comparison.value and "second editor" in comparison.value
    keep, load = buttons.children
    assert all(translated(text) for text in (keep.description, keep.tooltip, load.description,
                                             load.tooltip))
    keep.click()
    assert translated(second.conflict_box.children[0].value)


def test_the_admin_panel_speaks_the_organizers_language(demo, organizer, pseudo_locale):
    panel = AdminPanel(demo)
    assert translated(panel.token.description) and translated(panel.open_button.description)
    panel.token.value = "not-it"
    assert translated(panel.message.value)
    panel.token.value = organizer
    assert panel.is_open and translated(panel.message.value)
    for control in _controls(panel.tools):
        if isinstance(control, w.HTML) and control.value:
            assert translated(control.value), control.value  # the section headings
        if isinstance(control, (w.Button, w.Checkbox)) or control is panel.entry_picker:
            assert translated(control.description), control.description
    assert all(translated(label) for label, _fmt in panel.export_format.options)
    assert [fmt for _label, fmt in panel.export_format.options] == [
        "json", "datapackage", "csv", "html"]
    titles = [label for label, _id in panel.entry_picker.options]
    assert any("Demo: The Met Open Access (demo-collection-met, collection)" in label
               for label in titles)  # titles, ids and kinds stay as they are
    panel.entry_picker.value = "demo-tool-wdqs"
    hide = next(b for b in panel.entry_buttons.children if b.description == pseudo("Hide"))
    hide.click()
    assert translated(panel.message.value) and "demo-tool-wdqs" in panel.message.value
    assert any(f"(demo-tool-wdqs, tool, {pseudo('hidden')})" in label
               for label, _id in panel.entry_picker.options)
    panel.lock_event.click()
    assert translated(panel.message.value)
    panel.unlock_event.click()
    panel.export_format.value = "json"
    assert panel.export() is not None
    assert translated(panel.download.value) and "h4og-archive.json" in panel.download.value


def test_typed_language_tags_are_named_in_the_visitors_language(registry):
    """CLDR names the languages typed in a field of language tags, as the visitor reads them."""
    from h4og_kit import i18n

    with i18n.speaking("fi"):
        form = RegistrationForm(registry)
        row = form._rows["languages:list"]
        row.children[0].value = "fi, sw, se"
        assert "suomi, swahili, pohjoissaame" in row.children[-1].value
    with i18n.speaking("zh"):
        form = RegistrationForm(registry)
        form._rows["languages:list"].children[0].value = "ar"
        assert "阿拉伯语" in form._rows["languages:list"].children[-1].value
