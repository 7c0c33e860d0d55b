"""Creative Commons license titles in every language CC translated them into.

A CC title is its elements' name, the version, and the place it is for:
"Naamsvermelding-GelijkDelen 2.5 Nederland", "署名 3.0 中国大陆", "Nimeä 4.0 Kansainvälinen".
The translated titles of every license (``catalogs.cc_titles``), CC's jurisdiction names and its
translations of the unit names give three tables, built on first use:

- ``units``: the words of an elements' name in any language -> the CC elements
  ("naamsvermelding gelijkdelen" -> by-sa), from CC's catalogue and the titles; a name that two
  titles give to different elements (one Romanian and one Kazakh slip in CC's data) is left out;
- ``places``: the words of a place -> port code, None for International, Unported, Generic and
  Universal. CC's jurisdiction names first; then the place words of the titles, for the port that
  most licenses titled with them are named for (CC's data gives a few ports another port's name:
  ``by-sa/3.0/za`` is titled "... 3.0 United States" in every language, so those words mean "us");
- ``titles``: (element words, version, place words) -> License, for every versioned title (CC0,
  the PDM and the sampling licenses included). Where CC gave the same words to several ports of
  one license, the one the place words name; None where they name different licenses (CC's
  Romanian titles of by-nc-nd and by-nc-sa are the same words): those are not read at all.

:func:`find` finds titles inside free text. It starts from each version number (``4.0``, ``2,5``
or a bare ``4``) and tries the words before it as elements and the words after it as a place,
longest first: the longest known name before the version is the one the text gives; a whole known
title wins, then elements + place (or elements alone after a dotted version, "Nimeä 4.0") when
that license exists. A bare ``4`` needs a place after it, and a place that follows is never
dropped to read the title as unported. Nothing is guessed: when the words name no existing
license, there is no hit.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from h4og_kit.rights import catalogs
from h4og_kit.rights.keys import url_key
from h4og_kit.rights.license import License
from h4og_kit.rights.tokens import Words, phrase, split
from h4og_kit.rights.vocab import tables

#: CC's unit names that mean "not ported", as its template writes them (``${International}``).
UNPORTED_NAMES = ("International", "Unported", "Generic", "Universal")
#: Element names of CC's catalogue (``Attribution-NoDerivs-NonCommercial``) -> element code.
_UNIT_ELEMENTS = {
    "Attribution": "by",
    "NonCommercial": "nc",
    "NoDerivs": "nd",
    "NoDerivatives": "nd",
    "ShareAlike": "sa",
}
_MINORS = ("0", "1", "5")


@dataclass(frozen=True)
class TitleTables:
    """The tables of the module docstring, and what :func:`find` needs to search with them."""

    units: dict[tuple[str, ...], frozenset[str]]
    places: dict[tuple[str, ...], str | None]  # words -> port code, None for unported
    titles: dict[tuple[tuple[str, ...], str, tuple[str, ...]], License | None]
    unit_words: frozenset[tuple[str, ...]]  # elements' names and the other titles' first parts
    place_words: frozenset[tuple[str, ...]]  # place names and every title's last part
    versions: frozenset[str]
    longest_unit: int
    longest_place: int


def _units(in_titles: dict[tuple[str, ...], set[frozenset[str]]]):
    """Elements' names -> elements, from CC's catalogue and the titles; ambiguous names left out."""
    seen = defaultdict(set, in_titles)
    for _, msgid, text in catalogs.cc_unit_names():
        codes = msgid.split("-")
        if text and all(c in _UNIT_ELEMENTS for c in codes):
            seen[phrase(text)].add(frozenset(_UNIT_ELEMENTS[c] for c in codes))
    return {words: sets.pop() for words, sets in seen.items() if words and len(sets) == 1}


def _places(uses: dict[tuple[str, ...], Counter], ports: dict[str, str | None]):
    """Place names -> port (None: unported). CC's jurisdiction names and its words for
    International, Unported, Generic, Universal where they name one port; then the place words of
    the titles, for the port that most licenses using them are named for. A license is named for
    the port its titles name in the languages CC's jurisdiction list covers, so "by-sa/3.0/za",
    titled "... United States" everywhere, counts for "us" ("Amerika Serikat" is then "us")."""
    named: dict[tuple[str, ...], set[str | None]] = defaultdict(set)
    for code, _, name in catalogs.cc_jurisdiction_names():
        named[phrase(name)].add(code)
    for _, msgid, text in catalogs.cc_unit_names():
        if msgid in UNPORTED_NAMES:
            named[phrase(text)].add(None)
    for name in UNPORTED_NAMES:
        named[phrase(name)].add(None)
    places = {words: codes.pop() for words, codes in named.items() if words and len(codes) == 1}
    votes: dict[str, Counter] = defaultdict(Counter)
    for words, uris in uses.items():
        if words in places:
            for uri, n in uris.items():
                votes[uri][places[words]] += n
    named_for = {
        uri: votes[uri].most_common(1)[0][0] if votes[uri] else port for uri, port in ports.items()
    }
    for words, uris in uses.items():
        if words in named:
            continue
        tally = Counter()
        for uri, n in uris.items():
            tally[named_for[uri]] += n
        ((port, n),) = tally.most_common(1)
        if n * 2 > tally.total():
            places[words] = port
    return places


@functools.cache
def title_tables() -> TitleTables:
    """The three tables, from the bundled catalogs (on first use: a fraction of a second)."""
    t = tables()
    words_of = functools.cache(phrase)  # titles repeat their parts: split each part once
    licenses: dict[str, tuple[License | None, str | None, frozenset[str] | None]] = {}
    titles: dict[tuple, set[str]] = defaultdict(set)
    units: dict[tuple[str, ...], set[frozenset[str]]] = defaultdict(set)
    places: dict[tuple[str, ...], Counter] = defaultdict(Counter)  # place words -> uri -> titles
    for uri, title in dict.fromkeys((uri, title) for uri, _, title in catalogs.cc_titles()):
        if uri not in licenses:
            segments = url_key(uri).split("/")
            lic = t.aliases.get("/".join(segments))
            version = next((s for s in segments[3:] if s[:1].isdigit()), None)
            element_license = lic is not None and lic.family.startswith("CC ")
            elements = frozenset(lic.family[3:].casefold().split("-")) if element_license else None
            licenses[uri] = lic, version, elements
        lic, version, elements = licenses[uri]
        if lic is None or not version or title.count(version) != 1:
            continue  # not a license the kit knows, or a title without its version
        before, _, after = title.partition(version)
        parts = (words_of(before), version, words_of(after))
        titles[parts].add(lic.uri)
        if elements:
            units[parts[0]].add(elements)
            if parts[2]:
                places[parts[2]][lic.uri] += 1
    by_uri = {lic.uri: lic for lic, _, _ in licenses.values() if lic is not None}
    ports = {uri: lic.jurisdiction for uri, lic in by_uri.items()}
    unit_elements, port_of = _units(units), _places(places, ports)
    return TitleTables(
        units=unit_elements,
        places=port_of,
        titles={
            parts: _one_license([by_uri[u] for u in uris], port_of.get(parts[2]))
            for parts, uris in titles.items()
        },
        unit_words=frozenset(unit_elements) | {before for before, _, _ in titles},
        place_words=frozenset(port_of) | {after for _, _, after in titles if after},
        versions=frozenset(version for _, version, _ in titles),
        longest_unit=max(map(len, unit_elements)),
        longest_place=max(len(words) for _, _, words in titles),
    )


def _one_license(candidates: list[License], port: str | None) -> License | None:
    """The license a title names when CC gave the same words to several: among ports of one
    license, the one its place words name (the unported one when they name no port); None when
    the words name different licenses."""
    if len(candidates) == 1:
        return candidates[0]
    if len({(lic.family, lic.version) for lic in candidates}) == 1:
        return next((lic for lic in candidates if lic.jurisdiction == port), None)
    return None


def _version_at(text: Words, i: int) -> tuple[str, int, bool] | None:
    """(version, index of the word after it, dotted?) if word ``i`` starts a version number."""
    major = text.words[i]
    if len(major) != 1 or major not in "1234":
        return None
    j = i + 1
    if j < len(text.words) and text.words[j] in _MINORS and text.between(i, j) in (".", ","):
        return f"{major}.{text.words[j]}", j + 1, True
    return f"{major}.0", j, False


def _at_version(tt: TitleTables, text: Words, i: int) -> tuple[int, int, License] | None:
    """(first word, end word, License) of the title around the version number at word ``i``."""
    found = _version_at(text, i)
    if found is None or found[0] not in tt.versions:
        return None
    version, after, dotted = found
    words = text.words
    # the longest known name before the version is the one the text gives
    k = next(
        (k for k in range(min(tt.longest_unit, i), 0, -1) if words[i - k : i] in tt.unit_words), 0
    )
    if not k:
        return None
    unit = words[i - k : i]
    longest = min(tt.longest_place, len(words) - after)
    ends = [m for m in range(longest, 0, -1) if words[after : after + m] in tt.place_words]
    for m in ends or ([0] if dotted else []):
        key = (unit, version, words[after : after + m])
        if key in tt.titles:  # a whole title: its license, or none when its words are ambiguous
            lic = tt.titles[key]
            return (i - k, after + m, lic) if lic is not None else None
    elements = tt.units.get(unit)
    if elements is None:
        return None
    for m in ends or ([0] if dotted else []):  # a place follows: never read it as unported
        port = tt.places.get(words[after : after + m], "") if m else None
        lic = tables().cc_by_parts.get((elements, version, port)) if port != "" else None
        if lic is not None:
            return i - k, after + m, lic
    return None


#: CC's element codes: a version after one of them is a short name ("CC BY-SA 4.0"), read by
#: :mod:`h4og_kit.rights.normalize`; no title's name ends in one (tests/test_rights_i18n.py).
SHORT_NAME_CODES = frozenset({"cc", "by", "nc", "nd", "sa"})


def find(text: Words) -> Iterator[tuple[int, int, License]]:
    """``(start, end, License)`` of each CC title in ``text`` (positions in its folded form)."""
    tt = None
    for i, word in enumerate(text.words):
        if i and len(word) == 1 and word in "1234" and text.words[i - 1] not in SHORT_NAME_CODES:
            tt = tt or title_tables()
            hit = _at_version(tt, text, i)
            if hit:
                first, last, lic = hit
                yield text.starts[first], text.ends[last - 1], lic


def place_after(text: str) -> str | None:
    """The port code of the CC place name that ``text`` starts with ("Nederland" -> "nl", "中国大陆"
    -> "cn"), when the name ends the statement; None otherwise (also for "International")."""
    words = split(text)
    if not words.words or words.folded[: words.starts[0]].strip(" ,"):
        return None
    places = title_tables().places
    for m in range(min(title_tables().longest_place, len(words.words)), 0, -1):
        port = places.get(words.words[:m], "")
        rest = words.folded[words.ends[m - 1] :].lstrip()
        if port != "" and (not rest or not rest[0].isalnum()):
            return port
    return None
