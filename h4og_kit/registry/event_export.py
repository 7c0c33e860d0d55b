"""The event's public data in the shapes other hackathon tools read: dribdat and schema.org.

- :func:`hackathon_json`: schema.org ``Hackathon`` JSON-LD with ``workPerformed`` (each public
  project and challenge as a ``CreativeWork``), the shape of dribdat's ``/hackathon.json``;
- :func:`dribdat_datapackage`: a Data Package like dribdat's own exports (``version`` "0.2.0"):
  resources ``events`` (one row) and ``projects``, their rows inline, with dribdat's columns.

Both read only what :func:`public_records` gives: published entries seen through
:func:`~h4og_kit.registry.access.public_view` (no draft, hidden entry, e-mail or token; a
person's own links only with their consent). Team members are named only when their own entry is
published. What the registry does not know about the event (its dates, place, address) comes in
``event``: ``name``, ``description``, ``start``, ``end`` (ISO 8601), ``location`` (text),
``place`` (the venue's name), ``url``, ``image``, ``offers_url``.

Our stages map to dribdat's ``progress`` by dribdat's own table
(``dribdat/templates/includes/stages.yaml`` of dribdat/dribdat): see :data:`PROGRESS`.
Times are written as dribdat writes them, to the minute (``2024-09-06T09:00``), in UTC.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from h4og_kit.registry.store import Registry

#: Our stage -> (dribdat ``progress``, its stage ``name``, its ``phase``), from dribdat's
#: stages.yaml at 3b9f9e2, whose phases the real GLAMhack exports carry: 0 CHALLENGE "define
#: questions", 5 PROJECT "collecting resources together" (a team), 10 RESEARCH "scoping", 20
#: SKETCH "wireframes or sketches", 30 PROTOTYPE "an online demo", 40 LAUNCH "gaining insights"
#: (presented), 50 LIVE "making the results public". The ids are the same in its other stored
#: version (01427dd: NEW "a team has formed", LAUNCHED "deployed and presented", ...).
PROGRESS: dict[str, tuple[int, str, str]] = {
    "idea": (0, "CHALLENGE", "Challenge"),
    "team": (5, "PROJECT", "Project"),
    "research": (10, "RESEARCH", "Research"),
    "sketch": (20, "SKETCH", "Sketching"),
    "prototype": (30, "PROTOTYPE", "Prototype"),
    "presented": (40, "LAUNCH", "Launch"),
    "live": (50, "LIVE", "Share"),
}
#: The kinds that dribdat calls projects (a challenge is a project with ``is_challenge``).
WORK_KINDS = ("project", "challenge")
DRIBDAT_VERSION = "0.2.0"


def public_records(registry: Registry) -> list[dict[str, Any]]:
    """Every public entry as a record (``id``, ``kind``, ``featured``, ``version``, ``created``,
    ``updated``, ``fields`` as the public sees them): what a public export, the showcase and
    the feeds may show."""
    from h4og_kit.registry.access import is_public, public_view

    return [{"id": e.id, "kind": e.kind, "featured": e.featured, "version": e.version,
             "created": e.created, "updated": e.updated,
             "fields": public_view(e.kind, e.fields)}
            for e in registry.search(status="published", limit=None) if is_public(e.fields)]


def minute(iso: str | None) -> str:
    """An ISO 8601 time to the minute, as dribdat writes it (``""`` for none)."""
    return (iso or "")[:16]


def _link(fields: Mapping[str, Any], name: str) -> str:
    return str((fields.get("links") or {}).get(name) or "")


def _page(base_url: str | None, entry_id: str) -> str:
    return f"{base_url.rstrip('/')}/entry/{entry_id}" if base_url else ""


def _works(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in records if r["kind"] in WORK_KINDS]


def hackathon_json(registry: Registry, *, base_url: str | None = None,
                   event: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The event as schema.org ``Hackathon`` JSON-LD, its public projects as ``workPerformed``.
    ``base_url``: the public showcase's address (each work's ``url`` is its entry page)."""
    return hackathon_document(public_records(registry), base_url=base_url, event=event)


