"""A throwaway PostgreSQL server on loopback, for tests and benchmarks of the registry.

``with throwaway_postgres() as url:`` runs ``initdb`` and ``pg_ctl`` (Debian's postgresql package
puts them on PATH or under /usr/lib/postgresql/<version>/bin) in a temporary folder, listens only
on 127.0.0.1 at a free port, yields a ``postgresql+psycopg://`` URL and removes everything on exit.

PostgreSQL refuses to run as root. When this process is root (as in CI containers), the server
runs as the ``postgres`` system user (created by the Debian package) through ``runuser``, or
``su`` where runuser is missing; the temporary folder is handed to that user. Missing programs or a
missing ``postgres`` user raise :class:`PostgresUnavailable` with what to install: a test that
needs PostgreSQL fails loudly rather than skipping.
"""

from __future__ import annotations

import glob
import os
import shlex
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SERVER_USER = "postgres"
DB_USER = "h4og"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server could be started here."""


def find_program(name: str) -> str:
    """The path of ``initdb``/``pg_ctl``: PATH first, then Debian's versioned folders."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    if candidates:
        return candidates[0]
    raise PostgresUnavailable(
        f"{name} was not found on PATH nor in /usr/lib/postgresql/*/bin: install PostgreSQL "
        "(Debian: apt-get install postgresql) to run the PostgreSQL tests and benchmarks"
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_server_user(argv: list[str]) -> list[str]:
    """``argv`` run as the unprivileged server user when we are root, else unchanged."""
    if os.geteuid() != 0:
        return argv
    try:
        import pwd

        pwd.getpwnam(SERVER_USER)
    except KeyError:
        raise PostgresUnavailable(
            f"running as root, PostgreSQL needs an unprivileged user, and there is no "
            f"{SERVER_USER!r} user: install Debian's postgresql package (which creates it) or "
            f"run `useradd --system {SERVER_USER}`"
        ) from None
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", SERVER_USER, "--", *argv]
    return ["su", SERVER_USER, "-s", "/bin/sh", "-c", shlex.join(argv)]


def _run(argv: list[str], what: str) -> None:
    result = subprocess.run(
        _as_server_user(argv), capture_output=True, text=True, timeout=120, env=_server_env(),
        check=False,
    )
    if result.returncode != 0:
        raise PostgresUnavailable(
            f"{what} failed (exit {result.returncode}): {result.stderr.strip() or result.stdout.strip()}"
        )


def _server_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update(LC_ALL="C", LANG="C")
    return env


def _wait_ready(port: int, timeout: float) -> None:
    import psycopg

    deadline = time.monotonic() + timeout
    while True:
        try:
            psycopg.connect(
                host="127.0.0.1", port=port, user=DB_USER, dbname="postgres", connect_timeout=2
            ).close()
            return
        except psycopg.OperationalError as exc:
            if time.monotonic() > deadline:
                raise PostgresUnavailable(f"the PostgreSQL server did not come up: {exc}") from exc
            time.sleep(0.1)


@contextmanager
def throwaway_postgres(*, durable: bool = False, timeout: float = 60.0) -> Iterator[str]:
    """Start a private PostgreSQL server and yield its SQLAlchemy URL; stop and delete it after.

    ``durable=False`` (tests) turns off fsync for speed; benchmarks pass ``durable=True`` so
    commits are measured as a real server makes them.
    """
    initdb, pg_ctl = find_program("initdb"), find_program("pg_ctl")
    root = Path(tempfile.mkdtemp(prefix="h4og-pg-"))
    data, log = root / "data", root / "server.log"
    if os.geteuid() == 0:
        import pwd

        try:
            user = pwd.getpwnam(SERVER_USER)
        except KeyError:
            shutil.rmtree(root, ignore_errors=True)
            _as_server_user([])  # raises PostgresUnavailable with the explanation
            raise
        os.chown(root, user.pw_uid, user.pw_gid)
    port = _free_port()
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {root}"
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    started = False
    try:
        _run(
            [initdb, "-D", str(data), "-U", DB_USER, "--auth=trust", "--encoding=UTF8",
             "--locale=C", "--no-sync"],
            "initdb",
        )
        _run([pg_ctl, "-D", str(data), "-l", str(log), "-o", options, "-w", "start"], "pg_ctl start")
        started = True
        _wait_ready(port, timeout)
        yield f"postgresql+psycopg://{DB_USER}@127.0.0.1:{port}/postgres"
    except PostgresUnavailable as exc:
        details = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise PostgresUnavailable(f"{exc}\n{details}".strip()) from None
    finally:
        if started:
            subprocess.run(
                _as_server_user([pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"]),
                capture_output=True, timeout=60, env=_server_env(), check=False,
            )
        shutil.rmtree(root, ignore_errors=True)
