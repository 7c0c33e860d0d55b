"""Registry validation: what each kind accepts, the per-field messages, and the bad-input property.

The property test throws generated payloads at ``Registry.register`` (HTML and script injection,
very long strings, invalid URLs, zones and language tags, mixed scripts, control characters):
each one is either stored and read back byte-for-byte or rejected with a message on the field
that failed, never anything else.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from h4og_kit.registry import Registry, ValidationError
from h4og_kit.registry.models import KINDS, validate_fields
from h4og_kit.registry.validators import check_language_tag, check_time_zone, check_url


def test_importing_the_package_loads_neither_sqlalchemy_nor_pydantic():
    code = (
        "import sys, h4og_kit.registry as r; "
        "from h4og_kit.registry import ValidationError, PermissionDenied, ConflictError, "
        "StageCheckFailed; "
        "print(sorted(m for m in ('sqlalchemy', 'pydantic', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "url",
    ["https://example.org", "http://example.org/a?b=c#d", "https://xn--sami-3qa.example/",
     "https://sámi.example/giella", "http://[2001:db8::1]:8080/x", "https://a.b/" + "x" * 1900],
)
def test_urls_accepted_as_typed(url):
    assert check_url(url) == url


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("javascript:alert(1)", "must start with http:// or https://"),
        ("data:text/html,<script>alert(1)</script>", "must start with http:// or https://"),
        ("ftp://example.org/file", "must start with http:// or https://"),
        ("example.org", "must start with http:// or https://"),
        ("http://", "has no host name"),
        ("https://exa mple.org", "must not contain spaces"),
        (" https://example.org", "must not contain spaces"),
        ("https://example.org:99999/", "is not a valid web address"),
        ("https://-bad-.org/", "has an invalid host name"),
        ("https://example.org/" + "x" * 2000, r"can be at most 2,000 characters long \(now 2,020\)"),
    ],
)
def test_urls_refused_with_a_reason(url, message):
    with pytest.raises(ValueError, match=message):
        check_url(url)


@pytest.mark.parametrize("tag", ["fi", "se", "sme", "pt-BR", "zh-Hant-TW", "sgn-ase", "es-419",
                                 "de-CH-1996", "x-klingon", "en-x-demo"])
def test_language_tags_accepted(tag):
    assert check_language_tag(tag) == tag


@pytest.mark.parametrize("tag", ["", "english", "f", "pt_BR", "12", "fi-", "-fi", "zh-Hant-TW-"])
def test_language_tags_refused(tag):
    with pytest.raises(ValueError, match="is not a language tag"):
        check_language_tag(tag)


def test_time_zones_are_iana_names():
    assert check_time_zone("Europe/Helsinki") == "Europe/Helsinki"
    assert check_time_zone("UTC") == "UTC"
    for bad in ("Mars/Olympus_Mons", "utc+2", "GMT+25", "europe/helsinki", "Springfield", ""):
        with pytest.raises(ValueError, match="is not an IANA time zone name"):
            check_time_zone(bad)


def test_a_city_that_names_one_zone_stands_for_it():
    """People write their city: the IANA database names each zone by its largest city."""
    assert check_time_zone("Helsinki") == "Europe/Helsinki"
    assert check_time_zone(" new  york ") == "America/New_York"
    assert check_time_zone("Ho_Chi_Minh") == "Asia/Ho_Chi_Minh"


def test_every_kind_has_the_shared_fields_and_its_own():
    shared = {"title", "summary", "description", "keywords", "languages", "links", "image_url",
              "owner", "team", "status"}
    own = {
        "person": {"name", "organization", "role", "skills", "interests", "time_zone", "city",
                   "country", "contact_consent", "social_links", "email"},
        "project": {"skills_needed", "collections_used", "tools_used", "goals",
                    "good_first_tasks", "stage"},
        "collection": {"institution", "country", "access_url", "rights", "license_uri",
                       "license_category", "license_label", "ethical_considerations", "tk_labels"},
        "tool": set(),
        "workshop": {"language", "level", "requirements", "start", "end"},
        "challenge": {"host"},
    }
    for kind, model in KINDS.items():
        assert set(model.model_fields) == shared | own[kind]


def test_field_messages_name_each_failing_field():
    with pytest.raises(ValidationError) as caught:
        validate_fields("person", {
            "name": "Aino", "summary": "x" * 281, "email": "not-an-email", "time_zone": "Mars/Base",
            "languages": ["fi", "english"], "links": {"demo": "javascript:alert(1)"},
            "colour": "blue",
        })
    errors = caught.value.errors
    assert set(errors) == {"summary", "email", "time_zone", "languages.1", "links.demo", "colour"}
    assert errors["summary"] == "\u201cSummary\u201d can be at most 280 characters (now 281)."
    assert errors["colour"] == "\u201ccolour\u201d is not a field of this kind of entry."
    assert errors["links.demo"] == "\u201cDemo\u201d must start with http:// or https://."
    assert errors["languages.1"].startswith("\u201cLanguages\u201d, item 2 is not a language tag")
    assert "The entry was not saved" in str(caught.value) and caught.value.kind == "person"


def test_person_title_defaults_to_name_and_text_is_kept_as_typed():
    typed = "  Ꮳ Ꮿ ᏣᎳᎩ — ليلى 👩🏽‍💻 <b>bold?</b>  "
    stored = validate_fields("person", {"name": typed})
    assert stored["title"] == typed and stored["name"] == typed


def test_workshop_times_are_stored_in_utc_and_need_a_zone():
    stored = validate_fields("workshop", {
        "title": "IIIF basics", "start": "2021-06-01T16:00:00+03:00", "end": "2021-06-01T14:30Z",
    })
    assert stored["start"] == "2021-06-01T13:00:00Z"
    assert stored["end"] == "2021-06-01T14:30:00Z"
    with pytest.raises(ValidationError) as caught:
        validate_fields("workshop", {"title": "x", "start": "2021-06-01T16:00:00"})
    assert list(caught.value.errors) == ["start"]
    with pytest.raises(ValidationError) as caught:
        validate_fields("workshop", {"title": "x", "start": "2021-06-01T16:00:00Z",
                                     "end": "2021-06-01T15:00:00Z"})
    assert caught.value.errors == {"end": "\u201cEnds\u201d must be after the start."}


def test_collection_rights_are_normalized_with_the_rights_module():
    stored = validate_fields("collection", {
        "title": "Open images", "rights": "http://creativecommons.org/licenses/by-sa/3.0/es/",
        "tk_labels": ["tka", "tkcv"],
    })
    assert stored["rights"] == "http://creativecommons.org/licenses/by-sa/3.0/es/"
    assert stored["license_uri"] == "https://creativecommons.org/licenses/by-sa/3.0/es/"
    assert stored["license_category"] == "open"
    unknown = validate_fields("collection", {"title": "x", "rights": None})
    assert unknown["license_category"] == "unknown"
    with pytest.raises(ValidationError) as caught:
        validate_fields("collection", {"title": "x", "tk_labels": ["tka", "tk-made-up"]})
    assert "tk-made-up" in caught.value.errors["tk_labels"]


def test_unknown_kind_is_a_field_message():
    with pytest.raises(ValidationError) as caught:
        validate_fields("sponsor", {"title": "x"})
    assert caught.value.errors["kind"].startswith("\u201csponsor\u201d is not a kind of entry")


# -- the bad-input property -------------------------------------------------------------------

INJECTIONS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(document.cookie)",
    "'; DROP TABLE h4og_entries; --",
    "{{7*7}} ${7*7} %s %(x)s",
    "\u202eevil\u202c",  # right-to-left override
]
MIXED = ["Sámi giella", "ᏣᎳᎩ ᎦᏬᏂᎯᏍᏗ", "العربية عربي", "עִבְרִית", "中文 日本語 한국어", "👩🏽‍💻🏳️‍🌈",
         "Ελληνικά", "हिन्दी", "te reo Māori"]

any_text = st.one_of(
    st.sampled_from(INJECTIONS + MIXED),
    st.text(max_size=40),
    st.text(min_size=270, max_size=300),  # around the 280-character limit of summary
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=30),
    st.builds(lambda a, b: a + b, st.sampled_from(INJECTIONS + MIXED), st.text(max_size=10)),
    st.just("x" * 25_000),
)
urls = st.one_of(
    st.sampled_from([
        "https://example.org/a?b=<script>", "http://example.org", "javascript:alert(1)",
        "https://exa mple.org", "http://", "https://例え.テスト/パス", "data:,x", "https://x.org:0/",
    ]),
    st.text(max_size=30),
)
zones = st.one_of(st.sampled_from(["Europe/Helsinki", "America/La_Paz", "Mars/Base", "UTC+2"]),
                  st.text(max_size=20))
tags = st.one_of(st.sampled_from(["fi", "sme", "pt-BR", "english", "x-a", "zh-Hant"]),
                 st.text(max_size=8))


def _payload(kind: str):
    common = {
        "title": any_text, "summary": any_text, "description": any_text,
        "keywords": st.lists(any_text, max_size=3), "languages": st.lists(tags, max_size=3),
        "links": st.fixed_dictionaries({}, optional={"demo": urls, "source": urls}),
        "image_url": urls,
    }
    own = {
        "person": {"name": any_text, "time_zone": zones, "email": any_text,
                   "skills": st.lists(any_text, max_size=3)},
        "project": {"goals": any_text, "good_first_tasks": st.lists(any_text, max_size=2)},
        "collection": {"institution": any_text, "access_url": urls, "rights": any_text},
        "workshop": {"requirements": any_text, "language": tags},
    }[kind]
    return st.fixed_dictionaries({}, optional={**common, **own})


@pytest.mark.parametrize("kind", ["person", "project", "collection", "workshop"])
def test_bad_input_is_stored_byte_for_byte_or_refused_per_field(kind):
    registry = Registry("sqlite://")
    outcomes = []

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(payload=_payload(kind))
    def check(payload):
        fields = dict(payload)
        if kind == "person":
            fields.setdefault("name", "someone")
        else:
            fields.setdefault("title", "something")
        try:
            entry, token = registry.register(kind, fields)
        except ValidationError as exc:
            assert exc.errors
            for name, message in exc.errors.items():
                assert name.split(".")[0] in fields, (name, fields)
                assert message.strip()
            outcomes.append("refused")
            return
        stored = registry.get(entry.id, token=token).fields
        for name, value in fields.items():
            if name == "links":
                for link, url in value.items():
                    assert stored["links"][link].encode("utf-8") == url.encode("utf-8")
            else:
                assert json.dumps(stored[name], ensure_ascii=False).encode("utf-8") == json.dumps(
                    value, ensure_ascii=False
                ).encode("utf-8")
        outcomes.append("stored")

    check()
    assert {"stored", "refused"} <= set(outcomes)  # both paths were exercised


def test_every_registry_error_survives_pickling():
    """An error raised in a worker process reaches its parent whole (multiprocessing pickles it)."""
    import pickle

    from h4og_kit.registry.entries import Entry
    from h4og_kit.registry.errors import (
        ConflictError,
        EntryNotFound,
        PermissionDenied,
        RegistryBusy,
        StageCheckFailed,
        ValidationError,
    )

    current = Entry("project-1", "project", 3, {"title": "Theirs"}, "2026-01-01", "2026-01-02")
    errors = [
        ValidationError({"title": "must contain at least one visible character"}, kind="project"),
        ConflictError("project-1", 2, current, {"title": "Mine"}, {"title": "Mine"}),
        StageCheckFailed("project-1", "team", ["a team member"]),
        PermissionDenied("this token may not change project-1"),
        EntryNotFound("no entry has the id 'x'"),
        RegistryBusy("try again"),
    ]
    for error in errors:
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error) and str(copy) == str(error)
        assert vars(copy) == vars(error)


# -- the one entry schema: field and kind metadata ----------------------------------------------


def test_every_field_of_every_kind_carries_its_metadata():
    from h4og_kit.registry.meta import INPUTS, fields_meta
    from h4og_kit.registry.models import Links

    for model in (*KINDS.values(), Links):
        metas = fields_meta(model)
        assert set(metas) == set(model.model_fields)
        for name, meta in metas.items():
            assert meta.label and meta.input in INPUTS, (model.__name__, name)


def test_a_field_without_metadata_is_refused_by_name():
    from pydantic import BaseModel

    from h4og_kit.registry.meta import fields_meta

    class Sponsor(BaseModel):
        logo: str = ""

    with pytest.raises(TypeError, match="Sponsor.logo has no Meta"):
        fields_meta(Sponsor)


def test_private_and_consent_fields_derive_from_the_metadata():
    from h4og_kit.registry import access
    from h4og_kit.registry.meta import fields_meta
    from h4og_kit.registry.models import CONSENT_FIELDS, PRIVATE_FIELDS

    assert PRIVATE_FIELDS == {"person": frozenset({"email"})}
    assert CONSENT_FIELDS == {"person": frozenset({"social_links"})}
    assert access.CONSENT_FIELDS == CONSENT_FIELDS  # access decides with the same fields
    person = validate_fields("person", {"name": "Aino", "email": "a@example.org",
                                        "social_links": {"blog": "https://blog.example/"}})
    for agreed in (False, True):
        shown = access.public_view("person", {**person, "contact_consent": agreed})
        hidden = {n for n, m in fields_meta(KINDS["person"]).items()
                  if m.visibility == "private" or (m.visibility == "consent" and not agreed)}
        assert set(person) - set(shown) == hidden


def test_kinds_and_their_labels_come_from_the_models():
    from h4og_kit.registry.models import DISPLAY_ORDER, kind_meta

    assert list(KINDS) == ["person", "project", "collection", "tool", "workshop", "challenge"]
    assert DISPLAY_ORDER == ("project", "challenge", "collection", "tool", "workshop", "person")
    assert [kind_meta(k).plural for k in DISPLAY_ORDER] == [
        "Projects", "Challenges", "Collections", "Tools", "Workshops", "People"]
    assert kind_meta("person").form_label == "Person (you)"


def test_the_form_fields_of_each_kind_in_form_order():
    from h4og_kit.registry.models import form_fields

    names = {kind: [f.name for f in form_fields(kind)] for kind in KINDS}
    tail = ["description", "keywords", "languages", "links.homepage", "links.source", "links.demo",
            "links.chat", "image_url", "team", "status"]
    assert names["project"] == ["title", "summary", "stage", "skills_needed", "goals",
                                "collections_used", "tools_used", "good_first_tasks", *tail]
    assert names["person"] == [
        "name", "summary", "email", "organization", "role", "skills", "interests", "time_zone",
        "city", "country", "contact_consent", "social_links", "description", "keywords",
        "languages", "links.homepage", "links.chat", "image_url", "status"]
    assert names["collection"][:8] == ["title", "summary", "institution", "country", "access_url",
                                       "rights", "ethical_considerations", "tk_labels"]
    assert names["workshop"][2:7] == ["language", "level", "start", "end", "requirements"]
    assert names["challenge"][:3] == ["title", "summary", "host"] and names["tool"][2:] == tail
    level = next(f for f in form_fields("workshop") if f.name == "level")
    assert level.input == "choice" and level.choices == ("", "beginner", "intermediate", "advanced")
    email = next(f for f in form_fields("person") if f.name == "email")
    assert email.optional and "Private" in email.hint


def test_a_new_field_with_metadata_joins_the_form():
    from typing import Annotated

    from h4og_kit.registry.meta import KindMeta, Meta, form_fields
    from h4og_kit.registry.models import Tool

    class Dataset(Tool):
        kind_meta = KindMeta("dataset", "Dataset", "Datasets", "Dataset", order=7)
        records: Annotated[int | None, Meta("Records", "How many.", order=100)] = None

    fields = form_fields(Dataset, Dataset.kind_meta)
    assert [f.name for f in fields][:3] == ["title", "summary", "records"]
    assert fields[2].optional and fields[2].hint == "How many."


def test_the_local_contexts_index_has_one_reader():
    from pathlib import Path

    import h4og_kit

    root = Path(h4og_kit.__file__).parent
    readers = [p.relative_to(root).as_posix() for p in root.rglob("*.py")
               if "labels_index.csv" in p.read_text(encoding="utf-8")]
    assert readers == ["equity/labels.py"]
    stored = validate_fields("collection", {"title": "x", "tk_labels": ["tka", "bcp"]})
    assert stored["tk_labels"] == ["tka", "bcp"]
