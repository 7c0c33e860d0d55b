"""The numbered notebooks: each runs top to bottom offline under nbval, in the Binder environment.

Each notebook is run by ``python -m pytest --nbval-lax`` inside the environment that binder/ alone
installs (see ``binder_env``), with ``H4OG_OFFLINE=1`` and fresh cache and data folders. Under
``--nbval-lax`` a cell fails when it raises; cells tagged ``nbval-check-output`` must also print
exactly their stored output; cells tagged ``nbval-skip`` (live harvests, written files) do not
run (they also carry ``skip-execution``, so ``make docs`` leaves them out too). The first run
builds the environment (a few minutes, from PyPI); later runs reuse it.

Each English notebook also runs once more, the same way, to read what a learner sees under each
cell (``tests/run_notebook_offline.py``): nothing loaded from a CDN (charts are SVG drawn
locally), nothing on stderr, and each offline notice shown once, as a note.

Also checked here, in the main environment: every ``.ipynb`` matches its jupytext ``.md`` twin,
and every notebook opens with what you will learn, the prerequisites and the time needed, in its
own language. Translations live in ``notebooks/<lang>/`` under the English file names: they run
and are checked like the English notebooks, keep the English code (only comments are
translated) and cell tags, and their relative links resolve; Arabic cells are right to left.
"""

from __future__ import annotations

import io
import re
import subprocess
import tokenize
from pathlib import Path

import jupytext
import nbformat
import pytest
from binder_env import ROOT, clean_env
from binder_env import python as binder_python

FOLDER = ROOT / "notebooks"
ENGLISH = sorted(FOLDER.glob("[0-9][0-9]-*.ipynb"))
#: The translations: ``notebooks/<lang>/NN-name.ipynb`` translates ``notebooks/NN-name.ipynb``.
TRANSLATED = sorted(p for p in FOLDER.glob("*/[0-9][0-9]-*.ipynb")
                    if not p.parent.name.startswith("."))
NOTEBOOKS = ENGLISH + TRANSLATED
#: Per language: the opening's three headings, and the word for minutes after the time (a regex).
OPENINGS = {
    "en": ("**What you will learn**", "**Prerequisites:**", "**Time needed:**", "minutes"),
    "fi": ("**Mitä opit**", "**Esitiedot:**", "**Tarvittava aika:**", "minuuttia"),
    "ar": ("**ما ستتعلمه**", "**المتطلبات المسبقة:**", "**الوقت اللازم:**", "دقيقة|دقائق"),
    "zh": ("**你将学到**", "**预备知识**：", "**所需时间**：", "分钟"),
    "es": ("**Qué aprenderás**", "**Requisitos previos:**", "**Tiempo necesario:**", "minutos"),
}
RIGHT_TO_LEFT = {"ar"}
_RTL_OPEN, _RTL_CLOSE = '<div dir="rtl">', "</div>"


def _name(notebook: Path) -> str:
    """``00-start-here`` for an English notebook, ``fi/00-start-here`` for a translation."""
    return notebook.relative_to(FOLDER).with_suffix("").as_posix()


def _language(notebook: Path) -> str:
    return "en" if notebook.parent == FOLDER else notebook.parent.name


EXPECTED = [
    "00-start-here", "01-fetch-open-collections", "02-rights-and-reuse", "03-metadata-quality",
    "04-knowledge-equity", "05-iiif-and-images", "06-wikidata-and-linked-data",
    "07-register-your-project", "08-make-your-own-dashboard",
]


def test_the_nine_notebooks_are_there():
    assert [nb.stem for nb in ENGLISH] == EXPECTED


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=_name)
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
    assert run.returncode == 0, f"{_name(notebook)} failed under nbval:\n{run.stdout[-6000:]}\n{run.stderr[-2000:]}"
    assert re.search(r"\b\d+ passed\b", summary) and "failed" not in summary, summary


def _cells(nb) -> list[tuple[str, str, list[str]]]:
    return [(c.cell_type, c.source.strip(), sorted(c.metadata.get("tags", []))) for c in nb.cells]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=_name)
def test_notebook_and_its_markdown_twin_are_in_sync(notebook):
    twin = notebook.with_suffix(".md")
    assert twin.exists(), f"{twin.name} is missing: run jupytext --sync {notebook.name}"
    from_text = jupytext.read(twin)
    from_ipynb = nbformat.read(notebook, as_version=4)
    assert _cells(from_text) == _cells(from_ipynb), (
        f"{notebook.name} and {twin.name} differ: run `jupytext --sync notebooks/{_name(twin)}.md`"
    )
    assert from_ipynb.metadata["jupytext"]["formats"] == "ipynb,md:myst"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=_name)
