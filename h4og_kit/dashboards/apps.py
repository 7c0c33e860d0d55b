"""The dashboards in navigation order, and the folder that holds them.

Every page's header links them in this order; ``h4og serve`` lists them and serves the folder.
Labels and subtitles are English, marked for translation; pages show them in the viewer's
language.
"""

from __future__ import annotations

from pathlib import Path

from h4og_kit.i18n import N_

#: The folder of the apps, ``voila.json`` and ``templates/``: this package's own.
FOLDER = Path(__file__).resolve().parent

#: The dashboards, in navigation order: notebook file -> label.
APPS = {
    "showcase.ipynb": N_("Showcase"),
    "register.ipynb": N_("Register"),
    "matchmaking.ipynb": N_("Find teammates"),
    "schedule.ipynb": N_("Schedule"),
    "collections.ipynb": N_("Collections"),
    "rights.ipynb": N_("Rights"),
    "admin.ipynb": N_("Organizers"),
}

#: What each app is for, under its title.
SUBTITLES = {
    "showcase.ipynb": N_("Projects, people, collections, tools, workshops and challenges, live."),
    "register.ipynb": N_("Add your entry, or change it with the edit link you got when you "
                         "registered."),
    "matchmaking.ipynb": N_("Recommendations from skills, interests, languages and time zones."),
    "schedule.ipynb": N_("Workshops and weekly meetups; pick your time zone, add them to your "
                         "calendar."),
    "collections.ipynb": N_("Search a source, filter to reusable records, open one and copy its "
                            "credit line."),
    "rights.ipynb": N_("License categories per source, raw rights values, license "
                       "compatibility."),
    "admin.ipynb": N_("Every action needs the organizer token (H4OG_ADMIN_TOKEN)."),
}
