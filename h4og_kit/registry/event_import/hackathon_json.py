"""Reading schema.org ``Hackathon`` JSON-LD (dribdat's ``/hackathon.json``) into registry records.

Each ``workPerformed`` CreativeWork becomes a project at the first stage (the format carries no
progress): ``name`` -> title, ``description`` -> summary and description, ``url`` -> homepage
(and the source id), ``discussionUrl`` -> chat, ``image`` -> image.
"""

from __future__ import annotations

import json
from pathlib import Path

from h4og_kit.registry.event_import.records import DESCRIPTION_LIMIT, Record, fit, link, links


def read(path: Path) -> list[Record]:
    """The records of the ``hackathon.json`` file at ``path``."""
    document = json.loads(path.read_text(encoding="utf-8"))
    if document.get("@type") != "Hackathon":
        raise ValueError(f"{path} is not a schema.org Hackathon (its @type is "
                         f"{document.get('@type')!r})")
    works = document.get("workPerformed") or []
    works = works if isinstance(works, list) else [works]
    event = document.get("url") or document.get("name") or str(path.name)
    records = []
    for row, work in enumerate(works, start=1):
        page = link(work.get("url"))
        text = str(work.get("description") or "")
        records.append(Record(row, page or f"{event}#work-{row}", "project", {
            "title": str(work.get("name") or ""),
            "summary": fit(text),
            "description": fit(text, DESCRIPTION_LIMIT) if len(text) > len(fit(text)) else "",
            "links": links(homepage=page, chat=work.get("discussionUrl")),
            "image_url": link(work.get("image")),
        }, stage="idea"))
    return records