def test_notebook_opens_with_goals_prerequisites_and_time(notebook):
    """In the notebook's own language (a right-to-left one opens inside its ``<div dir="rtl">``)."""
    language = _language(notebook)
    assert language in OPENINGS, f"{_name(notebook)}: add the headings of {language!r} to OPENINGS"
    *headings, minutes = OPENINGS[language]
    nb = nbformat.read(notebook, as_version=4)
    opening = nb.cells[0]
    text = opening.source
    if language in RIGHT_TO_LEFT:
        text = text.removeprefix(_RTL_OPEN).lstrip()
    assert opening.cell_type == "markdown" and text.startswith("# ")
    for heading in headings:
        assert heading in text, f"{_name(notebook)} opens without {heading}"
    time = re.escape(headings[-1]) + rf" ?\d+ ?(?:{minutes})"
    assert re.search(time, text), f"{_name(notebook)}: no time in minutes after {headings[-1]}"


def _code(source: str) -> list[tuple[int, str]]:
    """The tokens of a code cell without its comments and blank lines (a cell that does not
    tokenize is compared as text)."""
    try:
        return [(t.type, t.string) for t in tokenize.generate_tokens(io.StringIO(source).readline)
                if t.type not in (tokenize.COMMENT, tokenize.NL)]
    except (tokenize.TokenError, SyntaxError):
        return [(-1, source.strip())]


@pytest.mark.parametrize("notebook", TRANSLATED, ids=_name)
def test_translation_keeps_the_original_code_and_tags(notebook):
    """A translation translates prose and comments only: the same cells, code and tags as the
    English notebook, so it teaches the same calls (and an updated original shows up here)."""
    original = FOLDER / notebook.name
    assert original.exists(), f"{_name(notebook)} translates no notebook: no {original.name}"
    ours, theirs = (nbformat.read(p, as_version=4).cells for p in (notebook, original))
    assert [c.cell_type for c in ours] == [c.cell_type for c in theirs], (
        f"{_name(notebook)}: not the cells of {original.name}")
    for mine, english in zip(ours, theirs, strict=True):
        assert sorted(mine.metadata.get("tags", [])) == sorted(english.metadata.get("tags", []))
        if mine.cell_type == "code":
            assert _code(mine.source) == _code(english.source), (
                f"{_name(notebook)}: code differs from {original.name}:\n{mine.source}")


_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")


@pytest.mark.parametrize("notebook", TRANSLATED, ids=_name)
def test_translation_links_resolve_and_right_to_left_cells_say_so(notebook):
    """Relative links point from the language folder (``../01-....ipynb``); in a right-to-left
    language each Markdown cell sits in a ``<div dir="rtl">``, as Jupyter has no page direction."""
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        prose = re.sub(r"```.*?```|`[^`\n]*`", "", cell.source, flags=re.DOTALL)
        for target in _LINK.findall(prose):
            if re.match(r"[a-z]+:|#", target):
                continue
            path = notebook.parent / target.split("#")[0]
            assert path.exists(), f"{_name(notebook)}: broken link {target}"
        if _language(notebook) in RIGHT_TO_LEFT:
            text = cell.source.strip()
            assert text.startswith(_RTL_OPEN) and text.endswith(_RTL_CLOSE), (
                f"{_name(notebook)}: a right-to-left cell opens with {_RTL_OPEN}:\n{text[:200]}")


# -- what a learner sees: each English notebook run once, offline, in the Binder environment ----

#: A chart or page that loads its code from a CDN: offline it shows "Error loading script".
CDN = re.compile(r"cdn\.jsdelivr|unpkg\.com|cdnjs|https?://cdn\b|https?://cdn\.", re.IGNORECASE)
#: An offline notice as the kit words it in English: a search's ("Offline (H4OG_OFFLINE=1 is
#: set): ...", h4og_kit.sources.offline) or a IIIF manifest's ("Offline: manifest ...").
NOTICE = re.compile(r"Offline[ :]")
#: A cell that searches a source at its top level (``df = h4og_kit.search(...)``).
SEARCH_CELL = re.compile(r"^\w+ = \[?h4og_kit\.search\(", re.MULTILINE)
#: Notebooks in which every cell that shows something is either compared by nbval
#: (``nbval-check-output``) or says why not (``nbval-ignore-output``: a path, a live widget).
ALL_OUTPUTS_DECIDED = ("01-fetch-open-collections", "07-register-your-project",
                       "08-make-your-own-dashboard")


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """``executed(notebook)``: the notebook after one offline run (without its ``nbval-skip``
    cells) in the Binder environment, with every output; each notebook runs once per module."""
    runs: dict[Path, nbformat.NotebookNode] = {}

    def run(notebook: Path) -> nbformat.NotebookNode:
        if notebook not in runs:
            folder = tmp_path_factory.mktemp(notebook.stem)
            target = folder / notebook.name
            env = clean_env(H4OG_OFFLINE="1", H4OG_CACHE_DIR=str(folder / "cache"),
                            H4OG_DATA_DIR=str(folder / "data"))
            done = subprocess.run(
                [str(binder_python()), str(ROOT / "tests" / "run_notebook_offline.py"),
                 str(notebook), str(target)],
                cwd=folder, env=env, capture_output=True, text=True, check=False, timeout=600)
            assert done.returncode == 0, f"{_name(notebook)} failed:\n{done.stderr[-4000:]}"
            runs[notebook] = nbformat.read(target, as_version=4)
        return runs[notebook]

    return run


