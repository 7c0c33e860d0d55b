"""The rights of a IIIF manifest: the raw value a reuser must respect, read from every place the
Presentation APIs put it.

A pure helper of :mod:`h4og_kit.iiif` (no network). The declared value comes first: v3
``rights``, v2 ``license`` (a string, a node or a list: every license of a list is kept, "; "
joined, so the normalizer sees them all). A URL is kept as it is given, a record page or a handle
too: :func:`h4og_kit.rights.normalize` categorises it when it recognises the statement, else it
is ``unknown``. Without a declared value, the manifest's rights are not lost: metadata entries
labelled as rights (in any language) and the statement the publisher requires to be shown (v3
``requiredStatement``, v2 ``attribution``, with the targets of its links) stand in.
"""

from __future__ import annotations

import re
from typing import Any

from h4og_kit.iiif_values import every_text, language_text, node_id
from h4og_kit.text import one_line

#: Metadata labels (lower case, any language given) whose values are a rights statement.
RIGHTS_LABELS = frozenset({
    "rights", "license", "licence", "rights statement", "copyright", "usage", "terms of use",
    "conditions of use", "access rights",
})
_HREF = re.compile(r"""href\s*=\s*(?:"([^"]+)"|'([^']+)'|([^\s>]+))""", re.IGNORECASE)


def declared_rights(doc: dict, v3: bool) -> list[str]:
    """Every value of v3 ``rights`` or v2 ``license`` (either key is read in either version,
    the version's own first)."""
    for key in ("rights", "license") if v3 else ("license", "rights"):
        value = doc.get(key)
        values = value if isinstance(value, list) else [value]
        found = [one_line(node_id(v)) for v in values]
        found = [v for v in found if v]
        if found:
            return list(dict.fromkeys(found))
    return []


def required_statement(doc: dict, v3: bool) -> str | None:
    """The text the publisher requires to be shown: v3 ``requiredStatement``, v2
    ``attribution`` (in the viewer's language, HTML reduced to text)."""
    return language_text(_statement(doc, v3))


def rights_value(doc: dict, v3: bool) -> str | None:
    """The manifest's raw rights value: the declared rights, else the metadata rights and the
    required statement (with the URLs its links point to)."""
    declared = declared_rights(doc, v3)
    if declared:
        return "; ".join(declared)
    stand_ins = _metadata_rights(doc.get("metadata"))
    statement = required_statement(doc, v3)
    if statement:
        links = [u for u in _links(_statement(doc, v3)) if u not in statement]
        stand_ins.append(" ".join([statement, *links]))
    return "; ".join(dict.fromkeys(stand_ins)) or None


def _statement(doc: dict, v3: bool) -> Any:
    if v3:
        statement = doc.get("requiredStatement")
        return statement.get("value") if isinstance(statement, dict) else None
    return doc.get("attribution")


def _metadata_rights(entries: Any) -> list[str]:
    values = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        labels = {one_line(t).lower() for t in every_text(entry.get("label"))}
        value = language_text(entry.get("value"))
        if labels & RIGHTS_LABELS and value:
            values.append(one_line(value))
    return values


def _links(value: Any) -> list[str]:
    """The http(s) targets of the links in a value's raw HTML, in every language."""
    raw = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            raw.append(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(reversed(item))
    hrefs = (next(g for g in m.groups() if g) for text in raw for m in _HREF.finditer(text))
    return list(dict.fromkeys(h for h in hrefs if h.startswith(("http://", "https://"))))
