"""The system Chromium for the browser tests, as a pytest plugin: ``pytest_plugins =
["browser_fixtures"]``.

Chromium must be at /usr/bin/chromium (``make test`` installs it with apt); without it the browser
tests fail, they never skip.

``server`` is one ``h4og serve --demo`` for the test module, offline, with its data in a
temporary folder and its log in ``test-artifacts/<module>.log`` (the dict
:func:`browser_helpers.served_dashboards` yields). A module that needs other settings defines its
own ``server``. Either way the module also gets ``context`` (a window on it, recording dialogs and
script errors, at the module's ``VIEWPORT``, default 1280 x 900) and ``served_registry`` (the
served registry, opened here). That name stays apart from the widget tests' ``registry``: plugin
fixtures are shared by the whole run, and the last plugin loaded would win.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_helpers import CHROMIUM, CHROMIUM_ARGS, recording_context, served_dashboards


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: install it with "
                    "`apt-get install -y chromium` (`make test` does it). The browser tests "
                    "never skip.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server(request, tmp_path_factory):
    """``h4og serve --demo``, offline, for the test module."""
    name = request.module.__name__.rpartition(".")[2]
    with served_dashboards(tmp_path_factory.mktemp(name), name, H4OG_OFFLINE="1") as served:
        yield served


@pytest.fixture
def context(request, browser, server):
    """A window on the module's ``server``, allowed to use the clipboard."""
    viewport = getattr(request.module, "VIEWPORT", {"width": 1280, "height": 900})
    ctx = recording_context(browser, viewport=viewport)
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=server["base"])
    yield ctx
    ctx.close()


@pytest.fixture
def served_registry(server):
    """The registry the module's ``server`` serves."""
    from h4og_kit.registry import Registry

    with Registry(server["registry"]) as reg:
        yield reg
