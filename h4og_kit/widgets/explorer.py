"""The collections explorer: search a source, browse the results, read a record, credit it.

The source picker shows each source's terms of use and, where it takes one, an API key field
(the key goes to the source object, never to the page or a log). While a search runs, a progress
bar on the page counts the records (the source's own terminal bar, log lines and warnings are
kept off the page; what matters of them is said in the status). Results are a paged grid of
thumbnails with title, creator, date and a license badge, filtered by license category or to
reusable records only; the status says how many records were found or match the filters, and
the pager which page and which of them it shows. Images carry their record's title as alt text;
offline, where the institutions' image servers cannot be reached, a neutral placeholder stands
in for them. A record opens in a pane beside the results on a wide screen, below them on a narrow
one, and the page brings it into view (``data-h4og-scroll``, run by the dashboard template's
script). It shows every field, the TASL credit line with a copy button, IIIF viewer links and
contentious terms highlighted in its text. The current selection exports to CSV. When the answer
comes from the bundled samples, a banner says so.

Every label, message and credit line is in the viewer's language (:mod:`h4og_kit.i18n`), counts
in its number format; what the records say stays as the source gave it.
"""

from __future__ import annotations

import contextlib
import io
import logging
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import ipywidgets as w
from babel.numbers import format_decimal

from h4og_kit.html import (
    Html,
    badge,
    banner,
    block,
    download_link,
    esc,
    highlight,
    image,
    link,
    table,
)
from h4og_kit.html.copy import copy_button
from h4og_kit.html.labels import category_label
from h4og_kit.html.quality import report_details
from h4og_kit.i18n import N_, cldr_locale, ngettext
from h4og_kit.i18n import gettext as _
from h4og_kit.rights import CATEGORIES, attribution
from h4og_kit.sources import SOURCES
from h4og_kit.widgets.page import row

if TYPE_CHECKING:
    import pandas as pd


#: Record fields shown in the detail pane, with their labels (translated where shown).
DETAIL_FIELDS = (
    ("title", N_("Title")), ("creator", N_("Creator")), ("date", N_("Date")),
    ("type", N_("Type")), ("institution", N_("Institution")), ("place", N_("Place")),
    ("language", N_("Language")), ("description", N_("Description")),
    ("rights", N_("Rights as given")), ("license_uri", N_("License")), ("source", N_("Source")),
    ("id", N_("Identifier")),
)


def iiif_viewer_links(manifest: str | None) -> list[tuple[str, str]]:
    """``(label, url)`` pairs that open a IIIF manifest in common viewers, plus the manifest."""
    if not manifest or not manifest.lower().startswith(("http://", "https://")):
        return []
    encoded = quote(manifest, safe="")
    return [
        (_("Open in Mirador"), f"https://projectmirador.org/embed/?iiif-content={encoded}"),
        (_("Open in Universal Viewer"), f"https://uv-v4.netlify.app/#?manifest={encoded}"),
        (_("IIIF manifest"), manifest),
    ]


def picture(record: dict[str, Any], *, large: bool = False, offline: bool = False) -> Html:
    """The record's image (its thumbnail, or with ``large`` its full image first), its title as
    alt text; ``offline``, a neutral placeholder instead, since the institution's image server
    cannot be reached; nothing when the record has no image."""
    keys = ("image_url", "thumbnail_url") if large else ("thumbnail_url", "image_url")
    url = next((record[k] for k in keys if record.get(k)), None)
    if not url or image(url, "") == "":
        return esc("")
    if offline:
        return block("div", _("Image not shown offline"), "h4og-thumb h4og-placeholder")
    return image(url, record.get("title") or _("Image of an untitled record"))


