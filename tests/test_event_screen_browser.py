"""The event screen (``/screen``) in a real browser, on ``h4og serve --demo``.

Its countdown ticks in the browser, an announcement posted in-process (as the admin app posts
it) reaches the open screen within 15 s without a reload, and it fits a phone in Arabic, right to
left. Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from browser_helpers import open_page, recording_context, shot

pytestmark = pytest.mark.browser
pytest_plugins = ["browser_fixtures"]

ADMIN = "organizer-token-for-tests-0123456789"
LIVE_TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def programme(server):
    """Sessions around now in the served registry: one on now, one next, the final gala."""
    from h4og_kit.registry import Registry

    now = datetime.now(UTC).replace(second=0, microsecond=0)
    sessions = [("Demo: Opening of the live day", now - timedelta(minutes=30), 90),
                ("Demo: IIIF hands-on", now + timedelta(minutes=45), 60),
                ("Demo: Final gala", now + timedelta(days=1, hours=3), 120)]
    with Registry(server["registry"]) as reg:
        for title, start, minutes in sessions:
            reg.register("workshop", {"title": title, "start": start.isoformat(),
                                      "end": (start + timedelta(minutes=minutes)).isoformat()})
    return sessions


def test_the_screen_counts_down_and_shows_an_announcement_live(browser, server, programme,
                                                                monkeypatch):
    from h4og_kit.registry import Registry
    from h4og_kit.registry.announcements import announce

    monkeypatch.setenv("H4OG_ADMIN_TOKEN", ADMIN)
    ctx = recording_context(browser, viewport={"width": 1920, "height": 1080})
    try:
        page = open_page(ctx, f"{server['base']}/screen", ready=".h4og-countdown")
        page.locator("section[aria-live=polite]", has_text="Demo: IIIF hands-on").wait_for(
            timeout=LIVE_TIMEOUT_MS)
        countdown = page.locator(".h4og-countdown").first
        page.wait_for_function(
            "() => /^\\d\\d:\\d\\d:\\d\\d$/.test(document.querySelector('.h4og-countdown')"
            ".textContent)", timeout=5000)
        first = countdown.text_content()
        page.wait_for_timeout(1500)
        assert countdown.text_content() != first  # it ticks
        assert re.fullmatch(r"\d\d:\d\d:\d\d", first)
        page.evaluate("window.h4ogStillHere = true")
        text = "Demos start at 15:00 in the main hall"
        with Registry(server["registry"]) as reg:
            announce(reg, text, token=ADMIN)
        page.locator(".h4og-announcement", has_text=text).wait_for(timeout=LIVE_TIMEOUT_MS)
        assert page.evaluate("window.h4ogStillHere") is True
        programme_text = page.locator("section[aria-live=polite]").text_content()
        assert programme_text.index("Demo: Opening of the live day") < programme_text.index(
            "Next") < programme_text.index("Demo: IIIF hands-on") < programme_text.index(
            "Finale") < programme_text.index("Demo: Final gala")
        shot(page, "event-screen-1920")
        assert ctx.page_errors == []
    finally:
        ctx.close()


def test_the_screen_fits_a_phone_in_arabic(browser, server, programme):
    ctx = recording_context(browser, viewport={"width": 390, "height": 844},
                            device_scale_factor=1, is_mobile=True, has_touch=True)
    try:
        page = open_page(ctx, f"{server['base']}/screen?lang=ar", ready=".h4og-countdown")
        assert page.evaluate("document.documentElement.dir") == "rtl"
        sizes = page.evaluate("() => ({scroll: document.documentElement.scrollWidth,"
                              " width: document.documentElement.clientWidth})")
        assert sizes["scroll"] <= sizes["width"], sizes
        assert page.locator("h2", has_text="التالي").count() == 1
        shot(page, "event-screen-phone-ar")
        assert ctx.page_errors == []
    finally:
        ctx.close()
