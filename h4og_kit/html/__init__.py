"""The one rendering layer: registry entries (and the kit's other views) to escaped HTML.

- :mod:`~h4og_kit.html.text`: all escaping (:func:`esc`, the :class:`Html` marker of built HTML,
  :func:`bdi` and :func:`block` to isolate typed text for its script direction, :func:`fill`);
- :mod:`~h4og_kit.html.pieces`: links, images, badges, tags, banners, lists, tables,
  highlights and download links;
- :mod:`~h4og_kit.html.labels`: the names shown for kinds and Local Contexts label codes;
- :mod:`~h4og_kit.html.timeline`: a project's stage timeline;
- :mod:`~h4og_kit.html.times`: times in the viewer's language (CLDR), and how long ago;
- :mod:`~h4og_kit.html.cards`: the card of an entry (boards, matchmaking, static showcase);
- :mod:`~h4og_kit.html.feed`: the lines of the activity feed;
- :mod:`~h4og_kit.html.showcase`: the static showcase page (the ``html`` export, and pages
  served without a kernel), styled by :mod:`~h4og_kit.html.style`;
- :mod:`~h4og_kit.html.public`: the live public showcase and the page of each entry (Open Graph,
  schema.org JSON-LD), served by ``h4og serve`` and written by ``h4og publish``.

Widgets, exports and pages build their HTML from these functions only, so text people typed
never becomes markup. Importing this package is cheap: the entry parts load when first used.
"""

from __future__ import annotations

import importlib
from typing import Any

from h4og_kit.html.pieces import (
    badge,
    banner,
    bullet_list,
    download_link,
    highlight,
    image,
    link,
    table,
    tags,
)
from h4og_kit.html.text import Html, attributes, bdi, block, esc, fill, join, web_url

_LAZY = {
    "entry_card": "cards",
    "links_line": "cards",
    "feed_line": "feed",
    "kind_label": "labels",
    "kind_plural": "labels",
    "tk_label_name": "labels",
    "tk_labels": "labels",
    "render_showcase": "showcase",
    "short_time": "times",
    "timeline": "timeline",
}

__all__ = [
    "Html",
    "attributes",
    "badge",
    "banner",
    "bdi",
    "block",
    "bullet_list",
    "download_link",
    "entry_card",
    "esc",
    "feed_line",
    "fill",
    "highlight",
    "image",
    "join",
    "kind_label",
    "kind_plural",
    "link",
    "links_line",
    "render_showcase",
    "short_time",
    "table",
    "tags",
    "timeline",
    "tk_label_name",
    "tk_labels",
    "web_url",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module = importlib.import_module(f"h4og_kit.html.{_LAZY[name]}")
        return getattr(module, "render" if name == "render_showcase" else name)
    raise AttributeError(f"module 'h4og_kit.html' has no attribute {name!r}")
