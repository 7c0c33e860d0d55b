"""The search keys of an entry: its case-folded public text, its hashtags and its languages.

The registry stores them beside each entry (so that :meth:`Registry.search` is a plain indexed
scan) and :func:`matches` applies the same filters to an entry in memory, so that a live view can
tell whether a changed entry still belongs on it without asking the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from h4og_kit.registry.errors import ValidationError
from h4og_kit.registry.models import public_fields
from h4og_kit.registry.validators import primary_language

_URL_FIELDS = frozenset({"links", "image_url", "access_url", "social_links"})


def fold(value: str) -> str:
    return value.casefold().lstrip("#").replace("|", " ")


def search_text(kind: str, fields: Mapping[str, Any]) -> str:
    """The case-folded public text of an entry that :meth:`Registry.search` looks through."""
    parts: list[str] = []
    for name, value in public_fields(kind, dict(fields)).items():
        if name in _URL_FIELDS:
            continue
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, list):
            parts += [item for item in value if isinstance(item, str)]
    return "\n".join(parts).casefold()


def tags_key(fields: Mapping[str, Any]) -> str:
    tags = [fold(tag) for tag in fields.get("keywords", [])]
    return "|" + "|".join(dict.fromkeys(tags)) + "|"


def languages_key(fields: Mapping[str, Any]) -> str:
    tags = list(fields.get("languages", []))
    if fields.get("language"):
        tags.append(fields["language"])
    keys = [t.lower() for t in tags] + [primary_language(t) for t in tags]
    return "|" + "|".join(dict.fromkeys(keys)) + "|"


#: The most words and hashtags one search may have: enough for any real search, and far below
#: what the database can take in one query.
MAX_SEARCH_WORDS = 32
MAX_SEARCH_TAGS = 16


def check_search_size(words: list[str], tags: tuple[str, ...]) -> None:
    errors = {}
    if len(words) > MAX_SEARCH_WORDS:
        errors["text"] = (f"a search can have at most {MAX_SEARCH_WORDS} words (this one has "
                          f"{len(words)}); leave some out")
    if len(tags) > MAX_SEARCH_TAGS:
        errors["tags"] = (f"a search can have at most {MAX_SEARCH_TAGS} hashtags (this one has "
                          f"{len(tags)}); leave some out")
    if errors:
        raise ValidationError(errors)


def as_tuple(value: str | Iterable[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def matches(kind: str, fields: Mapping[str, Any], *, text: str | None = None,
            kinds: Iterable[str] = (), tags: Iterable[str] = (), stages: Iterable[str] = (),
            language: str | None = None, statuses: Iterable[str] = ("draft", "published")) -> bool:
    """Whether an entry (``kind``, public ``fields``) answers a search with these filters, by the
    same rules as :meth:`Registry.search <h4og_kit.registry.reads.Reads.search>`."""
    kinds, stages = tuple(kinds), tuple(stages)
    if (kinds and kind not in kinds) or fields.get("status") not in tuple(statuses):
        return False
    if stages and fields.get("stage") not in stages:
        return False
    words = (text or "").casefold().split()
    check_search_size(words, tuple(tags))
    haystack = search_text(kind, fields)
    if not all(word in haystack for word in words):
        return False
    keyed = tags_key(fields)
    if not all(f"|{fold(tag)}|" in keyed for tag in tags):
        return False
    return not language or f"|{language.lower()}|" in languages_key(fields)
