"""Bad input never gets lost in a crash: dates out of range, invisible titles and yes/no words each
become a plain message on the field that failed, in the library and in ``h4og registry``.

- Workshop times must lie between the years 1970 and 2100 (Python's dates end at the years 1 and
  9999, where converting to UTC used to raise ``OverflowError``); numbers are not times.
- A title, a person's name and other required text need at least one visible character; the text is
  otherwise kept exactly as typed (a right-to-left mark inside an Arabic title stays).
- Yes/no fields take only true or false; the CLI reads the words yes/no/true/false for them.
"""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from h4og_kit.registry import Registry, ValidationError
from h4og_kit.registry.archive import export, import_
from h4og_kit.registry.models import validate_fields
from h4og_kit.registry.validators import FIRST_YEAR, LAST_YEAR, is_visible

pytest_plugins = ["cli_fixtures"]
ADMIN = "organizer-token-for-tests-0123456789"
RANGE = f"must be a date between {FIRST_YEAR} and {LAST_YEAR}"
VISIBLE = "must contain at least one visible character"
#: The workshop time fields, as messages name them.
TIMES = {"start": "\u201cStarts\u201d", "end": "\u201cEnds\u201d"}
CONSENT = ("\u201cOthers may contact me and matchmaking may suggest me\u201d must be true or "
           "false.")


# -- dates ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "message"), [
    ("0001-01-01T00:00:00+05:00", f"{RANGE} (got year 1)"),     # was an OverflowError
    ("9999-12-31T23:00:00-05:00", f"{RANGE} (got year 9999)"),  # was an OverflowError
    ("0001-01-01T00:00:00Z", f"{RANGE} (got year 1)"),
    ("1969-12-31T23:59:59Z", f"{RANGE} (got year 1969)"),
    ("2101-01-01T00:00:00Z", f"{RANGE} (got year 2101)"),
    ("0225-11-18T14:00:00+02:00", f"{RANGE} (got year 225)"),   # a typo for 2025
    ("2100-12-31T23:00:00-05:00", f"{RANGE} (got 2101-01-01 04:00 in UTC)"),
])
@pytest.mark.parametrize("field", ["start", "end"])
def test_workshop_times_out_of_range_are_a_field_message(field, typed, message):
    with pytest.raises(ValidationError) as caught:
        validate_fields("workshop", {"title": "IIIF", field: typed})
    assert caught.value.errors == {field: f"{TIMES[field]} {message}."}
    assert f"{field}: {TIMES[field]} {message}." in str(caught.value)


def test_the_first_and_last_moments_of_the_range_are_kept_in_utc():
    stored = validate_fields("workshop", {
        "title": "x", "start": "1970-01-01T02:00:00+02:00", "end": "2100-12-31T23:59:59Z"})
    assert stored["start"] == "1970-01-01T00:00:00Z" and stored["end"] == "2100-12-31T23:59:59Z"
    with pytest.raises(ValidationError, match=RANGE):
        validate_fields("workshop", {"title": "x", "start": "1970-01-01T01:59:59+02:00"})


@pytest.mark.parametrize("typed", ["2021", 2021, 1622563200, "1622563200", 1.6e9, " 2025 "])
def test_a_number_is_not_read_as_seconds_since_1970(typed):
    with pytest.raises(ValidationError) as caught:
        validate_fields("workshop", {"title": "x", "start": typed})
    assert caught.value.errors["start"].startswith(
        "\u201cStarts\u201d is a number, not a date and time")


@pytest.mark.parametrize("typed", ["tomorrow", "2025-13-01T10:00:00Z", True, "10000-01-01T00:00Z"])
def test_a_date_that_cannot_be_read_says_how_to_write_it(typed):
    with pytest.raises(ValidationError) as caught:
        validate_fields("workshop", {"title": "x", "start": typed})
    assert "is not a date and time" in caught.value.errors["start"]
    assert "e.g. 2025-11-18T14:00:00+02:00" in caught.value.errors["start"]


def test_registry_refuses_a_year_one_workshop_with_a_message_and_stores_nothing():
    registry = Registry("sqlite://")
    with pytest.raises(ValidationError) as caught:
        registry.register("workshop", {"title": "Old", "start": "0001-01-01T00:00:00+05:00"})
    assert caught.value.errors == {"start": f"{TIMES['start']} {RANGE} (got year 1)."}
    entry, token = registry.register("workshop", {"title": "Now",
                                                  "start": "2025-11-18T14:00:00+02:00"})
    with pytest.raises(ValidationError, match="got year 9999"):
        registry.update(entry.id, {"end": "9999-12-31T23:00:00-05:00"}, token=token)
    assert registry.get(entry.id).version == 1
    assert registry.counts()["kind"] == {"workshop": 1}


