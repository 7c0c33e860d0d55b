"""The registry's storage: SQLite by default, PostgreSQL for shared deployments (SQLAlchemy 2).

:class:`Registry` is the one place where entries are written, so every rule lives here: fields are
validated, each change appends an activity row and a new version (nothing is ever deleted),
concurrent editors get a :class:`ConflictError` instead of overwriting each other, stage moves
pass their checks, and only the entry's edit token, a team member's token or the organizer token
(``H4OG_ADMIN_TOKEN``) may change an entry.

All writes are serialized: SQLite takes its write lock at the start of the transaction
(``BEGIN IMMEDIATE``, WAL mode, a 30 s busy timeout, retries on ``database is locked``);
PostgreSQL takes a transaction-level advisory lock. This keeps the activity sequence in commit
order, which is what makes :meth:`Registry.changes_since` exact.
"""

from __future__ import annotations

import json
import os
import random
import secrets
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Self, TypeVar

from sqlalchemy import Connection, and_, bindparam, create_engine, event, func, select, text
from sqlalchemy.engine import Engine, Row, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.pool import StaticPool

from h4og_kit.registry import access, schema
from h4og_kit.registry.access import ORGANIZER, THROTTLE, WrongToken
from h4og_kit.registry.entries import Change, Entry, Version
from h4og_kit.registry.errors import (
    ConflictError,
    EntryNotFound,
    PermissionDenied,
    RegistryBusy,
    StageCheckFailed,
    ValidationError,
)
from h4og_kit.registry.models import (
    canonical_json,
    check_kind,
    public_fields,
    utc_now,
    validate_fields,
)
from h4og_kit.registry.stages import Stages, load_stages
from h4og_kit.registry.tokens import hash_token, is_organizer, new_token
from h4og_kit.registry.validators import primary_language

T = TypeVar("T")

#: Key of the PostgreSQL advisory lock that serializes registry writes ("H4OG").
_PG_LOCK_KEY = 0x48344F47
_BUSY_RETRIES = 8
_URL_FIELDS = frozenset({"links", "image_url", "access_url", "social_links"})
_MERGED_FIELDS = frozenset({"links"})  # dict fields whose changes merge into the stored value
_PG_LOCK = text("SELECT pg_advisory_xact_lock(:key)")
_SELECT_LOCKED = select(schema.meta.c.value).where(schema.meta.c.key == "locked")
#: An entry's row, with whether the event is locked (one round trip for every write).
_SELECT_ENTRY = select(
    schema.entries, _SELECT_LOCKED.scalar_subquery().label("event_locked")
).where(schema.entries.c.id == bindparam("b_id"))
#: A new version of an entry, only if it is still at the version it was read at.
_UPDATE_ENTRY = schema.entries.update().where(
    schema.entries.c.id == bindparam("b_id"), schema.entries.c.version == bindparam("b_version")
)


def default_url() -> str:
    """``H4OG_REGISTRY_URL``, else a SQLite file ``registry.sqlite3`` in the kit's data directory."""
    from h4og_kit.config import settings

    config = settings()
    if config.registry_url:
        return config.registry_url
    return f"sqlite:///{config.data_dir / 'registry.sqlite3'}"


