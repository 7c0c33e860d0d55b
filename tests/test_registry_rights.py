"""Edit rights live in the library: no token, a wrong token or a lock is refused; the entry's own
token and its team members' tokens may edit; the organizer token may do everything."""

from __future__ import annotations

import pytest
from conftest import ADMIN

from h4og_kit.registry import PermissionDenied, Registry


@pytest.fixture
def project(organizer_registry):
    member, member_token = organizer_registry.register("person", {"name": "Aino"})
    _outsider, outsider_token = organizer_registry.register("person", {"name": "Ben"})
    entry, token = organizer_registry.register("project", {"title": "Map", "team": [member.id]})
    return {"id": entry.id, "token": token, "member": member_token, "member_id": member.id,
            "outsider": outsider_token}


def _refused(call, message):
    with pytest.raises(PermissionDenied, match=message):
        call()


def test_no_token_and_wrong_tokens_are_refused(organizer_registry, project):
    pid = project["id"]
    _refused(lambda: organizer_registry.update(pid, {"summary": "x"}), "needs its edit token")
    _refused(lambda: organizer_registry.update(pid, {"summary": "x"}, token="h4og_guess"), "may not change")
    _refused(lambda: organizer_registry.update(pid, {"summary": "x"}, token=project["outsider"]),
             "may not change")
    _refused(lambda: organizer_registry.set_stage(pid, "team", token=None), "needs its edit token")
    _refused(lambda: organizer_registry.revert(pid, 1, token="wrong"), "may not change")
    assert organizer_registry.get(pid).version == 1
    assert [c.action for c in organizer_registry.changes_since(0)[0]] == ["register"] * 3


def test_own_token_and_team_member_tokens_may_edit(organizer_registry, project):
    pid = project["id"]
    organizer_registry.update(pid, {"summary": "by owner"}, token=project["token"])
    saved = organizer_registry.update(pid, {"goals": "by member"}, token=project["member"])
    assert saved.version == 3
    actors = [v.actor for v in organizer_registry.history(pid)]
    assert actors == ["registrant", "owner", f"team:{project['member_id']}"]


def test_only_organizers_hide_feature_lock_and_rotate_others(organizer_registry, project):
    pid = project["id"]
    for call in (
        lambda: organizer_registry.hide(pid, project["token"]),
        lambda: organizer_registry.feature(pid, project["token"]),
        lambda: organizer_registry.lock(project["token"]),
        lambda: organizer_registry.lock(project["token"], entry_id=pid),
        lambda: organizer_registry.update(pid, {"status": "hidden"}, token=project["token"]),
        lambda: organizer_registry.register("tool", {"title": "spam", "status": "hidden"}),
    ):
        _refused(call, "organizer")
    _refused(lambda: organizer_registry.rotate_token(pid, project["member"]), "own token or an organizer")


def test_a_hidden_entry_cannot_be_unhidden_by_its_owner(organizer_registry, project):
    pid = project["id"]
    organizer_registry.hide(pid, ADMIN)
    _refused(lambda: organizer_registry.update(pid, {"status": "published"}, token=project["token"]),
             "only an organizer may hide")
    assert organizer_registry.get(pid).status == "hidden"


def test_event_lock_refuses_everyone_but_the_organizer(organizer_registry, project):
    pid = project["id"]
    organizer_registry.lock(ADMIN)
    assert organizer_registry.is_locked()
    _refused(lambda: organizer_registry.update(pid, {"summary": "x"}, token=project["token"]), "locked")
    _refused(lambda: organizer_registry.update(pid, {"summary": "x"}, token=project["member"]), "locked")
    _refused(lambda: organizer_registry.register("tool", {"title": "late"}), "registration is closed")
    _refused(lambda: organizer_registry.rotate_token(pid, project["token"]), "locked")
    assert organizer_registry.update(pid, {"summary": "organizer fix"}, token=ADMIN).summary == "organizer fix"
    late, _ = organizer_registry.register("tool", {"title": "late but allowed"}, token=ADMIN)
    assert late.version == 1
    organizer_registry.lock(ADMIN, locked=False)
    assert organizer_registry.update(pid, {"summary": "again"}, token=project["token"]).version == 3


def test_entry_lock(organizer_registry, project):
    pid = project["id"]
    organizer_registry.lock(ADMIN, entry_id=pid)
    assert organizer_registry.get(pid).locked
    _refused(lambda: organizer_registry.update(pid, {"summary": "x"}, token=project["token"]), "is locked")
    organizer_registry.lock(ADMIN, locked=False, entry_id=pid)
    assert organizer_registry.update(pid, {"summary": "x"}, token=project["token"]).summary == "x"


def test_organizer_can_do_everything(organizer_registry, project):
    pid = project["id"]
    organizer_registry.update(pid, {"summary": "a"}, token=ADMIN, expected_version=1)
    organizer_registry.update(pid, {"collections_used": ["Finna"], "goals": "g"}, token=ADMIN)
    assert organizer_registry.set_stage(pid, "research", token=ADMIN).stage == "research"
    assert organizer_registry.revert(pid, 1, token=ADMIN).stage == "idea"
    assert organizer_registry.feature(pid, ADMIN).featured
    assert organizer_registry.hide(pid, ADMIN).status == "hidden"
    assert organizer_registry.hide(pid, ADMIN, hidden=False).status == "published"
    organizer_registry.lock(ADMIN, entry_id=pid)
    organizer_registry.lock(ADMIN)
    assert organizer_registry.update(pid, {"summary": "after lock"}, token=ADMIN).summary == "after lock"
    organizer_registry.lock(ADMIN, locked=False)
    history = organizer_registry.history(pid)
    assert {v.actor for v in history[1:]} == {"organizer"}
    assert [v.action for v in history] == [
        "register", "update", "update", "stage", "revert", "feature", "hide", "unhide", "lock",
        "update",
    ]


def test_rotating_a_token_retires_the_old_one(organizer_registry, project):
    pid = project["id"]
    fresh = organizer_registry.rotate_token(pid, project["token"])
    assert fresh != project["token"]
    _refused(lambda: organizer_registry.update(pid, {"summary": "x"}, token=project["token"]),
             "may not change")
    assert organizer_registry.update(pid, {"summary": "x"}, token=fresh).summary == "x"
    by_organizer = organizer_registry.rotate_token(pid, ADMIN)
    _refused(lambda: organizer_registry.update(pid, {"summary": "y"}, token=fresh), "may not change")
    assert organizer_registry.update(pid, {"summary": "y"}, token=by_organizer).version == 3
    rotations = [c for c in organizer_registry.changes_since(0)[0] if c.action == "rotate-token"]
    assert [c.actor for c in rotations] == ["owner", "organizer"]


def test_without_an_organizer_token_configured_nobody_is_organizer(monkeypatch, tmp_path):
    monkeypatch.setenv("H4OG_ADMIN_TOKEN", "")
    monkeypatch.chdir(tmp_path)  # no .env above an empty temporary folder
    reg = Registry("sqlite://")
    entry, _ = reg.register("tool", {"title": "x"})
    _refused(lambda: reg.hide(entry.id, ""), "organizer")
    _refused(lambda: reg.update(entry.id, {"summary": "x"}, token=""), "needs its edit token")
