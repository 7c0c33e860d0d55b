"""Reading IIIF values: the Presentation version, ids, and language maps in the viewer's language.

A pure helper of :mod:`h4og_kit.iiif` (no network). A IIIF text value is a v3 language map
(``{"en": ["..."], "none": ["..."]}``), a v2 ``@value``/``@language`` form or a list of them, or
plain text. :func:`language_text` reduces it to one string: the viewer's language
(:func:`h4og_kit.i18n.current`), then English, then values without a language (v3 ``none``, v2
values with no ``@language``), then the first language given. HTML in values is reduced to its
text.
"""

from __future__ import annotations

from typing import Any

from h4og_kit.text import plain_text

#: The languages tried after the viewer's, in order; "none" is a value without a language.
FALLBACK_LANGUAGES = ("en", "none")
NO_LANGUAGE = ("none", "@none")


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


def node_id(node: Any) -> str | None:
    """The id of a IIIF node (v3 ``id``, v2 ``@id``), or the node itself when it is a string."""
    if isinstance(node, str):
        return node
    if isinstance(node, dict):
        return node.get("id") or node.get("@id")
    return None


def first_id(value: Any) -> str | None:
    """The first id in a node or a list of nodes."""
    if isinstance(value, list):
        return next((i for i in (node_id(v) for v in value) if i), None)
    return node_id(value)


def preferred_languages() -> tuple[str, ...]:
    """The viewer's language, then English, then no language."""
    from h4og_kit.i18n import current

    return tuple(dict.fromkeys((current().lower(), *FALLBACK_LANGUAGES)))


def _speaks(tag: str | None, wanted: str) -> bool:
    """Whether a value's language tag (None: no language) is the wanted language."""
    if wanted == "none":
        return tag is None or tag.lower() in NO_LANGUAGE
    if not tag:
        return False
    tag = tag.lower().replace("_", "-")
    return tag == wanted or tag.startswith(f"{wanted}-") or wanted.startswith(f"{tag}-")


def _tagged(value: Any) -> list[tuple[str | None, Any]]:
    """A value as (language tag, value) pairs, in the order given."""
    if isinstance(value, dict) and "@value" not in value:
        return [(key, item) for key, item in value.items()]
    if isinstance(value, list):
        return [(item.get("@language") if isinstance(item, dict) else None, item)
                for item in value]
    return [(value.get("@language") if isinstance(value, dict) else None, value)]


def _texts(value: Any) -> list[str]:
    """Every text of a value, whatever its language, HTML reduced to text."""
    if value is None:
        return []
    if isinstance(value, (str, int, float)):
        text = plain_text(value)
        return [text] if text else []
    if isinstance(value, dict) and "@value" in value:
        return _texts(value["@value"])
    if isinstance(value, (dict, list)):
        return [t for _, item in _tagged(value) for t in _texts(item)]
    return []


def language_text(value: Any, prefer: tuple[str, ...] | None = None) -> str | None:
    """One string from a IIIF value, in the first of ``prefer`` it has (default: the viewer's
    language, English, no language), else in the first language given; several values of the
    chosen language are joined with ``"; "``."""
    pairs = [(tag, texts) for tag, item in _tagged(value) if (texts := _texts(item))]
    if not pairs:
        return None
    prefer = preferred_languages() if prefer is None else tuple(p.lower() for p in prefer)
    for wanted in prefer:
        chosen = [t for tag, texts in pairs if _speaks(tag, wanted) for t in texts]
        if chosen:
            return "; ".join(dict.fromkeys(chosen))
    first = pairs[0][0]
    return "; ".join(dict.fromkeys(t for tag, texts in pairs if tag == first for t in texts))


def every_text(value: Any) -> list[str]:
    """Every text of a value in every language (to match a metadata label in any of them)."""
    return list(dict.fromkeys(_texts(value)))
