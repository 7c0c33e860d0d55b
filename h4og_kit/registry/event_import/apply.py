"""Writing imported records into the registry: validated like a registration, once per source id.

All records of one file go in one write transaction. Each is validated with the registration's
rules (:func:`~h4og_kit.registry.models.validate_fields`, team ids); a record that fails, or
that its reader found bad (``problem``), is rejected with its row number and reason and the
others go in. A record whose source id is already in the registry
(:mod:`~h4og_kit.registry.import_ledger`) updates that entry only when the source's fields changed
since the last import, so importing the same file twice changes nothing. A project keeps the
stage the source gives (an organizer's import records a fact of the source); what our stage
checks would still ask for is in the report's notes. A dry run does the same work and rolls the
transaction back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from h4og_kit.i18n import gettext as _
from h4og_kit.registry import import_ledger
from h4og_kit.registry.errors import RegistryError
from h4og_kit.registry.event_import.records import ImportReport, Record, Rejected, row_line
from h4og_kit.registry.models import validate_fields

if TYPE_CHECKING:
    from h4og_kit.registry.store import Registry

ACTOR = "import"


class _RollBack(Exception):
    """Ends a dry run's transaction without writing."""


def write_records(registry: Registry, records: Iterable[Record], report: ImportReport,
                  token: str) -> ImportReport:
    """Write ``records`` (people first, so that teams resolve) and fill ``report``."""
    records = sorted(records, key=lambda r: (r.kind != "person", r.row))

    def work(conn: Connection) -> ImportReport:
        ids: dict[str, str | None] = {}
        for record in records:
            if record.problem:
                report.rejected.append(Rejected(record.row, record.source, record.problem))
                continue
            try:
                _write(registry, conn, record, ids, report, token)
            except RegistryError as exc:
                report.rejected.append(Rejected(record.row, record.source, str(exc)))
        if report.dry_run:
            raise _RollBack
        return report

    try:
        return registry.run_write(work)
    except _RollBack:
        return report


def _write(registry: Registry, conn: Connection, record: Record, ids: dict[str, str | None],
           report: ImportReport, token: str) -> None:
    fields = dict(record.fields)
    if record.team_sources:
        fields["team"] = [_team_id(conn, source, ids) for source in record.team_sources]
        fields["team"] = [member for member in fields["team"] if member]
    if record.stage is not None:
        fields["stage"] = _source_stage(registry, fields, record)
    stored = validate_fields(record.kind, fields, registry.stages.names)
    known = import_ledger.find(conn, record.source)
    fingerprint = import_ledger.digest(fields)
    report.notes += [row_line(record.row, record.source, note) for note in record.notes]
    if known is None:
        entry, edit_token = registry._register(conn, record.kind, stored, given=fields,
                                               organizer=True, actor=ACTOR, check_stage=False)
        import_ledger.remember(conn, import_ledger.Imported(
            record.source, entry.id, edit_token, fingerprint))
        ids[record.source] = entry.id
        report.created.append((record.kind, None if report.dry_run else entry.id, record.source))
        return
    ids[record.source] = known.entry_id
    if known.digest == fingerprint:
        report.unchanged.append((record.kind, known.entry_id, record.source))
        return
    registry._change(conn, known.entry_id, fields, token, None, ACTOR)
    import_ledger.remember(conn, import_ledger.Imported(
        record.source, known.entry_id, known.token, fingerprint))
    report.updated.append((record.kind, known.entry_id, record.source))


def _team_id(conn: Connection, source: str, ids: dict[str, str | None]) -> str | None:
    if source not in ids:
        known = import_ledger.find(conn, source)
        ids[source] = known.entry_id if known else None
    return ids[source]


def _source_stage(registry: Registry, fields: dict, record: Record) -> str:
    """The source's stage (the first stage when we have no such stage); what our checks would
    still ask for is said in the record's notes, not enforced: the stage is a fact of the source."""
    stages = registry.stages
    wanted = record.stage if record.stage in stages.names else stages.first
    missing = stages.missing(fields, wanted)
    if missing:
        record.notes.append(_("stage {stage} kept as the source gives it; our checks also ask "
                              "for: {missing}").format(stage=wanted, missing="; ".join(missing)))
    return wanted
