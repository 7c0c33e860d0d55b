"""The kernel-free public showcase in a real browser: ``h4og serve --demo`` serves it at ``/``.

The page shows every public entry without JavaScript (and filters with its GET form), filters in
place with it, picks up a registration made in-process within 15 s without a reload, has no
horizontal overflow at 390×844, and the folder ``h4og publish`` writes opens from ``file://``.
Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import time

import pytest
from browser_helpers import ARTIFACTS, open_page, recording_context, shot

pytestmark = pytest.mark.browser
pytest_plugins = ["browser_fixtures"]

LIVE_TIMEOUT_MS = 15_000  # the bound for a change to reach an open page
PHONE = {"width": 390, "height": 844}


def test_the_page_shows_the_entries_without_javascript(browser, server):
    ctx = recording_context(browser, java_script_enabled=False,
                            viewport={"width": 1280, "height": 1000})
    try:
        page = open_page(ctx, f"{server['base']}/", ready=".h4og-card")
        assert page.locator(".h4og-card").count() == 16
        assert page.locator("#h4og-feed .h4og-feed-item").count() > 0
        assert page.locator("header nav a[href='voila/render/register.ipynb?lang=en']").count() == 1
        page.select_option("select[name=kind]", "tool")
        page.get_by_role("button", name="Filter").click()
        page.wait_for_url("**kind=tool**")
        assert page.locator(".h4og-card").count() == 2
        page.locator(".h4og-card .h4og-permalink").first.click()
        page.wait_for_url("**/entry/**")
        assert page.locator("meta[property='og:title']").count() == 1
        assert page.locator("script[type='application/ld+json']").count() == 1
        shot(page, "public-entry-page")
    finally:
        ctx.close()


def _filter(page, name: str, value: str) -> int:
    """Set the filter ``name`` (a list or a text field) to ``value``; the cards then shown."""
    field = page.locator(f"#h4og-filters [name={name}]")
    if field.evaluate("element => element.tagName") == "SELECT":
        field.select_option(value)
    else:
        field.fill(value)
    return page.locator(".h4og-card").count()


def test_filters_work_with_javascript(browser, server):
    ctx = recording_context(browser, viewport={"width": 1280, "height": 1000})
    try:
        page = open_page(ctx, f"{server['base']}/showcase", ready=".h4og-card")
        assert _filter(page, "kind", "project") == 3
        assert "?" not in page.url  # filtered in place
        assert _filter(page, "q", "IIIF story") == 1
        assert _filter(page, "q", "") == 3 and _filter(page, "kind", "") == 16
        assert 0 < _filter(page, "tag", "#wikidata") < 16
        assert _filter(page, "tag", "") == 16
        assert _filter(page, "stage", "prototype") == 1
        assert _filter(page, "stage", "") == 16
        assert 0 < _filter(page, "language", "fi") < 16  # the entries written in Finnish
        assert ctx.page_errors == []
    finally:
        ctx.close()


def test_a_registration_reaches_an_open_page_without_reload(browser, server):
    from h4og_kit.registry import Registry

    ctx = recording_context(browser, viewport={"width": 1280, "height": 1000})
    try:
        page = open_page(ctx, f"{server['base']}/", ready=".h4og-card")
        page.evaluate("window.h4ogStillHere = true")
        title = f"Live public project {int(time.time())}"
        with Registry(server["registry"]) as reg:
            reg.register("project", {"title": title, "summary": "Registered in-process"})
        started = time.monotonic()
        page.locator(".h4og-card", has_text=title).wait_for(timeout=LIVE_TIMEOUT_MS)
        page.locator("#h4og-feed", has_text=title).wait_for(timeout=LIVE_TIMEOUT_MS)
        assert time.monotonic() - started < 15
        assert page.evaluate("window.h4ogStillHere") is True  # no reload
        assert ctx.page_errors == []
    finally:
        ctx.close()


def _overflow(page) -> dict:
    return page.evaluate("""() => ({
        scroll: document.documentElement.scrollWidth,
        width: document.documentElement.clientWidth,
        card: Math.min(...[...document.querySelectorAll('.h4og-card')]
                       .map(c => c.getBoundingClientRect().width)),
    })""")


def test_the_page_fits_a_phone(browser, server):
    ctx = recording_context(browser, viewport=PHONE, device_scale_factor=1, is_mobile=True,
                   has_touch=True)
    try:
        for path in ("/", "/entry/demo-project-iiif-stories"):
            page = open_page(ctx, f"{server['base']}{path}", ready=".h4og-card")
            sizes = _overflow(page)
            assert sizes["scroll"] <= sizes["width"], f"{path} scrolls sideways: {sizes}"
            assert sizes["card"] >= 0.9 * PHONE["width"] - 1, f"{path} cards too narrow: {sizes}"
            shot(page, f"public-phone{path.replace('/', '-') or '-root'}")
    finally:
        ctx.close()


def test_the_published_folder_opens_from_file(browser, server, tmp_path):
    from h4og_kit import cli

    out = tmp_path / "site"
    assert cli.main(["publish", str(out), "--registry", server["registry"]]) == 0
    ctx = recording_context(browser, viewport={"width": 1280, "height": 1000})
    try:
        page = open_page(ctx, (out / "index.html").as_uri(), ready=".h4og-card")
        assert page.locator(".h4og-card").count() >= 16
        page.select_option("select[name=kind]", "tool")
        assert page.locator(".h4og-card").count() == 2  # the script ran from file://
        page.locator(".h4og-card .h4og-permalink").first.click()
        page.wait_for_url("**/entry/*.html")
        assert page.locator(".h4og-timeline, .h4og-card").count() >= 1
        assert page.evaluate("getComputedStyle(document.body).margin") == "0px"  # CSS loaded
        assert ctx.page_errors == []
        ARTIFACTS.mkdir(exist_ok=True)
        shot(page, "public-published-entry")
    finally:
        ctx.close()


def test_the_published_folder_served_by_a_plain_static_server_updates_itself(browser, server,
                                                                            tmp_path):
    import functools
    import http.server
    import threading

    from h4og_kit.dashboards.site import Site, publish
    from h4og_kit.dashboards.snapshot import SnapshotKeeper
    from h4og_kit.registry import Registry

    out = tmp_path / "static"
    with Registry(server["registry"]) as reg:
        keeper = SnapshotKeeper(reg)
        publish(keeper.snapshot, out, Site(published=True))
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        ctx = recording_context(browser, viewport={"width": 1280, "height": 1000})
        try:
            page = open_page(ctx, f"http://127.0.0.1:{httpd.server_port}/", ready=".h4og-card")
            title = f"Published live {int(time.time())}"
            reg.register("project", {"title": title})
            assert keeper.refresh()
            publish(keeper.snapshot, out, Site(published=True))  # what --watch does
            page.locator(".h4og-card", has_text=title).wait_for(timeout=LIVE_TIMEOUT_MS)
            page.locator(".h4og-card .h4og-permalink", has_text="Page").first.click()
            page.wait_for_url("**/entry/*.html")
            assert ctx.page_errors == []
        finally:
            ctx.close()
            httpd.shutdown()
