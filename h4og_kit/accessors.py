"""The kit's pandas accessors, ``df.rights`` and ``df.equity``, registered without slowing imports.

pandas is heavy, so ``import h4og_kit`` does not import it. The accessors are registered as soon
as pandas is there: at once if it was imported first, otherwise by a one-shot import hook that
fires when pandas finishes loading. Each accessor loads its module only when first used.
"""

from __future__ import annotations

import importlib

_ACCESSORS = {
    "rights": ("h4og_kit.rights.accessor", "RightsAccessor"),
    "equity": ("h4og_kit.equity.accessor", "EquityAccessor"),
}
_registered = False


def _lazy(module: str, name: str):
    def make(frame):
        return getattr(importlib.import_module(module), name)(frame)

    return make


def register() -> None:
    """Register ``df.rights`` and ``df.equity`` (idempotent; imports pandas)."""
    global _registered
    if _registered:
        return
    import pandas as pd

    for attribute, (module, name) in _ACCESSORS.items():
        pd.api.extensions.register_dataframe_accessor(attribute)(_lazy(module, name))
    _registered = True
