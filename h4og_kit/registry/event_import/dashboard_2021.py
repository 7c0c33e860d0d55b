"""Reading the Hack4OpenGLAM 2021 dashboard's data file into registry records.

The file is a list of entries in the shape the dashboard's importer wrote from the registration
form (``importer/src/import/parser/formatData.js`` of AvoinGLAM/h4og-dashboard): each has a
``type`` (``people``, ``collections``, ``projects``, ``tools``, ``workshops``) and a ``slug``
(its source id). Proposals share ``name``, ``shortDescription``, ``description``, ``links``
(``homepage``, ``codebase``) and ``media.thumbnail``; collections add ``organization``,
``country``, ``copyright``, ``access`` and ``considerations``; workshops ``language``, ``level``
and ``requirements``; people ``name``/``lastName``, ``company``, ``companyRole``, ``skills``,
``interests``, ``languages``, ``city``, ``email`` and ``meta.emailAllowed`` (their consent to be
contacted). Nobody is mailed: an e-mail is kept only when the file has one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from h4og_kit.registry.event_import.records import DESCRIPTION_LIMIT, Record, fit, link, links

#: The file's types and our kinds.
KINDS = {"people": "person", "collections": "collection", "projects": "project",
         "tools": "tool", "workshops": "workshop"}


def _lines(values: Any) -> list[str]:
    return [str(v).strip() for v in values or [] if str(v).strip()]


def _proposal(entry: dict) -> dict[str, Any]:
    source_links = entry.get("links") or {}
    media = entry.get("media") or {}
    return {
        "title": str(entry.get("name") or ""),
        "summary": fit(entry.get("shortDescription")),
        "description": fit(entry.get("description"), DESCRIPTION_LIMIT),
        "links": links(homepage=source_links.get("homepage"), source=source_links.get("codebase")),
        "image_url": link(media.get("thumbnail")),
    }


def _person(entry: dict) -> dict[str, Any]:
    name = " ".join(str(entry.get(k) or "").strip() for k in ("name", "lastName")).strip()
    fields = {
        "name": name, "organization": str(entry.get("company") or ""),
        "role": str(entry.get("companyRole") or ""), "city": str(entry.get("city") or ""),
        "skills": _lines(entry.get("skills")), "interests": _lines(entry.get("interests")),
        "description": fit(entry.get("description"), DESCRIPTION_LIMIT),
        "contact_consent": (entry.get("meta") or {}).get("emailAllowed") is True,
        "image_url": link(entry.get("picture")),
    }
    if link(entry.get("email")):
        fields["email"] = entry["email"].strip()
    return fields


def _collection(entry: dict) -> dict[str, Any]:
    access = str(entry.get("access") or "").strip()
    fields = _proposal(entry)
    if access:
        fields["description"] = fit(f"{fields['description']}\n\nAccess: {access}".strip(),
                                    DESCRIPTION_LIMIT)
    return {**fields, "institution": str(entry.get("organization") or ""),
            "country": str(entry.get("country") or ""), "rights": entry.get("copyright") or None,
            "ethical_considerations": str(entry.get("considerations") or "")}


def _workshop(entry: dict) -> dict[str, Any]:
    level = str(entry.get("level") or "").strip().lower() or None
    return {**_proposal(entry), "requirements": str(entry.get("requirements") or ""),
            "level": level}


_FIELDS = {"person": _person, "collection": _collection, "workshop": _workshop}


def read(path: Path) -> list[Record]:
    """The records of the 2021 dashboard data file at ``path`` (a list, or ``{"data": [...]}``)."""
    document = json.loads(path.read_text(encoding="utf-8"))
    entries = document.get("data", document) if isinstance(document, dict) else document
    records = []
    for row, entry in enumerate(entries, start=1):
        kind = KINDS.get(entry.get("type"))
        if kind is None:
            records.append(Record(row, f"h4og-2021:{entry.get('slug') or row}", "unknown", {}))
            continue
        fields = _FIELDS.get(kind, _proposal)(entry)
        source = f"h4og-2021:{entry.get('type')}:{entry.get('slug') or entry.get('index') or row}"
        records.append(Record(row, source, kind, fields,
                              stage="idea" if kind == "project" else None))
    return records
