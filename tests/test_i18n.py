"""Which language a viewer gets, and which way it is written (h4og_kit.i18n)."""

from __future__ import annotations

import pytest

from h4og_kit import i18n

ALL = ("en", "ar", "es", "fi", "zh")


@pytest.fixture
def every_language(monkeypatch):
    monkeypatch.setattr(i18n, "available", lambda: ALL)


def test_the_query_then_the_browser_then_the_setting_then_english(every_language):
    assert i18n.choose("fi", "ar,en;q=0.5", {"H4OG_LANGUAGE": "es"}) == "fi"
    assert i18n.choose(None, "ar,en;q=0.5", {"H4OG_LANGUAGE": "es"}) == "ar"
    assert i18n.choose("", None, {"H4OG_LANGUAGE": "es"}) == "es"
    assert i18n.choose(None, None, {}) == "en"


def test_a_language_the_kit_lacks_falls_to_the_next_choice(every_language):
    assert i18n.choose("de", "sv-SE, fi;q=0.8, en;q=0.5", {}) == "fi"
    assert i18n.choose("klingon", None, {"H4OG_LANGUAGE": "xx"}) == "en"


@pytest.mark.parametrize(("tag", "lang"), [("fi-FI", "fi"), ("zh-CN", "zh"), ("zh_Hans_CN", "zh"),
                                           ("ar-EG", "ar"), ("es-419", "es"), ("EN-gb", "en")])
def test_regional_variants_get_their_language(every_language, tag, lang):
    assert i18n.choose(tag) == lang


def test_accept_language_follows_its_qualities():
    header = "en;q=0.3, fi-FI, ar;q=0.9, *;q=0.1, es;q=0, zh;q=bad"
    assert i18n.parse_accept_language(header) == ["fi-FI", "ar", "en"]
    assert i18n.parse_accept_language("") == [] and i18n.parse_accept_language(None) == []


def test_arabic_is_written_right_to_left():
    assert i18n.direction("ar") == "rtl"
    assert [i18n.direction(lang) for lang in ("en", "fi", "zh", "es")] == ["ltr"] * 4
    assert i18n.direction("not a language") == "ltr"


def test_without_a_catalog_the_text_stays_english():
    assert i18n.translations("xx").gettext("Register") == "Register"
    assert i18n.available()[0] == "en"
    assert set(i18n.available()) <= set(i18n.LANGUAGE_NAMES)
