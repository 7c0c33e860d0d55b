"""Dashboard pages fetch nothing from third parties: icons and fonts come from the server itself.

Voila 0.5's ``lab`` template links Font Awesome from cdn.jsdelivr.net, and its error pages
Font Awesome 4.5: every visitor was announced to a CDN, and offline the request just failed.
``h4og serve`` renders the pages with the overrides in ``h4og_kit/dashboards/templates/lab/``
(see ``h4og_kit.dashboards.server``); Font Awesome and its webfonts come from Voila's own bundle.

One ``h4og serve --demo`` for the module (offline, its own data and cache folders, a known
organizer token), the system Chromium, and every app of ``APPS`` opened in turn, each in a fresh
browser context (an empty cache: every webfont is really requested). What a page requests when
it opens, its websockets included, must stay on the server's origin (or be ``data:``/``blob:``).
What a visitor's search later shows (museum thumbnails) is not part of this check.

Chromium must be at /usr/bin/chromium; without it these tests fail, they never skip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from browser_helpers import PAGE_TIMEOUT_MS, ROOT, served_dashboards

from h4og_kit.dashboards.apps import APPS

pytestmark = pytest.mark.browser
pytest_plugins = ["browser_fixtures"]

ADMIN_TOKEN = "h4og_browser-test-organizer-token"
SETTLE_MS = 1_000  # after the widgets show: time for any late request (lazy CSS, fonts, scripts)
FONT_FILE = re.compile(r"\.(woff2?|ttf|otf|eot)(\?|$)")
#: Every icon name a widget of the kit passes to ipywidgets (``icon="search"``).
ICON_NAME = re.compile(r"""\bicon\s*=\s*["']([a-z0-9-]+)["']""")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``h4og serve --demo`` on a free loopback port; yields its origin."""
    home = tmp_path_factory.mktemp("dashboard-assets")
    with served_dashboards(home, "voila-server-assets", H4OG_OFFLINE="1",
                           H4OG_ADMIN_TOKEN=ADMIN_TOKEN) as served:
        yield served["base"]


@dataclass
class Visit:
    """One page, opened in its own browser context, and everything it asked the network for."""

    url: str
    page: object = None
    requests: list[str] = field(default_factory=list)
    sockets: list[str] = field(default_factory=list)
    responses: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def _open(browser, url: str) -> Visit:
    visit = Visit(url)
    context = browser.new_context(viewport={"width": 1280, "height": 1200})
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.on("request", lambda request: visit.requests.append(request.url))
    page.on("websocket", lambda socket_: visit.sockets.append(socket_.url))
    page.on("response", lambda response: visit.responses.__setitem__(response.url,
                                                                      response.status))
    page.on("pageerror", lambda error: visit.errors.append(str(error)))
    visit.page = page
    page.goto(url, wait_until="commit")
    return visit


def _settle(visit: Visit, ready: str) -> None:
    page = visit.page
    page.locator(ready).first.wait_for()
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_timeout(SETTLE_MS)


def third_party(visit: Visit, origin: str) -> list[str]:
    """What the page asked for beyond its own origin (``data:`` and ``blob:`` are local)."""
    own_host = urlsplit(origin).netloc
    foreign = []
    for url in visit.requests + visit.sockets:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob"):
            continue
        if parts.scheme not in ("http", "ws") or parts.netloc != own_host:
            foreign.append(url)
    return foreign


@pytest.fixture(scope="module")
def visits(browser, server):
    """Every app in APPS, one after the other (seven kernels starting at once on a small machine
    starve each other); each page is read once its whole frame (the footer) shows."""
    opened = {}
    try:
        for app in APPS:
            opened[app] = _open(browser, f"{server}/voila/render/{app}")
            _settle(opened[app], ".h4og-footer")
        yield opened
    finally:
        for visit in opened.values():
            visit.page.context.close()


#: Each Font Awesome icon on the page: its class, computed font, glyph, and whether a face of
#: that family and weight was loaded for that glyph.
ICONS = """async (root) => {
  const out = [];
  for (const icon of document.querySelectorAll(root)) {
    const style = getComputedStyle(icon), before = getComputedStyle(icon, '::before');
    const glyph = before.content.replace(/^"|"$/g, '');
    const faces = await document.fonts.load(
      `${style.fontWeight} 16px ${style.fontFamily}`, glyph || 'x');
    out.push({cls: icon.className, family: style.fontFamily, weight: style.fontWeight,
              glyph: glyph, code: glyph.codePointAt(0) || 0,
              loaded: faces.filter(f => f.status === 'loaded').map(f => f.family)});
  }
  return out;
}"""


def _bad_icons(icons: list[dict]) -> list[dict]:
    """Icons without a private-use glyph drawn by a loaded Font Awesome face."""
    return [icon for icon in icons
            if "Font Awesome" not in icon["family"] or not 0xE000 <= icon["code"] <= 0xF8FF
            or not any("Font Awesome" in family for family in icon["loaded"])]


@pytest.mark.parametrize("app", APPS)
def test_a_dashboard_page_requests_nothing_from_a_third_party(visits, server, app):
    visit = visits[app]
    assert visit.requests, "the page made no request at all: the recorder is broken"
    assert visit.sockets, "the page opened no kernel websocket: it did not really start"
    assert third_party(visit, server) == []
    config = visit.page.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent)")
    assert config["fullMathjaxUrl"] is None  # Voila's bundled MathJax, never cdnjs
    assert visit.errors == []


