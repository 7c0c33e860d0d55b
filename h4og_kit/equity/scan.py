"""Find contentious and outdated terms in titles and descriptions, in English and Dutch.

``scan_terms(text_or_series, lang="en")`` looks for every word form the Words Matter knowledge
graph and the Duke description-audit lexicon list (see :mod:`h4og_kit.equity.lexicons`), in any
case, with spaces or hyphens between the words of a phrase. In Dutch, compounds count too: a
noun form of five letters or more at the start or end of a longer word ("negerhut",
"slavenhandel", "koeliearbeid") is reported with the whole word.

All forms of one vocabulary in one language are compiled into one regular expression shaped like
a trie, so a text is read once per vocabulary whatever the number of terms.

A match is a prompt to look, not a verdict (:data:`NOTICE`); every result carries the credits of
the vocabularies it came from.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from functools import cache
from typing import TYPE_CHECKING

from h4og_kit.equity.lexicons import CREDITS, DUKE, NOTICE, WORDS_MATTER, Term, form_key, terms

if TYPE_CHECKING:
    import pandas as pd

#: The columns of :attr:`TermScan.matches`.
MATCH_COLUMNS = (
    "record", "term", "matched", "start", "end", "lang", "category", "source", "context",
    "guidance", "alternatives", "reference", "compound",
)

_GAP = r"[\s\-\u00ad\u2010\u2011]+"


@dataclass(frozen=True)
class TermMatch:
    """One place a listed term occurs: ``text[start:end] == matched``."""

    term: str
    matched: str
    start: int
    end: int
    lang: str
    category: str
    source: str
    context: str
    guidance: str
    alternatives: tuple[str, ...]
    reference: str
    compound: bool = False


def _trie_pattern(keys: Iterable[str]) -> str:
    """One regular expression matching any of ``keys``, shaped like a trie (shared prefixes once)."""
    trie: dict = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        ends = "" in node
        branches = []
        for char in sorted(c for c in node if c):
            head = _GAP if char == " " else re.escape(char)
            branches.append(head + pattern(node[char]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?" if len(branches) > 1 or len(body) > 1 else body + "?"
        return body

    return pattern(trie)


class _Matcher:
    """Every form of one language's terms, compiled once."""

    def __init__(self, lang: str, sources: tuple[str, ...]):
        self.lang = lang
        self.sources = sources
        self.by_form: dict[str, list[Term]] = {}
        for term in terms(lang, sources):
            for form in term.forms:
                self.by_form.setdefault(form, []).append(term)
        forms = sorted(self.by_form)
        exact = rf"(?<!\w)(?P<exact>{_trie_pattern(forms)})(?![\w])"
        heads = sorted({f for term in terms(lang, sources) for f in term.compound_forms})
        if heads:
            long = _trie_pattern(heads)
            compound = (
                rf"|(?<!\w)(?P<head>{long})(?P<tail>\w{{3,}})(?!\w)"
                rf"|(?<!\w)(?P<lead>\w{{3,}}?)(?P<last>{long})(?!\w)"
            )
        else:
            compound = ""
        self.regex = re.compile(exact + compound, re.IGNORECASE)

    def find(self, text: str) -> Iterator[TermMatch]:
        for match in self.regex.finditer(text):
            groups = match.groupdict()
            compound = groups["exact"] is None
            found = form_key(groups["exact"] or groups["head"] or groups["last"])
            for term in self.by_form.get(found, ()):
                if compound and found not in term.compound_forms:
                    continue
                yield TermMatch(
                    term=term.term,
                    matched=match.group(0),
                    start=match.start(),
                    end=match.end(),
                    lang=term.lang,
                    category=term.category,
                    source=term.source,
                    context=term.context,
                    guidance=term.guidance,
                    alternatives=term.alternatives,
                    reference=term.reference,
                    compound=compound,
                )


@cache
def _matcher(lang: str, sources: tuple[str, ...]) -> _Matcher:
    return _Matcher(lang, sources)


