"""The six kinds of registry entry as validated pydantic models, and the one function that checks them.

Every kind shares the fields of :class:`Common`; :data:`KINDS` maps each kind's name to its model.
Text is stored exactly as typed (no trimming, no Unicode normalization, never rendered as HTML);
URLs, time zones, language tags, label codes and lengths are checked. Required text (a title, a
person's name, a keyword or list item) must hold at least one visible character: spaces,
zero-width and bidi characters alone are refused, but kept as typed next to visible ones.
Workshop times need a time zone and a year from 1970 to 2100 (see
:data:`~h4og_kit.registry.validators.FIRST_YEAR`); they are stored in UTC. Yes/no fields take only
``true`` or ``false`` (never the words "yes" or "no", and never 0 or 1). :func:`validate_fields`
turns pydantic's report into a :class:`~h4og_kit.registry.errors.ValidationError` with one plain
message per field.
"""

from __future__ import annotations

import csv
import json
import re
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic import ValidationError as PydanticValidationError

from h4og_kit.registry.errors import ValidationError
from h4og_kit.registry.validators import (
    check_email,
    check_language_tag,
    check_moment,
    check_text,
    check_time_zone,
    check_url,
    check_visible,
)


def _text(max_length: int, min_length: int = 0) -> Any:
    """Text of at most ``max_length`` characters; required text (``min_length`` 1) must show."""
    checks = [AfterValidator(check_text)]
    if min_length:
        checks.append(AfterValidator(check_visible))
    return Annotated[
        str,
        StringConstraints(min_length=min_length, max_length=max_length),
        *checks,
    ]


_NUMBER = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")


def _not_a_number(value: Any) -> Any:
    # pydantic would read 2021 or "2021" as seconds after 1970 (1970-01-01T00:33:41Z)
    if isinstance(value, (int, float)) and not isinstance(value, bool) or (
        isinstance(value, str) and _NUMBER.fullmatch(value)
    ):
        raise ValueError(
            "is a number, not a date and time; write it as e.g. 2025-11-18T14:00:00+02:00"
        )
    return value


#: A workshop time: an ISO 8601 date and time with a time zone, between 1970 and 2100; kept in UTC.
Moment = Annotated[datetime, BeforeValidator(_not_a_number), AfterValidator(check_moment)]


Title = _text(200, 1)
Name = _text(200)
Summary = _text(280)
LongText = _text(20_000)
Keyword = _text(64, 1)
Item = _text(280, 1)
EntryRef = _text(64, 1)
Url = Annotated[str, AfterValidator(check_url)]
LanguageTag = Annotated[str, AfterValidator(check_language_tag)]
TimeZone = Annotated[str, AfterValidator(check_time_zone)]
Email = Annotated[str, AfterValidator(check_email)]

STATUSES = ("draft", "published", "hidden")

#: The kit's bundled data folder (h4og_kit/data).
PACKAGE_DATA = Path(__file__).resolve().parent.parent / "data"

#: Fields that never leave the registry unless asked for with ``private=True``.
PRIVATE_FIELDS: dict[str, frozenset[str]] = {"person": frozenset({"email"})}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, validate_default=True)


class Links(_Strict):
    """The links an entry can carry: all optional, all http(s)."""

    homepage: Url | None = None
    source: Url | None = None
    chat: Url | None = None
    demo: Url | None = None
    dataset: Url | None = None


class Common(_Strict):
    """The fields every kind of entry has."""

    title: Title
    summary: Summary = ""
    description: LongText = Field(default="", description="Markdown, shown as plain text")
    keywords: list[Keyword] = Field(default_factory=list, max_length=50)
    languages: list[LanguageTag] = Field(default_factory=list, max_length=20)
    links: Links = Field(default_factory=Links)
    image_url: Url | None = None
    owner: Name | None = None
    team: list[EntryRef] = Field(default_factory=list, max_length=50)
    status: Literal["draft", "published", "hidden"] = "published"


class Person(Common):
    """A participant. The e-mail is private; ``title`` defaults to the name (and follows it when
    the name changes, unless the title was set to something else)."""

    name: Title
    organization: Name = ""
    role: Name = ""
    skills: list[Keyword] = Field(default_factory=list, max_length=50)
    interests: list[Keyword] = Field(default_factory=list, max_length=50)
    time_zone: TimeZone | None = None
    city: Name = ""
    country: Name = ""
    contact_consent: bool = Field(default=False, strict=True)  # never "no" read as a yes/no
    social_links: dict[_text(40, 1), Url] = Field(default_factory=dict, max_length=10)
    email: Email | None = None
    title: Title | None = None  # type: ignore[assignment]  # defaults to the name

    @model_validator(mode="after")
    def _title_from_name(self) -> Person:
        if self.title is None:
            self.title = self.name
        return self


