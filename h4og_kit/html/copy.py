"""Copy buttons: a button that puts a text on the clipboard and says "Copied" beside it.

ipywidgets cannot run a script, so the button is plain HTML that the dashboard template's script
handles (``h4og_kit/dashboards/templates/lab/index.html.j2``): a click on a
``<button data-h4og-copy="...">`` copies that text with the clipboard API (or by selecting it
where the page is not a secure context, as on plain http away from localhost) and writes the
button's ``data-h4og-copied`` words, or its ``data-h4og-copy-failed`` advice, into the
``.h4og-copy-status`` beside it, which screen readers announce.
"""

from __future__ import annotations

from typing import Any

from h4og_kit.html.text import Html, esc
from h4og_kit.i18n import gettext as _


def copy_button(text: Any, label: str) -> Html:
    """A button labelled ``label`` that copies ``text`` (escaped here), with its status line."""
    copied = _("Copied.")
    failed = _("Could not copy here: select the text and copy it.")
    return Html(
        '<span class="h4og-copy">'
        f'<button type="button" class="h4og-copy-button" data-h4og-copy="{esc(str(text))}" '
        f'data-h4og-copied="{esc(copied)}" data-h4og-copy-failed="{esc(failed)}">'
        f"{esc(label)}</button>"
        ' <span class="h4og-copy-status" role="status" aria-live="polite"></span></span>'
    )
