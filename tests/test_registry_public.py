"""What anonymous visitors can get from the registry: only public entries, people as they consented.

Every export format without the organizer token, the dump under it, edit links and the
organizer checks are tried as an outsider would: hidden and draft entries (and their history),
e-mails and the links of people who did not agree to be contacted must not come out. Also: the
``owner`` field grants nothing, wrong tokens are slowed down, the database file is private and
searches are capped.
"""

from __future__ import annotations

import json
import stat

import pytest

from h4og_kit.registry import PermissionDenied, Registry, ValidationError
from h4og_kit.registry.access import THROTTLE, FailedTokenThrottle
from h4og_kit.registry.archive import export, import_

ADMIN = "organizer-token-for-tests-0123456789"
SECRETS = ("Hidden spam title", "Draft secret plan", "draft-only words",
           "https://social.example/@quiet", "quiet@example.org")


@pytest.fixture
def registry(monkeypatch, tmp_path):
    """Published entries beside a hidden one, a draft, a published entry that was a draft
    first, and two people: one who agreed to be contacted and one who did not."""
    monkeypatch.setenv("H4OG_ADMIN_TOKEN", ADMIN)
    reg = Registry(f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    reg.register("project", {"title": "Open project"})
    spam, _ = reg.register("challenge", {"title": "Hidden spam title"})
    reg.hide(spam.id, ADMIN)
    reg.register("project", {"title": "Draft secret plan", "status": "draft"})
    later, token = reg.register("tool", {"title": "Now public tool", "status": "draft",
                                         "summary": "draft-only words"})
    reg.update(later.id, {"status": "published", "summary": "Ready"}, token=token)
    reg.register("person", {"name": "Quiet Person", "email": "quiet@example.org",
                            "social_links": {"mastodon": "https://social.example/@quiet"}})
    reg.register("person", {"name": "Open Person", "contact_consent": True,
                            "social_links": {"mastodon": "https://social.example/@open"}})
    yield reg
    reg.close()


def _texts(folder) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*"))
                     if p.is_file())


@pytest.mark.parametrize("fmt", ["json", "csv", "datapackage", "html"])
def test_public_exports_hold_only_what_the_showcase_shows(registry, tmp_path, fmt):
    export(registry, tmp_path / "out" / f"public.{fmt}", fmt=fmt)
    text = _texts(tmp_path / "out")
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked into the public {fmt} export"
    for public in ("Open project", "Now public tool", "Quiet Person", "Open Person"):
        assert public in text
    assert "https://social.example/@open" in text  # a person who agreed shows their links


def test_the_public_dump_has_no_trace_of_unpublished_entries(registry):
    dump = registry.dump()
    ids = {row["id"] for row in dump["entries"]}
    assert all(json.loads(row["data"])["status"] == "published" for row in dump["entries"])
    assert {row["entry_id"] for row in dump["versions"]} <= ids
    assert all(json.loads(row["data"])["status"] == "published" for row in dump["versions"])
    assert {row["entry_id"] for row in dump["activity"]} - {None} <= ids
    tool = next(row for row in dump["entries"] if "Now public tool" in row["data"])
    versions = [row for row in dump["versions"] if row["entry_id"] == tool["id"]]
    assert [row["version"] for row in versions] == [2]  # its draft version stays out
    assert all(row["token_hash"] is None for row in dump["entries"])


def test_the_organizer_archive_keeps_everything(registry, tmp_path):
    with pytest.raises(PermissionDenied):
        registry.dump(private=True)
    with pytest.raises(PermissionDenied):
        registry.dump(private=True, token="h4og_someone-else")
    export(registry, tmp_path / "all.json", fmt="json", private=True, token=ADMIN)
    text = (tmp_path / "all.json").read_text(encoding="utf-8")
    for secret in SECRETS:
        assert secret in text
    restored = Registry("sqlite://")
    assert import_(restored, tmp_path / "all.json") == 6


def test_a_public_archive_restores_as_a_working_registry(registry, tmp_path):
    export(registry, tmp_path / "public", fmt="datapackage")
    restored = Registry("sqlite://")
    assert import_(restored, tmp_path / "public") == 4
    tool = restored.search(text="now public", kind="tool")[0]
    assert [v.entry.version for v in restored.history(tool.id)] == [2]
    assert restored.update(tool.id, {"summary": "after"}, token=ADMIN).version == 3


def test_the_html_page_shows_the_links_of_consenting_people_only(registry, tmp_path):
    html = export(registry, tmp_path / "all.html", fmt="html", private=True, token=ADMIN)
    text = html.read_text(encoding="utf-8")
    assert "https://social.example/@open" in text
    assert "https://social.example/@quiet" not in text and "Hidden spam title" not in text


