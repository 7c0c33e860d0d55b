"""License tables built from the bundled vocabularies, once, on first use.

Nothing here is typed by hand except the category policy of DESIGN.md: the Creative Commons
licenses (every license, version and port) come from the cc.licenserdf table, the twelve
rightsstatements.org statements from their JSON-LD files (their names in every translation from
``rightsstatements-i18n``), SPDX ids from the SPDX License List and openness from the Open
Definition list (``h4og_kit/data/vocab/*``, provenance beside each file). License families
("GFDL", "Open Government Licence") are those lists' ids and names without their versions.

:func:`tables` returns a :class:`Tables` whose dicts :mod:`h4og_kit.rights.normalize` looks values
up in.
"""

from __future__ import annotations

import csv
import functools
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from h4og_kit.rights import catalogs
from h4og_kit.rights.catalogs import VOCAB_DIR
from h4og_kit.rights.keys import text_key, url_key
from h4og_kit.rights.license import License

#: The four Creative Commons license elements, in the order CC writes them ("by-nc-sa").
CC_ELEMENTS: tuple[str, ...] = ("by", "nc", "nd", "sa")

#: DESIGN.md ("Common record columns") puts each rightsstatements.org statement in one category.
RIGHTSSTATEMENTS_CATEGORY: dict[str, str] = {
    "NoC-US": "public-domain",
    "NoC-NC": "restricted",
    "NoC-OKLR": "restricted",
    "NoC-CR": "restricted",
    "InC-EDU": "restricted",
    "InC-NC": "restricted",
    "InC": "in-copyright",
    "InC-OW-EU": "in-copyright",
    "InC-RUU": "in-copyright",
    "CNE": "unknown",
    "UND": "unknown",
    "NKC": "unknown",
}

SOFTWARE_CLASS = "http://creativecommons.org/license/software"
PUBLIC_DOMAIN_CLASS = "http://creativecommons.org/license/publicdomain/"
#: Classes whose bare titles ("MIT", "Public Domain") mean more than the CC-hosted deed: their
#: URLs are known, their titles are left to SPDX and to the plain public-domain statement.
UNTITLED_CLASSES = (SOFTWARE_CLASS, PUBLIC_DOMAIN_CLASS)
CC_LICENSE_CLASS_CATEGORY = {
    "http://creativecommons.org/choose/zero/": "public-domain",
    "http://creativecommons.org/choose/mark/": "public-domain",
    PUBLIC_DOMAIN_CLASS: "public-domain",
    SOFTWARE_CLASS: "open",
}

_VERSION_SUFFIX = re.compile(r"[-_ ]v?(\d+(?:\.\d+)*)$", re.IGNORECASE)


def _cc_family_name(elements: frozenset[str]) -> str:
    """``frozenset({"by", "sa"})`` -> ``"CC BY-SA"``."""
    return "CC " + "-".join(e.upper() for e in CC_ELEMENTS if e in elements)


def _cc_category(elements: frozenset[str]) -> str:
    return "restricted" if elements & {"nc", "nd"} else "open"


def _cc_element_license(elements: frozenset[str], **fields) -> License:
    """A License whose flags and category follow from its CC elements."""
    category = _cc_category(elements)
    return License(
        family=_cc_family_name(elements),
        category=category,
        is_open=category == "open",
        requires_attribution="by" in elements,
        share_alike="sa" in elements,
        non_commercial="nc" in elements,
        no_derivatives="nd" in elements,
        **fields,
    )


def _pd_or_unflagged(category: str, **fields) -> License:
    """A non-CC License: public-domain ones carry no conditions, others' flags stay unknown (None)."""
    pd = category == "public-domain"
    flag = False if pd else None
    return License(
        category=category,
        is_open=category in ("public-domain", "open"),
        requires_attribution=flag,
        share_alike=flag,
        non_commercial=flag,
        no_derivatives=flag,
        **fields,
    )


