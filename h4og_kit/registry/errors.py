"""The typed errors of the registry: each one says what went wrong in words a participant understands.

They are plain Python (no SQLAlchemy, no pydantic), so ``from h4og_kit.registry import ValidationError``
stays cheap for a form widget that only wants to catch them. Each one survives pickling, so an
error raised in a worker process reaches its parent whole (``multiprocessing``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from h4og_kit.i18n import gettext as _

if TYPE_CHECKING:
    from h4og_kit.registry.entries import Entry


class RegistryError(Exception):
    """Base class of every registry error."""


class ValidationError(RegistryError, ValueError):
    """Some fields were rejected; ``errors`` maps each field (dotted path) to its message."""

    def __init__(self, errors: Mapping[str, str], kind: str | None = None):
        self.errors = dict(errors)
        self.kind = kind
        lines = "; ".join(f"{name}: {message}" for name, message in self.errors.items())
        super().__init__(_("The entry was not saved: {problems}").format(problems=lines))

    def __reduce__(self):
        return type(self), (self.errors, self.kind)


class PermissionDenied(RegistryError, PermissionError):
    """The token given does not allow this change (or editing is locked)."""


class EntryNotFound(RegistryError, KeyError):
    """No entry has this id."""

    def __str__(self) -> str:  # KeyError would show the repr of the message
        return str(self.args[0]) if self.args else "entry not found"


class ConflictError(RegistryError):
    """Someone else saved the entry after you loaded it; nothing of yours was saved.

    ``current`` is the entry as the other person saved it, ``yours`` is what you tried to save
    (the version you loaded with your changes applied), ``changes`` are your changes.
    """

    def __init__(
        self,
        entry_id: str,
        expected_version: int,
        current: Entry,
        yours: Mapping[str, Any],
        changes: Mapping[str, Any],
    ):
        self.entry_id = entry_id
        self.expected_version = expected_version
        self.current = current
        self.yours = dict(yours)
        self.changes = dict(changes)
        differing = sorted(
            name for name in self.changes if current.fields.get(name) != self.yours.get(name)
        )
        super().__init__(_(
            "{entry} was saved by someone else (now version {current}) after you loaded version "
            "{loaded}; your changes were not saved. Fields where the two versions differ: "
            "{fields}. Reload the entry, merge your changes and save again."
        ).format(entry=entry_id, current=current.version, loaded=expected_version,
                 fields=", ".join(differing) or _("none")))

    def __reduce__(self):
        return type(self), (self.entry_id, self.expected_version, self.current, self.yours,
                            self.changes)


class StageCheckFailed(RegistryError):
    """A project cannot move up to ``stage``: ``missing`` lists what its checks still need."""

    def __init__(self, entry_id: str, stage: str, missing: Sequence[str]):
        self.entry_id = entry_id
        self.stage = stage
        self.missing = list(missing)
        super().__init__(
            f"{entry_id} cannot move to the stage {stage!r} yet; missing: " + "; ".join(self.missing)
        )

    def __reduce__(self):
        return type(self), (self.entry_id, self.stage, self.missing)


class RegistryBusy(RegistryError):
    """The database stayed locked by other writers for too long; try again."""


class SchemaTooNew(RegistryError):
    """The database was written by a newer h4og-kit than this one."""
