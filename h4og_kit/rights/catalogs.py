"""The bundled translated vocabularies, read on first use, and names in the viewer's language.

``h4og_kit/data/vocab`` holds, with provenance beside each file:

- ``creativecommons-i18n/``: the official title of every Creative Commons license in each of the
  languages CC translated it into (cc.licenserdf), the names of CC's jurisdictions in those
  languages, and CC's own translations of the unit names ("Attribution", "Public Domain", ...);
- ``rightsstatements-i18n/``: the name (SKOS ``prefLabel``) of each of the twelve
  rightsstatements.org statements in each of its translations.

Nothing here builds a :class:`~h4og_kit.rights.license.License` (so the License can ask for its
own name in a language without an import cycle): :func:`title_in` and :func:`phrase_in` give names,
the recognisers in :mod:`h4og_kit.rights.cc_titles` and :mod:`h4og_kit.rights.statements` read the
rows.
"""

from __future__ import annotations

import functools
from pathlib import Path

from h4og_kit.rights.keys import url_key
from h4og_kit.rights.phrases import PHRASES

VOCAB_DIR = Path(__file__).resolve().parent.parent / "data" / "vocab"
CC_I18N = VOCAB_DIR / "creativecommons-i18n"
RS_I18N = VOCAB_DIR / "rightsstatements-i18n"

#: CC's template pseudo-language (``${Attribution} 4.0 ${International}``): not a language.
TEMPLATE_LANG = "x-i18n"


def _rows(path: Path, *columns: str) -> list[tuple[str, ...]]:
    """The given columns of a bundled CSV (gzip-compressed when its name ends in ``.gz``)."""
    import csv
    import gzip
    import io

    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
            text = f.read()
    else:
        text = path.read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    if header == list(columns):
        return [tuple(row) for row in reader]
    at = [header.index(c) for c in columns]
    return [tuple(row[i] for i in at) for row in reader]


def tag(lang: str) -> str:
    """A language tag as the catalogs are keyed: lower case, ``-`` between subtags."""
    return lang.strip().replace("_", "-").lower()


@functools.cache
def cc_titles() -> tuple[tuple[str, str, str], ...]:
    """``(uri, lang, title)`` of every translated CC license title (template and untagged rows
    left out)."""
    rows = _rows(CC_I18N / "cc_license_titles_i18n_DERIVED.csv.gz", "uri", "lang", "title")
    return tuple(r for r in rows if r[1] not in ("", TEMPLATE_LANG))


@functools.cache
def cc_jurisdiction_names() -> tuple[tuple[str, str, str], ...]:
    """``(port code, lang, name)``: what CC calls each of its jurisdictions in each language."""
    rows = _rows(
        CC_I18N / "cc_jurisdiction_names_i18n_DERIVED.csv.gz", "jurisdiction_uri", "lang", "name"
    )
    return tuple(
        (uri.rstrip("/").rsplit("/", 1)[-1], lang, name.strip())
        for uri, lang, name in rows
        if lang != TEMPLATE_LANG
    )


@functools.cache
def cc_unit_names() -> tuple[tuple[str, str, str], ...]:
    """``(lang, English msgid, translation)`` from CC's translation catalogues, stripped."""
    rows = _rows(CC_I18N / "cc_i18n_unit_names_DERIVED.csv", "lang", "msgid", "msgstr")
    return tuple((lang, msgid, text.strip()) for lang, msgid, text in rows)


@functools.cache
def statement_labels() -> tuple[tuple[str, str, str], ...]:
    """``(uri, lang, prefLabel)`` of each rightsstatements.org statement in each translation."""
    path = RS_I18N / "rightsstatements_labels_i18n_DERIVED.csv"
    return tuple(_rows(path, "uri", "lang", "prefLabel"))


# --- names in a language -----------------------------------------------------------------------


@functools.cache
def _likely(lang: str) -> tuple[str, str | None, str | None]:
    """(language, script, region) of a tag, completed from CLDR's likely subtags when Babel is
    installed ("zh-tw" -> zh, Hant, TW; "zh" -> zh, Hans, CN); else only what the tag says."""
    parts = tag(lang).split("-")
    script = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    region = next((p.upper() for p in parts[1:] if len(p) in (2, 3)), None)
    try:
        from babel.core import get_global

        likely = get_global("likely_subtags")
    except (ImportError, RuntimeError, KeyError):  # Babel is optional here
        return parts[0], script, region
    for key in ("_".join(p for p in (parts[0], script, region) if p), parts[0]):
        full = likely.get(key)
        if full:
            _, *rest = full.split("_")
            script = script or next((p for p in rest if len(p) == 4), None)
            region = region or next((p for p in rest if len(p) != 4), None)
            break
    return parts[0], script, region


def best_tag(lang: str, available) -> str | None:
    """The tag of ``available`` that best serves a reader of ``lang``: the same tag, else the same
    language in the same script, the same region first, then the plain language. None if no tag
    of that language is written in the reader's script."""
    wanted = tag(lang)
    if wanted in available:
        return wanted
    language, script, region = _likely(wanted)
    best, best_score = None, None
    for candidate in available:
        if candidate.split("-")[0] != language:
            continue
        _, c_script, c_region = _likely(candidate)
        if script and c_script and script != c_script:
            continue
        score = (c_region == region, "-" not in candidate, candidate)
        if best_score is None or score > best_score:
            best, best_score = candidate, score
    return best


@functools.cache
def _titles_by_uri() -> dict[str, dict[str, str]]:
    """url_key -> {tag: name} over CC titles and rightsstatements.org labels. Where a language
    has two titles for one license, a translated one is kept over one that repeats the English."""
    english = {uri: title for uri, lang, title in cc_titles() if lang == "en"}
    names: dict[str, dict[str, str]] = {}
    for uri, lang, title in cc_titles():
        by_lang = names.setdefault(url_key(uri), {})
        if tag(lang) not in by_lang or by_lang[tag(lang)] == english.get(uri):
            by_lang[tag(lang)] = title
    for uri, lang, label in statement_labels():
        names.setdefault(url_key(uri), {}).setdefault(tag(lang), label)
    return names


def title_in(uri: str, lang: str) -> str | None:
    """The official name of the license or statement at ``uri`` in ``lang`` (English when that
    language has none), or None when the catalogs do not know the URI."""
    names = _titles_by_uri().get(url_key(uri)) if uri else None
    if not names:
        return None
    name = names.get(best_tag(lang, names) or "en")
    return " ".join(name.split()) if name else None


@functools.cache
def _phrases_by_kind() -> dict[str, dict[str, str]]:
    """kind -> {tag: phrase}: CC's translations of "Public Domain" first, then the hand-written
    phrases (:data:`h4og_kit.rights.phrases.PHRASES`), first one per language."""
    by_kind: dict[str, dict[str, str]] = {"public-domain": {"en": "Public Domain"}}
    for lang, msgid, text in cc_unit_names():
        if msgid == "Public Domain" and text:
            by_kind["public-domain"].setdefault(tag(lang), text)
    for (lang, kind), texts in PHRASES.items():
        by_kind.setdefault(kind, {}).setdefault(tag(lang), texts[0])
    return by_kind


def phrase_in(kind: str, lang: str) -> str | None:
    """A plain statement ("public-domain", "all-rights-reserved") in ``lang``, or None."""
    texts = _phrases_by_kind().get(kind, {})
    found = best_tag(lang, texts)
    return texts[found] if found else None
