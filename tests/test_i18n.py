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
    assert set(i18n.available()) <= {*i18n.LANGUAGE_NAMES, "en-XA"}


def test_a_terminal_asks_through_lang_and_language():
    assert i18n.posix_languages({"LANG": "fi_FI.UTF-8"}) == ["fi_FI"]
    assert i18n.posix_languages({"LANGUAGE": "ar:fr", "LC_ALL": "C.UTF-8"}) == ["ar", "fr"]
    assert i18n.posix_languages({"LC_MESSAGES": "es_ES@euro", "LANG": "fi"}) == ["es_ES"]
    assert i18n.posix_languages({"LANG": "C"}) == []


def test_the_command_line_follows_lang_then_the_setting(every_language):
    assert i18n.command_line_language({"LANG": "zh_CN.UTF-8", "H4OG_LANGUAGE": "es"}) == "zh"
    assert i18n.command_line_language({"LANG": "C.UTF-8", "H4OG_LANGUAGE": "es"}) == "es"
    assert i18n.command_line_language({}) == "en"


def _catalog(folder, lang, messages):
    """A compiled catalog of ``messages`` (English -> translation) for ``lang`` in ``folder``."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    catalog = Catalog(locale=lang.replace("-", "_"), domain=i18n.DOMAIN)
    for english, translated in messages.items():
        catalog.add(english, translated)
    target = folder / lang.replace("-", "_") / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / f"{i18n.DOMAIN}.mo").open("wb") as out:
        write_mo(out, catalog)


@pytest.fixture
def extra_catalogs(tmp_path, monkeypatch):
    """Catalogs in a folder named by ``H4OG_LOCALE_DIR`` (built here: the mechanics only)."""
    _catalog(tmp_path, "en-XA", {"Register": "[Ŕéĝîšţéŕ]"})
    _catalog(tmp_path, "sv", {"Register": "Registrera"})
    monkeypatch.setenv(i18n.LOCALE_DIR_ENV, str(tmp_path))
    for cached in (i18n.available, i18n.translations):
        cached.cache_clear()
    yield tmp_path
    monkeypatch.delenv(i18n.LOCALE_DIR_ENV)
    for cached in (i18n.available, i18n.translations):
        cached.cache_clear()


def test_a_translator_tries_a_catalog_from_their_own_folder(extra_catalogs):
    assert {"sv", "en-XA"} <= set(i18n.available())
    assert i18n.choose(None, "sv-SE,en;q=0.5", {}) == "sv"
    with i18n.speaking("sv"):
        assert i18n.gettext("Register") == "Registrera"
    with i18n.speaking("en-XA"):
        assert i18n.gettext("Register") == "[Ŕéĝîšţéŕ]"
        assert i18n.cldr_locale() == "en" and i18n.direction() == "ltr"


def test_a_server_speaks_each_viewers_language_inside_its_block(extra_catalogs):
    i18n.set_language("sv")
    try:
        assert i18n.current() == "sv"
        with i18n.speaking("en"):
            assert i18n.gettext("Register") == "Register"
        assert i18n.gettext("Register") == "Registrera"
    finally:
        i18n.set_language(None)
    assert i18n.current() == "en"


def test_language_names_come_from_cldr_in_the_viewers_language():
    assert i18n.language_name("fi", "en") == "Finnish"
    assert i18n.language_name("fi", "fi") == "suomi"
    assert i18n.language_name("ar", "zh") == "阿拉伯语"
    assert i18n.language_name("not-a-language", "en") == "not-a-language"
