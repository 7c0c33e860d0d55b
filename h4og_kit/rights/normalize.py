"""Any rights value -> :class:`License`: URIs in any form, short names, SPDX ids, titles, free text,
in any language.

:func:`normalize` is memoised on the text of the value, so calling it once per record costs a dict
lookup after the first time a value is seen. It never raises: a value it cannot read is
category ``unknown`` with an empty ``uri``, and never open.

How a string is read, first hit wins:

1. the whole string is a known id, title, label or URL (SPDX ids, CC titles, rightsstatements.org
   labels and codes in every language, Open Definition ids, every license URL in canonical form),
   a license URL cut short or CC's page about a tool (``opendatacommons.org/licenses/odbl/``,
   ``creativecommons.org/about/pdm``), or a family name and version ("GFDL 1.3", "OGL-UK v3");
2. otherwise every license found inside the text is collected - URLs, ``CC BY-SA 3.0 es`` style
   names (the place also in CC's name for it in any language: "CC BY-SA 2.5 Nederland"), long
   titles such as ``Creative Commons Attribution-Share Alike 4.0``, CC's translated titles
   ("Nimeä 4.0 Kansainvälinen", :mod:`~h4og_kit.rights.cc_titles`), CC0 and the Public Domain Mark,
   versioned SPDX / Open Definition ids, rightsstatements.org names in every language and
   public-domain phrases (:mod:`~h4og_kit.rights.statements`) - and the first one that names an
   exact license (with a URI) wins, then the first version-less one (``CC BY``, "public domain");
3. only then does a copyright notice ("All rights reserved", "©", "Copyright ...", "Tous droits
   réservés", "版权所有") count.

Dashes, spacing and case do not matter anywhere: "In Copyright – Educational Use Permitted" is
InC-EDU like its hyphenated form.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from h4og_kit.rights import cc_titles, statements, tokens
from h4og_kit.rights.keys import DASHES
from h4og_kit.rights.license import License, copyright_statement, public_domain_statement, unknown
from h4og_kit.rights.vocab import Tables, tables, text_key, url_key, version_key

if TYPE_CHECKING:
    import pandas as pd

_SEP = rf"[\s_{DASHES}]*"
_CC_ELEMENT = r"(?:by|nc|nd|sa)(?![a-z])"
_LONG_ELEMENT = (
    rf"(?:attribution|non[\s{DASHES}]?commercial|no[\s{DASHES}]?deriv(?:ative)?s?(?:\s+works)?"
    rf"|share[\s{DASHES}]?alike)"
)
_LONG_ELEMENT_CODES = (("attr", "by"), ("non", "nc"), ("no", "nd"), ("share", "sa"))


def _long_element_code(word: str) -> str:
    """The element code of one word of a long title: NonCommercial -> nc ("non" before "no")."""
    word = word.casefold()
    return next(code for prefix, code in _LONG_ELEMENT_CODES if word.startswith(prefix))


#: a port code or name counts only where the name ends: "CC BY-SA 3.0 es", not "3.0 at the museum"
_WORD_AFTER = re.compile(r"[\s,]+\w")
_PORT_END = r"(?=\s*(?:$|[^\w\s]))"

_URL = re.compile(
    r"https?://[^\s\"'<>()\[\]]+"
    r"|(?<![\w./])(?:www\.)?(?:creativecommons|rightsstatements)\.org/[^\s\"'<>()\[\]]*",
    re.IGNORECASE,
)
_CC0 = re.compile(
    r"(?<![a-z0-9])cc[\s\-]?(?:0|zero)(?!\w)|creative\s*commons\s*zero", re.IGNORECASE
)
_PDM = re.compile(
    r"public\s*domain\s*mark|(?<![a-z0-9])cc[\s\-]*pdm(?![a-z0-9])|^\s*pdm\s*$", re.IGNORECASE
)
_PUBLIC_DOMAIN = re.compile(rf"public[\s{DASHES}]*domain|^\s*pd\s*$", re.IGNORECASE)
_COPYRIGHT = re.compile(
    r"all\s+rights\s+reserved|©|\(c\)|^\W*copyright\b|\bcopyright\s*(?:\d{4}|©)", re.IGNORECASE
)
#: "Copyright unknown", "copyright status undetermined": a statement that nobody knows.
_COPYRIGHT_UNKNOWN = re.compile(
    r"copyright\W+(?:status\W+)?(?:is\W+)?(?:unknown|undetermined|not\s+(?:known|determined|evaluated)"
    r"|uncertain|unclear)",
    re.IGNORECASE,
)


@dataclasses.dataclass(frozen=True)
class _Patterns:
    """Regular expressions that need the vocabulary (port names, versioned ids), compiled once."""

    cc_short: re.Pattern
    cc_long: re.Pattern
    ids: re.Pattern


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@functools.cache
def _patterns() -> _Patterns:
    t = tables()
    ports = _alternation(k for k in t.jurisdictions)
    version = r"(?:v(?:ersion)?\s*)?(?P<ver>\d(?:\.\d)?)(?!\d)"
    return _Patterns(
        cc_short=re.compile(
            rf"(?<![a-z0-9])cc{_SEP}(?P<el>{_CC_ELEMENT}(?:{_SEP}{_CC_ELEMENT})*)"
            rf"(?:{_SEP}{version})?(?:[\s_{DASHES}]+(?P<jur>{ports}){_PORT_END})?",
            re.IGNORECASE,
        ),
        cc_long=re.compile(
            rf"(?P<cc>creative\s*commons\s*(?:licen[cs]e\s*)?)?"
            rf"(?P<el>{_LONG_ELEMENT}(?:[\s_{DASHES}]+{_LONG_ELEMENT})*)"
            rf"(?:{_SEP}(?:licen[cs]e)?{_SEP}{version})?"
            rf"(?:[\s_{DASHES},]+(?P<jur>{ports}){_PORT_END})?",
            re.IGNORECASE,
        ),
        ids=re.compile(
            rf"(?<![\w\-])(?:{_alternation(t.free_text_ids)})(?![\w\-]|\.\d)", re.IGNORECASE
        ),
    )


def _cc_license(t: Tables, elements: frozenset[str], version: str | None, port: str | None):
    """The CC license with these elements, version and port; the unported one if the port is
    unknown; the version-less family if the version is missing or unknown. None if no such family."""
    if elements not in t.cc_families:
        return None
    if version is not None:
        version = version if "." in version else version + ".0"
        lic = t.cc_by_parts.get((elements, version, port)) or t.cc_by_parts.get(
            (elements, version, None)
        )
        if lic is not None:
            return lic
    return t.cc_families[elements]


def _port(t: Tables, match: re.Match, text: str) -> str | None:
    """The port a CC name names: by its English name or code ("CC BY-SA 3.0 es"), else by CC's
    name for it in any language when one follows the version ("CC BY-SA 2.5 Nederland")."""
    name = match.group("jur")
    if name:
        return t.jurisdictions.get(name.casefold())
    rest = text[match.end() : match.end() + 80]
    if match.group("ver") and _WORD_AFTER.match(rest):
        return cc_titles.place_after(rest)
    return None


def _listed_cc_license(t: Tables, segments: list[str], url: str) -> License:
    """The license of a ``creativecommons.org/licenses/...`` URI, which must be in Creative
    Commons' list (every license, version and port): else ``unknown``, with a note."""
    elements = frozenset(segments[2].split("-"))
    version = segments[3] if len(segments) > 3 else None
    port = segments[4] if len(segments) > 4 else None
    if elements not in t.cc_families:
        return unknown(url, f"Creative Commons has no license named {segments[2]!r}")
    if version is None:  # the family's page: the license, version not given
        return t.cc_families[elements]
    lic = t.cc_by_parts.get((elements, version if "." in version else version + ".0", port))
    if lic is not None:
        return lic
    family = t.cc_families[elements].label
    if port is None:
        return unknown(url, f"Creative Commons has no {family} {version} license "
                            "without a port")
    return unknown(url, f"Creative Commons has no {family} {version} license ported to "
                        f"{port!r}")


