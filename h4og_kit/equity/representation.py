"""Who is represented: creators' gender, citizenship and birth decades, from Wikidata.

``representation(df, by="creator")`` reconciles each distinct creator name with a Wikidata human
(``wdt:P31 wd:Q5``) whose label is that name, in the name's written order and, for catalogue-style
"Surname, Given" names, in natural order too. When several people share the label, the one with the
most Wikipedia sitelinks is taken. Each person's sex or gender (P21), countries of citizenship
(P27) and date of birth (P569) are summarised.

Creators that cannot be matched are counted and listed, never dropped: anonymous makers
("Anonymous", "Unknown", "Unidentified artist"), names Wikidata does not know, and, offline,
names not yet in the cache. Answers are cached per name in ``<cache dir>/wikidata-creators.json``;
offline the cache (filled by an earlier online run) is all there is: the kit bundles no recorded
Wikidata answers about creators' gender or citizenship.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

#: Names that stand for an unknown maker rather than a person.
_ANONYMOUS = re.compile(
    r"^(?:anonymous|anon\.?|unknown|unidentified|onbekend|anoniem|anonyme|inconnu|not known)\b",
    re.IGNORECASE,
)
BATCH = 40  # names per SPARQL query


@dataclass(frozen=True)
class Person:
    """What Wikidata says about one reconciled creator."""

    qid: str
    label: str
    gender: str | None
    citizenship: tuple[str, ...]
    birth_year: int | None


def name_variants(name: str) -> list[str]:
    """The spellings to look up: as written, and "Given Surname" for "Surname, Given"."""
    name = re.sub(r"\s+", " ", name).strip()
    variants = [name]
    parts = [p.strip() for p in name.split(",")]
    if len(parts) == 2 and all(parts) and not re.search(r"\d", name):
        variants.append(f"{parts[1]} {parts[0]}")
    return variants


def _creators(series: pd.Series) -> list[str]:
    names: dict[str, None] = {}
    for value in series.dropna():
        for name in str(value).split(";"):
            if name.strip():
                names[re.sub(r"\s+", " ", name).strip()] = None
    return list(names)


def _query(names: Iterable[str], lang: str) -> str:
    from h4og_kit.sources.wikidata import literal

    values = " ".join(f"{literal(n)}@{lang}" for n in names)
    languages = lang if lang == "en" else f"{lang},en"
    return f"""
