"""The registry's messages in plain words and in the reader's language: pydantic's error types
become one sentence per field that names the field by its label; stage names, stage checks, kind
names and Local Contexts label names are marked for translation. Under the pseudo-locale ``en-XA``
every marked message comes out accented between ⟦ and ⟧; what people typed stays as typed."""

from __future__ import annotations

import csv
import enum
import json
from typing import Annotated

import pytest
from pseudo_locale import pseudo
from pydantic import BaseModel, ConfigDict, HttpUrl, StringConstraints

from h4og_kit.registry import Registry, StageCheckFailed, ValidationError
from h4og_kit.registry.field_messages import Invalid, field_messages
from h4og_kit.registry.meta import Meta
from h4og_kit.registry.models import KINDS, validate_fields
from h4og_kit.registry.validators import check_url

SUMMARY_TOO_LONG = "\u201cSummary\u201d can be at most 280 characters (now 312)."


def _errors(kind: str, fields: dict) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        validate_fields(kind, fields)
    return caught.value.errors


def test_a_too_long_summary_says_the_limit_and_the_count():
    assert _errors("project", {"title": "Map", "summary": "x" * 312}) == {
        "summary": SUMMARY_TOO_LONG}


def test_a_too_long_summary_is_said_in_the_readers_language(pseudo_locale):
    errors = _errors("project", {"title": "Map", "summary": "x" * 312})
    field = pseudo("\u201c{label}\u201d").format(label=pseudo("Summary"))
    assert errors == {"summary": pseudo("{field} can be at most {limit} characters (now {count}).")
                      .format(field=field, limit="280", count="312")}


def test_a_missing_required_field_names_the_field():
    assert _errors("project", {"summary": "no title"}) == {"title": "\u201cTitle\u201d is required."}
    assert _errors("person", {}) == {"name": "\u201cYour name\u201d is required."}


def test_a_missing_field_is_named_in_the_readers_language(pseudo_locale):
    message = _errors("person", {})["name"]
    assert message.startswith("⟦") and pseudo("Your name") in message


@pytest.mark.parametrize(("kind", "fields", "path", "message"), [
    ("project", {"title": ""}, "title", "\u201cTitle\u201d cannot be empty."),
    ("project", {"title": "x", "keywords": ["#a"] * 51}, "keywords",
     "\u201cHashtags\u201d can hold at most 50 items (now 51); leave some out."),
    ("project", {"title": "x", "keywords": ["#" + "k" * 64]}, "keywords.0",
     "\u201cHashtags\u201d, item 1 can be at most 64 characters (now 65)."),
    ("project", {"title": "x", "description": "d" * 20_001}, "description",
     "\u201cDescription\u201d can be at most 20,000 characters (now 20,001)."),
    ("workshop", {"title": "x", "level": "expert"}, "level",
     "\u201cLevel\u201d must be one of beginner, intermediate, or advanced."),
    ("workshop", {"title": "x", "start": "tomorrow"}, "start",
     "\u201cStarts\u201d is not a date and time; write it as e.g. 2025-11-18T14:00:00+02:00."),
    ("workshop", {"title": "x", "start": "2025-11-18T14:00:00Z", "end": "2025-11-18T13:00:00Z"},
     "end", "\u201cEnds\u201d must be after the start."),
    ("project", {"title": "x", "links": {"demo": "example.org/demo"}}, "links.demo",
     "\u201cDemo\u201d must start with http:// or https://."),
    ("project", {"title": "x", "image_url": "https://exa mple.org"}, "image_url",
     "\u201cImage link\u201d must not contain spaces."),
    ("person", {"name": "A", "time_zone": "Mars/Base"}, "time_zone",
     ("\u201cTime zone\u201d is not an IANA time zone name (\u201cMars/Base\u201d); write one "
      "such as Europe/Helsinki, America/Bogota or UTC.")),
    ("person", {"name": "A", "email": "nope"}, "email",
     "\u201cE-mail\u201d is not an e-mail address; write one such as name@example.org."),
    ("person", {"name": "A", "social_links": {"Blog": "ftp://blog.example"}}, "social_links.Blog",
     "\u201cMy links\u201d, \u201cBlog\u201d must start with http:// or https://."),
    ("person", {"name": "A", "contact_consent": "yes"}, "contact_consent",
     "\u201cOthers may contact me and matchmaking may suggest me\u201d must be true or false."),
    ("person", {"name": "A", "skills": "Python"}, "skills", "\u201cSkills\u201d must be a list."),
    ("person", {"name": "A", "city": 5}, "city", "\u201cCity\u201d must be text."),
    ("project", {"title": "x", "colour": "blue"}, "colour",
     "\u201ccolour\u201d is not a field of this kind of entry."),
    ("project", {"title": "x\x00"}, "title",
     "\u201cTitle\u201d contains the control character U+0000 at position 2; remove it."),
    ("collection", {"title": "x", "tk_labels": ["tka", "tk-made-up"]}, "tk_labels",
     ("\u201cTK/BC label codes\u201d holds a code that is not a Local Contexts label or notice: "
      "tk-made-up. Use codes such as tka, tkcv, bcp or traditional_knowledge.")),
])
def test_each_refusal_is_one_plain_sentence_naming_its_field(kind, fields, path, message):
    assert _errors(kind, fields) == {path: message}


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Sample(BaseModel):
    """A model with the field types the entry models do not use (yet)."""

    model_config = ConfigDict(extra="forbid")

    count: Annotated[int, Meta("Count")] = 0
    ratio: Annotated[float, Meta("Ratio")] = 0.0
    site: Annotated[HttpUrl | None, Meta("Site")] = None
    colour: Annotated[Colour | None, Meta("Colour")] = None
    code: Annotated[str, StringConstraints(pattern=r"^[a-z]+$", min_length=3),
                    Meta("Code")] = "abc"


