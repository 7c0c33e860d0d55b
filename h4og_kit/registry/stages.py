"""The progress-stage vocabulary of projects and its checks, read from data.

The bundled ``h4og_kit/data/registry/stages.json`` lists the stages in order
(idea -> team -> research -> sketch -> prototype -> presented -> live) and, for each, the checks a
project must pass to move up to it. Organizers adjust them without touching code: a
``stages.json`` in the kit's data directory (``H4OG_DATA_DIR``) replaces the bundled file, and
``Registry(stages=path)`` replaces both.

A stage's ``label`` and ``help`` and a check's ``message`` are kept as the file writes them (English
in the bundled file, marked for translation in :data:`BUNDLED_TEXTS`) and translated where they are
shown (``_(stage.label)``; ``help`` may be empty, and ``_("")`` is not empty text), so an
organizer's own words show as they wrote them. :meth:`Stages.missing` and :meth:`Stages.report`
speak the current language.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from h4og_kit.i18n import N_
from h4og_kit.i18n import gettext as _

BUNDLED_STAGES = Path(__file__).resolve().parent.parent / "data" / "registry" / "stages.json"
RULES = ("present", "any_present", "min_items", "min_length")

#: Every label, help text and check message of the bundled stages.json, marked for translation
#: (the message extractor reads code, not JSON; a test keeps this list and the file in step).
BUNDLED_TEXTS = (
    # Translators: the stages of a hackathon project, in order, and what each one means.
    N_("Idea"), N_("The project is an idea looking for people."),
    N_("Team"), N_("A team has formed around the idea."),
    N_("Research"), N_("The team has chosen its collections and goals."),
    N_("Sketch"), N_("The team has sketched what it will build."),
    N_("Prototype"), N_("Something runs."),
    N_("Presented"), N_("The team has presented its work."),
    N_("Live"), N_("The result is online for everyone."),
    # Translators: what a project still needs to move up to a stage; "team" and
    # "collections_used" are the registry's names of fields: keep them as they are.
    N_("at least one team member"),
    N_("at least one collection in collections_used"),
    N_("goals"),
    N_("a description of what the team will build"),
    N_("a source-code or demo link"),
    N_("a summary"),
    N_("an image"),
    N_("a public demo or homepage link"),
)


def _value(fields: Mapping[str, Any], path: str) -> Any:
    value: Any = fields
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def _filled(value: Any) -> bool:
    return value not in (None, "", [], {})


@dataclass(frozen=True)
class Check:
    """One check of a stage: ``rule`` applied to ``fields`` (dotted paths)."""

    rule: str
    fields: tuple[str, ...]
    message: str
    min: int = 1

    def passes(self, entry_fields: Mapping[str, Any]) -> bool:
        values = [_value(entry_fields, path) for path in self.fields]
        if self.rule == "present":
            return all(_filled(v) for v in values)
        if self.rule == "any_present":
            return any(_filled(v) for v in values)
        if self.rule == "min_items":
            return all(isinstance(v, list) and len(v) >= self.min for v in values)
        return all(isinstance(v, str) and len(v) >= self.min for v in values)  # min_length


@dataclass(frozen=True)
class Stage:
    """One stage: its ``name`` (stored in entries), its ``label`` (never empty) and ``help``
    (possibly empty) as the file writes them, and the checks a project passes to move up to it."""

    name: str
    label: str
    help: str
    checks: tuple[Check, ...]


@dataclass(frozen=True)
class Stages:
    """The ordered stage vocabulary."""

    stages: tuple[Stage, ...]
    source: str

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(stage.name for stage in self.stages)

    @property
    def first(self) -> str:
        return self.stages[0].name

    def index(self, name: str) -> int:
        try:
            return self.names.index(name)
        except ValueError:
            raise ValueError(_("“{name}” is not a stage; the stages are: {stages}.").format(
                name=name, stages=", ".join(self.names))) from None

    def missing(self, fields: Mapping[str, Any], target: str, current: str | None = None) -> list[str]:
        """What ``fields`` lack to move from ``current`` up to ``target``, in the current language
        ("goals (for Research)").

        Every stage after ``current`` up to and including ``target`` must pass its checks; moving
        down or staying needs nothing. ``current=None`` (a new entry) checks from the first stage.
        """
        start = -1 if current is None else self.index(current)
        end = self.index(target)
        missing: list[str] = []
        for stage in self.stages[start + 1 : end + 1]:
            missing += [
                # Translators: one thing a project still needs, and the stage that needs it.
                _("{need} (for {stage})").format(need=_(check.message), stage=_(stage.label))
                for check in stage.checks
                if not check.passes(fields)
            ]
        return missing

    def report(self, fields: Mapping[str, Any]) -> list[dict[str, Any]]:
        """For each stage, its checks and whether ``fields`` pass them (for progress boards; labels
        and messages in the current language)."""
        return [
            {
                "stage": stage.name,
                "label": _(stage.label),
                "checks": [
                    {"message": _(check.message), "ok": check.passes(fields)}
                    for check in stage.checks
                ],
            }
            for stage in self.stages
        ]


def _parse_check(raw: Mapping[str, Any], where: str) -> Check:
    rule = raw.get("rule")
    if rule not in RULES:
        raise ValueError(f"{where}: rule {rule!r} is not one of {', '.join(RULES)}")
    fields = tuple(raw["fields"]) if "fields" in raw else (raw.get("field"),)
    if not fields or not all(isinstance(f, str) and f for f in fields):
        raise ValueError(f"{where}: a check needs 'field' or 'fields'")
    message = raw.get("message") or f"{rule} {', '.join(fields)}"
    return Check(rule=rule, fields=fields, message=str(message), min=int(raw.get("min", 1)))


def parse_stages(document: Mapping[str, Any], source: str = "<data>") -> Stages:
    """Stages from a parsed stages.json document; a mistake in it is reported with its place."""
    raw_stages = document.get("stages")
    if not isinstance(raw_stages, list) or not raw_stages:
        raise ValueError(f"{source}: 'stages' must be a non-empty list")
    stages = []
    for i, raw in enumerate(raw_stages):
        name = raw.get("name")
        if not isinstance(name, str) or not name:
            raise ValueError(f"{source}: stage {i} has no name")
        checks = tuple(
            _parse_check(check, f"{source}: stage {name!r} check {j}")
            for j, check in enumerate(raw.get("checks", []))
        )
        stages.append(Stage(name, str(raw.get("label", name)), str(raw.get("help", "")), checks))
    names = [stage.name for stage in stages]
    if len(set(names)) != len(names):
        raise ValueError(f"{source}: stage names repeat: {names}")
    return Stages(tuple(stages), source)


def load_stages(path: str | Path | None = None) -> Stages:
    """The stages in ``path``, else ``<data dir>/stages.json`` if present, else the bundled ones."""
    if path is None:
        from h4og_kit.config import settings

        override = settings().data_dir / "stages.json"
        path = override if override.is_file() else BUNDLED_STAGES
    path = Path(path)
    return parse_stages(json.loads(path.read_text(encoding="utf-8")), str(path))