def _from_url(t: Tables, url: str) -> License | None:
    """The license or statement a URL names; a Creative Commons or rightsstatements.org URI that
    their lists do not have is ``unknown`` with a note, never a guess."""
    key = url_key(url)
    lic = t.aliases.get(key)
    if lic is not None:
        return lic
    segments = key.split("/")
    if segments[0] == "creativecommons.org" and len(segments) >= 3 and segments[1] == "licenses":
        return _listed_cc_license(t, segments, url)
    if segments[0] == "rightsstatements.org" and len(segments) >= 3 and segments[1] == "vocab":
        return unknown(url, f"rightsstatements.org lists no statement at {url.strip()}")
    if segments[0] == "creativecommons.org" and len(segments) == 3 and segments[1] == "about":
        # CC's page about one of its tools: about/cc0, about/pdm
        lic = t.aliases.get(segments[2])
        cc_tool = lic is not None and lic.uri.startswith("https://creativecommons.org/")
        return lic if cc_tool else None
    return t.url_prefixes.get(key)


_FAMILY_VERSION = re.compile(
    rf"^(?P<family>.+?)[\s_{DASHES}]*(?:v|version)?\.?\s*(?P<ver>\d+(?:\.\d+)*)$"
)


def _family_version(t: Tables, key: str) -> License | None:
    """ "GFDL 1.3", "ODbL v1", "Open Government Licence version 3": a family name and a version."""
    m = _FAMILY_VERSION.match(key)
    if not m or m.group("family") not in t.families:
        return None
    return t.families[m.group("family")].get(version_key(m.group("ver")))