def test_the_owner_field_grants_nothing(registry):
    someone, their_token = registry.register("person", {"name": "Someone"})
    project, _ = registry.register("project", {"title": "Not theirs", "owner": someone.id})
    with pytest.raises(PermissionDenied, match="may not change"):
        registry.update(project.id, {"summary": "taken over"}, token=their_token)
    with pytest.raises(PermissionDenied):
        registry.open_for_edit(project.id, their_token)


def test_a_member_removed_from_the_team_loses_access(registry):
    member, member_token = registry.register("person", {"name": "Member"})
    project, token = registry.register("project", {"title": "Team work", "team": [member.id]})
    registry.update(project.id, {"owner": member.id, "summary": "mine now?"}, token=member_token)
    registry.update(project.id, {"team": []}, token=token)
    with pytest.raises(PermissionDenied, match="may not change"):
        registry.update(project.id, {"summary": "still here"}, token=member_token)


def test_edit_links_open_for_tokens_that_may_edit_and_say_the_same_to_everyone_else(registry):
    member, member_token = registry.register("person", {"name": "Member",
                                                        "email": "m@example.org"})
    draft, token = registry.register("project", {"title": "Draft secret plan 2", "status": "draft",
                                                 "team": [member.id]})
    for who in (token, member_token, ADMIN):
        assert registry.open_for_edit(draft.id, who).fields["title"] == "Draft secret plan 2"
    assert registry.open_for_edit(member.id, member_token).fields["email"] == "m@example.org"
    answers = set()
    for entry_id, who in ((draft.id, "h4og_wrong"), (draft.id, member_token[:-1]),
                          ("project-0000000000", token), (member.id, token)):
        with pytest.raises(PermissionDenied) as refused:
            registry.open_for_edit(entry_id, who)
        answers.add(str(refused.value))
    with pytest.raises(PermissionDenied) as refused:
        registry.open_for_edit(draft.id, None)
    answers.add(str(refused.value))
    assert len(answers) == 1 and "Draft" not in answers.pop()


def test_wrong_tokens_wait_longer_and_longer_then_are_forgotten():
    now = [0.0]
    waits: list[float] = []
    throttle = FailedTokenThrottle(free=3, base=0.5, max_delay=8, forget_after=600,
                                   clock=lambda: now[0], sleep=waits.append)
    delays = [throttle.failed() for _ in range(10)]
    assert delays == [0, 0, 0, 0.5, 1, 2, 4, 8, 8, 8] and waits == delays[3:]
    now[0] += 601
    assert throttle.failed() == 0


def test_the_registry_waits_after_a_wrong_token_without_holding_the_database(registry,
                                                                              monkeypatch):
    entry, token = registry.register("tool", {"title": "Guarded"})
    other = Registry(registry.url)
    written = []

    def sleep(seconds):  # while the wrong token waits, another writer gets through at once
        written.append(other.update(entry.id, {"summary": f"w{len(written)}"}, token=token))

    monkeypatch.setattr(THROTTLE, "sleep", sleep)
    for _ in range(5):
        with pytest.raises(PermissionDenied):
            registry.update(entry.id, {"summary": "guess"}, token="h4og_guess")
    for _ in range(2):
        with pytest.raises(PermissionDenied):
            registry.require_organizer("h4og_guess-the-organizer")
    assert THROTTLE.failures == 7 and len(written) == 4  # the first three are free
    assert registry.get(entry.id).fields["summary"] == "w3"
    registry.update(entry.id, {"summary": "mine"}, token=token)  # right tokens never wait
    assert THROTTLE.failures == 7
    other.close()


def test_the_database_file_and_its_wal_are_private(registry, tmp_path):
    registry.register("tool", {"title": "Written"})
    files = sorted(tmp_path.glob("registry.sqlite3*"))
    assert {p.name for p in files} >= {"registry.sqlite3", "registry.sqlite3-wal"}
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_a_new_data_folder_is_private(monkeypatch, tmp_path):
    Registry(f"sqlite:///{tmp_path / 'fresh' / 'registry.sqlite3'}").close()
    assert stat.S_IMODE((tmp_path / "fresh").stat().st_mode) == 0o700


@pytest.mark.parametrize("words, tags, field", [(1000, 0, "text"), (33, 0, "text"),
                                                 (0, 17, "tags"), (0, 1000, "tags")])
def test_searches_of_too_many_words_or_tags_are_refused_clearly(registry, words, tags, field):
    with pytest.raises(ValidationError) as refused:
        registry.search(text=" ".join(["map"] * words), tags=[f"#t{i}" for i in range(tags)])
    assert list(refused.value.errors) == [field]
    assert "at most" in refused.value.errors[field] and "leave some out" in refused.value.errors[field]
    assert registry.search(text=" ".join(["open"] * 32), tags=["#x"] * 16) == []
