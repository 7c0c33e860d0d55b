"""Projects' repositories, synced: what GitHub, GitLab or Codeberg say about each published project.

::

    from h4og_kit.registry.repositories import sync, summaries
    report = sync(registry)          # every published project whose source link is on a forge
    summaries(registry)["project-id"].readme_summary

:func:`sync` asks each forge through :func:`h4og_kit.forges.repository_summary` (the kit's one
HTTP path: cached, polite, an optional token from the environment) and keeps the answers in the
table ``h4og_repositories``, one row per project, apart from the entries: synced text never
touches, and is never taken for, what people typed, and it leaves no version or activity line.
A failed attempt keeps the last good summary and records why; a spent rate limit stops the
asking of that forge until the next sync; a project that lost its source link, or is no longer
published, loses its row. ``h4og registry sync`` runs it by hand, and the dashboard server runs
it on a schedule (``H4OG_SYNC_MINUTES``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import Connection, func, select

from h4og_kit import forges
from h4og_kit.errors import RateLimited, SourceError
from h4og_kit.registry import schema
from h4og_kit.registry.models import utc_now

if TYPE_CHECKING:
    from h4og_kit.registry.store import Registry


@dataclass
class SyncReport:
    """What a sync did: project ids ``synced`` and ``failed`` (id -> why), and the forges whose
    rate limit was spent (``limited``: forge -> the error, whose projects wait for the next
    sync); ``offline`` when nothing could be asked (``H4OG_OFFLINE=1``)."""

    synced: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    limited: dict[str, str] = field(default_factory=dict)
    offline: bool = False

    def summary(self) -> str:
        """Plain lines for a terminal or the organizer panel, in the current language."""
        from h4og_kit.i18n import gettext as _
        from h4og_kit.i18n import number

        if self.offline:
            return _("offline (H4OG_OFFLINE=1): no repository was asked")
        lines = [_("{synced} synced, {failed} failed").format(synced=number(len(self.synced)),
                                                              failed=number(len(self.failed)))]
        lines += [f"{entry_id}: {why}" for entry_id, why in self.failed.items()]
        lines += [f"{forge}: {why}" for forge, why in self.limited.items()]
        return "\n".join(lines)


def targets(registry: Registry) -> dict[str, str]:
    """Published project id -> its source link, for links on a forge the kit reads."""
    found = {}
    for entry in registry.search(kind="project", status="published", limit=None):
        url = (entry.fields.get("links") or {}).get("source")
        if not url:
            continue
        try:
            forges.forge_of(url)
        except forges.NotARepository:
            continue
        found[entry.id] = url
    return found


def sync(registry: Registry, entry_ids: Iterable[str] | None = None, *, api: str | None = None,
         allow_private: bool = False, progress: bool = False) -> SyncReport:
    """Fetch the repository summaries of the published projects (or of ``entry_ids`` among them)
    and store them (see the module). ``api`` and ``allow_private`` are passed to
    :func:`~h4og_kit.forges.repository_summary` (a mirror, or a loopback test server)."""
    from h4og_kit.config import settings

    report = SyncReport()
    wanted = targets(registry)
    registry.run_write(lambda conn: _forget_others(conn, wanted))
    if entry_ids is not None:
        chosen = set(entry_ids)
        wanted = {i: url for i, url in wanted.items() if i in chosen}
    if settings().forced_offline:
        report.offline = True
        return report
    from tqdm.auto import tqdm

    for entry_id, url in tqdm(wanted.items(), desc="repositories", unit="project",
                              disable=not progress):
        kind = forges.forge_of(url).kind
        if kind in report.limited:
            continue
        try:
            summary = forges.repository_summary(url, api=api, allow_private=allow_private)
        except RateLimited as error:
            report.limited[kind] = str(error)
            continue
        except (SourceError, forges.NotARepository, forges.PrivateRepository) as error:
            report.failed[entry_id] = str(error)
            registry.run_write(lambda conn, e=entry_id, u=url, why=str(error):
                               _store(conn, e, u, None, why))
            continue
        report.synced.append(entry_id)
        registry.run_write(lambda conn, e=entry_id, u=url, s=summary: _store(conn, e, u, s, None))
    return report


def _forget_others(conn: Connection, wanted: dict[str, str]) -> None:
    """Drop the rows of projects that are no longer synced (unpublished, or no forge link)."""
    table = schema.repositories
    known = conn.execute(select(table.c.entry_id)).scalars().all()
    gone = [entry_id for entry_id in known if entry_id not in wanted]
    if gone:
        conn.execute(table.delete().where(table.c.entry_id.in_(gone)))


def _store(conn: Connection, entry_id: str, url: str, summary: forges.RepositorySummary | None,
           error: str | None) -> None:
    table = schema.repositories
    now = utc_now()
    row = conn.execute(select(table).where(table.c.entry_id == entry_id)).mappings().first()
    values = {"url": url, "checked": now, "error": error}
    if summary is not None:
        values |= {"synced": now, "summary": json.dumps(summary.as_dict(), ensure_ascii=False)}
    elif row is not None and row["url"] != url:
        values |= {"synced": None, "summary": None}  # the old summary was of another repository
    if row is None:
        conn.execute(table.insert().values(entry_id=entry_id, **values))
    else:
        conn.execute(table.update().where(table.c.entry_id == entry_id).values(**values))


def summaries(registry: Registry) -> dict[str, dict]:
    """Project id -> the last good summary (``forges.RepositorySummary.as_dict()`` plus
    ``synced``, when it was fetched), for the projects that have one."""
    table = schema.repositories

    def work(conn: Connection) -> dict[str, dict]:
        rows = conn.execute(select(table.c.entry_id, table.c.synced, table.c.summary)
                            .where(table.c.summary.is_not(None))).all()
        return {entry_id: {**json.loads(text), "synced": synced} for entry_id, synced, text in rows}

    return registry.run_read(work)


def state(registry: Registry) -> tuple[int, str | None]:
    """How many summaries there are and when the newest was synced: a cheap check of whether
    anything changed since the last look (the public snapshot asks it every few seconds)."""
    table = schema.repositories
    return registry.run_read(lambda conn: tuple(conn.execute(
        select(func.count(table.c.summary), func.max(table.c.synced))).one()))
