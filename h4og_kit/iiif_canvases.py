"""The canvases of a IIIF manifest: what each view shows (image, sound, video), its size and its
duration.

A pure helper of :mod:`h4og_kit.iiif` (no network). A v3 canvas is read from its painting
annotations (a ``Choice`` gives its first item), a v2 canvas from its ``images``; a canvas with
nothing painted on it is kept, with no media. An image canvas gives a full-size ``image_url``
(the painting image, or one built from its IIIF Image service) and a ``thumbnail`` (the canvas
thumbnail, or a 200-pixel-wide image from the service). A sound or video canvas gives its
``media_url`` and ``duration`` in seconds (the canvas ``duration``, else the body's); its
``image_url`` stays empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from h4og_kit.iiif_values import first_id, language_text, node_id
from h4og_kit.text import one_line

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff", ".jp2", ".webp")
THUMBNAIL_SIZE = "200,"  # 200 pixels wide: an Image API size every compliance level serves
#: What a painting body is, by its v3 ``type`` (v2 ``@type``); "Audio" is how some publish "Sound".
MEDIA_TYPES = {"image": "Image", "dctypes:image": "Image", "sound": "Sound", "audio": "Sound",
               "dctypes:sound": "Sound", "video": "Video", "dctypes:movingimage": "Video"}


@dataclass(frozen=True)
class Canvas:
    """One view of the object (a page, a side, a recording): its size, duration and media."""

    id: str | None
    label: str | None
    width: int | None
    height: int | None
    image_url: str | None
    thumbnail: str | None
    image_service: str | None = None
    duration: float | None = None  # seconds, for sound and video
    media_type: str | None = None  # "Image", "Sound" or "Video"; None when nothing is painted
    media_url: str | None = None  # the painted resource: an image, a sound or a video file


def canvases(doc: dict, v3: bool) -> list[Canvas]:
    """Every canvas of a manifest, in order (v3 ``items``, v2 the first sequence)."""
    if v3:
        items = [c for c in doc.get("items") or [] if isinstance(c, dict)]
        return [_canvas(c, _v3_body(c)) for c in items if c.get("type", "Canvas") == "Canvas"]
    sequences = [s for s in doc.get("sequences") or [] if isinstance(s, dict)]
    found = (sequences[0].get("canvases") or []) if sequences else []
    return [_canvas(c, _v2_body(c)) for c in found if isinstance(c, dict)]


def _v2_body(canvas: dict) -> dict | None:
    for annotation in canvas.get("images") or []:
        resource = annotation.get("resource") if isinstance(annotation, dict) else None
        if isinstance(resource, dict) and str(resource.get("@type")).endswith("Choice"):
            resource = resource.get("default")  # v2 oa:Choice: the default image
        if isinstance(resource, dict):
            return resource
    return None


def _v3_body(canvas: dict) -> dict | None:
    for page in canvas.get("items") or []:
        for annotation in (page.get("items") or []) if isinstance(page, dict) else []:
            if not isinstance(annotation, dict) or annotation.get("motivation") != "painting":
                continue
            bodies = annotation.get("body")
            for body in bodies if isinstance(bodies, list) else [bodies]:
                if isinstance(body, dict) and body.get("type") == "Choice":
                    body = next(iter(body.get("items") or []), None)
                if isinstance(body, dict) and _kind(body):
                    return body
    return None


def _kind(body: dict) -> str | None:
    kind = str(body.get("type") or body.get("@type") or "Image").lower()
    return MEDIA_TYPES.get(kind)


def _service(resource: dict) -> tuple[str | None, int]:
    """The IIIF Image service of an image resource and its Image API major version."""
    services = resource.get("service")
    for service in services if isinstance(services, list) else [services]:
        if not isinstance(service, dict):
            continue
        sid = node_id(service)
        hints = " ".join(str(service.get(k, "")) for k in ("type", "@type", "@context", "profile"))
        if sid:
            return sid.rstrip("/"), 3 if ("ImageService3" in hints or "image/3" in hints) else 2
    return None, 2


def _image_url(body: dict, service: str | None, api: int) -> str | None:
    direct = node_id(body)
    if direct and direct.split("?", 1)[0].lower().endswith(IMAGE_SUFFIXES):
        return direct
    if service:
        return f"{service}/full/{'max' if api == 3 else 'full'}/0/default.jpg"
    return direct


def _canvas(canvas: dict, body: dict | None) -> Canvas:
    body = body or {}
    kind = _kind(body) if body else None
    service, api = _service(body) if kind == "Image" else (None, 2)
    image_url = _image_url(body, service, api) if kind == "Image" else None
    thumbnail = first_id(canvas.get("thumbnail"))
    if not thumbnail and service:
        thumbnail = f"{service}/full/{THUMBNAIL_SIZE}/0/default.jpg"
    return Canvas(
        id=node_id(canvas),
        label=one_line(language_text(canvas.get("label"))),
        width=_number(canvas.get("width") or body.get("width"), int),
        height=_number(canvas.get("height") or body.get("height"), int),
        image_url=image_url,
        thumbnail=thumbnail or image_url,
        image_service=service,
        duration=_number(canvas.get("duration") or body.get("duration"), float),
        media_type=kind,
        media_url=node_id(body) if kind else None,
    )


def _number(value: Any, kind: type) -> Any:
    try:
        return kind(value) if value is not None else None
    except (TypeError, ValueError):
        return None
