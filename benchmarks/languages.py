"""What speaking the viewer's language costs: import time, page rendering and dashboard
time-to-interactive, English against the other languages, measured side by side in one run.

- **Import**: ``import h4og_kit`` in a fresh interpreter, ``--imports`` times (median); no
  catalog may be loaded by the import (catalogs load on first use). Target: under 0.5 s.
- **Public page**: the public showcase of the demo registry rendered from a fresh snapshot
  (nothing cached), in each language, ``--renders`` times (median); English is the baseline.
- **Dashboards**: ``h4og serve --demo`` (offline) and the system Chromium; the showcase and the
  register apps are opened in English and in each other language in turn, ``--repeat`` times
  each, every load on a preheated kernel of a server at rest (as ``benchmarks/dashboard.py``
  measures): seconds from navigation until the app is interactive (showcase: its cards; register:
  its first field). Target: at most 5% over English.

    python benchmarks/languages.py [--imports 7] [--renders 20] [--repeat 3] [--langs fi,ar,zh,es]
        [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from dashboard import CHROMIUM, CHROMIUM_ARGS, Server, _free_port, preheated_apps

TARGET_IMPORT_SECONDS = 0.5
TARGET_RATIO = 1.05
#: The apps timed, and what shows each is interactive.
APPS = {"showcase.ipynb": ".h4og-card", "register.ipynb": ".h4og-page input"}


def import_seconds(times: int) -> tuple[float, int]:
    """Median seconds of ``import h4og_kit`` in a fresh interpreter, and how many catalogs the
    import loaded."""
    script = ("import time; t = time.perf_counter(); import h4og_kit; d = time.perf_counter() - t; "
              "from h4og_kit import i18n; print(d, i18n.translations.cache_info().currsize)")
    runs = []
    loaded = 0
    for _ in range(times):
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                             check=True, cwd=ROOT).stdout.split()
        runs.append(float(out[0]))
        loaded = max(loaded, int(out[1]))
    return statistics.median(runs), loaded


def render_ms(langs: list[str], renders: int) -> dict[str, float]:
    """Median milliseconds to render the public showcase from a fresh snapshot, per language."""
    from h4og_kit.dashboards.site import Site
    from h4og_kit.dashboards.snapshot import build_snapshot
    from h4og_kit.registry import demo_registry

    with tempfile.TemporaryDirectory() as home:
        os.environ["H4OG_DATA_DIR"] = home
        registry = demo_registry()
        times: dict[str, list[float]] = {lang: [] for lang in langs}
        for _ in range(renders):
            for lang in langs:  # interleaved, so drift in the machine's load hits all alike
                snap = build_snapshot(registry)
                start = time.perf_counter()
                Site().page(snap, lang=lang)
                times[lang].append((time.perf_counter() - start) * 1000)
        registry.close()
    return {lang: statistics.median(values) for lang, values in times.items()}


def dashboard_seconds(langs: list[str], repeat: int) -> dict[str, dict[str, float]]:
    """Median seconds to interactive per app and language (each load on a preheated kernel)."""
    from dashboard import time_to_interactive
    from playwright.sync_api import sync_playwright

    from h4og_kit.dashboards.apps import FOLDER

    home = Path(tempfile.mkdtemp(prefix="h4og-languages-bench-"))
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("H4OG_", "VOILA_"))}
    env.update(H4OG_OFFLINE="1", H4OG_DATA_DIR=str(home / "data"),
               H4OG_CACHE_DIR=str(home / "cache"))
    server = Server([sys.executable, "-m", "h4og_kit.cli", "serve", "--demo", "--port", str(port)],
                    home, env, home / "server.log", port)
    results: dict[str, dict[str, list[float]]] = {app: {lang: [] for lang in langs} for app in APPS}
    try:
        server.wait_filled(preheated_apps(FOLDER))
        server.wait_idle()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(repeat):
                for app, ready in APPS.items():
                    for lang in langs:
                        results[app][lang] += time_to_interactive(
                            browser, server, f"voila/render/{app}?lang={lang}", ready, 1)
            browser.close()
    finally:
        server.stop()
    return {app: {lang: statistics.median(v) for lang, v in per.items()}
            for app, per in results.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--imports", type=int, default=7)
    parser.add_argument("--renders", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--langs", default="fi,ar,zh,es")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    langs = ["en", *[lang for lang in args.langs.split(",") if lang and lang != "en"]]

    seconds, loaded = import_seconds(args.imports)
    rendered = render_ms(langs, args.renders)
    interactive = dashboard_seconds(langs, args.repeat)

    print(f"import h4og_kit: {seconds:.3f} s median of {args.imports} (target < "
          f"{TARGET_IMPORT_SECONDS} s); catalogs loaded by the import: {loaded}")
    print(f"{'':24}" + "".join(f"{lang:>10}" for lang in langs))
    print(f"{'public page, ms':24}" + "".join(f"{rendered[lang]:>10.1f}" for lang in langs))
    print(f"{'  ratio to English':24}"
          + "".join(f"{rendered[lang] / rendered['en']:>10.3f}" for lang in langs))
    worst = 0.0
    for app, per in interactive.items():
        print(f"{app + ', s':24}" + "".join(f"{per[lang]:>10.2f}" for lang in langs))
        ratios = [per[lang] / per["en"] for lang in langs]
        worst = max(worst, *ratios)
        print(f"{'  ratio to English':24}" + "".join(f"{r:>10.3f}" for r in ratios))
    print(f"worst dashboard ratio {worst:.3f} (target <= {TARGET_RATIO})")
    if args.json:
        print(json.dumps({"import_seconds": seconds, "catalogs_loaded_by_import": loaded,
                          "public_page_ms": rendered, "time_to_interactive_s": interactive,
                          "worst_ratio": worst}))


if __name__ == "__main__":
    main()