def _candidates(text: str, words: tokens.Words) -> Iterable[tuple[int, int, License]]:
    """(position, -length, License) of every license named inside ``text``; ``words`` is the same
    text as words (:mod:`h4og_kit.rights.tokens`), where statements and translated titles are
    found."""
    t, p = tables(), _patterns()
    for m in _URL.finditer(text):
        lic = _from_url(t, m.group())
        if lic is not None and not lic.note:  # a URI its vocabulary does not list names nothing
            yield m.start(), -len(m.group()), lic
    for m in p.cc_short.finditer(text):
        elements = frozenset(re.findall(r"by|nc|nd|sa", m.group("el").casefold()))
        lic = _cc_license(t, elements, m.group("ver"), _port(t, m, text))
        if lic is not None:
            yield m.start(), -len(m.group()), lic
    for m in p.cc_long.finditer(text):
        if not (m.group("cc") or m.group("ver")):
            continue
        names = re.findall(_LONG_ELEMENT, m.group("el"), re.IGNORECASE)
        elements = frozenset(_long_element_code(w) for w in names)
        if m.group("cc") and "by" not in elements and not m.group("ver"):
            continue
        lic = _cc_license(t, elements, m.group("ver"), _port(t, m, text))
        if lic is not None:
            yield m.start(), -len(m.group()), lic
    for start, end, lic in cc_titles.find(words):
        yield start, start - end, lic
    for pattern, lic in ((_CC0, t.cc0), (_PDM, t.pdm)):
        m = pattern.search(text)
        if m:
            yield m.start(), -len(m.group()), lic
    for m in p.ids.finditer(text):
        yield m.start(), -len(m.group()), t.aliases[text_key(m.group())]
    for start, end, lic in statements.find(words):
        yield start, start - end, lic
    m = _PUBLIC_DOMAIN.search(text)
    if m:
        yield m.start(), -len(m.group()), public_domain_statement()


def _read(text: str) -> License:
    t = tables()
    key = text_key(text)
    if not key or key in ("nan", "none", "null", "<na>"):
        return unknown()
    lic = t.aliases.get(key)
    if lic is None and "/" in key:
        lic = _from_url(t, key)
    if lic is None and key[-1:].isdigit():
        lic = _family_version(t, key)
    if lic is not None and not lic.note:
        return lic
    words = tokens.split(text)
    found = sorted(_candidates(text, words), key=lambda c: (not c[2].uri, c[0], c[1]))
    if found:
        return found[0][2]
    if _COPYRIGHT_UNKNOWN.search(text):
        return unknown()
    if _COPYRIGHT.search(text) or statements.is_copyright_notice(words):
        return copyright_statement()
    return _unlisted_uri(t, text) or unknown()


def _unlisted_uri(t: Tables, text: str) -> License | None:
    """``unknown`` with its note, when ``text`` holds a URI its vocabulary does not list."""
    for m in _URL.finditer(text):
        lic = _from_url(t, m.group())
        if lic is not None and lic.note:
            return lic
    return None


@functools.lru_cache(maxsize=1 << 16)
def _normalize_text(text: str) -> License:
    return dataclasses.replace(_read(text), source_value=text)


