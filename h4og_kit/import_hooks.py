"""Run a function right after a module is imported, without importing it now.

``import h4og_kit`` stays light: it never imports pandas or Altair, yet registers its pandas
accessors and its offline chart renderer as soon as the notebook imports them. :func:`after_import`
does that: at once if the module is already loaded, otherwise through a one-shot import hook
(a meta-path finder) that fires when the module finishes loading.
"""

from __future__ import annotations

import importlib.util
import logging
import sys
from collections.abc import Callable

log = logging.getLogger("h4og_kit")


class _AfterImport:
    """A one-shot meta-path finder: once ``name`` has loaded, call ``callback``."""

    def __init__(self, name: str, callback: Callable[[], None]):
        self.name, self.callback = name, callback

    def find_spec(self, fullname, path=None, target=None):
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        original = spec.loader.exec_module

        def exec_module(module):
            original(module)
            _call(self.callback, fullname)

        spec.loader.exec_module = exec_module
        return spec


def _call(callback: Callable[[], None], name: str) -> None:
    try:
        callback()
    except Exception:  # the kit's extra must never break the user's `import name`
        log.debug("could not set up %s after importing %s", callback.__name__, name,
                  exc_info=True)


def after_import(name: str, callback: Callable[[], None]) -> None:
    """Call ``callback`` now if module ``name`` is imported, else right after it is (once)."""
    if name in sys.modules:
        _call(callback, name)
    elif not any(isinstance(f, _AfterImport) and (f.name, f.callback) == (name, callback)
                 for f in sys.meta_path):
        sys.meta_path.insert(0, _AfterImport(name, callback))
