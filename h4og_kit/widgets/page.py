"""The event-site frame around every dashboard: header bar with navigation, notices, footer, CSS.

Voila's ``lab`` template renders the widgets; the look comes from the stylesheet in
:data:`STYLE`, carried by the header widget so it works the same in Voila, on Binder and in a
notebook. Navigation links are relative (``register.ipynb``), so they work wherever the apps are
served from (``h4og serve``, Binder's ``voila/render/...``).

The page speaks the kernel's language (:mod:`h4og_kit.i18n`; a Voila page's kernel takes its
visitor's, :func:`~h4og_kit.widgets.context.wait_for_visitor`). The header declares it
(``data-h4og-lang``, ``data-h4og-dir``) and the template's script sets ``<html lang dir>`` from
it, so Arabic pages are laid out right to left; the stylesheet uses logical sides (``start``,
``inline-start``) only. Navigation links carry ``?lang=``; the language menu links this same page
(its query kept) in every language the kit has.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from h4og_kit.dashboards.apps import APPS, SUBTITLES
from h4og_kit.html import banner, esc
from h4og_kit.html.style import FONTS
from h4og_kit.i18n import current, direction
from h4og_kit.i18n import gettext as _

if TYPE_CHECKING:
    import ipywidgets

EVENT_NAME = "Hack4OpenGLAM"

STYLE = """
body, .jp-Notebook { background: #f6f6f3; }
.jp-Notebook { padding: 0 !important; }
.h4og-page, .h4og-page .widget-label, .h4og-page input, .h4og-page select,
.h4og-page textarea, .h4og-page button { font-family: var(--h4og-font); }
.h4og-page { color: #1d1d1b;
  max-width: 80rem; margin: 0 auto; }
.h4og-header { background: #1d3557; color: #fff; padding: 1rem 1.5rem; border-radius: 0 0 .5rem .5rem; }
.h4og-header h1 { margin: 0; font-size: 1.6rem; color: #fff; }
.h4og-header p { margin: .2rem 0 .6rem; opacity: .9; }
.h4og-header nav { display: flex; flex-wrap: wrap; gap: .3rem 1.1rem; }
.h4og-header nav a { color: #fff; text-decoration: none; font-weight: 500; white-space: nowrap; }
.h4og-header nav a[aria-current="page"] { border-bottom: 3px solid #e9c46a; }
.h4og-header nav a:focus, .h4og-page a:focus, .h4og-page button:focus,
.h4og-page input:focus, .h4og-page select:focus, .h4og-page textarea:focus {
  outline: 3px solid #e9c46a; outline-offset: 2px; }
.h4og-footer { color: #555; font-size: .85rem; padding: 1rem 1.5rem; border-top: 1px solid #ddd;
  margin-top: 1.5rem; }
.h4og-banner { padding: .6rem .9rem; border-radius: .4rem; margin: .5rem 0; }
.h4og-info { background: #e7f0fa; border-inline-start: 4px solid #1d3557; }
.h4og-success { background: #e6f4ea; border-inline-start: 4px solid #2a9d8f; }
.h4og-warning { background: #fff4e0; border-inline-start: 4px solid #e9a23b; }
.h4og-error { background: #fdecea; border-inline-start: 4px solid #c0392b; }
.h4og-card { background: #fff; border-radius: .5rem; padding: .8rem 1rem; margin: .4rem;
  box-shadow: 0 1px 3px #0002; overflow-wrap: anywhere; }
.h4og-card.h4og-featured { border: 2px solid #e63946; }
.h4og-card h3 { margin: .1rem 0 .4rem; font-size: 1.1rem; }
.h4og-card p { margin: .25rem 0; line-height: 1.4; }
.h4og-meta { color: #555; font-size: .9rem; margin: .2rem 0; }
.h4og-desc { white-space: pre-wrap; font-size: .92rem; }
.h4og-tag { display: inline-block; background: #e9ecef; border-radius: 1rem; padding: 0 .5rem;
  margin: .1rem; font-size: .8rem; }
.h4og-badge { display: inline-block; border-radius: .3rem; padding: 0 .4rem; font-size: .8rem;
  background: #dee2e6; color: #1d1d1b; }
.h4og-badge-public-domain { background: #2a9d8f; color: #fff; }
.h4og-badge-open { background: #457b9d; color: #fff; }
.h4og-badge-restricted { background: #e9c46a; }
.h4og-badge-in-copyright { background: #e76f51; color: #fff; }
.h4og-badge-unknown { background: #adb5bd; }
.h4og-thumb { max-width: 100%; max-height: 9rem; object-fit: cover; border-radius: .3rem; }
.h4og-timeline { list-style: none; display: flex; flex-wrap: wrap; gap: 2px; padding: 0; margin: .4rem 0; }
.h4og-timeline li { flex: 1 1 0; min-width: 0; overflow: hidden; text-overflow: ellipsis;
  white-space: nowrap; overflow-wrap: normal; font-size: .62rem; text-align: center;
  background: #dee2e6; padding: .15rem .05rem; }
.h4og-moves { font-size: .8rem; color: #555; margin: 0 0 .3rem; }
.h4og-timeline li.h4og-done { background: #2a9d8f; color: #fff; }
.h4og-feed-item { font-size: .9rem; padding: .3rem 0; border-bottom: 1px solid #e5e5e5; }
.h4og-table { border-collapse: collapse; font-size: .9rem; }
.h4og-page .widget-html-content:has(.h4og-table) { overflow-x: auto; max-width: 100%; }
.h4og-table th, .h4og-table td { border-bottom: 1px solid #ddd; padding: .25rem .5rem;
  text-align: start; vertical-align: top; }
.h4og-field-error { color: #b02a1a; font-size: .88rem; margin-inline-start: 9.5rem; }
.h4og-hint { color: #555; font-size: .85rem; }
.h4og-field-hint { margin-block: -.2rem .3rem; margin-inline: 9.5rem 0; }
.h4og-bar { display: flex; height: 1.2rem; border-radius: .2rem; overflow: hidden; min-width: 12rem; }
.h4og-bar span { display: block; height: 100%; }
.h4og-page mark { background: #ffe08a; }
.h4og-page .widget-label { min-width: 9rem; text-align: end; }
.h4og-row { flex-flow: row wrap; gap: .3rem 1rem; align-items: center; }
.h4og-schedule tr.h4og-past td { color: #666; }
.h4og-schedule tr.h4og-now td { background: #e6f4ea; }
.h4og-schedule tr.h4og-next td { background: #e7f0fa; }
.h4og-badge-now { background: #2a9d8f; color: #fff; }
.h4og-badge-next { background: #1d3557; color: #fff; }
.h4og-now-next p { margin: .2rem 0; font-weight: 600; }
.h4og-placeholder { display: flex; align-items: center; justify-content: center; height: 7rem;
  background: #e9ecef; color: #555; font-size: .85rem; text-align: center; padding: .5rem; }
.h4og-browse { gap: .5rem 1rem; }
.h4og-browse > .h4og-browse-results { flex: 3 1 28rem; min-width: 0; }
.h4og-browse > .h4og-detail-box { flex: 2 1 22rem; min-width: 0; }
.h4og-page .widget-inline-hbox { max-width: 100%; }
.h4og-token-box h2 { font-size: 1.15rem; margin: .5rem 0 .3rem; }
.h4og-token-box h3 { font-size: 1rem; margin: .6rem 0 .2rem; }
.h4og-token-box p { margin: .3rem 0; line-height: 1.4; white-space: normal; }
.h4og-secret code { display: inline-block; max-width: 100%; overflow-wrap: anywhere;
  word-break: break-all; white-space: normal; background: #fff; border: 1px solid #ccc;
  border-radius: .3rem; padding: .3rem .5rem; font-size: .95rem; user-select: all; }
.h4og-copy-button { font: inherit; padding: .3rem .8rem; border-radius: .3rem; cursor: pointer;
  border: 1px solid #1d3557; background: #1d3557; color: #fff; }
.h4og-copy-button.h4og-copied { background: #2a9d8f; border-color: #2a9d8f; }
.h4og-copy-status { font-weight: 600; margin-inline-start: .5rem; }
.h4og-members .jupyter-button { text-transform: none; }
.h4og-download-line { margin-top: .6rem !important; }
.h4og-download-line a { display: inline-block; padding: .3rem .8rem; border-radius: .3rem;
  border: 1px solid #1d3557; color: #1d3557; background: #fff; text-decoration: none; }
@media (max-width: 40rem) {
  .h4og-header { padding: .8rem 1rem; border-radius: 0; }
  .h4og-header h1 { font-size: 1.3rem; overflow-wrap: anywhere; }
  .h4og-footer { padding: 1rem; }
  /* a labelled control (text, list, text area): its label above it, both the full width */
  .h4og-page .widget-inline-hbox:has(> :is(input:not([type=checkbox]), select, textarea)) {
    flex-wrap: wrap; height: auto; width: calc(100% - 2 * var(--jp-widgets-margin, 2px)) !important; }
  .h4og-page .widget-inline-hbox:has(> :is(input:not([type=checkbox]), select, textarea))
    > .widget-label { width: 100% !important; min-width: 0; max-width: 100%; text-align: start;
    white-space: normal; line-height: 1.3; margin: 0 0 .15rem; }
  .h4og-page .widget-inline-hbox > :is(input:not([type=checkbox]), select, textarea) {
    flex: 1 1 100%; min-width: 0; margin-inline-start: 0; }
  .h4og-page .widget-inline-hbox > :is(input:not([type=checkbox]), select) {
    height: var(--jp-widgets-inline-height, 28px); }
  .h4og-field-error, .h4og-field-hint { margin-inline-start: 0; }
  .h4og-page .widget-html:has(> .widget-html-content > .h4og-card),
  .h4og-results > .widget-vbox { max-width: none !important; width: 100% !important; }
  .h4og-results > .widget-vbox { margin-inline: 0 !important; }
  .h4og-card { margin: .4rem 0; }
  .h4og-bar { min-width: 5rem; }
}
"""


def language_links() -> list[tuple[str, str]]:
    """``(code, href)`` of this page in each language the kit has (its query kept)."""
    from h4og_kit.i18n import available
    from h4og_kit.widgets.context import link_here

    return [(code, link_here(lang=code)) for code in available()]


def header_html(title: str, active: str | None = None, subtitle: str = "") -> str:
    """The header bar in the current language: the event's name, the page title, the
    navigation (``active`` marked, links carrying the language) and the language menu."""
    from h4og_kit.html.public import language_menu

    lang = current()
    marked = ' aria-current="page"'
    links = "".join(
        f'<a href="{esc(app)}?lang={esc(lang)}"{marked if app == active else ""}>'
        f"{esc(_(label))}</a>"
        for app, label in APPS.items()
    )
    sub = f"<p>{esc(_(subtitle))}</p>" if subtitle else ""
    heading = _("{event}: {page}").format(event=EVENT_NAME, page=_(title))
    return (
        f"<style>{FONTS}{STYLE}</style>"
        f'<header class="h4og-header" data-h4og-lang="{esc(lang)}" '
        f'data-h4og-dir="{direction(lang)}"><h1>{esc(heading)}</h1>{sub}'
        f'<nav aria-label="{esc(_("Dashboards"))}">{links}</nav>'
        f"{language_menu(language_links())}</header>"
    )


def footer_html() -> str:
    from h4og_kit import PROJECT_URL

    made = esc(_("Made with {kit}.")).replace(
        "{kit}", f'<a href="{esc(PROJECT_URL)}" target="_blank" rel="noopener noreferrer">'
                 "h4og-kit</a>")
    return (
        f'<footer class="h4og-footer">{made} '
        f'{esc(_("Everything on these pages was typed by participants and is shown as plain text."))} '
        f'{esc(_("Open collections answer from bundled real samples when offline, and say so."))}'
        "</footer>"
    )


def row(*children: ipywidgets.Widget) -> ipywidgets.HBox:
    """Controls side by side, wrapping onto the next line when the page is narrow."""
    import ipywidgets as w

    box = w.HBox(list(children))
    box.add_class("h4og-row")
    return box


def section_heading(text: str) -> ipywidgets.HTML:
    """A section heading of a panel (``<h2>``, its text escaped)."""
    import ipywidgets as w

    from h4og_kit.html import esc

    return w.HTML(f"<h2>{esc(text)}</h2>")


def dashboard_page(title: str, *views: ipywidgets.Widget, active: str | None = None,
                   subtitle: str = "", shows_registry: bool = True) -> ipywidgets.VBox:
    """A whole dashboard page: header and navigation, the ``views``, and the footer; a page
    that ``shows_registry`` says so when it serves the demo registry. ``title`` and
    ``subtitle`` (default: the app's own, :data:`~h4og_kit.dashboards.apps.SUBTITLES`) are
    English, shown in the current language when the catalogs have them."""
    import ipywidgets as w

    from h4og_kit.dashboards.demo import is_demo

    parts = [w.HTML(header_html(title, active, subtitle or SUBTITLES.get(active or "", "")))]
    if shows_registry and is_demo():
        parts.append(w.HTML(banner(_(
            "Demo: this dashboard serves the kit's example registry. Every demo entry is "
            "fictional and marked \u201cDemo:\u201d; what you register here stays on this server "
            "only."), "info")))
    parts += list(views)
    parts.append(w.HTML(footer_html()))
    page = w.VBox(parts)
    page.add_class("h4og-page")
    return page
