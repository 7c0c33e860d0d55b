"""Reading a registration sheet (a form's answers saved as CSV) into registry records, by a mapping.

Google Forms -> Sheets -> CSV, Microsoft Forms and the like give one row per answer under a header
row. A small JSON mapping file says what each row gives::

    {
      "about": "free text: which form, where the column names come from",
      "name": "my-form-2025",
      "columns": {"A": "timestamp", "B": "email"},
      "id": ["timestamp", "email"],
      "entries": [
        {"kind": "person",
         "fields": {"First name": "name", "Last name": "name", "email": "email",
                    "Skills": {"field": "skills", "as": "list"},
                    "May others contact you?": {"field": "contact_consent", "as": "yes-no"}}},
        {"kind": {"column": "What do you register?",
                  "values": {"Project": "project", "Dataset, collection": "collection"}},
         "fields": {"*": {"Title": "title", "Link to the codebase": "links.source"},
                    "collection": {"The holder of the collection": "institution"}}}
      ]
    }

- ``name`` (required) starts every source id, so sheets read with different mappings never meet.
- ``columns`` (optional) names columns by their position (spreadsheet letters: A, B, ... AA), for
  sheets whose header texts are not known or change; elsewhere a column is named by the text of
  its header cell. A column named in the mapping that the sheet lacks is an error that lists the
  headers found.
- ``entries`` lists what one row can give (a row of the 2021 form gave a person and a proposal).
  ``kind`` is a fixed kind, or a column whose answers map to kinds (an empty answer gives no entry;
  an answer not listed rejects that entry of the row). ``fields`` maps column -> registry field:
  for a fixed kind directly, for a kind column per kind (``"*"``: every kind). A field is a name,
  dotted for nested fields (``links.source``, ``social_links.Mastodon``), or ``{"field": name,
  "as": "text" | "list" | "yes-no"}``: ``list`` splits a cell by commas, semicolons and newlines;
  ``yes-no`` is true for a cell saying ``yes`` or ``true`` (any case; ``"yes": [...]`` gives the
  answers meaning yes) and false for anything else. Several columns into one text field are
  joined with a space (``"join"`` gives another separator), into one list field put together.
- ``id`` (optional) names the columns that identify a row (a form's timestamp and e-mail). A row's
  source id is ``<name>:<row id>:<entry number>``, where the row id is the first 16 hex digits of
  the SHA-256 of the ``id`` columns' values, or, without ``id``, of every mapped column's name and
  value: both are the same in every export of the same answers, so a re-import creates nothing new
  (without ``id`` an edited answer is a new row). No e-mail shows in a source id. Rows with the
  same id: the later is rejected.

Cells are trimmed; empty cells are left out, so a person has no e-mail unless the sheet has one
and ``contact_consent`` is false unless the sheet says yes. A summary longer than the registry
takes is cut with an ellipsis (:func:`~h4og_kit.registry.event_import.records.fit`); everything
else is validated on import like a registration. Row numbers are the spreadsheet's (the header is
row 1). The file is read as UTF-8 with or without a byte order mark; its delimiter (comma,
semicolon, tab or bar) is found by :class:`csv.Sniffer`, else comma; quoted cells may hold
newlines.

``h4og_kit/data/event_mappings/h4og-2021-form.json`` maps the Hack4OpenGLAM 2021 registration form
by column position, as the dashboard's importer read it (``importer/src/import/parser/rawRow.js``
and ``formatData.js`` of AvoinGLAM/h4og-dashboard); :func:`mapping_path` finds a bundled mapping
by its name.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from h4og_kit.i18n import gettext as _
from h4og_kit.registry.event_import.records import DESCRIPTION_LIMIT, SUMMARY_LIMIT, Record, fit
from h4og_kit.registry.models import KINDS

BUNDLED = Path(__file__).resolve().parent.parent.parent / "data" / "event_mappings"
TRANSFORMS = ("text", "list", "yes-no")
YES = ("yes", "true")
_LETTERS = re.compile(r"[A-Z]+")
_LIST_SEPARATORS = re.compile(r"[,;\n]+")


@dataclass(frozen=True)
class Spec:
    """Where one column's cells go: a registry field (dotted) and how the text is taken."""

    field: str
    transform: str = "text"
    join: str = " "
    yes: tuple[str, ...] = YES


@dataclass(frozen=True)
class Entry:
    """One entry a row can give: a fixed kind or a kind column, and the columns of each kind."""

    kind: str | None
    kind_column: str | None
    kinds: dict[str, str]
    fields: dict[str, dict[str, Spec]]  # kind -> column -> spec

    def columns(self) -> set[str]:
        return {c for columns in self.fields.values() for c in columns} | (
            {self.kind_column} if self.kind_column else set())


