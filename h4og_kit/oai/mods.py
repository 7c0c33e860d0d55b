"""MODS (``mods:mods``): the item's own fields, with the creator, dates and holding institution of
its host collection (``relatedItem type="host"``) when the item has none of its own."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from h4og_kit.metadata.dates import parse_date
from h4og_kit.oai.namespaces import MODS, XLINK
from h4og_kit.oai.xmltext import first, local, rights_value, texts
from h4og_kit.oai.xmltext import text as _text
from h4og_kit.records import record

#: Roles (text or MARC relator code) that name a creator rather than a contributor.
CREATOR_ROLES = frozenset(
    {
        "creator", "author", "artist", "originator", "photographer", "illustrator", "cartographer",
        "designer", "cre", "aut", "art", "pht", "ill", "ctg", "dsr",
    }
)


def _m(el: ET.Element, name: str) -> list[ET.Element]:
    """The MODS children of ``el`` called ``name``."""
    return el.findall(f"{{{MODS}}}{name}")


def parse_mods(mods: ET.Element, identifier: str | None) -> list[dict]:
    """One record from a ``mods:mods`` element."""
    hosts = [r for r in _m(mods, "relatedItem") if r.get("type") == "host"]

    def own_or_host(read):
        return first(read(el) for el in [mods, *hosts])

    dates = own_or_host(_dates) or ([], [])
    urls = [u for loc in _m(mods, "location") for u in _m(loc, "url")]

    def url(access: str) -> str | None:
        return first(texts(u for u in urls if u.get("access") == access))

    conditions = _m(mods, "accessCondition")
    linked = [c.get(f"{{{XLINK}}}href") for c in conditions]
    span = parse_date("; ".join(dates[1]))
    terms = [t for lang in _m(mods, "language") for t in _m(lang, "languageTerm")]
    languages = texts(t for t in terms if t.get("type") in ("code", None))
    notes = [n for n in _m(mods, "note") if n.get("type") == "content"]
    own_id = first(texts(r for info in _m(mods, "recordInfo") for r in _m(info, "recordIdentifier")))
    return [
        record(
            "oai",
            id=identifier or own_id,
            title=_title(mods),
            creator=own_or_host(_creators),
            date=dates[0],
            date_start=span.start,
            date_end=span.end,
            type=texts(_m(mods, "typeOfResource")) + texts(_m(mods, "genre")),
            description=texts(_m(mods, "abstract")) or texts(notes),
            institution=own_or_host(_holder),
            url=url("object in context"),
            image_url=url("raw object"),
            thumbnail_url=url("preview"),
            rights=rights_value(linked + texts(conditions)),
            language=[code for code in languages if code != "und"],
            place=texts(g for s in _m(mods, "subject") for g in _m(s, "geographic")),
        )
    ]


def _title(el: ET.Element) -> str | None:
    infos = _m(el, "titleInfo")
    main = [t for t in infos if not t.get("type")] or infos
    for info in main:
        parts = [_text(info.find(f"{{{MODS}}}{p}")) for p in ("nonSort", "title", "subTitle")]
        title, sub = " ".join(p for p in parts[:2] if p), parts[2]
        if title:
            return f"{title}: {sub}" if sub else title
    return None


def _creators(el: ET.Element) -> list[str]:
    named = []
    for name in _m(el, "name"):
        full = ", ".join(texts(_m(name, "namePart")))
        roles = {r.lower().rstrip(".") for r in texts(name.iter(f"{{{MODS}}}roleTerm"))}
        if full:
            named.append((full, bool(roles & CREATOR_ROLES)))
    creators = [n for n, is_creator in named if is_creator]
    return creators or [n for n, _ in named]


def _dates(el: ET.Element) -> tuple[list[str], list[str]] | None:
    """(dates to show, every date given) of an element's originInfo."""
    dates = [
        d
        for info in _m(el, "originInfo")
        for d in info
        if local(d.tag) in ("dateCreated", "dateIssued", "copyrightDate", "dateOther")
    ]
    shown = texts(d for d in dates if not d.get("point")) or texts(dates)
    return (list(dict.fromkeys(shown)), texts(dates)) if dates else None


def _holder(el: ET.Element) -> str | None:
    places = [
        p
        for loc in _m(el, "location")
        for p in _m(loc, "physicalLocation")
        if p.get("type") in (None, "repository")
    ]
    owners = [n for n in _m(el, "note") if n.get("type") == "ownership"]
    return first(texts(places) or texts(owners))
