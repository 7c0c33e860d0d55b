"""RegistrationForm against a real temporary registry: register, validate, edit, conflicts, stages."""

from __future__ import annotations

from html import escape
from urllib.parse import parse_qs, urlsplit

import pytest
from widget_helpers import HOSTILE_TITLES, assert_no_markup_from

from h4og_kit.widgets import RegistrationForm

pytest_plugins = ["widget_fixtures"]


def _register_project(reg, title="Sámi place names", **fields):
    form = RegistrationForm(reg, "project", page_url="http://127.0.0.1:8866/voila/render/register.ipynb")
    form.input("title").value = title
    for name, value in fields.items():
        form.input(name).value = value
    return form, form.save()


def test_registering_shows_the_token_once_with_a_working_edit_link(registry):
    form, entry = _register_project(registry, summary="Link place names to Wikidata",
                                    keywords="#languages, #maps")
    assert entry is not None and entry.kind == "project"
    stored = registry.get(entry.id)
    assert stored.fields["title"] == "Sámi place names"
    assert stored.fields["keywords"] == ["#languages", "#maps"]
    token_field, link_field = form.token_box.children[1:]
    assert token_field.description == "Your edit token"
    link = urlsplit(link_field.value)
    assert link.path == "/voila/render/register.ipynb"
    query = parse_qs(link.query)
    assert query == {"edit": [entry.id], "token": [token_field.value]}
    assert "shown only now" in form.token_box.children[0].value
    # the token really edits the entry
    updated = registry.update(entry.id, {"summary": "changed"}, token=token_field.value)
    assert updated.version == 2
    # after registering, the form edits that entry
    assert form.save_button.description == "Save changes"
    assert form.kind_picker.disabled


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles_are_stored_as_typed_and_shown_as_text(registry, title):
    form, entry = _register_project(registry, title)
    assert registry.get(entry.id).fields["title"] == title
    assert_no_markup_from([title], form)
    assert escape(title, quote=True) in form.token_box.children[0].value


def test_a_bad_link_is_reported_next_to_its_field_and_the_draft_stays(registry):
    form, entry = _register_project(registry, summary="kept", **{"links.demo": "example.org/demo"})
    assert entry is None
    assert "must start with http:// or https://" in form.error_text("links.demo")
    assert form.error_text("title") == ""
    assert "Nothing was saved" in form.message.value
    assert form.input("title").value == "Sámi place names"
    assert form.input("summary").value == "kept"
    assert form.input("links.demo").value == "example.org/demo"
    assert registry.counts()["kind"] == {}
    # fixing the field and saving again works, and clears the message
    form.input("links.demo").value = "https://example.org/demo"
    saved = form.save()
    assert saved is not None and saved.fields["links"]["demo"] == "https://example.org/demo"
    assert form.error_text("links.demo") == ""


def test_an_empty_title_and_a_bad_language_are_marked(registry):
    form = RegistrationForm(registry, "tool")
    form.input("languages").value = "en, not a tag"
    assert form.save() is None
    assert form.error_text("title") == '<span role="alert">Title: Field required</span>'
    assert "is not a BCP 47 language tag" in form.error_text("languages")
    assert form.input("languages").value == "en, not a tag"


def test_the_stage_shows_the_missing_checks_before_and_after_saving(registry):
    form = RegistrationForm(registry, "project")
    form.input("title").value = "Map"
    form.input("stage").value = "research"
    hint = form.error_text("stage")
    assert "To reach Research this project still needs" in hint
    assert "at least one team member" in hint and "goals" in hint
    assert form.save() is None
    assert "Cannot move to research yet" in form.error_text("stage")
    assert registry.counts()["kind"] == {}
    form.input("stage").value = "idea"
    assert form.error_text("stage") == ""
    assert form.save().fields["stage"] == "idea"