@dataclass(frozen=True)
class Mapping:
    """A mapping file, checked."""

    name: str
    entries: list[Entry]
    positions: dict[str, str] = field(default_factory=dict)  # column name -> letter
    id: list[str] = field(default_factory=list)

    def columns(self) -> list[str]:
        return sorted(set(self.id).union(*(entry.columns() for entry in self.entries)))


def mapping_path(name: str | Path) -> Path:
    """The mapping file ``name``: a path, or the name of a bundled mapping (``h4og-2021-form``)."""
    path = Path(name)
    if path.exists() or path.suffix:
        return path
    bundled = BUNDLED / f"{name}.json"
    if not bundled.exists():
        known = ", ".join(sorted(p.stem for p in BUNDLED.glob("*.json")))
        raise FileNotFoundError(f"no mapping file {name!r} (the bundled mappings are: {known})")
    return bundled


def _problem(where: str, message: str) -> ValueError:
    return ValueError(f"mapping file, {where}: {message}")


def _spec(kind: str, column: str, value: Any) -> Spec:
    where = f"column {column!r} ({kind})"
    if isinstance(value, str):
        spec = Spec(value)
    elif isinstance(value, dict) and isinstance(value.get("field"), str) and set(value) <= {
            "field", "as", "join", "yes"}:
        spec = Spec(value["field"], value.get("as", "text"), value.get("join", " "),
                    tuple(str(v).strip().lower() for v in value.get("yes", YES)))
    else:
        raise _problem(where, 'give a field name, or {"field": ..., "as": ...}')
    if spec.transform not in TRANSFORMS:
        raise _problem(where, f"\"as\" is {spec.transform!r}; use one of {', '.join(TRANSFORMS)}")
    if spec.field.split(".")[0] not in KINDS[kind].model_fields:
        raise _problem(where, f"{spec.field!r} is not a field of a {kind}; its fields are: "
                       + ", ".join(KINDS[kind].model_fields))
    return spec


def _kind(name: Any, where: str) -> str:
    if not isinstance(name, str) or name not in KINDS:
        raise _problem(where, f"{name!r} is not a kind of entry; use one of {', '.join(KINDS)}")
    return name


