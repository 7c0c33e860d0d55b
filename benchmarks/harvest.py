"""Harvest speed: the kit against a plain sequential `requests` loop, and a cached re-run.

A SYNTHETIC Met-style API on loopback (tests/synthetic_met.py, in its own process) serves N objects and adds a fixed
latency to every request. Measured side by side in one run:

- the kit's Met source (default politeness: 8 connections) vs a sequential requests loop;
- the kit vs the ideal bound, requests x latency / connections;
- a cached re-run vs the first run;
- the quality report's share of a harvest to CSV (``h4og_kit.harvest``): the harvest, report
  included, against the report's own steps (reading the file back, counting, the drift check,
  writing the CSV) on the same file;
- the peak resident memory of the process;
- OAI-PMH parsing throughput on the real MODS and EAD files against plain lxml over the same
  bytes (benchmarks/oai_parsing.py).

    python benchmarks/harvest.py [--objects 500] [--latency 0.1] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def synthetic_server(objects: int, latency: float):
    """The SYNTHETIC Met-style server of tests/synthetic_met.py, in a process of its own."""
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "synthetic_met.py"), "--objects", str(objects),
         "--latency", str(latency)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        yield server.stdout.readline().strip()
    finally:
        server.stdin.close()
        server.wait(timeout=10)


def naive_loop(base: str) -> int:
    """What a newcomer writes: one request after the other."""
    import requests

    ids = requests.get(f"{base}/search", params={"q": "*"}, timeout=30).json()["objectIDs"]
    return len([requests.get(f"{base}/objects/{i}", timeout=30).json() for i in ids])


def kit_run(base: str) -> int:
    from h4og_kit.sources.met import MetSource

    # the synthetic server is on loopback: local work, so the address guard is told it may go there
    return len(MetSource(base_url=base, allow_private=True).search("*", limit=None, progress=False))


def harvest_run(base: str, out: Path) -> int:
    from h4og_kit.harvest import harvest

    return harvest("met", "*", out, progress=False, restart=True,
                   source_options={"base_url": base, "allow_private": True}).total_in_file


def report_run(out: Path) -> int:
    """The report's steps of a harvest alone, on the file the harvest wrote."""
    from h4og_kit.harvest import report_file
    from h4og_kit.quality import QualityReport

    report = QualityReport()
    report_file(out, report, spec={"benchmark": str(out)})
    return report.records


def timed(fn, *args) -> tuple[float, int]:
    started = time.perf_counter()
    count = fn(*args)
    return time.perf_counter() - started, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objects", type=int, default=500)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    os.environ["H4OG_OFFLINE"] = "0"
    os.environ["H4OG_CACHE_DIR"] = tempfile.mkdtemp(prefix="h4og-bench-")
    from h4og_kit.sources.met import MetSource

    connections = MetSource.politeness.connections
    # Load pandas and the rights vocabularies before timing: a one-off cost of any first use,
    # not of harvesting.
    from h4og_kit.records import empty_frame
    from h4og_kit.rights import normalize

    empty_frame(), normalize("CC0")
    with synthetic_server(args.objects, args.latency) as url:
        naive_s, naive_n = timed(naive_loop, url)
        kit_s, kit_n = timed(kit_run, url)
        cached_s, cached_n = timed(kit_run, url)
        out = Path(os.environ["H4OG_CACHE_DIR"]) / "harvest.csv"
        from h4og_kit.http import clear_cache

        clear_cache()  # a first harvest, as people run it: every page from the server
        harvest_s, harvest_n = timed(harvest_run, url, out)
        report_s, report_n = timed(report_run, out)
    assert naive_n == kit_n == cached_n == harvest_n == report_n == args.objects, (
        naive_n, kit_n, cached_n, harvest_n, report_n)
    requests_made = args.objects + 1
    ideal_s = requests_made * args.latency / connections
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = {
        "objects": args.objects,
        "latency_s": args.latency,
        "connections": connections,
        "naive_s": round(naive_s, 3),
        "kit_s": round(kit_s, 3),
        "ideal_s": round(ideal_s, 3),
        "cached_s": round(cached_s, 4),
        "speedup_vs_naive": round(naive_s / kit_s, 2),
        "ratio_to_ideal": round(kit_s / ideal_s, 3),
        "cached_speedup": round(kit_s / cached_s, 1),
        "harvest_s": round(harvest_s, 3),
        "report_s": round(report_s, 4),
        "report_share": round(report_s / harvest_s, 4),
        "peak_rss_mb": round(peak_mb, 1),
    }
    print(f"{'run':<28}{'seconds':>10}")
    print(f"{'sequential requests loop':<28}{naive_s:>10.2f}")
    print(f"{'h4og-kit, first run':<28}{kit_s:>10.2f}")
    print(f"{'ideal bound (n x lat / c)':<28}{ideal_s:>10.2f}")
    print(f"{'h4og-kit, cached re-run':<28}{cached_s:>10.3f}")
    print(f"{'harvest to CSV, first run':<28}{harvest_s:>10.2f}")
    print(f"{'its quality report alone':<28}{report_s:>10.4f}")
    print(f"speed-up vs sequential: {figures['speedup_vs_naive']}x (target >= 6x)")
    print(f"ratio to ideal bound:   {figures['ratio_to_ideal']}x (target <= 1.5x)")
    print(f"cached re-run speed-up: {figures['cached_speedup']}x (target >= 50x)")
    print(f"quality report share:   {figures['report_share']:.1%} of the harvest to CSV "
          "(target <= 5%)")
    print(f"peak resident memory:   {figures['peak_rss_mb']} MB")
    from oai_parsing import measure, print_table  # beside this file

    print()
    figures["oai_parsing"] = measure()
    print_table(figures["oai_parsing"])
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
