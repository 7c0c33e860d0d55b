"""What the Binder tests share: reading a ``binder/`` folder's requirements, and what
``jupyter-repo2docker --no-build`` makes of a repository (offline, without a Docker engine)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from packaging.requirements import Requirement


def requirement_lines(binder: Path) -> list[str]:
    """The lines of ``binder/requirements.txt`` that are not blank or comments."""
    lines = (binder / "requirements.txt").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def requirements(binder: Path) -> dict[str, Requirement]:
    """The named requirements of ``binder/requirements.txt`` (not the ``-e``/``-r`` lines)."""
    return {(r := Requirement(line)).name.lower(): r for line in requirement_lines(binder)
            if not line.startswith("-")}


def repo2docker_dockerfile(repository: Path) -> tuple[str, str]:
    """The log and the Dockerfile of ``jupyter-repo2docker --no-build --debug`` on
    ``repository``, as mybinder.org would read it."""
    repo2docker = Path(sys.executable).parent / "jupyter-repo2docker"
    if not repo2docker.exists():
        repo2docker = shutil.which("jupyter-repo2docker")
    assert repo2docker, "jupyter-repo2docker is not installed: pip install jupyter-repo2docker"
    run = subprocess.run([str(repo2docker), "--no-build", "--debug", str(repository)],
                         capture_output=True, text=True, check=False, timeout=300)
    assert run.returncode == 0, run.stderr[-4000:]
    return run.stdout + run.stderr, run.stdout
