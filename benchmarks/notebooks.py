"""The workshop environment: time to run every notebook, size of the Binder environment, import time.

- **notebooks**: every numbered notebook under nbval (``--nbval-lax``), offline, with fresh cache
  and data folders, one pytest run for all of them: the wall time a CI run spends on them;
- **environment size**: the virtual environment that binder/requirements.txt installs (recorded
  right after that install, before the test runners are added) and the whole test environment;
- **import time**: ``import h4og_kit`` in a fresh interpreter, median of several runs, from
  ``python -X importtime`` (target: under 0.5 s), and whether pandas was imported with it.

By default it uses the Binder environment of tests/binder_env.py (built first if needed, which
takes minutes); ``--env main`` uses the running interpreter instead (sizes are then not given).

    python benchmarks/notebooks.py [--env binder|main] [--runs 7] [--json]
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
sys.path.insert(0, str(ROOT / "tests"))

import binder_env


def import_seconds(python: Path, runs: int) -> tuple[float, bool]:
    """Median seconds of ``import h4og_kit`` (cumulative, from -X importtime) and whether pandas
    came with it."""
    times = []
    for _ in range(runs):
        run = subprocess.run([str(python), "-X", "importtime", "-c", "import h4og_kit"],
                             capture_output=True, text=True, check=True, cwd=ROOT,
                             env=binder_env.clean_env())
        line = next(l for l in reversed(run.stderr.splitlines()) if l.rstrip().endswith("| h4og_kit"))
        times.append(int(line.split("|")[1]) / 1e6)
    check = subprocess.run(
        [str(python), "-c", "import sys, h4og_kit; print('pandas' in sys.modules)"],
        capture_output=True, text=True, check=True, cwd=ROOT, env=binder_env.clean_env())
    return statistics.median(times), check.stdout.strip() == "True"


def notebooks_seconds(python: Path) -> tuple[float, str]:
    """Wall seconds of one nbval run over every notebook, offline; and pytest's summary line."""
    notebooks = sorted(str(p) for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    with tempfile.TemporaryDirectory() as folder:
        env = binder_env.clean_env(H4OG_OFFLINE="1", H4OG_CACHE_DIR=f"{folder}/cache",
                                   H4OG_DATA_DIR=f"{folder}/data")
        start = time.perf_counter()
        run = subprocess.run(
            [str(python), "-m", "pytest", "--nbval-lax", "--nbval-current-env", "-q",
             "-p", "no:cacheprovider", "--color=no", *notebooks],
            capture_output=True, text=True, check=False, cwd=folder, env=env,
        )
        seconds = time.perf_counter() - start
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr[-500:]
    if run.returncode != 0:
        raise SystemExit(f"the notebooks failed: {summary}")
    return seconds, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--env", choices=("binder", "main"), default="binder")
    parser.add_argument("--runs", type=int, default=7, help="import-time runs (median)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    python = binder_env.python() if args.env == "binder" else Path(sys.executable)
    notebook_s, summary = notebooks_seconds(python)
    import_s, pandas_loaded = import_seconds(python, args.runs)
    figures = {
        "environment": args.env,
        "notebooks": len(list((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))),
        "notebooks_s": round(notebook_s, 1),
        "import_s": round(import_s, 3),
        "import_target_s": 0.5,
        "pandas_on_import": pandas_loaded,
    }
    if args.env == "binder":
        venv = python.parent.parent
        binder_bytes = binder_env.binder_size(python)
        figures["binder_env_mb"] = round(binder_bytes / 2**20) if binder_bytes else None
        figures["test_env_mb"] = round(binder_env.size(venv) / 2**20)

    print(f"{'measure':<42}{'value':>14}")
    print(f"{'notebooks run offline under nbval':<42}{figures['notebooks']:>14}")
    print(f"{'  wall time, all of them (s)':<42}{notebook_s:>14.1f}   ({summary})")
    print(f"{'import h4og_kit, median (s)':<42}{import_s:>14.3f}   (target < 0.5 s)")
    print(f"{'  pandas imported with it':<42}{pandas_loaded!s:>14}")
    if args.env == "binder":
        size = figures["binder_env_mb"]
        print(f"{'Binder environment, binder/ alone (MB)':<42}{size if size else 'not recorded':>14}")
        print(f"{'  with pytest, nbval, ipykernel (MB)':<42}{figures['test_env_mb']:>14}")
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
