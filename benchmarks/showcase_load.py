"""What a crowd of viewers costs: the kernel-free public showcase against the Voila showcase.

One ``h4og serve --demo`` on loopback (offline), side by side in one run:

- **Public page**: ``--viewers`` simulated viewers (default 1,000) arriving in a burst (all of them
  within ``--ramp`` seconds, default 1: a live stream's crowd of 1,000 arriving in one second;
  ``--ramp 0.25`` is the pace of the earlier runs, four times that), each loading ``/`` and then
  polling ``/showcase.json`` every 5 s with its ETag, for ``--seconds``. A registration is made early on;
  counted: the share of viewers that saw it within 15 s. Reported: p50/p95 latency of the first
  page and of the polls, errors, the server's CPU seconds and peak resident memory, the clients'
  own CPU seconds (they run on the same machine, so their CPU counts in the latencies), and the
  kernel's count of connections it dropped or made wait because the server's listen queue was
  full during the run (``/proc/net/netstat``, for the whole machine: a dropped connection is
  retried by the client's TCP after a second). The burst starts once the server and its
  preheated kernels are quiet; the machine's load average before and after it is printed, since
  other work on the machine shows in the latencies too.
- **Voila showcase**: viewers open ``/voila/render/showcase.ipynb`` in bursts of ``--voila`` at
  once (default 20) until the server answers one of them "busy" (HTTP 503 with ``Retry-After``:
  its kernel cap, ``--max-kernels``, default 8, handed to the server as ``H4OG_MAX_KERNELS``, or
  its line of pages waiting to be prepared), or at most ``--voila-bursts`` bursts (default 1)
  where the server has no cap. Reported: pages served (200, fully read), busy answers, errors,
  the kernels running afterwards and how many the run started, the resident memory of the server
  and its kernels, and per viewer served. Simulated viewers do not open the page's kernel
  websocket as a browser does, so the server's clean-up of closed pages
  (``H4OG_CLOSED_PAGE_SECONDS``) is put off for the run: it would end their kernels.

Each viewer is a real HTTP/1.1 client (:class:`Connection`, raw asyncio streams: one keep-alive
connection per viewer, ``Accept-Encoding: gzip`` as browsers send it, the whole body read and
decoded, the status checked); any failure counts as an error. The registry is the DEMO registry
(16 entries). Prints a table, the same figures as a markdown table (public page against Voila)
and, with ``--json``, one JSON object of the figures, including the viewers served per GB.

    python benchmarks/showcase_load.py [--viewers 1000] [--ramp 1] [--seconds 40]
        [--clients 1] [--voila 20] [--voila-bursts 1] [--max-kernels 8] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import random
import resource
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
#: Seconds a viewer waits for an answer before counting an error.
TIMEOUT = 60.0
#: What a browser sends with a page request (the parts a server may look at).
BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
           "Accept-Encoding": "gzip, deflate, br", "User-Agent": "h4og-showcase-load/2"}


class HTTPError(Exception):
    """A broken answer: the connection closed early, a malformed line, a truncated body."""


class Connection:
    """One HTTP/1.1 client connection on asyncio streams, kept alive between requests as a
    browser keeps it. :meth:`get` sends a request and reads the whole answer (Content-Length,
    chunked, or until close), gunzipped when it came gzipped. A keep-alive connection the server
    has closed meanwhile is opened again once, as browsers do; nothing else is retried."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str, headers: dict[str, str] | None = None
                  ) -> tuple[int, dict[str, str], bytes]:
        """``(status, headers with lower-case names, body)`` of ``GET path``."""
        lines = [f"GET {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        while True:
            reused = self.writer is not None
            if not reused:
                self.reader, self.writer = await asyncio.open_connection(
                    self.host, self.port, limit=2 ** 20)
            try:
                self.writer.write(request)
                head = await self.reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, ConnectionResetError, BrokenPipeError) as exc:
                self.close()
                if reused and not getattr(exc, "partial", b""):
                    continue  # the server closed it while idle: once more on a new connection
                raise HTTPError("closed before the answer") from exc
            return await self._answer(head)

    async def _answer(self, head: bytes) -> tuple[int, dict[str, str], bytes]:
        status_line, *lines = head.decode("latin-1").split("\r\n")
        parts = status_line.split(None, 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
            self.close()
            raise HTTPError(f"bad status line {status_line[:80]!r}")
        status = int(parts[1])
        headers: dict[str, str] = {}
        for line in lines:
            if line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
        reader = self.reader
        if status in (204, 304) or 100 <= status < 200:
            body = b""
        elif "chunked" in headers.get("transfer-encoding", "").lower():
            chunks = []
            while True:
                size = int((await reader.readline()).split(b";")[0].strip() or b"x", 16)
                if size == 0:
                    while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    break
                chunks.append(await reader.readexactly(size))
                await reader.readexactly(2)
            body = b"".join(chunks)
        elif "content-length" in headers:
            body = await reader.readexactly(int(headers["content-length"]))
        else:
            body = await reader.read()
            headers["connection"] = "close"
        if headers.get("connection", "").lower() == "close":
            self.close()
        if headers.get("content-encoding", "").lower() == "gzip":
            body = gzip.decompress(body)
        return status, headers, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tree(pid: int) -> tuple[int, int, float]:
    """Resident bytes of the process ``pid`` and its children, how many of the children are
    kernels, CPU seconds of ``pid`` itself."""
    import psutil

    proc = psutil.Process(pid)
    rss, kernels = proc.memory_info().rss, 0
    for child in proc.children(recursive=True):
        try:
            rss += child.memory_info().rss
            kernels += any("ipykernel" in part for part in child.cmdline())
        except psutil.Error:  # ended meanwhile
            pass
    times = proc.cpu_times()
    return rss, kernels, times.user + times.system


def _server_pid(root: int) -> int:
    """The Voila server: the python child of ``h4og serve``."""
    import psutil

    children = psutil.Process(root).children()
    return children[0].pid if children else root


def _settle(pid: int, limit: float = 180.0) -> float:
    """Wait until the server and its kernels are quiet (under a tenth of a CPU for two seconds
    running: the preheated kernels have run their notebooks), at most ``limit`` seconds; the
    seconds waited."""
    import psutil

    def cpu() -> float:
        total = 0.0
        for proc in [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]:
            try:
                times = proc.cpu_times()
                total += times.user + times.system
            except psutil.Error:
                pass
        return total

    start, quiet, last = time.monotonic(), 0, cpu()
    while quiet < 2 and time.monotonic() - start < limit:
        time.sleep(1.0)
        now = cpu()
        quiet, last = (quiet + 1 if now - last < 0.1 else 0), now
    return round(time.monotonic() - start, 1)


def _listen_queue_full() -> int:
    """The machine's count of connections dropped because a listen queue was full."""
    try:
        rows = Path("/proc/net/netstat").read_text().splitlines()
    except OSError:
        return 0
    for names, values in zip(rows[::2], rows[1::2]):
        if names.startswith("TcpExt:"):
            table = dict(zip(names.split()[1:], values.split()[1:]))
            return int(table.get("ListenOverflows", 0)) + int(table.get("ListenDrops", 0))
    return 0


async def _viewer(port: int, delay: float, until: float, marker: dict, out: dict) -> None:
    await asyncio.sleep(delay)
    conn = Connection("127.0.0.1", port)
    start = time.monotonic()
    try:
        status, _, body = await asyncio.wait_for(conn.get("/", BROWSER), TIMEOUT)
        if status != 200 or not body.rstrip().endswith(b"</html>"):
            raise HTTPError(f"first page: {status}, {len(body)} bytes")
        out["first"].append(time.monotonic() - start)
    except Exception:  # noqa: BLE001 - any failure is an error of the run
        out["errors"] += 1
        conn.close()
        return
    etag, seen = "", False
    await asyncio.sleep(random.uniform(0, POLL_SECONDS))  # viewers do not poll in step
    while time.monotonic() < until:
        start = time.monotonic()
        headers = {"Accept": "*/*", "Accept-Encoding": BROWSER["Accept-Encoding"]}
        if etag:
            headers["If-None-Match"] = etag
        try:
            status, answer, body = await asyncio.wait_for(conn.get("/showcase.json", headers),
                                                          TIMEOUT)
            if status == 200:
                json.loads(body)  # as the page's script reads it
                etag = answer.get("etag", "")
                if not seen and marker["title"].encode() in body:
                    seen = True
                    out["reached"].append(time.time() - marker["at"])
            elif status != 304:
                raise HTTPError(f"poll: {status}")
            out["latencies"].append(time.monotonic() - start)
        except Exception:  # noqa: BLE001 - any failure is an error of the run
            out["errors"] += 1
            conn.close()
        await asyncio.sleep(POLL_SECONDS)
    conn.close()


async def _crowd(port: int, delays: list[float], seconds: float, marker: dict) -> dict:
    out: dict = {"latencies": [], "first": [], "errors": 0, "reached": []}
    until = time.monotonic() + seconds
    await asyncio.gather(*(_viewer(port, d, until, marker, out) for d in delays))
    return out


def _client(port: int, delays: list[float], seconds: float, marker: dict,
            start_at: float) -> dict:
    """One client process: its viewers on one event loop, the first arriving at ``start_at``
    (wall clock, shared by every client process)."""
    time.sleep(max(0.0, start_at - time.time()))
    out = asyncio.run(_crowd(port, delays, seconds, marker))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    out["cpu"] = usage.ru_utime + usage.ru_stime
    return out


async def _voila_page(port: int, timeout: float) -> tuple[str, float]:
    """One viewer of the Voila showcase: "served" (200, the whole page read), "busy" (503 with
    ``Retry-After``) or "error", and the seconds it took."""
    conn = Connection("127.0.0.1", port)
    start = time.monotonic()
    try:
        status, headers, body = await asyncio.wait_for(
            conn.get("/voila/render/showcase.ipynb", BROWSER), timeout)
    except Exception:  # noqa: BLE001 - any failure is an error of the run
        return "error", time.monotonic() - start
    finally:
        conn.close()
    if status == 200 and body.rstrip().endswith(b"</html>"):
        return "served", time.monotonic() - start
    if status == 503 and "retry-after" in headers:
        return "busy", time.monotonic() - start
    return "error", time.monotonic() - start


async def _voila_burst(port: int, viewers: int, timeout: float, server: int,
                       peak: list[int]) -> list[tuple[str, float]]:
    """``viewers`` Voila pages asked for at once, sampling the resident memory of the server and
    its kernels into ``peak`` meanwhile."""

    async def sample() -> None:
        while True:
            peak.append(_tree(server)[0])
            await asyncio.sleep(1.0)

    sampler = asyncio.ensure_future(sample())
    try:
        return list(await asyncio.gather(*(_voila_page(port, timeout) for _ in range(viewers))))
    finally:
        sampler.cancel()


def _ms(values: list[float], share: float) -> float:
    """The ``share`` quantile of ``values`` in milliseconds (nearest rank)."""
    ordered = sorted(values) or [0.0]
    if share == 0.5:
        return round(statistics.median(ordered) * 1000, 1)
    return round(ordered[max(int(len(ordered) * share + 0.5) - 1, 0)] * 1000, 1)


def _markdown(f: dict) -> str:
    """The figures as a markdown table: the public page against the Voila showcase."""
    first = f"{f['public_first_page_p50_ms']:,} / {f['public_first_page_p95_ms']:,} ms"
    voila = f"{f['voila_page_p50_ms']:,} / {f['voila_page_p95_ms']:,} ms"
    polls = (f"{f['public_poll_p50_ms']:,} / {f['public_poll_p95_ms']:,} ms "
             f"({f['public_polls']:,} polls)")
    rows = [
        ("Viewers asked for", f"{f['public_viewers']:,} (within {f['public_ramp_s']} s)",
         f"{f['voila_asked']:,} (cap {f['voila_max_kernels']})"),
        ("Pages served", f"{f['public_viewers'] - f['public_first_page_errors']:,}",
         f"{f['voila_viewers']:,}"),
        ("Busy answers (503)", "0", f"{f['voila_busy']:,}"),
        ("Errors", f"{f['public_errors']:,}", f"{f['voila_errors']:,}"),
        ("Page p50 / p95", first, voila),
        ("Live-update polls p50 / p95", polls, "none (a kernel per page)"),
        ("A change reaches viewers within 15 s", f"{f['reached_within_15s']:.1%}", ""),
        ("Kernels started", "0", f"{f['voila_kernels']:,}"),
        ("Resident memory", f"{f['public_peak_rss_mb']:,} MB (server, peak)",
         f"{f['voila_rss_mb']:,} MB (server and kernels)"),
        ("Memory per viewer", f"{f['public_kb_per_viewer']:,} kB (server / viewers)",
         f"{f['voila_mb_per_viewer']:,} MB (growth / pages)"),
        ("Viewers per GB", f"{f['public_viewers_per_gb']:,}", f"{f['voila_viewers_per_gb']:,}"),
        ("Viewers per GB, public / Voila", f"{f['viewers_per_gb_public_vs_voila']:,} x", ""),
    ]
    lines = ["| Figure | Public page | Voila showcase |", "|---|---:|---:|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viewers", type=int, default=1000)
    parser.add_argument("--ramp", type=float, default=1.0,
                        help="seconds within which all the public page's viewers arrive")
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--clients", type=int, default=1,
                        help="client processes the viewers are spread over")
    parser.add_argument("--voila", type=int, default=20, help="Voila viewers per burst")
    parser.add_argument("--voila-bursts", type=int, default=1,
                        help="the most Voila bursts (a busy answer ends them sooner)")
    parser.add_argument("--voila-timeout", type=float, default=300.0,
                        help="seconds a Voila viewer waits for its page")
    parser.add_argument("--max-kernels", type=int, default=8,
                        help="the server's kernel cap (H4OG_MAX_KERNELS)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    import psutil

    home = Path(tempfile.mkdtemp(prefix="h4og-load-"))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("H4OG_", "VOILA_"))}
    env.update(H4OG_OFFLINE="1", H4OG_DATA_DIR=str(home / "data"),
               H4OG_CACHE_DIR=str(home / "cache"), H4OG_MAX_KERNELS=str(args.max_kernels),
               H4OG_CLOSED_PAGE_SECONDS="3600")
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
        server = _server_pid(process.pid)
        settled = _settle(server)  # the preheated kernels start and run their notebooks
        load0 = os.getloadavg()[0]
        _, _, cpu0 = _tree(server)
        peak = [psutil.Process(server).memory_info().rss]
        queue0 = _listen_queue_full()

        from concurrent.futures import ProcessPoolExecutor

        from h4og_kit.registry import Registry

        start_at = time.time() + 2.0  # every client process started and ready
        marker = {"title": f"Benchmark project {int(time.time())}",
                  "at": start_at + min(10.0, args.seconds / 3)}
        delays = [args.ramp * i / max(args.viewers - 1, 1) for i in range(args.viewers)]
        random.shuffle(delays)
        clients = max(1, min(args.clients, args.viewers))
        with ProcessPoolExecutor(clients) as pool:
            futures = [pool.submit(_client, port, delays[i::clients], args.seconds, marker,
                                   start_at) for i in range(clients)]
            while time.time() < marker["at"]:
                peak.append(psutil.Process(server).memory_info().rss)
                time.sleep(0.25)
            with Registry(f"sqlite:///{home / 'data' / 'demo-registry.sqlite3'}") as reg:
                reg.register("project", {"title": marker["title"]})
            while not all(f.done() for f in futures):
                peak.append(psutil.Process(server).memory_info().rss)
                time.sleep(0.5)
            parts = [f.result() for f in futures]
        crowd = {key: sum((p[key] for p in parts), [] if key not in ("errors", "cpu") else 0)
                 for key in ("latencies", "first", "errors", "reached", "cpu")}
        _, _, cpu1 = _tree(server)
        queue_full = _listen_queue_full() - queue0
        load1 = os.getloadavg()[0]
        public_rss = max(peak)
        reached = sum(1 for r in crowd["reached"] if r <= 15) / max(args.viewers, 1)

        # Voila: bursts of viewers, until the server answers busy (its kernel cap)
        time.sleep(3)
        rss0, kernels0, _ = _tree(server)
        outcomes: list[str] = []
        voila_times: list[float] = []
        voila_peak = [rss0]
        for _ in range(max(args.voila_bursts, 0)):
            burst = asyncio.run(_voila_burst(port, args.voila, args.voila_timeout, server,
                                             voila_peak))
            outcomes += [outcome for outcome, _ in burst]
            voila_times += [seconds for outcome, seconds in burst if outcome == "served"]
            if any(outcome != "served" for outcome, _ in burst):
                break  # the cap is hit (or something broke): no more viewers
        time.sleep(3)
        rss2, kernels2, _ = _tree(server)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
    served = outcomes.count("served")
    first_errors = args.viewers - len(crowd["first"])
    voila_per_viewer = max(rss2 - rss0, 1) / max(served, 1)
    public_per_gb = len(crowd["first"]) / (public_rss / 1e9)
    voila_per_gb = 1e9 / voila_per_viewer if served else 0.0
    figures = {
        "public_viewers": args.viewers, "public_ramp_s": args.ramp,
        "public_first_page_p50_ms": _ms(crowd["first"], 0.5),
        "public_first_page_p95_ms": _ms(crowd["first"], 0.95),
        "public_first_page_errors": first_errors,
        "public_polls": len(crowd["latencies"]),
        "public_poll_p50_ms": _ms(crowd["latencies"], 0.5),
        "public_poll_p95_ms": _ms(crowd["latencies"], 0.95),
        "public_errors": crowd["errors"], "public_cpu_s": round(cpu1 - cpu0, 1),
        "client_cpu_s": round(crowd["cpu"], 1), "client_processes": clients,
        "listen_queue_full": queue_full, "server_settled_s": settled,
        "machine_load_before": round(load0, 1), "machine_load_after": round(load1, 1),
        "public_peak_rss_mb": round(public_rss / 1e6),
        "public_kb_per_viewer": round(public_rss / 1e3 / max(len(crowd["first"]), 1)),
        "reached_within_15s": round(reached, 3),
        "voila_asked": len(outcomes), "voila_viewers": served,
        "voila_busy": outcomes.count("busy"), "voila_errors": outcomes.count("error"),
        "voila_max_kernels": args.max_kernels,
        "voila_page_p50_ms": _ms(voila_times, 0.5), "voila_page_p95_ms": _ms(voila_times, 0.95),
        "voila_kernels_running": kernels2, "voila_kernels": kernels2 - kernels0,
        "voila_rss_mb": round(rss2 / 1e6), "voila_peak_rss_mb": round(max(*voila_peak, rss2) / 1e6),
        "voila_mb_per_viewer": round(voila_per_viewer / 1e6) if served else 0,
        "public_viewers_per_gb": round(public_per_gb),
        "voila_viewers_per_gb": round(voila_per_gb, 1),
        "viewers_per_gb_public_vs_voila": round(public_per_gb / voila_per_gb, 1)
        if voila_per_gb else 0.0,
    }
    print(f"{'figure':32} value")
    for name, value in figures.items():
        print(f"{name:32} {value}")
    print()
    print(_markdown(figures))
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
