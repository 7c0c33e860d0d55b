"""Every dashboard on a phone (390×844) and on a desktop (1280×900), in a real browser.

One ``h4og serve --demo`` for the module; the apps are opened one after the other. Each page is
saved to ``test-artifacts/phone-<app>-<width>.png`` and measured (the figures go to
``phone-<app>-<width>.json`` beside it):

- no horizontal scrolling: ``document.documentElement.scrollWidth <= window.innerWidth``, and
  nothing on the page lies outside the viewport (where an ancestor clips it) unless it is in a
  box of its own that scrolls sideways;
- the header's navigation links all lie inside the viewport (the header wraps, never clips);
- on a phone, every visible showcase card is at least 90% of the width of the page's content
  box (the page frame's width minus its own padding), and that box is itself at least 90% of
  the viewport;
- on a phone, the register form is one column: every visible field starts near the left edge of
  the page's content box, under its label, and ends inside the viewport;
- every visible table sits in a box inside the page that scrolls sideways (``overflow-x: auto``)
  and is no wider than the viewport.
"""

from __future__ import annotations

import json

import pytest
from browser_helpers import ARTIFACTS, open_page, served_dashboards, shot
from test_dashboards_browser import DASHBOARDS

from h4og_kit import i18n
from h4og_kit.dashboards.apps import APPS

pytestmark = pytest.mark.browser
pytest_plugins = ["browser_fixtures"]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
#: Apps whose first screen holds a table (the rights values; the matchmaker's is organizers' only).
TABLES_ON_LOAD = {"rights"}
#: How far right of the content box's left edge a stacked form field may start (its border and
#: the widget's own margin), in CSS pixels.
STACKED_SLACK_PX = 24

