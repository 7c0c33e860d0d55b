"""Store the expected outputs of the notebooks' ``nbval-check-output`` cells; clear all others.

Run it after changing a notebook's ``.md`` (and ``jupytext --sync``)::

    .venv/bin/python tests/refresh_notebook_outputs.py [notebooks/NN-name.ipynb ...]

Each notebook runs offline (``H4OG_OFFLINE=1``, fresh cache and data folders), without its
``nbval-skip`` cells, as nbval runs it. Cells tagged ``nbval-check-output`` keep what they printed:
that is what ``tests/test_notebooks.py`` then requires them to print. Every other cell is committed
without outputs, so diffs stay readable.
"""

from __future__ import annotations

import copy
import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def refresh(path: Path) -> int:
    """Re-run ``path`` offline and keep only the checked cells' outputs; return how many."""
    nb = nbformat.read(path, as_version=4)
    runnable = [c for c in nb.cells if "nbval-skip" not in c.metadata.get("tags", [])]
    trial = nbformat.v4.new_notebook(metadata=copy.deepcopy(nb.metadata), cells=[copy.deepcopy(c) for c in runnable])
    with tempfile.TemporaryDirectory() as folder:
        os.environ.update(H4OG_OFFLINE="1", H4OG_CACHE_DIR=f"{folder}/cache",
                          H4OG_DATA_DIR=f"{folder}/data")
        NotebookClient(trial, timeout=300, kernel_name="python3", record_timing=False,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    ran = dict(zip((id(c) for c in runnable), trial.cells))
    kept = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if "nbval-check-output" in cell.metadata.get("tags", []):
            # nbval compares only cells that ran: they need their execution count
            cell.outputs = ran[id(cell)].outputs
            cell.execution_count = ran[id(cell)].execution_count
            kept += 1
        else:
            cell.outputs = []
            cell.execution_count = None
    nbformat.write(nb, path)
    return kept


def main(paths: list[str]) -> None:
    notebooks = [Path(p) for p in paths] or sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    for notebook in notebooks:
        print(f"{notebook.name}: {refresh(notebook)} checked cell(s) stored")


if __name__ == "__main__":
    main(sys.argv[1:])