def _split_version(identifier: str) -> tuple[str, str | None]:
    m = _VERSION_SUFFIX.search(identifier)
    if not m:
        return identifier, None
    return identifier[: m.start()], m.group(1)


@dataclass
class Tables:
    """Lookup tables over every license and statement the kit knows."""

    #: text_key / url_key of ids, names, titles, labels and URLs -> License
    aliases: dict[str, License] = field(default_factory=dict)
    #: (CC elements, version, port code or None) -> License
    cc_by_parts: dict[tuple[frozenset[str], str, str | None], License] = field(default_factory=dict)
    #: CC elements -> a version-less License of that family ("CC BY", uri "")
    cc_families: dict[frozenset[str], License] = field(default_factory=dict)
    #: lower-case port name or code ("spain", "es"; "international" -> None) -> port code
    jurisdictions: dict[str, str | None] = field(default_factory=dict)
    #: versioned ids (SPDX, Open Definition, rightsstatements.org) safe to find inside free text
    free_text_ids: dict[str, License] = field(default_factory=dict)
    #: rightsstatements.org labels in every language ("in copyright - educational use permitted",
    #: "urheberrechtsschutz - nutzung zu bildungszwecken erlaubt") -> License
    statement_labels: dict[str, License] = field(default_factory=dict)
    #: non-CC family key ("gfdl", "open government licence") -> version key ("1.3", "3") -> License
    families: dict[str, dict[str, License]] = field(default_factory=dict)
    #: a license URL cut short -> the one license (or family) under it
    url_prefixes: dict[str, License] = field(default_factory=dict)
    cc0: License | None = None
    pdm: License | None = None

    def alias(self, key: str, lic: License) -> None:
        if key:
            self.aliases.setdefault(key, lic)


def _load_json(*parts: str):
    return json.loads(VOCAB_DIR.joinpath(*parts).read_text(encoding="utf-8"))


def _cc_rows() -> list[dict[str, str]]:
    path = VOCAB_DIR / "creativecommons" / "cc_licenserdf_all_licenses_DERIVED.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    # Unported licenses first, so a title shared by several ports names the unported one.
    return sorted(rows, key=lambda r: (bool(r["jurisdiction"]), r["uri"]))


def _port_code(row: dict[str, str]) -> str | None:
    """``http://creativecommons.org/international/es/`` -> ``"es"``; unported -> None."""
    return row["jurisdiction"].rstrip("/").rsplit("/", 1)[-1] or None


def _add_creative_commons(t: Tables, spdx_by_url: dict[str, str]) -> None:
    names: dict[str, Counter] = {}
    for row in _cc_rows():
        key = url_key(row["uri"])
        path = key.partition("/")[2]
        identifier, version, port = row["identifier"], row["version"] or None, _port_code(row)
        elements = frozenset(identifier.split("-"))
        common = {
            "uri": "https://" + key + "/",
            "id": spdx_by_url.get(key),
            "version": version,
            "jurisdiction": port,
        }
        if elements <= set(CC_ELEMENTS):
            label = f"{_cc_family_name(elements)} {version}" + (f" {port.upper()}" if port else "")
            lic = _cc_element_license(elements, label=label, **common)
            t.alias(text_key(label), lic)
            parts = (elements, version, port)
            canonical = "-".join(e for e in CC_ELEMENTS if e in elements)
            if parts not in t.cc_by_parts or identifier == canonical:
                t.cc_by_parts[parts] = lic
            suffix = row["title_en"].rsplit(version, 1)[-1].strip() if version else ""
            names.setdefault(suffix.casefold(), Counter())[port] += 1
        else:
            category = CC_LICENSE_CLASS_CATEGORY.get(row["license_class"], "restricted")
            family, _ = _split_version(row["title_en"])
            if path == "publicdomain/zero/1.0":
                family, label = "CC0", "CC0 1.0"
            elif path == "publicdomain/mark/1.0":
                family, label = "PDM", "Public Domain Mark 1.0"
            else:
                label = row["title_en"]
            lic = _pd_or_unflagged(category, label=label, family=family, **common)
            if path == "publicdomain/zero/1.0":
                t.cc0 = lic
            elif path == "publicdomain/mark/1.0":
                t.pdm = lic
                t.alias(text_key(family), lic)
        t.alias(key, lic)
        if row["license_class"] not in UNTITLED_CLASSES:
            t.alias(text_key(row["title_en"]), lic)
    for name, ports in names.items():
        if name:
            t.jurisdictions[name] = ports.most_common(1)[0][0]
    for (elements, _, port), lic in list(t.cc_by_parts.items()):
        if port:
            t.jurisdictions.setdefault(port, port)
        if elements not in t.cc_families:
            t.cc_families[elements] = _cc_element_license(
                elements,
                uri="",
                id=None,
                label=_cc_family_name(elements),
                version=None,
                jurisdiction=None,
            )