def normalize_url(url: str) -> str:
    """``postgres://`` and ``postgresql://`` URLs use the psycopg (3) driver the kit installs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url)  # dropped connections are retried in Registry._run
    memory = parsed.database in (None, "", ":memory:")
    if not memory:
        _create_private_file(Path(parsed.database).expanduser())
    engine = create_engine(
        url,
        connect_args={"timeout": 30, "check_same_thread": False},
        **({"poolclass": StaticPool} if memory else {}),
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 30000")
        if not memory:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
            # searches scan the table: keep it in this connection's cache, read it through mmap
            cursor.execute("PRAGMA cache_size = -65536")
            cursor.execute("PRAGMA mmap_size = 268435456")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        write = conn.get_execution_options().get("h4og_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _create_private_file(path: Path) -> None:
    """Create the SQLite file readable by its owner only (0600) unless it exists; SQLite gives
    its -wal and -shm files the same permissions. A new folder for it is private (0700) too."""
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass


def _is_busy(exc: OperationalError) -> bool:
    message = str(exc.orig).lower()
    return "database is locked" in message or "database is busy" in message


def _fold(value: str) -> str:
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


def _tags_key(fields: Mapping[str, Any]) -> str:
    tags = [_fold(tag) for tag in fields.get("keywords", [])]
    return "|" + "|".join(dict.fromkeys(tags)) + "|"


def _languages_key(fields: Mapping[str, Any]) -> str:
    tags = list(fields.get("languages", []))
    if fields.get("language"):
        tags.append(fields["language"])
    keys = [t.lower() for t in tags] + [primary_language(t) for t in tags]
    return "|" + "|".join(dict.fromkeys(keys)) + "|"


#: The most words and hashtags one search may have: enough for any real search, and far below
#: what the database can take in one query.
MAX_SEARCH_WORDS = 32
MAX_SEARCH_TAGS = 16


def _check_search_size(words: list[str], tags: tuple[str, ...]) -> None:
    errors = {}
    if len(words) > MAX_SEARCH_WORDS:
        errors["text"] = (f"a search can have at most {MAX_SEARCH_WORDS} words (this one has "
                          f"{len(words)}); leave some out")
    if len(tags) > MAX_SEARCH_TAGS:
        errors["tags"] = (f"a search can have at most {MAX_SEARCH_TAGS} hashtags (this one has "
                          f"{len(tags)}); leave some out")
    if errors:
        raise ValidationError(errors)


def _as_tuple(value: str | Iterable[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


class Registry:
    """People, projects, collections, tools, workshops and challenges of one hackathon.

    ``Registry()`` opens (and creates, or migrates) the registry at ``H4OG_REGISTRY_URL`` or the
    default SQLite file; ``Registry("sqlite://")`` is an in-memory one; a
    ``postgresql+psycopg://`` URL serves several dashboard servers at once. ``stages`` is a path
    to a stages.json (see :mod:`h4og_kit.registry.stages`) or a :class:`Stages`.
    """

    def __init__(self, url: str | None = None, *, stages: Stages | str | Path | None = None):
        self.url = normalize_url(url or default_url())
        self.engine = _make_engine(self.url)
        self.stages = stages if isinstance(stages, Stages) else load_stages(stages)
        self._run_write(schema.migrate)

    def __repr__(self) -> str:
        return f"Registry({make_url(self.url).render_as_string(hide_password=True)!r})"

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ----------------------------------------------------------------------------

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def _run_write(self, work: Callable[[Connection], T]) -> T:
        """Run ``work(conn)`` in one serialized write transaction, retrying while SQLite is busy."""
        return self._run(work, write=True)

    def _run_read(self, work: Callable[[Connection], T]) -> T:
        return self._run(work, write=False)

    def _run(self, work: Callable[[Connection], T], *, write: bool) -> T:
        """One transaction, retried on a dropped connection (a restarted server) and, for writes,
        while another process holds SQLite's write lock beyond the busy timeout."""
        for attempt in range(_BUSY_RETRIES + 1):
            working = False
            try:
                with self.engine.connect() as conn:
                    conn.execution_options(h4og_write=write)
                    with conn.begin():
                        if write and self.is_postgres:
                            conn.execute(_PG_LOCK, {"key": _PG_LOCK_KEY})
                        working = True
                        return work(conn)
            except WrongToken:
                THROTTLE.failed()  # after the transaction: the wait holds up no other writer
                raise
            except DBAPIError as exc:
                # a stale pooled connection: safe to retry before any write was sent
                if exc.connection_invalidated and attempt == 0 and not (write and working):
                    continue
                if not (isinstance(exc, OperationalError) and _is_busy(exc)):
                    raise
                if attempt == _BUSY_RETRIES:
                    raise RegistryBusy(
                        "the registry database stayed locked by other writers; try again"
                    ) from exc
                time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
        raise AssertionError("unreachable")

    # -- reading rows ----------------------------------------------------------------------------

    @staticmethod
    def _row(conn: Connection, entry_id: str) -> Row:
        row = conn.execute(_SELECT_ENTRY, {"b_id": entry_id}).first()
        if row is None:
            raise EntryNotFound(f"no entry has the id {entry_id!r}")
        return row

    @staticmethod
    def _entry(row: Row, *, private: bool = False, data: Mapping[str, Any] | None = None) -> Entry:
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

    @staticmethod
    def _event_locked(conn: Connection) -> bool:
        return conn.execute(_SELECT_LOCKED).scalar() == "1"

    # -- rights (every decision is in h4og_kit.registry.access) ------------------------------------

    def require_organizer(self, token: str | None, what: str = "use the organizer tools") -> None:
        """Raise :class:`PermissionDenied` unless ``token`` is the organizer token; wrong tokens
        are answered more slowly the more of them this process has seen."""
        try:
            access.require_organizer(token, what)
        except WrongToken:
            THROTTLE.failed()
            raise

    # -- the one write path ----------------------------------------------------------------------

    def _check_team(self, conn: Connection, fields: Mapping[str, Any], before: Mapping | None):
        team = fields.get("team", [])
        if not team or (before is not None and before.get("team") == team):
            return
        found = set(
            conn.execute(
                select(schema.entries.c.id).where(
                    schema.entries.c.id.in_(team), schema.entries.c.kind == "person"
                )
            ).scalars()
        )
        errors = {
            f"team.{i}": f"no person entry has the id {member!r}"
            for i, member in enumerate(team)
            if member not in found
        }
        if errors:
            raise ValidationError(errors)

    def _check_stage(self, entry_id: str, fields: Mapping, before: Mapping | None) -> None:
        if "stage" not in fields:
            return
        current = before.get("stage") if before else None
        if current not in self.stages.names:
            current = None  # a stage the organizers removed: check from the start
        missing = self.stages.missing(fields, fields["stage"], current)
        if missing:
            raise StageCheckFailed(entry_id, fields["stage"], missing)

    def _save(
        self,
        conn: Connection,
        *,
        entry_id: str,
        kind: str,
        fields: dict[str, Any],
        before: Row | None,
        actor: str,
        action: str,
        featured: bool | None = None,
        locked: bool | None = None,
        token_hash: str | None = None,
        given: Iterable[str] = (),
    ) -> Entry:
        """Write a new version of an entry (or its first), with its activity row.

        The activity row names the fields that changed (for a new entry: the fields ``given``).
        """
        old = json.loads(before.data) if before is not None else None
        if old is None:
            changed = [k for k in fields if k in set(given)]
        else:
            changed = [k for k in fields if fields[k] != old.get(k)]
        featured = bool(before.featured) if featured is None and before is not None else bool(featured)
        locked = bool(before.locked) if locked is None and before is not None else bool(locked)
        version = before.version + 1 if before is not None else 1
        now = utc_now()
        seq = conn.execute(
            schema.activity.insert(),
            {
                "at": now,
                "actor": actor,
                "action": action,
                "entry_id": entry_id,
                "kind": kind,
                "version": version,
                "changed": canonical_json(changed),
                "stage_before": old.get("stage") if old else None,
                "stage_after": fields.get("stage"),
            },
        ).inserted_primary_key[0]
        data = canonical_json(fields)
        columns = {
            "version": version,
            "status": fields["status"],
            "stage": fields.get("stage"),
            "featured": featured,
            "locked": locked,
            "updated": now,
            "data": data,
            "search_text": search_text(kind, fields),
            "tags_key": _tags_key(fields),
            "languages_key": _languages_key(fields),
            "last_seq": seq,
        }
        if before is None:
            created = now
            conn.execute(
                schema.entries.insert(),
                {"id": entry_id, "kind": kind, "created": now, "token_hash": token_hash, **columns},
            )
        else:
            created = before.created
            result = conn.execute(
                _UPDATE_ENTRY, {"b_id": entry_id, "b_version": before.version, **columns}
            )
            if result.rowcount != 1:  # cannot happen under the write lock; never overwrite
                raise RegistryBusy(f"{entry_id} changed during the save; try again")
        conn.execute(
            schema.versions.insert(),
            {
                "entry_id": entry_id,
                "version": version,
                "seq": seq,
                "saved": now,
                "featured": featured,
                "locked": locked,
                "data": data,
            },
        )
        return Entry(entry_id, kind, version, dict(fields), created, now, featured, locked)

    def _new_id(self, conn: Connection, kind: str) -> str:
        while True:
            entry_id = f"{kind}-{secrets.token_hex(5)}"
            exists = conn.execute(
                select(schema.entries.c.id).where(schema.entries.c.id == entry_id)
            ).first()
            if not exists:
                return entry_id

    def _validated(
        self, kind: str, fields: Mapping[str, Any], token: str | None
    ) -> tuple[dict[str, Any], bool]:
        """A new entry's stored fields and whether ``token`` is the organizer's (checked before
        the write lock is taken, so that validation does not hold up other writers)."""
        check_kind(kind)
        if not isinstance(fields, Mapping):
            raise ValidationError({"entry": "fields must be a mapping of field names to values"})
        organizer = is_organizer(token)
        if fields.get("status") == "hidden" and not organizer:
            self.require_organizer(token, "register a hidden entry")
        return validate_fields(kind, dict(fields), self.stages.names), organizer

    def _register(
        self,
        conn: Connection,
        kind: str,
        stored: dict[str, Any],
        *,
        given: Iterable[str],
        organizer: bool,
        token_given: bool = False,
        entry_id: str | None = None,
        actor: str | None = None,
    ) -> tuple[Entry, str]:
        if not organizer and self._event_locked(conn):
            closed = "registration is closed: editing is locked for the event"
            raise WrongToken(closed) if token_given else PermissionDenied(closed)
        entry_id = entry_id or self._new_id(conn, kind)
        self._check_team(conn, stored, None)
        self._check_stage(entry_id, stored, None)
        edit_token = new_token()
        entry = self._save(
            conn,
            entry_id=entry_id,
            kind=kind,
            fields=stored,
            before=None,
            actor=actor or (ORGANIZER if organizer else "registrant"),
            action="register",
            token_hash=hash_token(edit_token),
            given=given,
        )
        return entry, edit_token

    def _change(
        self,
        conn: Connection,
        entry_id: str,
        changes: Mapping[str, Any],
        token: str | None,
        expected_version: int | None,
        action: str,
    ) -> Entry:
        if not isinstance(changes, Mapping):
            raise ValidationError({"entry": "changes must be a mapping of field names to values"})
        row = self._row(conn, entry_id)
        actor = access.authorize(conn, row, token)
        current = json.loads(row.data)
        if expected_version is not None and row.version != expected_version:
            raise ConflictError(
                entry_id,
                expected_version,
                current=self._entry(row, private=True),
                yours=self._merge(self._data_at(conn, entry_id, expected_version) or current, changes),
                changes=changes,
            )
        merged = self._merge(current, changes)
        if row.kind == "person" and "title" not in changes and current["title"] == current["name"]:
            merged["title"] = merged.get("name")  # the title follows the name
        hiding = (merged.get("status") == "hidden") != (current.get("status") == "hidden")
        if hiding and actor != ORGANIZER:
            raise PermissionDenied("only an organizer may hide an entry or show a hidden one")
        stored = validate_fields(row.kind, merged, self.stages.names)
        if stored == current:
            return self._entry(row, private=True)
        self._check_team(conn, stored, current)
        self._check_stage(entry_id, stored, current)
        return self._save(
            conn, entry_id=entry_id, kind=row.kind, fields=stored, before=row, actor=actor,
            action=action,
        )

    @staticmethod
    def _merge(current: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
        merged = dict(current)
        for name, value in changes.items():
            if name in _MERGED_FIELDS and isinstance(value, Mapping) and isinstance(
                current.get(name), Mapping
            ):
                value = {**current[name], **value}
            merged[name] = value
        return merged

    @staticmethod
    def _data_at(conn: Connection, entry_id: str, version: int) -> dict[str, Any] | None:
        data = conn.execute(
            select(schema.versions.c.data).where(
                schema.versions.c.entry_id == entry_id, schema.versions.c.version == version
            )
        ).scalar()
        return json.loads(data) if data is not None else None

    # -- public API: writing ---------------------------------------------------------------------

    def register(
        self, kind: str, fields: Mapping[str, Any], token: str | None = None
    ) -> tuple[Entry, str]:
        """Add an entry of ``kind``; return it and its secret edit token (shown only this once).

        Anyone may register while the event is not locked; ``token`` (the organizer token) is only
        needed after a lock or to register a hidden entry.
        """
        stored, organizer = self._validated(kind, fields, token)
        return self._run_write(
            lambda conn: self._register(conn, kind, stored, given=fields, organizer=organizer,
                                        token_given=bool(token))
        )

    def seed(self, records: Iterable[Mapping[str, Any]], marker: str) -> int:
        """Register ``records`` (each ``{"id", "kind", "fields"}``) once, in one transaction.

        Idempotent: a registry that already carries ``marker`` is left as it is, so several
        dashboard processes may seed the same registry at the same time; records whose id is
        already taken are left out (a newer seed file adds only its new entries). The edit tokens
        are not kept (organizers edit seeded entries). Returns how many entries were added.
        """
        records = list(records)
        key = f"seeded:{marker}"

        def work(conn: Connection) -> int:
            if conn.execute(select(schema.meta.c.key).where(schema.meta.c.key == key)).first():
                return 0
            taken = set(conn.execute(select(schema.entries.c.id)).scalars())
            fresh = [record for record in records if record["id"] not in taken]
            for record in fresh:
                stored, _ = self._validated(record["kind"], record["fields"], None)
                self._register(conn, record["kind"], stored, given=record["fields"],
                               organizer=False, entry_id=record["id"], actor="seed")
            conn.execute(schema.meta.insert().values(key=key, value=utc_now()))
            return len(fresh)

        return self._run_write(work)

    def update(
        self,
        entry_id: str,
        changes: Mapping[str, Any],
        token: str | None = None,
        expected_version: int | None = None,
    ) -> Entry:
        """Change some fields of an entry and return its new version.

        ``expected_version`` is the version you loaded: if someone saved after it, nothing is
        written and :class:`ConflictError` shows both versions. Without it, the changes apply to
        the latest version (fields you do not change keep their current values). A change to
        ``links`` merges into the stored links (set a link to None to remove it).
        """
        return self._run_write(
            lambda conn: self._change(conn, entry_id, changes, token, expected_version, "update")
        )

    def set_stage(
        self, entry_id: str, stage: str, token: str | None = None, expected_version: int | None = None
    ) -> Entry:
        """Move a project to ``stage``; moving up runs the stage checks (:class:`StageCheckFailed`)."""
        self.stages.index(stage)
        return self._run_write(
            lambda conn: self._change(conn, entry_id, {"stage": stage}, token, expected_version, "stage")
        )

    def revert(self, entry_id: str, version: int, token: str | None = None) -> Entry:
        """Save the fields of an earlier ``version`` as the newest version (history is kept)."""

        def work(conn: Connection) -> Entry:
            old = self._data_at(conn, entry_id, version)
            if old is None:
                self._row(conn, entry_id)
                raise EntryNotFound(f"{entry_id} has no version {version}")
            return self._change(conn, entry_id, old, token, None, "revert")

        return self._run_write(work)

    def hide(self, entry_id: str, token: str | None, hidden: bool = True) -> Entry:
        """Hide an entry (spam, a mistake) or show it again; organizers only. Nothing is deleted."""
        self.require_organizer(token, "hide or show entries")

        def work(conn: Connection) -> Entry:
            status = "hidden" if hidden else self._status_before_hiding(conn, entry_id)
            action = "hide" if hidden else "unhide"
            return self._change(conn, entry_id, {"status": status}, token, None, action)

        return self._run_write(work)

    @staticmethod
    def _status_before_hiding(conn: Connection, entry_id: str) -> str:
        rows = conn.execute(
            select(schema.versions.c.data)
            .where(schema.versions.c.entry_id == entry_id)
            .order_by(schema.versions.c.version.desc())
        ).scalars()
        for data in rows:
            status = json.loads(data).get("status")
            if status != "hidden":
                return status
        return "published"

    def feature(self, entry_id: str, token: str | None, featured: bool = True) -> Entry:
        """Feature an entry (it comes first in searches) or stop featuring it; organizers only."""
        return self._set_flag(entry_id, token, featured=featured)

    def lock(self, token: str | None, locked: bool = True, entry_id: str | None = None) -> None:
        """Lock (or unlock) editing for the whole event, or for one entry; organizers only.

        While locked, only the organizer token can register or change entries.
        """
        if entry_id is not None:
            self._set_flag(entry_id, token, locked=locked)
            return
        self.require_organizer(token, "lock or unlock the event")

        def work(conn: Connection) -> None:
            value = "1" if locked else "0"
            if conn.execute(
                schema.meta.update().where(schema.meta.c.key == "locked").values(value=value)
            ).rowcount == 0:
                conn.execute(schema.meta.insert().values(key="locked", value=value))
            conn.execute(
                schema.activity.insert().values(
                    at=utc_now(), actor=ORGANIZER, action="lock" if locked else "unlock", changed="[]"
                )
            )

        self._run_write(work)

    def _set_flag(self, entry_id: str, token: str | None, **flag: bool) -> Entry:
        (name, value), = flag.items()
        self.require_organizer(token, f"change whether an entry is {name}")

        def work(conn: Connection) -> Entry:
            row = self._row(conn, entry_id)
            if bool(getattr(row, name)) == value:
                return self._entry(row, private=True)
            action = {("featured", True): "feature", ("featured", False): "unfeature",
                      ("locked", True): "lock", ("locked", False): "unlock"}[name, value]
            return self._save(
                conn, entry_id=entry_id, kind=row.kind, fields=json.loads(row.data), before=row,
                actor=ORGANIZER, action=action, **flag,
            )

        return self._run_write(work)

    def rotate_token(self, entry_id: str, token: str | None) -> str:
        """Give an entry a new edit token (the old one stops working); owner or organizer.

        Returns the new token: show it once, to its owner.
        """

        def work(conn: Connection) -> str:
            row = self._row(conn, entry_id)
            actor = access.authorize(conn, row, token)
            if actor not in ("owner", ORGANIZER):
                raise PermissionDenied("only the entry's own token or an organizer may rotate it")
            fresh = new_token()
            conn.execute(
                schema.entries.update()
                .where(schema.entries.c.id == entry_id)
                .values(token_hash=hash_token(fresh))
            )
            conn.execute(
                schema.activity.insert().values(
                    at=utc_now(), actor=actor, action="rotate-token", entry_id=entry_id,
                    kind=row.kind, version=row.version, changed="[]",
                )
            )
            return fresh

        return self._run_write(work)

    # -- public API: reading ---------------------------------------------------------------------

    def get(self, entry_id: str, token: str | None = None) -> Entry:
        """The current version of an entry; private fields only for its own or the organizer token."""

        def work(conn: Connection) -> Entry:
            row = self._row(conn, entry_id)
            return self._entry(row, private=access.may_see_private(conn, row, token))

        return self._run_read(work)

    def open_for_edit(self, entry_id: str, token: str | None) -> Entry:
        """The entry with all its fields, for a token that may change it: its edit token, a
        team member's token or the organizer token (what an edit link opens).

        Any other token, and an id that does not exist, get the same :class:`PermissionDenied`,
        which says nothing about the entry: a wrong edit link never shows a hidden or draft
        entry, nor more of a published one than the showcase shows.
        """
        refused = ("this edit link does not open an entry: the token is not one that may edit "
                   "it. Check that you copied the whole link, or ask an organizer")

        def work(conn: Connection) -> Entry:
            row = conn.execute(_SELECT_ENTRY, {"b_id": entry_id}).first()
            if row is None or access.actor(conn, row, token) is None:
                raise WrongToken(refused) if token else PermissionDenied(refused)
            return self._entry(row, private=True)

        return self._run_read(work)

    def history(self, entry_id: str, token: str | None = None) -> list[Version]:
        """Every version of an entry, oldest first, each with who saved it and what changed."""

        def work(conn: Connection) -> list[Version]:
            row = self._row(conn, entry_id)
            private = access.may_see_private(conn, row, token)
            v, a = schema.versions, schema.activity
            rows = conn.execute(
                select(v, a.c.actor, a.c.action, a.c.changed, a.c.stage_before, a.c.stage_after)
                .join(a, a.c.seq == v.c.seq)
                .where(v.c.entry_id == entry_id)
                .order_by(v.c.version)
            )
            out = []
            for r in rows:
                fields = json.loads(r.data)
                entry = Entry(
                    id=entry_id,
                    kind=row.kind,
                    version=r.version,
                    fields=fields if private else public_fields(row.kind, fields),
                    created=row.created,
                    updated=r.saved,
                    featured=bool(r.featured),
                    locked=bool(r.locked),
                )
                out.append(
                    Version(entry, r.saved, r.actor, r.action, json.loads(r.changed),
                            r.stage_before, r.stage_after)
                )
            return out

        return self._run_read(work)

    def is_locked(self) -> bool:
        """True while editing is locked for the whole event."""
        return self._run_read(self._event_locked)

    def search(
        self,
        text: str | None = None,
        kind: str | Iterable[str] | None = None,
        tags: str | Iterable[str] | None = None,
        stage: str | Iterable[str] | None = None,
        language: str | None = None,
        *,
        status: str | Iterable[str] | None = None,
        limit: int | None = 100,
        offset: int = 0,
    ) -> list[Entry]:
        """Entries matching every filter given, featured first, then the most recently updated.

        ``text``: every word must occur in the entry's text (case-insensitive); ``tags``: every tag
        must be among the keywords (``#`` and case ignored); ``language``: a BCP 47 tag, ``fi``
        also finds ``fi-FI``; ``status`` defaults to draft and published (hidden entries are left
        out unless asked for). Private fields are never returned.
        """
        words = (text or "").casefold().split()
        tag_list = _as_tuple(tags)
        _check_search_size(words, tag_list)
        e = schema.entries
        where = []
        kinds = _as_tuple(kind)
        if kinds:
            where.append(e.c.kind.in_(kinds))
        statuses = _as_tuple(status) or ("draft", "published")
        where.append(e.c.status.in_(statuses))
        stages = _as_tuple(stage)
        if stages:
            where.append(e.c.stage.in_(stages))
        for word in words:
            where.append(e.c.search_text.contains(word, autoescape=True))
        for tag in tag_list:
            where.append(e.c.tags_key.contains(f"|{_fold(tag)}|", autoescape=True))
        if language:
            where.append(e.c.languages_key.contains(f"|{language.lower()}|", autoescape=True))
        order = (e.c.featured.desc(), e.c.updated.desc(), e.c.id.desc())  # see ix_h4og_entries_order
        # sort only the narrow columns of the matches, then read the JSON of the page shown
        page = select(e.c.id).where(and_(*where)).order_by(*order).offset(offset)
        if limit is not None:
            page = page.limit(limit)
        query = select(
            e.c.id, e.c.kind, e.c.version, e.c.data, e.c.created, e.c.updated, e.c.featured,
            e.c.locked,
        ).where(e.c.id.in_(page.scalar_subquery()))

        def work(conn: Connection) -> list[Entry]:
            rows = sorted(conn.execute(query), key=lambda r: (r.featured, r.updated, r.id),
                          reverse=True)  # the page's order, without a second pass over the table
            return [self._entry(r) for r in rows]

        return self._run_read(work)

    def all_entries(self, kind: str | None = None, *, include_hidden: bool = False) -> list[Entry]:
        """Every entry (of ``kind``), public fields only; hidden ones only if asked for."""
        statuses = ("draft", "published", "hidden") if include_hidden else None
        return self.search(kind=kind, status=statuses, limit=None)

    def counts(self) -> dict[str, dict[str, int]]:
        """How many entries there are by kind, by project stage and by status."""
        e = schema.entries

        def work(conn: Connection) -> dict[str, dict[str, int]]:
            def grouped(column, *where):
                rows = conn.execute(select(column, func.count()).where(*where).group_by(column))
                return {str(key): n for key, n in rows}

            visible = e.c.status != "hidden"
            return {
                "kind": grouped(e.c.kind, visible),
                "stage": grouped(e.c.stage, visible, e.c.kind == "project"),
                "status": grouped(e.c.status),
            }

        return self._run_read(work)

    def cursor(self) -> int:
        """The cursor of the latest change: a board that has just loaded everything with
        :meth:`search` polls :meth:`changes_since` from here."""
        return self._run_read(
            lambda conn: conn.execute(select(func.max(schema.activity.c.seq))).scalar() or 0
        )

    def changes_since(
        self, cursor: int | None = 0, limit: int = 1000
    ) -> tuple[list[Change], int]:
        """The activity after ``cursor`` (oldest first, at most ``limit``) and the cursor to pass next.

        Start with 0; an unchanged registry returns ``([], cursor)`` cheaply. Each change carries
        the entry as it is now (public fields), or None when the entry is hidden.
        """
        cursor = int(cursor or 0)
        a, e = schema.activity, schema.entries
        query = (
            select(a, e.c.version.label("e_version"), e.c.data, e.c.created, e.c.updated,
                   e.c.featured, e.c.locked, e.c.status, e.c.kind.label("e_kind"))
            .outerjoin(e, e.c.id == a.c.entry_id)
            .where(a.c.seq > cursor)
            .order_by(a.c.seq)
            .limit(limit)
        )

        def work(conn: Connection) -> tuple[list[Change], int]:
            changes: list[Change] = []
            current: dict[str, Entry | None] = {}
            for r in conn.execute(query):
                if r.entry_id is not None and r.entry_id not in current:
                    current[r.entry_id] = None if r.status == "hidden" else Entry(
                        id=r.entry_id, kind=r.e_kind, version=r.e_version,
                        fields=public_fields(r.e_kind, json.loads(r.data)), created=r.created,
                        updated=r.updated, featured=bool(r.featured), locked=bool(r.locked),
                    )
                changes.append(
                    Change(
                        seq=r.seq, at=r.at, actor=r.actor, action=r.action, entry_id=r.entry_id,
                        kind=r.kind, version=r.version, changed=json.loads(r.changed),
                        stage_before=r.stage_before, stage_after=r.stage_after,
                        entry=current.get(r.entry_id) if r.entry_id else None,
                    )
                )
            return changes, (changes[-1].seq if changes else cursor)

        return self._run_read(work)

    def stage_report(self, entry_id: str) -> list[dict[str, Any]]:
        """For a project, each stage's checks and whether it passes them now."""
        entry = self.get(entry_id)
        if entry.kind != "project":
            raise ValidationError({"stage": f"{entry_id} is a {entry.kind}; only projects have stages"})
        return self.stages.report(entry.fields)

    # -- matchmaking (see h4og_kit.registry.matching) -------------------------------------------

    def recommend_projects(self, person_id: str, limit: int = 10) -> list:
        """Published projects for a person, best first, each with its reasons."""
        from h4og_kit.registry.matching import recommend_projects

        people = self.search(kind="person", status="published", limit=None)
        projects = self.search(kind="project", status="published", limit=None)
        return recommend_projects(self.get(person_id), projects, people=people, limit=limit)

    def recommend_people(self, project_id: str, limit: int = 10) -> list:
        """Published people (who agreed to be contacted) for a project, best first, with reasons."""
        from h4og_kit.registry.matching import recommend_people

        people = self.search(kind="person", status="published", limit=None)
        return recommend_people(self.get(project_id), people, limit=limit)

    def suggest_teams(self, capacity: int | Mapping[str, int] = 5):
        """Optimal teams over the published people and projects (a :class:`TeamPlan`)."""
        from h4og_kit.registry.matching import suggest_teams

        people = [p for p in self.search(kind="person", status="published", limit=None)
                  if p.fields.get("contact_consent")]  # only people who agreed to be contacted
        projects = self.search(kind="project", status="published", limit=None)
        return suggest_teams(people, projects, capacity)

    # -- archive ---------------------------------------------------------------------------------

    def export(
        self, path: str | Path, fmt: str = "datapackage", *, private: bool = False,
        token: str | None = None,
    ) -> Path:
        """Write the registry to ``path`` as ``datapackage``, ``json``, ``csv`` or ``html``.

        Without ``private`` this is the public archive (see :meth:`dump`); ``private=True`` keeps
        everything and needs the organizer ``token``.
        """
        from h4og_kit.registry.archive import export

        return export(self, path, fmt=fmt, private=private, token=token)

    def import_(self, path: str | Path) -> int:
        """Restore a ``json`` or ``datapackage`` export into this (empty) registry; return the
        number of entries restored."""
        from h4og_kit.registry.archive import import_

        return import_(self, path)

    def dump(self, *, private: bool = False, token: str | None = None) -> dict[str, Any]:
        """Every table row as plain dicts (what the archive formats write), in a stable order.

        Without ``private`` this is what anyone may see: published entries only, their published
        versions and the activity of those versions (plus event-wide locks); no e-mails, no token
        hashes, and people's own links only with their consent. ``private=True`` keeps every
        entry, version and field, and needs the organizer ``token``.
        """
        if private:
            self.require_organizer(token, "export hidden and draft entries and private fields")

        def rows(conn: Connection, table, order) -> list[dict[str, Any]]:
            return [dict(r._mapping) for r in conn.execute(select(table).order_by(*order))]

        def work(conn: Connection) -> dict[str, Any]:
            e, v, a = schema.entries, schema.versions, schema.activity
            entries = rows(conn, e, [e.c.id])
            for row in entries:
                del row["search_text"], row["tags_key"], row["languages_key"]
            tables = {
                "entries": entries,
                "versions": rows(conn, v, [v.c.entry_id, v.c.version]),
                "activity": rows(conn, a, [a.c.seq]),
            }
            return {"locked": self._event_locked(conn),
                    **(tables if private else _public_tables(**tables))}

        return self._run_read(work)

    def restore(self, dump: Mapping[str, Any]) -> int:
        """Load a :meth:`dump` into this registry, which must be empty; return the entry count."""

        def work(conn: Connection) -> int:
            if conn.execute(select(func.count()).select_from(schema.entries)).scalar():
                raise ValidationError(
                    {"registry": "an archive can only be imported into an empty registry"}
                )
            entries = [
                {
                    **row,
                    "search_text": search_text(row["kind"], json.loads(row["data"])),
                    "tags_key": _tags_key(json.loads(row["data"])),
                    "languages_key": _languages_key(json.loads(row["data"])),
                }
                for row in dump["entries"]
            ]
            for table, rows in (
                (schema.activity, dump["activity"]),
                (schema.entries, entries),
                (schema.versions, dump["versions"]),
            ):
                if rows:
                    conn.execute(table.insert(), list(rows))
            if self.is_postgres and dump["activity"]:
                conn.execute(
                    text(
                        "SELECT setval(pg_get_serial_sequence('h4og_activity', 'seq'), "
                        "(SELECT max(seq) FROM h4og_activity))"
                    )
                )
            conn.execute(schema.meta.delete().where(schema.meta.c.key == "locked"))
            conn.execute(
                schema.meta.insert().values(key="locked", value="1" if dump["locked"] else "0")
            )
            return len(entries)

        return self._run_write(work)


def _public_tables(entries: list[dict], versions: list[dict], activity: list[dict]) -> dict:
    """The rows of a dump that anyone may see (see :meth:`Registry.dump`)."""
    current = {row["id"]: json.loads(row["data"]) for row in entries}
    shown = {entry_id for entry_id, fields in current.items() if access.is_public(fields)}
    kinds = {row["id"]: row["kind"] for row in entries}

    def public(entry_id: str, fields: dict) -> str:
        consent = current[entry_id].get("contact_consent") is True and (
            fields.get("contact_consent") is True)  # now and at that version
        return canonical_json(access.public_view(kinds[entry_id], fields, consent=consent))

    public_entries = [{**row, "data": public(row["id"], current[row["id"]]), "token_hash": None}
                      for row in entries if row["id"] in shown]
    public_versions = []
    for row in versions:
        fields = json.loads(row["data"])
        if row["entry_id"] in shown and access.is_public(fields):
            public_versions.append({**row, "data": public(row["entry_id"], fields)})
    kept = {(row["entry_id"], row["version"]) for row in public_versions}
    public_activity = [row for row in activity
                       if row["entry_id"] is None or (row["entry_id"], row["version"]) in kept]
    return {"entries": public_entries, "versions": public_versions, "activity": public_activity}
