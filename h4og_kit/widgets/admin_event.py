"""The organizers' event tools: announcements for the event screen, importing an event's data, and
syncing projects' repositories.

:class:`EventTools` is part of the organizer panel (:class:`~h4og_kit.widgets.admin.AdminPanel`),
shown only once the organizer token is right; every action still goes to the library with that
token, and the library decides. An announcement posted here reaches every open ``/screen``
within seconds. An import reads an uploaded file (and, for a sheet, its mapping) and shows the
library's report; "Try first" (a dry run) is on until the organizer turns it off.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import ipywidgets as w

from h4og_kit.html import banner, esc
from h4og_kit.i18n import N_
from h4og_kit.i18n import gettext as _
from h4og_kit.registry.announcements import LONGEST, announce, current, withdraw
from h4og_kit.registry.errors import RegistryError
from h4og_kit.registry.event_import import FORMATS, import_event
from h4og_kit.widgets.page import row, section_heading

if TYPE_CHECKING:
    from h4og_kit.registry import Registry


def _uploaded(upload: w.FileUpload, folder: Path) -> Path | None:
    """The file chosen in ``upload``, written into ``folder``; None when none was chosen."""
    if not upload.value:
        return None
    chosen = upload.value[0]
    path = folder / Path(chosen["name"]).name
    path.write_bytes(bytes(chosen["content"]))
    return path


class EventTools(w.VBox):
    """Announcements, import and sync for ``registry``, acting with ``token()``."""

    def __init__(self, registry: Registry, token: Callable[[], str | None]):
        super().__init__()
        self.registry, self.token = registry, token
        style = {"description_width": "initial"}
        wide = w.Layout(width="100%", max_width="44rem")
        self.message = w.HTML()
        self.announcement = w.Textarea(
            placeholder=_("At most {limit} characters, shown to everyone on the event screen.")
            .format(limit=LONGEST), layout=wide)
        self.announcement_language = w.Text(description=_("Language tag (optional)"),
                                            placeholder="fi", style=style)
        self.post_button = w.Button(description=_("Post to the event screen"), icon="bullhorn",
                                    button_style="primary", layout=w.Layout(width="auto"))
        self.post_button.on_click(lambda _: self.post())
        self.shown = w.Dropdown(description=_("On the screen"), style=style, layout=wide)
        self.withdraw_button = w.Button(description=_("Withdraw"), layout=w.Layout(width="auto"))
        self.withdraw_button.on_click(lambda _: self.withdraw())
        self.event_file = w.FileUpload(accept=".json,.csv", multiple=False,
                                       description=_("Event file"))
        self.event_format = w.Dropdown(options=list(FORMATS), description=_("Format"),
                                       style=style)
        self.mapping_file = w.FileUpload(accept=".json", multiple=False,
                                         description=_("Mapping (csv)"))
        self.dry_run = w.Checkbox(value=True, indent=False,
                                  description=_("Try first: report what would change, change "
                                                "nothing"))
        self.import_button = w.Button(description=_("Import"), icon="upload",
                                      layout=w.Layout(width="auto"))
        self.import_button.on_click(lambda _: self.import_file())
        self.report = w.HTML()
        self.sync_button = w.Button(description=_("Sync repositories now"), icon="refresh",
                                    layout=w.Layout(width="auto"))
        self.sync_button.on_click(lambda _: self.sync())
        self.children = [
            section_heading(_("Event screen")), self.announcement,
            row(self.announcement_language, self.post_button), row(self.shown,
                                                                   self.withdraw_button),
            section_heading(_("Import an event's data")),
            row(self.event_file, self.event_format, self.mapping_file), self.dry_run,
            self.import_button, self.report,
            section_heading(_("Repositories")), self.sync_button, self.message,
        ]

    def refresh(self) -> None:
        """Reload the announcements on the screen (the panel calls it when its tools open)."""
        shown = [(a.text, a.id) for a in current(self.registry)]
        self.shown.options = shown
        self.shown.value = shown[0][1] if shown else None  # the newest is the one to withdraw

    def _done(self, text: str, level: str = "success") -> None:
        self.message.value = banner(text, level)

    def post(self) -> None:
        try:
            announce(self.registry, self.announcement.value,
                     language=self.announcement_language.value.strip() or None,
                     token=self.token())
        except RegistryError as exc:
            self._done(str(exc), "error")
            return
        self.announcement.value = ""
        self.refresh()
        self._done(_("Posted: open event screens show it within seconds."))

    def withdraw(self) -> None:
        if self.shown.value is None:
            self._done(_("Choose an announcement first."), "info")
            return
        try:
            withdraw(self.registry, self.shown.value, token=self.token())
        except RegistryError as exc:
            self._done(str(exc), "error")
            return
        self.refresh()
        self._done(_("Withdrawn from the event screen."))

    def import_file(self) -> None:
        """Import the uploaded file (a dry run while "Try first" is ticked); show the report."""
        with tempfile.TemporaryDirectory() as tmp:
            path = _uploaded(self.event_file, Path(tmp))
            if path is None:
                self.report.value = banner(_("Choose the event's file first."), "info")
                return
            (Path(tmp) / "mapping").mkdir()
            mapping = _uploaded(self.mapping_file, Path(tmp) / "mapping")
            try:
                report = import_event(self.registry, path, self.event_format.value,
                                      mapping=mapping, dry_run=self.dry_run.value,
                                      token=self.token())
            except (RegistryError, ValueError, OSError) as exc:
                self.report.value = banner(str(exc), "error")
                return
        self.report.value = f"<pre dir=\"auto\">{esc(report.summary())}</pre>"

    def sync(self) -> None:
        from h4og_kit.registry.repositories import sync

        try:
            self.registry.require_organizer(self.token(), N_("sync repositories"))
        except RegistryError as exc:
            self._done(str(exc), "error")
            return
        report = sync(self.registry)
        level = "success" if not (report.failed or report.limited or report.offline) else "info"
        self.message.value = (banner(_("Repositories synced."), level)
                              + f"<pre dir=\"auto\">{esc(report.summary())}</pre>")
