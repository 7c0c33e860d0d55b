"""Matchmaking between people and projects, always with the reasons.

A person fits a project by the skills it needs that they have (3 points each), by their interests
among its keywords (2 each), by a shared language (1) and by how close their time zones are (up to
1, less the further apart). :func:`recommend_projects` and :func:`recommend_people` rank with that
fit and say why ("shares: SPARQL and Python; both speak Finnish; 1 h apart"), in the viewer's
language (:mod:`h4og_kit.i18n`): the kit's words from its catalog, lists, numbers and language
names from CLDR. Skills and interests stay as people typed them.

:func:`suggest_teams` assigns people to projects for the whole event: each person to at most one
project, each project to at most ``capacity`` people, and a bonus for every needed skill a team
covers, so that a team gets a Python person *and* a SPARQL person rather than two Python people.
It solves that as a mixed-integer program (scipy's HiGHS ``milp``), which is optimal;
:func:`greedy_teams` is the simple baseline the benchmark compares it with.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from statistics import median
from typing import Any

from h4og_kit.i18n import cldr_locale, language_name
from h4og_kit.i18n import gettext as _

SKILL_POINTS = 3.0
INTEREST_POINTS = 2.0
LANGUAGE_POINTS = 1.0
ZONE_POINTS = 1.0
#: Points for each skill a project needs that its suggested team covers (counted once per skill).
COVER_BONUS = 2.0


def _key(value: str) -> str:
    return value.casefold().lstrip("#").strip()


def _keyed(values: Iterable[str]) -> dict[str, str]:
    """Normalized value -> the value as typed (first spelling wins)."""
    out: dict[str, str] = {}
    for value in values:
        out.setdefault(_key(value), value)
    out.pop("", None)
    return out


def _field(entry: Any, name: str, default: Any = None) -> Any:
    fields = entry.fields if hasattr(entry, "fields") else entry
    return fields.get(name, default)


@lru_cache(maxsize=1024)
def _offset_hours(zone: str, at: datetime) -> float | None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        offset = at.astimezone(ZoneInfo(zone)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return offset.total_seconds() / 3600 if offset is not None else None


def _hours_apart(a: float, b: float) -> float:
    d = abs(a - b) % 24
    return min(d, 24 - d)


@dataclass(frozen=True)
class _Fit:
    """What a person and a project have in common; its score, and its reasons in words."""

    skills: list[str]  # needed skills the person has, as the person typed them
    interests: list[str]  # the project's keywords the person is interested in
    languages: list[str]  # language codes both use
    hours: float | None  # how far apart their time zones are, when known

    @property
    def score(self) -> float:
        score = SKILL_POINTS * len(self.skills) + INTEREST_POINTS * len(self.interests)
        score += LANGUAGE_POINTS if self.languages else 0.0
        if self.hours is not None:
            score += ZONE_POINTS * max(0.0, 1 - self.hours / 12)
        return score

    def reasons(self) -> list[str]:
        """Why they fit, in the current language: its words, lists ("SPARQL and Python",
        "SPARQL ja Python"), numbers and language names."""
        from babel.lists import format_list
        from babel.numbers import format_decimal

        locale = cldr_locale()
        reasons = []
        if self.skills:
            reasons.append(_("shares: {skills}").format(
                skills=format_list(self.skills, locale=locale)))
        if self.interests:
            reasons.append(_("interested in: {topics}").format(
                topics=format_list(self.interests, locale=locale)))
        if self.languages:
            names = [language_name(code) for code in self.languages]
            reasons.append(_("both speak {languages}").format(
                languages=format_list(names, locale=locale)))
        if self.hours == 0:
            reasons.append(_("same time zone"))
        elif self.hours is not None:
            # Translators: how many hours apart two time zones are; "h" is short for hours.
            reasons.append(_("{hours} h apart").format(
                hours=format_decimal(self.hours, locale=locale)))
        return reasons


@dataclass(frozen=True)
class Match:
    """A recommended entry, its fit and the reasons for it."""

    entry: Any
    score: float
    reasons: list[str]

    @property
    def explanation(self) -> str:
        return "; ".join(self.reasons)


def _fit(person: Any, project: Any, project_offset: float | None = None,
         at: datetime | None = None) -> _Fit:
    """What ``person`` and ``project`` have in common (see :func:`fit`)."""
    skills = _keyed(_field(person, "skills", []))
    needed = _keyed(_field(project, "skills_needed", []))
    interests = _keyed(_field(person, "interests", []))
    keywords = _keyed(_field(project, "keywords", []))
    spoken = {tag.split("-")[0].lower() for tag in _field(person, "languages", [])}
    used = [tag.split("-")[0].lower() for tag in _field(project, "languages", [])]
    hours = None
    zone = _field(person, "time_zone")
    if zone and project_offset is not None:
        offset = _offset_hours(zone, (at or _now()).replace(minute=0, second=0, microsecond=0))
        if offset is not None:
            hours = _hours_apart(offset, project_offset)
    return _Fit(skills=[skills[k] for k in needed if k in skills],
                interests=[keywords[k] for k in keywords if k in interests],
                languages=list(dict.fromkeys(lang for lang in used if lang in spoken)),
                hours=hours)


def fit(person: Any, project: Any, project_offset: float | None = None, at: datetime | None = None
        ) -> tuple[float, list[str]]:
    """How well ``person`` fits ``project`` (entries or field dicts), with the reasons in the
    current language.

    ``project_offset`` is the project team's UTC offset in hours, when known.
    """
    found = _fit(person, project, project_offset, at)
    return found.score, found.reasons()


def _now() -> datetime:
    return datetime.now(UTC)


def _visible(entries: Iterable[Any], kind: str) -> list[Any]:
    return [e for e in entries if e.kind == kind and _field(e, "status") != "hidden"]


def team_offset(project: Any, people: Mapping[str, Any], at: datetime | None = None) -> float | None:
    """The median UTC offset (hours) of the project's team members whose time zone is known."""
    at = (at or _now()).replace(minute=0, second=0, microsecond=0)
    offsets = [
        _offset_hours(zone, at)
        for member in _field(project, "team", [])
        if member in people and (zone := _field(people[member], "time_zone"))
    ]
    offsets = [o for o in offsets if o is not None]
    return median(offsets) if offsets else None


