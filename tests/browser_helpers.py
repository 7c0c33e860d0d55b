"""Shared by the browser tests: a real ``h4og serve`` on a free loopback port, and opening a
dashboard page that records its dialogs and script errors. The Chromium fixture is in
``browser_fixtures`` (``pytest_plugins = ["browser_fixtures"]``).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGE_TIMEOUT_MS = 60_000  # a page whose kernel was not preheated starts one first


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the Voila server exited ({process.returncode}); see {log}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    pytest.fail(f"the Voila server did not answer {url} within {seconds} s; see {log}")


@contextmanager
def served_dashboards(home: Path, log_name: str, registry: str | None = None,
                      **settings: str) -> Iterator[dict]:
    """``h4og serve --demo`` on a free port, with its data and cache in ``home`` and the
    ``settings`` (H4OG_... variables) in its environment; yields its base URL and registry URL.

    With ``registry`` (a database URL) it serves that registry instead of the demo
    (``h4og serve --registry URL``): several servers can share one database.
    The server's log goes to ``test-artifacts/<log_name>.log``."""
    ARTIFACTS.mkdir(exist_ok=True)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("H4OG_", "VOILA_"))}
    env.update(H4OG_DATA_DIR=str(home / "data"), H4OG_CACHE_DIR=str(home / "cache"), **settings)
    log = ARTIFACTS / f"{log_name}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "h4og_kit.cli", "serve", "--port", str(port),
             *(["--registry", registry] if registry else ["--demo"])],
            cwd=home, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/voila/render/showcase.ipynb", process, log)
        yield {"base": base,
               "registry": registry or f"sqlite:///{home / 'data' / 'demo-registry.sqlite3'}"}
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # the server and the kernels it started
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def recording_context(browser, **options):
    """A new browser context whose pages' dialogs and script errors are recorded
    (``ctx.dialogs``, ``ctx.page_errors``; :func:`browser_helpers.open_page` fills them)."""
    ctx = browser.new_context(**options)
    ctx.dialogs, ctx.page_errors = [], []
    return ctx


def open_page(context, url: str, ready: str = ".h4og-header", on_page=None):
    """Open ``url`` in ``context`` and wait until ``ready`` is on the page; dialogs and script
    errors are recorded in ``context.dialogs`` and ``context.page_errors``. ``on_page(page)``
    runs before the page loads (e.g. to listen to what it receives)."""
    page = context.new_page()
    if on_page is not None:
        on_page(page)

    def on_dialog(dialog):
        context.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: context.page_errors.append(str(error)))
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.goto(url, wait_until="domcontentloaded")
    page.locator(ready).first.wait_for()
    return page


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def fill(page, label: str, value: str) -> None:
    """Type into the field labelled ``label`` and leave it (ipywidgets sync on change)."""
    field = page.get_by_label(label, exact=True)
    field.fill(value)
    field.press("Tab")