@pytest.mark.parametrize("app", APPS)
def test_the_button_icons_render_from_the_local_server(visits, server, app):
    visit = visits[app]
    icons = visit.page.evaluate(ICONS, ".jupyter-widgets button i.fa")
    assert _bad_icons(icons) == []
    if icons:
        fonts = {url: status for url, status in visit.responses.items() if FONT_FILE.search(url)}
        assert fonts, "icons show, yet no webfont was requested"
        assert all(url.startswith(f"{server}/") and status == 200
                   for url, status in fonts.items()), fonts


def test_the_apps_do_show_icons(visits):
    """The checks above are not empty: the apps' buttons carry Font Awesome icons."""
    with_icons = [app for app, visit in visits.items()
                  if visit.page.locator(".jupyter-widgets button i.fa").count()]
    assert "collections.ipynb" in with_icons and len(with_icons) >= 3, with_icons


def test_every_icon_the_kit_uses_has_a_local_glyph(visits):
    """Every ``icon=`` name in the widgets, Font Awesome 4 names (``pencil``, ``refresh``) too,
    draws a glyph from the bundled Font Awesome (its v4 shims included)."""
    names = sorted({name for path in (ROOT / "h4og_kit" / "widgets").rglob("*.py")
                    for name in ICON_NAME.findall(path.read_text(encoding="utf-8"))})
    assert len(names) >= 5, names  # the widgets' icons were found
    page = visits["collections.ipynb"].page
    page.evaluate("""(names) => {
      const box = document.createElement('div');
      box.id = 'h4og-icon-probe';
      for (const name of names) {
        const icon = document.createElement('i');
        icon.className = `fa fa-${name}`;
        box.appendChild(icon);
      }
      document.body.appendChild(box);
    }""", names)
    icons = page.evaluate(ICONS, "#h4og-icon-probe i")
    assert len(icons) == len(names)
    assert _bad_icons(icons) == []


def test_error_pages_and_template_overrides_stay_local(browser, server):
    """A 404 page (Voila's error frame), and a page asked for with ``?template=classic`` (whose
    template links Font Awesome 4.5 from a CDN; voila.json refuses the override)."""
    missing = _open(browser, f"{server}/voila/render/no-such-dashboard.ipynb")
    classic = _open(browser, f"{server}/voila/render/rights.ipynb?template=classic")
    try:
        _settle(missing, ".voila-error")
        assert missing.responses[missing.url] == 404
        assert third_party(missing, server) == []
        _settle(classic, ".h4og-footer")
        assert classic.page.locator("body[data-jp-theme-name]").count() == 1  # the lab page
        assert third_party(classic, server) == []
    finally:
        missing.page.context.close()
        classic.page.context.close()