def hackathon_document(records: list[dict[str, Any]], *, base_url: str | None = None,
                       event: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """:func:`hackathon_json` of public ``records`` (as :func:`public_records` gives them, or a
    public snapshot's entries)."""
    event = event or {}
    location: Any = event.get("location") or ""
    if event.get("place"):
        location = {"@type": "Place", "address": location, "name": event["place"]}
    works = []
    for r in _works(records):
        f = r["fields"]
        works.append({
            "@type": "CreativeWork", "name": f.get("title") or r["id"],
            "dateCreated": minute(r["created"]), "dateModified": minute(r["updated"]),
            "description": f.get("summary") or f.get("description") or "",
            "discussionUrl": _link(f, "chat"), "image": f.get("image_url") or "",
            "license": f.get("license_uri") or "",
            "url": _page(base_url, r["id"]) or _link(f, "homepage"),
        })
    return {
        "@context": "http://schema.org", "@type": "Hackathon",
        "name": event.get("name") or "Hackathon", "description": event.get("description") or "",
        "startDate": minute(event.get("start")), "endDate": minute(event.get("end")),
        "url": event.get("url") or base_url or "", "location": location,
        "image": event.get("image") or "",
        "offers": {"@type": "Offer", "url": event.get("offers_url") or event.get("url") or ""},
        "workPerformed": works,
    }


def _project_row(r: dict[str, Any], names: Mapping[str, str], event: Mapping[str, Any],
                 base_url: str | None) -> dict[str, Any]:
    f = r["fields"]
    challenge = r["kind"] == "challenge"
    progress, _name, phase = PROGRESS.get("idea" if challenge else f.get("stage"),
                                          PROGRESS["idea"])
    team = [names[m] for m in f.get("team") or [] if m in names]
    longtext = f.get("description") or ""
    return {
        "autotext": "", "autotext_url": "", "category_id": "", "category_name": "",
        "contact_url": _link(f, "chat"), "created_at": minute(r["created"]),
        "download_url": _link(f, "dataset"), "event_name": event.get("name") or "Hackathon",
        "event_url": event.get("url") or base_url or "", "excerpt": longtext[:500],
        "hashtag": " ".join(f.get("keywords") or []), "id": r["id"], "ident": None,
        "image_url": f.get("image_url") or "", "is_challenge": challenge, "is_webembed": False,
        "logo_color": "", "logo_icon": "", "longtext": longtext, "maintainer": "",
        "name": f.get("title") or r["id"], "phase": phase, "progress": progress, "score": 0,
        "source_url": _link(f, "source"), "stats": {}, "summary": f.get("summary") or "",
        "team": ", ".join(team), "team_count": len(team), "updated_at": minute(r["updated"]),
        "url": _page(base_url, r["id"]),
        "webpage_url": _link(f, "homepage") or _link(f, "demo"),
    }


def _event_row(event: Mapping[str, Any], base_url: str | None) -> dict[str, Any]:
    return {
        "aftersubmit": "", "boilerplate": "", "certificate_path": "", "community_embed": "",
        "community_url": "", "custom_css": "", "description": event.get("description") or "",
        "ends_at": minute(event.get("end")), "gallery_url": "", "has_finished": False,
        "has_started": False, "hashtags": "", "hostname": event.get("place") or "", "id": 1,
        "instruction": "", "location": event.get("location") or "", "location_lat": 0.0,
        "location_lon": 0.0, "logo_url": event.get("image") or "",
        "name": event.get("name") or "Hackathon", "starts_at": minute(event.get("start")),
        "summary": event.get("description") or "",
        "webpage_url": event.get("url") or base_url or "",
    }


def dribdat_package(registry: Registry, *, base_url: str | None = None,
                    event: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The dribdat-compatible Data Package descriptor, its rows inline (see the module)."""
    from h4og_kit.registry.models import utc_now

    event = event or {}
    records = public_records(registry)
    names = {r["id"]: r["fields"].get("title") or r["id"] for r in records
             if r["kind"] == "person"}
    projects = [_project_row(r, names, event, base_url) for r in _works(records)]
    return {
        "contributors": [], "created": minute(utc_now()),
        "description": event.get("description") or "", "homepage": base_url or "",
        "keywords": ["dribdat", "hackathon", "co-creation"],
        "licenses": [{"name": "ODC-PDDL-1.0", "path": "http://opendatacommons.org/licenses/pddl/",
                      "title": "Open Data Commons Public Domain Dedication & License 1.0"}],
        "name": "event-1", "resources": [{"name": "events", "data": [_event_row(event, base_url)]},
                                         {"name": "projects", "data": projects}],
        "sources": [{"path": base_url or "", "title": "h4og-kit"}],
        "title": event.get("name") or "Hackathon", "version": DRIBDAT_VERSION,
    }


def dribdat_datapackage(registry: Registry, path: str | Path, *, base_url: str | None = None,
                        event: Mapping[str, Any] | None = None) -> Path:
    """Write :func:`dribdat_package` to ``path`` (a ``.json`` file, or a folder that gets a
    ``datapackage.json``); return the file written."""
    path = Path(path)
    if path.suffix != ".json":
        path = path / "datapackage.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    package = dribdat_package(registry, base_url=base_url, event=event)
    path.write_text(json.dumps(package, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path
