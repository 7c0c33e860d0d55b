"""The kit as a wheel: built from this checkout, installed with ``[dashboard]`` into a fresh virtual
environment, it serves ``h4og serve --demo`` from a folder that is not the checkout.

The wheel is built with ``pip wheel`` from a copy of what goes into it (``pyproject.toml``,
``README.md``, ``LICENSE`` and ``h4og_kit/``), so that nothing left in a ``build/`` folder of the
checkout can slip into it.

The environment is cached in ``build/wheel-venv/<key>/`` (git-ignored, removed by ``make clean``):
the key is a hash of what decides its dependencies (the requirements in ``pyproject.toml``, those
of the extra, the Python version), and the kit in it is rebuilt and reinstalled (``--no-deps``)
whenever one of its files changes.
The first run downloads the dependencies and takes a few minutes; later runs take seconds, plus
the kit's wheel when it changed. A lock file keeps two test runs from building at once.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
import venv
from fnmatch import fnmatch
from pathlib import Path

import pytest
from binder_env import prune
from browser_helpers import ARTIFACTS, free_port
from voila_pages import assert_dashboard_rendered, get_when_up, stop

from h4og_kit.dashboards.apps import APPS

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "wheel-venv"
EXTRA = "dashboard"
#: What goes into the wheel, relative to the repository.
WHEEL_INPUTS = ("pyproject.toml", "README.md", "LICENSE", "h4og_kit")
_LEFT_OUT = ("__pycache__", "*.pyc", "*.egg-info")  # never part of a build
FIRST_PAGE = 180  # the server starts, then a kernel runs the showcase, on a busy machine


def _files() -> list[Path]:
    """Every file the wheel is built from, in a stable order."""
    found = []
    for name in WHEEL_INPUTS:
        path = ROOT / name
        for file in [path] if path.is_file() else sorted(path.rglob("*")):
            parts = file.relative_to(ROOT).parts
            if file.is_file() and not any(fnmatch(part, pattern)
                                          for part in parts for pattern in _LEFT_OUT):
                found.append(file)
    return found


def _digest(items: list[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    for name, data in items:
        digest.update(name.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()[:16]


def env_key() -> str:
    """A hash of what decides the environment's dependencies: the kit's requirements, those of
    the extra, and the Python version."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [project["requires-python"], project["dependencies"],
              project["optional-dependencies"][EXTRA]]
    return _digest([("requirements", json.dumps(wanted).encode()), ("extra", EXTRA.encode()),
                    ("python", sys.version.encode())])


def kit_key() -> str:
    """A hash of every file the wheel is built from."""
    return _digest([(str(p.relative_to(ROOT)), p.read_bytes()) for p in _files()])


def _run(command: list, log: Path) -> None:
    with log.open("a", encoding="utf-8") as out:
        out.write(f"\n$ {' '.join(map(str, command))}\n")
        out.flush()
        done = subprocess.run([str(c) for c in command], stdout=out, stderr=subprocess.STDOUT,
                              check=False)
    if done.returncode:
        pytest.fail(f"{command[:4]} failed ({done.returncode}); see {log}")


def build_wheel(out: Path, log: Path) -> Path:
    """``pip wheel --no-deps`` of a clean copy of the kit's files; the wheel's path."""
    source = out / "source"
    for name in WHEEL_INPUTS:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns(*_LEFT_OUT))
        else:
            source.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, source / name)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check",
          "-w", out / "dist", source], log)
    (wheel,) = (out / "dist").glob("h4og_kit-*.whl")
    return wheel