def _shown(output) -> list[str]:
    """Every text an output carries (stream text, each MIME type's data as text)."""
    if output.output_type == "stream":
        return [output.text]
    if output.output_type == "error":
        return ["\n".join(output.traceback)]
    return [v if isinstance(v, str) else str(v) for v in output.get("data", {}).values()]


def _is_note(output) -> bool:
    page = output.get("data", {}).get("text/html", "") if output.output_type == "display_data" else ""
    return 'role="note"' in page


@pytest.mark.parametrize("notebook", ENGLISH, ids=_name)
def test_executed_notebook_loads_nothing_from_a_cdn(notebook, executed):
    """Offline, a chart or widget that loads its code from a CDN shows an error instead: the
    notebooks show nothing that does (Altair charts are SVG drawn locally by vl-convert)."""
    for cell in executed(notebook).cells:
        for output in cell.get("outputs", []):
            for text in _shown(output):
                found = CDN.search(text)
                assert not found, (f"{_name(notebook)}: an output refers to {found.group()!r}:\n"
                                   f"{cell.source[:300]}")


def test_charts_are_svg_drawn_without_a_cdn(executed):
    """Notebook 03's charts offline (the completeness profile and the places bar chart) arrive as
    SVG images, not as a script that would fetch Vega."""
    cells = executed(FOLDER / "03-metadata-quality.ipynb").cells
    charts = [o for c in cells for o in c.get("outputs", [])
              if "image/svg+xml" in o.get("data", {})]
    assert len(charts) >= 2, "notebook 03 drew fewer than two SVG charts"
    for chart in charts:
        assert chart.data["image/svg+xml"].lstrip().startswith("<svg")
        assert "text/html" not in chart.data and not any("vega" in k for k in chart.data)


@pytest.mark.parametrize("notebook", ENGLISH, ids=_name)
def test_offline_notice_is_one_friendly_note_never_on_stderr(notebook, executed):
    """Each search cell shows its offline notice once, as a note (HTML with a plain-text twin);
    nothing in the notebooks writes to stderr, which JupyterLab shows in pink like an error, and
    no printed line repeats the notice."""
    for cell in executed(notebook).cells:
        outputs = cell.get("outputs", [])
        streams = [o for o in outputs if o.output_type == "stream"]
        for output in streams:
            assert output.name != "stderr", (
                f"{_name(notebook)}: a cell writes to stderr:\n{cell.source[:300]}\n{output.text}")
        notes = [o.data["text/plain"] for o in outputs if _is_note(o)]
        for note in notes:
            assert NOTICE.match(note), note
            assert not any(note in o.text for o in streams), (
                f"{_name(notebook)}: the notice is printed besides its note:\n{cell.source[:300]}")
        assert len(notes) == len(set(notes)), f"{_name(notebook)}: a notice shows twice: {notes}"
        if SEARCH_CELL.search(cell.source):
            assert notes, f"{_name(notebook)}: a search shows no offline note:\n{cell.source[:300]}"


@pytest.mark.parametrize("name", ALL_OUTPUTS_DECIDED)
def test_every_cell_that_shows_something_is_compared_or_says_why_not(name, executed):
    """nbval compares what these notebooks show (tables of records, the registry's answers),
    not only their pure-function cells: every cell with an output is ``nbval-check-output``,
    unless tagged ``nbval-ignore-output`` (a cache path, a live widget)."""
    notebook = FOLDER / f"{name}.ipynb"
    for cell in executed(notebook).cells:
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "code" and cell.outputs:
            assert {"nbval-check-output", "nbval-ignore-output"} & set(tags), (
                f"{name}: tag this cell nbval-check-output (or nbval-ignore-output if its output "
                f"changes from run to run):\n{cell.source[:300]}")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=_name)
def test_cells_skipped_by_nbval_are_skipped_by_the_docs_build_too(notebook):
    """``make docs`` runs the notebooks offline: live harvests and file writes stay out of it."""
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        assert ("nbval-skip" in tags) == ("skip-execution" in tags), f"{_name(notebook)}: {cell.source[:200]}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=_name)
def test_checked_cells_carry_their_expected_output(notebook):
    """``nbval-check-output`` cells are compared with their stored output, so they must have one."""
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "nbval-check-output" in tags:
            assert cell.outputs, f"{_name(notebook)}: a checked cell has no stored output:\n{cell.source}"
        elif cell.cell_type == "code":
            assert not cell.outputs, f"{_name(notebook)}: commit notebooks without outputs:\n{cell.source}"
