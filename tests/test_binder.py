"""The Binder configuration: repo2docker recognises it, and it installs what the notebooks need.

``jupyter-repo2docker --no-build`` reads binder/ exactly as mybinder.org does and writes the
Dockerfile it would build, without a Docker engine. The checks read that Dockerfile: Python from
runtime.txt, requirements.txt installed once the whole repository is copied (its ``-e .`` needs
it), and postBuild run.
"""

from __future__ import annotations

import json
import re
import stat
import subprocess
import tomllib
from pathlib import Path

import pytest
from binder_helpers import repo2docker_dockerfile, requirements
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"


@pytest.fixture(scope="module")
def dockerfile() -> tuple[str, str]:
    """The log and Dockerfile of ``jupyter-repo2docker --no-build --debug`` on the repository."""
    return repo2docker_dockerfile(ROOT)


def test_repo2docker_picks_python_from_runtime_txt(dockerfile):
    log, _ = dockerfile
    assert (BINDER / "runtime.txt").read_text().strip() == "python-3.11"
    assert "Building conda environment for python=3.11" in log


def test_requirements_install_after_the_repository_is_copied(dockerfile):
    log, _ = dockerfile
    copy = log.index("COPY --chown=0:0 src/ ${REPO_DIR}/")
    install = log.index('pip install --no-cache-dir -r "binder/requirements.txt"')
    assert copy < install, "requirements.txt must be installed after the repository is in place"


def test_postbuild_runs_and_is_executable(dockerfile):
    log, _ = dockerfile
    assert "RUN ./binder/postBuild" in log
    assert (BINDER / "postBuild").stat().st_mode & stat.S_IXUSR


def test_requirements_install_the_kit_and_pin_voila_with_ipywidgets():
    lines = [line.strip() for line in (BINDER / "requirements.txt").read_text().splitlines()]
    assert "-e ." in lines, "binder/requirements.txt must install the kit from the repository"
    reqs = requirements(BINDER)
    assert set(reqs) == {"voila", "ipywidgets"}, "install nothing the notebooks do not use"
    for name in ("voila", "ipywidgets"):
        assert re.fullmatch(r"==\d+\.\d+\.\d+", str(reqs[name].specifier)), f"{name} is not pinned"
    assert str(reqs["voila"].specifier).startswith("==0.5.")
    assert str(reqs["ipywidgets"].specifier).startswith("==8.1.")


def test_pins_fit_the_dashboard_extra():
    """The Binder pins stay inside what pyproject.toml's dashboard extra allows."""
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    allowed = {Requirement(r).name.lower(): Requirement(r).specifier for r in extras["dashboard"]}
    for name, req in requirements(BINDER).items():
        version = str(req.specifier).removeprefix("==")
        assert version in allowed[name], f"{name} {version} is outside the dashboard extra {allowed[name]}"


def test_postbuild_enables_voila_and_opens_the_first_notebook():
    script = (BINDER / "postBuild").read_text()
    assert "jupyter server extension enable --sys-prefix voila" in script
    config = json.loads(re.search(r"<<'JSON'\n(.*?)\nJSON", script, re.DOTALL).group(1))
    url = config["ServerApp"]["default_url"]
    assert url == "/lab/tree/notebooks/00-start-here.ipynb"
    assert (ROOT / url.removeprefix("/lab/tree/")).exists()


def test_postbuild_is_valid_bash():
    run = subprocess.run(["bash", "-n", str(BINDER / "postBuild")], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
