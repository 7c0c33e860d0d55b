"""Reading XML that is not quite well-formed, and saying what was repaired.

A strict parse comes first. When it fails, lxml's recovering parser reads what it can, and every
repair is written down for the record it touched, as plain English: an undeclared namespace
prefix with one conventional meaning (:data:`~h4og_kit.oai.namespaces.STANDARD_PREFIXES`, ``dc:``
is Dublin Core) is read as that namespace; an undeclared prefix that is not in the table is never
guessed (its elements are left unread, and the record says so); any other repair is named with
its line. The notes travel on the repaired unit (each OAI ``<record>``, else the document) in the
attribute :data:`REPAIRS`, read by :func:`repairs`. Errors around the records (in the envelope)
are noted on every record. One bad record does not cost the others on its page.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from h4og_kit.oai.namespaces import MARC, STANDARD_PREFIXES

#: The attribute that carries a unit's repair notes ("; "-joined).
REPAIRS = "{urn:x-h4og-kit:repairs}warnings"
#: Where an undeclared prefix that is not in the table is put: not read by any parser.
UNKNOWN = "urn:x-h4og-kit:undeclared:"
#: Root elements a recovered document may have: the OAI envelope, a record, or metadata.
ROOTS = frozenset({"OAI-PMH", "record", "dc", "qualifieddc", "mods", "modsCollection", "ead",
                   "RDF", "lido", "lidoWrap", "collection"})
MOST_ERRORS = 3


class Unreadable(ValueError):
    """The XML could not be read, even by recovering what could be."""


def read_xml(data: bytes) -> ET.Element:
    """The root element of ``data``; repaired (with notes, see :func:`repairs`) if need be."""
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        return _recover(data, str(exc))


def repairs(unit: ET.Element) -> str | None:
    """What was repaired in reading this record (or document), in plain English."""
    return unit.get(REPAIRS)


def _name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].split(":")[-1]


def _recover(data: bytes, error: str) -> ET.Element:
    try:
        from lxml import etree
    except ImportError:  # lxml is what recovers: without it, the strict error stands
        raise Unreadable(error) from None
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    root = etree.fromstring(data, parser)
    if root is None or _name(root.tag) not in ROOTS:
        raise Unreadable(error)
    units = _units(root)
    notes: list[list[str]] = [_rebind(unit) for unit in units]
    around = _rebind(root)
    for entry in parser.error_log:
        if entry.type_name == "NS_ERR_UNDEFINED_NAMESPACE":
            continue  # said by _rebind, per prefix
        where = _unit_at(units, entry.line)
        said = f"XML repaired near line {entry.line}: {entry.message.strip()}"
        (notes[where] if where is not None else around).append(said)
    for unit, own in zip(units, notes, strict=True):
        text = "; ".join(_shorten(around + own))
        if text:
            unit.set(REPAIRS, text)
    return ET.fromstring(etree.tostring(root))


def _units(root) -> list:
    """The outermost OAI ``record`` elements, else the document itself."""
    found, todo = [], [root]
    while todo:
        el = todo.pop(0)
        if isinstance(el.tag, str) and _name(el.tag) == "record" and MARC not in el.tag:
            found.append(el)
        else:
            todo.extend(c for c in el if isinstance(c.tag, str))
    return sorted(found, key=lambda e: e.sourceline or 0) or [root]


def _unit_at(units: list, line: int) -> int | None:
    """The index of the unit that holds ``line``, None when it is around them."""
    starts = [u.sourceline or 0 for u in units]
    inside = [i for i, start in enumerate(starts) if start <= line]
    if not inside:
        return None
    i = inside[-1]
    if i == len(units) - 1:
        last = max((e.sourceline or 0) for e in units[i].iter())
        return i if line <= last + 1 else None
    return i


def _rebind(unit) -> list[str]:
    """Read the undeclared prefixes of ``unit``'s elements and attributes (not yet read)."""
    known, unknown = set(), set()

    def bound(name: str) -> str:
        if name.startswith("{") or ":" not in name:
            return name
        prefix, local = name.split(":", 1)
        if prefix in STANDARD_PREFIXES:
            known.add(prefix)
            return f"{{{STANDARD_PREFIXES[prefix]}}}{local}"
        unknown.add(prefix)
        return f"{{{UNKNOWN}{prefix}}}{local}"

    for el in unit.iter():
        if not isinstance(el.tag, str):
            continue
        el.tag = bound(el.tag)
        if any(":" in k and not k.startswith("{") for k in el.attrib):
            items = [(bound(k), v) for k, v in el.attrib.items()]
            el.attrib.clear()
            for key, value in items:
                el.set(key, value)
    said = []
    if known:
        one = len(known) == 1
        said.append(f"{_prefixes(known)} read as {'its' if one else 'their'} standard "
                    f"namespace{'' if one else 's'}")
    if unknown:
        said.append(f"{_prefixes(unknown)} not read (no standard namespace)")
    return said


def _prefixes(names: set[str]) -> str:
    return f"undeclared namespace prefix{'es' if len(names) > 1 else ''} {', '.join(sorted(names))}"


def _shorten(notes: list[str]) -> list[str]:
    notes = list(dict.fromkeys(notes))
    if len(notes) <= MOST_ERRORS + 2:
        return notes
    return [*notes[: MOST_ERRORS + 1], f"and {len(notes) - MOST_ERRORS - 1} more repairs"]
