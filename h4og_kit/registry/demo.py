"""The demo registry: a small, clearly labelled set of example entries of every kind.

Every demo title starts with "Demo:" and every demo entry has the keyword ``#demo``; the entries
live in ``h4og_kit/data/demo/registry.json``. :func:`demo_registry` is what the organizer
dashboard serves when no registry is configured; seeding is idempotent and safe when several
dashboard processes start at once.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from h4og_kit.registry.store import Registry

DEMO_FILE = Path(__file__).resolve().parent.parent / "data" / "demo" / "registry.json"


def demo_records() -> list[dict[str, Any]]:
    """The bundled demo entries: ``{"id", "kind", "fields"}`` each."""
    return json.loads(DEMO_FILE.read_text(encoding="utf-8"))["entries"]


def demo_marker() -> str:
    """Names this version of the demo file, so an updated file seeds a fresh demo registry."""
    return "demo-" + hashlib.sha256(DEMO_FILE.read_bytes()).hexdigest()[:12]


def seed_demo(registry: Registry) -> int:
    """Add the demo entries to ``registry`` unless they are there already; return how many."""
    return registry.seed(demo_records(), demo_marker())


def default_demo_url() -> str:
    """A SQLite file ``demo-registry.sqlite3`` in the kit's data directory."""
    from h4og_kit.config import settings

    return f"sqlite:///{settings().data_dir / 'demo-registry.sqlite3'}"


def demo_registry(url: str | None = None) -> Registry:
    """The demo registry at ``url`` (default: its own SQLite file), created and seeded if needed."""
    from h4og_kit.registry.store import Registry

    registry = Registry(url or default_demo_url())
    seed_demo(registry)
    return registry
