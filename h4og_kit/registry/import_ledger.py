"""What the registry remembers of imported entries: their source id, edit token and last import.

An entry imported from an event's data (see :mod:`h4og_kit.registry.event_import`) has one row in
``h4og_meta`` under ``import:<hash of its source id>``, holding the source id (e.g. the dribdat
project's address), the entry id, the fingerprint of the fields last imported and the entry's
edit token in clear. The token is kept so that organizers can mail edit links themselves: only
the organizer's private dump and export read it (:func:`edit_tokens`, which leaves out a token
its owner has since rotated); public exports never read ``h4og_meta``. A re-import finds the entry here, so it creates nothing new.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, select

from h4og_kit.registry import schema
from h4og_kit.registry.models import canonical_json
from h4og_kit.registry.tokens import token_matches

PREFIX = "import:"


@dataclass(frozen=True)
class Imported:
    """One imported entry: where it came from, its id, its edit token, what was imported."""

    source: str
    entry_id: str
    token: str
    digest: str


def key(source: str) -> str:
    """The ``h4og_meta`` key of ``source`` (fits the 64-character key column)."""
    return PREFIX + hashlib.sha256(source.encode("utf-8")).hexdigest()[:56]


def digest(fields: Any) -> str:
    """A fingerprint of imported fields (to tell a changed source row from the same one)."""
    return hashlib.sha256(canonical_json(fields).encode("utf-8")).hexdigest()


def find(conn: Connection, source: str) -> Imported | None:
    """The imported entry of ``source``, or None."""
    value = conn.execute(select(schema.meta.c.value).where(schema.meta.c.key == key(source))).scalar()
    return Imported(**json.loads(value)) if value is not None else None


def remember(conn: Connection, record: Imported) -> None:
    """Store (or replace) the row of ``record``."""
    conn.execute(schema.meta.delete().where(schema.meta.c.key == key(record.source)))
    conn.execute(schema.meta.insert().values(key=key(record.source),
                                             value=canonical_json(asdict(record))))


def edit_tokens(conn: Connection) -> list[dict[str, str]]:
    """Every imported entry's id, source id, edit token and import fingerprint (``digest``), by
    entry id (organizers only: the
    caller checks the organizer token). A token the entry no longer takes (its owner rotated it)
    is left out."""
    values = conn.execute(
        select(schema.meta.c.value).where(schema.meta.c.key.startswith(PREFIX))).scalars()
    rows = [json.loads(value) for value in values]
    hashes = dict(conn.execute(select(schema.entries.c.id, schema.entries.c.token_hash).where(
        schema.entries.c.id.in_([r["entry_id"] for r in rows]))).all())
    return sorted((r for r in rows if token_matches(r["token"], hashes.get(r["entry_id"]))),
                  key=lambda r: r["entry_id"])


def restore(conn: Connection, rows: list[dict[str, str]]) -> None:
    """Remember the imported entries of an organizer's export (:func:`edit_tokens` rows), so that
    a restored registry still knows what it imported."""
    for row in rows:
        remember(conn, Imported(row["source"], row["entry_id"], row["token"], row["digest"]))
