"""A cache of whole result pages, parsed, beside the HTTP cache: re-runs that skip even the parsing.

Used by the base class of the sources (:mod:`h4og_kit.sources.base`), which asks it before each
page of a search.

One page of The Met's results takes 80 HTTP requests; answering its re-run from the HTTP cache
still costs 80 look-ups and 80 parses. This cache keeps the finished page (its records, the
server's total and the next cursor) under a key made of everything that shaped it, with the same
expiry as the source's HTTP cache. It lives in ``<cache dir>/pages.sqlite`` and is cleared with it.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from h4og_kit import __version__

_lock = threading.Lock()


def page_key(*parts: Any) -> str:
    """A stable key for a page from JSON-able parts (source, endpoint, query, filters, cursor...)."""
    text = json.dumps([__version__, *parts], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


class PageCache:
    """Pickled pages in one SQLite table, with an expiry per row."""

    def __init__(self, folder: Path):
        self.path = Path(folder) / "pages.sqlite"

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _lock:
            db = sqlite3.connect(self.path, timeout=30)
            try:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=OFF")
                db.execute(
                    "CREATE TABLE IF NOT EXISTS pages (key TEXT PRIMARY KEY, expires REAL, page BLOB)"
                )
                with db:
                    yield db
            finally:
                db.close()

    def get(self, key: str) -> Any | None:
        if not self.path.exists():
            return None
        with self._db() as db:
            row = db.execute("SELECT expires, page FROM pages WHERE key = ?", (key,)).fetchone()
        if row is None or row[0] < time.time():
            return None
        return pickle.loads(row[1])

    def put(self, key: str, page: Any, expire_after: float) -> None:
        blob = pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL)
        with self._db() as db:
            db.execute(
                "INSERT OR REPLACE INTO pages VALUES (?, ?, ?)", (key, time.time() + expire_after, blob)
            )
