"""Reading a dribdat Data Package export (``datapackage.json`` with inline ``events`` and
``projects``) into registry records.

Each row of ``projects`` becomes a challenge (``is_challenge``) or a project; its team's dribdat
user names become people (drafts, without e-mail, not consenting to contact: they claim their
entry with its edit token). Links: ``source_url`` -> source, ``webpage_url`` -> demo,
``download_url`` -> dataset, the project's dribdat page -> homepage, ``image_url`` -> image; the
``hashtag`` words become keywords. dribdat's ``progress`` maps to our stages by dribdat's own
stage table (``dribdat/templates/includes/stages.yaml``: CHALLENGE 0, NEW 5, RESEARCHED 10,
SKETCHED 20, PROTOTYPED 30, LAUNCHED 40, LIVE 50; older versions used -1 for a challenge and
-100 for none): a value takes the stage of the highest step it reaches.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from h4og_kit.i18n import gettext as _
from h4og_kit.registry.event_import.records import DESCRIPTION_LIMIT, Record, fit, link, links

#: dribdat's progress steps (its stages.yaml ids) and our stage for each, highest first.
PROGRESS_STAGES = ((50, "live"), (40, "presented"), (30, "prototype"), (20, "sketch"),
                   (10, "research"), (5, "team"), (0, "idea"))


def stage_of(progress: Any) -> str:
    """Our stage for a dribdat ``progress`` value (a number, or its text in an export)."""
    try:
        value = int(float(progress))
    except (TypeError, ValueError):
        return "idea"
    return next((stage for step, stage in PROGRESS_STAGES if value >= step), "idea")


def _true(value: Any) -> bool:
    return value is True or str(value).strip().lower() == "true"


def _resource(package: dict, name: str) -> list[dict]:
    for resource in package.get("resources", []):
        if resource.get("name") == name:
            return list(resource.get("data") or [])
    raise ValueError(f"the data package has no inline {name!r} resource (is it a dribdat export?)")


def read(path: Path) -> list[Record]:
    """The records of the dribdat export at ``path`` (a file, or a folder holding
    ``datapackage.json``)."""
    path = path / "datapackage.json" if path.is_dir() else path
    package = json.loads(path.read_text(encoding="utf-8"))
    records: list[Record] = []
    people: dict[str, Record] = {}
    for row, project in enumerate(_resource(package, "projects"), start=1):
        page = link(project.get("url"))
        source = page or f"{project.get('event_url', '')}#project-{project.get('id')}"
        host = source.split("/project/")[0]
        members = [name.strip() for name in str(project.get("team") or "").split(",")
                   if name.strip()]
        for name in members:
            people.setdefault(name, Record(row, f"{host}/user/{name}", "person",
                                           {"name": name, "status": "draft"}))
        records.append(_project(row, source, page, project, [people[n].source for n in members]))
    return [*people.values(), *records]


def _project(row: int, source: str, page: str | None, project: dict,
             team: list[str]) -> Record:
    description = project.get("longtext") or project.get("excerpt") or ""
    fields: dict[str, Any] = {
        "title": str(project.get("name") or ""),
        "summary": fit(project.get("summary")),
        "description": fit(description, DESCRIPTION_LIMIT),
        "keywords": [w for w in str(project.get("hashtag") or "").split() if w.strip("#")],
        "links": links(homepage=page, source=project.get("source_url"),
                       demo=project.get("webpage_url"), dataset=project.get("download_url")),
        "image_url": link(project.get("image_url")),
    }
    if _true(project.get("is_challenge")):
        return Record(row, source, "challenge", fields, team_sources=team)
    record = Record(row, source, "project", fields, team_sources=team,
                    stage=stage_of(project.get("progress")))
    count = str(project.get("team_count") or "")
    if count.isdigit() and int(count) != len(team):
        record.notes.append(_("dribdat counts {count} team members; {named} are named").format(
            count=count, named=len(team)))
    return record