def test_the_edit_link_loads_the_entry_and_saves_a_new_version(demo):
    entry, token = demo.register("project", {"title": "Edit me", "goals": "find names"})
    form = RegistrationForm(demo, entry_id=entry.id, token=token)
    assert form.kind == "project" and form.input("title").value == "Edit me"
    assert form.input("goals").value == "find names"
    assert "Editing \u201cEdit me\u201d" in form.message.value
    form.input("team").value = "demo-person-aino"
    form.input("stage").value = "team"
    assert form.error_text("stage") == ""
    saved = form.save()
    assert saved.version == 2 and saved.fields["stage"] == "team"
    assert "Saved Edit me (version 2)" in form.message.value
    assert form.save() is not None and "Nothing changed" in form.message.value


def test_a_wrong_token_is_refused_by_the_registry_and_the_draft_stays(registry):
    entry, _ = registry.register("tool", {"title": "Tool"})
    form = RegistrationForm(registry, entry_id=entry.id, token="h4og_not-the-token")
    form.input("summary").value = "my draft"
    assert form.save() is None
    assert "this token may not change" in form.message.value
    assert form.input("summary").value == "my draft"
    assert registry.get(entry.id).fields["summary"] == ""


def test_an_unknown_entry_says_so(registry):
    form = RegistrationForm(registry, entry_id="project-nope", token="x")
    assert escape("no entry has the id 'project-nope'. Check the edit link.") in form.message.value
    assert form.loaded is None


def test_a_stale_editor_gets_the_conflict_and_nothing_is_overwritten(registry):
    entry, token = registry.register("project", {"title": "Shared", "summary": "v1"})
    first = RegistrationForm(registry, entry_id=entry.id, token=token)
    second = RegistrationForm(registry, entry_id=entry.id, token=token)
    first.input("summary").value = "first editor"
    assert first.save().version == 2
    second.input("summary").value = "second editor"
    assert second.save() is None
    assert "Conflict: someone else saved this entry" in second.message.value
    assert "Your changes were NOT saved" in second.message.value
    comparison = second.conflict_box.children[0].value
    assert "first editor" in comparison and "second editor" in comparison
    assert registry.get(entry.id).fields["summary"] == "first editor"
    assert second.input("summary").value == "second editor"
    keep = second.conflict_box.children[1].children[0]
    assert keep.description == "Keep my draft"
    keep.click()
    saved = second.save()
    assert saved.version == 3 and saved.fields["summary"] == "second editor"
    # the other choice: load their version into the form
    first.input("summary").value = "stale again"
    assert first.save() is None
    first.conflict_box.children[1].children[1].click()
    assert first.input("summary").value == "second editor"
    assert first.loaded.version == 3


def test_switching_kind_keeps_the_shared_fields(registry):
    form = RegistrationForm(registry, "project")
    form.input("title").value = "Typed once"
    form.input("summary").value = "also kept"
    form.kind_picker.value = "tool"
    assert form.input("title").value == "Typed once"
    assert form.input("summary").value == "also kept"
    with pytest.raises(KeyError):
        form.input("stage")
    assert form.save().kind == "tool"


def test_a_person_registers_with_a_private_email_and_consent(registry):
    form = RegistrationForm(registry, "person")
    form.input("name").value = "Ada"
    form.input("email").value = "ada@example.org"
    form.input("time_zone").value = "Europe/Helsinki"
    form.input("skills").value = "Python, SPARQL"
    form.input("contact_consent").value = True
    entry = form.save()
    assert entry.fields["title"] == "Ada"
    public = registry.get(entry.id)
    assert "email" not in public.fields and public.fields["contact_consent"] is True
    token = form.token_box.children[1].value
    assert registry.get(entry.id, token=token).fields["email"] == "ada@example.org"
    # the owner's edit view shows their own e-mail
    again = RegistrationForm(registry, entry_id=entry.id, token=token)
    assert again.input("email").value == "ada@example.org"
    form.input("time_zone").value = "Mars/Olympus"
    assert form.save() is None
    assert "is not an IANA time zone name" in form.error_text("time_zone")
