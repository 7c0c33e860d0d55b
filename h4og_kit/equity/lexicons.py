"""The contentious-terms vocabularies, read from the bundled files into one list of terms.

Two sources, both credited wherever a match is shown (:data:`CREDITS`):

- the **Words Matter** knowledge graph (Cultural AI, CC BY-SA 4.0), built on the *Words Matter*
  publication of the Nationaal Museum van Wereldculturen: English and Dutch terms, their word
  forms (``query_terms_cont_{en,nl}.json``) and, from ``glossary.ttl``, the glossary entry each
  belongs to, the experts' suggestions on its use and the alternatives they name;
- the **Duke University Libraries description-audit lexicon** (MIT): English terms in eight
  categories (aggrandizement, race euphemisms, race terms, slavery terms, gender terms, LGBTQ,
  mental illness, disability). It lists word forms as separate terms and gives no alternatives.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from h4og_kit.equity.turtle import RDF_TYPE, Literal, read_turtle

VOCAB_DIR = Path(__file__).resolve().parent.parent / "data" / "vocab" / "contentious-terms"
WORDS_MATTER_DIR = VOCAB_DIR / "wordsmatter-kg"
DUKE_DIR = VOCAB_DIR / "duke-description-audit"

WORDS_MATTER = "Words Matter"
DUKE = "Duke description audit"

#: Who made each vocabulary, under which license, and where to read more.
CREDITS: dict[str, dict[str, str]] = {
    WORDS_MATTER: {
        "credit": "Words Matter knowledge graph by Cultural AI (A. Nesterov, L. Hollink, M. van Erp, "
        "J. van Ossenbruggen), based on 'Words Matter' by the Nationaal Museum van Wereldculturen",
        "license": "CC BY-SA 4.0",
        "license_url": "https://creativecommons.org/licenses/by-sa/4.0/",
        "url": "https://w3id.org/culco/wordsmatter/",
        "citation": "Nesterov et al. (2023), A Knowledge Graph of Contentious Terminology for Inclusive "
        "Representation of Cultural Heritage, ESWC 2023, https://doi.org/10.1007/978-3-031-33455-9_30",
    },
    DUKE: {
        "credit": "Description audit lexicon by Duke University Libraries (many terms from Kelly "
        "Bolding, Princeton)",
        "license": "MIT",
        "license_url": "https://github.com/duke-libraries/description-audit/blob/main/LICENSE.txt",
        "url": "https://github.com/duke-libraries/description-audit",
        "citation": "Duke University Libraries (2021), description-audit, lexicons/lexicons.csv",
    },
}

#: Said with every scan result: what a match means.
NOTICE = (
    "A match is a prompt to look, not a verdict: a listed word may be quoted, historical, a proper "
    "name or used in another sense. Read the record and the guidance before changing anything."
)

_CULCO = "https://w3id.org/culco#"
_SKOSXL_LITERAL = "http://www.w3.org/2008/05/skos-xl#literalForm"
_TITLE = "http://purl.org/dc/terms/title"
_VALUE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"
_DESCRIPTION = "http://purl.org/dc/terms/description"

#: Shortest noun form looked for inside Dutch compounds ("negerhut", "slavenhandel").
COMPOUND_MIN_LETTERS = 5
# A Latin prefix of hundreds of ordinary Dutch words (transport, transcriptie): whole words only.
_NOT_COMPOUND_HEADS = {"trans"}

_DUKE_CATEGORIES = {
    "Aggrandizement": "aggrandizement",
    "RaceEuphemisms": "race euphemisms",
    "RaceTerms": "race terms",
    "SlaveryTerms": "slavery terms",
    "GenderTerms": "gender terms",
    "LGBTQ": "LGBTQ",
    "MentalIllness": "mental illness",
    "Disability": "disability",
}


@dataclass(frozen=True)
class Term:
    """One contentious term of one source, with every word form to look for."""

    term: str
    lang: str
    source: str
    category: str
    forms: tuple[str, ...]
    compound_forms: tuple[str, ...] = ()  # forms also looked for inside Dutch compounds
    context: str = ""  # what the source says about the term
    guidance: str = ""  # how the source suggests using it
    alternatives: tuple[str, ...] = ()
    reference: str = ""


def form_key(text: str) -> str:
    """How a word form is compared: lower case, one space for any run of spaces/hyphens."""
    return re.sub(r"[\s\-\u00ad\u2010\u2011]+", " ", text.casefold()).strip()


def _graph() -> dict[str, dict[str, list]]:
    text = (WORDS_MATTER_DIR / "glossary.ttl").read_text(encoding="utf-8")
    graph: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for subject, predicate, obj in read_turtle(text):
        graph[subject][predicate].append(obj)
    return graph


def _text(values: list, lang: str | None = None) -> str:
    for value in values:
        if isinstance(value, Literal) and (lang is None or value.lang == lang):
            return value.value
    return ""


def _dutch_noun_forms() -> set[str]:
    """The noun forms (INT lexicon, POS NOU-C) of the Dutch terms: Dutch compounds are built on nouns."""
    entries = json.loads((WORDS_MATTER_DIR / "nl_cont_wordforms.json").read_text(encoding="utf-8"))
    return {
        form_key(form)
        for entry in entries.values()
        for lemma in entry["lemmata"]
        if lemma["pos"].startswith("NOU")
        for form in lemma["wordforms"]
    }


def _words_matter_terms(lang: str) -> list[Term]:
    graph = _graph()
    nouns = _dutch_noun_forms() if lang == "nl" else set()
    forms_of = json.loads((WORDS_MATTER_DIR / f"query_terms_cont_{lang}.json").read_text(encoding="utf-8"))
    # The Dutch glossary's entries have ids ending in "_nl"; the English one's do not (though some
    # English entries are about Dutch words, such as "Blank" or "Jappenkampen").
    issues = {
        uri: node
        for uri, node in graph.items()
        if _CULCO + "ContentiousIssue" in node[RDF_TYPE] and uri.endswith("_nl") == (lang == "nl")
    }
    label_form = {uri: form_key(_text(node[_SKOSXL_LITERAL])) for uri, node in graph.items()
                  if node.get(_SKOSXL_LITERAL)}
    terms = []
    for term, inflections in forms_of.items():
        forms = {form_key(term), *map(form_key, inflections)}
        candidates = [
            (uri, label)
            for uri, node in issues.items()
            for label in node[_CULCO + "hasContentiousLabel"]
            if label_form.get(label) in forms
        ]
        if not candidates:
            raise ValueError(f"Words Matter term {term!r} has no glossary entry in {lang}")
        # the entry titled with the term itself, else the first that names it
        uri, label = next(
            ((u, l) for u, l in candidates if form_key(_text(issues[u][_TITLE])) in forms),
            candidates[0],
        )
        issue = issues[uri]
        suggestions = [graph[s] for s in issue[_CULCO + "hasSuggestion"]]
        # the suggestions for this label, else those for no label in particular
        aimed = [s for s in suggestions if label in s.get(_CULCO + "suggestedFor", [])] or [
            s for s in suggestions if not s.get(_CULCO + "suggestedFor")
        ]
        guidance = " ".join(t for t in (_text(s[_VALUE], lang) for s in aimed) if t)
        alternatives = []
        for suggestion in aimed:
            for alt in suggestion.get(_CULCO + "hasSuggestedLabel", []) + suggestion.get(
                _CULCO + "hasAltLabelExample", []
            ):
                text = _text(graph[alt][_SKOSXL_LITERAL]) if alt in graph else ""
                if text and form_key(text) not in forms and text not in alternatives:
                    alternatives.append(text)
        terms.append(
            Term(
                term=term,
                lang=lang,
                source=WORDS_MATTER,
                category=f"Words Matter entry: {_text(issue[_TITLE])}",
                forms=tuple(sorted(forms)),
                compound_forms=tuple(sorted(
                    f for f in forms & nouns
                    if len(f) >= COMPOUND_MIN_LETTERS and f not in _NOT_COMPOUND_HEADS
                )),
                context=_text(issue[_DESCRIPTION], lang),
                guidance=guidance,
                alternatives=tuple(alternatives),
                reference=uri,
            )
        )
    return terms


def _duke_terms() -> list[Term]:
    categories: dict[str, list[str]] = defaultdict(list)
    with (DUKE_DIR / "lexicons.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for column, value in row.items():
                if value and value.strip():
                    name = _DUKE_CATEGORIES[column]
                    if name not in categories[value.strip()]:
                        categories[value.strip()].append(name)
    return [
        Term(
            term=term,
            lang="en",
            source=DUKE,
            category="; ".join(names),
            forms=(form_key(term),),
            reference=CREDITS[DUKE]["url"],
        )
        for term, names in categories.items()
    ]


@cache
def terms(lang: str = "en", sources: tuple[str, ...] = (WORDS_MATTER, DUKE)) -> tuple[Term, ...]:
    """Every term to look for in ``lang`` ("en" or "nl") from ``sources``."""
    if lang not in ("en", "nl"):
        raise ValueError(f"contentious terms are available in 'en' and 'nl', not {lang!r}")
    found: list[Term] = []
    if WORDS_MATTER in sources:
        found.extend(_words_matter_terms(lang))
    if DUKE in sources and lang == "en":
        found.extend(_duke_terms())
    return tuple(found)