def _flatten(value: Any) -> str:
    """Lists (Europeana's ``rights``) and dicts (Finna's ``imageRights``) as one text."""
    if isinstance(value, Mapping):
        return " ; ".join(_flatten(v) for v in value.values())
    if isinstance(value, (list, tuple, set, frozenset)):
        return " ; ".join(_flatten(v) for v in value)
    if value is None or isinstance(value, bool) or is_missing(value):
        return ""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def is_missing(value: Any) -> bool:
    """True for NaN, ``pd.NA`` and ``NaT``: the ways a table says "no value"."""
    if type(value).__name__ in ("NAType", "NaTType"):
        return True
    try:
        return math.isnan(value)
    except (TypeError, ValueError, OverflowError):
        return False


_PUBLIC_DOMAIN_FLAG = public_domain_statement(True)
_NOT_PUBLIC_DOMAIN_FLAG = unknown(False)


def normalize(value: Any) -> License:
    """The :class:`License` a rights value means.

    Accepts a string in any of the forms in this module's docstring, ``None``/NaN (``unknown``), a
    boolean public-domain flag such as the Met's ``isPublicDomain`` (True: ``public-domain``, False:
    ``unknown``), or a list/dict of such values. Never raises.
    """
    if isinstance(value, str):
        return _normalize_text(value)
    try:
        if isinstance(value, bool) or getattr(getattr(value, "dtype", None), "kind", "") == "b":
            return _PUBLIC_DOMAIN_FLAG if value else _NOT_PUBLIC_DOMAIN_FLAG
        if value is None or is_missing(value):
            return unknown(value)
        text = _flatten(value)
        lic = _normalize_text(text) if text else unknown()
        return dataclasses.replace(lic, source_value=value)
    except Exception:  # noqa: BLE001 - a value whose str() misbehaves says nothing about rights
        return unknown(value)


#: The License fields in the order :func:`normalize_many` returns them as columns.
FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(License))


def _hashable(value: Any) -> Any:
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        return _flatten(value)
    return value


def _is_bool(value: Any) -> bool:
    return type(value).__name__ in ("bool", "bool_")


def _split_bools(values: Any, codes: Any, uniques: list) -> tuple[Any, list]:
    """Undo hashing's ``True == 1 == 1.0``: a flag and a number that merely equals it get
    separate codes, so a stray ``1`` is never read as a public-domain flag."""
    import numbers

    import numpy as np

    for k, u in enumerate(list(uniques)):
        if not (_is_bool(u) or (isinstance(u, numbers.Number) and u in (0, 1))):
            continue
        rows = np.flatnonzero(codes == k)
        kinds = {t.__name__ for t in set(map(type, values[rows]))}
        if kinds <= {"bool", "bool_"} or not kinds & {"bool", "bool_"}:
            continue
        is_bool = np.fromiter(map(_is_bool, values[rows]), dtype=bool, count=len(rows))
        uniques[k] = bool(u)
        others = rows[~is_bool]
        codes[others] = len(uniques)
        uniques.append(values[others[0]])
    return codes, uniques


def factorized(values: Iterable[Any]) -> tuple[Any, list[License]]:
    """Integer codes for ``values`` and the License of each distinct value; code -1 is missing.

    This is the vectorised core of :func:`normalize_many` and of ``df.rights.normalize``: each
    distinct value is normalized once.
    """
    import numpy as np
    import pandas as pd

    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    data = series.to_numpy(dtype=object) if isinstance(series.dtype, pd.StringDtype) else series
    try:
        codes, uniques = pd.factorize(data, use_na_sentinel=True)
    except TypeError:  # unhashable cells (lists, dicts)
        codes, uniques = pd.factorize(series.map(_hashable), use_na_sentinel=True)
    uniques = list(uniques)
    if series.dtype == object:
        codes, uniques = _split_bools(np.asarray(series, dtype=object), codes, uniques)
    return codes, [normalize(u) for u in uniques]


def normalize_many(values: Iterable[Any]) -> pd.DataFrame:
    """One row per value (index kept for a Series), one column per :class:`License` field.

    Vectorised over the distinct values: normalizing a million records with a few hundred distinct
    rights strings costs a few hundred :func:`normalize` calls plus array indexing.
    """
    import numpy as np
    import pandas as pd

    index = values.index if isinstance(values, pd.Series) else None
    codes, licenses = factorized(values)
    licenses = [*licenses, unknown()]  # code -1 (missing) takes the last entry
    columns = {}
    for name in FIELDS:
        level = np.empty(len(licenses), dtype=object)
        level[:] = [getattr(lic, name) for lic in licenses]
        columns[name] = level[codes]
    return pd.DataFrame(columns, index=index)
