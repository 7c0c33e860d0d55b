"""``import h4og_kit`` stays light: it imports neither pandas nor Altair, yet the accessors and the
offline chart renderer are there as soon as a notebook imports them (h4og_kit.import_hooks)."""

from __future__ import annotations

import subprocess
import sys

from h4og_kit.import_hooks import after_import


def test_the_kit_waits_for_pandas_and_altair_and_sets_them_up_once_imported():
    script = ("import sys, h4og_kit; print('pandas' in sys.modules, 'altair' in sys.modules); "
              "import pandas as pd; print(hasattr(pd.DataFrame(), 'rights')); "
              "import altair as alt; print(alt.renderers.active)")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True)
    assert run.stdout.split() == ["False", "False", "True", "svg"]


def test_a_callback_runs_once_after_the_import_and_never_breaks_it(tmp_path, monkeypatch):
    (tmp_path / "late_module.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    calls = []
    after_import("late_module", lambda: calls.append(sys.modules["late_module"].VALUE))
    after_import("late_module", lambda: 1 / 0)  # a failing set-up is logged, not raised
    assert calls == []
    import late_module  # noqa: F401

    assert calls == [1]
    after_import("late_module", lambda: calls.append("now"))  # already imported: at once
    assert calls == [1, "now"]
    monkeypatch.delitem(sys.modules, "late_module")
