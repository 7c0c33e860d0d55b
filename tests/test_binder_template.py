"""binder-template/: the ``binder/`` folder a team copies into its own repository.

The template goes into a throwaway "team repository" (a notebook and the copied ``binder/``), and
``jupyter-repo2docker --no-build`` reads it exactly as mybinder.org would, writing the Dockerfile
without a Docker engine and without the network. The checks: the kernel's pip installs the
template's requirements, which install the kit from its git URL (never ``-e .``, which would
install the team's repository), Python comes from runtime.txt and postBuild runs.
"""

from __future__ import annotations

import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from binder_helpers import repo2docker_dockerfile, requirement_lines, requirements

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "binder-template"
KIT_GIT_URL = "git+https://github.com/h4og-kit/h4og-kit"


@pytest.fixture(scope="module")
def team_repository(tmp_path_factory) -> Path:
    """A team's repository after step 1 of the template's README: its notebook, and binder/."""
    repo = tmp_path_factory.mktemp("team-repository")
    (repo / "our-notebook.ipynb").write_text(
        '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    shutil.copytree(TEMPLATE / "binder", repo / "binder")
    return repo


@pytest.fixture(scope="module")
def dockerfile(team_repository) -> tuple[str, str]:
    """The log and Dockerfile of ``jupyter-repo2docker --no-build --debug`` on that repository."""
    return repo2docker_dockerfile(team_repository)


def test_the_kernel_installs_the_templatesrequirements(dockerfile, team_repository):
    _, docker = dockerfile
    install = re.search(r'RUN \$\{KERNEL_PYTHON_PREFIX\}/bin/pip install --no-cache-dir '
                        r'-r "binder/requirements.txt"', docker)
    assert install, "the kernel's environment must install binder/requirements.txt"
    copied = re.search(r"COPY --chown=\S+ src/binder/requirements.txt \S+", docker)
    assert copied and copied.start() < install.start()
    installed = (team_repository / "binder" / "requirements.txt").read_text()
    assert installed == (TEMPLATE / "binder" / "requirements.txt").read_text()


def test_the_requirements_install_the_kit_from_its_git_url():
    lines = requirement_lines(TEMPLATE / "binder")
    assert not [line for line in lines if line.startswith("-e") or line in (".", "./")], (
        "-e . would install the team's repository, not the kit")
    kit = requirements(TEMPLATE / "binder")["h4og-kit"]
    assert kit.url == KIT_GIT_URL
    assert kit.extras == {"dashboard"}


def test_the_pins_are_those_of_the_kits_own_binder():
    """Voila and ipywidgets at the versions the kit's Binder (tested in test_binder.py) uses."""
    template = requirements(TEMPLATE / "binder")
    kits = requirements(ROOT / "binder")
    assert set(template) == {"h4og-kit", "voila", "ipywidgets"}
    for name in ("voila", "ipywidgets"):
        assert str(template[name].specifier) == str(kits[name].specifier), name


def test_python_comes_from_runtime_txt(dockerfile):
    log, _ = dockerfile
    assert (TEMPLATE / "binder" / "runtime.txt").read_text().strip() == "python-3.11"
    assert "Building conda environment for python=3.11" in log


def test_postbuild_enables_voila_runs_and_is_executable(dockerfile):
    _, docker = dockerfile
    assert "RUN ./binder/postBuild" in docker
    script = TEMPLATE / "binder" / "postBuild"
    assert script.stat().st_mode & stat.S_IXUSR
    assert "jupyter server extension enable --sys-prefix voila" in script.read_text()
    run = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr


def test_the_readme_gives_three_steps_that_match_the_folder():
    readme = (TEMPLATE / "README.md").read_text(encoding="utf-8")
    steps = readme.split("## Three steps", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^(\d)\. \*\*", steps, re.MULTILINE) == ["1", "2", "3"]
    copy = re.search(r"cp -r path/to/h4og-kit/(\S+) ", steps)
    assert copy and (ROOT / copy.group(1)).is_dir()
    assert "https://mybinder.org/v2/gh/YOUR-NAME/YOUR-REPOSITORY/HEAD?urlpath=lab/tree/" in steps
    assert KIT_GIT_URL.removeprefix("git+") in readme
    assert "-e ." in readme  # says why the kit's own binder/ does not work in another repository