@contextlib.contextmanager
def _quiet(bar: w.IntProgress, note: w.Label) -> Iterator[list[str]]:
    """Within the block, a source's progress bar (``tqdm.auto``) moves ``bar`` and says why it
    waits in ``note`` instead of printing; its log lines, warnings and anything printed stay off
    the page. Yields a list that receives the warnings' messages.

    A source's ``search`` draws its progress with ``tqdm.auto`` (as every progress bar of the kit
    does), which in a Voila kernel would print a terminal bar into the page: for the block,
    ``tqdm.auto.tqdm`` is a bar that draws on the widget instead."""
    from unittest import mock

    import tqdm.auto
    from tqdm.std import tqdm as terminal_bar

    class WidgetBar(terminal_bar):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.update(file=io.StringIO(), mininterval=0, miniters=1)
            super().__init__(*args, **kwargs)
            if not self.disable:
                self.display()

        def display(self, msg: str | None = None, pos: int | None = None) -> bool:
            done = int(self.n)
            bar.max = max(int(self.total or 0), done, 1)
            bar.value = done
            note.value = str(self.postfix or "").strip(", ")
            return True

    logger = logging.getLogger("h4og_kit")
    handlers, propagate = logger.handlers, logger.propagate
    logger.handlers, logger.propagate = [logging.NullHandler()], False
    said: list[str] = []
    try:
        with (mock.patch.object(tqdm.auto, "tqdm", WidgetBar),
              warnings.catch_warnings(record=True) as caught,
              contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO())):
            warnings.simplefilter("always")
            yield said
            said += [str(warning.message) for warning in caught]
    finally:
        logger.handlers, logger.propagate = handlers, propagate


def _record(frame: pd.DataFrame, position: int) -> dict[str, Any]:
    import pandas as pd

    row = frame.iloc[position].to_dict()
    return {k: (None if v is None or (not isinstance(v, list) and pd.isna(v)) else v)
            for k, v in row.items()}