def _is_fit(person: Any, project: Any) -> bool:
    """A pair worth suggesting: the person has a needed skill or an interest in its keywords."""
    skills = _keyed(_field(person, "skills", [])).keys() | _keyed(
        _field(person, "interests", [])
    ).keys()
    wanted = _keyed(_field(project, "skills_needed", [])).keys() | _keyed(
        _field(project, "keywords", [])
    ).keys()
    return bool(skills & wanted)


def recommend_projects(
    person: Any, projects: Iterable[Any], *, people: Iterable[Any] = (), limit: int = 10,
    at: datetime | None = None,
) -> list[Match]:
    """Projects for ``person``, best first, each with its reasons.

    ``people`` (person entries) lets the time-zone distance to each project's team count.
    """
    by_id = {p.id: p for p in people}
    matches = []
    for project in _visible(projects, "project"):
        if person.id in _field(project, "team", []) or not _is_fit(person, project):
            continue
        score, reasons = fit(person, project, team_offset(project, by_id, at), at)
        matches.append(Match(project, round(score, 3), reasons))
    matches.sort(key=lambda m: (-m.score, m.entry.id))
    return matches[:limit]


def recommend_people(
    project: Any, people: Iterable[Any], *, limit: int = 10, at: datetime | None = None
) -> list[Match]:
    """People for ``project``, best first, with reasons; only those who agreed to be contacted
    and are not on its team yet."""
    people = _visible(people, "person")
    offset = team_offset(project, {p.id: p for p in people}, at)
    team = set(_field(project, "team", []))
    matches = []
    for person in people:
        if person.id in team or not _field(person, "contact_consent") or not _is_fit(person, project):
            continue
        score, reasons = fit(person, project, offset, at)
        matches.append(Match(person, round(score, 3), reasons))
    matches.sort(key=lambda m: (-m.score, m.entry.id))
    return matches[:limit]


