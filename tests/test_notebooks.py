"""The numbered notebooks: each runs top to bottom offline under nbval, in the Binder environment.

Each notebook is run by ``python -m pytest --nbval-lax`` inside the environment that binder/ alone
installs (see ``binder_env``), with ``H4OG_OFFLINE=1`` and fresh cache and data folders. Under
``--nbval-lax`` a cell fails when it raises; cells tagged ``nbval-check-output`` must also print
exactly their stored output; cells tagged ``nbval-skip`` (live harvests, written files) do not
run (they also carry ``skip-execution``, so ``make docs`` leaves them out too). The first run
builds the environment (a few minutes, from PyPI); later runs reuse it.

Also checked here, in the main environment: every ``.ipynb`` matches its jupytext ``.md`` twin,
and every notebook opens with what you will learn, the prerequisites and the time needed.
"""

from __future__ import annotations

import re
import subprocess

import jupytext
import nbformat
import pytest
from binder_env import ROOT, clean_env
from binder_env import python as binder_python

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
EXPECTED = [
    "00-start-here", "01-fetch-open-collections", "02-rights-and-reuse", "03-metadata-quality",
    "04-knowledge-equity", "05-iiif-and-images", "06-wikidata-and-linked-data",
    "07-register-your-project", "08-make-your-own-dashboard",
]


def test_the_nine_notebooks_are_there():
    assert [nb.stem for nb in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_offline_in_the_binder_environment(notebook, tmp_path):
    python = binder_python()
    env = clean_env(H4OG_OFFLINE="1", H4OG_CACHE_DIR=str(tmp_path / "cache"),
                    H4OG_DATA_DIR=str(tmp_path / "data"))
    run = subprocess.run(
        [str(python), "-m", "pytest", "--nbval-lax", "--nbval-current-env", "-p", "no:cacheprovider",
         "-q", "--color=no", str(notebook)],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False, timeout=600,
    )
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""
    assert run.returncode == 0, f"{notebook.name} failed under nbval:\n{run.stdout[-6000:]}\n{run.stderr[-2000:]}"
    assert re.search(r"\b\d+ passed\b", summary) and "failed" not in summary, summary


def _cells(nb) -> list[tuple[str, str, list[str]]]:
    return [(c.cell_type, c.source.strip(), sorted(c.metadata.get("tags", []))) for c in nb.cells]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_and_its_markdown_twin_are_in_sync(notebook):
    twin = notebook.with_suffix(".md")
    assert twin.exists(), f"{twin.name} is missing: run jupytext --sync {notebook.name}"
    from_text = jupytext.read(twin)
    from_ipynb = nbformat.read(notebook, as_version=4)
    assert _cells(from_text) == _cells(from_ipynb), (
        f"{notebook.name} and {twin.name} differ: run `jupytext --sync notebooks/{twin.name}`"
    )
    assert from_ipynb.metadata["jupytext"]["formats"] == "ipynb,md:myst"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_opens_with_goals_prerequisites_and_time(notebook):
    nb = nbformat.read(notebook, as_version=4)
    opening = nb.cells[0]
    assert opening.cell_type == "markdown" and opening.source.startswith("# ")
    for heading in ("**What you will learn**", "**Prerequisites:**", "**Time needed:**"):
        assert heading in opening.source, f"{notebook.name} opens without {heading}"
    assert re.search(r"\*\*Time needed:\*\* \d+ minutes", opening.source)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_search_cell_shows_the_offline_notice(notebook):
    """A cell that searches a source prints its notice, so offline answers never pass as live."""
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and re.search(r"= h4og_kit\.search\(", cell.source):
            assert re.search(r"attrs\[[\"']notice[\"']\]", cell.source), f"{notebook.name}: {cell.source[:200]}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_cells_skipped_by_nbval_are_skipped_by_the_docs_build_too(notebook):
    """``make docs`` runs the notebooks offline: live harvests and file writes stay out of it."""
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        assert ("nbval-skip" in tags) == ("skip-execution" in tags), f"{notebook.name}: {cell.source[:200]}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_checked_cells_carry_their_expected_output(notebook):
    """``nbval-check-output`` cells are compared with their stored output, so they must have one."""
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "nbval-check-output" in tags:
            assert cell.outputs, f"{notebook.name}: a checked cell has no stored output:\n{cell.source}"
        elif cell.cell_type == "code":
            assert not cell.outputs, f"{notebook.name}: commit notebooks without outputs:\n{cell.source}"
