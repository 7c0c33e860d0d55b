"""The system Chromium for the browser tests, as a pytest plugin: ``pytest_plugins =
["browser_fixtures"]``.

Chromium must be at /usr/bin/chromium (``make test`` installs it with apt); without it the browser
tests fail, they never skip.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_helpers import CHROMIUM, CHROMIUM_ARGS


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
