"""IIIF JSON documents from bytes: UTF-8, and bytes that are not UTF-8 read rather than lost.

A pure helper of :mod:`h4og_kit.iiif` (no network). A manifest is JSON in UTF-8, but real ones
sometimes hold a stray byte of another encoding (a Windows-1252 ``é``). :func:`read_document`
reads such bytes as Windows-1252 (a byte that has no character there becomes U+FFFD), keeps the
rest as UTF-8, and says so in the document's ``warnings`` (plain English data text, for the common
record's ``warnings`` column). Only a body that is not JSON at all is refused (``ValueError``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

_ESCAPED = re.compile("[\udc80-\udcff]+")  # bytes that were not UTF-8, as surrogateescape keeps them


def _as_cp1252(run: re.Match) -> str:
    return bytes(ord(c) - 0xDC00 for c in run.group()).decode("cp1252", errors="replace")


@dataclass(frozen=True)
class Document:
    """A parsed IIIF JSON document and what reading it had to repair."""

    json: Any
    warnings: tuple[str, ...] = ()


def decode(data: bytes) -> tuple[str, tuple[str, ...]]:
    """The text of JSON bytes: UTF-8 (a byte order mark dropped), else UTF-8 with the bytes that
    are not UTF-8 read as Windows-1252, and a warning that says how many there were and where."""
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError as error:
        first = error.start
    text = data.decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")
    bad = sum(len(run) for run in _ESCAPED.findall(text))
    warning = (f"{bad} byte{'s' if bad != 1 else ''} not UTF-8 (the first at byte {first}) "
               "read as Windows-1252")
    return _ESCAPED.sub(_as_cp1252, text), (warning,)


def read_document(data: bytes | str | Any) -> Document:
    """A :class:`Document` from a JSON body (bytes or text); an already parsed value is wrapped
    as it is. ``ValueError`` when the body is not JSON."""
    if isinstance(data, Document):
        return data
    warnings: tuple[str, ...] = ()
    if isinstance(data, (bytes, bytearray)):
        data, warnings = decode(bytes(data))
    if isinstance(data, str):
        return Document(json.loads(data), warnings)
    return Document(data, warnings)
