"""The registration form: register or update any kind of entry, with messages next to each field.

- The registry validates; its message for a field shows right under that field, and what was typed
  stays in the form (a draft is never lost on error).
- After registering, the page scrolls to the edit link (``<page>?edit=<id>&token=<token>``) and
  the edit token, shown once and whole, each with a copy button, and a text file to download;
  :meth:`RegistrationForm.load` opens an entry for editing. What a save did (or why it did not)
  is brought into view too.
- A project's stage shows which checks the chosen stage still misses, before and after saving.
  A save that would move a project to a stage it does not pass yet saves nothing, not even the
  other changes, and says so; the whole draft stays in the form, and one button saves it at the
  stage it has (or, for a new project, the highest stage it passes).
- Team members are picked by name from the published people
  (:class:`~h4og_kit.widgets.people_picker.PeoplePicker`); a time zone by city, starting at the
  visitor's (``?tz=``, else the browser's: :mod:`h4og_kit.widgets.zones`).
- If someone else saved the entry after it was loaded, nothing is overwritten: both versions of
  each differing field are shown and the person chooses what to do.
- Everything the form says is in the visitor's language (the registry's messages too); what people
  typed is shown as typed.
"""

from __future__ import annotations

import functools
import logging
import traceback
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from h4og_kit.html import banner, bdi, bullet_list, esc, fill, join, table
from h4og_kit.html.edit_link import edit_link_box
from h4og_kit.i18n import gettext as _
from h4og_kit.registry.errors import (
    ConflictError,
    EntryNotFound,
    PermissionDenied,
    RegistryError,
    StageCheckFailed,
    ValidationError,
)
from h4og_kit.widgets import form_fields as ff
from h4og_kit.widgets.context import edit_link
from h4og_kit.widgets.page import row
from h4og_kit.widgets.people_picker import published_people
from h4og_kit.widgets.zones import browser_zone_input

if TYPE_CHECKING:
    from h4og_kit.registry import Registry
    from h4og_kit.registry.entries import Entry

log = logging.getLogger("h4og_kit")


