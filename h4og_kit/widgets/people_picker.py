"""Pick people by name: the registration form's team members.

A person types a name (or part of it) and picks it from the list the browser suggests; the
picker keeps the person's entry id (``person-1a2b3c4d5e``), which is what the registry stores.
The list holds the people the registry publishes, named as they show on the public board; two
people of the same name are told apart by their ids. Members are shown as buttons that remove
them. An id no published person has (a draft entry, a person removed since) stays as it is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import ipywidgets as w
import traitlets

from h4og_kit.html import esc
from h4og_kit.i18n import gettext as _
from h4og_kit.widgets.page import row

if TYPE_CHECKING:
    from h4og_kit.registry import Registry


def published_people(registry: Registry) -> Callable[[], list[tuple[str, str]]]:
    """A function listing ``(id, name)`` of every person the registry publishes (read anew on
    each call, so people who registered since the page opened can be found)."""

    def people() -> list[tuple[str, str]]:
        return [(entry.id, str(entry.fields.get("name") or entry.fields.get("title") or entry.id))
                for entry in registry.search(kind="person", status="published", limit=None)]

    return people


def person_labels(people: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Person id -> the label the list shows: the name, followed by the id where two people
    share a name."""
    people = list(people)
    shared = Counter(name.casefold() for _id, name in people)
    return {pid: f"{name} ({pid})" if shared[name.casefold()] > 1 else name
            for pid, name in people}


class PeoplePicker(w.VBox):
    """A searchable list of ``people`` (a function returning ``(id, name)`` pairs) from which
    people are added by name; :attr:`value` is the list of their ids."""

    value = traitlets.List(traitlets.Unicode())

    def __init__(self, people: Callable[[], list[tuple[str, str]]], *, description: str,
                 placeholder: str = "", layout: w.Layout | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.add_class("h4og-people-picker")
        self._people = people
        self._labels: dict[str, str] = {}
        self.search = w.Combobox(description=description, placeholder=placeholder,
                                 ensure_option=False, continuous_update=False,
                                 style={"description_width": "initial"},
                                 layout=layout or w.Layout(width="100%", max_width="36rem"))
        self.add_button = w.Button(description=_("Add"), icon="plus",
                                   tooltip=_("Add this person to the team"))
        self.note = w.HTML()
        self.members = w.HBox()
        self.members.add_class("h4og-row")
        self.members.add_class("h4og-members")
        self.search.observe(lambda change: self.take(change["new"]), "value")
        self.add_button.on_click(lambda _click: self.take(self.search.value, asked=True))
        self.observe(lambda _change: self._show_members(), "value")
        self.refresh()
        self.children = [row(self.search, self.add_button), self.note, self.members]

    @property
    def description(self) -> str:
        """The picker's label (that of its search field)."""
        return self.search.description

    def refresh(self) -> None:
        """Read the list of people again."""
        self._labels = person_labels(self._people())
        self.search.options = sorted(self._labels.values(), key=str.casefold)
        self._show_members()

    def label(self, person_id: str) -> str:
        """How the picker names ``person_id`` (its id when no published person has it)."""
        return self._labels.get(person_id, person_id)

    def matches(self, text: str) -> list[str]:
        """The ids of the people ``text`` names: the one whose label or id it is, or else
        every person whose label contains it (case ignored)."""
        wanted = text.strip().casefold()
        if not wanted:
            return []
        exact = [pid for pid, label in self._labels.items()
                 if wanted in (label.casefold(), pid.casefold())]
        return exact or [pid for pid, label in self._labels.items() if wanted in label.casefold()]

    def take(self, text: str, *, asked: bool = False) -> None:
        """Add the person ``text`` names; say why not when it names nobody or several people
        (``asked``: the Add button was pressed, so an empty field is worth a word too)."""
        text = (text or "").strip()
        if not text:
            self.note.value = self._note(_("Type a name first, then pick it from the list.")
                                         ) if asked else ""
            return
        found = self.matches(text)
        if not found:
            self.refresh()  # someone may have registered since the page opened
            found = self.matches(text)
        if len(found) == 1:
            if found[0] not in self.value:
                self.value = [*self.value, found[0]]
            self.search.value = ""
            self.note.value = ""
        elif found:
            self.note.value = self._note(_(
                "Several people match \u201c{text}\u201d: pick one of them from the list."
            ).format(text=text))
        else:
            self.note.value = self._note(_(
                "Nobody called \u201c{text}\u201d is registered. Each team member registers "
                "first (\u201cPerson (you)\u201d); then their name is in this list."
            ).format(text=text))

    def remove(self, person_id: str) -> None:
        self.value = [pid for pid in self.value if pid != person_id]

    @staticmethod
    def _note(text: str) -> str:
        return f'<div class="h4og-hint h4og-field-hint" role="status">{esc(text)}</div>'

    def _show_members(self) -> None:
        buttons = []
        for pid in self.value:
            name = self.label(pid)
            button = w.Button(description=name, icon="times",
                              tooltip=_("Remove {name} from the team").format(name=name),
                              layout=w.Layout(width="auto", max_width="100%"))
            button.add_class("h4og-member")
            button.on_click(lambda _click, pid=pid: self.remove(pid))
            buttons.append(button)
        self.members.children = buttons
