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
    assert form.error_text("title") == '<span role="alert">\u201cTitle\u201d is required.</span>'
    assert ("\u201cLanguages\u201d, item 2 is not a language tag (\u201cnot a tag\u201d)"
            in form.error_text("languages"))
    assert form.input("languages").value == "en, not a tag"


def test_the_stage_shows_the_missing_checks_before_and_after_saving(registry):
    form = RegistrationForm(registry, "project")
    form.input("title").value = "Map"
    form.input("stage").value = "research"
    hint = form.error_text("stage")
    assert "To reach Research this project still needs" in hint
    assert "at least one team member" in hint and "goals" in hint
    assert form.save() is None
    assert "Cannot move to Research yet" in form.error_text("stage")
    assert "goals (for Research)" in form.error_text("stage")
    assert registry.counts()["kind"] == {}
    form.input("stage").value = "idea"
    assert form.error_text("stage") == ""
    assert form.save().fields["stage"] == "idea"


def test_the_edit_link_loads_the_entry_and_saves_a_new_version(demo):
    entry, token = demo.register("project", {"title": "Edit me", "goals": "find names"})
    form = RegistrationForm(demo, entry_id=entry.id, token=token)
    assert form.kind == "project" and form.input("title").value == "Edit me"
    assert form.input("goals").value == "find names"
    assert "Editing \u201c<bdi>Edit me</bdi>\u201d" in form.message.value
    form.input("team").value = "demo-person-aino"
    form.input("stage").value = "team"
    assert form.error_text("stage") == ""
    saved = form.save()
    assert saved.version == 2 and saved.fields["stage"] == "team"
    assert "Saved <bdi>Edit me</bdi> (version 2)" in form.message.value
    assert form.save() is not None and "Nothing changed" in form.message.value


def test_a_token_revoked_after_loading_is_refused_and_the_draft_stays(registry):
    entry, token = registry.register("tool", {"title": "Tool"})
    form = RegistrationForm(registry, entry_id=entry.id, token=token)
    registry.rotate_token(entry.id, token)  # e.g. the owner rotated it in another tab
    form.input("summary").value = "my draft"
    assert form.save() is None
    assert "this token may not change" in form.message.value
    assert form.input("summary").value == "my draft"
    assert registry.get(entry.id).fields["summary"] == ""


REFUSED = "Nothing was opened: this edit link does not open an entry"


@pytest.mark.parametrize("status", ["published", "draft", "hidden", None])
def test_a_wrong_edit_link_opens_nothing_and_says_the_same_for_every_entry(registry, organizer,
                                                                           status):
    """Whatever the entry (published, draft, hidden or none at all), a wrong token fills no
    field: nothing of the entry reaches the page, and the message gives nothing away."""
    from widget_helpers import html_values

    entry_id = "project-nope"
    if status:
        entry, _ = registry.register("project", {"title": "Secret plans", "summary": "internal",
                                                 "status": status}, token=organizer)
        entry_id = entry.id
    for token in ("h4og_not-the-token", "", None):
        form = RegistrationForm(registry, entry_id=entry_id, token=token)
        assert form.loaded is None and REFUSED in form.message.value
        assert form.input("title").value == "" and form.input("summary").value == ""
        assert not any("Secret plans" in v or "internal" in v for v in html_values(form))


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


# -- bad input and unexpected errors: a message, never a silent failure ---------------------------

def test_a_workshop_date_out_of_range_is_marked_on_its_field(registry):
    form = RegistrationForm(registry, "workshop")
    form.input("title").value = "IIIF basics"
    form.input("start").value = "0001-01-01T00:00:00+05:00"  # was an OverflowError, then nothing
    form.input("end").value = "9999-12-31T23:00:00-05:00"
    assert form.save() is None
    assert form.error_text("start") == (
        '<span role="alert">\u201cStarts\u201d must be a date between 1970 and 2100 (got year 1).'
        '</span>')
    assert "must be a date between 1970 and 2100 (got year 9999)" in form.error_text("end")
    assert "Nothing was saved: please check the fields marked below." in form.message.value
    assert form.input("start").value == "0001-01-01T00:00:00+05:00"
    assert registry.counts()["kind"] == {}
    form.input("start").value = "2025-11-18T14:00:00+02:00"
    form.input("end").value = "2025-11-18T15:30:00+02:00"
    assert form.save().fields["start"] == "2025-11-18T12:00:00Z"


def test_an_invisible_title_or_name_is_marked_and_kept_as_typed(registry):
    form = RegistrationForm(registry, "project")
    form.input("title").value = "\u200b\u200f "
    assert form.save() is None
    assert ("\u201cTitle\u201d must contain at least one visible character"
            in form.error_text("title"))
    assert form.input("title").value == "\u200b\u200f "
    form.kind_picker.value = "person"
    form.input("name").value = "\u3164"
    assert form.save() is None
    assert ("\u201cYour name\u201d must contain at least one visible character"
            in form.error_text("name"))
    form.input("name").value = "\u200f\u0644\u064a\u0644\u0649\u200f"
    assert form.save().fields["name"] == "\u200f\u0644\u064a\u0644\u0649\u200f"


def _broken(message, error=RuntimeError):
    def fail(*args, **kwargs):
        raise error(message)
    return fail


