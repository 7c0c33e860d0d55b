"""The ``csv`` event format: a registration sheet read by a JSON mapping file.

The sheet is SYNTHETIC (tests/fixtures/event_sheets/PROVENANCE.md): no real export of the
Hack4OpenGLAM 2021 form is public, so these tests check the mechanics of the mapping on invented
answers laid out at the column positions the 2021 dashboard's importer read (rawRow.js, used by
formatData.js), read with the bundled mapping ``h4og-2021-form``: counts per kind, the fields that
land, a bad row rejected with its spreadsheet row number while the rest go in, a re-import (also of
a re-export with a BOM and semicolons) creating nothing new, a dry run writing nothing, e-mail and
consent only as the sheet says. Smaller sheets written here test headers, delimiters, ids and the
errors for a missing mapping or an unknown column.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from test_event_import import ADMIN, _comparable, _kinds

from h4og_kit.registry.event_import import import_event, read_event
from h4og_kit.registry.event_import.registration_sheet import BUNDLED

SHEET = Path(__file__).resolve().parent / "fixtures" / "event_sheets" / "h4og-2021-form_SYNTHETIC.csv"
MAPPING = "h4og-2021-form"
#: What the synthetic sheet holds: seven people, one of them with each kind of proposal, and the
#: project of row 7 with a javascript: thumbnail.
EXPECTED = {"person": 7, "project": 1, "collection": 1, "workshop": 1, "tool": 1}


def _by_title(registry) -> dict:
    return {e.title: registry.get(e.id, token=ADMIN)
            for e in registry.all_entries(include_hidden=True)}


def _sheet(tmp_path: Path, text: str, mapping: dict, *, bom: bool = False) -> tuple[Path, Path]:
    sheet, mapping_file = tmp_path / "answers.csv", tmp_path / "mapping.json"
    sheet.write_bytes(("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8"))
    mapping_file.write_text(json.dumps(mapping), encoding="utf-8")
    return sheet, mapping_file


#: A header-named mapping, as an organizer would write for their own form.
PEOPLE = {"name": "test-form", "id": ["Timestamp"], "entries": [{"kind": "person", "fields": {
    "Your name": "name", "Skills": {"field": "skills", "as": "list"},
    "About you": "description",
    "Contact me?": {"field": "contact_consent", "as": "yes-no", "yes": ["Kyllä", "Yes"]}}}]}


def test_the_2021_form_sheet_gives_each_kind_and_the_bad_row_is_rejected_by_its_row(
        organizer_registry):
    report = import_event(organizer_registry, SHEET, "csv", mapping=MAPPING, token=ADMIN)

    [rejected] = report.rejected
    assert rejected.row == 7  # the spreadsheet's row (the header is row 1; cells hold newlines)
    assert rejected.source.startswith("h4og-2021-form:") and "image" in rejected.reason.lower()
    assert {kind: c["created"] for kind, c in report.counts().items()} == EXPECTED
    assert _kinds(organizer_registry) == EXPECTED


def test_the_fields_land_where_the_mapping_says(organizer_registry):
    import_event(organizer_registry, SHEET, "csv", mapping=MAPPING, token=ADMIN)
    entries = _by_title(organizer_registry)

    ada = entries["Ada Example"]  # first and last name joined
    assert (ada.kind, ada.organization, ada.city) == ("person", "Example Museum", "Helsinki")
    assert ada.skills == ["Python", "SPARQL"]  # a cell with a newline, split
    assert ada.interests == ["#languages", "#ethicalSharing"]  # split by the comma
    assert ada.links["homepage"] == "https://example.org/ada"

    project = entries["Place names of the north"]
    assert project.summary == "A synthetic project, for the tests."
    assert project.description == ("First paragraph, with a comma.\n\n"
                                   "Second paragraph; with a semicolon.")
    assert project.links["source"] == "https://example.org/code/place-names"
    assert project.stage == organizer_registry.stages.first

    collection = entries["Synthetic photo collection"]
    assert (collection.institution, collection.country, collection.rights) == (
        "Example Archive", "Finland", "CC BY 4.0")
    assert collection.access_url == "https://example.org/collection"
    assert collection.description == ("Photographs (synthetic description).\n\n"
                                      "Access: Through the archive's API.")
    assert collection.ethical_considerations == "Some captions use outdated terms."
    assert collection.license_category != "unknown"  # the rights statement was normalized

    assert entries["Synthetic workshop on IIIF"].requirements == "A laptop."
    assert entries["Synthetic workshop on IIIF"].level is None  # not mapped: see the mapping
    assert entries["Synthetic tool"].links["homepage"] == "https://example.org/tool"
    assert "Project with a bad thumbnail" not in entries


def test_email_and_consent_only_as_the_sheet_says(organizer_registry):
    import_event(organizer_registry, SHEET, "csv", mapping=MAPPING, token=ADMIN)
    people = {e.name: (e.fields.get("email"), e.contact_consent)
              for e in _by_title(organizer_registry).values() if e.kind == "person"}
    assert people == {
        "Ada Example": ("ada@example.org", True),  # "Yes"
        "Bo Sample": ("bo@example.org", False),  # "No"
        "Cy": ("cy@example.org", False),  # no answer
        "Di": ("di@example.org", True),
        "Ed": ("ed@example.org", False),
        "Fi": ("fi@example.org", False),
        "Gu": (None, False),  # no e-mail in the sheet
    }
    public = json.dumps(organizer_registry.dump())
    assert "@example.org" not in public.replace("https://example.org", "")


def test_a_reimport_and_a_reexport_with_bom_and_semicolons_create_nothing_new(
        organizer_registry, tmp_path):
    import_event(organizer_registry, SHEET, "csv", mapping=MAPPING, token=ADMIN)
    before = _comparable(organizer_registry)

    again = import_event(organizer_registry, SHEET, "csv", mapping=MAPPING, token=ADMIN)
    assert again.created == [] and again.updated == []
    assert len(again.unchanged) == sum(EXPECTED.values())
    assert _comparable(organizer_registry) == before

    # The same answers saved again, as a spreadsheet in another locale would: BOM, semicolons.
    with SHEET.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    reexport = tmp_path / "reexport.csv"
    with reexport.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, delimiter=";", lineterminator="\n").writerows(rows)
    third = import_event(organizer_registry, reexport, "csv", mapping=MAPPING, token=ADMIN)
    assert third.created == [] and third.updated == []
    assert [r.row for r in third.rejected] == [7]
    assert _comparable(organizer_registry) == before


def test_a_dry_run_reports_and_writes_nothing(organizer_registry):
    report = import_event(organizer_registry, SHEET, "csv", mapping=MAPPING, dry_run=True,
                          token=ADMIN)
    assert len(report.created) == sum(EXPECTED.values())
    assert [r.row for r in report.rejected] == [7]
    assert organizer_registry.all_entries(include_hidden=True) == []
    assert organizer_registry.dump(private=True, token=ADMIN)["edit_tokens"] == []


def test_a_sheet_with_bom_semicolons_and_newlines_in_cells_is_read_by_its_headers(
        organizer_registry, tmp_path):
    text = ("Timestamp;Your name;Skills;About you;Contact me?\n"
            '2025-01-02 10:00;Åsa Näme;"Python; SPARQL\nIIIF";"Line one,\nline two";Kyllä\n'
            ";;;;\n"
            "2025-01-02 11:00;Bo;;;no\n")
    sheet, mapping = _sheet(tmp_path, text, PEOPLE, bom=True)

    records = read_event(sheet, "csv", mapping)
    assert [(r.row, r.kind) for r in records] == [(2, "person"), (4, "person")]  # row 3 empty
    assert records[0].fields == {"name": "Åsa Näme", "skills": ["Python", "SPARQL", "IIIF"],
                                 "description": "Line one,\nline two", "contact_consent": True}
    assert records[1].fields == {"name": "Bo", "contact_consent": False}  # empty cells left out

    report = import_event(organizer_registry, sheet, "csv", mapping=mapping, token=ADMIN)
    assert len(report.created) == 2 and report.rejected == []


def test_rows_are_identified_by_their_content_without_id_columns_and_duplicates_are_rejected(
        tmp_path):
    text = "Timestamp,Your name\n2025-01-02,Ann\n2025-01-03,Ben\n2025-01-02,Cat\n"
    names = [{"kind": "person", "fields": {"Your name": "name"}}]
    by_content = {"name": "test-form", "entries": names}
    sheet, mapping = _sheet(tmp_path, text, by_content)
    first = read_event(sheet, "csv", mapping)
    assert len({r.source for r in first}) == 3 and not any(r.problem for r in first)
    reordered, _ = _sheet(tmp_path, "Your name,Timestamp\nBen,x\nAnn,y\nCat,z\n", by_content)
    assert {r.source for r in read_event(reordered, "csv", mapping)} == {
        r.source for r in first}  # other columns and other order: the same ids

    by_timestamp = {**by_content, "id": ["Timestamp"]}
    sheet, mapping = _sheet(tmp_path, text, by_timestamp)  # rows 2 and 4 share a timestamp
    records = read_event(sheet, "csv", mapping)
    assert [(r.row, r.problem) for r in records if r.problem] == [
        (4, "the same id ('Timestamp') as row 2")]


def test_an_answer_the_kind_column_does_not_know_rejects_that_entry(organizer_registry,
                                                                    tmp_path):
    mapping = {"name": "kinds", "entries": [{
        "kind": {"column": "Register", "values": {"Project": "project", "Tool": "tool"}},
        "fields": {"*": {"Title": "title"}}}]}
    sheet, mapping_file = _sheet(tmp_path, "Register,Title\nProject,A\nRobot,B\n,C\n", mapping)
    report = import_event(organizer_registry, sheet, "csv", mapping=mapping_file, token=ADMIN)
    assert [(kind, source.endswith(":1")) for kind, _id, source in report.created] == [
        ("project", True)]
    assert [(r.row, r.reason) for r in report.rejected] == [
        (3, "'Robot' in column 'Register' is not one of: 'Project', 'Tool'")]


def test_csv_needs_a_mapping_and_the_other_formats_refuse_one(organizer_registry):
    with pytest.raises(ValueError, match=r"needs a mapping file \(--mapping FILE\).*"
                                         r"h4og-2021-form\.json"):
        import_event(organizer_registry, SHEET, "csv", token=ADMIN)
    with pytest.raises(ValueError, match="takes no mapping file"):
        import_event(organizer_registry, SHEET, "dribdat", mapping=MAPPING, token=ADMIN)
    assert organizer_registry.all_entries(include_hidden=True) == []


def test_an_unknown_column_names_itself_and_the_headers_found(tmp_path):
    mapping = {**PEOPLE, "entries": [{"kind": "person", "fields": {"Nickname": "name"}}]}
    sheet, mapping_file = _sheet(tmp_path, "Timestamp,Your name\n2025-01-02,Ann\n", mapping)
    with pytest.raises(ValueError) as err:
        read_event(sheet, "csv", mapping_file)
    assert "'Nickname'" in str(err.value) and "'Timestamp', 'Your name'" in str(err.value)


@pytest.mark.parametrize(("entries", "message"), [
    ([{"kind": "person", "fields": {"Your name": "nmae"}}], "'nmae' is not a field of a person"),
    ([{"kind": "people", "fields": {}}], "'people' is not a kind of entry"),
    ([{"kind": "person", "fields": {"Skills": {"field": "skills", "as": "words"}}}],
     '"as" is \'words\''),
])
def test_a_mapping_mistake_is_named(tmp_path, entries, message):
    sheet, mapping_file = _sheet(tmp_path, "Your name\nAnn\n", {"name": "x", "entries": entries})
    with pytest.raises(ValueError, match=message):
        read_event(sheet, "csv", mapping_file)


def test_the_bundled_mapping_is_found_by_name_and_says_where_it_comes_from():
    mapping = json.loads((BUNDLED / "h4og-2021-form.json").read_text(encoding="utf-8"))
    assert "importer/src/import/parser/formatData.js" in mapping["about"]
    assert "AvoinGLAM/h4og-dashboard" in mapping["about"]
    with pytest.raises(FileNotFoundError, match="h4og-2021-form"):
        read_event(SHEET, "csv", "no-such-mapping")
