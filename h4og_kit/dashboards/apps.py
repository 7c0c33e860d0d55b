"""The dashboards in navigation order, and the folder that holds them.

Every page's header links them in this order; ``h4og serve`` lists them and serves the folder.
"""

from __future__ import annotations

from pathlib import Path

#: The folder of the apps, ``voila.json`` and ``templates/``: this package's own.
FOLDER = Path(__file__).resolve().parent

#: The dashboards, in navigation order: notebook file -> label.
APPS = {
    "showcase.ipynb": "Showcase",
    "register.ipynb": "Register",
    "matchmaking.ipynb": "Find teammates",
    "schedule.ipynb": "Schedule",
    "collections.ipynb": "Collections",
    "rights.ipynb": "Rights",
    "admin.ipynb": "Organizers",
}
