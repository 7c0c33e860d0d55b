"""What a crowd of viewers costs: the kernel-free public showcase against the Voila showcase.

One ``h4og serve --demo`` on loopback (offline), side by side in one run:

- **Public page**: ``--viewers`` simulated viewers (default 1,000), arriving in a burst, each
  loading ``/`` and then polling ``/showcase.json`` every 5 s with its ETag, for ``--seconds``. A
  registration is made early on; counted: the share of viewers that saw it within 15 s. Reported:
  p50/p95 latency of the first page and of the polls (the client runs on the same machine, so its
  own CPU counts in them), errors, the server's CPU seconds and peak resident memory.
- **Voila showcase**: ``--voila`` viewers (default 10) open ``/voila/render/showcase.ipynb`` one
  after the other; reported: the kernels running and the resident memory of the server and its
  kernels. Bounded: it stops at ``--voila`` (there is no kernel cap yet to stop at).

The registry is the DEMO registry (16 entries). Prints a table and, with ``--json``, one JSON
object of the figures, including the viewers served per GB of each.

    python benchmarks/showcase_load.py [--viewers 1000] [--seconds 40] [--voila 10]
        [--clients 4] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

POLL_SECONDS = 5.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tree_rss(pid: int) -> tuple[int, int, float]:
    """Resident bytes of the process ``pid`` and its children, how many children, CPU seconds of
    ``pid`` itself."""
    import psutil

    proc = psutil.Process(pid)
    children = proc.children(recursive=True)
    rss = proc.memory_info().rss + sum(c.memory_info().rss for c in children if c.is_running())
    times = proc.cpu_times()
    return rss, len(children), times.user + times.system


def _server_pid(root: int) -> int:
    """The Voila server: the python child of ``h4og serve``."""
    import psutil

    children = psutil.Process(root).children()
    return children[0].pid if children else root


async def _viewer(client, base: str, until: float, marker: dict, out: dict) -> None:
    from tornado.httpclient import HTTPClientError

    start = time.monotonic()
    try:
        await client.fetch(f"{base}/", request_timeout=60)
        out["first"].append(time.monotonic() - start)
    except Exception:  # noqa: BLE001 - any failure is an error of the run
        out["errors"] += 1
        return
    etag, seen = "", False
    await asyncio.sleep(random.uniform(0, POLL_SECONDS))  # viewers do not poll in step
    while time.monotonic() < until:
        start = time.monotonic()
        try:
            reply = await client.fetch(f"{base}/showcase.json", request_timeout=60,
                                       headers={"If-None-Match": etag} if etag else {})
            out["latencies"].append(time.monotonic() - start)
            etag = reply.headers.get("ETag", "")
            if not seen and marker["title"].encode() in reply.body:
                seen = True
                out["reached"].append(time.time() - marker["at"])
        except HTTPClientError as exc:
            if exc.code == 304:
                out["latencies"].append(time.monotonic() - start)
            else:
                out["errors"] += 1
        except Exception:  # noqa: BLE001 - any failure is an error of the run
            out["errors"] += 1
        await asyncio.sleep(POLL_SECONDS)


async def _crowd(base: str, viewers: int, seconds: float, marker: dict) -> dict:
    from tornado.httpclient import AsyncHTTPClient

    AsyncHTTPClient.configure(None, max_clients=max(viewers, 10))
    client = AsyncHTTPClient()
    out: dict = {"latencies": [], "first": [], "errors": 0, "reached": []}
    until = time.monotonic() + seconds
    tasks = []
    for i in range(viewers):
        tasks.append(asyncio.ensure_future(_viewer(client, base, until, marker, out)))
        if i % 50 == 49:
            await asyncio.sleep(0.05)  # a burst, not one packet
    await asyncio.gather(*tasks)
    return out


def _client(base: str, viewers: int, seconds: float, marker: dict) -> dict:
    """One client process: ``viewers`` viewers on one event loop."""
    return asyncio.run(_crowd(base, viewers, seconds, marker))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viewers", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--voila", type=int, default=10)
    parser.add_argument("--clients", type=int, default=4,
                        help="client processes the viewers are spread over")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    import psutil

    home = Path(tempfile.mkdtemp(prefix="h4og-load-"))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("H4OG_", "VOILA_"))}
    env.update(H4OG_OFFLINE="1", H4OG_DATA_DIR=str(home / "data"),
               H4OG_CACHE_DIR=str(home / "cache"))
    log = (home / "server.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "h4og_kit.cli", "serve", "--demo", "--port",
                                str(port)], cwd=home, env=env, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{base}/showcase.json", timeout=5).read()
                break
            except OSError:
                time.sleep(0.5)
        time.sleep(5)  # the preheated kernels start
        server = _server_pid(process.pid)
        rss0, kernels0, cpu0 = _tree_rss(server)
        peak = [psutil.Process(server).memory_info().rss]

        from concurrent.futures import ProcessPoolExecutor

        from h4og_kit.registry import Registry

        marker = {"title": f"Benchmark project {int(time.time())}",
                  "at": time.time() + min(10.0, args.seconds / 3)}
        shares = [args.viewers // args.clients + (i < args.viewers % args.clients)
                  for i in range(args.clients)]
        with ProcessPoolExecutor(args.clients) as pool:
            futures = [pool.submit(_client, base, n, args.seconds, marker) for n in shares if n]
            while time.time() < marker["at"]:
                peak.append(psutil.Process(server).memory_info().rss)
                time.sleep(0.25)
            with Registry(f"sqlite:///{home / 'data' / 'demo-registry.sqlite3'}") as reg:
                reg.register("project", {"title": marker["title"]})
            while not all(f.done() for f in futures):
                peak.append(psutil.Process(server).memory_info().rss)
                time.sleep(0.5)
            parts = [f.result() for f in futures]
        crowd = {key: sum((p[key] for p in parts), [] if key != "errors" else 0)
                 for key in ("latencies", "first", "errors", "reached")}
        _, _, cpu1 = _tree_rss(server)
        lat = sorted(crowd["latencies"]) or [0.0]
        first = sorted(crowd["first"]) or [0.0]
        public_rss = max(peak)
        reached = sum(1 for r in crowd["reached"] if r <= 15) / max(args.viewers, 1)
        # Voila: viewers open the Voila showcase one after the other (each gets a kernel)
        voila_times = []
        for _ in range(args.voila):
            start = time.monotonic()
            try:
                urllib.request.urlopen(f"{base}/voila/render/showcase.ipynb", timeout=120).read()
                voila_times.append(time.monotonic() - start)
            except OSError:
                break
        time.sleep(3)
        rss2, kernels2, _ = _tree_rss(server)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
    voila_per_viewer = max(rss2 - rss0, 1) / max(len(voila_times), 1)
    public_per_gb = args.viewers / (public_rss / 1e9)
    voila_per_gb = 1e9 / voila_per_viewer
    figures = {
        "public_viewers": args.viewers,
        "public_first_page_p50_ms": round(statistics.median(first) * 1000, 1),
        "public_first_page_p95_ms": round(first[max(int(len(first) * 0.95) - 1, 0)] * 1000, 1),
        "public_polls": len(crowd["latencies"]),
        "public_poll_p50_ms": round(statistics.median(lat) * 1000, 1),
        "public_poll_p95_ms": round(lat[max(int(len(lat) * 0.95) - 1, 0)] * 1000, 1),
        "public_errors": crowd["errors"], "public_cpu_s": round(cpu1 - cpu0, 1),
        "public_peak_rss_mb": round(public_rss / 1e6), "reached_within_15s": round(reached, 3),
        "voila_viewers": len(voila_times), "voila_kernels": kernels2 - kernels0,
        "voila_rss_mb": round(rss2 / 1e6), "voila_mb_per_viewer": round(voila_per_viewer / 1e6),
        "public_viewers_per_gb": round(public_per_gb), "voila_viewers_per_gb": round(voila_per_gb, 1),
        "viewers_per_gb_public_vs_voila": round(public_per_gb / voila_per_gb, 1),
    }
    print(f"{'figure':32} value")
    for name, value in figures.items():
        print(f"{name:32} {value}")
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