def test_cli_prints_the_date_message_never_a_traceback(run):
    code, out, err = run("add", "workshop", "--set", "title=Year one",
                         "--set", "start=0001-01-01T00:00:00+05:00")
    assert code == 1 and out == ""
    assert err == f"error: not saved:\n  start: {TIMES['start']} {RANGE} (got year 1).\n"


def test_cli_turns_an_unexpected_error_into_one_line(run, monkeypatch):
    from h4og_kit.registry import store

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire\n[SQL: INSERT INTO h4og_entries ...]")

    monkeypatch.setattr(store.Registry, "register", broken)
    code, out, err = run("add", "project", "--set", "title=x")
    assert code == 1 and out == ""
    assert err.startswith("error: something unexpected went wrong (RuntimeError: disk on fire)")
    assert "Traceback" not in err and "SQL" not in err


# -- visible text -----------------------------------------------------------------------------------

#: Characters that show nothing by themselves, across the categories the rule uses.
INVISIBLE = [
    " ", "\t", "\n", "\u00a0", "\u3000", "\u2028", "\u2029",  # spaces and separators
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",  # zero-width, soft hyphen
    "\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",  # bidi
    "\u2066", "\u2067", "\u2068", "\u2069",  # bidi isolates
    "\u034f", "\ufe0f", "\U000e0100", "\u0301", "\u20dd",  # joiners, selectors, lone marks
    "\u3164", "\u115f", "\uffa0", "\u2800",  # Hangul fillers, blank braille cell
    "\U000e0041", "\U000e007f", "\u2065", "\ufff0",  # tags, reserved ignorables
]
invisible_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(INVISIBLE),
        st.characters(categories=["Zs", "Zl", "Zp", "Cf", "Mn", "Me"]),
    ),
    min_size=1, max_size=60,
)
#: Any text the registry stores (no C0 controls other than tab and newlines, no surrogates).
storable_text = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters=[
        chr(c) for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)]),
    max_size=60,
)
visible_letters = st.characters(categories=["L"]).filter(is_visible)


@settings(max_examples=300, deadline=None)
@given(text=invisible_text)
def test_a_title_of_only_invisible_characters_is_refused(text):
    with pytest.raises(ValidationError) as caught:
        validate_fields("project", {"title": text})
    assert set(caught.value.errors) == {"title"}
    assert caught.value.errors["title"].startswith(f"\u201cTitle\u201d {VISIBLE}")


@settings(max_examples=300, deadline=None)
@given(before=storable_text, letter=visible_letters, after=storable_text, padding=invisible_text)
def test_a_title_with_a_visible_letter_is_kept_exactly_as_typed(before, letter, after, padding):
    title = (before + letter + after)[:200]
    if letter not in title:
        title = letter + title[:199]
    assert validate_fields("project", {"title": title})["title"] == title
    assert validate_fields("person", {"name": title})["name"] == title
    # ... and the same invisible characters that surround it are refused on their own
    with pytest.raises(ValidationError, match=VISIBLE):
        validate_fields("project", {"title": padding})


@pytest.mark.parametrize("title", [
    "\u0645\u0634\u0631\u0648\u0639 \u200f(2025)\u200f",   # Arabic with right-to-left marks
    "\u200f\u0627\u0644\u0645\u062a\u062d\u0641\u200f",   # starting and ending with an RLM
    "\u2067\u05e2\u05d1\u05e8\u05d9\u05ea\u2069 title",  # an isolate around Hebrew
    "\U0001f469\U0001f3fd\u200d\U0001f4bb",  # emoji joined with a zero-width joiner
    "e\u0301", "\u0915\u094d\u200d\u0937",  # a combining accent; Devanagari with a ZWJ
    "\u00a0x\u00a0", "\U000f0000",  # no-break spaces around a letter; private use
])
def test_legitimate_invisible_characters_between_visible_ones_are_kept(title):
    assert validate_fields("project", {"title": title})["title"] == title
    with pytest.raises(ValidationError, match=VISIBLE):
        validate_fields("project", {"title": "".join(ch for ch in title if not is_visible(ch))
                                    or "\u200f"})


def test_every_space_separator_and_format_character_alone_is_refused():
    invisible = [chr(c) for c in range(0x110000)
                 if unicodedata.category(chr(c)) in ("Zs", "Zl", "Zp", "Cf")]
    assert len(invisible) > 150
    for ch in invisible:
        with pytest.raises(ValidationError, match=VISIBLE):
            validate_fields("project", {"title": ch})
    for ch in "aZ9\u0628\u05d0\u4e2d\u13a0!\u00e9\U0001f600":
        assert validate_fields("project", {"title": ch})["title"] == ch


