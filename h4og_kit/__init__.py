"""h4og-kit: the workshop and notebook kit for open-GLAM hackathons.

One line fetches an open collection into a tidy table, online or offline::

    import h4og_kit
    df = h4og_kit.search("artic", "cat")

The public names are listed in ``__all__``; heavy libraries (pandas, SQLAlchemy, ipywidgets) load
only when first used, so ``import h4og_kit`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/h4og-kit/h4og-kit"

__all__ = [
    "SourceError",
    "__version__",
    "config",
    "iiif",
    "parse",
    "records",
    "rights",
    "search",
    "sources",
]

if TYPE_CHECKING:
    import pandas as pd

_LAZY_MODULES = {
    "sources", "iiif", "rights", "records", "config", "http", "metadata", "equity", "registry",
    "widgets", "schedule", "i18n",
}


def search(source: str, query: str = "", **kw: Any) -> pd.DataFrame:
    """Search one source (see ``h4og_kit.sources.SOURCES``: the kit's own and those other installed
    packages register) and return common records as a DataFrame.

    Keyword arguments go to the source's ``search``: ``limit``, ``open_only``, ``strict``,
    ``progress`` and the source's own filters.
    """
    from h4og_kit.plugins import load

    return load(source).search(query, **kw)


def parse(source: str, payload: Any) -> pd.DataFrame:
    """Parse one raw API response of ``source`` into common records (a DataFrame)."""
    from h4og_kit.plugins import load
    from h4og_kit.records import to_frame

    return to_frame(load(source).parse(payload))


def __getattr__(name: str) -> Any:
    if name == "SourceError":
        from h4og_kit.errors import SourceError

        return SourceError
    if name in _LAZY_MODULES:
        return importlib.import_module(f"h4og_kit.{name}")
    raise AttributeError(f"module 'h4og_kit' has no attribute {name!r}")


from h4og_kit import accessors as _accessors
from h4og_kit import notebook as _notebook
from h4og_kit.import_hooks import after_import as _after_import

_after_import("pandas", _accessors.register)  # df.rights and df.equity
_after_import("altair", _notebook.draw_charts_offline)  # charts as local SVG: no CDN
