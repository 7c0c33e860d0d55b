"""The dashboards in a real browser: the system Chromium drives a real Voila server (`h4og serve`).

One server for the module: ``h4og serve --demo`` on a free loopback port, offline
(``H4OG_OFFLINE=1``), with its demo registry and cache in a temporary folder and a known organizer
token. The tests read and write that same registry in-process to check what the pages did.
Screenshots of every dashboard go to ``test-artifacts/`` (git-ignored), with the server's log.

Chromium must be at /usr/bin/chromium (``make test`` installs it with apt); without it these tests
fail, they never skip.
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request

import pytest
from browser_helpers import fill, open_page, served_dashboards, shot
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
pytest_plugins = ["browser_fixtures"]

ADMIN_TOKEN = "h4og_browser-test-organizer"
LIVE_TIMEOUT_MS = 15_000  # the bound for a change to reach an open board
VIEWPORT = {"width": 1280, "height": 1500}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``h4og serve --demo`` on a free port; yields its base URL and its registry URL."""
    home = tmp_path_factory.mktemp("dashboards")
    with served_dashboards(home, "voila-server", H4OG_OFFLINE="1",
                           H4OG_ADMIN_TOKEN=ADMIN_TOKEN) as served:
        yield served




def open_app(context, server, app: str, query: str = "", ready: str = ".h4og-header"):
    """Open a dashboard and wait until its widgets are on the page."""
    return open_page(context, f"{server['base']}/{app}{query}", ready)


def test_the_root_url_lands_on_the_showcase(context, server):
    """``/`` is the kernel-free public showcase; the Voila showcase stays at its path."""
    page = open_app(context, server, "", ready=".h4og-card")
    assert page.url == f"{server['base']}/"
    assert page.locator("h1").first.inner_text() == "Hack4OpenGLAM: Showcase"
    assert page.locator(".h4og-card").count() == 16
    assert "Demo: TK labels in the catalogue" in page.locator(".h4og-cards").inner_text()
    board = open_app(context, server, "voila/render/showcase.ipynb", ready=".h4og-card")
    assert board.locator("h1").first.inner_text() == "Hack4OpenGLAM: Showcase"
    assert board.locator(".h4og-card").count() == 16


def test_register_edit_and_conflict_live_on_an_open_board(context, server, served_registry):
    board = open_app(context, server, "voila/render/showcase.ipynb", ready=".h4og-card")
    board.evaluate("window.h4ogNoReload = true")
    form = open_app(context, server, "voila/render/register.ipynb", ready="text=I am registering")
    title = f"Browser project {int(time.time())}"
    fill(form, "Title", title)
    fill(form, "Summary", "Registered by Chromium")
    fill(form, "Hashtags", "#browser, #test")
    form.get_by_role("button", name="Register").click()
    form.locator(".h4og-token-box").wait_for()
    link = form.locator(".h4og-edit-link").inner_text()
    token = form.locator(".h4og-edit-token").inner_text()
    match = re.fullmatch(rf"{re.escape(server['base'])}/voila/render/register\.ipynb"
                         r"\?edit=(project-[0-9a-f]+)&token=(h4og_[\w-]+)", link)
    assert match and match.group(2) == token
    entry_id = match.group(1)
    shot(form, "register-done")

    # the already-open board shows it within 15 s, without a reload
    card = board.locator(f'.h4og-new-entries [data-entry="{entry_id}"]')
    card.wait_for(timeout=LIVE_TIMEOUT_MS)
    assert title in card.inner_text()
    assert board.evaluate("window.h4ogNoReload") is True
    board.locator(".h4og-feed").get_by_text(f"New project: {title}").wait_for(
        timeout=LIVE_TIMEOUT_MS)

    # two editors open the edit link; the first moves the stage
    first = open_app(context, server, "voila/render/register.ipynb", link[link.index("?"):],
                     ready=f"text=Editing \u201c{title}\u201d")
    second = open_app(context, server, "voila/render/register.ipynb", link[link.index("?"):],
                      ready=f"text=Editing \u201c{title}\u201d")
    assert first.get_by_label("Title", exact=True).input_value() == title
    first.get_by_label("Team members", exact=True).fill("Aino")
    first.get_by_label("Team members", exact=True).press("Enter")
    first.locator(".h4og-members").get_by_role("button", name="Demo: Aino Example").wait_for()
    first.get_by_label("Stage", exact=True).select_option(label="Team")
    first.get_by_role("button", name="Save changes").click()
    first.get_by_text(f"Saved {title} (version 2).").wait_for()
    assert served_registry.get(entry_id).fields["stage"] == "team"
    shot(first, "register-edit")

    # the board's card moves in place and its timeline shows the new stage
    done = card.locator("li.h4og-done", has_text="Team")
    done.wait_for(timeout=LIVE_TIMEOUT_MS)
    assert card.locator('li[aria-current="step"]').inner_text().startswith("Team")
    board.locator(".h4og-feed").get_by_text(f"{title} moved from Idea to Team").wait_for(
        timeout=LIVE_TIMEOUT_MS)
    assert board.evaluate("window.h4ogNoReload") is True
    shot(board, "showcase-live")

    # the stale second editor is told, and nothing is overwritten
    fill(second, "Summary", "Stale change")
    second.get_by_role("button", name="Save changes").click()
    second.get_by_text("Conflict: someone else saved this entry").wait_for()
    assert "Your changes were NOT saved" in second.locator(".h4og-error").first.inner_text()
    assert second.get_by_label("Summary", exact=True).input_value() == "Stale change"
    assert served_registry.get(entry_id).fields["summary"] == "Registered by Chromium"
    shot(second, "register-conflict")
    assert context.dialogs == [] and context.page_errors == []


