"""The hackathon registry: people, projects, collections, tools, workshops and challenges.

A library first, so that notebooks, the ``h4og registry`` command and the Voila dashboards share
one set of rules::

    from h4og_kit.registry import Registry
    reg = Registry()                      # H4OG_REGISTRY_URL, or a SQLite file in the data dir
    entry, token = reg.register("project", {"title": "Sámi place names", "keywords": ["#languages"]})
    reg.update(entry.id, {"summary": "..."}, token=token, expected_version=entry.version)

Importing this package is cheap: SQLAlchemy, pydantic and scipy load only when a registry is
opened, an entry validated or a team suggested. The errors are importable from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from h4og_kit.registry.errors import (
    ConflictError,
    EntryNotFound,
    PermissionDenied,
    RegistryBusy,
    RegistryError,
    StageCheckFailed,
    ValidationError,
)

if TYPE_CHECKING:
    from h4og_kit.registry.demo import demo_registry
    from h4og_kit.registry.store import Registry

__all__ = [
    "ConflictError",
    "EntryNotFound",
    "PermissionDenied",
    "Registry",
    "RegistryBusy",
    "RegistryError",
    "StageCheckFailed",
    "ValidationError",
    "demo_registry",
]


def __getattr__(name: str) -> Any:
    if name == "Registry":
        from h4og_kit.registry.store import Registry

        return Registry
    if name == "demo_registry":
        from h4og_kit.registry.demo import demo_registry

        return demo_registry
    raise AttributeError(f"module 'h4og_kit.registry' has no attribute {name!r}")
