"""What the entry models say about their fields and kinds, beyond validation.

Each field of a model in :mod:`h4og_kit.registry.models` carries a :class:`Meta` in its
annotation (``Annotated[Title, Meta("Title", "Required.", order=10)]``): its label, help text,
input kind, place in the form and who may see it. Each model carries a :class:`KindMeta`
(``kind_meta``): the kind's name, labels, plural and place in lists. From these the kit derives
the registration form, the private and consent-only fields, the kinds and their labels on the
boards and the static showcase, and the columns of the CSV export; nothing keeps its own list.

:func:`form_fields` walks a model, nested models included (``links.demo``), in form order.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from pydantic import BaseModel

#: Input kinds of the registration form: one line of text; one word without spaces around it (an
#: e-mail, a language tag); several lines; a comma-separated list;
#: a web address; a yes/no box; one of the values the model allows; the event's stages; the
#: visibility (published or draft); an IANA time zone; a date and time; "label https://..." lines
#: (a dict of links); a group of sub-fields (a nested model); or not asked in the form at all.
INPUTS = ("text", "word", "long", "list", "url", "bool", "choice", "stage", "status", "zone",
          "datetime", "pairs", "group", "none")

#: Who sees a field: everyone (when the entry is published); only the person, their team and the
#: organizers; or everyone, but only when the person agreed to be contacted.
Visibility = Literal["public", "private", "consent"]


@dataclass(frozen=True)
class Meta:
    """How a field is labelled, explained, asked for and shown.

    ``order`` places the field in the form (lower first; common fields use 10-30 and 900-990,
    each kind's own fields the numbers between). ``visibility`` says who sees it (see
    :data:`Visibility`).
    """

    label: str
    help: str = ""
    input: str = "text"
    order: int = 500
    visibility: Visibility = "public"
    placeholder: str = ""

    def __post_init__(self) -> None:
        if self.input not in INPUTS:
            raise ValueError(f"input must be one of {INPUTS}, not {self.input!r}")
        if self.visibility not in typing.get_args(Visibility):
            raise ValueError(f"visibility must be public, private or consent, not {self.visibility!r}")


@dataclass(frozen=True)
class KindMeta:
    """A kind of entry: its ``name``, ``label`` ("Project"), ``plural`` ("Projects"), the label of
    the form's kind picker, its place in boards and showcases (``order``), and the fields of
    the common model its form leaves out (dotted names)."""

    name: str
    label: str
    plural: str
    form_label: str
    order: int
    form_omits: tuple[str, ...] = ()


@dataclass(frozen=True)
class FormField:
    """One field of the registration form of some kinds of entry.

    ``name`` is the registry path (``links.demo``); ``optional`` fields send None when left empty;
    ``choices`` are the values a ``choice`` input offers ("" for none).
    """

    name: str
    label: str
    input: str = "text"
    kinds: tuple[str, ...] = ()
    hint: str = ""
    placeholder: str = ""
    optional: bool = False
    choices: tuple[str, ...] = ()

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.name.split("."))


def meta_of(model: type[BaseModel], name: str) -> Meta:
    """The :class:`Meta` of field ``name`` of ``model`` (a TypeError names a field without one)."""
    for item in model.model_fields[name].metadata:
        if isinstance(item, Meta):
            return item
    raise TypeError(f"{model.__name__}.{name} has no Meta: give it a label and an input kind")


def fields_meta(model: type[BaseModel]) -> dict[str, Meta]:
    """Every field of ``model`` with its :class:`Meta`, in form order (then declaration order)."""
    metas = {name: meta_of(model, name) for name in model.model_fields}
    return dict(sorted(metas.items(), key=lambda item: item[1].order))


def names_seen_by(model: type[BaseModel], visibility: str) -> frozenset[str]:
    """The fields of ``model`` with the given ``visibility``."""
    return frozenset(n for n, m in fields_meta(model).items() if m.visibility == visibility)


def _literal_values(annotation: Any) -> tuple[str, ...]:
    values: list[str] = []
    for arg in typing.get_args(annotation) or ():
        if typing.get_origin(arg) is Literal:
            values += typing.get_args(arg)
    if typing.get_origin(annotation) is Literal:
        values += typing.get_args(annotation)
    return tuple(values)


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    from pydantic import BaseModel

    candidates = [annotation, *typing.get_args(annotation)]
    return next((c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None)


def _optional(field: Any) -> bool:
    annotation = field.annotation
    union = typing.get_origin(annotation) in (typing.Union, types.UnionType)
    return field.default is None or (union and type(None) in typing.get_args(annotation))


def form_fields(model: type[BaseModel], kind: KindMeta, prefix: str = "") -> list[FormField]:
    """The form fields of ``model`` for ``kind``, in form order: every field whose input is not
    ``none`` and that the kind does not leave out, the sub-fields of groups in their place."""
    out: list[FormField] = []
    for name, meta in fields_meta(model).items():
        path = prefix + name
        if meta.input == "none" or path in kind.form_omits:
            continue
        field = model.model_fields[name]
        if meta.input == "group":
            nested = _nested_model(field.annotation)
            if nested is None:
                raise TypeError(f"{model.__name__}.{name} is a group but not a model")
            out += form_fields(nested, kind, prefix=path + ".")
            continue
        choices = ("", *_literal_values(field.annotation)) if meta.input == "choice" else ()
        out.append(FormField(path, meta.label, meta.input, (kind.name,), meta.help,
                             meta.placeholder, _optional(field), choices))
    return out
