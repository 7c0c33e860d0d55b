"""RegistrationForm against a real temporary registry: register, validate, edit, conflicts, stages."""

from __future__ import annotations

import re
from html import escape, unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from widget_helpers import HOSTILE_TITLES, assert_no_markup_from

from h4og_kit.widgets import RegistrationForm

pytest_plugins = ["widget_fixtures"]


def _shown(form, css_class: str) -> str:
    """The text of the ``<code class=css_class>`` shown after registering (whole, as text)."""
    found = re.search(rf'<code class="{css_class}" dir="ltr">([^<]*)</code>',
                      form.token_box.children[0].value)
    return unescape(found.group(1))


def _copied(form) -> list[str]:
    """What the copy buttons shown after registering put on the clipboard."""
    return [unescape(text) for text in re.findall(r'data-h4og-copy="([^"]*)"',
                                                  form.token_box.children[0].value)]


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
    token, shown_link = _shown(form, "h4og-edit-token"), _shown(form, "h4og-edit-link")
    assert token == form.token and shown_link == form.edit_link
    link = urlsplit(shown_link)
    assert link.path == "/voila/render/register.ipynb"
    query = parse_qs(link.query)
    assert query == {"edit": [entry.id], "token": [token]}
    box = form.token_box.children[0].value
    assert "it is shown only this once" in box and "the only way to change the entry" in box
    assert 'data-h4og-scroll="' in box  # the page brings it into view
    assert _copied(form) == [shown_link, token]  # a copy button for each
    # the download holds both, and says what they are for
    download = re.search(r'download="([^"]+)" href="data:text/plain;charset=utf-8;base64,([^"]+)"',
                         box)
    assert download.group(1) == f"h4og-edit-link-{entry.id}.txt"
    import base64

    saved_text = base64.b64decode(download.group(2)).decode("utf-8")
    assert shown_link in saved_text and token in saved_text
    assert "Open this link to change your entry later:" in saved_text
    # the token really edits the entry
    updated = registry.update(entry.id, {"summary": "changed"}, token=token)
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
    form.input("team").take("Aino")  # picked by name
    assert form.input("team").value == ["demo-person-aino"]
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
    token = form.token
    assert registry.get(entry.id, token=token).fields["email"] == "ada@example.org"
    # the owner's edit view shows their own e-mail
    again = RegistrationForm(registry, entry_id=entry.id, token=token)
    assert again.input("email").value == "ada@example.org"
    assert again.input("time_zone").value == "Europe/Helsinki"
    with pytest.raises(Exception, match="Invalid selection"):  # only the zones of the list
        form.input("time_zone").value = "Mars/Olympus"


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
            assert widget.description == {"team": "Team members"}.get(spec.name, spec.label)
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
    token = form.token
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


# -- a failed stage check saves nothing, says so, and offers to save the rest ---------------------

def test_a_failed_stage_move_saves_nothing_keeps_the_draft_and_offers_the_rest(registry):
    entry, token = registry.register("project", {"title": "Map", "summary": "v1"})
    form = RegistrationForm(registry, entry_id=entry.id, token=token)
    form.input("summary").value = "a better summary"
    form.input("stage").value = "research"
    assert form.save() is None
    message = form.message.value
    assert "Nothing was saved, not even your other changes" in message
    assert "Your whole draft is still in the form" in message
    assert "save everything else now at Idea" in message
    assert "goals (for Research)" in form.error_text("stage")
    assert registry.get(entry.id).version == 1  # nothing at all was written
    assert form.input("summary").value == "a better summary"  # the draft stays whole
    assert form.input("stage").value == "research"
    (button,) = form.conflict_box.children[0].children
    assert button.description == "Save at Idea instead"
    button.click()
    saved = registry.get(entry.id)
    assert saved.version == 2 and saved.fields["summary"] == "a better summary"
    assert saved.fields["stage"] == "idea"
    assert "Saved <bdi>Map</bdi> (version 2)" in form.message.value
    assert form.conflict_box.children == ()


def test_a_new_project_that_misses_its_stage_can_register_at_the_stage_it_passes(registry):
    form = RegistrationForm(registry, "project")
    form.input("title").value = "Map"
    form.input("stage").value = "research"
    assert form.save() is None and registry.counts()["kind"] == {}
    (button,) = form.conflict_box.children[0].children
    assert button.description == "Save at Idea instead"
    button.click()
    assert registry.counts()["kind"] == {"project": 1}
    assert form.loaded.fields["stage"] == "idea" and form.token


def test_every_save_message_is_brought_into_view(registry):
    form = RegistrationForm(registry, "project")
    assert form.save() is None  # no title
    first = re.search(r'data-h4og-scroll="([^"]+)"', form.message.value).group(1)
    assert form.save() is None
    second = re.search(r'data-h4og-scroll="([^"]+)"', form.message.value).group(1)
    assert first != second  # the same message again is brought into view again


