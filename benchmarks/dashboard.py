"""Dashboard speed: time until the showcase is interactive with 1,000 entries, against Voila's floor.

Two Voila servers run one after the other, the same way (``python -m h4og_kit.dashboards.server``
with the dashboards' ``voila.json``: preheated kernels, culling), offline:

- the showcase (``h4og serve``) on a registry of 1,000 entries: the 16 demo entries plus
  SYNTHETIC ones (a mix of projects, people, collections, tools; mechanics only, never shown as
  real, each titled "Synthetic benchmark ...");
- a minimal notebook (one button), the floor Voila itself sets.

The system Chromium opens each page ``--repeat`` times, each time on a preheated kernel of a server
at rest (the pool has refilled and its notebook has run), and the time from navigation until the
page is interactive (board: the cards are there; minimal: the button is) is measured; medians are
compared.
Then the showcase is opened and closed 20 times, as a visitor would (the tab closes normally), and
the live kernels of the server are counted: kernel processes of the Voila server, each confirmed
live by the server's ``/api/kernels/<id>`` (standalone Voila 0.5 has no kernel list endpoint).

    python benchmarks/dashboard.py [--entries 1000] [--repeat 5] [--loads 20] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TARGET_RATIO = 1.5
MINIMAL_NOTEBOOK = {
    "cells": [{"cell_type": "code", "execution_count": None, "id": "minimal-0", "metadata": {},
               "outputs": [], "source": "import ipywidgets\nipywidgets.Button(description='Ready')"}],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5,
}


def synthetic_records(count: int) -> list[dict]:
    """SYNTHETIC registry entries for load (benchmark mechanics only)."""
    kinds = ("project", "project", "person", "collection", "tool")
    records = []
    for i in range(count):
        kind = kinds[i % len(kinds)]
        fields = {"summary": f"Synthetic benchmark entry {i}, not a real {kind}.",
                  "keywords": ["#synthetic", f"#topic{i % 17}"], "languages": ["en"]}
        if kind == "person":
            fields.update(name=f"Synthetic benchmark person {i:04d}", skills=["Python"],
                          time_zone="UTC", contact_consent=i % 2 == 0)
        else:
            fields["title"] = f"Synthetic benchmark {kind} {i:04d}"
        records.append({"id": f"synthetic-{kind}-{i:04d}", "kind": kind, "fields": fields})
    return records


def build_registry(url: str, entries: int) -> int:
    from h4og_kit.registry import demo_registry

    with demo_registry(url) as registry:
        demo = sum(registry.counts()["kind"].values())
        registry.seed(synthetic_records(entries - demo), "benchmark-synthetic")
        return sum(registry.counts()["kind"].values())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A Voila server process (and the kernels it starts), its log and its URL."""

    def __init__(self, command: list[str], cwd: Path, env: dict[str, str], log: Path, port: int):
        self.log = log
        self.base = f"http://127.0.0.1:{port}"
        with log.open("w") as out:
            self.process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out,
                                            stderr=subprocess.STDOUT, start_new_session=True)

    def filled(self) -> int:
        """How many times a kernel pool has been (re)filled so far."""
        return self.log.read_text(errors="replace").count("is filled with")

    def wait_filled(self, count: int, seconds: float = 180) -> None:
        deadline = time.monotonic() + seconds
        while self.filled() < count:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the Voila server did not fill its kernel pools; see {self.log}")
            time.sleep(0.2)

    def wait_idle(self, seconds: float = 120) -> None:
        """Wait until the server and its kernels are at rest (a refilled pool has finished
        running its notebook), so every load meets the same quiet server."""
        import psutil

        deadline = time.monotonic() + seconds
        quiet = 0
        while quiet < 2 and time.monotonic() < deadline:
            tree = [psutil.Process(self.process.pid),
                    *psutil.Process(self.process.pid).children(recursive=True)]
            for proc in tree:
                proc.cpu_percent(None)
            time.sleep(0.5)
            busy = sum(proc.cpu_percent(None) for proc in tree if proc.is_running())
            quiet = quiet + 1 if busy < 10 else 0

    def kernels(self) -> list[str]:
        """Ids of the live kernels: kernel processes of this server that its API confirms."""
        import psutil

        ids = []
        for child in psutil.Process(self.process.pid).children(recursive=True):
            try:
                found = re.search(r"kernel-([0-9a-f-]{36})\.json", " ".join(child.cmdline()))
            except psutil.NoSuchProcess:
                continue
            if found and self._api_says_live(found.group(1)):
                ids.append(found.group(1))
        return ids

    def _api_says_live(self, kernel_id: str) -> bool:
        try:
            with urllib.request.urlopen(f"{self.base}/api/kernels/{kernel_id}", timeout=5) as reply:
                return reply.status == 200
        except urllib.error.HTTPError:
            return False

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def preheated_apps(folder: Path) -> int:
    """How many notebooks of ``folder`` get a preheated kernel (voila.json's denylist left out)."""
    config = json.loads((folder / "voila.json").read_text())
    denied = config.get("VoilaKernelManager", {}).get("preheat_denylist", [])
    return sum(1 for nb in folder.glob("*.ipynb") if not any(d in nb.name for d in denied))


