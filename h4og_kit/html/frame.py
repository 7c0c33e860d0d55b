"""What every page the kit renders without a kernel opens and closes with: ``<html>`` in the
current language and its direction, and the footer's note about typed text."""

from __future__ import annotations

from h4og_kit.html.text import Html, esc
from h4og_kit.i18n import N_, current, direction
from h4og_kit.i18n import gettext as _

#: The footer's promise about typed text.
TYPED_NOTE = N_("Everything here was typed by participants and is shown as plain text.")


def html_open() -> Html:
    """``<!DOCTYPE html><html lang dir>`` in the current language (``dir="rtl"`` in Arabic)."""
    lang = current()
    return Html(f'<!DOCTYPE html>\n<html lang="{esc(lang)}" dir="{direction(lang)}">')


def typed_note() -> Html:
    """:data:`TYPED_NOTE` in the current language."""
    return esc(_(TYPED_NOTE))
