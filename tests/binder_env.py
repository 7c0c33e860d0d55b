"""The Binder environment for the notebook tests: a clean virtual environment installed from binder/.

It is built the way repo2docker builds the Binder image: ``pip install -r binder/requirements.txt``
run from the repository root (so its ``-e .`` line installs the kit from this checkout), with the
Python version of ``binder/runtime.txt``. Then the test runners are added: pytest and nbval, and
ipykernel, which repo2docker's base image already holds.

The environment is cached in ``.binder-venv/<key>/`` (git-ignored), where the key is a hash of the
files that decide what gets installed (``binder/*``, ``pyproject.toml`` and this module): later
runs reuse it, and only a change to those files builds a new one (and removes the old one). The
first build downloads from PyPI and takes a few minutes. A lock file keeps two test runs from
building the same environment at once.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"
CACHE = ROOT / ".binder-venv"
#: What the tests need on top of binder/requirements.txt.
TEST_RUNNERS = ("pytest>=8", "nbval>=0.11", "ipykernel")


def key() -> str:
    """A hash of everything that decides the environment's contents."""
    digest = hashlib.sha256()
    for path in sorted(BINDER.iterdir()) + [ROOT / "pyproject.toml", Path(__file__)]:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(" ".join(TEST_RUNNERS).encode())
    return digest.hexdigest()[:16]


def runtime_python() -> str:
    """An interpreter of the version binder/runtime.txt names (e.g. ``python-3.11``)."""
    wanted = (BINDER / "runtime.txt").read_text().strip().removeprefix("python-")
    if f"{sys.version_info.major}.{sys.version_info.minor}" == wanted:
        return sys.executable
    found = shutil.which(f"python{wanted}")
    if not found:
        raise RuntimeError(f"binder/runtime.txt asks for Python {wanted}, which is not installed")
    return found


def _pip(python: Path, *args: str, log: Path) -> None:
    with log.open("a", encoding="utf-8") as out:
        out.write(f"\n$ pip {' '.join(args)}\n")
        out.flush()
        subprocess.run(
            [str(python), "-m", "pip", "install", "--disable-pip-version-check", *args],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, check=True,
        )


def _build(target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    log = target.with_suffix(".log")
    log.write_text("", encoding="utf-8")
    python_exe = runtime_python()
    if python_exe == sys.executable:
        venv.EnvBuilder(with_pip=True).create(target)
    else:
        subprocess.run([python_exe, "-m", "venv", str(target)], check=True)
    python = target / "bin" / "python"
    try:
        _pip(python, "-r", "binder/requirements.txt", log=log)  # exactly what repo2docker runs
        (target / ".binder-size").write_text(str(size(target)), encoding="utf-8")
        _pip(python, *TEST_RUNNERS, log=log)
    except subprocess.CalledProcessError as exc:
        raise RuntimeError(f"installing the Binder environment failed; see {log}") from exc
    (target / ".complete").write_text(key(), encoding="utf-8")


def size(folder: Path) -> int:
    """Bytes on disk under ``folder`` (as ``du`` counts them: allocated blocks, links once)."""
    seen, total = set(), 0
    for path in folder.rglob("*"):
        info = path.lstat()
        if (info.st_dev, info.st_ino) not in seen:
            seen.add((info.st_dev, info.st_ino))
            total += info.st_blocks * 512
    return total


def binder_size(python_path: Path) -> int | None:
    """The size the environment had with binder/requirements.txt alone installed, if recorded."""
    stamp = python_path.parent.parent / ".binder-size"
    return int(stamp.read_text()) if stamp.exists() else None


def python() -> Path:
    """The Python of the Binder environment, built first if it is not cached yet."""
    CACHE.mkdir(exist_ok=True)
    target = CACHE / key()
    with open(CACHE / f"{target.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (target / ".complete").exists():
            _build(target)
            prune(CACHE, keep=target.name)
    return target / "bin" / "python"


def prune(folder: Path, keep: str) -> None:
    """Remove the environments in ``folder`` other than ``keep``, with their logs and locks."""
    for path in folder.iterdir():
        if path.name.split(".")[0] == keep:
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def clean_env(**extra: str) -> dict[str, str]:
    """The process environment without the developer's virtualenv and kit settings."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("H4OG_") and k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    env.update(extra)
    return env
