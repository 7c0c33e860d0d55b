"""The registry's tables (SQLAlchemy Core) and its versioned schema migrations.

A fresh database gets the current tables and ``SCHEMA_VERSION`` at once; an older one is brought
up to date by the steps in :data:`MIGRATIONS`, each run once, in order, inside the registry's
write lock, with the version recorded in ``h4og_meta``. A database written by a newer kit is
refused rather than damaged.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    select,
)

from h4og_kit.registry.errors import SchemaTooNew

SCHEMA_VERSION = 2

metadata = MetaData()

meta = Table(
    "h4og_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

entries = Table(
    "h4og_entries",
    metadata,
    # Narrow columns first and the JSON last: searches read the filter columns of every row, and
    # SQLite reads a row's columns in order, so the wide ``data`` is only read for the results.
    Column("id", String(64), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("version", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("stage", String(40)),
    Column("featured", Boolean, nullable=False, default=False),
    Column("locked", Boolean, nullable=False, default=False),
    Column("created", String(32), nullable=False),
    Column("updated", String(32), nullable=False),
    Column("last_seq", Integer, nullable=False),  # activity seq of the latest change
    Column("token_hash", String(64)),  # SHA-256 of the edit token; the token is never stored
    Column("tags_key", Text, nullable=False),  # "|tag|tag|", case-folded, without '#'
    Column("languages_key", Text, nullable=False),  # "|pt-br|pt|fi|"
    Column("search_text", Text, nullable=False),  # case-folded public text, for search
    Column("data", Text, nullable=False),  # the fields as JSON, private ones included
    # PostgreSQL: room on each page, and no index on a column that changes, so that saving a new
    # version of an entry is a heap-only update (no index churn, no bloat under many edits)
    postgresql_with={"fillfactor": "70"},
)
Index("ix_h4og_entries_kind", entries.c.kind)
# The order searches list entries in (featured first, then newest): SQLite walks it and stops at
# the page shown instead of sorting every match. Not on PostgreSQL, where an index on the changing
# ``updated`` column would rule out heap-only updates (and its sort is quick).
Index(
    "ix_h4og_entries_order", entries.c.featured, entries.c.updated, entries.c.id
).ddl_if(dialect="sqlite")

versions = Table(
    "h4og_versions",
    metadata,
    Column("entry_id", String(64), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("seq", Integer, nullable=False),  # the activity row that saved this version
    Column("saved", String(32), nullable=False),
    Column("featured", Boolean, nullable=False),
    Column("locked", Boolean, nullable=False),
    Column("data", Text, nullable=False),
)

activity = Table(
    "h4og_activity",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("actor", String(80), nullable=False),
    Column("action", String(32), nullable=False),
    Column("entry_id", String(64)),
    Column("kind", String(16)),
    Column("version", Integer),
    Column("changed", Text, nullable=False),  # JSON list of field names (never values)
    Column("stage_before", String(40)),
    Column("stage_after", String(40)),
)
Index("ix_h4og_activity_entry", activity.c.entry_id)

# What projects' repositories say (h4og_kit.registry.repositories): fetched text, kept apart from
# what people typed, one row per project, replaced by each sync.
repositories = Table(
    "h4og_repositories",
    metadata,
    Column("entry_id", String(64), primary_key=True),
    Column("url", Text, nullable=False),  # the source link the summary was fetched from
    Column("checked", String(32), nullable=False),  # the last attempt
    Column("synced", String(32)),  # the last attempt that worked
    Column("summary", Text),  # JSON of forges.RepositorySummary, None until one sync worked
    Column("error", Text),  # why the last attempt failed, None when it worked
)

# Organizer announcements for the event screen (h4og_kit.registry.announcements).
announcements = Table(
    "h4og_announcements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("text", Text, nullable=False),
    Column("language", String(35)),  # the BCP 47 tag of the text, when the organizer gave one
    Column("withdrawn", Boolean, nullable=False, default=False),
)


def _add_synced_tables(conn: Connection) -> None:
    repositories.create(conn, checkfirst=True)
    announcements.create(conn, checkfirst=True)


#: Upgrade steps: MIGRATIONS[n] brings a database from version n - 1 to version n.
MIGRATIONS: dict[int, tuple[str, Callable[[Connection], None]]] = {
    2: ("repository summaries and announcements", _add_synced_tables),
}


def schema_version(conn: Connection) -> int | None:
    """The schema version recorded in the database, or None for a fresh one."""
    row = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).first()
    return int(row[0]) if row else None


def migrate(conn: Connection) -> int:
    """Create or upgrade the tables (call inside the write lock); return the version reached."""
    meta.create(conn, checkfirst=True)
    current = schema_version(conn)
    if current is None:
        metadata.create_all(conn, checkfirst=True)
        conn.execute(meta.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))
        return SCHEMA_VERSION
    if current > SCHEMA_VERSION:
        raise SchemaTooNew(
            f"this registry has schema version {current}, newer than this h4og-kit knows "
            f"({SCHEMA_VERSION}); upgrade h4og-kit to open it"
        )
    for version in range(current + 1, SCHEMA_VERSION + 1):
        _description, step = MIGRATIONS[version]
        step(conn)
        conn.execute(
            meta.update().where(meta.c.key == "schema_version").values(value=str(version))
        )
    return SCHEMA_VERSION
