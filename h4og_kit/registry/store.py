"""The hackathon registry: one :class:`Registry` object over the database, its reads and writes.

:class:`Registry` puts together the database and its transactions (:mod:`.engine`), the write
path (:mod:`.writes`), the reads (:mod:`.reads`) and matchmaking over the published entries.
Every authorization decision is in :mod:`.access`; exports and imports are in :mod:`.archive`,
which uses the registry (never the reverse).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from h4og_kit.i18n import N_
from h4og_kit.registry import access, schema
from h4og_kit.registry.access import THROTTLE, WrongToken
from h4og_kit.registry.engine import Database
from h4og_kit.registry.reads import Reads
from h4og_kit.registry.stages import Stages, load_stages
from h4og_kit.registry.writes import Writes


class Registry(Writes, Reads, Database):
    """People, projects, collections, tools, workshops and challenges of one hackathon.

    ``Registry()`` opens (and creates, or migrates) the registry at ``H4OG_REGISTRY_URL`` or the
    default SQLite file; ``Registry("sqlite://")`` is an in-memory one; a
    ``postgresql+psycopg://`` URL serves several dashboard servers at once. ``stages`` is a path
    to a stages.json (see :mod:`h4og_kit.registry.stages`) or a :class:`Stages`.
    """

    def __init__(self, url: str | None = None, *, stages: Stages | str | Path | None = None):
        super().__init__(url)
        self.stages = stages if isinstance(stages, Stages) else load_stages(stages)
        self.run_write(schema.migrate)

    def require_organizer(self, token: str | None, what: str = N_("use the organizer tools")) -> None:
        """Raise :class:`PermissionDenied` unless ``token`` is the organizer token; wrong tokens
        are answered more slowly the more of them this process has seen."""
        try:
            access.require_organizer(token, what)
        except WrongToken:
            THROTTLE.failed()
            raise

    # -- matchmaking (see h4og_kit.registry.matching) -------------------------------------------

    def recommend_projects(self, person_id: str, limit: int = 10) -> list:
        """Published projects for a person, best first, each with its reasons."""
        from h4og_kit.registry.matching import recommend_projects

        people = self.search(kind="person", status="published", limit=None)
        projects = self.search(kind="project", status="published", limit=None)
        return recommend_projects(self.get(person_id), projects, people=people, limit=limit)

    def recommend_people(self, project_id: str, limit: int = 10) -> list:
        """Published people (who agreed to be contacted) for a project, best first, with reasons."""
        from h4og_kit.registry.matching import recommend_people

        people = self.search(kind="person", status="published", limit=None)
        return recommend_people(self.get(project_id), people, limit=limit)

    def suggest_teams(self, capacity: int | Mapping[str, int] = 5, *, token: str | None = None):
        """Optimal teams over the published people and projects (a :class:`TeamPlan`); it places
        people on teams, so it is for organizers (``token``) only."""
        from h4og_kit.registry.matching import suggest_teams

        self.require_organizer(token, N_("see suggested teams"))
        people = [p for p in self.search(kind="person", status="published", limit=None)
                  if p.fields.get("contact_consent")]  # only people who agreed to be contacted
        projects = self.search(kind="project", status="published", limit=None)
        return suggest_teams(people, projects, capacity)