class CollectionExplorer(w.VBox):
    """Search ``source`` (a name from ``h4og_kit.sources.SOURCES``) and browse what comes back.

    ``limit`` records are fetched per search and shown ``page_size`` at a time. ``search()``
    runs at once when ``query`` is given (an empty string means everything).
    """

    def __init__(self, source: str = "artic", query: str | None = None, *, limit: int = 100,
                 page_size: int = 12):
        super().__init__()
        self.add_class("h4og-explorer")
        self.limit = limit
        self.page_size = page_size
        self.frame: pd.DataFrame | None = None
        self.selection: pd.DataFrame | None = None
        self.page = 0
        self.record: dict[str, Any] | None = None
        self.opened = 0  # records opened so far: each opening is brought into view afresh
        self.warnings: list[str] = []  # what the last search warned about
        style = {"description_width": "initial"}
        self.source_picker = w.Dropdown(
            options=[(f"{info.title} ({name})", name) for name, info in SOURCES.items()],
            value=source, description=_("Source"), style=style)
        self.source_info = w.HTML()
        self.key_input = w.Password(description=_("API key"), style=style,
                                    placeholder=_("leave empty to use the demo key or .env"))
        self.query_input = w.Text(description=_("Search for"), placeholder=_("e.g. map, textile"),
                                  value=query or "", style=style, continuous_update=False)
        self.search_button = w.Button(description=_("Search"), button_style="primary",
                                      icon="search")
        self.category_filter = w.Dropdown(
            options=[(_("Any license"), "")] + [(category_label(c), c) for c in CATEGORIES],
            description=_("License category"), style=style)
        self.reusable_only = w.Checkbox(description=_("Reusable only (public domain or open)"),
                                        indent=False, style=style)
        self.progress = w.IntProgress(value=0, min=0, max=max(limit or 1, 1),
                                      description=_("Records received"), style=style)
        self.progress_note = w.Label()
        self.progress_box = row(self.progress, self.progress_note)
        self.progress_box.layout.display = "none"
        self.status = w.HTML()
        self.quality = w.HTML()  # the search's quality report, folded
        self.results = w.Box(layout=w.Layout(display="flex", flex_flow="row wrap"))
        self.results.add_class("h4og-results")
        self.previous_button = w.Button(description=_("Previous page"), icon="chevron-left",
                                        layout=w.Layout(width="auto"))
        self.next_button = w.Button(description=_("Next page"), icon="chevron-right",
                                    layout=w.Layout(width="auto"))
        self.page_label = w.Label()
        self.export_button = w.Button(description=_("Export selection to CSV"), icon="download",
                                      layout=w.Layout(width="auto"))
        self.export_link = w.HTML()
        self.detail = w.HTML()
        self.detail.add_class("h4og-detail")
        self.credit = w.Textarea(description=_("Credit line (select and copy)"), rows=3,
                                 style=style, layout=w.Layout(width="100%", max_width="48rem"))
        self.credit.add_class("h4og-credit")
        self.credit_copy = w.HTML()
        self.terms = w.HTML()
        self.detail_box = w.VBox([self.detail, self.credit, self.credit_copy, self.terms])
        self.detail_box.add_class("h4og-detail-box")
        self.detail_box.layout.display = "none"

        self.source_picker.observe(lambda _: self._show_source(), "value")
        self.search_button.on_click(lambda _: self.search())
        self.query_input.observe(lambda _: self.search(), "value")
        for control in (self.category_filter, self.reusable_only):
            control.observe(lambda _: self.apply_filters(), "value")
        self.previous_button.on_click(lambda _: self.show_page(self.page - 1))
        self.next_button.on_click(lambda _: self.show_page(self.page + 1))
        self.export_button.on_click(lambda _: self._offer_csv())
        self.children = [
            row(self.source_picker, self.key_input),
            self.source_info,
            row(self.query_input, self.search_button),
            row(self.category_filter, self.reusable_only),
            self.progress_box, self.status, self.quality,
            self._beside(w.VBox([
                self.results,
                row(self.previous_button, self.page_label, self.next_button, self.export_button),
                self.export_link]), self.detail_box),
        ]
        self._show_source()
        if query is not None:
            self.search()

    @staticmethod
    def _beside(results: w.VBox, detail: w.VBox) -> w.Box:
        """The results and the record's pane: side by side where the page is wide enough,
        the pane below the results where it is not."""
        results.add_class("h4og-browse-results")
        box = w.Box([results, detail], layout=w.Layout(display="flex", flex_flow="row wrap",
                                                       align_items="flex-start"))
        box.add_class("h4og-browse")
        return box

    # -- the source -----------------------------------------------------------------------------

    def _show_source(self) -> None:
        info = SOURCES[self.source_picker.value]
        self.key_input.layout.display = "" if info.key_env else "none"
        self.key_input.description = (_("API key ({variable})").format(variable=info.key_env)
                                      if info.key_env else _("API key"))
        self.key_input.value = ""
        self.source_info.value = (
            f'<p class="h4og-meta">{esc(_(info.description))} '
            f"{esc(_('Key: {note}.').format(note=info.key_note))} "
            f"{link(_('Terms of use'), info.terms_url)}</p>"
        )

    # -- searching ------------------------------------------------------------------------------

    def search(self) -> pd.DataFrame | None:
        """Search the chosen source for the query; show the results or what went wrong."""
        from h4og_kit.http import AddressRefused, SourceError, WaitTooLong
        from h4og_kit.sources import UnknownSource, load

        name, query = self.source_picker.value, self.query_input.value.strip()
        key = self.key_input.value.strip()
        searching = (_("Searching {source} for \u201c{query}\u201d\u2026") if query
                     else _("Searching {source} for everything\u2026"))
        self.status.value = banner(searching.format(source=SOURCES[name].title, query=query),
                                   "info")
        self.search_button.disabled = True
        self.progress.value = 0
        self.progress_note.value = ""
        self.progress_box.layout.display = ""
        try:
            source = load(name, api_key=key) if key else load(name)
            frame, said = self._search_with_progress(source, query)
        except (AddressRefused, WaitTooLong) as exc:  # the message says what to do
            self._show_error(str(exc))
            return None
        except (SourceError, UnknownSource) as exc:
            self._show_error(_("{problem} What to do: check your connection and the search "
                               "words, or try again in a minute; H4OG_OFFLINE=1 searches the "
                               "bundled samples instead.").format(problem=exc))
            return None
        except Exception as exc:  # noqa: BLE001 - the page must say something, whatever broke
            self._show_error(_("The search failed ({problem}). Try another source or query.")
                             .format(problem=f"{type(exc).__name__}: {exc}"))
            return None
        finally:
            self.progress_box.layout.display = "none"
            self.search_button.disabled = False
        self.frame = frame
        self.warnings = said
        self.apply_filters()
        return frame

    def _search_with_progress(self, source: Any, query: str) -> tuple[pd.DataFrame, list[str]]:
        """``source.search`` moving the page's progress bar, with nothing printed or logged into
        the page; the records and the warnings the search gave (shown in the status)."""
        with _quiet(self.progress, self.progress_note) as said:
            frame = source.search(query, limit=self.limit, progress=True)
        return frame, said

    def _show_error(self, text: str) -> None:
        self.status.value = banner(text, "error")
        self.quality.value = ""
        self.frame = self.selection = None
        self.results.children = []
        self.page_label.value = ""
        self.previous_button.disabled = self.next_button.disabled = True

    def apply_filters(self) -> None:
        """Narrow the fetched records to the chosen license category / reusable ones."""
        if self.frame is None:
            return
        from h4og_kit.rights import RightsAccessor

        frame = self.frame
        if self.reusable_only.value:
            frame = RightsAccessor(frame).reusable()
        if self.category_filter.value:
            frame = frame[frame["license_category"] == self.category_filter.value]
        self.selection = frame
        attrs = self.frame.attrs
        total, matching, locale = len(self.frame), len(frame), cldr_locale()
        numbers = {"total": format_decimal(total, locale=locale),
                   "shown": format_decimal(matching, locale=locale)}
        if self.reusable_only.value or self.category_filter.value:
            found = ngettext("{shown} of {total} records matches the filters.",
                             "{shown} of {total} records match the filters.",
                             matching).format(**numbers)
        else:
            found = ngettext("{total} record found.", "{total} records found.",
                             total).format(**numbers)
        notes = [banner(found, "info")]
        if self.warnings:
            notes.insert(0, banner(" ".join(self.warnings), "warning"))
        if attrs.get("offline"):
            notes.insert(0, banner(attrs.get("notice") or _(
                "Offline: these records come from the bundled real samples, not a live search."),
                "warning"))
        report = attrs.get("report")
        self.quality.value = report_details(report) if report is not None else ""
        self.export_link.value = ""
        self.show_page(0)
        self.status.value = "".join(notes)  # last: once it shows, the page of results is there

    # -- browsing -------------------------------------------------------------------------------

    @property
    def pages(self) -> int:
        if self.selection is None or self.selection.empty:
            return 0
        return (len(self.selection) - 1) // self.page_size + 1

    def show_page(self, page: int) -> None:
        """Show page ``page`` (from 0) of the selection."""
        if self.selection is None:
            return
        self.page = max(0, min(page, self.pages - 1))
        start = self.page * self.page_size
        end = min(start + self.page_size, len(self.selection))
        offline = bool(self.frame is not None and self.frame.attrs.get("offline"))
        cards = []
        for position in range(start, end):
            record = _record(self.selection, position)
            button = w.Button(description=_("Open record"), tooltip=record.get("title") or "",
                              icon="eye")
            button.on_click(lambda _, p=position: self.open_record(p))
            cards.append(w.VBox([w.HTML(self.card_html(record, offline=offline)), button],
                                layout=w.Layout(width="100%", max_width="14rem", margin="0.3rem")))
        self.results.children = cards
        locale = cldr_locale()
        self.page_label.value = (
            _("Page {page} of {pages}: records {first} to {last}").format(
                page=format_decimal(self.page + 1, locale=locale),
                pages=format_decimal(self.pages, locale=locale),
                first=format_decimal(start + 1, locale=locale),
                last=format_decimal(end, locale=locale))
            if self.pages else _("No records"))
        self.previous_button.disabled = self.page <= 0
        self.next_button.disabled = self.page >= self.pages - 1

    @staticmethod
    def card_html(record: dict[str, Any], *, offline: bool = False) -> str:
        """A record's card: image (a placeholder ``offline``), title, creator, date, license."""
        category = record.get("license_category") or "unknown"
        who = " · ".join(str(x) for x in (record.get("creator"), record.get("date")) if x)
        return (
            f'<div class="h4og-card h4og-record">{picture(record, offline=offline)}'
            f"<h3>{esc(record.get('title') or _('(untitled)'))}</h3>"
            f'<p class="h4og-meta">{esc(who)}</p>{badge(category_label(category), category)}</div>'
        )

    def open_record(self, position: int) -> dict[str, Any]:
        """Show record ``position`` of the selection in the detail pane, which the page brings
        into view."""
        from h4og_kit.equity import NOTICE, scan_terms

        record = _record(self.selection, position)
        self.record = record
        category = record.get("license_category") or "unknown"
        rows = [(_(label), record.get(name)) for name, label in DETAIL_FIELDS
                if record.get(name) not in (None, "")]
        links = [(_("Record at the institution"), record.get("url")),
                 *iiif_viewer_links(record.get("iiif_manifest"))]
        anchors = " · ".join(link(label, url) for label, url in links if url)
        offline = bool(self.frame is not None and self.frame.attrs.get("offline"))
        self.opened += 1
        self.detail_box.layout.display = ""  # shown first, so the page can scroll to it
        self.detail.value = (
            f'<section class="h4og-card" aria-label="{esc(_("Record details"))}" '
            f'data-h4og-scroll="{self.opened}">'
            f"<h2>{esc(record.get('title') or _('(untitled)'))}</h2>"
            f"{picture(record, large=True, offline=offline)}"
            f"<p>{badge(category_label(category), category)}</p>"
            f"{table((_('Field'), _('Value')), rows)}"
            f'<p class="h4og-meta">{anchors}</p></section>'
        )
        self.credit.value = attribution(record)
        self.credit_copy.value = copy_button(self.credit.value, _("Copy the credit line"))
        text = "\n\n".join(str(record[k]) for k in ("title", "description") if record.get(k))
        found = list(scan_terms(text))
        if found:
            spans = [(m.start, m.end, f"{m.category}: {m.guidance}") for m in found]
            # Translators: a contentious term found in a record, what to consider, and the list
            # that names it (e.g. "Words Matter").
            note = _("{term}: {guidance} ({source})")
            notes = [note.format(term=m.matched, guidance=m.guidance or m.category, source=m.source)
                     for m in found]
            self.terms.value = (
                f'<div class="h4og-card"><h3>{esc(_("Contentious terms"))}</h3>'
                f'<p class="h4og-desc">{highlight(text, spans)}</p>'
                f"{table((_('Term and guidance'),), [(n,) for n in notes])}"
                f'<p class="h4og-hint">{esc(_(NOTICE))}</p></div>'
            )
        else:
            self.terms.value = (f'<p class="h4og-hint">'
                                f'{esc(_("No listed contentious terms in this record."))}</p>')
        self.detail_box.layout.display = ""
        return record

    # -- export ---------------------------------------------------------------------------------

    def selection_csv(self) -> str:
        """The current selection as CSV text (empty when nothing was fetched)."""
        return "" if self.selection is None else self.selection.to_csv(index=False)

    def export_csv(self, path: str) -> None:
        """Write the current selection to ``path`` as CSV."""
        if self.selection is None:
            raise ValueError("nothing to export yet: run a search first")
        self.selection.to_csv(path, index=False)

    def _offer_csv(self) -> None:
        if self.selection is None:
            self.export_link.value = banner(_("Run a search first."), "info")
            return
        name = f"{self.source_picker.value}-selection.csv"
        count = len(self.selection)
        label = ngettext("Download {name} ({count} record)", "Download {name} ({count} records)",
                         count).format(name=name,
                                       count=format_decimal(count, locale=cldr_locale()))
        self.export_link.value = download_link(self.selection_csv(), name, "text/csv", label)