@pytest.mark.parametrize(("fields", "path", "message"), [
    ({"count": "many"}, "count", "\u201cCount\u201d must be a whole number, such as 12."),
    ({"count": 1.5}, "count", "\u201cCount\u201d must be a whole number, such as 12."),
    ({"ratio": "half"}, "ratio", "\u201cRatio\u201d must be a number, such as 12 or 3.5."),
    ({"site": "not a link"}, "site",
     "\u201cSite\u201d is not a web address; write it as e.g. https://example.org/page."),
    ({"site": "ftp://example.org"}, "site", "\u201cSite\u201d must start with http or https."),
    ({"colour": "green"}, "colour", "\u201cColour\u201d must be one of red or blue."),
    ({"code": "ab"}, "code", "\u201cCode\u201d needs at least 3 characters (now 2)."),
    ({"code": "ABC"}, "code",
     "\u201cCode\u201d is not valid (String should match pattern '^[a-z]+$')."),  # the fallback
])
def test_other_error_types_are_plain_too(fields, path, message):
    from pydantic import ValidationError as PydanticValidationError

    with pytest.raises(PydanticValidationError) as caught:
        Sample.model_validate(fields)
    assert field_messages(Sample, caught.value) == {path: message}


def test_a_check_called_directly_still_reads_as_a_sentence():
    with pytest.raises(Invalid) as caught:
        check_url("example.org")
    assert str(caught.value) == "This value must start with http:// or https://."
    assert caught.value.message("\u201cDemo\u201d") == "\u201cDemo\u201d must start with http:// or https://."


def test_messages_of_our_checks_are_translated_and_keep_what_was_typed(pseudo_locale):
    errors = _errors("person", {"name": "A", "time_zone": "Mars/Base", "languages": ["fi", "xx_1"],
                                "social_links": {"Blog": "ftp://blog.example"}})
    assert set(errors) == {"time_zone", "languages.1", "social_links.Blog"}
    for message in errors.values():
        assert message.startswith("⟦"), message
    assert "Mars/Base" in errors["time_zone"] and "xx_1" in errors["languages.1"]
    assert "Blog" in errors["social_links.Blog"]  # a link's label, as typed
    assert _errors("sponsor", {})["kind"].startswith("⟦") and "sponsor" in _errors("sponsor", {})[
        "kind"]


# -- stages -----------------------------------------------------------------------------------------

def _bundled_stage_texts() -> set[str]:
    from h4og_kit.registry.stages import BUNDLED_STAGES

    document = json.loads(BUNDLED_STAGES.read_text(encoding="utf-8"))
    texts = set()
    for stage in document["stages"]:
        texts |= {stage["label"], stage["help"]}
        texts |= {check["message"] for check in stage["checks"]}
    return texts


def test_every_text_of_the_bundled_stages_is_marked_for_translation():
    from h4og_kit.registry.stages import BUNDLED_TEXTS

    assert _bundled_stage_texts() == set(BUNDLED_TEXTS)


def test_stage_names_and_checks_are_said_in_the_readers_language(pseudo_locale):
    registry = Registry("sqlite://")
    entry, token = registry.register("project", {"title": "Map"})
    with pytest.raises(StageCheckFailed) as caught:
        registry.set_stage(entry.id, "research", token=token)
    assert caught.value.missing[-1] == pseudo("{need} (for {stage})").format(
        need=pseudo("goals"), stage=pseudo("Research"))
    report = registry.stage_report(entry.id)
    assert [stage["label"] for stage in report][:2] == [pseudo("Idea"), pseudo("Team")]
    assert all(check["message"].startswith("⟦") for stage in report for check in stage["checks"])
    assert report[1]["stage"] == "team"  # the stage's name is data


def test_an_organizers_own_stages_show_as_they_wrote_them(pseudo_locale):
    from h4og_kit.registry.stages import parse_stages

    stages = parse_stages({"stages": [
        {"name": "idea"},
        {"name": "demo", "label": "Demo day", "checks": [
            {"rule": "any_present", "fields": ["links.demo"], "message": "a demo link"}]},
    ]})
    assert stages.missing({}, "demo") == [
        pseudo("{need} (for {stage})").format(need="a demo link", stage="Demo day")]


# -- kinds and Local Contexts labels ----------------------------------------------------------------

def test_kind_names_and_plurals_are_translated(pseudo_locale):
    from h4og_kit.html.labels import kind_label, kind_plural

    for kind, model in KINDS.items():
        assert kind_label(kind) == pseudo(model.kind_meta.label)
        assert kind_plural(kind) == pseudo(model.kind_meta.plural)
    assert kind_label("sponsor") == "sponsor" and kind_plural("sponsor") == "sponsor"


def test_every_local_contexts_name_is_marked_and_translated(pseudo_locale):
    from h4og_kit.equity.labels import INDEX_FILE
    from h4og_kit.html.labels import TK_LABEL_NAMES, tk_label_name, tk_labels

    with INDEX_FILE.open(encoding="utf-8", newline="") as handle:
        names = {row["code"]: row["name"] for row in csv.DictReader(handle)}
    assert set(names.values()) == set(TK_LABEL_NAMES)
    assert tk_label_name("tka") == pseudo("TK Attribution (TK A)")
    assert tk_label_name("not-a-code") == "not-a-code"
    assert f'aria-label="{pseudo("TK/BC labels")}"' in tk_labels(["tka"])


def test_english_stays_the_default():
    from h4og_kit.html.labels import kind_label, kind_plural, tk_label_name

    assert (kind_label("person"), kind_plural("person")) == ("Person", "People")
    assert tk_label_name("tka") == "TK Attribution (TK A)"
