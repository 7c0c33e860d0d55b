"""The common record schema: one set of columns, with stable dtypes, for every source.

Every source's ``parse`` returns plain dicts keyed by :data:`COLUMNS`; :func:`to_frame` turns them
into a DataFrame whose columns and dtypes never depend on which source answered or on whether a
page came back empty. The rights columns are filled here, through :func:`h4og_kit.rights.normalize`,
so no source can forget them: ``rights_note`` says why a value is ``unknown`` when it claimed a
vocabulary (a Creative Commons or rightsstatements.org URI) whose list does not have it.
``warnings`` holds what the source had to repair to read the record ("; "-joined, English, as
data): a namespace declaration recovered, bytes that were not UTF-8. Nothing is guessed silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

COLUMNS: tuple[str, ...] = (
    "source",
    "id",
    "title",
    "creator",
    "date",
    "date_start",
    "date_end",
    "type",
    "description",
    "institution",
    "url",
    "image_url",
    "thumbnail_url",
    "iiif_manifest",
    "rights",
    "license_uri",
    "license_category",
    "rights_note",
    "language",
    "place",
    "warnings",
)

#: Years are nullable integers (BCE years are negative); everything else is pandas' string dtype.
DTYPES: dict[str, str] = {c: "string" for c in COLUMNS} | {"date_start": "Int64", "date_end": "Int64"}

#: The columns a record is searched on when a query is answered from bundled samples.
TEXT_COLUMNS = ("title", "creator", "description", "type", "place", "institution")


def _year(value) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        parts = [str(v).strip() for v in value if v not in (None, "")]
        return "; ".join(dict.fromkeys(parts)) or None
    text = str(value).strip()
    return text or None


def record(source: str, **fields) -> dict:
    """One common record: unknown field names are refused, values are tidied, rights normalized.

    Lists become "; "-joined text, empty strings become missing, years become ints. Where a source
    gives a date text but no years, the years are read from the text
    (:func:`h4og_kit.metadata.dates.parse_date`).
    """
    unknown = set(fields) - set(COLUMNS)
    if unknown:
        raise KeyError(f"not common record columns: {sorted(unknown)}")
    row = {c: None for c in COLUMNS}
    for name, value in fields.items():
        row[name] = _year(value) if name in ("date_start", "date_end") else _text(value)
    row["source"] = source
    if row["date"] and row["date_start"] is None and row["date_end"] is None:
        from h4og_kit.metadata.dates import parse_date

        span = parse_date(row["date"])
        row["date_start"], row["date_end"] = span.start, span.end
    if row["id"] is None:
        raise ValueError(f"a {source} record without an id cannot be kept: {fields!r:.200}")
    if row["license_uri"] is None and row["license_category"] is None:
        from h4og_kit.rights import normalize

        lic = normalize(row["rights"])
        row["license_uri"] = lic.uri or None
        row["license_category"] = lic.category
        row["rights_note"] = lic.note
    return row


def empty_frame() -> pd.DataFrame:
    """A DataFrame with the common columns and no rows."""
    return to_frame([])


def to_frame(records: Iterable[Mapping]) -> pd.DataFrame:
    """Records as a DataFrame with exactly the common columns, in order, with stable dtypes."""
    import pandas as pd

    frame = pd.DataFrame.from_records(list(records), columns=list(COLUMNS))
    return frame.astype(DTYPES)
