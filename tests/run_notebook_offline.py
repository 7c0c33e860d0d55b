"""Run one notebook top to bottom, as nbval runs it, and save it with its outputs.

    python tests/run_notebook_offline.py notebooks/NN-name.ipynb executed.ipynb

Cells tagged ``nbval-skip`` are left out (live harvests, written files); every other cell runs in
a kernel of the Python that runs this script, from the notebook's folder, in the environment
given (``tests/test_notebooks.py`` sets ``H4OG_OFFLINE=1`` and fresh cache and data folders).
A cell that raises stops the run: the error is printed and the exit status is 1. The saved copy
holds what a learner sees under each cell, for the tests to read (CDN references, stderr).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def run(source: Path, target: Path) -> None:
    nb = nbformat.read(source, as_version=4)
    nb.cells = [c for c in nb.cells if "nbval-skip" not in c.metadata.get("tags", [])]
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    client = NotebookClient(nb, timeout=300, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(source.parent)}})
    try:
        client.execute()
    finally:
        nbformat.write(nb, target)


if __name__ == "__main__":
    try:
        run(Path(sys.argv[1]).resolve(), Path(sys.argv[2]))
    except CellExecutionError as exc:
        print(exc, file=sys.stderr)
        sys.exit(1)
