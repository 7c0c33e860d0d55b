"""Matchmaking: pick yourself and see projects that fit, or pick a project and see people who fit,
each with the reasons. Organizers (with the organizer token) also get suggested teams.

The registry does the matching (:mod:`h4og_kit.registry.matching`); only people who agreed to be
contacted are ever suggested to a project, and their cards say how to reach them: their chat and
profile links (http(s) only, never an e-mail; :func:`contact_html`). The lists of people and
projects are read when the page's visitor arrives (a preheated Voila kernel waits for them,
:func:`~h4og_kit.widgets.context.wait_for_visitor`) and again with "Refresh lists". Labels, reasons and numbers are in the viewer's
language (:mod:`h4og_kit.i18n`); names, skills and titles stay as people typed them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w
from babel.lists import format_list
from babel.numbers import format_decimal

from h4og_kit.html import banner, bullet_list, esc, table
from h4og_kit.html.cards import entry_card
from h4og_kit.html.contact import contact_html
from h4og_kit.i18n import cldr_locale
from h4og_kit.i18n import gettext as _
from h4og_kit.widgets.page import row

if TYPE_CHECKING:
    from h4og_kit.registry import Registry


def _score(score: float) -> str:
    """A fit or plan score, as the current language writes numbers."""
    return format_decimal(score, format="#,##0.###", locale=cldr_locale())


def _listed(items: list[str]) -> str:
    """Typed values (skills, names) as one list in the current language; "" for none."""
    return format_list(items, locale=cldr_locale()) if items else ""


def _reasons_html(score: float, reasons: list[str]) -> str:
    # Translators: a heading above the reasons why a project or a person fits; {score} is a number.
    why = _("Fit {score}: why").format(score=_score(score))
    return (f'<div class="h4og-reasons"><p class="h4og-meta">{esc(why)}</p>'
            f"{bullet_list(reasons)}</div>")


class MatchMaker(w.VBox):
    """Recommendations from ``registry``, ``limit`` at a time."""

    def __init__(self, registry: Registry, *, limit: int = 8):
        super().__init__()
        self.add_class("h4og-matchmaker")
        self.registry = registry
        self.limit = limit
        style = {"description_width": "initial"}
        self.titles: dict[str, str] = {}
        self.person_picker = w.Dropdown(options=[(_("(choose yourself)"), "")],
                                        description=_("I am"), style=style)
        self.project_picker = w.Dropdown(options=[(_("(choose a project)"), "")],
                                         description=_("Project"), style=style)
        self.refresh_button = w.Button(description=_("Refresh lists"), icon="refresh",
                                       layout=w.Layout(width="auto"))
        self.refresh_button.on_click(lambda _: self.refresh())
        self.for_person = w.Box(layout=w.Layout(display="flex", flex_flow="row wrap"))
        self.for_project = w.Box(layout=w.Layout(display="flex", flex_flow="row wrap"))
        self.person_picker.observe(lambda _: self.show_projects(), "value")
        self.project_picker.observe(lambda _: self.show_people(), "value")

        self.organizer_token = w.Password(description=_("Organizer token"), style=style)
        self.team_size = w.BoundedIntText(value=5, min=1, max=50,
                                          description=_("People per team"), style=style)
        self.suggest_button = w.Button(description=_("Suggest teams"), icon="users",
                                       layout=w.Layout(width="auto"))
        self.suggest_button.on_click(lambda _: self.suggest_teams())
        self.teams = w.HTML()
        consent = _("Only people who agreed to be contacted are suggested.")
        self.children = [
            w.HTML(f"<h2>{esc(_('Projects for you'))}</h2>"),
            row(self.person_picker, self.refresh_button), self.for_person,
            w.HTML(f"<h2>{esc(_('People for a project'))}</h2>"
                   f'<p class="h4og-hint">{esc(consent)}</p>'),
            self.project_picker, self.for_project,
            w.HTML(f"<h2>{esc(_('Suggested teams (organizers)'))}</h2>"),
            row(self.organizer_token, self.team_size, self.suggest_button),
            self.teams,
        ]
        from h4og_kit.widgets.context import wait_for_visitor

        wait_for_visitor()  # a preheated kernel reads the lists when the visitor arrives
        self.refresh()

    def refresh(self) -> None:
        """Read the published people and projects again; what is chosen stays chosen while it is
        still listed, and its matches are shown afresh."""
        people = self.registry.search(kind="person", status="published", limit=None)
        projects = self.registry.search(kind="project", status="published", limit=None)
        self.titles = {e.id: e.fields.get("title") or e.id for e in (*people, *projects)}
        for picker, entries, prompt in ((self.person_picker, people, _("(choose yourself)")),
                                        (self.project_picker, projects, _("(choose a project)"))):
            chosen = picker.value
            options = [(prompt, "")] + sorted((e.fields["title"], e.id) for e in entries)
            picker.options = options
            picker.value = chosen if any(v == chosen for _label, v in options) else ""
        self.show_projects()
        self.show_people()

    def _cards(self, matches: list[Any], empty: str) -> list[w.HTML]:
        if not matches:
            return [w.HTML(f'<p class="h4og-meta">{esc(empty)}</p>')]
        return [w.HTML(entry_card(m.entry, extra=contact_html(m.entry)
                                  + _reasons_html(m.score, m.reasons)),
                       layout=w.Layout(width="100%", max_width="21rem")) for m in matches]

    def show_projects(self) -> list[Any]:
        """Projects for the chosen person, best first."""
        person = self.person_picker.value
        matches = self.registry.recommend_projects(person, self.limit) if person else []
        self.for_person.children = self._cards(
            matches, _("No project matches your skills or interests yet: add some to your entry.")
            if person else "")
        return matches

    def show_people(self) -> list[Any]:
        """People for the chosen project, best first."""
        project = self.project_picker.value
        matches = self.registry.recommend_people(project, self.limit) if project else []
        self.for_project.children = self._cards(
            matches, _("Nobody who agreed to be contacted matches this project's needs yet.")
            if project else "")
        return matches

    def suggest_teams(self) -> Any:
        """Teams for the whole event (organizer token only); None without it."""
        from h4og_kit.registry.errors import PermissionDenied

        try:
            plan = self.registry.suggest_teams(self.team_size.value,
                                               token=self.organizer_token.value)
        except PermissionDenied:
            self.teams.value = banner(_("Only organizers can see suggested teams: enter the "
                                        "organizer token."), "error")
            return None
        # Translators: a person suggested for a team, then why they fit it.
        why = _("{name}: {reasons}")
        rows = []
        for project_id, members in plan.teams.items():
            reasons = [why.format(name=self.titles.get(m, m),
                                  reasons="; ".join(plan.reasons.get((m, project_id), [])))
                       for m in members]
            rows.append((self.titles.get(project_id, project_id),
                         bullet_list(reasons) or esc(_("(nobody new)")),
                         esc(_listed(plan.covered.get(project_id, []))),
                         esc(_listed(plan.missing.get(project_id, [])))))
        header = (_("Project"), _("Suggested people and why"), _("Skills covered"),
                  _("Still missing"))
        left = [self.titles.get(p, p) for p in plan.unassigned]
        placed = (_("Not placed: {names}.").format(names=_listed(left)) if left
                  else _("Everyone was placed."))
        verdict = (_("Optimal plan, score {score}.") if plan.optimal
                   else _("Best plan found, score {score}.")).format(score=_score(plan.score))
        self.teams.value = (table(header, rows, raw_columns=(1, 2, 3))
                            + f'<p class="h4og-meta">{esc(placed)} {esc(verdict)}</p>')
        return plan