def test_a_hostile_title_shows_as_text_and_never_runs(context, server):
    board = open_app(context, server, "voila/render/showcase.ipynb", ready=".h4og-card")
    form = open_app(context, server, "voila/render/register.ipynb", ready="text=I am registering")
    hostile = "<img src=x onerror=alert(1)>"
    fill(form, "Title", hostile)
    fill(form, "Summary", "<script>alert(2)</script>")
    form.get_by_role("button", name="Register").click()
    form.locator(".h4og-token-box").wait_for()
    assert hostile in form.locator(".h4og-token-box").inner_text()
    board.locator(".h4og-new-entries").get_by_text(hostile, exact=True).wait_for(
        timeout=LIVE_TIMEOUT_MS)
    assert board.locator(".h4og-new-entries").get_by_text("<script>alert(2)</script>").count() == 1
    assert board.locator(".h4og-page img[src='x']").count() == 0
    board.wait_for_timeout(1500)  # time for any error handler to fire, were it markup
    shot(board, "showcase-hostile-title")
    assert context.dialogs == []


def test_the_collections_explorer_offline(context, server):
    page = open_app(context, server, "voila/render/collections.ipynb", ready="text=Search for")
    search = page.get_by_label("Search for", exact=True)
    search.focus()
    page.keyboard.type("van")  # keyboard only: Enter runs the search
    page.keyboard.press("Enter")
    status = page.locator(".h4og-warning", has_text="Offline (H4OG_OFFLINE=1 is set)")
    status.wait_for()
    total = int(page.get_by_text(re.compile(r"^\d+ records found\.$")).inner_text().split()[0])
    expect(page.locator(".h4og-results .h4og-badge-unknown")).not_to_have_count(0)
    page.get_by_label("Reusable only (public domain or open)").check()
    shown = page.get_by_text(re.compile(rf"^\d+ of {total} records match(es)? the filters\.$"))
    reusable = int(shown.inner_text().split()[0])
    assert 0 < reusable < total
    expect(page.locator(".h4og-results .h4og-badge-unknown")).to_have_count(0)
    assert page.locator(".h4og-results .h4og-badge-public-domain").count() > 0
    page.get_by_role("button", name="Open record").first.click()
    credit = page.get_by_label("Credit line (select and copy)")
    page.locator(".h4og-detail h2").wait_for()
    record_title = page.locator(".h4og-detail h2").inner_text()
    line = credit.input_value()
    assert line.startswith(f"\u201c{record_title}\u201d") and "public domain" in line
    credit.focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Control+C")
    assert page.evaluate("navigator.clipboard.readText()") == line
    shot(page, "collections")
    assert context.page_errors == []


def _kernel_status(server, kernel_id: str) -> int:
    try:
        with urllib.request.urlopen(f"{server['base']}/api/kernels/{kernel_id}", timeout=5) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_closing_a_tab_shuts_its_kernel_down(context, server):
    page = open_app(context, server, "voila/render/schedule.ipynb", ready="text=Show times in")
    kernel_id = page.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
    assert _kernel_status(server, kernel_id) == 200
    page.close(run_before_unload=True)  # as when a visitor closes the tab
    deadline = time.monotonic() + 15
    while _kernel_status(server, kernel_id) == 200 and time.monotonic() < deadline:
        time.sleep(0.3)
    assert _kernel_status(server, kernel_id) == 404


DASHBOARDS = {
    "showcase": ".h4og-card",
    "register": "text=I am registering",
    "matchmaking": "text=Projects for you",
    "schedule": "text=Show times in",
    "collections": "text=Search for",
    "rights": "text=License categories per source",
    "admin": "text=Organizer token",
}

#: Every visible form control with no label that shows: what the accessibility check finds.
UNLABELLED = """() => [...document.querySelectorAll('.h4og-page :is(input, select, textarea)')]
  .filter(e => e.offsetParent !== null && e.type !== 'hidden')
  .filter(e => ![...(e.labels || [])].some(l => l.offsetParent !== null && l.innerText.trim()))
  .map(e => e.outerHTML.slice(0, 120))"""


@pytest.mark.parametrize("app", DASHBOARDS)
def test_every_dashboard_renders_labelled_and_is_captured(context, server, app):
    page = open_app(context, server, f"voila/render/{app}.ipynb", ready=DASHBOARDS[app])
    assert page.locator("nav a[aria-current='page']").count() == 1
    assert page.evaluate(UNLABELLED) == []
    page.keyboard.press("Tab")  # the keyboard reaches the navigation first
    assert page.evaluate("document.activeElement.closest('nav') !== null")
    if app == "matchmaking":
        page.get_by_label("I am", exact=True).select_option(label="Demo: Kwame Example")
        page.get_by_text("shares: JavaScript").first.wait_for()
    elif app == "schedule":
        page.get_by_label("Show times in").select_option(label="Bogotá")  # America/Bogota
        page.get_by_text("Times shown in Bogotá time.").wait_for()
        assert page.get_by_text("08:00\u2009–\u200909:30").count() == 1  # CLDR's span of hours
    elif app == "admin":
        page.get_by_label("Organizer token").fill(ADMIN_TOKEN)
        page.get_by_label("Organizer token").press("Tab")
        page.get_by_role("button", name="Export the archive").click()
        page.get_by_text(re.compile(r"Download h4og-archive\.json")).wait_for()
    elif app == "rights":
        page.get_by_role("button", name="Can I combine them?").click()
        page.get_by_text("The adaptation's license: CC BY-SA 4.0.").wait_for()
    shot(page, app)
    assert context.page_errors == [] and context.dialogs == []
