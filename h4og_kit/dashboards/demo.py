"""Demo or real: the registry the dashboards open.

``h4og serve --demo`` (and Binder) set ``H4OG_DEMO=1``: the apps then open the demo registry
(its own SQLite file in the data directory) instead of ``Registry()``, and every page that shows
the registry says so.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from h4og_kit.registry import Registry

DEMO_ENV = "H4OG_DEMO"


def is_demo() -> bool:
    """True when the dashboards serve the demo registry (``H4OG_DEMO=1``)."""
    return os.environ.get(DEMO_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def open_registry() -> Registry:
    """The demo registry under ``H4OG_DEMO=1``, else ``Registry()`` (``H4OG_REGISTRY_URL``).

    In a preheated Voila kernel it first waits for the page's visitor
    (:func:`~h4og_kit.widgets.context.wait_for_visitor`): an app reads its lists when someone
    opens it, so a person who registered a moment ago is already there.
    """
    from h4og_kit.widgets.context import wait_for_visitor

    wait_for_visitor()
    if is_demo():
        from h4og_kit.registry import demo_registry

        return demo_registry()
    from h4og_kit.registry import Registry

    return Registry()