# -- team members by name -------------------------------------------------------------------------

def test_team_members_are_picked_by_name_and_stored_as_ids(demo):
    form = RegistrationForm(demo, "project")
    picker = form.input("team")
    assert "Demo: Aino Example" in picker.search.options
    assert not any(option.startswith("person-") for option in picker.search.options)
    picker.search.value = "Demo: Aino Example"  # picked from the list
    assert picker.value == ["demo-person-aino"] and picker.search.value == ""
    picker.take("aino")  # part of a name, any case: already a member, added once
    assert picker.value == ["demo-person-aino"]
    (chip,) = picker.members.children
    assert chip.description == "Demo: Aino Example"
    picker.take("Demo")
    assert "Several people match \u201cDemo\u201d" in picker.note.value
    picker.take("Nobody Such")
    assert "Nobody called \u201cNobody Such\u201d is registered" in picker.note.value
    assert picker.value == ["demo-person-aino"]
    form.input("title").value = "Team project"
    entry = form.save()
    assert entry.fields["team"] == ["demo-person-aino"]
    chip.click()  # removes Aino
    assert picker.value == [] and picker.members.children == ()


def test_the_picker_finds_people_who_registered_after_the_page_opened(registry):
    form = RegistrationForm(registry, "project")
    first, _ = registry.register("person", {"name": "Kim"})
    second, _ = registry.register("person", {"name": "Kim"})
    registry.register("person", {"name": "Hidden Draft", "status": "draft"})
    picker = form.input("team")
    picker.take("Kim")  # not in the list yet: read again, and two people are called Kim
    assert sorted(picker.search.options) == sorted([f"Kim ({first.id})", f"Kim ({second.id})"])
    assert "Several people match" in picker.note.value
    picker.take(f"Kim ({second.id})")
    assert picker.value == [second.id]
    picker.take("Hidden Draft")  # a draft is not public: not in the list
    assert "Nobody called" in picker.note.value and picker.value == [second.id]


def test_a_loaded_team_shows_names_and_an_unlisted_id_as_it_is(demo, organizer):
    entry, token = demo.register("project", {"title": "T", "team": ["demo-person-aino"]})
    form = RegistrationForm(demo, entry_id=entry.id, token=token)
    picker = form.input("team")
    assert picker.value == ["demo-person-aino"]
    assert [chip.description for chip in picker.members.children] == ["Demo: Aino Example"]
    assert picker.label("person-gone") == "person-gone"
    assert form.save() is not None and "Nothing changed" in form.message.value


# -- the time zone by city, the visitor's preselected ---------------------------------------------

def test_the_time_zone_is_picked_by_city_once_per_zone(registry):
    form = RegistrationForm(registry, "person")
    zone = form.input("time_zone")
    labels = {value: label for label, value in zone.options}
    assert labels["Europe/Helsinki"] == "Helsinki"
    assert labels[""] == "(not set)" and zone.value == ""
    assert "US/Central" not in labels and "America/Chicago" in labels  # aliases folded
    assert "Pick a city in your time zone" in form._rows["time_zone:zone"].children[2].value


def test_a_stored_alias_shows_as_its_city_and_is_kept(registry):
    entry, token = registry.register("person", {"name": "Old", "time_zone": "US/Central"})
    form = RegistrationForm(registry, entry_id=entry.id, token=token)
    assert form.input("time_zone").value == "America/Chicago"
    assert form.save() is not None and "Nothing changed" in form.message.value
    form.input("time_zone").value = "Europe/Helsinki"
    assert form.save().fields["time_zone"] == "Europe/Helsinki"


def test_the_visitors_zone_is_preselected_from_the_address(registry, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "tz=Asia/Shanghai")
    form = RegistrationForm(registry, "person")
    assert form.input("time_zone").value == "Asia/Shanghai"


def test_the_browsers_zone_is_preselected_when_it_arrives_unless_one_is_chosen(registry):
    from h4og_kit.widgets.zones import BROWSER_ZONE_CLASS

    form = RegistrationForm(registry, "person")
    def browser(form):
        (hidden,) = [c for c in form.children if BROWSER_ZONE_CLASS in c._dom_classes]
        return hidden

    assert browser(form).layout.display == "none"
    browser(form).value = "Asia/Chongqing"  # what the page's script sends: an alias of Shanghai
    assert form.input("time_zone").value == "Asia/Shanghai"
    chosen = RegistrationForm(registry, "person")
    chosen.input("time_zone").value = "Europe/Helsinki"
    browser(chosen).value = "Asia/Tokyo"
    assert chosen.input("time_zone").value == "Europe/Helsinki"
    entry, token = registry.register("person", {"name": "Ada"})
    loaded = RegistrationForm(registry, entry_id=entry.id, token=token)
    browser(loaded).value = "Asia/Tokyo"
    assert loaded.input("time_zone").value == ""  # an entry's own answer is not changed
