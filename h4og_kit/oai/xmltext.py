"""Small readers of ElementTree elements shared by the format parsers: names, text, links.

They work on any element whatever its namespace, so a parser can read a format the same way
whether it came with its namespace (EAD 2002 with ``urn:isbn:1-931666-22-9``) or without.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff", ".jp2", ".webp")


def local(tag: Any) -> str:
    """The local name of a tag (``"{ns}title"`` -> ``"title"``); "" for comments."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def namespace(tag: Any) -> str:
    """The namespace of a tag, "" when it has none."""
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def child(el: ET.Element | None, name: str) -> ET.Element | None:
    """The first child of ``el`` with the local name ``name``."""
    return next(children(el, name), None) if el is not None else None


def children(el: ET.Element | None, name: str):
    """The children of ``el`` with the local name ``name``, whatever their namespace."""
    return (c for c in (el if el is not None else ()) if local(c.tag) == name)


def path(el: ET.Element | None, *names: str) -> list[ET.Element]:
    """The elements reached from ``el`` by a path of local names (``path(did, "unittitle")``)."""
    found = [el] if el is not None else []
    for name in names:
        found = [c for parent in found for c in children(parent, name)]
    return found


def text(el: ET.Element | None) -> str | None:
    """All text inside ``el`` with its white space collapsed, or None."""
    if el is None:
        return None
    joined = " ".join("".join(el.itertext()).split())
    return joined or None


def texts(elements: Iterable[ET.Element]) -> list[str]:
    """The non-empty texts of ``elements``, in order."""
    return [t for t in (text(e) for e in elements) if t]


def one(elements: Iterable[ET.Element]) -> ET.Element | None:
    """The first of ``elements``, or None (elements without children are false: never ``or``)."""
    return next(iter(elements), None)


def first(values: Iterable[str | None]) -> str | None:
    """The first value that is not empty."""
    return next((v for v in values if v), None)


def is_link(value: str | None) -> bool:
    return bool(value) and value.startswith(("http://", "https://"))


def is_image(url: str) -> bool:
    """Whether a URL names an image file by its suffix."""
    return url.split("?", 1)[0].lower().endswith(IMAGE_SUFFIXES)


def rights_value(values: Iterable[str | None]) -> str | None:
    """A URI when one is given (it normalizes best), else the statements as text."""
    given = [v for v in values if v]
    uris = [v for v in given if is_link(v)]
    return uris[0] if uris else ("; ".join(dict.fromkeys(given)) or None)
