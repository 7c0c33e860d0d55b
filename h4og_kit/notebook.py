"""What the kit does for notebooks: offline notices as a note, and charts drawn without a CDN.

**Offline notices.** A source answering from its bundled samples says so (see
:mod:`h4og_kit.sources.offline`). :func:`announce` shows that notice once: in a Jupyter kernel
(JupyterLab, Binder, Voila, VS Code) as a small note under the running cell, or inside the
ipywidgets ``Output`` that is capturing; anywhere else (a script, ``h4og fetch``, the terminal's
IPython) as one logged line. A view that shows ``df.attrs["notice"]`` itself, as a dashboard's
banner does, searches inside :func:`notices_shown_elsewhere` so that the notice is not shown twice.

**Charts.** Altair's default renderer loads Vega from a CDN, so offline a chart reads "Error
loading script". ``import h4og_kit`` arranges for Altair, whenever it is imported, to draw charts as
SVG images made on this computer by ``vl-convert-python`` (which bundles Vega and Vega-Lite): no
script, no CDN, and the same picture in JupyterLab, Voila, the tutorials' website and a saved
notebook. Someone who picked a renderer (``alt.renderers.enable(...)``) keeps it; online,
``alt.renderers.enable("default")`` brings back the interactive charts with tooltips.
"""

from __future__ import annotations

import contextlib
import contextvars
import importlib.util
import logging
import sys
from collections.abc import Iterator

log = logging.getLogger("h4og_kit")

#: The note's look, inline (a notebook has none of the kit's CSS); readable on light and dark
#: themes, with the bar on the side where the text starts (right in Arabic).
NOTE_STYLE = ("margin: 0.25em 0; padding: 0.4em 0.8em; border-inline-start: 4px solid #3b82c4; "
              "background: rgba(59, 130, 196, 0.1); border-radius: 3px; text-align: start")

#: The Altair renderer the kit turns on: SVG made locally by vl-convert.
CHART_RENDERER = "svg"

_shown_elsewhere: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "h4og_notice_shown_elsewhere", default=False)


def in_notebook() -> bool:
    """True in a Jupyter kernel (JupyterLab, Binder, Voila, VS Code); False in a script or in
    IPython in a terminal. Never imports IPython itself."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return getattr(shell, "kernel", None) is not None


def note_html(text: str) -> str:
    """``text`` (escaped) as a friendly note: a tinted box, laid out in the text's direction."""
    from h4og_kit.html.text import block

    return block("div", text, "h4og-note", role="note", style=NOTE_STYLE)


def announce(notice: str) -> None:
    """Show an offline answer's notice once: a note in a notebook, one logged line elsewhere.

    Nothing is shown inside :func:`notices_shown_elsewhere` (the caller shows it).
    """
    if not notice or _shown_elsewhere.get():
        return
    if in_notebook():
        from IPython.display import display

        display({"text/plain": notice, "text/html": note_html(notice)}, raw=True)
    else:
        log.warning(notice)


@contextlib.contextmanager
def notices_shown_elsewhere() -> Iterator[None]:
    """Searches in this block show no offline notice: the caller shows ``df.attrs["notice"]``
    itself (a dashboard's banner)."""
    token = _shown_elsewhere.set(True)
    try:
        yield
    finally:
        _shown_elsewhere.reset(token)


# -- charts -------------------------------------------------------------------------------------


def draw_charts_offline() -> bool:
    """Have Altair draw charts as SVG made locally (no CDN); True if that renderer is now on.

    Leaves a renderer someone chose alone, and changes nothing without ``vl-convert-python``.
    """
    import altair as alt

    if alt.renderers.active not in ("default", CHART_RENDERER):
        return False
    if importlib.util.find_spec("vl_convert") is None:
        log.debug("vl-convert-python is not installed: Altair keeps its CDN renderer")
        return False
    alt.renderers.enable(CHART_RENDERER)
    return True