def test_an_unexpected_error_on_register_shows_a_message_and_keeps_the_draft(
        registry, monkeypatch, caplog):
    form = RegistrationForm(registry, "person")
    form.input("name").value = "Ada"
    form.input("email").value = "ada@example.org"
    form.input("skills").value = "Python, SPARQL"
    monkeypatch.setattr(registry, "register", _broken(
        "(sqlite3.OperationalError) disk I/O error for ada@example.org\n"
        "[SQL: INSERT INTO h4og_entries VALUES (?, ?)]\n[parameters: ('ada@example.org', 'x')]"))
    with caplog.at_level("ERROR", logger="h4og_kit"):
        assert form.save() is None
    message = form.message.value
    assert ("Something went wrong and nothing was saved: RuntimeError: (sqlite3.OperationalError) "
            "disk I/O error for [hidden]. Your draft is still in the form; please try again or "
            "tell an organizer.") in message
    assert 'role="alert"' in message
    assert "ada@example.org" not in message and "parameters" not in message
    assert form.input("name").value == "Ada" and form.input("skills").value == "Python, SPARQL"
    assert form.input("email").value == "ada@example.org"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "registration form: unexpected error on save of person entry" in logged
    assert "RuntimeError" in logged
    assert "ada@example.org" not in logged and "parameters" not in logged
    # once the database is back, the same draft saves
    monkeypatch.undo()
    assert form.save().fields["name"] == "Ada"


def test_an_unexpected_error_on_update_hides_the_token(registry, monkeypatch, caplog):
    entry, token = registry.register("tool", {"title": "Tool"})
    form = RegistrationForm(registry, entry_id=entry.id, token=token)
    form.input("summary").value = "my draft"
    monkeypatch.setattr(registry, "update", _broken(f"token {token} broke the database"))
    with caplog.at_level("ERROR", logger="h4og_kit"):
        assert form.save() is None
    assert "Something went wrong and nothing was saved" in form.message.value
    assert token not in form.message.value and "[hidden]" in form.message.value
    assert all(token not in r.getMessage() for r in caplog.records) and caplog.records
    assert form.input("summary").value == "my draft"
    assert registry.get(entry.id).version == 1


def test_an_overflow_anywhere_in_saving_is_reported(registry, monkeypatch):
    form = RegistrationForm(registry, "workshop")
    form.input("title").value = "Kept"
    monkeypatch.setattr(registry, "register", _broken("date value out of range", OverflowError))
    assert form.save() is None
    assert "nothing was saved: OverflowError: date value out of range" in form.message.value
    assert form.input("title").value == "Kept"


def test_an_error_after_the_registry_saved_does_not_claim_nothing_was_saved(registry, monkeypatch):
    form = RegistrationForm(registry, "tool")
    form.input("title").value = "Saved anyway"
    monkeypatch.setattr(RegistrationForm, "_registered", _broken("widget trouble"))
    assert form.save() is None
    (entry,) = registry.search(kind="tool")
    assert f"Your entry was saved as {entry.id} (version 1), but then something went wrong" in (
        form.message.value)
    assert "nothing was saved" not in form.message.value


def test_an_unexpected_error_on_opening_an_entry_shows_a_message(registry, monkeypatch, caplog):
    entry, token = registry.register("tool", {"title": "Tool"})
    for name in ("get", "open_for_edit"):  # whichever the form uses to open an entry
        monkeypatch.setattr(registry, name, _broken("database is locked"), raising=False)
    with caplog.at_level("ERROR", logger="h4og_kit"):
        form = RegistrationForm(registry, entry_id=entry.id, token=token)
    assert "Something went wrong while opening the entry: RuntimeError: database is locked" in (
        form.message.value)
    assert form.loaded is None
    assert any("unexpected error on load" in r.getMessage() for r in caplog.records)
    assert all(token not in r.getMessage() for r in caplog.records)


# -- fields from the entry models ------------------------------------------------------------------

def test_the_form_offers_what_the_models_declare(registry):
    from h4og_kit.registry.models import KINDS, form_fields

    form = RegistrationForm(registry, "project")
    assert form.kind_picker.options[0] == ("Person (you)", "person")
    assert [value for _, value in form.kind_picker.options] == list(KINDS)
    for kind in KINDS:
        form.kind_picker.value = kind
        for spec in form_fields(kind):
            widget = form.input(spec.name)
            assert widget.description == spec.label
        assert [row.children[0] for row in form.fields_box.children] == [
            form.input(spec.name) for spec in form_fields(kind)]
    form.kind_picker.value = "workshop"
    assert [value for _, value in form.input("level").options] == [
        "", "beginner", "intermediate", "advanced"]


def test_a_person_adds_their_own_links_one_per_line(registry):
    form = RegistrationForm(registry, "person")
    form.input("name").value = "Layla — ليلى"
    form.input("contact_consent").value = True
    form.input("social_links").value = ("Mastodon https://example.social/@layla\n\n"
                                        "  My blog https://blog.example/layla  \n")
    entry = form.save()
    assert entry.fields["social_links"] == {"Mastodon": "https://example.social/@layla",
                                            "My blog": "https://blog.example/layla"}
    token = form.token_box.children[1].value
    again = RegistrationForm(registry, entry_id=entry.id, token=token)
    assert again.input("social_links").value == ("Mastodon https://example.social/@layla\n"
                                                 "My blog https://blog.example/layla")
    again.input("social_links").value = "Mastodon https://example.social/@layla"
    assert again.save().fields["social_links"] == {"Mastodon": "https://example.social/@layla"}


def test_a_bad_link_line_is_marked_on_the_links_field_and_kept(registry):
    form = RegistrationForm(registry, "person")
    form.input("name").value = "Ada"
    typed = "Blog javascript:alert(1)\nhttps://no-label.example/"
    form.input("social_links").value = typed
    assert form.save() is None
    message = form.error_text("social_links")
    assert message.startswith('<span role="alert">\u201cMy links\u201d, ')
    assert "must start with http:// or https://" in message or "cannot be empty" in message
    assert form.input("social_links").value == typed
    assert registry.counts()["kind"] == {}
