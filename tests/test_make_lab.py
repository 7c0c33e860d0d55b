"""``make lab``, plan B when Binder is down: JupyterLab on notebooks/ from the same .venv, offline.

The Makefile's recipe is read with ``make -n`` (nothing runs, nothing is installed). The last test
starts the very command it prints, on a loopback port, and asks the server what a participant's
browser would: the notebooks are listed, and the news feed and the update check answer without
fetching anything from the internet.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

from browser_helpers import free_port
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
STARTUP = 90  # seconds; a cold JupyterLab start on a busy machine


def _dry_run(*flags: str) -> str:
    run = subprocess.run(["make", "-n", *flags, "lab"], cwd=ROOT, capture_output=True, text=True,
                         check=False, timeout=60)
    assert run.returncode == 0, run.stderr
    return run.stdout


def _lab_command(dry_run: str) -> list[str]:
    """The ``jupyter lab`` command of the recipe, its continued lines joined, split as sh would."""
    text = dry_run.replace("\\\n", " ")
    lines = [line for line in text.splitlines() if " lab " in f"{line} " and "jupyter" in line]
    assert len(lines) == 1, dry_run
    return shlex.split(lines[0])


def test_make_lab_runs_jupyterlab_from_the_venv_on_the_notebooks():
    command = _lab_command(_dry_run())
    assert command[:2] == [".venv/bin/jupyter", "lab"]
    options = dict(arg.split("=", 1) for arg in command[2:] if "=" in arg)
    assert options["--ServerApp.root_dir"] == "notebooks"
    start = options["--ServerApp.default_url"].removeprefix("/lab/tree/")
    assert (ROOT / "notebooks" / start).is_file()
    assert options["--ServerApp.ip"] == "127.0.0.1"
    # offline: no news feed, no update check, no extension catalogue from PyPI
    assert options["--LabApp.news_url"] == "None"
    assert options["--LabApp.check_for_updates_class"] == "jupyterlab.NeverCheckForUpdate"
    assert options["--LabApp.extension_manager"] == "readonly"


def test_make_lab_installs_the_lab_extra_into_the_same_venv():
    forced = _dry_run("-B")  # every step, as on a fresh clone
    assert "-m pip install --quiet -e '.[lab]'" in forced
    assert "touch .venv/.installed-lab" in forced
    assert forced.index(".installed-lab") < forced.index("jupyter lab")


def test_the_lab_extra_declares_jupyterlab_and_the_dashboard_extra():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    lab = {Requirement(r).name.lower(): Requirement(r) for r in extras["lab"]}
    assert "jupyterlab" in lab and lab["jupyterlab"].specifier.contains("4.0")
    assert lab["h4og-kit"].extras == {"dashboard"}  # ipywidgets and ipykernel for the notebooks


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.status, answer.read()


def test_the_lab_serves_the_notebooks_and_fetches_nothing_itself(tmp_path):
    command = _lab_command(_dry_run(f"LAB_PORT={free_port()}"))
    command[0] = str(Path(sys.executable).parent / "jupyter")  # this test run's .venv
    token = "lab-test-token"
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": str(tmp_path),
           "H4OG_OFFLINE": "1", "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
           "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "JUPYTER_DATA_DIR": str(tmp_path / "data")}
    port = next(arg.split("=", 1)[1] for arg in command if arg.startswith("--ServerApp.port="))
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "lab.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [*command, "--no-browser", f"--IdentityProvider.token={token}", "--allow-root"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + STARTUP
        while True:
            assert process.poll() is None, log.read_text()
            try:
                status, _ = _get(f"{base}/api/status?token={token}")
                break
            except OSError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.5)
        _, body = _get(f"{base}/api/contents?token={token}")
        names = {item["name"] for item in json.loads(body)["content"]}
        assert {"00-start-here.ipynb", "08-make-your-own-dashboard.ipynb"} <= names
        status, body = _get(f"{base}/lab/tree/00-start-here.ipynb?token={token}")
        assert status == 200 and b"JupyterLab" in body
        _, body = _get(f"{base}/lab/api/news?token={token}")
        assert json.loads(body)["news"] == []
        _, body = _get(f"{base}/lab/api/update?token={token}")
        assert json.loads(body)["notification"] is None
        _, body = _get(f"{base}/api/kernelspecs?token={token}")
        assert json.loads(body)["default"] == "python3"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_the_readme_and_every_workshop_guide_name_make_lab_as_plan_b():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(make \w+)", quick_start)
    assert commands == ["make dashboard", "make test", "make lab"]
    assert "Binder is down" in quick_start
    guides = sorted((ROOT / "workshops").rglob("facilitator-guide.md"))
    assert len(guides) == 8  # four packs, and the first one in four more languages
    assert [g.relative_to(ROOT) for g in guides if "make lab" not in g.read_text(encoding="utf-8")] == []
