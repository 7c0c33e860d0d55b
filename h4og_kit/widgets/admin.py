"""The organizers' panel: hide or show an entry, feature it, lock editing, export the archive.

Every action goes to the :class:`~h4og_kit.registry.Registry` with the organizer token typed
here; the registry decides, and the panel shows its answer. The export is offered as a download
(a folder format is zipped first).
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from h4og_kit.html import banner, download_link
from h4og_kit.registry.archive import export
from h4og_kit.registry.errors import RegistryError
from h4og_kit.widgets.page import row

if TYPE_CHECKING:
    from h4og_kit.registry import Registry

EXPORT_FORMATS = (
    ("JSON (one file, restorable)", "json"),
    ("Data Package (zip, restorable)", "datapackage"),
    ("CSV per kind (zip)", "csv"),
    ("Static HTML showcase", "html"),
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
    flags = [entry.id, entry.kind]
    if entry.fields.get("status") == "hidden":
        flags.append("hidden")
    flags += [name for name in ("featured", "locked") if getattr(entry, name)]
    return f"{entry.fields.get('title')} ({', '.join(flags)})"


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
        self.token = w.Password(description="Organizer token", style=style,
                                continuous_update=False)
        self.open_button = w.Button(description="Open the organizer tools", icon="unlock",
                                    button_style="primary", layout=w.Layout(width="auto"))
        self.open_button.on_click(lambda _: self.open_tools())
        self.token.observe(lambda _: self.open_tools(), "value")
        self.entry_picker = w.Dropdown(description="Entry", style=style,
                                       layout=w.Layout(width="100%", max_width="44rem"))
        self.message = w.HTML()
        actions = {
            "Hide": lambda e: registry.hide(e, self.token.value),
            "Show again": lambda e: registry.hide(e, self.token.value, hidden=False),
            "Feature": lambda e: registry.feature(e, self.token.value),
            "Stop featuring": lambda e: registry.feature(e, self.token.value, featured=False),
            "Lock entry": lambda e: registry.lock(self.token.value, entry_id=e),
            "Unlock entry": lambda e: registry.lock(self.token.value, locked=False, entry_id=e),
        }
        entry_buttons = []
        for label, action in actions.items():
            button = w.Button(description=label, layout=w.Layout(width="auto"))
            button.on_click(lambda _, a=action, lbl=label: self._entry_action(lbl, a))
            entry_buttons.append(button)
        self.entry_buttons = row(*entry_buttons)
        self.lock_event = w.Button(description="Lock editing for the event", icon="lock",
                                   layout=w.Layout(width="auto"))
        self.unlock_event = w.Button(description="Open editing again", icon="unlock",
                                     layout=w.Layout(width="auto"))
        self.lock_event.on_click(lambda _: self._event_lock(True))
        self.unlock_event.on_click(lambda _: self._event_lock(False))
        self.export_format = w.Dropdown(options=EXPORT_FORMATS, description="Archive format",
                                        style=style)
        self.export_private = w.Checkbox(
            description="Include hidden and draft entries and private fields (e-mails)",
            indent=False)
        self.export_button = w.Button(description="Export the archive", icon="download",
                                      layout=w.Layout(width="auto"))
        self.export_button.on_click(lambda _: self.export())
        self.download = w.HTML()
        self.tools = w.VBox([
            w.HTML("<h2>Entries</h2>"), self.entry_picker, self.entry_buttons,
            w.HTML("<h2>The event</h2>"), row(self.lock_event, self.unlock_event),
            w.HTML("<h2>Archive</h2>"),
            row(self.export_format, self.export_private, self.export_button),
            self.download,
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
            self._close_tools(banner(f"{exc}. Check the organizer token.", "error"))
            return False
        if not self.is_open:
            self.children = [*self.children, self.tools]
            self.message.value = banner("Organizer tools open.", "success")
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
        self.entry_picker.options = [
            (_entry_label(e), e.id)
            for e in sorted(entries, key=lambda e: (e.kind, str(e.fields.get("title")).casefold()))
        ]
        if chosen in {e.id for e in entries}:
            self.entry_picker.value = chosen

    def _entry_action(self, label: str, action: Any) -> None:
        entry_id = self.entry_picker.value
        if not entry_id:
            self.message.value = banner("Choose an entry first.", "info")
            return
        try:
            action(entry_id)
        except RegistryError as exc:
            self.message.value = banner(f"{label}: {exc}", "error")
            return
        self.message.value = banner(f"{label}: done for {entry_id}.", "success")
        self.refresh()

    def _event_lock(self, locked: bool) -> None:
        try:
            self.registry.lock(self.token.value, locked=locked)
        except RegistryError as exc:
            self.message.value = banner(str(exc), "error")
            return
        self.message.value = banner("Editing is locked: only organizers can change entries now."
                                    if locked else "Editing is open again.", "success")

    def export(self) -> bytes | None:
        """Offer the archive as a download (organizer token only); return its bytes."""
        try:
            self.registry.require_organizer(self.token.value, "export the archive")
        except RegistryError:
            self.download.value = banner("Only an organizer may export the archive: enter the "
                                         "organizer token.", "error")
            return None
        fmt = self.export_format.value
        data, name = archive_bytes(self.registry, fmt, private=self.export_private.value,
                                   token=self.token.value)
        self.download.value = download_link(data, name, _MIME[fmt],
                                            f"Download {name} ({len(data):,} bytes)")
        return data
