"""LIDO (``lido:lido``, one or more in a ``lido:lidoWrap``): museum objects with their events,
places, repository and the rights of their digital resources.

The record's rights are those of the digital resource it shows (``rightsResource`` of the first
``resourceSet``), else of the object (``rightsWorkSet``); never ``recordRights``, which license
the metadata record, not the object or its image. Terms come in the language of the description
(``descriptiveMetadata/@xml:lang``) where given.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from h4og_kit.oai.namespaces import LIDO
from h4og_kit.oai.xmltext import (
    child,
    children,
    first,
    is_link,
    local,
    one,
    path,
    rights_value,
    text,
)
from h4og_kit.oai.xmltext import texts as _texts
from h4og_kit.records import record

LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TYPE = f"{{{LIDO}}}type"
PREF = f"{{{LIDO}}}pref"
#: Event types (the end of a conceptID, or a term) whose actors are the object's creators.
CREATION_EVENTS = ("production", "creation", "designing", "herstellung", "verfasst", "lido00007",
                   "lido00012", "lido00224")


def _terms(el: ET.Element | None, lang: str | None) -> list[str]:
    """An element's ``term`` values in ``lang`` if it has any, else all of them."""
    terms = list(children(el, "term"))
    in_lang = [t for t in terms if t.get(LANG) == lang]
    return _texts(in_lang or terms)


def _appellation(el: ET.Element | None) -> str | None:
    """The preferred appellation value of a name set (not one marked ``alternative``)."""
    values = list(children(el, "appellationValue"))
    preferred = [v for v in values if v.get(PREF) not in ("alternative",)]
    return first(_texts(preferred or values))


def _creative(event: ET.Element) -> bool:
    said = _texts(children(event, "eventType")) + _texts(path(event, "eventType", "conceptID"))
    return any(word in s.lower() for s in said for word in CREATION_EVENTS)


def _creators(events: list[ET.Element]) -> list[str]:
    """The actors of the creation events, else of every event."""

    def actors(event: ET.Element) -> list[str]:
        sets = [child(a, "nameActorSet") for a in event.iter() if local(a.tag) == "actor"]
        return [name for s in sets if (name := _appellation(s))]

    made = [a for e in events if _creative(e) for a in actors(e)]
    return made or [a for e in events for a in actors(e)]


def _year(value: str | None) -> int | None:
    found = re.match(r"\s*(-?\d{1,4})", value or "")
    return int(found.group(1)) if found else None


def _dates(events: list[ET.Element]) -> tuple[str | None, int | None, int | None]:
    """The date shown, first and last year of the first dated event (creation events first)."""
    for event in sorted(events, key=lambda e: not _creative(e)):
        for d in children(event, "eventDate"):
            shown = first(_texts(children(d, "displayDate")))
            earliest = first(_texts(path(d, "date", "earliestDate")))
            latest = first(_texts(path(d, "date", "latestDate")))
            if shown or earliest:
                return shown or earliest, _year(earliest), _year(latest or earliest)
    return None, None, None


def _resource_links(resource: ET.Element | None) -> tuple[str | None, str | None]:
    """(the image, its thumbnail) of a ``resourceSet``."""
    links = [
        (r.get(TYPE) or "", url)
        for r in children(resource, "resourceRepresentation")
        for url in _texts(children(r, "linkResource"))
        if is_link(url)
    ]
    small = [u for kind, u in links if "thumb" in kind or "preview" in kind]
    return first(u for _, u in links if u not in small), first(small)


def _rights(rights_sets: list[ET.Element], lang: str | None) -> str | None:
    uris = [u for s in rights_sets for u in _texts(path(s, "rightsType", "conceptID")) if is_link(u)]
    words = [t for s in rights_sets for t in _terms(child(s, "rightsType"), lang)]
    return rights_value(uris + words)


def _lido_record(lido: ET.Element, identifier: str | None) -> dict:
    descriptive = child(lido, "descriptiveMetadata")
    lang = descriptive.get(LANG) if descriptive is not None else None
    ident = one(path(descriptive, "objectIdentificationWrap"))
    admin = child(lido, "administrativeMetadata")
    events = path(descriptive, "eventWrap", "eventSet", "event")
    resource = one(path(admin, "resourceWrap", "resourceSet"))
    image, thumbnail = _resource_links(resource)
    shown, start, end = _dates(events)
    published = [u for u in _texts(children(lido, "objectPublishedID")) if is_link(u)]
    pages = _texts(path(admin, "recordWrap", "recordInfoSet", "recordInfoLink"))
    work_types = path(descriptive, "objectClassificationWrap", "objectWorkTypeWrap",
                      "objectWorkType")
    notes = path(ident, "objectDescriptionWrap", "objectDescriptionSet", "descriptiveNoteValue")
    holders = path(ident, "repositoryWrap", "repositorySet", "repositoryName", "legalBodyName")
    rights = _rights(list(children(resource, "rightsResource")), lang) or _rights(
        path(admin, "rightsWorkWrap", "rightsWorkSet"), lang
    )
    return record(
        "oai",
        id=identifier or text(child(lido, "lidoRecID")),
        title=first(_appellation(s) for s in path(ident, "titleWrap", "titleSet")),
        creator=_creators(events),
        date=shown,
        date_start=start,
        date_end=end,
        type=[t for w in work_types for t in _terms(w, lang)],
        description=_texts(notes),
        institution=first(_appellation(h) for h in holders),
        url=first(published + [p for p in pages if is_link(p)]),
        image_url=image,
        thumbnail_url=thumbnail,
        rights=rights,
        language=lang,
        place=[p for e in events for p in _texts(path(e, "eventPlace", "displayPlace"))],
    )


def parse_lido(el: ET.Element, identifier: str | None) -> list[dict]:
    """The records of a ``lido:lido`` element, or of every one in a ``lido:lidoWrap`` (each with
    its own ``lidoRecID`` when the wrap holds several)."""
    wrapped = [el] if local(el.tag) == "lido" else list(children(el, "lido"))
    if len(wrapped) == 1:  # one object: the OAI identifier names it
        return [_lido_record(wrapped[0], identifier)]
    return [_lido_record(lido, None) for lido in wrapped]
