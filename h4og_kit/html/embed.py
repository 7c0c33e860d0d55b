"""The embeddable card of one public entry: a small self-contained page for an ``<iframe>`` on a
project's own site.

:func:`embed_page` wraps a card (already escaped HTML from :func:`~h4og_kit.html.cards.entry_card`)
in a page with its style inline and no script; its links open in a new tab, relative to
``root`` (the showcase). :data:`EMBED_POLICY` is the Content-Security-Policy it is served with:
nothing runs, nothing loads but images, and any site may frame it.
"""

from __future__ import annotations

from typing import Any

from h4og_kit.html.frame import html_open
from h4og_kit.html.text import Html, esc

EMBED_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:; "
                "base-uri 'self'; form-action 'none'; frame-ancestors *")
_EMBED_CSS = "body{margin:0;padding:.4rem;background:transparent}.h4og-card{max-width:40rem}"


def embed_page(card: Html, *, title: Any, css: str, root: str = "../") -> Html:
    """The page of one ``card`` (``title``: the entry's, for the tab), styled by ``css``."""
    return Html(
        f'{html_open()}<head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex">'
        f'<base href="{esc(root)}" target="_blank"><title>{esc(title)}</title>'
        f"<style>{css}{_EMBED_CSS}</style></head>"
        f'<body class="h4og-embed">{card}</body></html>\n'
    )
