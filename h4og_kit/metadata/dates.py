"""Museum date strings -> first and last year plus how precise the date is.

Collections write dates for people to read: "c. 1480", "1826–7, reprinted 1892", "1890s",
"late 17th century", "1475/85", "500 B.C.", "n.d.", "born 1936", "19de eeuw", "184?". This
module reads them into numbers a chart or a filter can use:

- ``date_start`` and ``date_end``: years as nullable integers; BCE years are negative by plain
  negation ("500 BCE" -> -500), as the Met's ``objectBeginDate`` does.
- ``date_precision``: one of :data:`PRECISIONS`.

Conventions, each taken from the institutions' own structured dates:

- a century runs from its "00" year: "19th century" -> 1800-1899 (Tate ``yearOfBirth``/``Death``
  for "19th century"; Cleveland gives "1700s" as 1700-1799). "early/mid/late" take a third of it
  ("late 17th century" -> 1667-1699; the Met gives 1667 as the start), halves and quarters their
  share. BCE centuries mirror this: "2nd century BCE" -> -199..-100.
- a lone "c." year widens by ``circa`` years either side: AIC and Cleveland both store "c. 1480"
  as 1475-1485 (the default, 5); Tate keeps the year itself (pass ``circa=0``). A "c." range
  keeps its ends ("c. 1868–73" -> 1868-1873, as Cleveland and AIC store it).
- only the making of the work counts: later clauses such as "published 1800–07", "reprinted
  1892" or "exhibited 1831" are left out ("1763, published 1800–07" -> 1763, as AIC stores it).
- "before 1800", "until 1914", "-1781" leave the start open; "after 1900", "born 1936",
  "established 1999", "1958-" leave the end open.
- a number on its own that cannot be a year (MoMA writes 0 for "unknown") is unknown.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

#: The values ``date_precision`` takes, from the most to the least precise.
PRECISIONS = (
    "day",
    "month",
    "year",
    "decade",
    "century",
    "millennium",
    "range",
    "approximate",
    "before",
    "after",
    "unknown",
)

#: Years either side of a lone "c." year, as AIC and Cleveland store it.
DEFAULT_CIRCA = 5


@dataclass(frozen=True)
class DateSpan:
    """One parsed date: first and last year (None when open or unknown) and its precision."""

    start: int | None
    end: int | None
    precision: str


UNKNOWN = DateSpan(None, None, "unknown")

_UNDATED = re.compile(
    r"^(?:n\.?\s?d|s\.?\s?d|o\.?\s?j|z\.?\s?j|undated|not dated|no date|date not known|"
    r"date unknown|unknown|zonder jaar|onbekend|ongedateerd|sans date|inconnu)\.?$"
)

# Later events in a date's life that say nothing about when the work was made.
_LATER_EVENT = re.compile(
    r"^(?:re-?printed|re-?issued|re-?published|published|printed|issued|exhibited|cast|"
    r"edition|retouched|reworked|restored|completed|later|posthumous|impression|"
    r"uitgegeven|gedrukt|herdrukt)\b"
)

_PUBLISHED_FIRST = re.compile(r"^(?:published|printed|issued|made|executed|dated|uitgegeven)\s+")

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan", "januari", "janvier"),
            ("february", "feb", "februari", "février", "fevrier"),
            ("march", "mar", "maart", "mars"),
            ("april", "apr", "avril"),
            ("may", "mei", "mai"),
            ("june", "jun", "juni", "juin"),
            ("july", "jul", "juli", "juillet"),
            ("august", "aug", "augustus", "août", "aout"),
            ("september", "sep", "sept", "septembre"),
            ("october", "oct", "okt", "oktober", "octobre"),
            ("november", "nov", "novembre"),
            ("december", "dec", "dec", "décembre", "decembre"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "(?:" + "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True)) + r")\.?"

_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "last": 4,
}
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}

_BC = r"(?:b\.?\s?c\.?(?:\s?e\.?)?|v\.?\s?chr\.?|v\.?\s?c\.?|av\.?\s?j\.?-?\s?c\.?|avant\s+j\.?-?\s?c\.?)"
_AD = r"(?:a\.?\s?d\.?|c\.e\.?|ce\b|n\.?\s?chr\.?|ap\.?\s?j\.?-?\s?c\.?|après\s+j\.?-?\s?c\.?)"
_ERA = rf"(?:(?P<{{0}}bc>{_BC})|(?P<{{0}}ad>{_AD}))"

# Parts of a century ("late 17th century", "19e (début)", "first half of the 19th century").
_PART = (
    r"(?:early|begin|beginning of(?: the)?|vroege?|début|anfang|"
    r"mid|middle|mid-|midden|milieu|mitte|"
    r"late|end of(?: the)?|laat|late|eind|fin|ende|"
    r"(?:first|second|1st|2nd|eerste|tweede|première|seconde|deuxième|перв\w*|втор\w*)\s+"
    r"(?:half|helft|moitié|полов\w*)(?:\s+(?:of|van|de|du))?(?:\s+the|\s+de|\s+het)?|"
    r"(?:first|second|third|fourth|last|1st|2nd|3rd|4th)\s+quarter(?:\s+of)?(?:\s+the)?)"
)
_ORD = r"(?:st|nd|rd|th|e|de|ste|er|ème|eme|-th|-ste|-de|-го|й|-й)?"
_CENTURY_WORD = r"(?:century|centuries|cent\.|eeuw|eeuwen|siècle|siecle|jahrhundert|jh\.|век|века)"
_NUM_OR_ROMAN = r"(?:\d{1,2}|[ivxl]{1,7})"

_ATOM = re.compile(
    "|".join(
        (
            # ISO day, with a time or a stray colon after it: 2001-05-12, 1949-01-01:T00:00:00Z
            r"(?P<iso>(?P<iso_y>\d{4})-(?P<iso_m>\d\d)-(?P<iso_d>\d\d))(?:[t:][\d:.]*z?)?",
            # 12 May 2001 / May 12, 2001 / May 2001
            rf"(?P<dmy>(?<!\d)(?P<dmy_d>\d{{1,2}})\s+(?P<dmy_m>{_MONTH}),?\s+(?P<dmy_y>\d{{3,4}}))",
            rf"(?P<mdy>\b(?P<mdy_m>{_MONTH})\s+(?P<mdy_d>\d{{1,2}})(?:st|nd|rd|th)?,\s*(?P<mdy_y>\d{{3,4}}))",
            rf"(?P<my>\b(?P<my_m>{_MONTH}),?\s+(?P<my_y>\d{{4}}))\b",
            # 5th decade of the 19th century
            (
                rf"(?P<decof>(?P<decof_n>\d{{1,2}}){_ORD}\s+decade\s+of\s+(?:the\s+)?"
                rf"(?P<decof_c>\d{{1,2}}){_ORD}\s+{_CENTURY_WORD})"
            ),
            # Second millennium AD, 2e millénaire après J.-C.
            (
                r"(?P<mil>(?P<mil_n>\d{1,2}|" + "|".join(_ORDINAL_WORDS) + rf"){_ORD}\s+"
                r"(?:millennium|millenium|millénaire|millennia|millennio)\s*"
                rf"{_ERA.format('mil_')}?)"
            ),
            # [early] 17th[-18th] century [BCE]; séc. 19-20; XIXe siècle
            (
                rf"(?P<cent>(?:(?P<cent_part>{_PART})\s*(?:the\s+)?)?"
                rf"\b(?P<cent_a>{_NUM_OR_ROMAN}){_ORD}\s*"
                rf"(?:(?:-|–|to|and|or|/|&)\s*(?P<cent_b>{_NUM_OR_ROMAN}){_ORD}\s*)?"
                rf"{_CENTURY_WORD}(?:\s*\((?P<cent_part2>{_PART})\))?\s*{_ERA.format('cent_')}?)"
            ),
            (
                r"(?P<sec>\b(?:(?:séc|sec|siglo|século|seculo|sæc)\.?|s\.)\s*"
                rf"(?P<sec_a>{_NUM_OR_ROMAN})(?:\s*[-–/]\s*(?P<sec_b>{_NUM_OR_ROMAN}))?)\b"
            ),
            # 1890s, early 1890s, 1890's, 1700s
            r"(?P<dec>(?:(?P<dec_part>early|mid|late)[\s-]+)?(?<!\d)(?P<dec_y>\d{3})0\s?'?s)\b",
            # 184?, 184x, 19.., 19??, 19xx
            r"(?P<udec>(?<!\d)(?P<udec_y>\d{3})[?x])(?![\d?x])",
            r"(?P<ucent>(?<!\d)(?P<ucent_y>\d{2})(?:\?\?|xx|\.\.|--))",
            # the whole value an ordinal on its own: 19th, 19e, 19-th, 19e (début)
            (
                r"(?P<bareord>^(?P<bareord_n>\d{1,2})(?:st|nd|rd|th|e|de|-th)"
                rf"(?:\s*\((?P<bareord_part>{_PART})\))?$)"
            ),
            # a year: 1890, 300 B.C., A.D. 79, 79 CE; 1-2 digits only as the end of a range
            (
                r"(?P<year>(?P<year_adpre>\ba\.?\s?d\.?\s*)?(?<!\d)(?P<year_n>\d{1,4})(?!\d)"
                rf"(?P<year_q>\?)?\s*{_ERA.format('year_')}?)"
            ),
        )
    )
)

_APPROX_BEFORE = re.compile(
    r"(?:\b(?:c|ca|circa|cca|approx|approximately|about|around|omstreeks|ong|rond|vers|um|"
    r"probably|possibly|prob|likely|wellicht|vermoedelijk)\b\.?|\?|~)\s*$"
)
_OPEN_START = re.compile(
    r"(?:\b(?:before|by|until|till|up to|voor|vóór|avant|vor|ante|not after|no later than|"
    r"died|d\.|gestorven|overleden)\s*$)|^\s*-\s*$"
)
_OPEN_END = re.compile(
    r"(?:\b(?:after|since|from|na|sinds|vanaf|après|nach|post|not before|no earlier than)\b\s*$)|"
    # "born 1936", "born Germany 1918", "established 1999": the place may stand between
    r"\b(?:born|b\.|established|founded|geboren|opgericht)(?:\s|$)[^\d]{0,40}$"
)
_ALTERNATIVE = re.compile(r"^\s*(?:/|or|of)")
_RANGE_LINK = re.compile(
    r"^\s*(?:[-–/&]|to|till|until|tot|and|or|of|en|à|bis|through)\s*"
    r"(?:(?:c|ca|circa|probably|possibly|at least|at|by|\?)\.?\s*)*$"
)


def _roman(text: str) -> int | None:
    if not text.isalpha():
        return int(text)
    total, previous = 0, 0
    for char in reversed(text):
        value = _ROMAN.get(char)
        if value is None:
            return None
        total, previous = (total - value, previous) if value < previous else (total + value, value)
    return total


def _sign(match: re.Match, prefix: str) -> int:
    return -1 if match.group(f"{prefix}bc") else 1


def _century(number: int, sign: int) -> tuple[int, int]:
    """The years of a century: 19 -> (1800, 1899); 2 BCE -> (-199, -100)."""
    if sign > 0:
        return (number - 1) * 100, (number - 1) * 100 + 99
    return -(number * 100 - 1), -(number - 1) * 100


def _part_of(span: tuple[int, int], part: str | None) -> tuple[int, int]:
    """The share of a span that 'early', 'late', 'second half', 'third quarter'... name."""
    if not part:
        return span
    part = part.strip().lower()
    first, last = span
    length = last - first + 1
    if "quarter" in part:
        word = part.split()[0]
        index = {"1st": 1, "2nd": 2, "3rd": 3, "4th": 4}.get(word) or _ORDINAL_WORDS[word]
        return first + (index - 1) * length // 4, first + index * length // 4 - 1
    if re.search(r"half|helft|moitié|полов", part):
        second = re.match(r"(?:second|2nd|tweede|seconde|deuxième|втор)", part)
        return (first + length // 2, last) if second else (first, first + length // 2 - 1)
    third = length // 3
    if re.match(r"(?:early|begin|vroeg|début|anfang)", part):
        return first, first + third
    if re.match(r"(?:mid|midden|milieu|mitte)", part):
        return first + third, last - third
    return last - third + 1, last


@dataclass
class _Atom:
    start: int
    end: int
    precision: str
    begin: int  # position in the text
    finish: int
    short: bool = False  # a 1-2 digit number: only meaningful as the abbreviated end of a range
    approx: bool = False
    open_start: bool = False
    open_end: bool = False
    explicit_era: bool = False
    spans_from_previous: bool = False  # linked to the previous date by "-", "to" (not "/", "or")


def _atom(match: re.Match) -> _Atom | None:
    kind = match.lastgroup
    g = match.group
    begin, finish = match.span()
    if kind == "iso":
        year, month, day = int(g("iso_y")), int(g("iso_m")), int(g("iso_d"))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        return _Atom(year, year, "day", begin, finish)
    if kind in ("dmy", "mdy"):
        year = int(g(f"{kind}_y"))
        return _Atom(year, year, "day", begin, finish)
    if kind == "my":
        year = int(g("my_y"))
        return _Atom(year, year, "month", begin, finish)
    if kind == "decof":
        first, _ = _century(int(g("decof_c")), 1)
        decade = int(g("decof_n"))
        return _Atom(first + (decade - 1) * 10, first + decade * 10 - 1, "decade", begin, finish)
    if kind == "mil":
        raw = g("mil_n")
        number = _ORDINAL_WORDS.get(raw) or int(raw)
        sign = _sign(match, "mil_")
        if sign > 0:
            return _Atom((number - 1) * 1000, number * 1000 - 1, "millennium", begin, finish,
                         explicit_era=bool(g("mil_ad")))
        return _Atom(-(number * 1000 - 1), -(number - 1) * 1000, "millennium", begin, finish,
                     explicit_era=True)
    if kind in ("cent", "sec"):
        a = _roman(g(f"{kind}_a"))
        b = _roman(g(f"{kind}_b")) if g(f"{kind}_b") else None
        if not a or a > 21 or (b is not None and not 0 < b <= 21):
            return None
        sign = _sign(match, "cent_") if kind == "cent" else 1
        part = (g("cent_part") or g("cent_part2")) if kind == "cent" else None
        first = _part_of(_century(a, sign), part)
        last = _part_of(_century(b, sign), part) if b else first
        start, end = min(first[0], last[0]), max(first[1], last[1])
        explicit = kind == "cent" and bool(g("cent_bc") or g("cent_ad"))
        return _Atom(start, end, "century" if b is None else "range", begin, finish,
                     explicit_era=explicit)
    if kind == "bareord":
        start, end = _part_of(_century(int(g("bareord_n")), 1), g("bareord_part"))
        return _Atom(start, end, "century", begin, finish)
    if kind == "dec":
        year = int(g("dec_y")) * 10
        if year % 100 == 0 and not g("dec_part"):
            return _Atom(year, year + 99, "century", begin, finish)
        first, last = _part_of((year, year + 9), {"early": "early", "mid": "mid", "late": "late"}
                               .get(g("dec_part") or ""))
        return _Atom(first, last, "decade", begin, finish)
    if kind == "udec":
        year = int(g("udec_y")) * 10
        return _Atom(year, year + 9, "decade", begin, finish)
    if kind == "ucent":
        year = int(g("ucent_y")) * 100
        return _Atom(year, year + 99, "century", begin, finish)
    # a year
    digits = g("year_n")
    sign = -1 if g("year_bc") else 1
    explicit = bool(g("year_bc") or g("year_ad") or g("year_adpre"))
    year = sign * int(digits)
    return _Atom(year, year, "year", begin, finish, short=len(digits) <= 2 and not explicit,
                 approx=bool(g("year_q")), explicit_era=explicit)


def _clause_atoms(text: str) -> list[_Atom]:
    """The dates in one clause, with their qualifiers, short range ends expanded."""
    atoms: list[_Atom] = []
    for match in _ATOM.finditer(text):
        atom = _atom(match)
        if atom is None:
            continue
        before = text[atoms[-1].finish if atoms else 0: atom.begin]
        linked = bool(atoms) and bool(_RANGE_LINK.match(before))
        if atom.short:
            previous = atoms[-1] if atoms else None
            if not (linked and previous and previous.precision == "year" and previous.start > 0):
                continue
            width = 10 ** len(match.group("year_n"))
            expanded = previous.start - previous.start % width + atom.start
            if expanded <= previous.start:
                # 1806-07 is a range, but 1952-01 is a month
                if match.group(0) and before.strip() == "-" and 1 <= atom.start <= 12 \
                        and len(match.group("year_n")) == 2:
                    previous.precision = "month"
                    previous.finish = atom.finish
                continue
            atom.start = atom.end = expanded
        atom.approx = atom.approx or bool(_APPROX_BEFORE.search(before))
        atom.open_start = bool(_OPEN_START.search(before)) and not linked
        atom.open_end = bool(_OPEN_END.search(before))
        atom.spans_from_previous = linked and not _ALTERNATIVE.match(before)
        atoms.append(atom)
    # "500–300 BCE": an unmarked year linked to a BCE year is BCE too
    for left, right in zip(reversed(atoms[:-1]), reversed(atoms[1:])):
        if (right.start < 0 and right.explicit_era and not left.explicit_era and left.start > 0
                and _RANGE_LINK.match(text[left.finish: right.begin])):
            left.start, left.end, left.explicit_era = -left.end, -left.start, True
    if atoms and re.search(r"[-–]\s*$", text[atoms[-1].finish:]):
        atoms[-1].open_end = True  # "1958-"
    return atoms


def _main_clauses(text: str) -> list[str]:
    """The clauses that date the making: the first, and any later one that is not a later event."""
    clauses = [c.strip() for c in re.split(r";|,(?!\s*\d)", text) if c.strip()]
    kept = []
    for clause in clauses:
        if kept and _LATER_EVENT.match(clause):
            continue
        kept.append(_PUBLISHED_FIRST.sub("", clause) if not kept else clause)
    return kept


def _normalise(value: str) -> str:
    text = value.strip().lower()
    text = re.sub(r"[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]", "–", text)
    text = text.replace("[", "").replace("]", "").replace("\u00a0", " ")
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"(?<!\.)\.$", "", text).strip()


def parse_date(value, circa: int = DEFAULT_CIRCA) -> DateSpan:
    """One date value (text or a number) as a :class:`DateSpan`; never raises."""
    if value is None:
        return UNKNOWN
    if isinstance(value, bool):
        return UNKNOWN
    if isinstance(value, (int, float)):
        if isinstance(value, float) and (math.isnan(value) or not value.is_integer()):
            return UNKNOWN
        year = int(value)
        return UNKNOWN if year == 0 else DateSpan(year, year, "year")
    text = _normalise(str(value))
    if not text or _UNDATED.match(text):
        return UNKNOWN
    atoms = [a for clause in _main_clauses(text) for a in _clause_atoms(clause)]
    atoms = [a for a in atoms if a.start != 0 or a.precision != "year"]
    if not atoms:
        return UNKNOWN
    first, last = atoms[0], atoms[-1]
    start = min(a.start for a in atoms)
    end = max(a.end for a in atoms)
    if first.open_end and not any(a.spans_from_previous for a in atoms):
        return DateSpan(start, None, "after")
    if last.open_start:
        return DateSpan(None, end, "before")
    approx = any(a.approx for a in atoms)
    if len(atoms) == 1:
        if approx and first.precision == "year":
            return DateSpan(start - circa, end + circa, "approximate")
        return DateSpan(start, end, "approximate" if approx else first.precision)
    return DateSpan(start, end, "approximate" if approx else "range")


def parse_dates(values, circa: int = DEFAULT_CIRCA) -> pd.DataFrame:
    """A column of dates as ``date_start``, ``date_end`` (nullable Int64) and ``date_precision``.

    Each distinct value is parsed once. The result keeps the input's index, so
    ``df[["date_start", "date_end", "date_precision"]] = parse_dates(df["date"])`` lines up.
    ``circa`` is how many years a lone "c. 1480" widens either side (5, as AIC and Cleveland store
    it; 0 keeps the year, as Tate does).
    """
    import pandas as pd

    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    parsed = {}
    for value in series.dropna().unique():
        parsed[value] = parse_date(value, circa=circa)
    spans = [parsed.get(v, UNKNOWN) if not _missing(v) else UNKNOWN for v in series]
    return pd.DataFrame(
        {
            "date_start": pd.array([s.start for s in spans], dtype="Int64"),
            "date_end": pd.array([s.end for s in spans], dtype="Int64"),
            "date_precision": pd.array([s.precision for s in spans], dtype="string"),
        },
        index=series.index,
    )


def _missing(value) -> bool:
    """None, NaN, pandas' NA or NaT: a cell with no value."""
    import pandas as pd

    return value is None or value is pd.NA or value is pd.NaT or (
        isinstance(value, float) and math.isnan(value))
