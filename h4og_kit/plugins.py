"""Sources from installed packages: the entry-point group ``h4og_kit.sources``.

A package registers a source class under a name in its ``pyproject.toml``::

    [project.entry-points."h4og_kit.sources"]
    met = "h4og_kit.sources.met:MetSource"

The kit's own sources register the same way. Listing the names reads the installed packages'
metadata only; loading a source imports its module. :data:`SOURCES` maps every name to its class,
loading on access; :func:`resolve` takes a name or an alias, :func:`load` gives a ready object.

This module imports nothing else of the kit: the settings (which read the API keys the sources
declare), the outbound-address guard (which reads their fixed hosts) and :mod:`h4og_kit.sources`
all ask it, and it never asks them.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import threading
from collections.abc import Iterator, Mapping
from typing import Any

log = logging.getLogger("h4og_kit")

#: The entry-point group where packages register sources.
ENTRY_POINT_GROUP = "h4og_kit.sources"
#: The distribution of the kit's own sources, which win a name two packages register.
KIT_DISTRIBUTION = "h4og-kit"


class UnknownSource(KeyError):
    """The name is not one of the installed sources."""

    def __str__(self) -> str:
        return self.args[0]


def _installed_state() -> tuple:
    """What decides which entry points are installed: the import path and when its folders last
    changed (installing a package adds a folder to one of them)."""
    state = []
    for entry in sys.path:
        try:
            state.append((entry, os.stat(entry or ".").st_mtime_ns))
        except OSError:
            state.append((entry, None))
    return tuple(state)


@functools.lru_cache(maxsize=4)
def _entry_points(state: tuple) -> dict[str, Any]:
    from importlib.metadata import entry_points

    found: dict[str, Any] = {}
    points = list(entry_points(group=ENTRY_POINT_GROUP))
    points.sort(key=lambda ep: _distribution(ep) != KIT_DISTRIBUTION)  # stable: the kit's first
    for ep in points:
        if ep.name in found:
            log.warning("Two packages register the source %r (%s and %s); using the first.",
                        ep.name, _distribution(found[ep.name]), _distribution(ep))
            continue
        found[ep.name] = ep
    return found


def _distribution(ep: Any) -> str:
    dist = getattr(ep, "dist", None)
    return (dist.name if dist is not None else "").lower().replace("_", "-")


def registered() -> dict[str, Any]:
    """The entry points of every installed source, by name (the kit's own first, in the order
    its ``pyproject.toml`` lists them). Reads package metadata only: no source is imported."""
    return _entry_points(_installed_state())


_classes: dict[str, type] = {}
_classes_lock = threading.Lock()


def _load(ep: Any) -> type:
    """The class an entry point names (its module imported), checked to be the source it says."""
    key = f"{ep.name}={ep.value}"
    with _classes_lock:
        if key in _classes:
            return _classes[key]
    cls = ep.load()
    if not isinstance(cls, type) or not callable(getattr(cls, "search", None)):
        raise TypeError(f"The entry point {ep.name!r} ({ep.value}) of {_distribution(ep)} is not a "
                        "source class (a subclass of h4og_kit.sources.base.Source).")
    if getattr(cls, "name", None) != ep.name:
        raise TypeError(f"The entry point {ep.name!r} ({ep.value}) gives a source named "
                        f"{getattr(cls, 'name', None)!r}: the two names must be the same.")
    cls.check_declarations()
    with _classes_lock:
        _classes[key] = cls
    return cls


def _aliases() -> dict[str, str]:
    """Every alias a source declares, to its name (this loads every source)."""
    out: dict[str, str] = {}
    for name, ep in registered().items():
        for alias in getattr(_load(ep), "aliases", ()):
            out.setdefault(alias.lower(), name)
    return out


def resolve(name: str) -> type:
    """The source class for a name or alias; the error lists the valid names."""
    key = str(name).strip().lower()
    points = registered()
    if key not in points:
        key = _aliases().get(key, key)
    if key not in points:
        raise UnknownSource(
            f"Unknown source {name!r}. Valid names: {', '.join(points)} "
            f"(aliases: {', '.join(sorted(_aliases()))})."
        )
    return _load(points[key])


def load(name: str, **options: Any):
    """A ready source object, e.g. ``load("met")`` or ``load("oai", base_url=...)``.

    ``allow_private=True`` gives a source that may reach loopback and private-network servers, for
    local work (see :mod:`h4og_kit.outbound`; ignored in dashboards served by ``h4og serve``).
    """
    cls = resolve(name)
    return cls(**options) if options else cls.default()


class _Sources(Mapping):
    """Every installed source by name, as its class (``title``, ``description``, ``terms_url``,
    ``key_env``, ``key_note``...). Names come from package metadata; a class is loaded (its module
    imported) when it is looked up."""

    def __getitem__(self, name: str) -> type:
        points = registered()
        if name not in points:
            raise KeyError(name)
        return _load(points[name])

    def __iter__(self) -> Iterator[str]:
        return iter(registered())

    def __len__(self) -> int:
        return len(registered())

    def __contains__(self, name: object) -> bool:
        return name in registered()

    def __repr__(self) -> str:
        return f"<sources: {', '.join(self)}>"


#: Every installed source, by name.
SOURCES: Mapping[str, type] = _Sources()


def declared_keys() -> dict[str, tuple[str | None, str | None]]:
    """The API keys the installed sources declare: ``{key_env: (demo key, sign-up URL)}``."""
    keys: dict[str, tuple[str | None, str | None]] = {}
    for cls in SOURCES.values():
        if cls.key_env and cls.key_env not in keys:
            keys[cls.key_env] = (cls.demo_key, cls.signup_url)
    return keys
