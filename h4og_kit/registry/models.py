"""The six kinds of registry entry as validated pydantic models, and the one function that checks them.

Every kind shares the fields of :class:`Common`; :data:`KINDS` maps each kind's name to its model.
The models are the one entry schema: each field also carries its label, help text, input kind,
form order and visibility (a :class:`~h4og_kit.registry.meta.Meta` in its annotation), and each
model its kind's labels (``kind_meta``). The registration form (:func:`form_fields`), the private
and consent-only fields (:data:`PRIVATE_FIELDS`, :data:`CONSENT_FIELDS`), the kinds in display
order (:data:`DISPLAY_ORDER`) derive from them.
Text is stored exactly as typed (no trimming, no Unicode normalization, never rendered as HTML);
URLs, time zones, language tags, label codes and lengths are checked. Required text (a title, a
person's name, a keyword or list item) must hold at least one visible character: spaces,
zero-width and bidi characters alone are refused, but kept as typed next to visible ones.
Workshop times need a time zone and a year from 1970 to 2100 (see
:data:`~h4og_kit.registry.validators.FIRST_YEAR`); they are stored in UTC. Yes/no fields take only
``true`` or ``false`` (never the words "yes" or "no", and never 0 or 1). :func:`validate_fields`
turns pydantic's report into a :class:`~h4og_kit.registry.errors.ValidationError` with one plain
message per field, in the current language (:mod:`~h4og_kit.registry.field_messages`).

Labels, help texts, kind names and choice names are English, marked for translation where they
are defined (``N_``); whatever shows them translates them (``_(meta.label)``).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, Literal

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

from h4og_kit.i18n import N_, ngettext
from h4og_kit.i18n import gettext as _
from h4og_kit.registry.errors import ValidationError
from h4og_kit.registry.field_messages import Invalid, field_messages
from h4og_kit.registry.meta import FormField, KindMeta, Meta, names_seen_by
from h4og_kit.registry.meta import form_fields as _form_fields
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
        raise Invalid(_("{field} is a number, not a date and time; write it as e.g. "
                        "2025-11-18T14:00:00+02:00."))
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
LinkLabel = _text(40, 1)
Url = Annotated[str, AfterValidator(check_url)]
LanguageTag = Annotated[str, AfterValidator(check_language_tag)]
TimeZone = Annotated[str, AfterValidator(check_time_zone)]
Email = Annotated[str, AfterValidator(check_email)]

STATUSES = ("draft", "published", "hidden")

_WEB = "https://"
_COMMAS = N_("Separate with commas.")
#: The names people read for the values of the choice fields (a workshop's level).
CHOICE_LABELS = {"beginner": N_("Beginner"), "intermediate": N_("Intermediate"),
                 "advanced": N_("Advanced")}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, validate_default=True)


class Links(_Strict):
    """The links an entry can carry: all optional, all http(s)."""

    homepage: Annotated[Url | None, Meta(N_("Homepage"), input="url", order=1,
                                         placeholder=_WEB)] = None
    source: Annotated[Url | None, Meta(N_("Source code"), input="url", order=2,
                                       placeholder=_WEB)] = None
    chat: Annotated[Url | None, Meta(N_("Chat"), input="url", order=4, placeholder=_WEB)] = None
    demo: Annotated[Url | None, Meta(N_("Demo"), input="url", order=3, placeholder=_WEB)] = None
    dataset: Annotated[Url | None, Meta(N_("Dataset"), input="none")] = None


class Common(_Strict):
    """The fields every kind of entry has."""

    kind_meta: ClassVar[KindMeta]

    title: Annotated[Title, Meta(N_("Title"), N_("Required."), order=10)]
    summary: Annotated[Summary, Meta(
        N_("Summary"), N_("One or two sentences (at most 280 characters)."), order=20)] = ""
    description: Annotated[LongText, Meta(
        N_("Description"), N_("Plain text (Markdown is shown as typed)."), "long",
        order=900)] = Field(default="", description="Markdown, shown as plain text")
    keywords: Annotated[list[Keyword], Meta(
        N_("Hashtags"), N_("With commas, e.g. #languages, #IIIF."), "list", order=910)] = Field(
        default_factory=list, max_length=50)
    languages: Annotated[list[LanguageTag], Meta(
        N_("Languages"), N_("Language tags with commas, e.g. en, fi, se."), "list",
        order=920)] = Field(default_factory=list, max_length=20)
    links: Annotated[Links, Meta(N_("Links"), input="group", order=930)] = Field(
        default_factory=Links)
    image_url: Annotated[Url | None, Meta(N_("Image link"), input="url", order=940,
                                          placeholder=_WEB)] = None
    owner: Annotated[Name | None, Meta(N_("Owner"), input="none")] = None
    team: Annotated[list[EntryRef], Meta(
        N_("Team members"), N_("Registered people: the form picks them by name; files and "
                               "the library give their ids, e.g. person-1a2b3c4d5e."), "list",
        order=950)] = Field(default_factory=list, max_length=50)
    status: Annotated[Literal["draft", "published", "hidden"], Meta(
        N_("Visibility"), N_("Published entries show on the public board; drafts do not."),
        "status", order=990)] = "published"


class Person(Common):
    """A participant. The e-mail is private; ``title`` defaults to the name (and follows it when
    the name changes, unless the title was set to something else)."""

    kind_meta = KindMeta("person", N_("Person"), N_("People"), N_("Person (you)"), order=6,
                         form_omits=("team", "links.source", "links.demo"))

    name: Annotated[Title, Meta(N_("Your name"), N_("Required; shown on the board."), order=15)]
    organization: Annotated[Name, Meta(N_("Organization"), order=40)] = ""
    role: Annotated[Name, Meta(N_("Role"), order=50)] = ""
    skills: Annotated[list[Keyword], Meta(N_("Skills"), _COMMAS, "list", order=60,
                                          # Translators: example skills, with commas.
                                          placeholder=N_("Python, SPARQL"))] = Field(
        default_factory=list, max_length=50)
    interests: Annotated[list[Keyword], Meta(
        N_("Interests"), N_("Hashtags or words, with commas."), "list", order=70,
        # Translators: example hashtags, with commas; hashtags in your language are welcome.
        placeholder=N_("#languages, #ethicalSharing"))] = Field(default_factory=list,
                                                                max_length=50)
    time_zone: Annotated[TimeZone | None, Meta(
        N_("Time zone"), N_("A city, e.g. Helsinki, or an IANA name."), "zone", order=80,
        placeholder="Europe/Helsinki")] = None
    city: Annotated[Name, Meta(N_("City"), order=90)] = ""
    country: Annotated[Name, Meta(N_("Country"), order=100)] = ""
    contact_consent: Annotated[bool, Meta(
        N_("Others may contact me and matchmaking may suggest me"), input="bool",
        order=110)] = Field(default=False, strict=True)  # never "no" read as a yes/no
    social_links: Annotated[dict[LinkLabel, Url], Meta(
        N_("My links"), N_("One per line: a label, a space and the link, e.g. Mastodon "
                           "https://example.social/@me. Shown only when others may contact "
                           "you."), "pairs",
        order=120, visibility="consent",
        # Translators: an example line of "My links": a label, a space and the link.
        placeholder=N_("Mastodon https://example.social/@me"))] = Field(
        default_factory=dict, max_length=10)
    email: Annotated[Email | None, Meta(
        N_("E-mail"), N_("Private: only you (with your edit token) and the organizers see it."),
        "word", order=30, visibility="private")] = None
    title: Annotated[Title | None, Meta(N_("Title"), input="none")] = None  # type: ignore[assignment]

    @model_validator(mode="after")
    def _title_from_name(self) -> Person:
        if self.title is None:
            self.title = self.name
        return self


class Project(Common):
    """A hackathon project, with its progress stage."""

    kind_meta = KindMeta("project", N_("Project"), N_("Projects"), N_("Project"), order=1)

    skills_needed: Annotated[list[Keyword], Meta(N_("Skills needed"), _COMMAS, "list",
                                                 order=210)] = Field(
        default_factory=list, max_length=50)
    collections_used: Annotated[list[Item], Meta(
        N_("Collections used"), N_("Names or links, with commas."), "list", order=230)] = Field(
        default_factory=list, max_length=50)
    tools_used: Annotated[list[Item], Meta(N_("Tools used"), _COMMAS, "list",
                                           order=240)] = Field(default_factory=list,
                                                               max_length=50)
    goals: Annotated[LongText, Meta(N_("Goals"), input="long", order=220)] = ""
    good_first_tasks: Annotated[list[Item], Meta(N_("Good first tasks"), _COMMAS, "list",
                                                 order=250)] = Field(
        default_factory=list, max_length=30)
    stage: Annotated[_text(40, 1), Meta(
        N_("Stage"),
        N_("Moving up checks what the stage needs; the checks still missing show here."),
        "stage", order=200)] = "idea"

    @field_validator("stage")
    @classmethod
    def _known_stage(cls, value: str, info: ValidationInfo) -> str:
        names = (info.context or {}).get("stage_names")
        if names is not None and value not in names:
            raise Invalid(_("{field} is not one of the event's stages (“{value}”); the stages "
                            "are: {stages}."), value=value, stages=", ".join(names))
        return value


_DERIVED = N_("derived from the rights statement")


class Collection(Common):
    """An open collection; its rights statement is normalized with :mod:`h4og_kit.rights`."""

    kind_meta = KindMeta("collection", N_("Collection"), N_("Collections"), N_("Collection"),
                         order=3)

    institution: Annotated[Name, Meta(N_("Institution"), order=300)] = ""
    country: Annotated[Name, Meta(N_("Country"), order=310)] = ""
    access_url: Annotated[Url | None, Meta(N_("Access link"), input="url", order=320,
                                           placeholder=_WEB)] = None
    rights: Annotated[_text(500) | None, Meta(
        N_("Rights statement"), N_("A license or rights statement, e.g. CC BY 4.0 or its URL."),
        order=330)] = None
    license_uri: Annotated[str | None, Meta(N_("License URI"), _DERIVED, "none")] = None
    license_category: Annotated[str | None, Meta(N_("License category"), _DERIVED,
                                                 "none")] = None
    license_label: Annotated[str | None, Meta(N_("License"), _DERIVED, "none")] = None
    ethical_considerations: Annotated[LongText, Meta(N_("Ethical considerations"), input="long",
                                                     order=340)] = ""
    tk_labels: Annotated[list[_text(40, 1)], Meta(
        N_("TK/BC label codes"), N_("Local Contexts codes, with commas, e.g. tka, bcp."), "list",
        order=350)] = Field(default_factory=list, max_length=40)

    @field_validator("tk_labels")
    @classmethod
    def _known_labels(cls, codes: list[str]) -> list[str]:
        from h4og_kit.equity.labels import labels_index

        known = labels_index()
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise Invalid(ngettext(
                "{field} holds a code that is not a Local Contexts label or notice: {codes}. Use "
                "codes such as tka, tkcv, bcp or traditional_knowledge.",
                "{field} holds codes that are not Local Contexts labels or notices: {codes}. Use "
                "codes such as tka, tkcv, bcp or traditional_knowledge.", len(unknown)),
                codes=", ".join(unknown))
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

    kind_meta = KindMeta("tool", N_("Tool"), N_("Tools"), N_("Tool"), order=4)


class Workshop(Common):
    """A workshop session; times are stored in UTC."""

    kind_meta = KindMeta("workshop", N_("Workshop"), N_("Workshops"), N_("Workshop"), order=5)

    language: Annotated[LanguageTag | None, Meta(
        N_("Language"), N_("A language tag, e.g. en, fi."), "word", order=400)] = None
    level: Annotated[Literal["beginner", "intermediate", "advanced"] | None, Meta(
        N_("Level"), input="choice", order=410)] = None
    requirements: Annotated[LongText, Meta(N_("Requirements"), input="long", order=440)] = ""
    start: Annotated[Moment | None, Meta(
        N_("Starts"), N_("Date, time and time zone, e.g. 2025-11-18T14:00:00+02:00 or "
                         "…T12:00:00Z (a year from 1970 to 2100)."), "datetime", order=420,
        placeholder="2025-11-18T14:00:00+02:00")] = None
    end: Annotated[Moment | None, Meta(N_("Ends"), input="datetime", order=430,
                                       placeholder="2025-11-18T15:30:00+02:00")] = None

    @model_validator(mode="after")
    def _end_after_start(self) -> Workshop:
        if self.start and self.end and self.end <= self.start:
            raise Invalid(_("{field} must be after the start."), at="end")
        return self


class Challenge(Common):
    """A challenge posed by an institution or community."""

    kind_meta = KindMeta("challenge", N_("Challenge"), N_("Challenges"), N_("Challenge"),
                         order=2)

    host: Annotated[Name, Meta(N_("Host"), order=500)] = ""


#: Every kind of entry, by name, in the order the registration form offers them.
KINDS: dict[str, type[Common]] = {
    model.kind_meta.name: model for model in (Person, Project, Collection, Tool, Workshop, Challenge)
}

#: The kinds in the order boards and showcases list them (projects first, people last).
DISPLAY_ORDER: tuple[str, ...] = tuple(sorted(KINDS, key=lambda k: KINDS[k].kind_meta.order))

#: Fields that never leave the registry unless asked for with ``private=True`` (the fields whose
#: :class:`~h4og_kit.registry.meta.Meta` says ``visibility="private"``), by kind.
PRIVATE_FIELDS: dict[str, frozenset[str]] = {
    kind: names for kind, model in KINDS.items() if (names := names_seen_by(model, "private"))
}

#: Fields the public sees only when the person agreed to be contacted (``visibility="consent"``).
CONSENT_FIELDS: dict[str, frozenset[str]] = {
    kind: names for kind, model in KINDS.items() if (names := names_seen_by(model, "consent"))
}


def kind_meta(kind: str) -> KindMeta:
    """The labels of ``kind`` (a KeyError for an unknown kind)."""
    return KINDS[kind].kind_meta


def form_fields(kind: str) -> list[FormField]:
    """The registration form's fields of ``kind``, in form order (see
    :func:`~h4og_kit.registry.meta.form_fields`)."""
    return _form_fields(KINDS[kind], KINDS[kind].kind_meta)


def check_kind(kind: str) -> type[Common]:
    """The model of ``kind``, or a ValidationError naming the kinds."""
    try:
        return KINDS[kind]
    except (KeyError, TypeError):
        raise ValidationError({"kind": _("“{kind}” is not a kind of entry; use one of: {kinds}.")
                               .format(kind=kind, kinds=", ".join(KINDS))}) from None


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
        raise ValidationError(field_messages(model, exc), kind=kind) from None
    return parsed.model_dump(mode="json")


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
