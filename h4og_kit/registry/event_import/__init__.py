"""Importing an event's existing data into the registry: dribdat, hackathon.json, the 2021 dashboard,
a registration sheet.

::

    from h4og_kit.registry.event_import import import_event
    report = import_event(registry, "datapackage.json", "dribdat", token=organizer_token)
    report = import_event(registry, "answers.csv", "csv", mapping="h4og-2021-form",
                          token=organizer_token)
    print(report.summary())

Formats (:data:`FORMATS`): ``dribdat`` (a dribdat Data Package export), ``hackathon-json``
(schema.org ``Hackathon`` JSON-LD), ``h4og-2021`` (the Hack4OpenGLAM 2021 dashboard's data
file) and ``csv`` (a registration form's answers saved as CSV, read by a JSON mapping file of
which column goes to which field: :mod:`~h4og_kit.registry.event_import.registration_sheet`;
``mapping`` is required for ``csv`` and refused for the others). Importing is for organizers
(``token``). Every record is validated like a registration; a bad row is rejected with its row
number and the rest go in; ``dry_run`` reports what would be created, updated and left unchanged
without writing; importing the same file again creates nothing new. Each imported entry gets an
edit token, which only the organizer's private export shows (see
:mod:`h4og_kit.registry.import_ledger`); the report never holds tokens.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from h4og_kit.i18n import N_
from h4og_kit.registry.event_import import (
    dashboard_2021,
    dribdat,
    hackathon_json,
    registration_sheet,
)
from h4og_kit.registry.event_import.records import ImportReport, Record, Rejected

if TYPE_CHECKING:
    from h4og_kit.registry.store import Registry

__all__ = ["FORMATS", "MAPPED", "ImportReport", "Record", "Rejected", "import_event", "read_event"]

#: Each format's name and its reader (a path to records; the readers of :data:`MAPPED` formats
#: also take the mapping file).
FORMATS: dict[str, Callable[..., list[Record]]] = {
    "dribdat": dribdat.read,
    "hackathon-json": hackathon_json.read,
    "h4og-2021": dashboard_2021.read,
    "csv": registration_sheet.read,
}

#: The formats read with a mapping file.
MAPPED = ("csv",)


def read_event(path: str | Path, fmt: str, mapping: str | Path | None = None) -> list[Record]:
    """The records of the event file at ``path`` in ``fmt`` (nothing is written); ``mapping`` is
    the mapping file (a path, or a bundled mapping's name) of a :data:`MAPPED` format."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown event format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt not in MAPPED:
        if mapping is not None:
            raise ValueError(f"the {fmt!r} format takes no mapping file")
        return FORMATS[fmt](Path(path))
    if mapping is None:
        raise ValueError(
            f"the {fmt!r} format needs a mapping file (--mapping FILE): a JSON file that says "
            "which column of the sheet goes to which field; see the docstring of "
            "h4og_kit.registry.event_import.registration_sheet, or start from the bundled "
            f"example {registration_sheet.mapping_path('h4og-2021-form')}")
    return FORMATS[fmt](Path(path), mapping)


def import_event(registry: Registry, path: str | Path, fmt: str, *, mapping: str | Path | None = None,
                 dry_run: bool = False, token: str | None = None) -> ImportReport:
    """Import the event file at ``path`` (in ``fmt``) into ``registry``; return what was done.

    ``token`` must be the organizer token. ``mapping`` is the ``csv`` format's mapping file (a
    path, or a bundled mapping's name such as ``h4og-2021-form``); the other formats take none.
    """
    from h4og_kit.registry.event_import.apply import write_records

    registry.require_organizer(token, N_("import an event's data"))
    records = read_event(path, fmt, mapping)
    return write_records(registry, records, ImportReport(fmt, dry_run), token)
