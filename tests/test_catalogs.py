"""The translations are complete and sound: every message the code marks is in every language's
catalog, translated, not fuzzy, with the placeholders of the English; the compiled ``.mo`` that
ships is the ``.po`` that was reviewed; each catalog says it is a first draft open for review;
each language has its glossary.

The messages are read from the code itself (the extractor ``make translations`` runs), so a
string marked in a change but not yet translated fails here, not in front of a visitor.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from pseudo_locale import ROOT, messages

from h4og_kit import i18n

LANGUAGES = ("fi", "ar", "zh", "es")
_FIELD = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})")


def _po(lang: str) -> Path:
    return i18n.LOCALE_DIR / lang / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"


def placeholders(text: str) -> list[str]:
    """The ``str.format`` fields of ``text``, automatic ones numbered (``{}`` is ``0``)."""
    fields, auto = [], 0
    for name in _FIELD.findall(text):
        name = name.split("!")[0].split(":")[0]
        if name == "":
            name, auto = str(auto), auto + 1
        fields.append(name)
    return sorted(fields)


def test_placeholders_are_read_as_str_format_reads_them():
    assert placeholders("{} of {} entries") == ["0", "1"]
    assert placeholders("{1} / {0}") == ["0", "1"]
    assert placeholders("{title} moved from {before} to {after}") == ["after", "before", "title"]
    assert placeholders("{{literal}} and {count:d}") == ["count"]


@pytest.fixture(scope="module")
def marked():
    return messages()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_marked_message_is_translated(lang, marked):
    with _po(lang).open("rb") as source:
        catalog = read_po(source, locale=lang)
    missing, fuzzy, wrong = [], [], []
    for message in marked:
        key = message[0] if isinstance(message, tuple) else message
        entry = catalog.get(key)
        if entry is None or not all(entry.string if isinstance(entry.string, tuple)
                                    else [entry.string]):
            missing.append(key)
            continue
        if entry.fuzzy:
            fuzzy.append(key)
        english = placeholders(message[-1] if isinstance(message, tuple) else message)
        forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        found = [placeholders(form) for form in forms]
        # A plural form may leave the number out ("one entry" in Arabic's singular), never
        # add a placeholder; a message that is not plural keeps exactly the English ones.
        if isinstance(message, tuple):
            if any(set(f) - set(english) for f in found) or set().union(*found) != set(english):
                wrong.append(key)
        elif found[0] != english:
            wrong.append(key)
    assert not missing, f"{len(missing)} messages lack a {lang} translation: {missing[:20]}"
    assert not fuzzy, f"fuzzy {lang} entries to review: {fuzzy[:20]}"
    assert not wrong, f"{lang} placeholders differ from the English: {wrong[:20]}"


def _key(value):
    """A message id or text as a dict key (Babel reads plural ones as lists from a .mo)."""
    return tuple(value) if isinstance(value, list | tuple) else value


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_shipped_mo_is_the_reviewed_po(lang):
    with _po(lang).open("rb") as source:
        po = {_key(m.id): _key(m.string) for m in read_po(source, locale=lang) if m.id and m.string}
    with _po(lang).with_suffix(".mo").open("rb") as compiled:
        mo = {_key(m.id): _key(m.string) for m in read_mo(compiled) if m.id}
    assert mo == po, "the .mo is stale: run `make translations`"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_catalog_is_a_first_draft_open_for_review_with_its_glossary(lang):
    header = _po(lang).read_text(encoding="utf-8").split("msgid", 1)[0]
    assert "first draft" in header and "review" in header
    glossary = ROOT / "docs" / "glossaries" / f"{lang}.md"
    assert glossary.is_file(), f"{glossary} is missing"


def test_arabic_has_its_six_plural_forms_and_chinese_one():
    with _po("ar").open("rb") as source:
        assert read_po(source, locale="ar").num_plurals == 6
    with _po("zh").open("rb") as source:
        assert read_po(source, locale="zh").num_plurals == 1
