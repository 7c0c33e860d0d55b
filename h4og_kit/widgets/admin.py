"""The organizers' panel: hide or show an entry, feature it, lock editing, export the archive, and
the event tools (announcements, import, repository sync: :mod:`h4og_kit.widgets.admin_event`).

Every action goes to the :class:`~h4og_kit.registry.Registry` with the organizer token typed
here; the registry decides, and the panel shows its answer. The export is offered as a download
(a folder format is zipped first). The panel speaks the organizer's language; entries' titles, ids
and file names show as they are.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from h4og_kit.html import banner, download_link
from h4og_kit.i18n import N_
from h4og_kit.i18n import gettext as _
from h4og_kit.registry.archive import export
from h4og_kit.registry.errors import RegistryError
from h4og_kit.widgets.admin_event import EventTools
from h4og_kit.widgets.page import row, section_heading

if TYPE_CHECKING:
    from h4og_kit.registry import Registry

#: The archive formats offered, with their names (English: translated where shown).
EXPORT_FORMATS = (
    (N_("JSON (one file, restorable)"), "json"),
    (N_("Data Package (zip, restorable)"), "datapackage"),
    (N_("CSV per kind (zip)"), "csv"),
    (N_("Static HTML showcase"), "html"),
)
_SUFFIX = {"json": ".json", "html": ".html"}
_MIME = {"json": "application/json", "html": "text/html", "datapackage": "application/zip",
         "csv": "application/zip"}


def archive_bytes(
    registry: Registry, fmt: str, private: bool = False, token: str | None = None
) -> tuple[bytes, str]:
    """The registry exported as ``fmt``: the file's bytes and a file name (folders are zipped).

    Private fields need the organizer ``token`` (the registry checks it)."""
    with tempfile.TemporaryDirectory() as tmp:
        written = export(registry, Path(tmp) / f"h4og-archive{_SUFFIX.get(fmt, '')}", fmt,
                                  private=private, token=token)
        if written.is_file():
            return written.read_bytes(), written.name
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for file in sorted(written.rglob("*")):
                if file.is_file():
                    archive.write(file, file.relative_to(written.parent))
        return buffer.getvalue(), f"{written.name}-{fmt}.zip"


def _entry_label(entry: Any) -> str:
    """An entry in the picker: its title, then its id and kind (codes, as the command line shows
    them) and whether it is hidden, featured or locked (in the organizer's language)."""
    flags = [entry.id, entry.kind]
    if entry.fields.get("status") == "hidden":
        flags.append(_("hidden"))
    if entry.featured:
        flags.append(_("featured"))
    if entry.locked:
        flags.append(_("locked"))
    # Translators: an entry in the organizers' list: its title, then its id, kind and states.
    return _("{title} ({details})").format(title=entry.fields.get("title"),
                                           details=", ".join(flags))


class AdminPanel(w.VBox):
    """Organizer actions on ``registry``.

    Until a valid organizer token is entered, the panel shows only the token field: no entry,
    not even a title, is sent to the browser. The registry checks the token again on every
    action, and answers wrong tokens more slowly the more it has seen.
    """

    def __init__(self, registry: Registry):
        super().__init__()
        self.add_class("h4og-admin")
        self.registry = registry
        style = {"description_width": "initial"}
        self.token = w.Password(description=_("Organizer token"), style=style,
                                continuous_update=False)
        self.open_button = w.Button(description=_("Open the organizer tools"), icon="unlock",
                                    button_style="primary", layout=w.Layout(width="auto"))
        self.open_button.on_click(lambda _: self.open_tools())
        self.token.observe(lambda _: self.open_tools(), "value")
        self.entry_picker = w.Dropdown(description=_("Entry"), style=style,
                                       layout=w.Layout(width="100%", max_width="44rem"))
        self.message = w.HTML()
        actions = {
            _("Hide"): lambda e: registry.hide(e, self.token.value),
            _("Show again"): lambda e: registry.hide(e, self.token.value, hidden=False),
            _("Feature"): lambda e: registry.feature(e, self.token.value),
            _("Stop featuring"): lambda e: registry.feature(e, self.token.value, featured=False),
            _("Lock entry"): lambda e: registry.lock(self.token.value, entry_id=e),
            _("Unlock entry"): lambda e: registry.lock(self.token.value, locked=False, entry_id=e),
        }
        entry_buttons = []
        for label, action in actions.items():
            button = w.Button(description=label, layout=w.Layout(width="auto"))
            button.on_click(lambda _, a=action, lbl=label: self._entry_action(lbl, a))
            entry_buttons.append(button)
        self.entry_buttons = row(*entry_buttons)
        self.lock_event = w.Button(description=_("Lock editing for the event"), icon="lock",
                                   layout=w.Layout(width="auto"))
        self.unlock_event = w.Button(description=_("Open editing again"), icon="unlock",
                                     layout=w.Layout(width="auto"))
        self.lock_event.on_click(lambda _: self._event_lock(True))
        self.unlock_event.on_click(lambda _: self._event_lock(False))
        self.export_format = w.Dropdown(
            options=[(_(name), fmt) for name, fmt in EXPORT_FORMATS],
            description=_("Archive format"), style=style)
        self.export_private = w.Checkbox(
            description=_("Include hidden and draft entries and private fields (e-mails)"),
            indent=False)
        self.export_button = w.Button(description=_("Export the archive"), icon="download",
                                      layout=w.Layout(width="auto"))
        self.export_button.on_click(lambda _: self.export())
        self.download = w.HTML()
        self.event_tools = EventTools(registry, lambda: self.token.value)
        self.tools = w.VBox([
            section_heading(_("Entries")), self.entry_picker, self.entry_buttons,
            section_heading(_("The event")), row(self.lock_event, self.unlock_event),
            section_heading(_("Archive")),
            row(self.export_format, self.export_private, self.export_button),
            self.download, self.event_tools,
        ])
        self.children = [row(self.token, self.open_button), self.message]

    @property
    def is_open(self) -> bool:
        """True while the organizer tools are shown."""
        return self.tools in self.children

    def open_tools(self) -> bool:
        """Show the organizer tools if the token is the organizer's; else keep them closed."""
        if not self.token.value:
            self._close_tools("")
            return False
        try:
            self.registry.require_organizer(self.token.value)
        except RegistryError as exc:
            self._close_tools(banner(
                _("{reason}. Check the organizer token.").format(reason=exc), "error"))
            return False
        if not self.is_open:
            self.children = [*self.children, self.tools]
            self.message.value = banner(_("Organizer tools open."), "success")
        self.refresh()
        return True

    def _close_tools(self, message: str) -> None:
        self.children = [child for child in self.children if child is not self.tools]
        self.entry_picker.options = []
        self.download.value = ""
        self.message.value = message

    def refresh(self) -> None:
        """Reload the list of entries (hidden ones included); only while the tools are open."""
        if not self.is_open:
            return
        entries = self.registry.all_entries(include_hidden=True)
        chosen = self.entry_picker.value
        self.event_tools.refresh()
        self.entry_picker.options = [
            (_entry_label(e), e.id)
            for e in sorted(entries, key=lambda e: (e.kind, str(e.fields.get("title")).casefold()))
        ]
        if chosen in {e.id for e in entries}:
            self.entry_picker.value = chosen

    def _entry_action(self, label: str, action: Any) -> None:
        entry_id = self.entry_picker.value
        if not entry_id:
            self.message.value = banner(_("Choose an entry first."), "info")
            return
        try:
            action(entry_id)
        except RegistryError as exc:
            # Translators: an action's name (a button, such as "Hide") and why it failed.
            self.message.value = banner(_("{action}: {reason}").format(action=label, reason=exc),
                                        "error")
            return
        self.message.value = banner(
            _("{action}: done for {id}.").format(action=label, id=entry_id), "success")
        self.refresh()

    def _event_lock(self, locked: bool) -> None:
        try:
            self.registry.lock(self.token.value, locked=locked)
        except RegistryError as exc:
            self.message.value = banner(str(exc), "error")
            return
        self.message.value = banner(_("Editing is locked: only organizers can change entries now.")
                                    if locked else _("Editing is open again."), "success")

    def export(self) -> bytes | None:
        """Offer the archive as a download (organizer token only); return its bytes."""
        try:
            self.registry.require_organizer(self.token.value, N_("export the archive"))
        except RegistryError:
            self.download.value = banner(_("Only an organizer may export the archive: enter the "
                                           "organizer token."), "error")
            return None
        fmt = self.export_format.value
        data, name = archive_bytes(self.registry, fmt, private=self.export_private.value,
                                   token=self.token.value)
        self.download.value = download_link(data, name, _MIME[fmt], _("Download {name} ({size})")
                                            .format(name=name, size=_size(len(data))))
        return data


def _size(count: int) -> str:
    """A number of bytes for people, in the current language ("12,345 bytes")."""
    from babel.units import format_unit

    from h4og_kit.i18n import cldr_locale

    return format_unit(count, "digital-byte", length="long", locale=cldr_locale())
