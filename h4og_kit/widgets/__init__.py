"""ipywidgets views over the library: explorers, the registration form, the boards.

Each view is an ``ipywidgets.VBox``: show it in a notebook cell by making it the cell's last value,
or serve it in a Voila app (``h4og_kit/dashboards/``)::

    from h4og_kit.registry import Registry
    from h4og_kit.widgets import ProjectBoard
    ProjectBoard(Registry())

Views call the library, never an API or the database directly; edit rights are checked by the
:class:`~h4og_kit.registry.Registry` and the views show its messages. Everything a person typed is
HTML-escaped before it reaches an HTML widget.

Importing this package is cheap; ipywidgets loads with the first view.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from h4og_kit.widgets.admin import AdminPanel
    from h4og_kit.widgets.board import ProjectBoard
    from h4og_kit.widgets.explorer import CollectionExplorer
    from h4og_kit.widgets.form import RegistrationForm
    from h4og_kit.widgets.matchmaker import MatchMaker
    from h4og_kit.widgets.page import dashboard_page
    from h4og_kit.widgets.rights_view import RightsExplorer
    from h4og_kit.widgets.schedule_view import Schedule

_VIEWS = {
    "AdminPanel": "admin",
    "CollectionExplorer": "explorer",
    "MatchMaker": "matchmaker",
    "ProjectBoard": "board",
    "RegistrationForm": "form",
    "RightsExplorer": "rights_view",
    "Schedule": "schedule_view",
    "dashboard_page": "page",
}

__all__ = [
    "AdminPanel",
    "CollectionExplorer",
    "MatchMaker",
    "ProjectBoard",
    "RegistrationForm",
    "RightsExplorer",
    "Schedule",
    "dashboard_page",
]


def __getattr__(name: str) -> Any:
    if name in _VIEWS:
        return getattr(importlib.import_module(f"h4og_kit.widgets.{_VIEWS[name]}"), name)
    raise AttributeError(f"module 'h4og_kit.widgets' has no attribute {name!r}")
