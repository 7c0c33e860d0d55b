"""How the registry reads one entry's row and turns rows into :class:`Entry` objects."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.engine import Row

from h4og_kit.registry import schema
from h4og_kit.registry.entries import Entry
from h4og_kit.registry.errors import EntryNotFound
from h4og_kit.registry.models import public_fields

SELECT_LOCKED = select(schema.meta.c.value).where(schema.meta.c.key == "locked")
#: An entry's row, with whether the event is locked (one round trip for every write).
SELECT_ENTRY = select(
    schema.entries, SELECT_LOCKED.scalar_subquery().label("event_locked")
).where(schema.entries.c.id == bindparam("b_id"))


def entry_row(conn: Connection, entry_id: str) -> Row:
    """The row of ``entry_id`` (with ``event_locked``), or :class:`EntryNotFound`."""
    row = conn.execute(SELECT_ENTRY, {"b_id": entry_id}).first()
    if row is None:
        raise EntryNotFound(f"no entry has the id {entry_id!r}")
    return row


def to_entry(row: Row, *, private: bool = False, data: Mapping[str, Any] | None = None) -> Entry:
    """The entry of ``row``; private fields only with ``private``."""
    fields = json.loads(row.data) if data is None else dict(data)
    if not private:
        fields = public_fields(row.kind, fields)
    return Entry(
        id=row.id,
        kind=row.kind,
        version=row.version,
        fields=fields,
        created=row.created,
        updated=row.updated,
        featured=bool(row.featured),
        locked=bool(row.locked),
    )


def event_locked(conn: Connection) -> bool:
    """True while editing is locked for the whole event."""
    return conn.execute(SELECT_LOCKED).scalar() == "1"