# -- team suggestions ---------------------------------------------------------------------------


@dataclass
class TeamPlan:
    """Suggested teams: ``teams`` maps project id -> the person ids suggested for it (new members;
    existing team members stay and count towards capacity)."""

    teams: dict[str, list[str]]
    reasons: dict[tuple[str, str], list[str]]
    covered: dict[str, list[str]]
    missing: dict[str, list[str]]
    unassigned: list[str]
    score: float
    method: str
    seconds: float
    optimal: bool = True
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Problem:
    people: list[Any]
    projects: list[Any]
    pairs: list[tuple[int, int]]  # (person index, project index)
    weights: list[float]
    fits: list[_Fit]  # put in words only for the pairs a plan keeps
    room: list[int]  # places left in each project
    needs: list[dict[str, str]]  # per project: needed skills not yet covered (normalized -> typed)
    has: list[set[str]]  # per person: normalized skills


def _problem(people: Iterable[Any], projects: Iterable[Any], capacity: int | Mapping[str, int],
             at: datetime | None) -> _Problem:
    people = sorted(_visible(people, "person"), key=lambda p: p.id)
    projects = sorted(_visible(projects, "project"), key=lambda p: p.id)
    by_id = {p.id: p for p in people}
    on_a_team = {m for pr in projects for m in _field(pr, "team", [])}
    free = [p for p in people if p.id not in on_a_team]
    has = [set(_keyed(_field(p, "skills", []))) for p in free]
    room, needs = [], []
    for project in projects:
        cap = capacity.get(project.id, 0) if isinstance(capacity, Mapping) else capacity
        team = [by_id[m] for m in _field(project, "team", []) if m in by_id]
        room.append(max(0, cap - len(_field(project, "team", []))))
        covered = set().union(*(set(_keyed(_field(m, "skills", []))) for m in team))
        needed = _keyed(_field(project, "skills_needed", []))
        needs.append({k: typed for k, typed in needed.items() if k not in covered})
    pairs, weights, fits = [], [], []
    offsets = [team_offset(pr, by_id, at) for pr in projects]
    for i, person in enumerate(free):
        for j, project in enumerate(projects):
            if room[j] and _is_fit(person, project):
                found = _fit(person, project, offsets[j], at)
                pairs.append((i, j))
                weights.append(found.score)
                fits.append(found)
    return _Problem(free, projects, pairs, weights, fits, room, needs, has)


def _plan(problem: _Problem, chosen: list[int], method: str, seconds: float, optimal: bool,
          **details: Any) -> TeamPlan:
    teams: dict[str, list[str]] = {p.id: [] for p in problem.projects}
    reasons = {}
    members: dict[int, list[int]] = {}
    for k in chosen:
        i, j = problem.pairs[k]
        teams[problem.projects[j].id].append(problem.people[i].id)
        reasons[problem.people[i].id, problem.projects[j].id] = problem.fits[k].reasons()
        members.setdefault(j, []).append(i)
    assigned = {i for group in members.values() for i in group}
    covered, missing = {}, {}
    for j, project in enumerate(problem.projects):
        skills = set().union(*(problem.has[i] for i in members.get(j, [])))
        covered[project.id] = [typed for s, typed in problem.needs[j].items() if s in skills]
        missing[project.id] = [typed for s, typed in problem.needs[j].items() if s not in skills]
    return TeamPlan(
        teams=teams,
        reasons=reasons,
        covered=covered,
        missing=missing,
        unassigned=[p.id for i, p in enumerate(problem.people) if i not in assigned],
        score=round(plan_score(problem, chosen), 6),
        method=method,
        seconds=seconds,
        optimal=optimal,
        details=details,
    )


def plan_score(problem: _Problem, chosen: Iterable[int]) -> float:
    """The objective both methods maximize: the fit of every pair plus a bonus per covered skill."""
    members: dict[int, set[str]] = {}
    total = 0.0
    for k in chosen:
        i, j = problem.pairs[k]
        total += problem.weights[k]
        members.setdefault(j, set()).update(problem.has[i])
    for j, skills in members.items():
        total += COVER_BONUS * sum(1 for s in problem.needs[j] if s in skills)
    return total