MEASURE = """() => {
  const vw = window.innerWidth;
  const visible = e => e.offsetParent !== null && e.getBoundingClientRect().width > 0;
  const box = e => { const r = e.getBoundingClientRect();
                     return {left: r.left, right: r.right, width: r.width}; };
  const page = document.querySelector('.h4og-page');
  const ps = getComputedStyle(page), pr = page.getBoundingClientRect();
  const content = {left: pr.left + parseFloat(ps.paddingLeft) + parseFloat(ps.borderLeftWidth),
                   right: pr.right - parseFloat(ps.paddingRight) - parseFloat(ps.borderRightWidth)};
  content.width = content.right - content.left;
  const scroller = e => { for (let a = e; a && a !== page; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX; if (o === 'auto' || o === 'scroll') return a; }
    return null; };
  return {
    viewport: vw,
    scrollWidth: document.documentElement.scrollWidth,
    beyond: [...page.querySelectorAll('*')].filter(visible)
      .filter(e => { const r = e.getBoundingClientRect(); return r.left < -1 || r.right > vw + 1; })
      .filter(e => scroller(e.parentElement) === null)
      .map(e => e.tagName + '.' + e.className + ': ' + (e.innerText || '').slice(0, 40)),
    content,
    nav: [...document.querySelectorAll('.h4og-header nav a')].map(
      a => ({text: a.innerText, ...box(a)})),
    cards: [...document.querySelectorAll('.h4og-card')].filter(visible).map(c => box(c).width),
    fields: [...document.querySelectorAll(
        '.h4og-form :is(input:not([type=checkbox]):not([type=hidden]), select, textarea)')]
      .filter(visible).map(e => ({label: (e.labels && e.labels[0] || {}).innerText, ...box(e)})),
    tables: [...document.querySelectorAll('.h4og-page table')].filter(visible).map(t => {
      const s = scroller(t);
      return {scrolls: s !== null, wider: s !== null && s.scrollWidth > s.clientWidth,
              ...(s ? box(s) : box(t))}; }),
  };
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("phone")
    with served_dashboards(home, "voila-phone-server", H4OG_OFFLINE="1") as served:
        yield served


@pytest.fixture
def open_app(browser, server):
    """Open an app at a viewport in a fresh context; the context closes after the test."""
    contexts = []

    def opener(app: str, viewport: dict):
        ctx = browser.new_context(viewport=viewport)
        ctx.dialogs, ctx.page_errors = [], []
        contexts.append(ctx)
        page = open_page(ctx, f"{server['base']}/voila/render/{app}.ipynb", DASHBOARDS[app])
        page.wait_for_timeout(300)  # let the last widgets lay out
        return page, ctx

    yield opener
    for ctx in contexts:
        ctx.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
@pytest.mark.parametrize("app", DASHBOARDS)
def test_every_dashboard_fits_the_screen(open_app, app, viewport):
    page, ctx = open_app(app, viewport)
    check_fits(page, app, viewport, f"phone-{app}-{viewport['width']}")
    assert ctx.page_errors == [] and ctx.dialogs == []


def test_a_collection_record_on_a_phone(open_app):
    """The explorer's result cards and a record's table of fields, at 390 px."""
    page, ctx = open_app("collections", PHONE)
    search = page.get_by_label("Search for", exact=True)
    search.fill("van")
    search.press("Enter")
    page.get_by_role("button", name="Open record").first.click()
    page.locator(".h4og-detail h2").wait_for()
    page.wait_for_timeout(300)
    m = check_fits(page, "collections", PHONE, "phone-collections-record-390")
    results = page.evaluate("() => [...document.querySelectorAll('.h4og-results > *')]"
                            ".map(e => e.getBoundingClientRect().width)")
    assert results and min(results) >= 0.9 * m["content"]["width"], results
    assert m["tables"], "the record's fields are not in a table"
    assert ctx.page_errors == [] and ctx.dialogs == []


def test_matchmaking_cards_on_a_phone(open_app):
    """The projects suggested to a person, as cards the width of the phone."""
    page, ctx = open_app("matchmaking", PHONE)
    page.get_by_label("I am", exact=True).select_option(label="Demo: Kwame Example")
    page.get_by_text("shares: JavaScript").first.wait_for()
    page.wait_for_timeout(300)
    m = check_fits(page, "matchmaking", PHONE, "phone-matchmaking-person-390")
    assert m["cards"], "no project suggested"
    narrow = [w for w in m["cards"] if w < 0.9 * m["content"]["width"]]
    assert narrow == [], f"cards narrower than 90% of {m['content']['width']} px: {narrow}"
    assert ctx.page_errors == [] and ctx.dialogs == []


def check_fits(page, app: str, viewport: dict, name: str) -> dict:
    """Save a screenshot and the figures of ``page`` as ``name``; check that it fits."""
    shot(page, name)
    m = page.evaluate(MEASURE)
    (ARTIFACTS / f"{name}.json").write_text(json.dumps(m, indent=1))
    vw = m["viewport"]
    assert vw == viewport["width"]
    assert m["scrollWidth"] <= vw, f"{app} scrolls sideways: {m['scrollWidth']} px in {vw}"
    # what an ancestor clips (overflow: hidden) scrolls nowhere, but is lost all the same
    assert m["beyond"] == [], f"{app} has parts outside the screen: {m['beyond'][:5]}"

    assert len(m["nav"]) == len(APPS) + len(i18n.available())  # the apps, then the languages
    clipped = [a["text"] for a in m["nav"] if a["left"] < 0 or a["right"] > vw or a["width"] == 0]
    assert clipped == [], f"navigation links outside the screen: {clipped}"

    content = m["content"]
    assert content["left"] >= 0 and content["right"] <= vw
    if viewport is PHONE:
        assert content["width"] >= 0.9 * vw, f"the page's content box is {content['width']} px"
    if app == "showcase":
        assert len(m["cards"]) >= 16
        if viewport is PHONE:
            narrow = [w for w in m["cards"] if w < 0.9 * content["width"]]
            assert narrow == [], f"cards narrower than 90% of {content['width']} px: {narrow}"
    if app == "register":
        assert len(m["fields"]) >= 5
        assert all(f["right"] <= content["right"] for f in m["fields"]), m["fields"]
        if viewport is PHONE:
            indented = [f["label"] for f in m["fields"]
                        if f["left"] - content["left"] > STACKED_SLACK_PX]
            assert indented == [], f"fields beside their labels, not under them: {indented}"
    if app in TABLES_ON_LOAD:
        assert m["tables"], f"{app} shows no table"
    for table in m["tables"]:
        assert table["scrolls"], f"a table on {app} is in no sideways-scrolling box"
        assert table["left"] >= 0 and table["right"] <= vw, table
    return m
