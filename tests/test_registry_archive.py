"""Archive: export then import into an empty registry gives the same registry, history included;
private fields leave only with private=True; the HTML showcase escapes everything people typed."""

from __future__ import annotations

import csv
import json

import pytest

from h4og_kit.registry import Registry, ValidationError
from h4og_kit.registry.archive import TABLES, export, import_

ADMIN = "organizer-token-for-tests-0123456789"
SCRIPT = '<script>alert("x")</script>'


@pytest.fixture
def filled(monkeypatch):
    """A registry with every kind, several versions, a hide, a feature, a stage move and a lock."""
    monkeypatch.setenv("H4OG_ADMIN_TOKEN", ADMIN)
    reg = Registry("sqlite://")
    person, ptoken = reg.register("person", {
        "name": "Layla — ليلى", "email": "layla@example.org", "skills": ["SPARQL"],
        "time_zone": "Asia/Amman", "summary": SCRIPT, "social_links": {"mastodon": "https://m.example/@l"},
    })
    project, token = reg.register("project", {
        "title": 'Map "names" & <places>', "team": [person.id], "keywords": ["#languages"],
        "description": "# Plan\n\n<img src=x onerror=alert(1)> **bold**",
        "links": {"demo": "https://demo.example/?a=1&b=<2>"},
    })
    reg.update(project.id, {"collections_used": ["Finna"], "goals": "g"}, token=ptoken)
    reg.set_stage(project.id, "research", token=token)
    reg.register("collection", {"title": "Open images", "rights": "CC BY 4.0",
                                "tk_labels": ["tka"], "access_url": "https://images.example/"})
    reg.register("tool", {"title": "OpenRefine"})
    reg.register("workshop", {"title": "IIIF", "start": "2021-06-01T10:00:00Z",
                              "end": "2021-06-01T11:00:00Z", "language": "en"})
    spam, _ = reg.register("challenge", {"title": "Buy cheap pills"})
    reg.hide(spam.id, ADMIN)
    reg.feature(project.id, ADMIN)
    reg.rotate_token(person.id, ptoken)
    reg.lock(ADMIN)
    yield reg
    reg.close()


def _comparable(dump):
    return json.loads(json.dumps(dump, sort_keys=True))


@pytest.mark.parametrize("fmt", ["json", "datapackage"])
def test_round_trip_is_lossless_with_history(filled, tmp_path, fmt):
    path = tmp_path / ("registry.json" if fmt == "json" else "package")
    export(filled, path, fmt=fmt, private=True, token=ADMIN)
    restored = Registry(f"sqlite:///{tmp_path / 'restored.sqlite3'}")
    assert import_(restored, path) == 6
    assert (_comparable(restored.dump(private=True, token=ADMIN))
            == _comparable(filled.dump(private=True, token=ADMIN)))
    project = restored.search(kind="project")[0]
    assert [v.action for v in restored.history(project.id)] == [
        "register", "update", "stage", "feature"]
    assert restored.is_locked()
    # the restored registry keeps working: tokens (hashes), sequence and rules carry over
    restored.lock(ADMIN, locked=False)
    saved = restored.update(project.id, {"summary": "after import"}, token=ADMIN)
    assert saved.version == 5
    assert restored.changes_since(0)[0][-1].seq == len(filled.dump(private=True, token=ADMIN)["activity"]) + 2
    restored.close()


def test_import_needs_an_empty_registry(filled, tmp_path):
    export(filled, tmp_path / "r.json", fmt="json")
    with pytest.raises(ValidationError, match="only be imported into an empty registry"):
        import_(filled, tmp_path / "r.json")


def test_private_fields_stay_out_unless_asked(filled, tmp_path):
    export(filled, tmp_path / "public.json", fmt="json")
    export(filled, tmp_path / "package", fmt="datapackage")
    export(filled, tmp_path / "tables", fmt="csv")
    export(filled, tmp_path / "show.html", fmt="html")
    texts = [p.read_text(encoding="utf-8") for p in tmp_path.rglob("*") if p.is_file()]
    assert texts and all("layla@example.org" not in t for t in texts)
    public = json.loads((tmp_path / "public.json").read_text(encoding="utf-8"))
    assert all(e["token_hash"] is None for e in public["entries"])
    export(filled, tmp_path / "private.json", fmt="json", private=True, token=ADMIN)
    private = (tmp_path / "private.json").read_text(encoding="utf-8")
    assert "layla@example.org" in private
    assert all(e["token_hash"] for e in json.loads(private)["entries"])