def suggest_teams(
    people: Iterable[Any],
    projects: Iterable[Any],
    capacity: int | Mapping[str, int] = 5,
    *,
    at: datetime | None = None,
    time_limit: float = 60.0,
) -> TeamPlan:
    """Optimal teams: maximize the total fit plus the needed skills covered (scipy ``milp``).

    Each person joins at most one project and only one they fit (a needed skill or an interest in
    its keywords); each project takes at most ``capacity`` people (an int, or per project id)
    counting its current team. People already on a team stay where they are.
    """
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_array

    started = time.perf_counter()
    problem = _problem(people, projects, capacity, at)
    n_pairs = len(problem.pairs)
    cover = [(j, s) for j, need in enumerate(problem.needs) for s in need]
    if n_pairs == 0:
        return _plan(problem, [], "milp", time.perf_counter() - started, True)
    n = n_pairs + len(cover)
    rows, cols, vals, upper = [], [], [], []

    def add_row(entries: Iterable[tuple[int, float]], bound: float) -> None:
        r = len(upper)
        for col, val in entries:
            rows.append(r)
            cols.append(col)
            vals.append(val)
        upper.append(bound)

    by_person: dict[int, list[int]] = {}
    by_project: dict[int, list[int]] = {}
    for k, (i, j) in enumerate(problem.pairs):
        by_person.setdefault(i, []).append(k)
        by_project.setdefault(j, []).append(k)
    for ks in by_person.values():
        add_row(((k, 1.0) for k in ks), 1)
    for j, ks in by_project.items():
        add_row(((k, 1.0) for k in ks), problem.room[j])
    for c, (j, skill) in enumerate(cover):  # y[j,s] <= sum of x over members having s
        add_row(
            [(n_pairs + c, 1.0)]
            + [(k, -1.0) for k in by_project.get(j, []) if skill in problem.has[problem.pairs[k][0]]],
            0,
        )
    matrix = coo_array((vals, (rows, cols)), shape=(len(upper), n)).tocsr()
    objective = -np.array(problem.weights + [COVER_BONUS] * len(cover))
    result = milp(
        objective,
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
        constraints=LinearConstraint(matrix, -np.inf, np.array(upper, dtype=float)),
        options={"time_limit": time_limit},
    )
    if result.x is None:
        raise RuntimeError(f"the team assignment could not be solved: {result.message}")
    chosen = [k for k in range(n_pairs) if result.x[k] > 0.5]
    return _plan(
        problem, chosen, "milp", time.perf_counter() - started, result.status == 0,
        mip_gap=getattr(result, "mip_gap", None), variables=n,
    )


def greedy_teams(
    people: Iterable[Any],
    projects: Iterable[Any],
    capacity: int | Mapping[str, int] = 5,
    *,
    at: datetime | None = None,
) -> TeamPlan:
    """The baseline: repeatedly take the pair that adds the most to the same objective."""
    started = time.perf_counter()
    problem = _problem(people, projects, capacity, at)
    room = list(problem.room)
    uncovered = [set(need) for need in problem.needs]  # normalized skills
    placed: set[int] = set()

    def gain(k: int) -> float:
        i, j = problem.pairs[k]
        return problem.weights[k] + COVER_BONUS * len(uncovered[j] & problem.has[i])

    heap = [(-gain(k), k) for k in range(len(problem.pairs))]
    heapq.heapify(heap)
    chosen = []
    while heap:
        negative, k = heapq.heappop(heap)
        i, j = problem.pairs[k]
        if i in placed or not room[j]:
            continue
        current = gain(k)  # gains only shrink as skills get covered: re-check lazily
        if heap and current < -heap[0][0] and current < -negative:
            heapq.heappush(heap, (-current, k))
            continue
        chosen.append(k)
        placed.add(i)
        room[j] -= 1
        uncovered[j] -= problem.has[i]
    return _plan(problem, chosen, "greedy", time.perf_counter() - started, False)