def _add_rightsstatements(t: Tables) -> None:
    for path in sorted((VOCAB_DIR / "rightsstatements").glob("*_en.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        uri = doc["@id"]
        code, version = uri.rstrip("/").split("/")[-2:]
        lic = _pd_or_unflagged(
            RIGHTSSTATEMENTS_CATEGORY[code],
            uri=uri,
            id=None,
            label=doc["prefLabel"],
            family=code,
            version=version,
            jurisdiction=None,
        )
        t.alias(url_key(uri), lic)
        t.alias(text_key(code), lic)
        t.alias(text_key(doc["prefLabel"]), lic)
        t.statement_labels[text_key(doc["prefLabel"])] = lic
        if "-" in code:
            t.free_text_ids[code] = lic
    by_uri = {lic.uri: lic for lic in t.statement_labels.values()}
    for uri, _, label in catalogs.statement_labels():
        t.alias(text_key(label), by_uri[uri])
        t.statement_labels.setdefault(text_key(label), by_uri[uri])


def _open_definition_category(entry: dict) -> str:
    if entry.get("od_conformance") == "approved":
        return "public-domain" if "public domain" in entry["title"].casefold() else "open"
    if entry.get("osd_conformance") == "approved":
        return "open"
    if entry.get("od_conformance") == "rejected":
        return "restricted"
    return "unknown"


def _first_url(urls: list[str]) -> str:
    https = [u for u in urls if u.startswith("https://")]
    return (https or urls or [""])[0]


def _add_other(t: Tables, spdx: list[dict]) -> None:
    """Open Definition entries, then every SPDX license not already known."""
    spdx_by_fold = {s["licenseId"].casefold(): s for s in spdx}
    for entry in _load_json("opendefinition", "all.json").values():
        ids = [entry["id"], *entry.get("legacy_ids", [])]
        s = next((spdx_by_fold[i.casefold()] for i in ids if i.casefold() in spdx_by_fold), None)
        lic = (
            t.aliases.get(url_key(entry["url"])) if "creativecommons.org" in entry["url"] else None
        )
        if lic is None:
            family, version = _split_version(entry["id"])
            urls = s["seeAlso"] if s else []
            lic = _pd_or_unflagged(
                _open_definition_category(entry),
                uri=_first_url(urls) or entry["url"],
                id=s["licenseId"] if s else None,
                label=entry["title"],
                family=family,
                version=version,
                jurisdiction=None,
            )
            for url in [entry["url"], *urls]:
                if url:
                    t.alias(url_key(url), lic)
        for i in ids:
            t.alias(text_key(i), lic)
            if re.search(r"\d", i) and "-" in i:
                t.free_text_ids.setdefault(i, lic)
        t.alias(text_key(entry["title"]), lic)
        if s:
            t.alias(text_key(s["licenseId"]), lic)
            t.alias(text_key(s["name"]), lic)
    for s in spdx:
        key = text_key(s["licenseId"])
        lic = t.aliases.get(key) or next(
            (t.aliases[url_key(u)] for u in s["seeAlso"] if url_key(u) in t.aliases), None
        )
        if lic is None:
            family, version = _split_version(s["licenseId"])
            libre = s.get("isOsiApproved") or s.get("isFsfLibre")
            lic = _pd_or_unflagged(
                "open" if libre else "unknown",
                uri=_first_url(s["seeAlso"]) or s["reference"],
                id=s["licenseId"],
                label=s["name"],
                family=family,
                version=version,
                jurisdiction=None,
            )
            for url in s["seeAlso"]:
                t.alias(url_key(url), lic)
        t.alias(key, lic)
        t.alias(text_key(s["name"]), lic)
        if re.search(r"\d", s["licenseId"]) and "-" in s["licenseId"]:
            t.free_text_ids.setdefault(s["licenseId"], lic)


def version_key(version: str) -> str:
    """ "3.0" and "3" (and "3.0.0") as one key; "1.3" stays."""
    while version.endswith(".0"):
        version = version[:-2]
    return version


def _add_families(t: Tables) -> None:
    """Non-CC licenses by family: "GFDL 1.3", "ODbL 1.0", "Open Government Licence v3" read as the
    license of that version, and a family name alone ("ODbL", "GFDL", "Open Government Licence")
    as its license when it has one version, else as the family without a version: with the
    category its versions share, ``unknown`` when they differ (OGL-UK 1.0 is not Open Definition
    approved, 2.0 and 3.0 are). Families are the ids and names of the SPDX and Open Definition
    lists without their version suffix."""
    versions: dict[str, dict[str, set[License]]] = defaultdict(lambda: defaultdict(set))
    for key, lic in list(t.aliases.items()):
        m = _VERSION_SUFFIX.search(key)
        if m and "/" not in key and lic.id and lic.version and not lic.family.startswith("CC"):
            versions[key[: m.start()]][version_key(m.group(1))].add(lic)
    by_family: dict[str, License] = {}
    for key, by_version in versions.items():
        t.families[key] = {v: lics.pop() for v, lics in by_version.items() if len(lics) == 1}
        members = set().union(*by_version.values()) | set(t.families[key].values())
        if len(members) == 1:
            t.alias(key, members.pop())
            continue
        names = {_split_version(lic.id)[0] for lic in members}
        categories = {lic.category for lic in members}
        if len(names) == 1:
            name = names.pop()
            if name not in by_family:
                by_family[name] = _pd_or_unflagged(
                    categories.pop() if len(categories) == 1 else "unknown",
                    uri="",
                    id=None,
                    label=name,
                    family=name,
                    version=None,
                    jurisdiction=None,
                )
            t.alias(key, by_family[name])
    _add_url_prefixes(t, by_family)


def _add_url_prefixes(t: Tables, by_family: dict[str, License]) -> None:
    """A license URL cut short ("opendatacommons.org/licenses/odbl",
    "nationalarchives.gov.uk/doc/open-government-licence") means the one license under it, or
    its family when all licenses under it are one family. Two path segments at least."""
    under: dict[str, set[License]] = defaultdict(set)
    for key, lic in t.aliases.items():
        segments = key.split("/")
        if "." in segments[0] and len(segments) > 3:
            for n in range(3, len(segments)):
                under["/".join(segments[:n])].add(lic)
    for prefix, members in under.items():
        if prefix in t.aliases:
            continue
        if len(members) == 1:
            t.url_prefixes[prefix] = members.pop()
            continue
        names = {_split_version(lic.id)[0] if lic.id else None for lic in members}
        if len(names) == 1 and (name := names.pop()) in by_family:
            t.url_prefixes[prefix] = by_family[name]


@functools.cache
def tables() -> Tables:
    """All lookup tables, built from the bundled vocabularies on first call."""
    spdx = _load_json("spdx", "licenses_v3.20.json")["licenses"]
    spdx_by_url = {
        url_key(u): s["licenseId"]
        for s in spdx
        for u in s["seeAlso"]
        if "creativecommons.org/" in u
    }
    t = Tables()
    _add_creative_commons(t, spdx_by_url)
    _add_rightsstatements(t)
    _add_other(t, spdx)
    _add_families(t)
    return t
