"""The fields of the registration form, as the entry models declare them, and how a typed value
becomes a registry value (and back).

Which kinds have a field, its label, hint, input kind and place come from the models
(:func:`h4og_kit.registry.models.form_fields`); nothing here lists fields. A field is named by its
registry path (``links.demo`` for a link). Values go to the registry as typed; the registry
validates them and says what is wrong with each. Labels, hints, placeholders and the names of
kinds and choices are English in the models; :func:`shown` gives them in the visitor's language.

Two fields are picked rather than typed, and the form's hints say so (:func:`hint_of`): team
members by name from the published people (:class:`~h4og_kit.widgets.people_picker.PeoplePicker`;
the registry stores their ids), and a time zone by city (:func:`h4og_kit.widgets.zones.zone_choices`), the visitor's own preselected.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from h4og_kit.i18n import N_
from h4og_kit.i18n import gettext as _
from h4og_kit.registry.meta import FormField  # one form field: its path, label, input, hint
from h4og_kit.registry.models import CHOICE_LABELS, KINDS
from h4og_kit.registry.models import form_fields as _model_fields

if TYPE_CHECKING:
    import ipywidgets

#: The kinds the form offers, in its order, with their labels (English: see :func:`shown`).
ALL_KINDS = tuple(KINDS)
KIND_LABELS = {kind: model.kind_meta.form_label for kind, model in KINDS.items()}
#: The visibility input's names for an entry's status (a person may choose the first two; an
#: organizer's "hidden" shows when an organizer opens a hidden entry).
STATUS_LABELS = {"published": N_("Published (on the public board)"),
                 "draft": N_("Draft (not shown)"), "hidden": N_("Hidden (by the organizers)")}


#: The fields whose values are person ids, which the form picks by name.
PEOPLE_FIELDS = ("team",)
#: How to fill a field the form asks for differently from the models' words (English; see
#: :func:`hint_of`): a person picks people by name, and a time zone by city.
FORM_HINTS = {
    "team": N_("Type a name and pick the person from the list, then press Enter or Add. Each "
               "member registers first, as \u201cPerson (you)\u201d."),
    "zone": N_("Pick a city in your time zone. The form starts at your browser's time zone."),
}


def shown(text: str) -> str:
    """A label, hint or placeholder of the models in the current language; an empty text stays
    empty (and a placeholder no catalog has, such as ``https://``, stays as it is)."""
    return _(text) if text else ""


def choice_label(value: str) -> str:
    """What a choice input shows for ``value``: its name in the current language."""
    return shown(CHOICE_LABELS.get(value, value)) if value else _("(not set)")


@cache
def _all_fields() -> tuple[FormField, ...]:
    specs: dict[tuple[str, str], FormField] = {}
    for kind in ALL_KINDS:
        for spec in _model_fields(kind):
            key = (spec.name, spec.input)
            if key in specs:
                known = specs[key]
                if (known.label, known.hint, known.placeholder) != (spec.label, spec.hint,
                                                                    spec.placeholder):
                    raise TypeError(f"{spec.name} is labelled differently in {known.kinds} "
                                    f"and {kind}: one input cannot show both")
                spec = FormField(**{**vars(known), "kinds": (*known.kinds, kind)})
            specs[key] = spec
    return tuple(specs.values())


def all_fields() -> tuple[FormField, ...]:
    """Every form field of every kind once (fields of the same name and input are shared)."""
    return _all_fields()


def hint_of(spec: FormField) -> str:
    """The hint the form shows under ``spec``, in the current language ("" for none)."""
    return shown(FORM_HINTS.get(spec.name, FORM_HINTS.get(spec.input, spec.hint)))


def fields_of(kind: str) -> list[FormField]:
    """The form fields of ``kind``, in form order."""
    return _model_fields(kind)


def widget_key(spec: FormField) -> str:
    """Fields of the same name share one input across kinds, so a draft survives a kind switch."""
    return f"{spec.name}:{spec.input}"


def make_input(spec: FormField, stage_options: list[tuple[str, str]],
               people: Callable[[], list[tuple[str, str]]] | None = None) -> ipywidgets.Widget:
    """The input widget of ``spec``, with a visible label (its ``description``), in the current
    language; ``stage_options`` are the stages as ``(label, name)``, ``people`` lists the
    ``(id, name)`` of the people a team member is picked from (without it, ids are typed)."""
    import ipywidgets as w

    style = {"description_width": "initial"}
    layout = w.Layout(width="100%", max_width="44rem")
    label, placeholder = shown(spec.label), shown(spec.placeholder)
    common = {"description": label, "style": style, "layout": layout}
    if spec.name in PEOPLE_FIELDS and people is not None:
        from h4og_kit.widgets.people_picker import PeoplePicker

        return PeoplePicker(people, description=label, placeholder=_("Type a name"),
                            layout=w.Layout(width="100%", max_width="36rem"))
    if spec.input in ("long", "pairs"):
        return w.Textarea(placeholder=placeholder, rows=4, **common)
    if spec.input == "bool":
        return w.Checkbox(value=False, indent=False, description=label, style=style)
    if spec.input == "choice":
        return w.Dropdown(options=[(choice_label(c), c) for c in spec.choices], **common)
    if spec.input == "stage":
        return w.Dropdown(options=stage_options, **common)
    if spec.input == "status":
        return w.Dropdown(options=[(_(STATUS_LABELS[s]), s) for s in ("published", "draft")],
                          value="published", **common)
    if spec.input == "zone":
        from h4og_kit.i18n import cldr_locale
        from h4og_kit.widgets.zones import visitor_time_zone, zone_choices

        zones = zone_choices(cldr_locale())
        return w.Dropdown(options=[(_("(not set)"), ""), *zones.options],
                          value=visitor_time_zone(zones.option_of) or "", **common)
    return w.Text(placeholder=placeholder, continuous_update=False, **common)


def read_pairs(text: str) -> dict[str, str]:
    """``label https://...`` lines -> {label: link}: the link is the last word of a line, the
    label all before it (a line of one word is a link without a label, which the registry
    refuses by name)."""
    pairs: dict[str, str] = {}
    for line in str(text).splitlines():
        if line.strip():
            label, _, url = line.strip().rpartition(" ")
            pairs[label.strip()] = url
    return pairs


def read_input(spec: FormField, widget: ipywidgets.Widget) -> Any:
    """The registry value of what is typed in ``widget``: lists split at commas, links read
    line by line, empty optional values as None (the registry checks everything else)."""
    value = widget.value
    if isinstance(value, (list, tuple)):  # picked, not typed (team members)
        return list(value)
    if spec.input == "zone":
        loaded = getattr(widget, "h4og_loaded_zone", None)  # an alias stays as it was stored
        return loaded[0] if loaded and loaded[1] == value else (value or None)
    if spec.input == "list":
        return [item.strip() for item in str(value).split(",") if item.strip()]
    if spec.input == "pairs":
        return read_pairs(value)
    if spec.input in ("word", "url", "zone", "datetime", "choice"):
        return value.strip() if isinstance(value, str) and value.strip() else None
    if spec.optional and isinstance(value, str) and not value.strip():
        return None  # e.g. no rights statement: not stated, rather than an empty one
    return value


def show_value(spec: FormField, widget: ipywidgets.Widget, value: Any) -> None:
    """Put a registry value into ``widget`` (the inverse of :func:`read_input`)."""
    if isinstance(widget.value, (list, tuple)):  # picked, not typed (team members)
        widget.value = [str(v) for v in value or []]
    elif spec.input == "zone":
        show_zone(widget, value)
    elif spec.input == "list":
        widget.value = ", ".join(str(v) for v in value or [])
    elif spec.input == "pairs":
        widget.value = "\n".join(f"{label} {url}" for label, url in (value or {}).items())
    elif spec.input == "bool":
        widget.value = bool(value)
    elif spec.input in ("stage", "status", "choice"):
        options = [opt[1] if isinstance(opt, tuple) else opt for opt in widget.options]
        if value is not None and value not in options:  # e.g. "hidden", seen by an organizer
            widget.options = [*widget.options, (shown(STATUS_LABELS.get(value, str(value))), value)]
        widget.value = value if value is not None else options[0]
    else:
        widget.value = "" if value is None else str(value)


def show_zone(widget: ipywidgets.Dropdown, value: str | None) -> None:
    """Choose the zone ``value`` in a zone input: an alias (``US/Central``) as the city that
    stands for it; a zone the list lacks is added as it is."""
    from h4og_kit.i18n import cldr_locale
    from h4og_kit.widgets.zones import zone_choices

    if not value:
        widget.h4og_loaded_zone = None
        widget.value = ""
        return
    folded = zone_choices(cldr_locale()).option_of.get(value, value)
    if folded not in [option for _label, option in widget.options]:
        widget.options = [*widget.options, (value, value)]
    widget.h4og_loaded_zone = (value, folded)
    widget.value = folded


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
    """Equal for the form's purposes: None, "", [] and {} are all "empty"."""
    empty = (None, "", [], {})
    return (a in empty and b in empty) or a == b
