"""A SYNTHETIC Met-style API on loopback, for mechanics only: paging, concurrency, faults, latency.

Its objects are generated ("Synthetic object 17"), never presented as real data; parsing of real
Met responses is tested on the recorded samples. The server answers
``/search?q=...`` with ``{"total": N, "objectIDs": [1..N]}`` and ``/objects/<id>`` with a
Met-shaped object; ``gone`` ids are listed by the search but answer HTTP 404, like objects
withdrawn since the search index was built. It can add latency to every request and inject faults
at a given rate: HTTP 429 (with ``Retry-After: 0``), HTTP 500, a connection reset or a truncated
body; and it can stop serving after ``fail_after`` answers (HTTP 403 by default, which is not
retried).
"""

from __future__ import annotations

import json
import random
import socket
import struct
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self
from urllib.parse import urlsplit


def synthetic_object(object_id: int) -> dict:
    return {
        "objectID": object_id,
        "title": f"Synthetic object {object_id}",
        "artistDisplayName": "Synthetic maker",
        "objectDate": "1890",
        "objectBeginDate": 1890,
        "objectEndDate": 1890,
        "objectName": "Test fixture",
        "isPublicDomain": object_id % 2 == 0,
        "primaryImage": "",
        "primaryImageSmall": "",
        "objectURL": f"http://127.0.0.1/synthetic/{object_id}",
        "rightsAndReproduction": "",
    }


class SyntheticMet:
    """Run the server in a thread; use as a context manager. ``url`` is its base URL."""

    def __init__(self, objects: int = 100, latency: float = 0.0, fault_rate: float = 0.0,
                 faults: tuple[str, ...] = ("429", "500", "reset"), seed: int = 7,
                 fail_after: int | None = None, fail_status: str = "403",
                 gone: tuple[int, ...] = ()):
        self.objects = objects
        self.gone = frozenset(gone)
        self.latency = latency
        self.fault_rate = fault_rate
        self.faults = faults
        self.fail_after = fail_after
        self.fail_status = fail_status
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.hits: Counter[str] = Counter()
        self.served: Counter[str] = Counter()
        self.injected: Counter[str] = Counter()
        self.in_flight = 0
        self.max_in_flight = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out at once, as real servers do

            def log_message(self, *args):  # keep test output clean
                pass

            def do_GET(self):
                owner._handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _fault(self) -> str | None:
        with self.lock:
            if self.fail_after is not None and sum(self.served.values()) >= self.fail_after:
                return self.fail_status
            if self.fault_rate and self.random.random() < self.fault_rate:
                return self.random.choice(self.faults)
        return None

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        path = urlsplit(handler.path).path
        with self.lock:
            self.hits[path] += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.latency:
                time.sleep(self.latency)
            fault = self._fault()
            if fault:
                with self.lock:
                    self.injected[fault] += 1
                return self._inject(handler, fault)
            status, body = self._answer(handler.path)
            with self.lock:
                self.served[path] += 1
            self._send(handler, status, body)
        finally:
            with self.lock:
                self.in_flight -= 1

    def _answer(self, raw_path: str) -> tuple[int, dict]:
        parts = urlsplit(raw_path)
        path = parts.path.rstrip("/")
        if path.endswith("/search"):
            return 200, {"total": self.objects, "objectIDs": list(range(1, self.objects + 1))}
        if "/objects/" in path:
            try:
                object_id = int(path.rsplit("/", 1)[1])
            except ValueError:
                return 400, {"message": "could not parse objectID"}
            if 1 <= object_id <= self.objects and object_id not in self.gone:
                return 200, synthetic_object(object_id)
            return 404, {"message": "ObjectID not found"}
        return 404, {"message": "Not a synthetic endpoint"}

    @staticmethod
    def _send(handler, status: int, body: dict, headers: dict | None = None) -> None:
        data = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            handler.send_header(k, v)
        handler.end_headers()
        handler.wfile.write(data)

    def _inject(self, handler, fault: str) -> None:
        if fault == "429":
            self._send(handler, 429, {"message": "synthetic rate limit"}, {"Retry-After": "0"})
        elif fault in ("500", "403"):
            self._send(handler, int(fault), {"message": f"synthetic error {fault}"})
        elif fault == "reset":
            # SO_LINGER 0 makes close() send RST: the client sees "connection reset by peer".
            handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            handler.close_connection = True
            handler.connection.close()
        elif fault == "truncate":
            data = b'{"objectID": 1, "title": "cut sho'
            handler.send_response(200)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data) + 100))
            handler.end_headers()
            handler.wfile.write(data)
            handler.close_connection = True
            handler.connection.shutdown(socket.SHUT_RDWR)


if __name__ == "__main__":  # serve in a process of its own (benchmarks): prints the URL, then serves
    import argparse
    import sys

    parser = argparse.ArgumentParser(description="SYNTHETIC Met-style API on loopback")
    parser.add_argument("--objects", type=int, default=500)
    parser.add_argument("--latency", type=float, default=0.1)
    cli = parser.parse_args()
    with SyntheticMet(objects=cli.objects, latency=cli.latency) as running:
        print(running.url, flush=True)
        sys.stdin.read()  # until the parent closes our stdin
