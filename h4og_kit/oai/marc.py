"""MARCXML (MARC 21 slim, ``marc:record``): the bibliographic fields a catalogue record carries.

Title 245 $a $b; creators 100/110/111 then 700/710/711; date 260/264 $c (else 008/07-10);
description 520, else the general notes 500; links 856 $u; rights 540 (terms governing use and
reproduction), else 506 (restrictions on access); language 008/35-37 and 041 $a; places 651 $a
and 650 $z; holding institution 852 $a $b; type from the leader (06).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from h4og_kit.oai.xmltext import children, first, is_image, is_link, rights_value, text
from h4og_kit.records import record

#: Leader position 06 (type of record) in words.
RECORD_TYPES = {
    "a": "text", "t": "text", "c": "notated music", "d": "notated music", "e": "cartographic",
    "f": "cartographic", "g": "projected medium", "i": "sound recording", "j": "sound recording",
    "k": "still image", "m": "computer file", "o": "kit", "p": "mixed materials",
    "r": "three-dimensional object",
}
#: Trailing punctuation that MARC cataloguing leaves at the end of a field (a full stop too, but
#: not the one of an initial: "Thackray, Richard I.").
ISBD_TAIL = re.compile(r"(\s*[/:;,=])+$|(?<!\b[A-Z])\.$")


def _fields(rec: ET.Element, *tags: str) -> list[ET.Element]:
    return [f for f in children(rec, "datafield") if f.get("tag") in tags]


def _subfields(field: ET.Element, codes: str) -> list[str]:
    return [t for s in children(field, "subfield") if s.get("code") in codes and (t := text(s))]


def _joined(field: ET.Element, codes: str) -> str | None:
    return _tidy(" ".join(_subfields(field, codes))) or None


def _tidy(value: str) -> str:
    return ISBD_TAIL.sub("", ISBD_TAIL.sub("", value.strip())).strip()


def _each(rec: ET.Element, tags: tuple[str, ...], codes: str) -> list[str]:
    return [v for f in _fields(rec, *tags) if (v := _joined(f, codes))]


def _control(rec: ET.Element, tag: str) -> str:
    return next((c.text or "" for c in children(rec, "controlfield") if c.get("tag") == tag), "")


def parse_marc(rec: ET.Element, identifier: str | None) -> list[dict]:
    """One record from a ``marc:record`` element."""
    fixed = _control(rec, "008")
    year = fixed[7:11] if len(fixed) > 11 and fixed[7:11].isdigit() else None
    language = fixed[35:38].strip() if len(fixed) >= 38 else ""
    links = [u for f in _fields(rec, "856") for u in _subfields(f, "u") if is_link(u)]
    leader = text(next(children(rec, "leader"), None)) or ""
    return [
        record(
            "oai",
            id=identifier or _control(rec, "001").strip() or None,
            title=first(_each(rec, ("245",), "abnp")),
            creator=_each(rec, ("100", "110", "111", "700", "710", "711"), "abcdq"),
            date=first(_each(rec, ("260", "264"), "c")) or year,
            type=RECORD_TYPES.get(leader[6:7] if len(leader) > 6 else ""),
            description=_each(rec, ("520",), "a") or _each(rec, ("500",), "a"),
            institution=first(_each(rec, ("852",), "ab")),
            url=first(u for u in links if not is_image(u)),
            image_url=first(u for u in links if is_image(u)),
            rights=_rights(rec),
            language=[c for c in [language, *_each(rec, ("041",), "a")] if c and c != "und"],
            place=_each(rec, ("651",), "a")
            + [_tidy(z) for f in _fields(rec, "650") for z in _subfields(f, "z")],
        )
    ]


def _rights(rec: ET.Element) -> str | None:
    """Terms of use (540), else restrictions on access (506): a licence URI ($u) first."""
    for tag in ("540", "506"):
        fields = _fields(rec, tag)
        uris = [u for f in fields for u in _subfields(f, "u") if is_link(u)]
        value = rights_value(uris + _each(rec, (tag,), "abcd"))
        if value:
            return value
    return None
