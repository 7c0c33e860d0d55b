"""A newcomer's first hour in a real browser: the schedule in their own time zone, reaching a
teammate, and exploring the collections (issue 13).

One ``h4og serve --demo`` for the module, offline, with the system Chromium (see
tests/browser_fixtures.py). The windows here are in Shanghai (Playwright's ``timezone_id``), far
from every demo participant, so the page can only show Shanghai times if it followed the
visitor's browser. Screenshots go to ``test-artifacts/first-hour-*.png``.
"""

from __future__ import annotations

import base64
import re

import pytest
from browser_helpers import open_page, recording_context, shot
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
pytest_plugins = ["browser_fixtures"]

SHANGHAI = "Asia/Shanghai"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _window(browser, server, viewport=DESKTOP):
    """A window in Shanghai, allowed to use the clipboard."""
    ctx = recording_context(browser, viewport=viewport, timezone_id=SHANGHAI, locale="en-GB")
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=server["base"])
    return ctx


@pytest.fixture
def shanghai(browser, server):
    ctx = _window(browser, server)
    yield ctx
    ctx.close()


@pytest.fixture
def phone(browser, server):
    ctx = _window(browser, server, PHONE)
    yield ctx
    ctx.close()


def _in_view(page, selector: str) -> bool:
    """True when the top of the first ``selector`` lies inside the window."""
    return page.evaluate(
        """(selector) => { const box = document.querySelector(selector).getBoundingClientRect();
             return box.height > 0 && box.top >= 0 && box.top < window.innerHeight; }""",
        selector)


# -- the schedule -------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["?tz=Asia/Shanghai", ""])
def test_the_schedule_opens_in_the_visitors_time_zone(shanghai, server, query):
    """With ``?tz=`` the kernel reads the zone when the page opens; without it, the page's
    script tells the kernel the browser's zone a moment later."""
    assert shanghai.new_page().evaluate(
        "Intl.DateTimeFormat().resolvedOptions().timeZone") == SHANGHAI
    page = open_page(shanghai, f"{server['base']}/voila/render/schedule.ipynb{query}",
                     ready="text=Show times in")
    page.get_by_text("Times shown in Shanghai time.").wait_for()
    picker = page.get_by_label("Show times in")
    expect(picker.locator("option:checked")).to_have_text("Shanghai")  # Asia/Shanghai
    # the demo workshop, 13:00-14:30 UTC, is 21:00-22:30 in Shanghai
    row = page.locator("tr", has_text="Demo: Open collections in one line of Python")
    assert "21:00\u2009\u2013\u200922:30" in row.inner_text()
    shot(page, f"first-hour-schedule{'-tz' if query else ''}")
    assert shanghai.page_errors == [] and shanghai.dialogs == []


def test_ended_events_are_marked_and_each_event_has_its_own_ics(shanghai, server):
    page = open_page(shanghai, f"{server['base']}/voila/render/schedule.ipynb?tz=Asia/Shanghai",
                     ready="text=Show times in")
    page.get_by_text("Times shown in Shanghai time.").wait_for()
    # the demo programme ran in October and November 2025: every event has ended by now
    rows = page.locator(".h4og-schedule tr")
    assert rows.count() == 18
    expect(page.locator(".h4og-schedule tr.h4og-past")).to_have_count(18)
    assert page.locator(".h4og-schedule tr.h4og-past .h4og-badge-past").first.inner_text() == \
        "ended"
    link = page.locator("tr", has_text="Demo: Open collections in one line of Python").get_by_text(
        "Add this event to my calendar (.ics)")
    href = link.get_attribute("href")
    assert link.get_attribute("download").endswith(".ics")
    calendar = base64.b64decode(href.split(",", 1)[1]).decode("utf-8")
    assert calendar.count("BEGIN:VEVENT") == 1
    assert "DTSTART:20251118T130000Z" in calendar.split("\r\n")
    assert page.get_by_text("Add to my calendar (.ics)").get_attribute("download") == \
        "programme.ics"


# -- matchmaking --------------------------------------------------------------------------------

def test_a_new_teammate_is_listed_and_says_how_to_reach_them(shanghai, server, served_registry):
    """Registered after the server started (its matchmaking kernel already preheated): listed
    when the page opens, with their chat and profile links, never their e-mail."""
    served_registry.register("person", {
        "name": "Browser Teammate", "skills": ["JavaScript", "metadata"],
        "contact_consent": True, "email": "teammate@example.org",
        "links": {"chat": "https://chat.example.org/teammate"},
        "social_links": {"Mastodon": "https://example.social/@teammate"}})
    page = open_page(shanghai, f"{server['base']}/voila/render/matchmaking.ipynb",
                     ready="text=Projects for you")
    people = page.get_by_label("I am", exact=True)
    listed = [name.replace("\xa0", " ") for name in people.locator("option").all_inner_texts()]
    assert "Browser Teammate" in listed  # (ipywidgets writes spaces as no-break spaces)
    page.get_by_label("Project", exact=True).select_option(
        label="Demo: TK labels in the catalogue")
    card = page.locator(".h4og-person", has_text="Browser Teammate")
    card.get_by_text("How to reach").wait_for()
    assert card.get_by_role("link", name="Mastodon").first.get_attribute("href") == \
        "https://example.social/@teammate"
    assert card.get_by_role("link", name="Chat").first.get_attribute("href") == \
        "https://chat.example.org/teammate"
    assert "teammate@example.org" not in page.content()
    shot(page, "first-hour-matchmaking")
    assert shanghai.page_errors == []


# -- the collections explorer -------------------------------------------------------------------

def _search(page) -> None:
    search = page.get_by_label("Search for", exact=True)
    search.fill("van")
    search.press("Enter")
    page.get_by_text(re.compile(r"^\d+ records found\.$")).wait_for()


@pytest.mark.parametrize("window", ["shanghai", "phone"])
def test_an_opened_record_comes_into_view_with_a_copyable_credit(request, server, window):
    ctx = request.getfixturevalue(window)
    page = open_page(ctx, f"{server['base']}/voila/render/collections.ipynb",
                     ready="text=Search for")
    _search(page)
    # no terminal bar, log box or stderr in the page; offline, no broken images
    assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert page.locator(".h4og-results img").count() == 0
    assert page.locator(".h4og-results .h4og-placeholder").count() > 0
    page.get_by_text(re.compile(r"^Page 1 of \d+: records 1 to 12$")).wait_for()
    buttons = page.get_by_role("button", name="Open record")
    buttons.nth(buttons.count() - 1).scroll_into_view_if_needed()  # the last card of the page
    title = buttons.nth(buttons.count() - 1).get_attribute("title")
    buttons.nth(buttons.count() - 1).click()
    heading = page.locator(".h4og-detail h2")
    expect(heading).to_have_text(title)
    page.wait_for_function(
        """() => { const h = document.querySelector('.h4og-detail h2');
                   const box = h && h.getBoundingClientRect();
                   return box && box.height > 0 && box.top >= 0
                          && box.bottom <= window.innerHeight; }""")
    assert _in_view(page, ".h4og-detail h2")
    shot(page, f"first-hour-collections-record-{window}")
    # the credit line, copied with its button
    line = page.get_by_label("Credit line (select and copy)").input_value()
    page.get_by_role("button", name="Copy the credit line").click()
    page.locator(".h4og-copy-status", has_text="Copied.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == line
    assert line.startswith(f"\u201c{title}\u201d")
    assert ctx.page_errors == []