def time_to_interactive(browser, server: Server, path: str, ready: str, repeat: int) -> list[float]:
    """Seconds from navigation to ``ready`` being visible, each load on a preheated kernel."""
    times = []
    for _ in range(repeat):
        before = server.filled()
        context = browser.new_context()  # a fresh window each time: nothing cached
        page = context.new_page()
        start = time.perf_counter()
        page.goto(f"{server.base}/{path}", wait_until="commit")
        page.locator(ready).first.wait_for(state="visible", timeout=120_000)
        times.append(time.perf_counter() - start)
        page.close(run_before_unload=True)
        server.wait_filled(before + 1)  # the next load gets a preheated kernel too
        server.wait_idle()
        context.close()
    return times


def visit_and_leave(browser, server: Server, path: str, ready: str, loads: int) -> None:
    """Open the page in a tab and close the tab, ``loads`` times, in one browser window."""
    context = browser.new_context()
    for _ in range(loads):
        page = context.new_page()
        page.goto(f"{server.base}/{path}", wait_until="commit")
        page.locator(ready).first.wait_for(state="visible", timeout=120_000)
        page.close(run_before_unload=True)
    time.sleep(3)  # the last tab's kernel shutdown
    context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--loads", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not Path(CHROMIUM).is_file():
        raise SystemExit(f"Chromium is missing at {CHROMIUM}: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    from h4og_kit.dashboards.apps import FOLDER

    work = Path(tempfile.mkdtemp(prefix="h4og-bench-dashboard-"))
    registry_url = f"sqlite:///{work / 'registry.sqlite3'}"
    entries = build_registry(registry_url, args.entries)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("H4OG_", "VOILA_"))}
    env.update(H4OG_OFFLINE="1", H4OG_DATA_DIR=str(work / "data"),
               H4OG_CACHE_DIR=str(work / "cache"), H4OG_REGISTRY_URL=registry_url)
    minimal_dir = work / "minimal"
    minimal_dir.mkdir()
    (minimal_dir / "minimal.ipynb").write_text(json.dumps(MINIMAL_NOTEBOOK))
    shutil.copy(FOLDER / "voila.json", minimal_dir / "voila.json")

    results: dict[str, float] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            port = _free_port()
            board = Server([sys.executable, "-m", "h4og_kit.cli", "serve", f"--port={port}"],
                           work, env, work / "board.log", port)
            try:
                pools = preheated_apps(FOLDER)
                board.wait_filled(pools)
                board.wait_idle()
                board_times = time_to_interactive(
                    browser, board, "voila/render/showcase.ipynb", ".h4og-card", args.repeat)
                kernels_before = len(board.kernels())
                visit_and_leave(browser, board, "voila/render/showcase.ipynb", ".h4og-card",
                                args.loads)
                kernels_after = len(board.kernels())
            finally:
                board.stop()
            port = _free_port()
            minimal = Server([sys.executable, "-m", "h4og_kit.dashboards.server", f"--port={port}",
                              "--no-browser", "--Voila.ip=127.0.0.1",
                              "--DashboardServer.landing=minimal.ipynb"],
                             minimal_dir, env, work / "minimal.log", port)
            try:
                minimal.wait_filled(1)
                minimal.wait_idle()
                minimal_times = time_to_interactive(
                    browser, minimal, "voila/render/minimal.ipynb", "text=Ready", args.repeat)
            finally:
                minimal.stop()
        finally:
            browser.close()
    shutil.rmtree(work, ignore_errors=True)

    board_s, minimal_s = statistics.median(board_times), statistics.median(minimal_times)
    results = {
        "entries": entries,
        "board_interactive_s": round(board_s, 3),
        "minimal_interactive_s": round(minimal_s, 3),
        "ratio_vs_minimal": round(board_s / minimal_s, 3),
        "target_ratio": TARGET_RATIO,
        "kernels_preheated": pools,
        "kernels_before_loads": kernels_before,
        "page_loads": args.loads,
        "kernels_after_loads": kernels_after,
    }
    print(f"Dashboard benchmark: {entries} registry entries, median of {args.repeat} loads each")
    print(f"{'page':34} {'interactive (s)':>16}  all loads (s)")
    print(f"{'showcase (1,000 entries)':34} {board_s:16.2f}  "
          + " ".join(f"{t:.2f}" for t in board_times))
    print(f"{'minimal Voila notebook (floor)':34} {minimal_s:16.2f}  "
          + " ".join(f"{t:.2f}" for t in minimal_times))
    verdict = "within" if board_s / minimal_s <= TARGET_RATIO else "ABOVE"
    print(f"ratio showcase / floor: {board_s / minimal_s:.2f}x ({verdict} the {TARGET_RATIO}x target)")
    print(f"live kernels: {kernels_before} before, {kernels_after} after {args.loads} page loads "
          f"({pools} preheated pools; idle kernels are culled after voila.json's timeout)")
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
