"""Read IIIF Presentation 2 and 3 documents: label, rights, attribution, metadata, canvases, images.

A pure parser: a manifest (or collection) as a parsed JSON document in, plain values out; no
network. Fetching a manifest by URL is the ``iiif`` source's job::

    from h4og_kit.sources.iiif import read_manifest
    m = read_manifest("https://iiif.harvardartmuseums.org/manifests/object/299843")
    m.label, m.rights, m.license_category, m.attribution, m.image_urls[:3]

    from h4og_kit.iiif import parse_manifest
    m = parse_manifest(json.loads(text))  # a document you already have

Both versions come out the same: language maps (v3 ``{"en": [...]}``, v2 ``@language`` values)
are reduced to one string (English first, then values without a language, else the first
language given), and HTML in values is reduced to its text. ``rights`` is the raw value (v3
``rights``, v2 ``license``); ``license_uri`` and ``license_category`` are its normalized form
(:func:`h4og_kit.rights.normalize`). ``attribution`` is the v2 ``attribution`` or the v3
``requiredStatement`` value.

Each canvas gives a full-size ``image_url`` (the painting annotation's image, or one built from
its IIIF Image service) and a ``thumbnail`` (the canvas thumbnail, or a 200-pixel-wide image from
the service).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from h4og_kit.text import one_line, plain_text

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff", ".jp2", ".webp")
THUMBNAIL_SIZE = "200,"  # 200 pixels wide: an Image API size every compliance level serves
PREFERRED_LANGUAGES = ("en", "none")


@dataclass(frozen=True)
class Canvas:
    """One view of the object (a page, a side): its size and images."""

    id: str | None
    label: str | None
    width: int | None
    height: int | None
    image_url: str | None
    thumbnail: str | None
    image_service: str | None = None


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

    @property
    def image_urls(self) -> list[str]:
        """The full-size image of every canvas that has one, in canvas order."""
        return [c.image_url for c in self.canvases if c.image_url]

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
        """The first metadata value whose label is one of ``labels`` (case-insensitive)."""
        wanted = [label.lower() for label in labels]
        for want in wanted:
            for label, value in self.metadata:
                if label.lower() == want and value:
                    return value
        return None


def parse_manifest(doc: dict, *, offline: bool = False) -> Manifest:
    """A :class:`Manifest` from a parsed IIIF Presentation 2 or 3 manifest document.

    ``offline`` records where the document came from (the bundled samples rather than the web);
    it changes nothing in the parsing.
    """
    if not isinstance(doc, dict):
        raise TypeError(f"a IIIF manifest is a JSON object, not {type(doc).__name__}")
    version = presentation_version(doc)
    v3 = version == 3
    return Manifest(
        id=_id(doc),
        version=version,
        label=one_line(language_text(doc.get("label"))),
        summary=language_text(doc.get("summary" if v3 else "description")),
        rights=_rights(doc.get("rights") if v3 else doc.get("license")),
        attribution=_attribution(doc, v3),
        metadata=_metadata(doc.get("metadata")),
        canvases=_canvases(doc, v3),
        thumbnail=_first_id(doc.get("thumbnail")),
        homepage=_homepage(doc, v3),
        provider=_provider(doc.get("provider")),
        nav_date=doc.get("navDate"),
        raw=doc,
        offline=offline,
    )


def presentation_version(doc: dict) -> int:
    """3 for a Presentation 3 document, else 2 (by ``@context``, or by its v3 keys)."""
    context = doc.get("@context")
    contexts = context if isinstance(context, list) else [context]
    text = " ".join(str(c) for c in contexts)
    if "presentation/3" in text:
        return 3
    if "presentation/2" in text:
        return 2
    return 3 if "items" in doc or "type" in doc else 2


def collection_members(doc: dict) -> tuple[list[str], list[str]]:
    """The manifest URLs and sub-collection URLs listed by a v2 or v3 collection."""
    if presentation_version(doc) == 3:
        items = doc.get("items") or []
        kinds = [(str(i.get("type", "")), _id(i)) for i in items if isinstance(i, dict)]
    else:
        items = (
            (doc.get("manifests") or [])
            + (doc.get("collections") or [])
            + (doc.get("members") or [])
        )
        kinds = [(str(i.get("@type", "")), _id(i)) for i in items if isinstance(i, dict)]
    manifests = [i for kind, i in kinds if i and kind.endswith("Manifest")]
    collections = [i for kind, i in kinds if i and kind.endswith("Collection")]
    return manifests, collections


def is_collection(doc: dict) -> bool:
    kind = str(doc.get("type") or doc.get("@type") or "")
    return kind.endswith("Collection")


# -- values ----------------------------------------------------------------------------------------


def language_text(value: Any, prefer: tuple[str, ...] = PREFERRED_LANGUAGES) -> str | None:
    """One string from a IIIF value: a v3 language map, v2 ``@value``/``@language`` forms, or text.

    English is preferred, then values without a language (v3 ``none``), else the first given;
    several values of the chosen language are joined with ``"; "``.
    """
    if value is None:
        return None
    if isinstance(value, (str, int, float)):
        return plain_text(value)
    if isinstance(value, dict):
        if "@value" in value:
            return plain_text(value["@value"])
        keys = [k for p in prefer for k in value if k == p or k.startswith(f"{p}-")] + list(value)
        for key in keys:
            if value.get(key):
                return language_text(value[key], prefer)
        return None
    if isinstance(value, list):
        tagged = [
            (item.get("@language") if isinstance(item, dict) else None, language_text(item, prefer))
            for item in value
        ]
        tagged = [(lang, text) for lang, text in tagged if text]
        if not tagged:
            return None
        chosen = [t for lang, t in tagged if lang and lang.split("-")[0] == prefer[0]]
        chosen = chosen or [t for lang, t in tagged if not lang] or [tagged[0][1]]
        return "; ".join(dict.fromkeys(chosen))
    return None


def _id(node: Any) -> str | None:
    if isinstance(node, str):
        return node
    if isinstance(node, dict):
        return node.get("id") or node.get("@id")
    return None


def _first_id(value: Any) -> str | None:
    if isinstance(value, list):
        return next((i for i in (_id(v) for v in value) if i), None)
    return _id(value)


def _rights(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    return one_line(_id(value) if isinstance(value, dict) else value)


def _attribution(doc: dict, v3: bool) -> str | None:
    if v3:
        statement = doc.get("requiredStatement")
        return language_text(statement.get("value")) if isinstance(statement, dict) else None
    return language_text(doc.get("attribution"))


def _metadata(entries: Any) -> list[tuple[str, str]]:
    pairs = []
    for entry in entries or []:
        if not isinstance(entry, dict):
            continue
        label, value = (
            one_line(language_text(entry.get("label"))),
            language_text(entry.get("value")),
        )
        if label and value:
            pairs.append((label, value))
    return pairs


def _homepage(doc: dict, v3: bool) -> str | None:
    if v3:
        return _first_id(doc.get("homepage"))
    related = _first_id(doc.get("related"))
    if related:
        return related
    renderings = doc.get("rendering") or []
    renderings = renderings if isinstance(renderings, list) else [renderings]
    return next(
        (_id(r) for r in renderings if isinstance(r, dict) and r.get("format") == "text/html"), None
    )


def _provider(value: Any) -> str | None:
    providers = value if isinstance(value, list) else [value] if value else []
    names = [one_line(language_text(p.get("label"))) for p in providers if isinstance(p, dict)]
    return "; ".join(n for n in names if n) or None


# -- canvases and images ---------------------------------------------------------------------------


def _canvases(doc: dict, v3: bool) -> list[Canvas]:
    if v3:
        items = [c for c in doc.get("items") or [] if isinstance(c, dict)]
        return [_canvas(c, _v3_image(c)) for c in items if c.get("type", "Canvas") == "Canvas"]
    sequences = doc.get("sequences") or []
    canvases = (sequences[0].get("canvases") or []) if sequences else []
    return [_canvas(c, _v2_image(c)) for c in canvases if isinstance(c, dict)]


def _v2_image(canvas: dict) -> dict | None:
    for annotation in canvas.get("images") or []:
        resource = annotation.get("resource") if isinstance(annotation, dict) else None
        if isinstance(resource, dict):
            return resource
    return None


def _v3_image(canvas: dict) -> dict | None:
    for page in canvas.get("items") or []:
        for annotation in (page.get("items") or []) if isinstance(page, dict) else []:
            if not isinstance(annotation, dict) or annotation.get("motivation") != "painting":
                continue
            bodies = annotation.get("body")
            bodies = bodies if isinstance(bodies, list) else [bodies]
            for body in bodies:
                if isinstance(body, dict) and body.get("type") == "Choice":
                    body = next(iter(body.get("items") or []), None)
                if isinstance(body, dict) and body.get("type", "Image") == "Image":
                    return body
    return None


def _service(resource: dict) -> tuple[str | None, int]:
    """The IIIF Image service of an image resource and its Image API major version."""
    services = resource.get("service")
    services = services if isinstance(services, list) else [services]
    for service in services:
        if not isinstance(service, dict):
            continue
        sid = _id(service)
        hints = " ".join(str(service.get(k, "")) for k in ("type", "@type", "@context", "profile"))
        if sid:
            return sid.rstrip("/"), 3 if ("ImageService3" in hints or "image/3" in hints) else 2
    return None, 2


def _canvas(canvas: dict, image: dict | None) -> Canvas:
    image = image or {}
    service, api = _service(image)
    direct = _id(image)
    if direct and direct.split("?", 1)[0].lower().endswith(IMAGE_SUFFIXES):
        image_url = direct
    elif service:
        image_url = f"{service}/full/{'max' if api == 3 else 'full'}/0/default.jpg"
    else:
        image_url = direct
    thumbnail = _first_id(canvas.get("thumbnail"))
    if not thumbnail and service:
        thumbnail = f"{service}/full/{THUMBNAIL_SIZE}/0/default.jpg"
    return Canvas(
        id=_id(canvas),
        label=one_line(language_text(canvas.get("label"))),
        width=_int(canvas.get("width") or image.get("width")),
        height=_int(canvas.get("height") or image.get("height")),
        image_url=image_url,
        thumbnail=thumbnail or image_url,
        image_service=service,
    )


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
