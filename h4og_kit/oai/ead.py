"""EAD finding aids (``ead``, EAD 2002 with or without its namespace): one record for the
collection, and one for every described component (``c``, ``c01`` .. ``c12``) that has a title.

A component's id is the collection's id, ``#`` and the component's own ``id`` (else its position,
``#c17``). Conditions of use (``userestrict``, else ``accessrestrict``), the creator
(``origination``) and the holding repository are inherited from the nearest level above that
states them, as archival description intends; dates, extent and links are the component's own.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from h4og_kit.oai.namespaces import XLINK
from h4og_kit.oai.xmltext import child, children, first, is_link, local, path, text, texts
from h4og_kit.records import record

COMPONENT = re.compile(r"c(0[1-9]|1[0-2])?")
HREF = f"{{{XLINK}}}href"
ROLE = f"{{{XLINK}}}role"


@dataclass(frozen=True)
class Inherited:
    """What a level hands down to the components below it."""

    rights: str | None = None
    creator: tuple[str, ...] = ()
    institution: str | None = None


def _prose(el: ET.Element | None) -> str | None:
    """The paragraphs of a note (``head`` left out), else its text."""
    if el is None:
        return None
    paragraphs = texts(p for p in el.iter() if local(p.tag) == "p")
    return "\n".join(paragraphs) if paragraphs else text(el)


def _rights(level: ET.Element) -> str | None:
    notes = [n for name in ("userestrict", "accessrestrict") for n in children(level, name)]
    return first(_prose(n) for n in notes)


def _span(did: ET.Element) -> tuple[int | None, int | None]:
    """First and last year of the unit's dates, from their ``normal`` form (``1842/1936``)."""
    years = [
        int(y)
        for d in children(did, "unitdate")
        for y in re.findall(r"(?<!\d)-?\d{4}(?!\d)", d.get("normal") or "")
    ]
    return (min(years), max(years)) if years else (None, None)


def _links(level: ET.Element, did: ET.Element) -> tuple[str | None, str | None]:
    """(the digital object's page, its thumbnail) from ``dao`` and ``daogrp/daoloc``."""
    daos = [d for parent in (did, level) for d in parent if local(d.tag) in ("dao", "daogrp")]
    located = [(loc, loc.get(HREF)) for d in daos for loc in d.iter() if loc.get(HREF)]
    thumbs = [h for loc, h in located if "thumbnail" in (loc.get(ROLE) or "")]
    pages = [h for loc, h in located if h not in thumbs and is_link(h)]
    return first(pages), first(thumbs)


def _unit(
    level: ET.Element, record_id: str, heritage: Inherited, title: str | None = None
) -> tuple[dict, Inherited]:
    """The record of one level of description, and what it hands down."""
    did = child(level, "did")
    creator = tuple(texts(o for o in path(did, "origination"))) or heritage.creator
    institution = first(texts(path(did, "repository"))) or heritage.institution
    rights = _rights(level) or heritage.rights
    page, thumbnail = _links(level, did) if did is not None else (None, None)
    start, end = _span(did) if did is not None else (None, None)
    dates = path(did, "unitdate")
    description = texts(path(did, "abstract")) or [
        p for note in children(level, "scopecontent") if (p := _prose(note))
    ]
    row = record(
        "oai",
        id=record_id,
        title=title or first(texts(path(did, "unittitle"))),
        creator=list(creator),
        date=texts(d for d in dates if d.get("type") != "bulk") or texts(dates),
        date_start=start,
        date_end=end,
        type=level.get("level"),
        description=description,
        institution=institution,
        url=page,
        thumbnail_url=thumbnail,
        rights=rights,
        language=[x.get("langcode") for x in path(did, "langmaterial", "language")],
        place=texts(g for c in children(level, "controlaccess") for g in c.iter()
                    if local(g.tag) == "geogname"),
    )
    return row, Inherited(rights, creator, institution)


def parse_ead(ead: ET.Element, identifier: str | None) -> list[dict]:
    """The collection's record, then one record per titled component, in document order."""
    header = child(ead, "eadheader")
    eadid = child(header, "eadid")
    collection_id = identifier or text(eadid)
    archdesc = child(ead, "archdesc")
    if archdesc is None or not collection_id:
        return []
    fallback = first(texts(path(header, "filedesc", "titlestmt", "titleproper")))
    titled = first(texts(path(archdesc, "did", "unittitle"))) or fallback
    top, heritage = _unit(archdesc, collection_id, Inherited(), title=titled)
    if not top["url"] and eadid is not None and is_link(eadid.get("url")):
        top["url"] = eadid.get("url")
    rows = [top]
    counter = iter(range(1, 1_000_000))

    def walk(parent: ET.Element, above: Inherited) -> None:
        for c in parent:
            if not COMPONENT.fullmatch(local(c.tag)):
                continue
            position = next(counter)
            own_id = f"{collection_id}#{c.get('id') or f'c{position}'}"
            row, below = _unit(c, own_id, above)
            if row["title"]:
                rows.append(row)
            walk(c, below)

    for dsc in children(archdesc, "dsc"):
        walk(dsc, heritage)
    return rows
