"""What a person reads when the registry refuses a field: one plain sentence per field, in their
language, naming the field by its label.

Pydantic reports each failure as an error ``type`` with its context (``max_length``,
``expected`` ...) and the value typed; :func:`field_messages` turns that report into messages
such as "“Summary” can be at most 280 characters (now 312)." Our own checks
(:mod:`h4og_kit.registry.validators`, the models' validators) raise :class:`Invalid`, whose
message names the field the same way. A failure of a kind not listed here still gets a message
that names its field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from h4og_kit.i18n import N_, ngettext, number
from h4og_kit.i18n import gettext as _

if TYPE_CHECKING:
    from pydantic import BaseModel
    from pydantic import ValidationError as PydanticValidationError

#: How much of a typed name (a link's label, an unknown field) a message shows.
_SHOWN_KEY = 40


class Invalid(ValueError):
    """A value a check refuses, with its message for the person who typed it.

    ``text`` is the message, already translated (``_("{field} must ...")``, or ``ngettext`` when
    it depends on a count), naming the field as ``{field}``; ``values`` fill its other
    placeholders (whole numbers are written in the viewer's number format). ``at`` names the
    field (a dotted path) of a check on the whole entry, such as a workshop's end after its start.
    """

    def __init__(self, text: str, *, at: str | None = None, **values: Any):
        super().__init__(text)
        self.text = text
        self.at = at
        self.values = values

    def message(self, field: str) -> str:
        """The message, naming the field as ``field``."""
        shown = {key: number(value) if isinstance(value, int) and not isinstance(value, bool)
                 else value for key, value in self.values.items()}
        return self.text.format(field=field, **shown)

    def __str__(self) -> str:  # a check called directly, outside a form: no field to name
        return self.message(_("This value"))

    def __reduce__(self):
        return _rebuild, (self.text, self.at, self.values)


def _rebuild(text: str, at: str | None, values: dict[str, Any]) -> Invalid:
    return Invalid(text, at=at, **values)


def _cut(typed: str) -> str:
    """Typed text shown inside a message, cut short when it is long."""
    return typed if len(typed) <= _SHOWN_KEY else typed[:_SHOWN_KEY] + "…"


def field_name(model: type[BaseModel], loc: Sequence[str | int]) -> str:
    """How a message names the field at ``loc`` (pydantic's location in ``model``): its label in
    the current language, quoted, with the item's place in a list or the key in a mapping
    ("“Hashtags”, item 3"). A field the model does not have is named as it was typed."""
    from pydantic import BaseModel

    from h4og_kit.registry.meta import meta_of

    label, place, current = None, None, model
    for part in loc:
        fields = current.model_fields if current is not None else {}
        if isinstance(part, str) and part in fields:
            label, place = _(meta_of(current, part).label), None
            annotation = fields[part].annotation
            current = annotation if (isinstance(annotation, type)
                                     and issubclass(annotation, BaseModel)) else None
        elif label is None:  # not a field of this kind
            label = _cut(str(part))
        elif isinstance(part, int):
            place = part + 1
        elif part != "[key]":  # a mapping's key (the label of a link); "[key]" marks the key itself
            place = _cut(part)
    if label is None:
        return _("The entry")
    if isinstance(place, int):
        # Translators: a field named in a message, and which of its list's items is meant.
        return _("“{label}”, item {number}").format(label=label, number=number(place))
    if place is not None:
        # Translators: a field named in a message, and the label of the link in it that is meant.
        return _("“{label}”, “{key}”").format(label=label, key=place)
    # Translators: a field named in a message, by its label.
    return _("“{label}”").format(label=label)


def _choices(expected: str) -> str:
    """Pydantic's ``'a', 'b' or 'c'`` as a list in the current language ("a, b, or c")."""
    from babel.lists import format_list

    from h4og_kit.i18n import cldr_locale

    return format_list(re.findall(r"'([^']*)'", expected) or [expected], style="or",
                       locale=cldr_locale())


def _length(error: Mapping[str, Any]) -> int:
    """How long the refused value is (characters of a text, items of a list)."""
    ctx = error.get("ctx") or {}
    if "actual_length" in ctx:
        return ctx["actual_length"]
    value = error.get("input")
    return len(value) if hasattr(value, "__len__") else 0


#: The message of each pydantic error type that needs no count, naming the field as ``{field}``.
PLAIN = {
    "missing": N_("{field} is required."),
    "literal_error": N_("{field} must be one of {choices}."),
    "enum": N_("{field} must be one of {choices}."),
    "string_type": N_("{field} must be text."),
    "list_type": N_("{field} must be a list."),
    "dict_type": N_("{field} must be a set of named values (a JSON object)."),
    "model_type": N_("{field} must be a set of named values (a JSON object)."),
    "model_attributes_type": N_("{field} must be a set of named values (a JSON object)."),
    "bool_type": N_("{field} must be true or false."),
    "bool_parsing": N_("{field} must be true or false."),
    "int_type": N_("{field} must be a whole number, such as 12."),
    "int_parsing": N_("{field} must be a whole number, such as 12."),
    "int_from_float": N_("{field} must be a whole number, such as 12."),
    "int_parsing_size": N_("{field} must be a whole number, such as 12."),
    "float_type": N_("{field} must be a number, such as 12 or 3.5."),
    "float_parsing": N_("{field} must be a number, such as 12 or 3.5."),
    "datetime_type": N_(
        "{field} is not a date and time; write it as e.g. 2025-11-18T14:00:00+02:00."),
    "datetime_parsing": N_(
        "{field} is not a date and time; write it as e.g. 2025-11-18T14:00:00+02:00."),
    "datetime_from_date_parsing": N_(
        "{field} is not a date and time; write it as e.g. 2025-11-18T14:00:00+02:00."),
    "datetime_object_invalid": N_(
        "{field} is not a date and time; write it as e.g. 2025-11-18T14:00:00+02:00."),
    "url_type": N_("{field} is not a web address; write it as e.g. https://example.org/page."),
    "url_parsing": N_("{field} is not a web address; write it as e.g. https://example.org/page."),
    "url_syntax_violation": N_(
        "{field} is not a web address; write it as e.g. https://example.org/page."),
    "url_scheme": N_("{field} must start with {choices}."),
    "extra_forbidden": N_("{field} is not a field of this kind of entry."),
}
#: Any other failure: its field, and pydantic's own words for what is wrong.
OTHERWISE = N_("{field} is not valid ({reason}).")


def _template(error: Mapping[str, Any]) -> str:
    """The translated message for ``error``, with ``{field}``, ``{limit}``, ``{count}``,
    ``{choices}`` or ``{reason}`` still to fill."""
    kind, ctx = error["type"], error.get("ctx") or {}
    limit = ctx.get("max_length", ctx.get("min_length"))
    if kind == "string_too_long":
        return ngettext("{field} can be at most {limit} character (now {count}).",
                        "{field} can be at most {limit} characters (now {count}).", limit)
    if kind == "string_too_short" and limit == 1:
        return _("{field} cannot be empty.")
    if kind == "string_too_short":
        return ngettext("{field} needs at least {limit} character (now {count}).",
                        "{field} needs at least {limit} characters (now {count}).", limit)
    if kind == "too_long":
        return ngettext("{field} can hold at most {limit} item (now {count}); leave some out.",
                        "{field} can hold at most {limit} items (now {count}); leave some out.",
                        limit)
    if kind == "too_short":
        return ngettext("{field} needs at least {limit} item (now {count}).",
                        "{field} needs at least {limit} items (now {count}).", limit)
    return _(PLAIN.get(kind, OTHERWISE))


def message(model: type[BaseModel], error: Mapping[str, Any]) -> tuple[str, str]:
    """One pydantic error as ``(dotted path, message)``."""
    loc, ctx = tuple(error["loc"]), error.get("ctx") or {}
    problem = ctx.get("error")
    if isinstance(problem, Invalid) and problem.at and not loc:
        loc = tuple(problem.at.split("."))
    path, field = ".".join(map(str, loc)) or "entry", field_name(model, loc)
    if isinstance(problem, Invalid):
        return path, problem.message(field)
    return path, _template(error).format(
        field=field,
        limit=number(ctx.get("max_length", ctx.get("min_length", 0))),
        count=number(_length(error)),
        choices=_choices(str(ctx.get("expected") or ctx.get("expected_schemes") or "")),
        reason=str(problem) if problem is not None else error["msg"],
    )


def field_messages(model: type[BaseModel], exc: PydanticValidationError) -> dict[str, str]:
    """Pydantic's report on ``model`` as one message per field (dotted paths such as
    ``links.demo`` or ``keywords.2``; the first failure of a field when it has several)."""
    messages: dict[str, str] = {}
    for error in exc.errors(include_url=False):
        path, text = message(model, error)
        messages.setdefault(path, text)
    return messages
