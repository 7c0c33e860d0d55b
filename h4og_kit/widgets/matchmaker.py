"""Matchmaking: pick yourself and see projects that fit, or pick a project and see people who fit,
each with the reasons. Organizers (with the organizer token) also get suggested teams.

The registry does the matching (:mod:`h4og_kit.registry.matching`); only people who agreed to be
contacted are ever suggested to a project.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w

from h4og_kit.html import banner, bullet_list, esc, table
from h4og_kit.html.cards import entry_card
from h4og_kit.widgets.page import row

if TYPE_CHECKING:
    from h4og_kit.registry import Registry


def _reasons_html(score: float, reasons: list[str]) -> str:
    return (f'<div class="h4og-reasons"><p class="h4og-meta">Fit {score:g}: why</p>'
            f"{bullet_list(reasons)}</div>")


class MatchMaker(w.VBox):
    """Recommendations from ``registry``, ``limit`` at a time."""

    def __init__(self, registry: Registry, *, limit: int = 8):
        super().__init__()
        self.add_class("h4og-matchmaker")
        self.registry = registry
        self.limit = limit
        style = {"description_width": "initial"}
        people = registry.search(kind="person", status="published", limit=None)
        projects = registry.search(kind="project", status="published", limit=None)
        self.titles = {e.id: e.fields.get("title") or e.id for e in (*people, *projects)}
        self.person_picker = w.Dropdown(
            options=[("(choose yourself)", "")] + sorted((e.fields["title"], e.id) for e in people),
            description="I am", style=style)
        self.project_picker = w.Dropdown(
            options=[("(choose a project)", "")] + sorted((e.fields["title"], e.id) for e in projects),
            description="Project", style=style)
        self.for_person = w.Box(layout=w.Layout(display="flex", flex_flow="row wrap"))
        self.for_project = w.Box(layout=w.Layout(display="flex", flex_flow="row wrap"))
        self.person_picker.observe(lambda _: self.show_projects(), "value")
        self.project_picker.observe(lambda _: self.show_people(), "value")

        self.organizer_token = w.Password(description="Organizer token", style=style)
        self.team_size = w.BoundedIntText(value=5, min=1, max=50, description="People per team",
                                          style=style)
        self.suggest_button = w.Button(description="Suggest teams", icon="users",
                                       layout=w.Layout(width="auto"))
        self.suggest_button.on_click(lambda _: self.suggest_teams())
        self.teams = w.HTML()
        self.children = [
            w.HTML("<h2>Projects for you</h2>"), self.person_picker, self.for_person,
            w.HTML("<h2>People for a project</h2>"
                   '<p class="h4og-hint">Only people who agreed to be contacted are suggested.</p>'),
            self.project_picker, self.for_project,
            w.HTML("<h2>Suggested teams (organizers)</h2>"),
            row(self.organizer_token, self.team_size, self.suggest_button),
            self.teams,
        ]

    def _cards(self, matches: list[Any], empty: str) -> list[w.HTML]:
        if not matches:
            return [w.HTML(f'<p class="h4og-meta">{esc(empty)}</p>')]
        return [w.HTML(entry_card(m.entry, extra=_reasons_html(m.score, m.reasons)),
                       layout=w.Layout(width="100%", max_width="21rem")) for m in matches]

    def show_projects(self) -> list[Any]:
        """Projects for the chosen person, best first."""
        person = self.person_picker.value
        matches = self.registry.recommend_projects(person, self.limit) if person else []
        self.for_person.children = self._cards(
            matches, "No project matches your skills or interests yet: add some to your entry."
            if person else "")
        return matches

    def show_people(self) -> list[Any]:
        """People for the chosen project, best first."""
        project = self.project_picker.value
        matches = self.registry.recommend_people(project, self.limit) if project else []
        self.for_project.children = self._cards(
            matches, "Nobody who agreed to be contacted matches this project's needs yet."
            if project else "")
        return matches

    def suggest_teams(self) -> Any:
        """Teams for the whole event (organizer token only); None without it."""
        from h4og_kit.registry.errors import PermissionDenied

        try:
            plan = self.registry.suggest_teams(self.team_size.value,
                                               token=self.organizer_token.value)
        except PermissionDenied:
            self.teams.value = banner("Only organizers can see suggested teams: enter the "
                                      "organizer token.", "error")
            return None
        rows = []
        for project_id, members in plan.teams.items():
            reasons = [f"{self.titles.get(m, m)}: {'; '.join(plan.reasons.get((m, project_id), []))}"
                       for m in members]
            rows.append((self.titles.get(project_id, project_id),
                         bullet_list(reasons) or esc("(nobody new)"),
                         esc(", ".join(plan.covered.get(project_id, []))),
                         esc(", ".join(plan.missing.get(project_id, [])))))
        left = ", ".join(self.titles.get(p, p) for p in plan.unassigned) or "nobody"
        self.teams.value = (
            table(("Project", "Suggested people and why", "Skills covered", "Still missing"), rows,
                  raw_columns=(1, 2, 3))
            + f'<p class="h4og-meta">Not placed: {esc(left)}. '
            f"{'Optimal' if plan.optimal else 'Best found'} plan, score {plan.score:g}.</p>"
        )
        return plan
