"""Statements found inside free text, in any language: rightsstatements.org names and plain
public-domain, no-copyright and copyright phrases.

Everything is matched word by word (:mod:`h4og_kit.rights.tokens`), so the dash, spacing and case
people type do not matter: "In Copyright – Educational Use Permitted" is InC-EDU, and so is
"Urheberrechtsschutz - Nutzung zu Bildungszwecken erlaubt". At each word the longest known phrase
wins, so "Kein Urheberrechtsschutz - Vereinigte Staaten" is NoC-US and never the
"Urheberrechtsschutz" (InC) inside it.

Where the phrases come from:

- every rightsstatements.org statement name, in English and in each translation;
- "No Copyright": Creative Commons' translations of it, and the words each language's four NoC
  statement names share ("Kein Urheberrechtsschutz", "Niet auteursrechtelijk beschermd"). Alone it
  says the work is in the public domain; followed by more words ("No copyright restrictions
  known") it says nothing, but still hides the "copyright" inside it;
- "Public Domain", "Public Domain Dedication" (plain public domain) and "Public Domain Mark" (the
  PDM): Creative Commons' translations;
- the hand-written phrases of :mod:`h4og_kit.rights.phrases`.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterator

from h4og_kit.rights import catalogs
from h4og_kit.rights.license import License, copyright_statement, public_domain_statement
from h4og_kit.rights.phrases import PHRASES
from h4og_kit.rights.tokens import PhraseIndex, Words, phrase
from h4og_kit.rights.vocab import tables

_PUBLIC_DOMAIN = public_domain_statement()
#: The value of a "No Copyright" phrase: public domain when it ends the statement.
NO_COPYRIGHT = "no copyright"

_NO_COPYRIGHT_STATEMENTS = ("NoC-CR", "NoC-NC", "NoC-OKLR", "NoC-US")


def _common_prefix(phrases: list[tuple[str, ...]]) -> tuple[str, ...]:
    first = phrases[0]
    n = 0
    while n < len(first) and all(len(p) > n and p[n] == first[n] for p in phrases):
        n += 1
    return first[:n]


def no_copyright_phrases() -> set[tuple[str, ...]]:
    """The words for "No Copyright" in every language the vocabularies give them in."""
    found = {phrase("No Copyright")}
    found |= {
        phrase(text) for _, msgid, text in catalogs.cc_unit_names() if msgid == "No Copyright"
    }
    by_lang: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for uri, lang, label in catalogs.statement_labels():
        if uri.rstrip("/").split("/")[-2] in _NO_COPYRIGHT_STATEMENTS:
            by_lang[lang].append(phrase(label))
    for labels in by_lang.values():
        if len(labels) == len(_NO_COPYRIGHT_STATEMENTS):
            found.add(_common_prefix(labels))
    return {p for p in found if len("".join(p)) > 1}


def _cc_phrases(*msgids: str) -> set[tuple[str, ...]]:
    found = {phrase(m) for m in msgids}
    found |= {phrase(text) for _, msgid, text in catalogs.cc_unit_names() if msgid in msgids}
    return {p for p in found if len("".join(p)) > 1}


def _hand_phrases(*kinds: str) -> set[tuple[str, ...]]:
    return {phrase(text) for (_, kind), texts in PHRASES.items() if kind in kinds for text in texts}


@functools.cache
def statement_index() -> PhraseIndex:
    """Statement names and public-domain phrases -> License (or :data:`NO_COPYRIGHT`)."""
    t = tables()
    index = PhraseIndex()
    for key, lic in sorted(t.statement_labels.items()):
        index.add(phrase(key), lic)
    for words in sorted(_cc_phrases("Public Domain Mark")):
        index.add(words, t.pdm)
    for words in sorted(no_copyright_phrases()):
        index.add(words, NO_COPYRIGHT)
    pd = _cc_phrases("Public Domain", "Public Domain Dedication") | _hand_phrases("public-domain")
    for words in sorted(pd):
        index.add(words, _PUBLIC_DOMAIN)
    return index


@functools.cache
def copyright_index() -> PhraseIndex:
    """ "All rights reserved" and "protected by copyright" phrases -> a copyright notice."""
    index = PhraseIndex()
    for words in sorted(_hand_phrases("all-rights-reserved", "in-copyright")):
        index.add(words, copyright_statement())
    return index


def _ends_statement(text: Words, end: int) -> bool:
    """Nothing but spaces, then the end or punctuation, after word ``end - 1``."""
    rest = text.folded[text.ends[end - 1] :].lstrip()
    return not rest or not rest[0].isalnum()


def find(text: Words) -> Iterator[tuple[int, int, License]]:
    """``(start, end, License)`` of each statement named in ``text`` (positions in its folded
    form)."""
    for i, j, value in statement_index().find(text):
        if value is NO_COPYRIGHT:
            if not _ends_statement(text, j):
                continue
            value = _PUBLIC_DOMAIN
        yield text.starts[i], text.ends[j - 1], value


def is_copyright_notice(text: Words) -> bool:
    """True if ``text`` holds an "all rights reserved" or "protected by copyright" phrase."""
    return next(copyright_index().find(text), None) is not None
