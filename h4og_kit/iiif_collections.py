"""IIIF collections, v2 and v3: their label and the manifests and sub-collections they list.

A pure helper of :mod:`h4og_kit.iiif` (no network). A sub-collection given with its own members
(embedded, as a collection of collections may be) is walked here; one given only by reference is
returned as a URL for the fetcher (the ``iiif`` source) to read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from h4og_kit.iiif_values import language_text, node_id, presentation_version
from h4og_kit.text import one_line

#: How deep embedded sub-collections are walked.
MAX_DEPTH = 5


@dataclass(frozen=True)
class Collection:
    """A IIIF collection: its label, the manifest URLs it lists (those of embedded
    sub-collections too, depth first) and the sub-collections left to fetch by URL."""

    id: str | None
    version: int
    label: str | None
    manifests: list[str]
    collections: list[str]
    manifest_labels: dict[str, str] = field(default_factory=dict, compare=False)


def is_collection(doc: dict) -> bool:
    """Whether a IIIF document is a collection (v2 ``sc:Collection``, v3 ``Collection``)."""
    kind = str(doc.get("type") or doc.get("@type") or "")
    return kind.endswith("Collection")


def _members(doc: dict) -> list[dict]:
    if presentation_version(doc) == 3 or "items" in doc:
        items = doc.get("items") or []
    else:
        items = [*(doc.get("manifests") or []), *(doc.get("collections") or []),
                 *(doc.get("members") or [])]
    return [i for i in items if isinstance(i, dict)]


def _embeds(member: dict) -> bool:
    return any(member.get(key) for key in ("items", "manifests", "collections", "members"))


def _walk(doc: dict, depth: int, out: tuple[dict[str, str | None], list[str]]) -> None:
    manifests, collections = out
    for member in _members(doc):
        kind, mid = str(member.get("type") or member.get("@type") or ""), node_id(member)
        if kind.endswith("Manifest") and mid:
            manifests.setdefault(mid, one_line(language_text(member.get("label"))))
        elif kind.endswith("Collection") and _embeds(member) and depth < MAX_DEPTH:
            _walk(member, depth + 1, out)
        elif kind.endswith("Collection") and mid:
            collections.append(mid)


def parse_collection(doc: dict) -> Collection:
    """A :class:`Collection` from a parsed v2 or v3 collection document."""
    manifests: dict[str, str | None] = {}
    collections: list[str] = []
    _walk(doc, 0, (manifests, collections))
    return Collection(
        id=node_id(doc),
        version=presentation_version(doc),
        label=one_line(language_text(doc.get("label"))),
        manifests=list(manifests),
        collections=list(dict.fromkeys(collections)),
        manifest_labels={m: label for m, label in manifests.items() if label},
    )


def collection_members(doc: dict) -> tuple[list[str], list[str]]:
    """The manifest URLs and the sub-collection URLs (to fetch) listed by a v2 or v3 collection."""
    collection = parse_collection(doc)
    return collection.manifests, collection.collections