@pytest.mark.parametrize(("kind", "fields", "field", "named"), [
    ("project", {"title": "\u200b\u200b"}, "title", "\u201cTitle\u201d"),
    ("person", {"name": "\u3164"}, "name", "\u201cYour name\u201d"),
    ("person", {"name": "Aino", "title": "   "}, "title", "\u201cTitle\u201d"),
    ("tool", {"title": "Tool", "keywords": ["#iiif", "\u2060"]}, "keywords.1",
     "\u201cHashtags\u201d, item 2"),
    ("project", {"title": "P", "good_first_tasks": ["\u202e\u202c"]}, "good_first_tasks.0",
     "\u201cGood first tasks\u201d, item 1"),
])
def test_required_text_of_any_kind_needs_a_visible_character(kind, fields, field, named):
    with pytest.raises(ValidationError) as caught:
        validate_fields(kind, fields)
    assert list(caught.value.errors) == [field]
    assert caught.value.errors[field].startswith(f"{named} {VISIBLE}")


def test_optional_text_may_still_be_blank_and_is_kept_as_typed():
    stored = validate_fields("person", {"name": "Aino", "city": " ", "role": "\u200b"})
    assert stored["city"] == " " and stored["role"] == "\u200b"
    with pytest.raises(ValidationError, match=VISIBLE):
        validate_fields("person", {"name": " "})


def test_cli_refuses_an_invisible_title(run):
    code, out, err = run("add", "project", "--set", "title=\u200b\u2066\u2069 ")
    assert code == 1 and out == ""
    assert f"  title: \u201cTitle\u201d {VISIBLE}" in err


# -- yes/no fields ----------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["no", "yes", "true", "false", "", 1, 0, None, "1", [True]])
def test_consent_is_only_true_or_false(typed):
    with pytest.raises(ValidationError) as caught:
        validate_fields("person", {"name": "Aino", "contact_consent": typed})
    assert caught.value.errors == {"contact_consent": CONSENT}


def test_an_update_with_a_yes_no_word_changes_nothing():
    assert validate_fields("person", {"name": "A"})["contact_consent"] is False
    assert validate_fields("person", {"name": "A", "contact_consent": False})["contact_consent"] is False
    registry = Registry("sqlite://")
    entry, token = registry.register("person", {"name": "Aino", "contact_consent": True})
    with pytest.raises(ValidationError) as caught:
        registry.update(entry.id, {"contact_consent": "no"}, token=token)
    assert caught.value.errors == {"contact_consent": CONSENT}
    assert registry.get(entry.id).fields["contact_consent"] is True


def test_cli_reads_yes_no_words_for_yes_no_fields_only(run):
    words = {"true": True, "false": False, "yes": True, "no": False, "Yes": True, "NO": False,
             " no ": False, "TRUE": True}
    for typed, stored in words.items():
        code, out, err = run("add", "person", "--set", "name=Aino",
                             "--set", f"contact_consent={typed}")
        assert code == 0, (typed, err)
        assert Registry().get(out.split()[1]).fields["contact_consent"] is stored, typed
    for typed in ("maybe", "1", "0", "y", "null"):
        code, _, err = run("add", "person", "--set", "name=Aino",
                           "--set", f"contact_consent={typed}")
        assert code == 1 and f"  contact_consent: {CONSENT}" in err, typed
    # other fields keep the words as text
    code, out, _ = run("add", "project", "--set", "title=yes", "--set", "summary=no")
    assert code == 0
    fields = Registry().get(out.split()[1]).fields
    assert fields["title"] == "yes" and fields["summary"] == "no"


def test_a_json_file_needs_real_booleans(run, tmp_path):
    path = tmp_path / "person.json"
    path.write_text(json.dumps({"name": "Aino", "contact_consent": "yes"}), encoding="utf-8")
    code, _, err = run("add", "person", "--json", str(path))
    assert code == 1 and f"contact_consent: {CONSENT}" in err


def test_an_archive_with_a_yes_word_for_consent_is_refused_with_a_message(tmp_path, monkeypatch):
    monkeypatch.setenv("H4OG_ADMIN_TOKEN", ADMIN)
    source = Registry("sqlite://")
    source.register("person", {"name": "Aino", "contact_consent": True})
    path = export(source, tmp_path / "registry.json", fmt="json", private=True, token=ADMIN)
    archive = json.loads(path.read_text(encoding="utf-8"))
    assert import_(Registry("sqlite://"), path) == 1  # the export itself imports
    for table in ("entries", "versions"):
        for record in archive[table]:
            record["fields"]["contact_consent"] = "yes"
    path.write_text(json.dumps(archive), encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(f"contact_consent: {CONSENT}")):
        import_(Registry("sqlite://"), path)
