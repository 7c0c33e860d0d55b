"""Export and import of the whole registry, for preserving an event's results in open formats.

Formats of :func:`export`:

- ``datapackage``: a folder with a Frictionless (Tabular) Data Package: ``datapackage.json`` with a
  Table Schema for each resource, and ``entries.csv``, ``versions.csv``, ``activity.csv``;
- ``json``: one JSON file with the same three tables;
- ``csv``: a folder with one spreadsheet-friendly table per kind (current versions only);
- ``html``: one self-contained showcase page (see :mod:`h4og_kit.html.showcase`).

``datapackage`` and ``json`` are lossless: :func:`import_` into an empty registry gives back the
same entries, versions, activity log and lock, history included. Without the organizer token an
export is public: published entries only, with their published versions and activity, no e-mails
or token hashes, and people's own links only with their consent. ``private=True`` (organizers)
writes everything, and the edit tokens of imported entries (``edit_tokens``, so organizers can
mail edit links); restored from a public export, entries can be edited with the organizer token
only.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from h4og_kit.registry.errors import ValidationError
from h4og_kit.registry.models import (
    KINDS,
    PRIVATE_FIELDS,
    canonical_json,
    utc_now,
    validate_fields,
)
from h4og_kit.registry.schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from h4og_kit.registry.store import Registry

FORMAT = "h4og-registry"
FORMAT_VERSION = 1
FORMATS = ("datapackage", "json", "csv", "html")

#: Each archived table: (column, Table Schema type, description). ``fields`` and ``changed`` hold
#: JSON (an object, an array), as Table Schema's object and array types do in CSV.
TABLES: dict[str, list[tuple[str, str, str]]] = {
    "entries": [
        ("id", "string", "entry id"),
        ("kind", "string", "person, project, collection, tool, workshop or challenge"),
        ("version", "integer", "current version number"),
        ("status", "string", "draft, published or hidden"),
        ("stage", "string", "progress stage of a project"),
        ("featured", "boolean", "featured by the organizers"),
        ("locked", "boolean", "locked for editing by the organizers"),
        ("created", "datetime", "first saved (UTC)"),
        ("updated", "datetime", "last saved (UTC)"),
        ("fields", "object", "the entry's fields (JSON)"),
        ("token_hash", "string", "SHA-256 of the edit token (private exports only)"),
        ("last_seq", "integer", "activity seq of the latest change"),
    ],
    "versions": [
        ("entry_id", "string", "entry id"),
        ("version", "integer", "version number"),
        ("seq", "integer", "activity seq that saved this version"),
        ("saved", "datetime", "when it was saved (UTC)"),
        ("featured", "boolean", "featured at this version"),
        ("locked", "boolean", "locked at this version"),
        ("fields", "object", "the entry's fields at this version (JSON)"),
    ],
    "activity": [
        ("seq", "integer", "position in the activity log"),
        ("at", "datetime", "when (UTC)"),
        ("actor", "string", "registrant, owner, team:<person id> or organizer"),
        ("action", "string", "register, update, stage, revert, hide, feature, lock ..."),
        ("entry_id", "string", "entry id (empty for event-wide actions)"),
        ("kind", "string", "kind of the entry"),
        ("version", "integer", "version saved by this action"),
        ("changed", "array", "names of the fields that changed (JSON)"),
        ("stage_before", "string", "project stage before"),
        ("stage_after", "string", "project stage after"),
    ],
}
#: The edit tokens of imported entries: written by private (organizer) exports only.
EDIT_TOKENS: list[tuple[str, str, str]] = [
    ("entry_id", "string", "entry id"),
    ("source", "string", "the entry's id in the event data it was imported from"),
    ("token", "string", "the entry's edit token, for organizers to mail edit links"),
    ("digest", "string", "fingerprint of the fields last imported (a re-import compares it)"),
]
_KEYS = {"entries": ["id"], "versions": ["entry_id", "version"], "activity": ["seq"],
         "edit_tokens": ["entry_id"]}
_JSON_COLUMNS = {"fields": "data", "changed": "changed"}  # archive column -> database column


def _to_archive(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """A database row as an archive record: JSON columns parsed, under their archive names."""
    out = {}
    for column, _type, _ in TABLES[table]:
        source = _JSON_COLUMNS.get(column, column)
        value = row.get(source)
        out[column] = json.loads(value) if column in _JSON_COLUMNS else value
    return out


def _to_database(table: str, record: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for column, _type, _ in TABLES[table]:
        value = record.get(column)
        out[_JSON_COLUMNS.get(column, column)] = (
            canonical_json(value) if column in _JSON_COLUMNS else value
        )
    return out


def export(registry: Registry, path: str | Path, fmt: str = "datapackage", *,
           private: bool = False, token: str | None = None) -> Path:
    """Write ``registry`` to ``path`` in ``fmt``; return the file or folder written.

    Without ``private``, only what anyone may see (see :meth:`Registry.dump`); with it, everything
    (the registry checks the organizer ``token``).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    path = Path(path)
    dump = registry.dump(private=private, token=token)
    tables = {name: [_to_archive(name, row) for row in dump[name]] for name in TABLES}
    about = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_version": SCHEMA_VERSION,
        "exported": utc_now(),
        "private": private,
        "locked": dump["locked"],
    }
    columns = dict(TABLES)
    if private:  # the organizers' copy: the edit tokens of imported entries
        tables["edit_tokens"], columns["edit_tokens"] = dump["edit_tokens"], EDIT_TOKENS
    if fmt == "json":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({**about, **tables}, ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")
    elif fmt == "datapackage":
        _write_datapackage(path, tables, about, columns)
    elif fmt == "csv":
        _write_kind_tables(path, tables["entries"], private)
        if private:
            _write_table(path / "edit_tokens.csv", EDIT_TOKENS, tables["edit_tokens"])
    else:
        from h4og_kit.html.showcase import render

        path.parent.mkdir(parents=True, exist_ok=True)
        html = render(tables["entries"], stages=registry.stages, activity=tables["activity"])
        path.write_text(html, encoding="utf-8")
    return path


def _csv_value(value: Any, type_: str) -> str:
    if value is None:
        return ""
    if type_ == "boolean":
        return "true" if value else "false"
    if type_ in ("object", "array"):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _write_table(path: Path, columns: list[tuple[str, str, str]], records: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([c for c, _, _ in columns])
        for record in records:
            writer.writerow([_csv_value(record[c], t) for c, t, _ in columns])


def _write_datapackage(folder: Path, tables: dict[str, list[dict]], about: dict,
                       all_columns: dict[str, list[tuple[str, str, str]]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    resources = []
    for name, columns in all_columns.items():
        _write_table(folder / f"{name}.csv", columns, tables[name])
        schema: dict[str, Any] = {
            "fields": [
                {"name": c, "type": t, "description": d}
                | ({"format": "any"} if t == "datetime" else {})
                for c, t, d in columns
            ],
            "primaryKey": _KEYS[name],
            "missingValues": [""],
        }
        if name != "entries":
            schema["foreignKeys"] = [
                {"fields": "entry_id", "reference": {"resource": "entries", "fields": "id"}}
            ]
        resources.append({
            "name": name,
            "path": f"{name}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": schema,
        })
    descriptor = {
        "profile": "tabular-data-package",
        "name": "h4og-registry",
        "title": "Hackathon registry (h4og-kit)",
        "description": "People, projects, collections, tools, workshops and challenges of a "
        "hackathon, with every version and the activity log.",
        "created": about["exported"],
        "resources": resources,
        "h4og": about,
    }
    (folder / "datapackage.json").write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def _flat(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps({k: v for k, v in value.items() if v is not None}, ensure_ascii=False)
    return str(value)


def _write_kind_tables(folder: Path, entries: list[dict], private: bool) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for kind, model in KINDS.items():
        rows = [e for e in entries if e["kind"] == kind]
        hidden = frozenset() if private else PRIVATE_FIELDS.get(kind, frozenset())
        names = [n for n in model.model_fields if n not in hidden]
        with (folder / f"{kind}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "version", "created", "updated", "featured", *names])
            for e in rows:
                writer.writerow(
                    [e["id"], e["version"], e["created"], e["updated"], _flat(e["featured"])]
                    + [_flat(e["fields"].get(n)) for n in names]
                )


def _csv_parse(text: str, type_: str) -> Any:
    if text == "":
        return None
    if type_ == "integer":
        return int(text)
    if type_ == "boolean":
        return text == "true"
    if type_ in ("object", "array"):
        return json.loads(text)
    return text


def _read_datapackage(folder: Path) -> dict[str, Any]:
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    about = descriptor.get("h4og", {})
    tables = {}
    for resource in descriptor["resources"]:
        types = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
        with (folder / resource["path"]).open(encoding="utf-8", newline="") as handle:
            tables[resource["name"]] = [
                {k: _csv_parse(v, types[k]) for k, v in row.items()} for row in csv.DictReader(handle)
            ]
    return {**about, **tables}


def read(path: str | Path) -> dict[str, Any]:
    """The contents of a ``json`` or ``datapackage`` export, as one dict of tables."""
    path = Path(path)
    if path.is_dir() and (path / "datapackage.json").is_file():
        archive = _read_datapackage(path)
    elif path.is_file() and path.name == "datapackage.json":
        archive = _read_datapackage(path.parent)
    elif path.is_file() and path.suffix == ".json":
        archive = json.loads(path.read_text(encoding="utf-8"))
    else:
        raise ValueError(
            f"{path} is not a registry export that can be imported: give the folder of a "
            "datapackage export or the file of a json export (csv and html are for reading)"
        )
    if archive.get("format") != FORMAT or archive.get("format_version", 0) > FORMAT_VERSION:
        raise ValueError(f"{path} is not an h4og registry export this version can read")
    return archive


def import_(registry: Registry, path: str | Path) -> int:
    """Restore the export at ``path`` into ``registry`` (which must be empty); return the count.

    Every entry and version is checked with the same rules as a registration first, so a
    tampered archive cannot smuggle in, say, a ``javascript:`` link.
    """
    archive = read(path)
    kinds = {record["id"]: record["kind"] for record in archive["entries"]}
    for table in ("entries", "versions"):
        for record in archive[table]:
            entry_id = record.get("entry_id") or record["id"]
            try:
                validate_fields(kinds[entry_id], dict(record["fields"]))
            except (ValidationError, KeyError) as exc:
                raise ValueError(f"{path}: {table} row of {entry_id!r} is not valid: {exc}") from None
    dump = {name: [_to_database(name, record) for record in archive[name]] for name in TABLES}
    dump["locked"] = bool(archive.get("locked"))
    dump["edit_tokens"] = list(archive.get("edit_tokens") or [])
    return registry.restore(dump)