class Project(Common):
    """A hackathon project, with its progress stage."""

    skills_needed: list[Keyword] = Field(default_factory=list, max_length=50)
    collections_used: list[Item] = Field(default_factory=list, max_length=50)
    tools_used: list[Item] = Field(default_factory=list, max_length=50)
    goals: LongText = ""
    good_first_tasks: list[Item] = Field(default_factory=list, max_length=30)
    stage: _text(40, 1) = "idea"

    @field_validator("stage")
    @classmethod
    def _known_stage(cls, value: str, info: ValidationInfo) -> str:
        names = (info.context or {}).get("stage_names")
        if names is not None and value not in names:
            raise ValueError(f"{value!r} is not a stage; the stages are: {', '.join(names)}")
        return value


class Collection(Common):
    """An open collection; its rights statement is normalized with :mod:`h4og_kit.rights`."""

    institution: Name = ""
    country: Name = ""
    access_url: Url | None = None
    rights: _text(500) | None = None
    license_uri: str | None = Field(default=None, description="derived from rights")
    license_category: str | None = Field(default=None, description="derived from rights")
    license_label: str | None = Field(default=None, description="derived from rights")
    ethical_considerations: LongText = ""
    tk_labels: list[_text(40, 1)] = Field(default_factory=list, max_length=40)

    @field_validator("tk_labels")
    @classmethod
    def _known_labels(cls, codes: list[str]) -> list[str]:
        known = local_contexts_labels()
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise ValueError(
                f"unknown Local Contexts label or notice code(s): {', '.join(unknown)} "
                "(expected codes such as tka, tkcv, bcp, traditional_knowledge)"
            )
        return codes

    @model_validator(mode="after")
    def _normalize_rights(self) -> Collection:
        from h4og_kit.rights import normalize

        lic = normalize(self.rights)
        self.license_uri = lic.uri or None
        self.license_category = lic.category
        self.license_label = getattr(lic, "label", None) or None
        return self


class Tool(Common):
    """A tool, library or service teams can use."""


class Workshop(Common):
    """A workshop session; times are stored in UTC."""

    language: LanguageTag | None = None
    level: Literal["beginner", "intermediate", "advanced"] | None = None
    requirements: LongText = ""
    start: Moment | None = None
    end: Moment | None = None

    @model_validator(mode="after")
    def _end_after_start(self) -> Workshop:
        if self.start and self.end and self.end <= self.start:
            raise ValueError("end: must be after start")
        return self


class Challenge(Common):
    """A challenge posed by an institution or community."""

    host: Name = ""


KINDS: dict[str, type[Common]] = {
    "person": Person,
    "project": Project,
    "collection": Collection,
    "tool": Tool,
    "workshop": Workshop,
    "challenge": Challenge,
}

@lru_cache(maxsize=1)
def local_contexts_labels() -> dict[str, str]:
    """Local Contexts TK/BC label and notice codes -> names (bundled index, see its PROVENANCE)."""
    path = PACKAGE_DATA / "vocab" / "localcontexts" / "labels_index.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


def check_kind(kind: str) -> type[Common]:
    """The model of ``kind``, or a ValidationError naming the kinds."""
    try:
        return KINDS[kind]
    except (KeyError, TypeError):
        raise ValidationError({"kind": f"{kind!r} is not a kind; use one of: {', '.join(KINDS)}"})


def validate_fields(
    kind: str, data: dict[str, Any], stage_names: tuple[str, ...] | None = None
) -> dict[str, Any]:
    """Check ``data`` as an entry of ``kind``; return the stored form (JSON-ready, all fields).

    Raises :class:`ValidationError` with one message per failing field (dotted paths such as
    ``links.demo`` or ``keywords.2``).
    """
    model = check_kind(kind)
    try:
        parsed = model.model_validate(data, context={"stage_names": stage_names})
    except PydanticValidationError as exc:
        raise ValidationError(_field_messages(exc), kind=kind) from None
    return parsed.model_dump(mode="json")


def _field_messages(exc: PydanticValidationError) -> dict[str, str]:
    messages: dict[str, str] = {}
    for error in exc.errors(include_url=False):
        loc = [str(part) for part in error["loc"]]
        message = error["msg"].removeprefix("Value error, ")
        if not loc and ": " in message:  # a model-level check naming its field ("end: ...")
            field, message = message.split(": ", 1)
            loc = [field]
        if error["type"] == "extra_forbidden":
            message = "is not a field of this kind"
        elif error["type"] in ("bool_type", "bool_parsing"):
            message = "must be true or false"
        elif error["type"] in ("datetime_type", "datetime_parsing", "datetime_from_date_parsing"):
            reason = message.partition(", ")[2]
            message = ("is not a date and time" + (f" ({reason})" if reason else "")
                       + "; write it as e.g. 2025-11-18T14:00:00+02:00")
        name = ".".join(loc) or "entry"
        messages.setdefault(name, message)
    return messages


def public_fields(kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` without the private ones (e-mail) of ``kind``."""
    private = PRIVATE_FIELDS.get(kind, frozenset())
    return {k: v for k, v in fields.items() if k not in private}


def canonical_json(value: Any) -> str:
    """How the registry stores JSON: sorted keys, no spaces, Unicode as is (for exact round trips)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def utc_now() -> str:
    """The current time as the registry stores times: ISO 8601 in UTC with microseconds."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
