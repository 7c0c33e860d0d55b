"""The kit's languages: which one a viewer gets, its gettext catalog, and its writing direction.

English is the source language. A translation is a gettext catalog,
``h4og_kit/locale/<lang>/LC_MESSAGES/h4og_kit.po``, compiled to the ``.mo`` next to it that ships
in the wheel (``make translations`` extracts, updates and compiles them; see
``docs/translating.md``).

Which language a viewer gets, in this order (:func:`choose`):

1. ``?lang=xx`` on the page;
2. the browser's ``Accept-Language`` (the public page reads the header; Voila hands it to the
   app's kernel as ``HTTP_ACCEPT_LANGUAGE``);
3. ``H4OG_LANGUAGE``;
4. English.

A choice only counts when the kit has that language; regional variants fall back to the
language (``fi-FI`` is ``fi``, ``zh-CN`` is ``zh``) through Babel's CLDR-based negotiation.
Catalogs load on first use, so ``import h4og_kit`` stays cheap.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path

#: Where the catalogs live.
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "h4og_kit"
SOURCE_LANGUAGE = "en"
LANGUAGE_ENV = "H4OG_LANGUAGE"
#: Every language the kit's interface is written in, by its own name (the language menu).
LANGUAGE_NAMES = {
    "en": "English",
    "fi": "suomi",
    "ar": "العربية",
    "zh": "中文（简体）",
    "es": "español",
}


@cache
def available() -> tuple[str, ...]:
    """The languages with a compiled catalog, English first."""
    found = sorted(lang for lang in LANGUAGE_NAMES if lang != SOURCE_LANGUAGE
                   and (LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file())
    return (SOURCE_LANGUAGE, *found)


def _known(tag: str | None) -> str | None:
    """The kit's language for one language tag (``fi``, ``fi-FI``, ``zh_Hans_CN``), or None."""
    if not tag:
        return None
    from babel.core import negotiate_locale

    return negotiate_locale([tag.strip().replace("_", "-").lower()], list(available()), sep="-")


def parse_accept_language(header: str | None) -> list[str]:
    """The language tags of an ``Accept-Language`` header, most preferred first (quality
    ``q=0`` means "not this one"; a malformed quality counts as 0)."""
    ranked = []
    for position, part in enumerate((header or "").split(",")):
        tag, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and tag != "*" and quality > 0:
            ranked.append((-quality, position, tag))
    return [tag for _, _, tag in sorted(ranked)]


def choose(query: str | None = None, accept_language: str | None = None,
           environ: Mapping[str, str] = os.environ) -> str:
    """The language for a viewer: ``?lang=``, then ``Accept-Language``, then ``H4OG_LANGUAGE``,
    then English (see the module docstring)."""
    for tag in (query, *parse_accept_language(accept_language), environ.get(LANGUAGE_ENV)):
        lang = _known(tag)
        if lang:
            return lang
    return SOURCE_LANGUAGE


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalog of ``lang`` (English, or a language without a catalog: the English text)."""
    if lang == SOURCE_LANGUAGE or lang not in available():
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang])


def direction(lang: str) -> str:
    """``rtl`` for a language written right to left (CLDR's character order), else ``ltr``."""
    from babel import Locale, UnknownLocaleError

    try:
        return "rtl" if Locale.parse(lang).character_order == "right-to-left" else "ltr"
    except (ValueError, UnknownLocaleError):
        return "ltr"
