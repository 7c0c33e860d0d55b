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

Code marks text for translation with :func:`gettext` (imported as ``_``) where the text is
used, or with :func:`N_` where it is defined once at import time and translated where shown.
The language in force is, first, the one of a :func:`speaking` block (a server renders each
request in its viewer's language), then the process's own (:func:`set_language`: a Voila
kernel's visitor, the command line's ``LANG``), then ``H4OG_LANGUAGE``, then English.

``H4OG_LOCALE_DIR`` names a folder of more catalogs, read before the kit's own: a translator
tries a catalog there without reinstalling the kit (``docs/translating.md``).
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

#: Where the catalogs live.
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "h4og_kit"
SOURCE_LANGUAGE = "en"
LANGUAGE_ENV = "H4OG_LANGUAGE"
LOCALE_DIR_ENV = "H4OG_LOCALE_DIR"
#: Every language the kit's interface is written in, by its own name (the language menu).
LANGUAGE_NAMES = {
    "en": "English",
    "fi": "suomi",
    "ar": "العربية",
    "zh": "中文（简体）",
    "es": "español",
}


def locale_dirs() -> tuple[Path, ...]:
    """Where catalogs are read from: ``H4OG_LOCALE_DIR`` first when set, then the kit's own."""
    extra = os.environ.get(LOCALE_DIR_ENV)
    return (Path(extra), LOCALE_DIR) if extra else (LOCALE_DIR,)


def _tag(folder: str) -> str:
    """A catalog folder's name as a language tag: ``zh`` stays, ``en_XA`` is ``en-XA``."""
    return folder.replace("_", "-")


@cache
def available() -> tuple[str, ...]:
    """The languages with a compiled catalog, English first."""
    found = {_tag(mo.parent.parent.name) for folder in locale_dirs()
             for mo in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")}
    return (SOURCE_LANGUAGE, *sorted(found - {SOURCE_LANGUAGE}))


def _known(tag: str | None) -> str | None:
    """The kit's language for one language tag (``fi``, ``fi-FI``, ``zh_Hans_CN``), or None."""
    if not tag:
        return None
    wanted = tag.strip().replace("_", "-")
    exact = {lang.lower(): lang for lang in available()}
    if wanted.lower() in exact:
        return exact[wanted.lower()]
    from babel.core import negotiate_locale

    return negotiate_locale([wanted.lower()], list(available()), sep="-")


def parse_accept_language(header: str | None) -> list[str]:
    """The language tags of an ``Accept-Language`` header, most preferred first (quality
    ``q=0`` means "not this one"; a malformed quality counts as 0)."""
    from h4og_kit.header_values import weighted

    ranked = [(-quality, position, tag)
              for position, (tag, quality) in enumerate(weighted(header))
              if tag != "*" and quality > 0]
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


def posix_languages(environ: Mapping[str, str] = os.environ) -> list[str]:
    """The languages a terminal asks for: ``LANGUAGE`` (a colon list), else the first of
    ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` (``fi_FI.UTF-8`` is ``fi_FI``; ``C`` and ``POSIX``
    ask for none), as the command line reads them."""
    wanted = [tag for tag in environ.get("LANGUAGE", "").split(":") if tag]
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(name):
            wanted.append(environ[name])
            break
    tags = (tag.split(".")[0].split("@")[0] for tag in wanted)
    return [tag for tag in tags if tag and tag not in ("C", "POSIX")]


def command_line_language(environ: Mapping[str, str] = os.environ) -> str:
    """The command line's language: the terminal's (``LANG`` and friends), then
    ``H4OG_LANGUAGE``, then English."""
    for tag in (*posix_languages(environ), environ.get(LANGUAGE_ENV)):
        lang = _known(tag)
        if lang:
            return lang
    return SOURCE_LANGUAGE


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The catalog of ``lang`` (English, or a language without a catalog: the English text)."""
    if lang == SOURCE_LANGUAGE or lang not in available():
        return _gettext.NullTranslations()
    folder = lang.replace("-", "_")
    for root in locale_dirs():
        if (root / folder / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file():
            return _gettext.translation(DOMAIN, localedir=root, languages=[folder])
    return _gettext.NullTranslations()


_process_language: str | None = None
_speaking: ContextVar[str | None] = ContextVar("h4og_speaking", default=None)


def set_language(lang: str | None) -> None:
    """The language of this whole process: a Voila kernel serves one visitor, the command line
    one terminal. ``None`` goes back to ``H4OG_LANGUAGE`` or English."""
    global _process_language
    _process_language = _known(lang) if lang else None


@contextmanager
def speaking(lang: str) -> Iterator[str]:
    """Text made inside the block is in ``lang`` (a server rendering one viewer's page)."""
    token = _speaking.set(_known(lang) or SOURCE_LANGUAGE)
    try:
        yield _speaking.get()
    finally:
        _speaking.reset(token)


def current() -> str:
    """The language in force (see the module docstring)."""
    return _speaking.get() or _process_language or choose()


def gettext(message: str) -> str:
    """``message`` (English) in the current language; empty text stays empty (gettext would
    give the catalog's header)."""
    return translations(current()).gettext(message) if message else message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message for ``count`` things, in the current language (Arabic has six);
    the English when a catalog has the message but not this form."""
    return (translations(current()).ngettext(singular, plural, count)
            or (singular if count == 1 else plural))


def N_(message: str) -> str:
    """Mark ``message`` for translation where it is defined; translate it with :func:`gettext`
    where it is shown."""
    return message


def number(value: float, pattern: str | None = None) -> str:
    """``value`` written for people in the current language (``1,234``, ``1 234``, ``١٬٢٣٤``);
    ``pattern`` is a CLDR number pattern such as ``"#,##0.0"``."""
    from babel.numbers import format_decimal

    return format_decimal(value, format=pattern, locale=cldr_locale())


def language_name(code: str, in_lang: str | None = None) -> str:
    """The name of the language ``code`` (``fi``, ``pt-BR``) in the current language, from
    CLDR ("Finnish", "suomi", "芬兰语"); the code itself when CLDR does not know it."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(
            cldr_locale(in_lang or current()))
    except (ValueError, UnknownLocaleError):
        return code
    return name or code


def cldr_locale(lang: str | None = None) -> str:
    """The CLDR locale to format dates and numbers in ``lang`` (the current language): the
    language itself, or its base language for a tag CLDR lacks (the pseudo-locale ``en-XA``)."""
    from babel import Locale, UnknownLocaleError

    tag = (lang or current()).replace("-", "_")
    for candidate in (tag, tag.split("_")[0]):
        try:
            return str(Locale.parse(candidate))
        except (ValueError, UnknownLocaleError):
            continue
    return SOURCE_LANGUAGE


def direction(lang: str | None = None) -> str:
    """``rtl`` for a language written right to left (CLDR's character order), else ``ltr``;
    ``lang`` defaults to the current language."""
    from babel import Locale, UnknownLocaleError

    try:
        order = Locale.parse((lang or current()).replace("-", "_")).character_order
    except (ValueError, UnknownLocaleError):
        return "ltr"
    return "rtl" if order == "right-to-left" else "ltr"