def _never_silent(method):
    """Wrap a form action so that an unexpected error shows a message instead of vanishing."""

    @functools.wraps(method)
    def run(self: RegistrationForm, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - a click or page load would swallow it silently
            self._unexpected(exc, method.__name__)
            return None

    return run


def _error_summary(exc: BaseException, secrets: list[str]) -> str:
    """A short description of ``exc`` to show and log: its first line (database errors put the
    SQL and its parameters on later lines), at most 200 characters, secrets replaced."""
    first = (str(exc).strip().splitlines() or [""])[0][:200]
    for secret in secrets:
        first = first.replace(secret, "[hidden]")
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


#: The fields that hold language tags: the form names the languages typed there.
LANGUAGE_FIELDS = ("languages", "language")


def _language_names(field: w.Text) -> w.HTML:
    """A line under a field of language tags naming them, from CLDR in the current language
    ("fi, sw" -> "suomi, swahili" for a Finnish reader), kept up to date as people type."""
    from h4og_kit.i18n import language_name

    names = w.HTML()
    names.add_class("h4og-hint")

    def show(_change=None) -> None:
        tags = [t.strip() for t in (field.value or "").split(",") if t.strip()]
        known = [language_name(t) for t in tags]
        names.value = (f'<div class="h4og-hint h4og-field-hint">'
                       f'{esc(_("Read as: {languages}").format(languages=", ".join(known)))}</div>'
                       if tags else "")

    field.observe(show, "value")
    return names


class RegistrationForm(w.VBox):
    """Register or update an entry of the ``registry``.

    ``kind`` is the kind of a new entry; :meth:`load` (or ``entry_id`` and ``token`` here) opens an
    existing entry for editing instead. ``page_url`` is the base of edit links (default: the
    current Voila page).
    """

    def __init__(self, registry: Registry, kind: str = "project", *, entry_id: str | None = None,
                 token: str | None = None, page_url: str | None = None):
        super().__init__()
        self.add_class("h4og-form")
        self.registry = registry
        self.page_url = page_url
        self.entry_id: str | None = None
        self.token: str | None = None
        self.edit_link: str | None = None  # shown once, after registering
        self.loaded: Entry | None = None
        self._inputs: dict[str, w.Widget] = {}
        self._errors: dict[str, w.HTML] = {}
        self._rows: dict[str, w.VBox] = {}
        self._said = 0  # how many messages a save has shown: each is brought into view
        stage_options = [(_(stage.label), stage.name) for stage in registry.stages.stages]
        people = published_people(registry)
        for spec in ff.all_fields():
            key = ff.widget_key(spec)
            if key not in self._inputs:
                self._inputs[key] = ff.make_input(spec, stage_options, people)
                self._errors[key] = w.HTML()
                self._errors[key].add_class("h4og-field-error")
                hint_text = ff.hint_of(spec)
                hint = w.HTML(f'<div class="h4og-hint h4og-field-hint">{esc(hint_text)}'
                              "</div>" if hint_text else "")
                row = [self._inputs[key], self._errors[key], hint]
                if spec.path[-1] in LANGUAGE_FIELDS:
                    row.append(_language_names(self._inputs[key]))
                self._rows[key] = w.VBox(row)
        self.kind_picker = w.Dropdown(
            options=[(_(ff.KIND_LABELS[k]), k) for k in ff.ALL_KINDS], value=kind,
            description=_("I am registering"), style={"description_width": "initial"},
        )
        self.kind_picker.observe(lambda _: self._show_fields(), "value")
        self._stage_input.observe(lambda _: self._update_stage_hint(), "value")
        self.message = w.HTML()
        self.fields_box = w.VBox()
        self.save_button = w.Button(description=_("Register"), button_style="primary",
                                    icon="check", tooltip=_("Save this entry"))
        self.save_button.on_click(lambda _: self.save())
        self.conflict_box = w.VBox()
        self.token_box = w.VBox()
        self._show_fields()
        self.children = [self.message, self.conflict_box, self.token_box, self.kind_picker,
                         self.fields_box, self.save_button, browser_zone_input(self.browser_zone)]
        if entry_id:
            self.load(entry_id, token)

    # -- what the form shows ----------------------------------------------------------------------

    @property
    def kind(self) -> str:
        return self.kind_picker.value

    @property
    def _stage_input(self) -> w.Dropdown:
        return self._inputs["stage:stage"]

    def input(self, name: str) -> w.Widget:
        """The input of field ``name`` (e.g. ``"title"``, ``"links.demo"``) for the current kind."""
        return self._inputs[ff.widget_key(self._spec(name))]

    def error_text(self, name: str) -> str:
        """The HTML of the message under field ``name`` (empty when there is none)."""
        return self._errors[ff.widget_key(self._spec(name))].value

    def _spec(self, name: str) -> ff.FormField:
        for spec in ff.fields_of(self.kind):
            if spec.name == name:
                return spec
        raise KeyError(f"a {self.kind} entry has no form field {name!r}")

    def _show_fields(self) -> None:
        self.fields_box.children = [self._rows[ff.widget_key(s)] for s in ff.fields_of(self.kind)]
        self._update_stage_hint()

    def draft(self) -> dict[str, Any]:
        """What the form holds now, as registry fields of the current kind."""
        fields: dict[str, Any] = {}
        for spec in ff.fields_of(self.kind):
            ff.set_path(fields, spec.path, ff.read_input(spec, self._inputs[ff.widget_key(spec)]))
        return fields

    def _changes(self) -> dict[str, Any]:
        """For a new entry, every filled field; for a loaded one, the fields that differ from it."""
        draft = self.draft()
        if self.loaded is None:
            return {k: v for k, v in draft.items()
                    if not ff.same_value(v, None) and v != {} and not _all_empty(v)}
        changes: dict[str, Any] = {}
        for spec in ff.fields_of(self.kind):
            new = ff.get_path(draft, spec.path)
            if not ff.same_value(new, ff.get_path(self.loaded.fields, spec.path)):
                ff.set_path(changes, spec.path, new)
        return changes

    def _clear_messages(self) -> None:
        self.message.value = ""
        self.conflict_box.children = []
        for error in self._errors.values():
            error.value = ""

    def _field_error(self, name: str, text: str) -> bool:
        """Show ``text`` (the registry's message, which names the field) under the field named by
        the dotted ``name``; False if no field has it."""
        parts = name.split(".")
        for candidate in (name, ".".join(parts[:2]), parts[0]):
            for spec in ff.fields_of(self.kind):
                if spec.name == candidate:
                    self._errors[ff.widget_key(spec)].value = (
                        f'<span role="alert">{esc(text)}</span>')
                    return True
        return False

    def browser_zone(self, name: str) -> None:
        """The browser's time zone (IANA ``name``) has arrived: choose it in the time-zone field
        of a new entry, unless a zone is chosen already."""
        from h4og_kit.i18n import cldr_locale
        from h4og_kit.widgets.zones import zone_choices

        zone = zone_choices(cldr_locale()).option_of.get(name)
        field = self._inputs.get("time_zone:zone")
        if zone and field is not None and self.loaded is None and not field.value:
            field.value = zone

    def _say(self, text: str, level: str) -> None:
        """Show ``text`` (HTML) as the form's message, brought into view."""
        self._said += 1
        self.message.value = (f'<div data-h4og-scroll="form-{self._said}">'
                              f"{banner(text, level)}</div>")

    def _update_stage_hint(self) -> None:
        if self.kind != "project":
            return
        target = self._stage_input.value
        current = self.loaded.fields.get("stage") if self.loaded is not None else None
        names = self.registry.stages.names
        if target not in names:  # a stage the organizers removed: saving will say what to do
            return
        current = current if current in names else None
        missing = self.registry.stages.missing(self.draft(), target, current)
        error = self._errors["stage:stage"]
        if missing:
            needs = fill(_("To reach {stage} this project still needs:"),
                         stage=self._stage_label(target))
            error.value = f'<div role="status">{needs}{bullet_list(missing)}</div>'
        else:
            error.value = ""

    def _stage_label(self, name: str) -> str:
        """What the stage input shows for the stage ``name`` (its name if it offers no such stage)."""
        return {value: label for label, value in self._stage_input.options}.get(name, name)

    # -- saving -------------------------------------------------------------------------------------

    def save(self) -> Entry | None:
        """Register or update from the form; show what happened. Returns the saved entry or None."""
        self._clear_messages()
        entry = None  # set once the registry has saved: then "nothing was saved" would be wrong
        try:
            if self.loaded is None:
                entry, token = self.registry.register(self.kind, self._changes())
                self._registered(entry, token)
            else:
                changes = self._changes()
                if not changes:
                    self._say(_("Nothing changed, so nothing was saved."), "info")
                    return self.loaded
                entry = self.registry.update(self.loaded.id, changes, token=self.token,
                                             expected_version=self.loaded.version)
                self._set_loaded(entry)
                self._say(fill(
                    _("Saved {title} (version {version})."), title=bdi(entry.fields.get("title")),
                    version=entry.version), "success")
            return entry
        except ValidationError as exc:
            unplaced = [v for k, v in exc.errors.items() if not self._field_error(k, v)]
            texts = [_("Nothing was saved: please check the fields marked below."), *unplaced]
            self._say(esc(" ".join(texts)), "error")
        except StageCheckFailed as exc:
            self._stage_failed(exc)
        except ConflictError as exc:
            self._show_conflict(exc)
        except (PermissionDenied, EntryNotFound) as exc:
            self._say(esc(_("Nothing was saved: {reason}").format(reason=exc)), "error")
        except RegistryError as exc:
            self._say(esc(_("Nothing was saved: {reason}. Please try again.").format(reason=exc)),
                      "error")
        except Exception as exc:  # noqa: BLE001 - a button's click handler would swallow it silently
            self._unexpected(exc, "save", saved=entry)
        return None

    def _stage_failed(self, exc: StageCheckFailed) -> None:
        """A save would move the project to a stage it does not pass yet: nothing was saved, not
        even the other changes. Say so, list what the stage needs under the stage field, and
        offer to save the draft at the stage it can have."""
        target = self._stage_label(exc.stage)
        cannot = fill(_("Cannot move to {stage} yet. Missing:"), stage=target)
        self._errors["stage:stage"].value = (
            f'<div role="alert">{cannot}{bullet_list(exc.missing)}</div>')
        fallback = self._fallback_stage(exc.stage)
        texts = [fill(_("Nothing was saved, not even your other changes: this project cannot "
                        "move to {stage} yet."), stage=target),
                 esc(_("Your whole draft is still in the form. What the stage still needs is "
                       "listed under Stage."))]
        if fallback is None:
            self._say(join(" ", texts), "error")
            return
        stay = self._stage_label(fallback)
        texts.append(fill(_("Add it and save again, or save everything else now at {stage}."),
                          stage=stay))
        self._say(join(" ", texts), "error")
        button = w.Button(description=_("Save at {stage} instead").format(stage=stay),
                          icon="check", tooltip=_("Save the draft without the stage change"),
                          layout=w.Layout(width="auto"))

        def save_there(_click: Any) -> None:
            self._stage_input.value = fallback
            self.save()

        button.on_click(save_there)
        self.conflict_box.children = [row(button)]

    def _fallback_stage(self, target: str) -> str | None:
        """The stage a draft that cannot reach ``target`` can be saved at: a loaded project's
        own stage, or for a new one the highest stage before ``target`` that it passes."""
        stages = self.registry.stages
        if self.loaded is not None and self.loaded.fields.get("stage") in stages.names:
            current = self.loaded.fields["stage"]
            return current if current != target else None
        draft = self.draft()
        below = stages.names[:stages.index(target)] if target in stages.names else ()
        passing = [name for name in below if not stages.missing(draft, name, None)]
        return passing[-1] if passing else None

    def _unexpected(self, exc: Exception, action: str, saved: Entry | None = None) -> None:
        """Say that something unexpected went wrong (the draft stays in the form) and log it
        without the person's secrets: no token, no e-mail, no SQL parameters."""
        secrets = [s for s in (self.token, self._draft_email()) if s]
        what = _error_summary(exc, secrets)
        where = f"{self.kind} entry {self.entry_id or '(new)'}"
        log.error("registration form: unexpected error on %s of %s: %s\n%s", action, where, what,
                  "".join(traceback.format_tb(exc.__traceback__)).rstrip())
        if saved is not None:
            text = _("Your entry was saved as {id} (version {version}), but then something went "
                     "wrong: {error}. Reload the page to check it; if your edit token is not "
                     "shown, tell an organizer.").format(id=saved.id, version=saved.version,
                                                         error=what)
        elif action == "save":
            text = _("Something went wrong and nothing was saved: {error}. Your draft is still in "
                     "the form; please try again or tell an organizer.").format(error=what)
        else:
            text = _("Something went wrong while opening the entry: {error}. Please try the edit "
                     "link again or tell an organizer.").format(error=what)
        self._say(esc(text), "error")

    def _draft_email(self) -> str | None:
        try:
            value = next(widget.value for key, widget in self._inputs.items()
                         if key.startswith("email:"))
        except (StopIteration, AttributeError):
            return None
        return value.strip() or None

    def _registered(self, entry: Entry, token: str) -> None:
        link = self.edit_link = edit_link(entry.id, token, self.page_url)
        self._said += 1
        self.token_box.children = [w.HTML(edit_link_box(entry, token, link, self._said))]
        self.token = token
        self._set_loaded(entry)

    def _set_loaded(self, entry: Entry) -> None:
        self.loaded = entry
        self.entry_id = entry.id
        self.kind_picker.value = entry.kind
        self.kind_picker.disabled = True
        self.save_button.description = _("Save changes")
        self._update_stage_hint()

    # -- editing ------------------------------------------------------------------------------------

    @_never_silent
    def load(self, entry_id: str, token: str | None) -> Entry | None:
        """Open an entry for editing with its edit token (or a team member's or the organizer's).

        Any other token opens nothing: the form stays empty and says so, whatever the entry is.
        """
        self._clear_messages()
        self.token_box.children = []
        try:
            entry = self.registry.open_for_edit(entry_id, token)
        except PermissionDenied as exc:
            self.message.value = banner(_("Nothing was opened: {reason}.").format(reason=exc),
                                        "error")
            return None
        self.token = token
        self._fill(entry)
        self._set_loaded(entry)
        self.message.value = banner(fill(
            _("Editing \u201c{title}\u201d ({id}, version {version}). Your changes are saved only "
              "with a valid edit token."),
            title=bdi(entry.fields.get("title")), id=entry.id, version=entry.version), "info")
        return entry

    def _fill(self, entry: Entry) -> None:
        self.kind_picker.value = entry.kind
        for spec in ff.fields_of(entry.kind):
            ff.show_value(spec, self._inputs[ff.widget_key(spec)],
                          ff.get_path(entry.fields, spec.path))

    def _show_conflict(self, exc: ConflictError) -> None:
        theirs = exc.current
        rows = []
        for spec in ff.fields_of(self.kind):
            mine = ff.get_path(exc.yours, spec.path)
            other = ff.get_path(theirs.fields, spec.path)
            if not ff.same_value(mine, other):
                rows.append((_(spec.label), _shown(other), _shown(mine)))
        keep = w.Button(description=_("Keep my draft"), icon="pencil",
                        tooltip=_("Save my draft over their version with the next Save"))
        reload_theirs = w.Button(description=_("Load their version"), icon="refresh",
                                 tooltip=_("Replace my draft with the saved version"))

        def keep_mine(_click: Any) -> None:
            self.loaded = theirs
            self.conflict_box.children = [w.HTML(banner(
                _("Your draft is now based on version {version}. Press Save changes to save it "
                  "over their version.").format(version=theirs.version), "info"))]

        def take_theirs(_click: Any) -> None:
            self._fill(theirs)
            self._set_loaded(theirs)
            self.conflict_box.children = []
            self.message.value = banner(
                _("Loaded version {version}.").format(version=theirs.version), "info")

        keep.on_click(keep_mine)
        reload_theirs.on_click(take_theirs)
        self._say(esc(
            _("Conflict: someone else saved this entry after you opened it (it is now version "
              "{theirs}; you opened version {yours}). Your changes were NOT saved and your draft "
              "is still in the form. Compare the two versions below, then keep your draft or "
              "load theirs.").format(theirs=theirs.version, yours=exc.expected_version)), "error")
        self.conflict_box.children = [
            w.HTML(table((_("Field"), _("Their saved version"), _("Your draft")), rows,
                         caption=_("Fields where the two versions differ"))),
            row(keep, reload_theirs),
        ]


def _all_empty(value: Any) -> bool:
    return isinstance(value, dict) and all(v in (None, "", []) for v in value.values())


def _shown(value: Any) -> str:
    """A field's value in the conflict table: as typed, or "(empty)" in the visitor's language."""
    if value in (None, "", [], {}):
        return _("(empty)")
    if isinstance(value, dict):
        return "; ".join(f"{key} {item}" for key, item in value.items())
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
