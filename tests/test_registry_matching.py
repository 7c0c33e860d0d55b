"""Matchmaking explains itself, respects consent and capacity, and the optimal team assignment is
never worse than the greedy baseline on the same objective."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from h4og_kit.registry import PermissionDenied, Registry
from h4og_kit.registry.entries import Entry
from h4og_kit.registry.matching import (
    fit,
    greedy_teams,
    recommend_people,
    recommend_projects,
    suggest_teams,
)

WINTER = datetime(2025, 1, 15, 12, tzinfo=UTC)

ADMIN = "organizer-token-for-tests-0123456789"


def _entry(entry_id, kind, **fields):
    return Entry(entry_id, kind, 1, {"status": "published", "team": [], **fields}, "", "")


def test_reasons_name_shared_skills_interests_languages_and_hours():
    person = _entry("person-a", "person", skills=["SPARQL", "Python", "R"],
                    interests=["#languages"], languages=["fi", "en"],
                    time_zone="Europe/Helsinki")
    project = _entry("project-x", "project", skills_needed=["python", "sparql", "IIIF"],
                     keywords=["#Languages", "#maps"], languages=["fi-FI"])
    score, reasons = fit(person, project, project_offset=1.0, at=WINTER)
    assert reasons == ["shares: Python and SPARQL", "interested in: #Languages",
                       "both speak Finnish", "1 h apart"]
    assert score == pytest.approx(3 * 2 + 2 + 1 + (1 - 1 / 12))


def test_recommend_projects_ranks_and_explains_with_team_time_zones():
    aino = _entry("person-aino", "person", skills=["SPARQL", "Python"], languages=["fi"],
                  time_zone="Europe/Helsinki", contact_consent=True)
    member = _entry("person-m", "person", time_zone="Europe/Berlin")
    far = _entry("person-far", "person", time_zone="Pacific/Auckland")
    near = _entry("project-near", "project", skills_needed=["SPARQL", "Python"],
                  languages=["fi"], team=["person-m"])
    remote = _entry("project-remote", "project", skills_needed=["SPARQL", "Python"],
                    team=["person-far"])
    unrelated = _entry("project-other", "project", skills_needed=["Photoshop"])
    hidden = _entry("project-hidden", "project", skills_needed=["SPARQL"], status="hidden")
    matches = recommend_projects(aino, [remote, unrelated, near, hidden],
                                 people=[member, far], at=WINTER)
    assert [m.entry.id for m in matches] == ["project-near", "project-remote"]
    assert matches[0].explanation == "shares: SPARQL and Python; both speak Finnish; 1 h apart"
    assert matches[1].explanation == "shares: SPARQL and Python; 11 h apart"


def test_recommend_people_only_those_who_consented_and_not_on_the_team():
    project = _entry("project-x", "project", skills_needed=["IIIF"], team=["person-in"])
    people = [
        _entry("person-in", "person", skills=["IIIF"], contact_consent=True),
        _entry("person-yes", "person", skills=["IIIF"], contact_consent=True),
        _entry("person-no", "person", skills=["IIIF"], contact_consent=False),
    ]
    assert [m.entry.id for m in recommend_people(project, people)] == ["person-yes"]


def test_suggest_teams_respects_capacity_and_covers_needed_skills():
    people = [
        _entry("person-1", "person", skills=["Python"]),
        _entry("person-2", "person", skills=["Python"]),
        _entry("person-3", "person", skills=["SPARQL"]),
        _entry("person-4", "person", skills=["Design"]),
    ]
    project = _entry("project-x", "project", skills_needed=["Python", "SPARQL"])
    plan = suggest_teams(people, [project], capacity=2)
    assert plan.optimal and plan.method == "milp"
    team = plan.teams["project-x"]
    assert len(team) == 2 and "person-3" in team  # Python + SPARQL beats two Python people
    assert plan.covered["project-x"] == ["Python", "SPARQL"] and plan.missing["project-x"] == []
    assert "person-4" in plan.unassigned  # fits no project: not forced onto one
    assert plan.reasons["person-3", "project-x"] == ["shares: SPARQL"]


def test_existing_team_members_stay_and_count_towards_capacity():
    people = [_entry(f"person-{i}", "person", skills=["Python"]) for i in range(4)]
    project = _entry("project-x", "project", skills_needed=["Python"], team=["person-0"])
    plan = suggest_teams(people, [project], capacity=2)
    assert len(plan.teams["project-x"]) == 1 and "person-0" not in plan.teams["project-x"]
    assert plan.missing["project-x"] == []  # Python is covered by the existing member


def _world(seed, n_people=60, n_projects=12):
    rnd = random.Random(seed)
    skills = ["Python", "SPARQL", "IIIF", "JavaScript", "UX", "R", "OCR", "GIS", "Wikidata",
              "ethics"]
    zones = ["Europe/Helsinki", "America/Bogota", "Asia/Tokyo", "Africa/Nairobi", "UTC"]
    people = [_entry(f"person-{i}", "person", skills=rnd.sample(skills, rnd.randint(1, 3)),
                     interests=rnd.sample(skills, 1), time_zone=rnd.choice(zones))
              for i in range(n_people)]
    projects = [_entry(f"project-{j}", "project", skills_needed=rnd.sample(skills, 3),
                       keywords=rnd.sample(skills, 1)) for j in range(n_projects)]
    return people, projects


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_optimal_is_at_least_as_good_as_greedy(seed):
    people, projects = _world(seed)
    optimal = suggest_teams(people, projects, capacity=4, at=WINTER)
    greedy = greedy_teams(people, projects, capacity=4, at=WINTER)
    assert optimal.optimal
    assert optimal.score >= greedy.score - 1e-9
    for plan in (optimal, greedy):
        assigned = [p for team in plan.teams.values() for p in team]
        assert len(assigned) == len(set(assigned))  # nobody on two projects
        assert all(len(team) <= 4 for team in plan.teams.values())


def test_registry_shortcuts(monkeypatch):
    reg = Registry("sqlite://")
    person, _ = reg.register("person", {"name": "Aino", "skills": ["SPARQL"],
                                        "contact_consent": True})
    project, _ = reg.register("project", {"title": "Map", "skills_needed": ["SPARQL"]})
    assert [m.entry.id for m in reg.recommend_projects(person.id)] == [project.id]
    assert [m.entry.id for m in reg.recommend_people(project.id)] == [person.id]
    with pytest.raises(PermissionDenied):
        reg.suggest_teams(capacity=3)  # it places people: organizers only
    monkeypatch.setenv("H4OG_ADMIN_TOKEN", ADMIN)
    assert reg.suggest_teams(capacity=3, token=ADMIN).teams == {project.id: [person.id]}


def test_suggested_teams_hold_only_people_who_agreed_to_be_contacted(tmp_path, monkeypatch):
    from h4og_kit.registry.demo import demo_registry

    monkeypatch.setenv("H4OG_ADMIN_TOKEN", ADMIN)
    registry = demo_registry(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    plan = registry.suggest_teams(capacity=5, token=ADMIN)
    placed = {pid for team in plan.teams.values() for pid in team}
    for person_id in placed:
        assert registry.get(person_id).fields.get("contact_consent") is True
    refused = [p.id for p in registry.search(kind="person", status="published", limit=None)
               if not p.fields.get("contact_consent")]
    assert refused and not placed & set(refused)