def _columns(raw: Any, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _problem(where, "give an object of column -> field")
    return raw


def _entry(number: int, raw: Any) -> Entry:
    where = f"entry {number}"
    if not isinstance(raw, dict) or set(raw) != {"kind", "fields"}:
        raise _problem(where, 'give "kind" and "fields"')
    fields = _columns(raw["fields"], f"{where}, fields")
    if not isinstance(raw["kind"], dict):
        kind = _kind(raw["kind"], where)
        return Entry(kind, None, {}, {kind: {c: _spec(kind, c, s) for c, s in fields.items()}})
    column, values = raw["kind"].get("column"), raw["kind"].get("values")
    if not isinstance(column, str) or not isinstance(values, dict) or not values:
        raise _problem(where, 'a kind column is {"column": ..., "values": {answer: kind}}')
    kinds = {str(answer): _kind(kind, where) for answer, kind in values.items()}
    for part in fields:
        if part != "*":
            _kind(part, f"{where}, fields")
        _columns(fields[part], f"{where}, fields of {part!r}")
    return Entry(None, column, kinds, {
        kind: {c: _spec(kind, c, s) for part in ("*", kind) for c, s in fields.get(part, {}).items()}
        for kind in set(kinds.values())})


def load_mapping(path: Path) -> Mapping:
    """The mapping file at ``path``, checked (a ValueError says what is wrong and where)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise _problem(str(path), "expected a JSON object")
    unknown = set(raw) - {"about", "name", "columns", "id", "entries"}
    if unknown:
        raise _problem(str(path), f"unknown keys {sorted(unknown)}; the keys are about, name, "
                       "columns, id and entries")
    if not isinstance(raw.get("name"), str) or not raw["name"].strip():
        raise _problem(str(path), '"name" is required (it starts every source id)')
    if not isinstance(raw.get("entries"), list) or not raw["entries"]:
        raise _problem(str(path), '"entries" is required: a list of what one row gives')
    columns, ids = raw.get("columns", {}), raw.get("id", [])
    if not isinstance(ids, list) or not all(isinstance(c, str) for c in ids):
        raise _problem('"id"', "give a list of column names")
    bad = [letter for letter in columns if not _LETTERS.fullmatch(str(letter))]
    if bad:
        raise _problem('"columns"', f"{bad} are not column letters such as A, B or AD")
    return Mapping(raw["name"].strip(), [_entry(n, e) for n, e in enumerate(raw["entries"], 1)],
                   {name: letter for letter, name in columns.items()}, ids)


def _index(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number - 1


def read_rows(path: Path) -> list[list[str]]:
    """The rows of the CSV file at ``path``, the header first (any usual delimiter, BOM or not)."""
    text = path.read_text(encoding="utf-8-sig")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:16_384], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _positions(header: list[str], mapping: Mapping) -> dict[str, int]:
    """Where each column the mapping names is in the sheet."""
    found: dict[str, list[int]] = {}
    for index, text in enumerate(header):
        found.setdefault(text.strip(), []).append(index)
    out = {}
    for column in mapping.columns():
        if column in mapping.positions:
            out[column] = _index(mapping.positions[column])
            if out[column] >= len(header):
                raise ValueError(f"column {mapping.positions[column]} ({column!r}) named in the "
                                 f"mapping is not in the sheet, which has {len(header)} columns")
        elif len(found.get(column, ())) == 1:
            out[column] = found[column][0]
        elif column in found:
            raise ValueError(f"the sheet has {len(found[column])} columns headed {column!r}; "
                             'name the one to read by its letter in the mapping\'s "columns"')
        else:
            raise ValueError(f"the mapping names a column {column!r} that the sheet does not "
                             "have; its headers are: " + ", ".join(repr(h) for h in header))
    return out


def _put(fields: dict[str, Any], spec: Spec, cell: str) -> None:
    *parents, leaf = spec.field.split(".")
    target = fields
    for parent in parents:
        target = target.setdefault(parent, {})
    if spec.transform == "list":
        items = [item.strip() for item in _LIST_SEPARATORS.split(cell) if item.strip()]
        target[leaf] = [*target.get(leaf, []), *items]
    elif spec.transform == "yes-no":
        target[leaf] = target.get(leaf) is True or cell.lower() in spec.yes
    else:
        target[leaf] = f"{target[leaf]}{spec.join}{cell}" if leaf in target else cell


def _fields(specs: dict[str, Spec], cells: dict[str, str]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for column, spec in specs.items():
        if cells[column]:
            _put(fields, spec, cells[column])
    for name in ("summary", "description"):
        if isinstance(fields.get(name), str):
            fields[name] = fit(fields[name], DESCRIPTION_LIMIT if name == "description" else SUMMARY_LIMIT)
    return fields


def _row_id(mapping: Mapping, cells: dict[str, str]) -> str | None:
    if mapping.id:
        parts: list[Any] = [cells[column] for column in mapping.id]
        if not any(parts):
            return None
    else:
        parts = [[column, cells[column]] for column in mapping.columns()]
    digest = hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()[:16]


def _records(mapping: Mapping, number: int, cells: dict[str, str], seen: dict[str, int]
             ) -> list[Record]:
    row_id = _row_id(mapping, cells)
    problem = None
    if row_id is None:
        problem = _("no id: the columns {columns} are empty").format(
            columns=", ".join(map(repr, mapping.id)))
    elif row_id in seen:
        problem = (_("the same id ({columns}) as row {row}") if mapping.id else
                   _("the same answers as row {row}")).format(
            columns=", ".join(map(repr, mapping.id)), row=seen[row_id])
    else:
        seen[row_id] = number
    records = []
    for index, entry in enumerate(mapping.entries, start=1):
        source = f"{mapping.name}:{row_id or f'row-{number}'}:{index}"
        kind = entry.kind
        if entry.kind_column:
            answer = cells[entry.kind_column]
            if not answer:
                continue
            kind = entry.kinds.get(answer)
            if kind is None:
                records.append(Record(number, source, "unknown", {}, problem=_(
                    "{answer!r} in column {column!r} is not one of: {answers}").format(
                    answer=answer, column=entry.kind_column,
                    answers=", ".join(map(repr, entry.kinds)))))
                continue
        fields = _fields(entry.fields[kind], cells)
        stage = fields.pop("stage", "idea") if kind == "project" else None
        records.append(Record(number, source, kind, fields, stage=stage, problem=problem))
    return records


def read(path: Path, mapping_file: str | Path) -> list[Record]:
    """The records of the registration sheet at ``path``, read with the mapping ``mapping_file``
    (a path or a bundled mapping's name)."""
    mapping = load_mapping(mapping_path(mapping_file))
    rows = read_rows(path)
    if not rows:
        raise ValueError(f"{path} is empty: a registration sheet starts with its header row")
    positions = _positions(rows[0], mapping)
    records: list[Record] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {column: row[i].strip() if i < len(row) else "" for column, i in
                 positions.items()}
        records += _records(mapping, number, cells, seen)
    return records
