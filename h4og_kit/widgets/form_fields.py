"""The fields of the registration form: which kinds have them, their labels, and how a typed value
becomes a registry value (and back).

A field is named by its registry path (``links.demo`` for a link). Values go to the registry as
typed; the registry validates them and says what is wrong with each.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import ipywidgets

ALL_KINDS = ("person", "project", "collection", "tool", "workshop", "challenge")
KIND_LABELS = {
    "project": "Project",
    "person": "Person (you)",
    "collection": "Collection",
    "tool": "Tool",
    "workshop": "Workshop",
    "challenge": "Challenge",
}
LEVELS = ("", "beginner", "intermediate", "advanced")


@dataclass(frozen=True)
class FieldSpec:
    """One form field: ``kind`` of input (text, long, list, url, bool, level, stage, status,
    zone, datetime), the kinds of entry that have it, and a hint shown under it."""

    name: str
    label: str
    input: str = "text"
    kinds: tuple[str, ...] = ALL_KINDS
    hint: str = ""
    placeholder: str = ""

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.name.split("."))


_NOT_PERSON = tuple(k for k in ALL_KINDS if k != "person")

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", "Title", kinds=_NOT_PERSON, hint="Required."),
    FieldSpec("name", "Your name", kinds=("person",), hint="Required; shown on the board."),
    FieldSpec("summary", "Summary", hint="One or two sentences (at most 280 characters)."),
    FieldSpec("email", "E-mail", kinds=("person",),
              hint="Private: only you (with your edit token) and the organizers see it."),
    FieldSpec("organization", "Organization", kinds=("person",)),
    FieldSpec("role", "Role", kinds=("person",)),
    FieldSpec("skills", "Skills", "list", ("person",), "Separate with commas.", "Python, SPARQL"),
    FieldSpec("interests", "Interests", "list", ("person",), "Hashtags or words, with commas.",
              "#languages, #ethicalSharing"),
    FieldSpec("time_zone", "Time zone", "zone", ("person",), "An IANA name.", "Europe/Helsinki"),
    FieldSpec("city", "City", kinds=("person",)),
    FieldSpec("country", "Country", kinds=("person",)),
    FieldSpec("contact_consent", "Others may contact me and matchmaking may suggest me", "bool",
              ("person",)),
    FieldSpec("stage", "Stage", "stage", ("project",),
              "Moving up checks what the stage needs; the checks still missing show here."),
    FieldSpec("skills_needed", "Skills needed", "list", ("project",), "Separate with commas."),
    FieldSpec("goals", "Goals", "long", ("project",)),
    FieldSpec("collections_used", "Collections used", "list", ("project",),
              "Names or links, with commas."),
    FieldSpec("tools_used", "Tools used", "list", ("project",), "Separate with commas."),
    FieldSpec("good_first_tasks", "Good first tasks", "list", ("project",),
              "Separate with commas."),
    FieldSpec("institution", "Institution", kinds=("collection",)),
    FieldSpec("country", "Country", kinds=("collection",)),
    FieldSpec("access_url", "Access link", "url", ("collection",), "", "https://"),
    FieldSpec("rights", "Rights statement", kinds=("collection",),
              hint="A license or rights statement, e.g. CC BY 4.0 or its URL."),
    FieldSpec("ethical_considerations", "Ethical considerations", "long", ("collection",)),
    FieldSpec("tk_labels", "TK/BC label codes", "list", ("collection",),
              "Local Contexts codes, with commas, e.g. tka, bcp."),
    FieldSpec("language", "Language", kinds=("workshop",), hint="A language tag, e.g. en, fi."),
    FieldSpec("level", "Level", "level", ("workshop",)),
    FieldSpec("start", "Starts", "datetime", ("workshop",),
              "Date, time and time zone, e.g. 2025-11-18T14:00:00+02:00 or ...T12:00:00Z "
              "(a year from 1970 to 2100).",
              "2025-11-18T14:00:00+02:00"),
    FieldSpec("end", "Ends", "datetime", ("workshop",), "", "2025-11-18T15:30:00+02:00"),
    FieldSpec("requirements", "Requirements", "long", ("workshop",)),
    FieldSpec("host", "Host", kinds=("challenge",)),
    FieldSpec("description", "Description", "long", hint="Plain text (Markdown is shown as typed)."),
    FieldSpec("keywords", "Hashtags", "list", hint="With commas, e.g. #languages, #IIIF."),
    FieldSpec("languages", "Languages", "list", hint="Language tags with commas, e.g. en, fi, se."),
    FieldSpec("links.homepage", "Homepage", "url", placeholder="https://"),
    FieldSpec("links.source", "Source code", "url", _NOT_PERSON, placeholder="https://"),
    FieldSpec("links.demo", "Demo", "url", _NOT_PERSON, placeholder="https://"),
    FieldSpec("links.chat", "Chat", "url", placeholder="https://"),
    FieldSpec("image_url", "Image link", "url", placeholder="https://"),
    FieldSpec("team", "Team (person ids)", "list", _NOT_PERSON,
              "Ids of registered people, e.g. person-1a2b3c4d5e."),
    FieldSpec("status", "Visibility", "status",
              hint="Published entries show on the public board; drafts do not."),
)


def fields_of(kind: str) -> list[FieldSpec]:
    """The form fields of ``kind``, in form order."""
    return [spec for spec in FIELDS if kind in spec.kinds]


def widget_key(spec: FieldSpec) -> str:
    """Fields of the same name share one input across kinds, so a draft survives a kind switch."""
    return f"{spec.name}:{spec.input}"


def make_input(spec: FieldSpec, stage_options: list[tuple[str, str]]) -> ipywidgets.Widget:
    """The input widget of ``spec``, with a visible label (its ``description``)."""
    import ipywidgets as w

    style = {"description_width": "initial"}
    layout = w.Layout(width="100%", max_width="44rem")
    common = {"description": spec.label, "style": style, "layout": layout}
    if spec.input == "long":
        return w.Textarea(placeholder=spec.placeholder, rows=4, **common)
    if spec.input == "bool":
        return w.Checkbox(value=False, indent=False, description=spec.label, style=style)
    if spec.input == "level":
        return w.Dropdown(options=[(lvl or "(not set)", lvl) for lvl in LEVELS], **common)
    if spec.input == "stage":
        return w.Dropdown(options=stage_options, **common)
    if spec.input == "status":
        return w.Dropdown(options=[("Published (on the public board)", "published"),
                                   ("Draft (not shown)", "draft")], value="published", **common)
    if spec.input == "zone":
        from h4og_kit.registry.validators import time_zones

        return w.Combobox(options=sorted(time_zones()), ensure_option=False,
                          placeholder=spec.placeholder, **common)
    return w.Text(placeholder=spec.placeholder, continuous_update=False, **common)


def read_input(spec: FieldSpec, widget: ipywidgets.Widget) -> Any:
    """The registry value of what is typed in ``widget``: lists split at commas, empty optional
    values as None (the registry checks everything else)."""
    value = widget.value
    if spec.input == "list":
        return [item.strip() for item in str(value).split(",") if item.strip()]
    if spec.input in ("url", "zone", "datetime", "level") or spec.name in ("email", "language"):
        return value.strip() if isinstance(value, str) and value.strip() else None
    return value


def show_value(spec: FieldSpec, widget: ipywidgets.Widget, value: Any) -> None:
    """Put a registry value into ``widget`` (the inverse of :func:`read_input`)."""
    if spec.input == "list":
        widget.value = ", ".join(str(v) for v in value or [])
    elif spec.input == "bool":
        widget.value = bool(value)
    elif spec.input in ("stage", "status", "level"):
        options = [opt[1] if isinstance(opt, tuple) else opt for opt in widget.options]
        if value is not None and value not in options:  # e.g. "hidden", seen by an organizer
            widget.options = [*widget.options, (str(value), value)]
        widget.value = value if value is not None else options[0]
    else:
        widget.value = "" if value is None else str(value)


def get_path(fields: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = fields
    for part in path:
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def set_path(fields: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    target = fields
    for part in path[:-1]:
        target = target.setdefault(part, {})
    target[path[-1]] = value


def same_value(a: Any, b: Any) -> bool:
    """Equal for the form's purposes: None, "" and [] are all "empty"."""
    empty = (None, "", [])
    return (a in empty and b in empty) or a == b
