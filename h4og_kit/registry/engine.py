"""The registry's database: the engine with the kit's pragmas, and the one way to run a transaction.

SQLite by default, PostgreSQL for shared deployments (SQLAlchemy 2). All writes are serialized:
SQLite takes its write lock at the start of the transaction (``BEGIN IMMEDIATE``, WAL mode, a
30 s busy timeout, retries on ``database is locked``); PostgreSQL takes a transaction-level
advisory lock. This keeps the activity sequence in commit order, which is what makes
``changes_since`` exact. A wrong token is answered after the transaction, with the throttle's
delay (see :mod:`h4og_kit.registry.access`), so its wait holds up no other writer.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Self, TypeVar

from sqlalchemy import Connection, create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.pool import StaticPool

from h4og_kit.i18n import gettext as _
from h4og_kit.registry.access import THROTTLE, WrongToken
from h4og_kit.registry.errors import RegistryBusy, RegistryError

T = TypeVar("T")

#: Key of the PostgreSQL advisory lock that serializes registry writes ("H4OG").
_PG_LOCK_KEY = 0x48344F47
_BUSY_RETRIES = 8
_PG_LOCK = text("SELECT pg_advisory_xact_lock(:key)")


def default_url() -> str:
    """``H4OG_REGISTRY_URL``, else a SQLite file ``registry.sqlite3`` in the kit's data directory."""
    from h4og_kit.config import settings

    config = settings()
    if config.registry_url:
        return config.registry_url
    return f"sqlite:///{config.data_dir / 'registry.sqlite3'}"


def normalize_url(url: str) -> str:
    """``postgres://`` and ``postgresql://`` URLs use the psycopg (3) driver the kit installs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class MissingDriver(RegistryError, ImportError):
    """The Python driver of the registry's database is not installed (for PostgreSQL: psycopg).

    Its message is one line that says what to install; the ``h4og`` command prints it as it is.
    """


def require_driver(url: str) -> None:
    """Raise :class:`MissingDriver` unless the driver of ``url``'s database can be imported.

    Nothing connects: ``h4og serve`` calls it before starting the server, whose registry is
    opened in another process.
    """
    parsed = make_url(normalize_url(url))
    if parsed.get_backend_name() == "sqlite":
        return  # in Python's standard library
    try:
        parsed.get_dialect().import_dbapi()
    except ImportError as exc:
        raise _missing_driver(parsed.get_backend_name(), exc) from None


def _missing_driver(backend: str, exc: ImportError) -> MissingDriver:
    if backend == "postgresql":
        return MissingDriver(_("A PostgreSQL registry needs the psycopg driver, which is not "
                               "installed: run pip install 'h4og-kit[postgres]'."))
    return MissingDriver(_("The driver of this registry's database is not installed ({problem}).")
                         .format(problem=exc))


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        try:
            return create_engine(url)  # dropped connections are retried in Registry._run
        except ImportError as exc:  # one line that says what to install, not a traceback
            raise _missing_driver(parsed.get_backend_name(), exc) from None
    memory = parsed.database in (None, "", ":memory:")
    if not memory:
        _create_private_file(Path(parsed.database).expanduser())
    engine = create_engine(
        url,
        connect_args={"timeout": 30, "check_same_thread": False},
        **({"poolclass": StaticPool} if memory else {}),
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 30000")
        if not memory:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
            # searches scan the table: keep it in this connection's cache, read it through mmap
            cursor.execute("PRAGMA cache_size = -65536")
            cursor.execute("PRAGMA mmap_size = 268435456")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        write = conn.get_execution_options().get("h4og_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _create_private_file(path: Path) -> None:
    """Create the SQLite file readable by its owner only (0600) unless it exists; SQLite gives
    its -wal and -shm files the same permissions. A new folder for it is private (0700) too."""
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass


def _is_busy(exc: OperationalError) -> bool:
    message = str(exc.orig).lower()
    return "database is locked" in message or "database is busy" in message


class Database:
    """The registry's engine (``url``: SQLAlchemy URL, default :func:`default_url`) and its
    transactions."""

    def __init__(self, url: str | None = None):
        self.url = normalize_url(url or default_url())
        self.engine = make_engine(self.url)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({make_url(self.url).render_as_string(hide_password=True)!r})"

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def run_write(self, work: Callable[[Connection], T]) -> T:
        """Run ``work(conn)`` in one serialized write transaction, retrying while SQLite is busy."""
        return self._run(work, write=True)

    def run_read(self, work: Callable[[Connection], T]) -> T:
        return self._run(work, write=False)

    def _run(self, work: Callable[[Connection], T], *, write: bool) -> T:
        """One transaction, retried on a dropped connection (a restarted server) and, for writes,
        while another process holds SQLite's write lock beyond the busy timeout."""
        for attempt in range(_BUSY_RETRIES + 1):
            working = False
            try:
                with self.engine.connect() as conn:
                    conn.execution_options(h4og_write=write)
                    with conn.begin():
                        if write and self.is_postgres:
                            conn.execute(_PG_LOCK, {"key": _PG_LOCK_KEY})
                        working = True
                        return work(conn)
            except WrongToken:
                THROTTLE.failed()  # after the transaction: the wait holds up no other writer
                raise
            except DBAPIError as exc:
                # a stale pooled connection: safe to retry before any write was sent
                if exc.connection_invalidated and attempt == 0 and not (write and working):
                    continue
                if not (isinstance(exc, OperationalError) and _is_busy(exc)):
                    raise
                if attempt == _BUSY_RETRIES:
                    raise RegistryBusy(
                        "the registry database stayed locked by other writers; try again"
                    ) from exc
                time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
        raise AssertionError("unreachable")
