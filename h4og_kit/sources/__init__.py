"""The GLAM sources the kit can search: one module per API, each a small class that declares itself.

Sources are found through the entry-point group ``h4og_kit.sources`` (see :mod:`h4og_kit.plugins`);
the kit's own register there exactly as a team's package does, in its ``pyproject.toml``::

    [project.entry-points."h4og_kit.sources"]
    met = "h4og_kit.sources.met:MetSource"

Once such a package is installed, ``h4og_kit.search("<name>", ...)`` finds it (see
docs/write-a-source.md). :data:`SOURCES` maps every name to its class (``title``,
``description``, ``terms_url``, ``key_env``...), loading on access; :func:`load` returns a ready
source object by name or alias; :func:`catalog` tabulates them. The base class and the paging
patterns are in :mod:`h4og_kit.sources.base` and :mod:`h4og_kit.sources.paging`.
"""

from __future__ import annotations

from h4og_kit.plugins import (
    ENTRY_POINT_GROUP,
    SOURCES,
    UnknownSource,
    declared_keys,
    load,
    registered,
    resolve,
)

__all__ = ["ENTRY_POINT_GROUP", "SOURCES", "UnknownSource", "catalog", "declared_keys", "load",
           "registered", "resolve"]


def catalog(with_samples: bool = True):
    """A DataFrame of every source: title, description, key, terms, and bundled sample records."""
    import pandas as pd

    rows = []
    for name, cls in SOURCES.items():
        row = {"source": name, "title": cls.title, "description": cls.description,
               "key": cls.key_note, "terms": cls.terms_url}
        if with_samples:
            row["bundled records"] = len(cls.default().offline_records())
        rows.append(row)
    return pd.DataFrame(rows)


def __getattr__(name: str):
    """The modules of this package on first use, e.g. ``h4og_kit.sources.iiif.read_manifest``."""
    import importlib.util

    if not name.startswith("_") and importlib.util.find_spec(f"{__name__}.{name}") is not None:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
