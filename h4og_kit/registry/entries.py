"""What the registry hands back: an :class:`Entry`, a :class:`Version` of it, a :class:`Change`.

An entry's fields read as attributes (``entry.title``) or through ``entry.fields``; ``id``,
``kind``, ``version``, ``created``, ``updated``, ``featured`` and ``locked`` are the registry's own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Entry:
    """One registry entry at one version. Treat ``fields`` as read-only."""

    id: str
    kind: str
    version: int
    fields: dict[str, Any]
    created: str
    updated: str
    featured: bool = False
    locked: bool = False

    def __getattr__(self, name: str) -> Any:
        try:
            fields = object.__getattribute__(self, "fields")
        except AttributeError:  # during unpickling, before fields exist
            raise AttributeError(name) from None
        if name in fields:
            return fields[name]
        raise AttributeError(f"a {self.kind} entry has no field {name!r}")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the registry's own keys plus ``fields``."""
        return {
            "id": self.id,
            "kind": self.kind,
            "version": self.version,
            "created": self.created,
            "updated": self.updated,
            "featured": self.featured,
            "locked": self.locked,
            "fields": dict(self.fields),
        }


@dataclass(frozen=True)
class Version:
    """One saved version of an entry, with who saved it and what changed."""

    entry: Entry
    saved: str
    actor: str
    action: str
    changed: list[str] = field(default_factory=list)
    stage_before: str | None = None
    stage_after: str | None = None

    @property
    def number(self) -> int:
        return self.entry.version


@dataclass(frozen=True)
class Change:
    """One row of the activity log, as :meth:`Registry.changes_since` reports it.

    ``entry`` is the entry as it is now (public fields only), or None for event-wide actions and
    for hidden entries, whose content is not served.
    """

    seq: int
    at: str
    actor: str
    action: str
    entry_id: str | None
    kind: str | None
    version: int | None
    changed: list[str]
    stage_before: str | None
    stage_after: str | None
    entry: Entry | None = None
