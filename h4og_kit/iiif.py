"""Read IIIF Presentation 2 and 3 manifests: label, rights, attribution, metadata, canvases, media.

A pure parser: a manifest as a parsed JSON document (or its bytes) in, plain values out; no
network. Fetching a manifest by URL is the ``iiif`` source's job::

    from h4og_kit.sources.iiif import read_manifest
    m = read_manifest("https://iiif.harvardartmuseums.org/manifests/object/299843")
    m.label, m.rights, m.license_category, m.attribution, m.image_urls[:3]

    from h4og_kit.iiif import parse_manifest
    m = parse_manifest(json.loads(text))  # a document you already have (or its bytes)

Both versions come out the same. Text values (v3 language maps, v2 ``@value``/``@language``) are
reduced to one string in the viewer's language, then English, then no language, then any
(:mod:`h4og_kit.iiif_values`). ``rights`` is the raw value and ``license_uri`` and
``license_category`` its normalized form (:mod:`h4og_kit.iiif_rights`, :func:`h4og_kit.rights.normalize`).
``attribution`` is the v2 ``attribution`` or the v3 ``requiredStatement`` value. Canvases carry
images, sound and video with their durations (:mod:`h4og_kit.iiif_canvases`); collections are read
by :mod:`h4og_kit.iiif_collections`; bytes that are not UTF-8 are read, with a warning
(:mod:`h4og_kit.iiif_documents`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from h4og_kit.iiif_canvases import Canvas, canvases
from h4og_kit.iiif_collections import (
    Collection,
    collection_members,
    is_collection,
    parse_collection,
)
from h4og_kit.iiif_documents import Document, read_document
from h4og_kit.iiif_rights import required_statement, rights_value
from h4og_kit.iiif_values import (
    every_text,
    first_id,
    language_text,
    node_id,
    presentation_version,
)
from h4og_kit.text import one_line

__all__ = [
    "Canvas", "Collection", "Document", "Manifest", "collection_members", "is_collection",
    "language_text", "parse_collection", "parse_manifest", "presentation_version",
    "read_document",
]


@dataclass(frozen=True)
class Manifest:
    """A IIIF manifest reduced to what a reuser needs; ``raw`` keeps the document as given."""

    id: str | None
    version: int
    label: str | None
    summary: str | None
    rights: str | None
    attribution: str | None
    metadata: list[tuple[str, str]]
    canvases: list[Canvas]
    thumbnail: str | None
    homepage: str | None
    provider: str | None
    nav_date: str | None
    raw: dict = field(repr=False, compare=False, default_factory=dict)
    offline: bool = False  # read from the bundled samples, not from the web (set by the fetcher)
    warnings: tuple[str, ...] = ()  # what reading the document had to repair (English, as data)
    #: Every language's label of each metadata entry, in the order of ``metadata``.
    metadata_labels: list[tuple[str, ...]] = field(repr=False, compare=False, default_factory=list)

    @property
    def image_urls(self) -> list[str]:
        """The full-size image of every canvas that has one, in canvas order."""
        return [c.image_url for c in self.canvases if c.image_url]

    @property
    def duration(self) -> float | None:
        """The seconds of sound and video on all canvases together; None when there are none."""
        found = [c.duration for c in self.canvases if c.duration is not None]
        return sum(found) if found else None

    @property
    def media_type(self) -> str | None:
        """What the canvases show when they all show one kind ("Image", "Sound", "Video")."""
        kinds = {c.media_type for c in self.canvases if c.media_type}
        return kinds.pop() if len(kinds) == 1 else None

    @property
    def license(self):
        """The normalized rights value (a :class:`h4og_kit.rights` License)."""
        from h4og_kit.rights import normalize

        return normalize(self.rights)

    @property
    def license_uri(self) -> str | None:
        return self.license.uri or None

    @property
    def license_category(self) -> str:
        return self.license.category

    def metadata_value(self, *labels: str) -> str | None:
        """The first metadata value whose label, in any language the manifest gives, is one of
        ``labels`` (case-insensitive)."""
        names = self.metadata_labels or [(label,) for label, _ in self.metadata]
        for want in (label.lower() for label in labels):
            for (_, value), entry in zip(self.metadata, names):
                if value and want in (name.lower() for name in entry):
                    return value
        return None


def parse_manifest(doc: dict | bytes | str | Document, *, offline: bool = False) -> Manifest:
    """A :class:`Manifest` from a IIIF Presentation 2 or 3 manifest: a parsed document, or its
    JSON bytes or text (bytes that are not UTF-8 are read, and said in ``warnings``).

    ``offline`` records where the document came from (the bundled samples rather than the web);
    it changes nothing in the parsing.
    """
    document = read_document(doc)
    doc = document.json
    if not isinstance(doc, dict):
        raise TypeError(f"a IIIF manifest is a JSON object, not {type(doc).__name__}")
    version = presentation_version(doc)
    v3 = version == 3
    metadata = _metadata(doc.get("metadata"))
    return Manifest(
        id=node_id(doc),
        version=version,
        label=one_line(language_text(doc.get("label"))),
        summary=language_text(doc.get("summary" if v3 else "description")),
        rights=rights_value(doc, v3),
        attribution=required_statement(doc, v3),
        metadata=[(label, value) for label, value, _ in metadata],
        canvases=canvases(doc, v3),
        thumbnail=first_id(doc.get("thumbnail")),
        homepage=_homepage(doc, v3),
        provider=_provider(doc.get("provider")),
        nav_date=doc.get("navDate"),
        raw=doc,
        offline=offline,
        warnings=document.warnings,
        metadata_labels=[names for _, _, names in metadata],
    )


def _metadata(entries: Any) -> list[tuple[str, str, tuple[str, ...]]]:
    found = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        label = one_line(language_text(entry.get("label")))
        value = language_text(entry.get("value"))
        if label and value:
            names = tuple(dict.fromkeys([label, *(one_line(t) for t in every_text(entry["label"]))]))
            found.append((label, value, names))
    return found


def _homepage(doc: dict, v3: bool) -> str | None:
    if v3:
        return first_id(doc.get("homepage"))
    related = first_id(doc.get("related"))
    if related:
        return related
    renderings = doc.get("rendering") or []
    renderings = renderings if isinstance(renderings, list) else [renderings]
    return next(
        (node_id(r) for r in renderings if isinstance(r, dict) and r.get("format") == "text/html"),
        None,
    )


def _provider(value: Any) -> str | None:
    providers = value if isinstance(value, list) else [value] if value else []
    names = [one_line(language_text(p.get("label"))) for p in providers if isinstance(p, dict)]
    return "; ".join(n for n in names if n) or None