def credits(sources: Iterable[str] = (WORDS_MATTER, DUKE)) -> str:
    """The credit lines of ``sources``, one per line, with license and link."""
    return "\n".join(
        f"{name}: {CREDITS[name]['credit']}. {CREDITS[name]['license']} "
        f"({CREDITS[name]['license_url']}). {CREDITS[name]['url']}"
        for name in sources
    )


class TermScan:
    """What :func:`scan_terms` returns.

    - ``matches``: a DataFrame, one row per match (:data:`MATCH_COLUMNS`); ``record`` is the
      index label of the text in the scanned Series (0 for a single text).
    - ``notice``: a match is a prompt to look, not a verdict.
    - ``credits``: who made the vocabularies and under which licenses.

    Iterating yields :class:`TermMatch` objects; ``len()`` is the number of matches. In a notebook
    it shows the notice, the table and the credits.
    """

    notice = NOTICE

    def __init__(self, found: list[tuple[object, TermMatch]], sources: tuple[str, ...]):
        self._found = found
        self.sources = sources
        self.credits = credits(sources)

    @property
    def matches(self) -> pd.DataFrame:
        import pandas as pd

        rows = [{"record": record, **asdict(match)} for record, match in self._found]
        frame = pd.DataFrame(rows, columns=list(MATCH_COLUMNS))
        frame.attrs.update(notice=self.notice, credits=self.credits)
        return frame

    def __iter__(self) -> Iterator[TermMatch]:
        return (match for _, match in self._found)

    def __len__(self) -> int:
        return len(self._found)

    def __repr__(self) -> str:
        lines = [f"{len(self)} possible contentious term(s). {self.notice}"]
        lines += [f"  [{m.start}:{m.end}] {m.matched!r} -> {m.term} ({m.category}; {m.source})" for m in self]
        lines.append("Sources: " + self.credits.replace("\n", "\n         "))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        table = self.matches.drop(columns=["context", "guidance"]).to_html(index=False, escape=True)
        credit_lines = "".join(f"<li>{html.escape(line)}</li>" for line in self.credits.splitlines())
        return (
            f"<p><strong>{len(self)} possible contentious term(s).</strong> {html.escape(self.notice)}</p>"
            f"{table}<p>Sources:</p><ul>{credit_lines}</ul>"
        )


def _languages(lang) -> tuple[str, ...]:
    return (lang,) if isinstance(lang, str) else tuple(lang)


def scan_terms(
    text_or_series,
    lang: str | Iterable[str] = "en",
    sources: Iterable[str] = (WORDS_MATTER, DUKE),
    exclude: Iterable[str] = (),
) -> TermScan:
    """Find listed contentious terms in one text or in every text of a Series (or list).

    ``lang`` is "en", "nl" or both (``("en", "nl")``). ``sources`` picks the vocabularies;
    ``exclude`` leaves out canonical terms (for example "page" in a digitised-book collection).
    Each match gives the term, its span, category, the source's context, guidance and
    alternatives, and which source listed it. See :class:`TermScan`.
    """
    sources = tuple(sources)
    excluded = {form_key(t) for t in exclude}
    # one compiled expression per vocabulary, so a longer phrase of one ("native americans") does
    # not hide a shorter term of the other ("native")
    matchers = [
        _matcher(language, (source,))
        for language in _languages(lang)
        for source in sources
        if terms(language, (source,))
    ]
    if isinstance(text_or_series, str) or text_or_series is None:
        items = [(0, text_or_series)]
    elif hasattr(text_or_series, "items"):
        items = list(text_or_series.items())
    else:
        items = list(enumerate(text_or_series))
    found: list[tuple[object, TermMatch]] = []
    seen: dict[str, list[TermMatch]] = {}
    for record, text in items:
        if not isinstance(text, str) or not text:
            continue
        if text not in seen:
            seen[text] = sorted(
                (
                    match
                    for matcher in matchers
                    for match in matcher.find(text)
                    if form_key(match.term) not in excluded
                ),
                key=lambda m: (m.start, m.end, m.source),
            )
        found.extend((record, match) for match in seen[text])
    used = tuple(dict.fromkeys(source for matcher in matchers for source in matcher.sources))
    return TermScan(found, used)