def test_public_export_restores_without_emails_and_tokens(filled, tmp_path):
    export(filled, tmp_path / "public.json", fmt="json")
    restored = Registry("sqlite://")
    import_(restored, tmp_path / "public.json")
    person = restored.search(kind="person")[0]
    assert "email" not in restored.get(person.id, token=ADMIN).fields
    assert restored.get(person.id).summary == SCRIPT


def test_datapackage_is_frictionless_with_a_schema_per_resource(filled, tmp_path):
    export(filled, tmp_path / "package", fmt="datapackage")
    descriptor = json.loads((tmp_path / "package" / "datapackage.json").read_text())
    assert descriptor["profile"] == "tabular-data-package"
    assert [r["name"] for r in descriptor["resources"]] == ["entries", "versions", "activity"]
    for resource in descriptor["resources"]:
        assert resource["profile"] == "tabular-data-resource"
        names = [f["name"] for f in resource["schema"]["fields"]]
        assert names == [c for c, _, _ in TABLES[resource["name"]]]
        with (tmp_path / "package" / resource["path"]).open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        assert rows and list(rows[0]) == names
        types = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
        for row in rows:
            for name, value in row.items():
                if value and types[name] == "integer":
                    int(value)
                if value and types[name] in ("object", "array"):
                    json.loads(value)
                if value and types[name] == "boolean":
                    assert value in ("true", "false")
    assert descriptor["resources"][1]["schema"]["foreignKeys"][0]["reference"] == {
        "resource": "entries", "fields": "id"}


def test_csv_export_is_one_table_per_kind(filled, tmp_path):
    export(filled, tmp_path / "tables", fmt="csv")
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == [
        "challenge.csv", "collection.csv", "person.csv", "project.csv", "tool.csv", "workshop.csv"]
    with (tmp_path / "tables" / "collection.csv").open(encoding="utf-8", newline="") as f:
        (row,) = list(csv.DictReader(f))
    assert row["license_category"] == "open" and row["tk_labels"] == "tka"
    with (tmp_path / "tables" / "person.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert "email" not in reader.fieldnames
        assert next(reader)["skills"] == "SPARQL"
    with pytest.raises(ValueError, match="csv and html are for reading"):
        import_(Registry("sqlite://"), tmp_path / "tables")


def test_html_showcase_escapes_user_text_and_needs_no_server(filled, tmp_path):
    html = export(filled, tmp_path / "show.html", fmt="html").read_text(encoding="utf-8")
    assert "<script" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "Map &quot;names&quot; &amp; &lt;places&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'href="https://demo.example/?a=1&amp;b=&lt;2&gt;"' in html
    assert "Layla — ليلى" in html and "TK Attribution (TK A)" in html
    assert "Buy cheap pills" not in html  # hidden entries are not shown
    assert "<link" not in html and "src=\"http" not in html  # no external CSS or script
    assert html.count("<article") == 5
    assert 'class="h4og-card h4og-project h4og-featured"' in html


def test_a_tampered_archive_is_refused(filled, tmp_path):
    export(filled, tmp_path / "r.json", fmt="json")
    archive = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    archive["entries"][0]["fields"]["links"] = {"demo": "javascript:alert(1)"}
    (tmp_path / "bad.json").write_text(json.dumps(archive), encoding="utf-8")
    with pytest.raises(ValueError, match="is not valid"):
        import_(Registry("sqlite://"), tmp_path / "bad.json")


def test_private_fields_leave_only_with_the_organizer_token(filled, tmp_path):
    from h4og_kit.registry import PermissionDenied

    for token in (None, "not-the-organizer"):
        with pytest.raises(PermissionDenied):
            export(filled, tmp_path / "leak.json", fmt="json", private=True, token=token)
    assert not (tmp_path / "leak.json").exists()
