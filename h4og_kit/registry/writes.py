"""The one write path of the registry: every change is validated, authorized, versioned and logged.

Each change appends an activity row and a new version (nothing is ever deleted); concurrent
editors get a :class:`ConflictError` instead of overwriting each other; stage moves pass their
checks; who may change what is decided in :mod:`h4og_kit.registry.access`. A refused change
says why in the language in force; what is stored (actors, actions) is never translated.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, bindparam, func, select, text
from sqlalchemy.engine import Row

from h4og_kit.i18n import N_
from h4og_kit.i18n import gettext as _
from h4og_kit.registry import access, import_ledger, schema
from h4og_kit.registry.access import ORGANIZER, WrongToken
from h4og_kit.registry.entries import Entry
from h4og_kit.registry.errors import (
    ConflictError,
    EntryNotFound,
    PermissionDenied,
    RegistryBusy,
    StageCheckFailed,
    ValidationError,
)
from h4og_kit.registry.models import canonical_json, check_kind, utc_now, validate_fields
from h4og_kit.registry.rows import entry_row, event_locked, to_entry
from h4og_kit.registry.search_keys import languages_key, search_text, tags_key
from h4og_kit.registry.tokens import hash_token, is_organizer, new_token

_MERGED_FIELDS = frozenset({"links"})  # dict fields whose changes merge into the stored value
#: What only organizers may do to an entry's flags (see ``require_organizer``).
_FLAG_ACTIONS = {"featured": N_("change whether an entry is featured"),
                 "locked": N_("change whether an entry is locked")}
#: A new version of an entry, only if it is still at the version it was read at.
_UPDATE_ENTRY = schema.entries.update().where(
    schema.entries.c.id == bindparam("b_id"), schema.entries.c.version == bindparam("b_version")
)


class Writes:
    """The writing half of :class:`~h4og_kit.registry.store.Registry` (which provides
    ``run_write``, ``stages`` and ``require_organizer``)."""

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
            f"team.{i}": _("no person entry has the id {id}").format(id=repr(member))
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
            "tags_key": tags_key(fields),
            "languages_key": languages_key(fields),
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
                raise RegistryBusy(_("{id} changed during the save; try again").format(id=entry_id))
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
            raise ValidationError({"entry": _("fields must be a mapping of field names to values")})
        organizer = is_organizer(token)
        if fields.get("status") == "hidden" and not organizer:
            self.require_organizer(token, N_("register a hidden entry"))
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
        check_stage: bool = True,  # False: an organizer's import keeps its source's stage
    ) -> tuple[Entry, str]:
        if not organizer and event_locked(conn):
            closed = _("registration is closed: editing is locked for the event")
            raise WrongToken(closed) if token_given else PermissionDenied(closed)
        entry_id = entry_id or self._new_id(conn, kind)
        self._check_team(conn, stored, None)
        if check_stage:
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
            raise ValidationError(
                {"entry": _("changes must be a mapping of field names to values")})
        row = entry_row(conn, entry_id)
        actor = access.authorize(conn, row, token)
        current = json.loads(row.data)
        if expected_version is not None and row.version != expected_version:
            raise ConflictError(
                entry_id,
                expected_version,
                current=to_entry(row, private=True),
                yours=self._merge(self._data_at(conn, entry_id, expected_version) or current, changes),
                changes=changes,
            )
        merged = self._merge(current, changes)
        if row.kind == "person" and "title" not in changes and current["title"] == current["name"]:
            merged["title"] = merged.get("name")  # the title follows the name
        hiding = (merged.get("status") == "hidden") != (current.get("status") == "hidden")
        if hiding and actor != ORGANIZER:
            raise PermissionDenied(_("only an organizer may hide an entry or show a hidden one"))
        stored = validate_fields(row.kind, merged, self.stages.names)
        if stored == current:
            return to_entry(row, private=True)
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
        return self.run_write(
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

        return self.run_write(work)

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
        return self.run_write(
            lambda conn: self._change(conn, entry_id, changes, token, expected_version, "update")
        )

    def set_stage(
        self, entry_id: str, stage: str, token: str | None = None, expected_version: int | None = None
    ) -> Entry:
        """Move a project to ``stage``; moving up runs the stage checks (:class:`StageCheckFailed`)."""
        self.stages.index(stage)
        return self.run_write(
            lambda conn: self._change(conn, entry_id, {"stage": stage}, token, expected_version, "stage")
        )

    def revert(self, entry_id: str, version: int, token: str | None = None) -> Entry:
        """Save the fields of an earlier ``version`` as the newest version (history is kept)."""

        def work(conn: Connection) -> Entry:
            old = self._data_at(conn, entry_id, version)
            if old is None:
                entry_row(conn, entry_id)
                raise EntryNotFound(_("{id} has no version {version}").format(
                    id=entry_id, version=version))
            return self._change(conn, entry_id, old, token, None, "revert")

        return self.run_write(work)

    def hide(self, entry_id: str, token: str | None, hidden: bool = True) -> Entry:
        """Hide an entry (spam, a mistake) or show it again; organizers only. Nothing is deleted."""
        self.require_organizer(token, N_("hide or show entries"))

        def work(conn: Connection) -> Entry:
            status = "hidden" if hidden else self._status_before_hiding(conn, entry_id)
            action = "hide" if hidden else "unhide"
            return self._change(conn, entry_id, {"status": status}, token, None, action)

        return self.run_write(work)

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
        self.require_organizer(token, N_("lock or unlock the event"))

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

        self.run_write(work)

    def _set_flag(self, entry_id: str, token: str | None, **flag: bool) -> Entry:
        (name, value), = flag.items()
        self.require_organizer(token, _FLAG_ACTIONS[name])

        def work(conn: Connection) -> Entry:
            row = entry_row(conn, entry_id)
            if bool(getattr(row, name)) == value:
                return to_entry(row, private=True)
            action = {("featured", True): "feature", ("featured", False): "unfeature",
                      ("locked", True): "lock", ("locked", False): "unlock"}[name, value]
            return self._save(
                conn, entry_id=entry_id, kind=row.kind, fields=json.loads(row.data), before=row,
                actor=ORGANIZER, action=action, **flag,
            )

        return self.run_write(work)

    def rotate_token(self, entry_id: str, token: str | None) -> str:
        """Give an entry a new edit token (the old one stops working); owner or organizer.

        Returns the new token: show it once, to its owner.
        """

        def work(conn: Connection) -> str:
            row = entry_row(conn, entry_id)
            actor = access.authorize(conn, row, token)
            if actor not in ("owner", ORGANIZER):
                raise PermissionDenied(
                    _("only the entry's own token or an organizer may rotate it"))
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

        return self.run_write(work)

    def restore(self, dump: Mapping[str, Any]) -> int:
        """Load a :meth:`dump` into this registry, which must be empty; return the entry count
        (an organizer's dump also brings back what was imported: ``edit_tokens``)."""

        def work(conn: Connection) -> int:
            if conn.execute(select(func.count()).select_from(schema.entries)).scalar():
                raise ValidationError(
                    {"registry": _("an archive can only be imported into an empty registry")}
                )
            entries = [
                {
                    **row,
                    "search_text": search_text(row["kind"], json.loads(row["data"])),
                    "tags_key": tags_key(json.loads(row["data"])),
                    "languages_key": languages_key(json.loads(row["data"])),
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
            import_ledger.restore(conn, dump.get("edit_tokens", []))
            conn.execute(schema.meta.delete().where(schema.meta.c.key == "locked"))
            conn.execute(
                schema.meta.insert().values(key="locked", value="1" if dump["locked"] else "0")
            )
            return len(entries)

        return self.run_write(work)
