"""The registration form in a real browser on a phone's screen (390 x 844): the edit link and
token are brought into view and copied with a button, team members are picked by name, and the
time zone starts at the browser's.

One ``h4og serve --demo`` for the module (offline, its registry in a temporary folder), as in
``test_dashboards_browser``. Chromium must be at /usr/bin/chromium; these tests never skip.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_helpers import fill, open_page, recording_context, shot
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
pytest_plugins = ["browser_fixtures"]

VIEWPORT = {"width": 390, "height": 844}
FORM_READY = "text=I am registering"


def open_form(context, server):
    return open_page(context, f"{server['base']}/voila/render/register.ipynb", FORM_READY)


def in_viewport(page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    return box is not None and 0 <= box["y"] and box["y"] + box["height"] <= VIEWPORT["height"]


def test_after_registering_on_a_phone_the_token_is_in_view_and_copies(context, server, served_registry):
    page = open_form(context, server)
    fill(page, "Title", "Phone project")
    fill(page, "Summary", "Registered on a phone")
    page.get_by_role("button", name="Register").click()  # at the bottom of a long form
    page.locator(".h4og-token-box").wait_for()
    token = page.locator(".h4og-edit-token").inner_text()
    link = page.locator(".h4og-edit-link").inner_text()
    assert re.fullmatch(r"h4og_[\w-]+", token)
    match = re.fullmatch(rf"{re.escape(server['base'])}/voila/render/register\.ipynb"
                         rf"\?edit=(project-[0-9a-f]+)&token={re.escape(token)}", link)
    assert match  # the link is shown whole
    assert served_registry.get(match.group(1), token=token).fields["title"] == "Phone project"
    page.wait_for_function(  # brought into view
        "() => document.querySelector('.h4og-edit-token').getBoundingClientRect().top >= 0")
    assert in_viewport(page, ".h4og-edit-token") and in_viewport(page, ".h4og-edit-link")
    box = page.locator(".h4og-token-box")
    assert "it is shown only this once" in box.inner_text()
    assert page.locator(".h4og-edit-link").bounding_box()["width"] <= VIEWPORT["width"]
    shot(page, "register-phone-token")

    page.get_by_role("button", name="Copy the edit token").click()
    expect(box.locator(".h4og-copy-status").nth(1)).to_have_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == token
    page.get_by_role("button", name="Copy the edit link").click()
    expect(box.locator(".h4og-copy-status").first).to_have_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == link

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a text file").click()
    saved = download.value
    assert saved.suggested_filename == f"h4og-edit-link-{match.group(1)}.txt"
    text = Path(saved.path()).read_text(encoding="utf-8")
    assert link in text and token in text
    shot(page, "register-phone-copied")
    assert context.page_errors == [] and context.dialogs == []


def test_the_team_picker_adds_a_person_by_name(context, server, served_registry):
    page = open_form(context, server)
    fill(page, "Title", "Picked team")
    team = page.get_by_label("Team members", exact=True)
    team.fill("Aino")
    team.press("Enter")
    member = page.locator(".h4og-members").get_by_role("button", name="Demo: Aino Example")
    member.wait_for()
    assert team.input_value() == ""
    shot(page, "register-team-picker")
    page.get_by_role("button", name="Register").click()
    page.locator(".h4og-token-box").wait_for()
    entry_id = re.search(r"edit=([\w-]+)", page.locator(".h4og-edit-link").inner_text()).group(1)
    assert served_registry.get(entry_id).fields["team"] == ["demo-person-aino"]
    assert context.page_errors == []


def test_the_form_preselects_the_browsers_time_zone(browser, server):
    ctx = recording_context(browser, viewport=VIEWPORT, timezone_id="Asia/Shanghai")
    try:
        page = open_form(ctx, server)
        page.get_by_label("I am registering").select_option(label="Person (you)")
        zone = page.get_by_label("Time zone", exact=True)
        zone.wait_for()
        page.wait_for_function(
            "() => { const s = [...document.querySelectorAll('select')].find(e => "
            "[...e.labels].some(l => l.innerText.trim() === 'Time zone'));"
            " return s && s.options[s.selectedIndex].text === 'Shanghai'; }")
        shot(page, "register-time-zone-shanghai")
        assert ctx.page_errors == []
    finally:
        ctx.close()
