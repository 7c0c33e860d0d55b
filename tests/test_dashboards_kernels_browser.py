"""The Voila apps' kernels under a crowd, in Chromium against a real ``h4og serve``.

What organizers rely on: past the kernel cap a page says "busy, try again in a minute" instead of
starting one more kernel; a tab closed without saying goodbye (a phone, a crash) gives its kernel
back even while the live feed keeps sending it news; and an app shows what is in the registry when
it is opened, not when its kernel was preheated.
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request

import pytest
from browser_helpers import ARTIFACTS, PAGE_TIMEOUT_MS, open_page, served_dashboards, shot

pytest_plugins = ["browser_fixtures"]

CAP = 2
CLOSED_PAGE_SECONDS = 15  # a loaded test machine takes seconds to connect a page
BOARD = "voila/render/showcase.ipynb"  # the live board: its kernel polls the registry


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("kernels")
    with served_dashboards(home, "kernels-server", H4OG_OFFLINE="1",
                           H4OG_MAX_KERNELS=str(CAP),
                           H4OG_CLOSED_PAGE_SECONDS=str(CLOSED_PAGE_SECONDS)) as served:
        served["log"] = ARTIFACTS / "kernels-server.log"
        _wait_for_no_visitors(served)
        yield served




def _wait_for_no_visitors(server, seconds: float = 180) -> None:
    """Wait until no kernel serves a visitor, as the server's log says: the pages the test harness
    (or the test before) opened have been closed, or ended as closed pages."""
    deadline = time.monotonic() + seconds
    counts: list[str] = []
    while time.monotonic() < deadline:
        counts = re.findall(r"Kernels for visitors: (\d+) of", server["log"].read_text())
        if counts and counts[-1] == "0":
            return
        time.sleep(0.5)
    pytest.fail(f"kernels for visitors: {counts[-1:] or 'none logged'} after {seconds} s; see "
                f"{server['log']}")


def _kernel_alive(server, kernel_id: str) -> bool:
    try:
        with urllib.request.urlopen(f"{server['base']}/api/kernels/{kernel_id}", timeout=5):
            return True
    except urllib.error.HTTPError as exc:
        assert exc.code == 404, exc
        return False


def _kernel_id(page) -> str:
    return page.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


def test_an_app_lists_who_registered_after_its_kernel_was_preheated(context, server, served_registry):
    time.sleep(2)  # the preheated kernel has run its notebook as far as it can
    title = f"Registered after preheating {time.time_ns()}"
    served_registry.register("project", {"title": title, "summary": "A late arrival."})
    page = open_page(context, f"{server['base']}/voila/render/matchmaking.ipynb",
                     ready="text=Projects for you")
    assert "Using pre-heated kernel" in server["log"].read_text()
    options = page.get_by_label("Project", exact=True).locator("option")
    assert title in [text.replace("\xa0", " ") for text in options.all_inner_texts()]
    page.close(run_before_unload=True)


def test_past_the_cap_pages_say_busy_and_a_closed_tab_gives_its_kernel_back(context, server,
                                                                               served_registry):
    _wait_for_no_visitors(server)  # the pages of the test before have given theirs back
    url = f"{server['base']}/{BOARD}"
    pages = [context.new_page() for _ in range(CAP + 1)]
    answers = []
    for page in pages:  # all at once, as a crowd arrives
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        answers.append(page.goto(url, wait_until="commit"))
    statuses = sorted(answer.status for answer in answers)
    assert statuses == [200] * CAP + [503], statuses
    busy = [page for page, answer in zip(pages, answers) if answer.status == 503]
    served = [page for page, answer in zip(pages, answers) if answer.status == 200]
    for page in served:
        page.locator(".h4og-card").first.wait_for()
    busy[0].get_by_text("Busy: try again in a minute").wait_for()
    assert busy[0].get_by_role("link", name="the public showcase").count() == 1
    assert answers[pages.index(busy[0])].headers.get("retry-after") == "60"
    shot(busy[0], "kernels-busy")

    # A phone loses its tab: no beforeunload, so no shutdown request; only the socket closes.
    closed, kept = served
    kernel_id = _kernel_id(closed)
    closed.close(run_before_unload=False)
    deadline = time.monotonic() + CLOSED_PAGE_SECONDS * 4
    n = 0
    while _kernel_alive(server, kernel_id) and time.monotonic() < deadline:
        n += 1  # news for the live feed all along: the closed tab's kernel keeps getting some
        served_registry.register("project", {"title": f"Live news {n} {time.time_ns()}"})
        time.sleep(1)
    assert not _kernel_alive(server, kernel_id), "the closed tab's kernel is still running"
    assert n >= CLOSED_PAGE_SECONDS - 1  # it was ended while the feed was busy
    kept.get_by_text(f"Live news {n}", exact=False).first.wait_for()  # the open page is live
    assert _kernel_alive(server, _kernel_id(kept))

    again = open_page(context, url, ready=".h4og-card")  # its place is free again
    assert again.get_by_text("Busy: try again in a minute").count() == 0
    assert context.page_errors == []
