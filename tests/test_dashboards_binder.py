"""The dashboards on Binder: every link to one opens an existing notebook, and the Binder
environment renders the showcase at the path the links use.

On Binder, Jupyter Server runs from the repository root with Voila's server extension (enabled by
the voila package and by binder/postBuild), and binder/start sets ``H4OG_DEMO=1``; a dashboard
opens at ``voila/render/h4og_kit/dashboards/<app>.ipynb``. The environment is the one
``binder_env`` builds from binder/ (shared with the notebook tests).
"""

from __future__ import annotations

import re
import subprocess

from binder_env import ROOT, clean_env
from binder_env import python as binder_python
from browser_helpers import ARTIFACTS, free_port
from voila_pages import assert_dashboard_rendered, get_when_up, stop

from h4og_kit.dashboards.apps import APPS, FOLDER

#: A Voila address of a notebook in the repository (``voila/render/<folder>/<app>.ipynb``);
#: addresses of a served app alone (``voila/render/showcase.ipynb``) have no folder.
_REPO_PAGE = re.compile(r"voila/render/((?:[\w.-]+/)+[\w.-]+\.ipynb)")
PAGES = sorted([ROOT / "README.md", *ROOT.glob("notebooks/*.md"), *ROOT.glob("workshops/**/*.md"),
                *ROOT.glob("docs/**/*.md"), *(ROOT / "binder").iterdir()])
FIRST_PAGE = 240  # a kernel starts for the request and runs the showcase, on a busy machine


def test_every_voila_address_in_the_docs_names_a_dashboard_of_the_repository():
    apps = {str((FOLDER / app).relative_to(ROOT)) for app in APPS}
    found = {}
    for page in PAGES:
        for path in _REPO_PAGE.findall(page.read_text(encoding="utf-8")):
            found.setdefault(path, []).append(str(page.relative_to(ROOT)))
    assert "README.md" in found["h4og_kit/dashboards/showcase.ipynb"]
    assert {path: pages for path, pages in found.items() if path not in apps} == {}


def test_the_binder_environment_renders_the_showcase_from_the_repository_root(tmp_path):
    """Jupyter Server with Voila's extension, started through binder/start as repo2docker
    starts it, renders the showcase on the demo registry."""
    python = binder_python()
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / "voila-binder.log"
    port = free_port()
    env = clean_env(H4OG_OFFLINE="1", H4OG_DATA_DIR=str(tmp_path / "data"),
                    H4OG_CACHE_DIR=str(tmp_path / "cache"),
                    JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-config"),
                    JUPYTER_RUNTIME_DIR=str(tmp_path / "jupyter-runtime"))
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(ROOT / "binder" / "start"), str(python), "-m", "jupyter_server", "--no-browser",
             f"--port={port}", "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=",
             "--ServerApp.password=", "--allow-root"],  # root in CI containers, not on Binder
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/voila/render/h4og_kit/dashboards/showcase.ipynb"
        _, page = get_when_up(url, process, log, FIRST_PAGE)
    finally:
        stop(process)
    assert_dashboard_rendered(page, "showcase")
    assert (tmp_path / "data" / "demo-registry.sqlite3").is_file()  # binder/start's H4OG_DEMO=1
