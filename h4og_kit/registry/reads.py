"""The reading half of the registry: entries, history, searches, counts and the activity log.

Private fields (e-mails) come back only for a token that may see them, and what anonymous callers
get is decided in :mod:`h4og_kit.registry.access`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from h4og_kit.i18n import N_
from h4og_kit.registry import access, import_ledger, schema
from h4og_kit.registry.access import WrongToken
from h4og_kit.registry.entries import Change, Entry, Version
from h4og_kit.registry.errors import PermissionDenied, ValidationError
from h4og_kit.registry.models import canonical_json, public_fields
from h4og_kit.registry.rows import SELECT_ENTRY, entry_row, event_locked, to_entry
from h4og_kit.registry.search_keys import as_tuple, check_search_size, fold


class Reads:
    """The reading half of :class:`~h4og_kit.registry.store.Registry` (which provides
    ``run_read``, ``stages`` and ``require_organizer``)."""

    # -- public API: reading ---------------------------------------------------------------------

    def get(self, entry_id: str, token: str | None = None) -> Entry:
        """The current version of an entry; private fields only for its own or the organizer token."""

        def work(conn: Connection) -> Entry:
            row = entry_row(conn, entry_id)
            return to_entry(row, private=access.may_see_private(conn, row, token))

        return self.run_read(work)

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
            row = conn.execute(SELECT_ENTRY, {"b_id": entry_id}).first()
            if row is None or access.actor(conn, row, token) is None:
                raise WrongToken(refused) if token else PermissionDenied(refused)
            return to_entry(row, private=True)

        return self.run_read(work)

    def history(self, entry_id: str, token: str | None = None) -> list[Version]:
        """Every version of an entry, oldest first, each with who saved it and what changed."""

        def work(conn: Connection) -> list[Version]:
            row = entry_row(conn, entry_id)
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

        return self.run_read(work)

    def is_locked(self) -> bool:
        """True while editing is locked for the whole event."""
        return self.run_read(event_locked)

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
        tag_list = as_tuple(tags)
        check_search_size(words, tag_list)
        e = schema.entries
        where = []
        kinds = as_tuple(kind)
        if kinds:
            where.append(e.c.kind.in_(kinds))
        statuses = as_tuple(status) or ("draft", "published")
        where.append(e.c.status.in_(statuses))
        stages = as_tuple(stage)
        if stages:
            where.append(e.c.stage.in_(stages))
        for word in words:
            where.append(e.c.search_text.contains(word, autoescape=True))
        for tag in tag_list:
            where.append(e.c.tags_key.contains(f"|{fold(tag)}|", autoescape=True))
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
            return [to_entry(r) for r in rows]

        return self.run_read(work)

    def all_entries(self, kind: str | None = None, *, include_hidden: bool = False) -> list[Entry]:
        """Every entry (of ``kind``), public fields only; hidden ones only if asked for."""
        statuses = ("draft", "published", "hidden") if include_hidden else None
        return self.search(kind=kind, status=statuses, limit=None)

    def counts(self) -> dict[str, dict[str, int]]:
        """How many entries there are by kind and by project stage (hidden ones left out), and by
        status. One query."""
        e = schema.entries
        query = select(e.c.kind, e.c.stage, e.c.status, func.count()).group_by(
            e.c.kind, e.c.stage, e.c.status)
        counts: dict[str, dict[str, int]] = {"kind": {}, "stage": {}, "status": {}}
        for kind, stage, status, n in self.run_read(lambda conn: list(conn.execute(query))):
            counts["status"][status] = counts["status"].get(status, 0) + n
            if status == "hidden":
                continue
            counts["kind"][kind] = counts["kind"].get(kind, 0) + n
            if kind == "project":
                counts["stage"][str(stage)] = counts["stage"].get(str(stage), 0) + n
        return counts

    def cursor(self) -> int:
        """The cursor of the latest change: a board that has just loaded everything with
        :meth:`search` polls :meth:`changes_since` from here."""
        return self.run_read(
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
        a = schema.activity
        changes = self.run_read(
            lambda conn: _changes(conn, (a.c.seq > cursor,), a.c.seq.asc(), limit))
        return changes, (changes[-1].seq if changes else cursor)

    def recent_changes(self, n: int) -> tuple[list[Change], int]:
        """The last ``n`` changes (oldest first), like :meth:`changes_since`, and the cursor to
        poll from: what a page needs when it opens, however long the log."""
        a = schema.activity
        changes = self.run_read(lambda conn: _changes(conn, (), a.c.seq.desc(), n))[::-1]
        return changes, (changes[-1].seq if changes else 0)

    def stage_moves(self, entry_ids: Iterable[str]) -> dict[str, dict[str, str]]:
        """For each of ``entry_ids`` (projects), stage name -> when it last moved into that
        stage (or was registered in it): what a progress timeline shows. One query."""
        a = schema.activity
        query = (
            select(a.c.entry_id, a.c.stage_after, a.c.at)
            .where(a.c.entry_id.in_(list(entry_ids)), a.c.stage_after.is_not(None),
                   or_(a.c.stage_before.is_(None), a.c.stage_before != a.c.stage_after))
            .order_by(a.c.seq)
        )
        moves: dict[str, dict[str, str]] = {}
        for entry_id, stage, at in self.run_read(lambda conn: list(conn.execute(query))):
            moves.setdefault(entry_id, {})[stage] = at
        return moves

    def person_names(self, entry_ids: Iterable[str]) -> dict[str, str]:
        """The names of the published people among ``entry_ids`` (what a team list may show;
        anyone else stays an id). One query."""
        e = schema.entries
        query = select(e.c.id, e.c.data).where(
            e.c.id.in_(list(entry_ids)), e.c.kind == "person", e.c.status == access.PUBLIC_STATUS)
        rows = self.run_read(lambda conn: list(conn.execute(query)))
        return {entry_id: json.loads(data).get("title") or entry_id for entry_id, data in rows}

    def stage_report(self, entry_id: str) -> list[dict[str, Any]]:
        """For a project, each stage's checks and whether it passes them now."""
        entry = self.get(entry_id)
        if entry.kind != "project":
            raise ValidationError({"stage": f"{entry_id} is a {entry.kind}; only projects have stages"})
        return self.stages.report(entry.fields)

    def dump(self, *, private: bool = False, token: str | None = None) -> dict[str, Any]:
        """Every table row as plain dicts (what the archive formats write), in a stable order.

        Without ``private`` this is what anyone may see: published entries only, their published
        versions and the activity of those versions (plus event-wide locks); no e-mails, no token
        hashes, and people's own links only with their consent. ``private=True`` keeps every
        entry, version and field, and needs the organizer ``token``; it adds ``edit_tokens``, the
        edit tokens of imported entries (see :mod:`~h4og_kit.registry.import_ledger`).
        """
        if private:
            self.require_organizer(token, N_("export hidden and draft entries and private fields"))

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
            if private:
                return {"locked": event_locked(conn), **tables,
                        "edit_tokens": import_ledger.edit_tokens(conn)}
            return {"locked": event_locked(conn), **_public_tables(**tables)}

        return self.run_read(work)


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


def _changes(conn: Connection, where: tuple, order, limit: int) -> list[Change]:
    """Activity rows (``where``, in ``order``, at most ``limit``) as changes, each with its
    entry as it is now (public fields), or None when the entry is hidden."""
    a, e = schema.activity, schema.entries
    query = (
        select(a, e.c.version.label("e_version"), e.c.data, e.c.created, e.c.updated,
               e.c.featured, e.c.locked, e.c.status, e.c.kind.label("e_kind"))
        .outerjoin(e, e.c.id == a.c.entry_id)
        .where(*where)
        .order_by(order)
        .limit(limit)
    )
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
    return changes