def installed_python() -> Path:
    """The Python of the environment with the current kit installed, built or updated first."""
    CACHE.mkdir(parents=True, exist_ok=True)
    key = env_key()
    target = CACHE / key
    log = CACHE / f"{key}.log"
    with open(CACHE / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        python = target / "bin" / "python"
        complete, kit = target / ".complete", target / ".kit"
        wanted = kit_key()
        if complete.exists() and kit.exists() and kit.read_text() == wanted:
            return python
        log.write_text("", encoding="utf-8")
        with tempfile.TemporaryDirectory(prefix="h4og-wheel-") as tmp:
            wheel = build_wheel(Path(tmp), log)
            if not complete.exists():
                shutil.rmtree(target, ignore_errors=True)
                venv.EnvBuilder(with_pip=True).create(target)
                _run([python, "-m", "pip", "install", "--disable-pip-version-check",
                      f"{wheel}[{EXTRA}]"], log)
                complete.write_text(key, encoding="utf-8")
                prune(CACHE, keep=key)
            else:
                _run([python, "-m", "pip", "install", "--disable-pip-version-check",
                      "--no-deps", "--force-reinstall", wheel], log)
        kit.write_text(wanted, encoding="utf-8")
    return python


@pytest.fixture(scope="module")
def python() -> Path:
    return installed_python()


def clean_env(python: Path, **extra: str) -> dict[str, str]:
    """The process environment without the developer's virtualenv and kit settings, with the
    wheel's environment first on ``PATH``."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("H4OG_", "VOILA_", "JUPYTER_"))
           and k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    env["PATH"] = f"{python.parent}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env


def test_the_wheel_installs_the_dashboards_as_package_data(python, tmp_path):
    """The installed package holds the apps, voila.json and the template overrides, in the
    environment's site-packages (the checkout is nowhere on its path)."""
    script = ("import json\nfrom h4og_kit.dashboards.apps import APPS, FOLDER\n"
              "print(json.dumps({'folder': str(FOLDER), 'files': sorted(str(p.relative_to(FOLDER))"
              " for p in FOLDER.rglob('*') if p.is_file() and '__pycache__' not in p.parts)}))")
    run = subprocess.run([str(python), "-c", script], cwd=tmp_path, env=clean_env(python),
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    folder = Path(found["folder"])
    assert folder.is_relative_to(python.parent.parent)
    assert not folder.is_relative_to(ROOT / "h4og_kit")
    assert set(APPS) | {"voila.json", "server.py", "templates/lab/index.html.j2",
                        "templates/lab/page.html"} <= set(found["files"])


def test_the_wheel_speaks_every_language_of_the_kit(python, tmp_path):
    """The compiled catalogs ship in the wheel: the installed kit speaks Finnish, Arabic,
    Chinese and Spanish from its own site-packages."""
    script = ("from h4og_kit import i18n\nprint(i18n.LOCALE_DIR)\nprint(' '.join(i18n.available()))"
              "\ni18n.set_language('fi')\nprint(i18n.gettext('Live activity'))")
    run = subprocess.run([str(python), "-c", script], cwd=tmp_path, env=clean_env(python),
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    folder, languages, finnish = run.stdout.splitlines()
    assert Path(folder).is_relative_to(python.parent.parent)
    assert set(languages.split()) == {"en", "fi", "ar", "zh", "es"}
    assert finnish != "Live activity"


def test_the_installed_kit_serves_the_showcase_from_any_folder(python, tmp_path):
    """``h4og serve --demo`` run in an empty folder outside the checkout: the showcase renders
    (its notebook ran and returned the page), with the package's template overrides, the public
    showcase is at ``/`` with its script (package data), and the
    folder's ``.env`` reached the dashboards (the demo registry is written where it says)."""
    assert not tmp_path.is_relative_to(ROOT)
    (tmp_path / ".env").write_text(f"H4OG_DATA_DIR={tmp_path / 'data'}\n"
                                   f"H4OG_CACHE_DIR={tmp_path / 'cache'}\n", encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / "voila-wheel.log"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(python.parent / "h4og"), "serve", "--demo", "--port", str(port)],
            cwd=tmp_path, env=clean_env(python, H4OG_OFFLINE="1"), stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url, page = get_when_up(f"{base}/voila/render/showcase.ipynb", process, log, FIRST_PAGE)
        landing, public = get_when_up(f"{base}/", process, log, FIRST_PAGE)
        _, script = get_when_up(f"{base}/assets/showcase.js", process, log, FIRST_PAGE)
    finally:
        stop(process)
    assert url == f"{base}/voila/render/showcase.ipynb"
    assert landing == f"{base}/"  # the kernel-free public showcase, with the wheel's script
    assert 'id="h4og-data"' in public and "Demo: TK labels in the catalogue" in public
    assert "h4og-data" in script
    assert_dashboard_rendered(page, "showcase")
    assert "cdn.jsdelivr.net" not in page  # the package's templates/lab/ was found
    assert (tmp_path / "data" / "demo-registry.sqlite3").is_file()
    assert f"{python.parent.parent}/lib/" in log.read_text(errors="replace")  # the wheel's Voila
