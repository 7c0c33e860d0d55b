"""h4og_kit.notebook: the offline notice shown once (a note in a notebook, one line in a script),
and Altair charts drawn as local SVG, with no CDN.

The notebooks themselves, run in the Binder environment, are checked in test_notebooks.py; these
tests pin the library's side: what a script prints, what a kernel displays, and that a chart
needs no network.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import types

import pytest

import h4og_kit
from h4og_kit import notebook


@pytest.fixture
def kernel(monkeypatch):
    """A Jupyter kernel as h4og_kit.notebook sees one: IPython's shell has a ``kernel``; what is
    displayed is collected in the returned list."""
    ipython = pytest.importorskip("IPython")
    import IPython.display

    shown: list[tuple[dict, dict]] = []
    monkeypatch.setattr(ipython, "get_ipython", lambda: types.SimpleNamespace(kernel=object()))
    monkeypatch.setattr(IPython.display, "display",
                        lambda *objs, **kw: shown.extend((o, kw) for o in objs))
    return shown


def test_a_script_gets_one_plain_line(caplog):
    with caplog.at_level(logging.WARNING, logger="h4og_kit"):
        frame = h4og_kit.search("artic", "paris", limit=3)
    assert frame.attrs["offline"]
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Offline (")]
    assert lines == [frame.attrs["notice"]]


def test_a_plain_script_prints_the_notice_once_on_its_own():
    """No logging set up at all (a beginner's script): one clear line, on stderr, nothing else."""
    code = "import h4og_kit; h4og_kit.search('artic', 'paris', limit=3)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout == ""
    assert run.stderr.count("Offline (") == 1 and len(run.stderr.strip().splitlines()) == 1


def test_a_notebook_shows_a_note_and_logs_nothing(kernel, caplog):
    with caplog.at_level(logging.DEBUG, logger="h4og_kit"):
        frame = h4og_kit.search("artic", "paris", limit=3)
    assert not [r for r in caplog.records if "Offline" in r.getMessage()]
    assert len(kernel) == 1
    bundle, options = kernel[0]
    assert options == {"raw": True}
    assert bundle["text/plain"] == frame.attrs["notice"]
    assert 'role="note"' in bundle["text/html"] and 'dir="auto"' in bundle["text/html"]
    assert "border-inline-start" in bundle["text/html"]  # mirrors in Arabic


def test_the_note_escapes_the_query(kernel):
    h4og_kit.search("artic", "<img src=x onerror=alert(1)>", limit=3)
    html = kernel[0][0]["text/html"]
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_a_view_that_shows_the_notice_itself_gets_no_second_one(kernel, caplog):
    with caplog.at_level(logging.DEBUG, logger="h4og_kit"), notebook.notices_shown_elsewhere():
        frame = h4og_kit.search("artic", "paris", limit=3)
    assert frame.attrs["notice"]
    assert kernel == [] and not caplog.records
    h4og_kit.search("artic", "paris", limit=3)  # outside the block: shown again
    assert len(kernel) == 1


def test_terminal_ipython_is_not_a_notebook(monkeypatch):
    ipython = pytest.importorskip("IPython")
    monkeypatch.setattr(ipython, "get_ipython", lambda: types.SimpleNamespace())
    assert not notebook.in_notebook()


def _in_fresh_python(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip()


def test_altair_draws_svg_whether_imported_before_or_after_the_kit():
    after = "import h4og_kit, altair as alt; print(alt.renderers.active)"
    before = "import altair as alt, h4og_kit; print(alt.renderers.active)"
    assert _in_fresh_python(after) == _in_fresh_python(before) == notebook.CHART_RENDERER == "svg"


def test_a_renderer_someone_chose_is_kept():
    code = ("import altair as alt; alt.renderers.enable('mimetype'); import h4og_kit; "
            "import h4og_kit.notebook as n; print(alt.renderers.active, n.draw_charts_offline())")
    assert _in_fresh_python(code) == "mimetype False"


def test_importing_the_kit_does_not_import_altair_or_ipython():
    code = ("import sys, h4og_kit; "
            "print(sorted(m for m in ('altair', 'IPython', 'vl_convert') if m in sys.modules))")
    assert _in_fresh_python(code) == "[]"


def test_a_chart_is_a_local_svg_without_any_cdn():
    """The profile chart of notebook 03, rendered as a notebook would: an SVG image, made by
    vl-convert on this machine (this test has no network), with no script and no CDN."""
    code = """
import h4og_kit, pandas as pd
from h4og_kit.metadata import profile
records = pd.concat([h4og_kit.search(n, limit=20) for n in ("artic", "cleveland")])
bundle = profile(records).chart._repr_mimebundle_()
bundle = bundle[0] if isinstance(bundle, tuple) else bundle
svg = bundle["image/svg+xml"]
print(sorted(bundle), svg.lstrip().startswith("<svg"), "<script" in svg,
      any(s in svg for s in ("cdn.jsdelivr", "unpkg", "https://cdn")))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "['image/svg+xml'] True False False"