SELECT ?name ?person ?personLabel ?sitelinks ?genderLabel ?countryLabel ?birth WHERE {{
  VALUES ?name {{ {values} }}
  ?person rdfs:label ?name ; wdt:P31 wd:Q5 ; wikibase:sitelinks ?sitelinks .
  OPTIONAL {{ ?person wdt:P21 ?gender }}
  OPTIONAL {{ ?person wdt:P27 ?country }}
  OPTIONAL {{ ?person wdt:P569 ?birth }}
  SERVICE wikibase:label {{ bd:serviceParam wikibase:language "{languages}" . }}
}}"""


def people_from_answer(payload: dict) -> dict[str, Person]:
    """One SPARQL answer of the reconciliation query as ``{name: Person}`` (best-linked person)."""
    from h4og_kit.sources.wikidata import _year, bindings, qid

    found: dict[str, dict[str, dict]] = {}
    for row in bindings(payload):
        person = qid(row.get("person"))
        if not row.get("name") or person is None:
            continue
        entry = found.setdefault(row["name"], {}).setdefault(
            person,
            {"label": row.get("personLabel") or row["name"], "sitelinks": int(row.get("sitelinks") or 0),
             "gender": None, "countries": [], "birth": None},
        )
        entry["gender"] = entry["gender"] or row.get("genderLabel")
        country = row.get("countryLabel")
        if country and country not in entry["countries"]:
            entry["countries"].append(country)
        birth = _year(row.get("birth"))
        if birth is not None and (entry["birth"] is None or birth < entry["birth"]):
            entry["birth"] = birth
    people = {}
    for name, candidates in found.items():
        best, data = max(candidates.items(), key=lambda kv: (kv[1]["sitelinks"], -int(kv[0][1:])))
        people[name] = Person(best, data["label"], data["gender"], tuple(data["countries"]), data["birth"])
    return people


class CreatorCache:
    """Reconciled names on disk: ``{name: person or null}``; null means "asked, not found"."""

    def __init__(self, path: Path | None = None):
        from h4og_kit.config import settings

        self.path = path or settings().cache_dir / "wikidata-creators.json"
        try:
            self._data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self._data = {}

    def __contains__(self, name: str) -> bool:
        return name in self._data

    def get(self, name: str) -> Person | None:
        data = self._data.get(name)
        return None if data is None else Person(data["qid"], data["label"], data["gender"],
                                                tuple(data["citizenship"]), data["birth_year"])

    def put(self, name: str, person: Person | None) -> None:
        self._data[name] = None if person is None else {
            "qid": person.qid, "label": person.label, "gender": person.gender,
            "citizenship": list(person.citizenship), "birth_year": person.birth_year,
        }

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self._data, ensure_ascii=False, indent=1), encoding="utf-8")


@dataclass
class Representation:
    """What :func:`representation` returns.

    - ``creators``: one row per distinct creator: ``creator``, ``records``, ``matched``, ``reason``
      (why not matched), ``qid``, ``gender``, ``citizenship``, ``birth_year``, ``birth_decade``;
    - ``gender``, ``citizenship``, ``birth_decades``: counts of creators and of their records,
      with unmatched creators counted as "unknown" rather than left out; a person written two
      ways ("Blake, Robert", "Robert Blake") counts once;
    - ``unmatched``: how many creators could not be matched; ``message`` says so in a sentence.
    """

    creators: pd.DataFrame
    gender: pd.DataFrame
    citizenship: pd.DataFrame
    birth_decades: pd.DataFrame
    unmatched: int
    offline: bool

    @property
    def message(self) -> str:
        total = len(self.creators)
        reasons = self.creators.loc[~self.creators["matched"], "reason"].value_counts()
        why = ", ".join(f"{n} {reason}" for reason, n in reasons.items())
        text = (f"{total - self.unmatched} of {total} creators matched on Wikidata; "
                f"{self.unmatched} could not be" + (f" ({why})" if why else "") +
                " and are counted as unknown, not left out.")
        if self.offline:
            text += " Offline: only names already in the cache could be matched."
        return text

    def __str__(self) -> str:
        return self.message


def _counts(creators: pd.DataFrame, column: str, explode: bool = False) -> pd.DataFrame:
    import pandas as pd

    frame = creators[[column, "records"]].copy()
    if explode:
        frame = frame.explode(column)
    frame[column] = [("unknown" if pd.isna(v) else str(v)) for v in frame[column]]
    grouped = frame.groupby(column, dropna=False).agg(creators=("records", "size"),
                                                      records=("records", "sum"))
    grouped = grouped.reset_index().sort_values(["creators", column], ascending=[False, True])
    return pd.DataFrame(grouped, columns=[column, "creators", "records"]).reset_index(drop=True)


def representation(
    df: pd.DataFrame,
    by: str = "creator",
    lang: str = "en",
    cache: CreatorCache | None = None,
    endpoint: str | None = None,
) -> Representation:
    """Summarise who the records' creators are, through Wikidata (see the module docstring)."""
    import pandas as pd

    from h4og_kit import http
    from h4og_kit.config import settings
    from h4og_kit.sources.wikidata import ENDPOINT, sparql

    cache = cache or CreatorCache()
    names = _creators(df[by])
    people = [n for n in names if not _ANONYMOUS.match(n)]
    offline = settings().forced_offline
    asked = [n for n in people if n not in cache]
    if asked and not offline:
        variants: dict[str, list[str]] = {}
        for name in asked:
            for variant in name_variants(name):
                variants.setdefault(variant, []).append(name)
        found: dict[str, Person] = {}
        try:
            keys = list(variants)
            for start in range(0, len(keys), BATCH):
                answer = sparql(_query(keys[start:start + BATCH], lang), endpoint or ENDPOINT)
                for variant, person in people_from_answer(answer).items():
                    for name in variants[variant]:
                        found.setdefault(name, person)
        except http.NetworkUnavailable:
            offline = True
        else:
            for name in asked:
                cache.put(name, found.get(name))
            cache.save()
    counts = pd.Series([n.strip() for v in df[by].dropna() for n in str(v).split(";") if n.strip()])
    counts = counts.str.replace(r"\s+", " ", regex=True).value_counts()
    rows = []
    for name in names:
        person = cache.get(name) if name in cache else None
        if _ANONYMOUS.match(name):
            reason = "anonymous"
        elif name not in cache:
            reason = "not looked up (offline)"
        elif person is None:
            reason = "not found on Wikidata"
        else:
            reason = None
        rows.append({
            "creator": name,
            "records": int(counts.get(name, 0)),
            "matched": person is not None,
            "reason": reason,
            "qid": person.qid if person else None,
            "gender": person.gender if person else None,
            "citizenship": list(person.citizenship) if person and person.citizenship else None,
            "birth_year": person.birth_year if person else None,
        })
    creators = pd.DataFrame(rows, columns=["creator", "records", "matched", "reason", "qid", "gender",
                                           "citizenship", "birth_year"])
    creators["matched"] = creators["matched"].astype(bool)  # a boolean mask even with no rows
    creators["birth_year"] = creators["birth_year"].astype("Int64")
    creators["birth_decade"] = (creators["birth_year"] // 10 * 10).astype("Int64")
    # one person written two ways ("Blake, Robert" and "Robert Blake") is counted once
    matched = creators[creators["matched"]]
    people = pd.concat([
        matched.groupby("qid", as_index=False).agg(
            records=("records", "sum"), gender=("gender", "first"), citizenship=("citizenship", "first"),
            birth_decade=("birth_decade", "first")),
        creators[~creators["matched"]],
    ], ignore_index=True)
    return Representation(
        creators=creators,
        gender=_counts(people, "gender"),
        citizenship=_counts(people, "citizenship", explode=True),
        birth_decades=_counts(people, "birth_decade"),
        unmatched=int((~creators["matched"]).sum()),
        offline=offline,
    )
