"""Rights normalization speed: ``df.rights.normalize`` on a million real rights values.

Every rights value in the bundled samples (h4og_kit/data/samples) and, when it sits beside the
checkout, in ../shared/data is collected by parsing the raw JSON responses; a million values are
drawn from them with replacement (so they keep their real frequencies). Measured on that column:

- ``RightsAccessor(df).normalize()`` (what ``df.rights.normalize()`` runs);
- a row-wise ``df.apply(lambda row: normalize(row["rights"]), axis=1)``, then the same columns
  filled from the Licenses with list comprehensions;
- the same with the cheaper element-wise ``df["rights"].apply(normalize)``, a stricter baseline;
- a bare ``Series.map(dict)`` of the value -> URI, the lower bound of any per-row work.

Best of ``--repeat`` runs each, with normalize's cache already warm for all three.

    python benchmarks/rights.py [--rows 1000000] [--repeat 3] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAMPLE_DIRS = (ROOT / "h4og_kit" / "data" / "samples", ROOT.parent / "shared" / "data")

#: JSON keys that carry a rights value in the recorded responses (Met, AIC, Cleveland, Europeana,
#: Finna, Smithsonian, Wikimedia Commons extmetadata, IIIF, Tate).
RIGHTS_KEY = re.compile(
    r"^(rights|edmRights|dcRights|license|licence|license_text|license_links|LicenseShortName|"
    r"LicenseUrl|UsageTerms|copyright|imageRights|isPublicDomain|is_public_domain|"
    r"share_license_status|access|attribution|copyright_notice|thumbnailCopyright|"
    r"rightsAndReproduction)$",
    re.IGNORECASE,
)


def _values(value):
    """The rights values inside one JSON value: strings and booleans, lists and Commons'
    ``{"value": ...}`` wrappers opened, Finna's ``imageRights`` object kept whole."""
    if isinstance(value, list):
        for item in value:
            yield from _values(item)
    elif isinstance(value, dict):
        if "value" in value:
            yield from _values(value["value"])
        else:
            yield value.get("copyright") or value.get("link")
    else:
        yield value


def collect_rights_values(dirs=SAMPLE_DIRS) -> list:
    """Every rights value found in the raw JSON sample files under ``dirs`` (vocabularies skipped,
    identical files read once)."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if RIGHTS_KEY.match(key):
                    found.extend(_values(value))
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    seen = set()  # a sample bundled in the package is also in shared/data: count it once
    for folder in dirs:
        for path in sorted(Path(folder).rglob("*.json")) if Path(folder).is_dir() else ():
            raw = path.read_bytes()
            if "vocab" in path.relative_to(folder).parts or hashlib.sha1(raw).digest() in seen:
                continue
            seen.add(hashlib.sha1(raw).digest())
            try:
                walk(json.loads(raw))
            except (UnicodeDecodeError, json.JSONDecodeError):
                continue
    return found


def best_of(repeat: int, fn, *args) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn(*args)
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    import numpy as np
    import pandas as pd

    from h4og_kit.rights import RIGHTS_COLUMNS, RightsAccessor, normalize
    from h4og_kit.rights.accessor import FLAG_COLUMNS

    pool = collect_rights_values()
    if not pool:
        sys.exit("no rights values found in the samples")
    rng = np.random.default_rng(2026)
    column = np.empty(len(pool), dtype=object)
    column[:] = pool
    df = pd.DataFrame({"rights": column[rng.integers(0, len(pool), args.rows)]})
    distinct = df["rights"].nunique(dropna=False)

    def vectorised(frame):
        return RightsAccessor(frame).normalize("rights")

    def with_columns(frame, licenses):
        """The same rights columns as df.rights.normalize, from one License per row."""
        out = frame.copy()
        for name, field in RIGHTS_COLUMNS.items():
            level = [getattr(lic, field) for lic in licenses]
            if name in FLAG_COLUMNS:
                out[name] = pd.array(level, dtype="boolean")
            else:
                out[name] = pd.array([v or None for v in level], dtype="string")
        return out

    def row_wise(frame):
        return with_columns(frame, frame.apply(lambda row: normalize(row["rights"]), axis=1))

    def element_wise(frame):
        return with_columns(frame, frame["rights"].apply(normalize))

    uri_of = {v: (normalize(v).uri or None) for v in set(pool) if v is not None}

    def map_floor(frame):
        return frame["rights"].map(uri_of)

    vectorised(df.head(1000))  # build the tables and warm normalize's cache
    t_vec, result = best_of(args.repeat, vectorised, df)
    t_row, _ = best_of(1, row_wise, df)  # tens of seconds: one run is steady enough
    t_elem, _ = best_of(args.repeat, element_wise, df)
    t_map, _ = best_of(args.repeat, map_floor, df)
    figures = {
        "rows": args.rows,
        "distinct_values": int(distinct),
        "sample_values": len(pool),
        "vectorised_s": round(t_vec, 4),
        "row_wise_apply_s": round(t_row, 4),
        "series_apply_s": round(t_elem, 4),
        "map_floor_s": round(t_map, 4),
        "speedup_vs_apply": round(t_row / t_vec, 1),
        "speedup_vs_series_apply": round(t_elem / t_vec, 1),
        "ratio_to_map_floor": round(t_vec / t_map, 2),
    }
    categories = result["license_category"].value_counts()
    print(
        f"{args.rows:,} rights values drawn from {len(pool)} found in the samples ({distinct} distinct)"
    )
    print(f"{'method':<40}{'seconds':>10}{'vs vectorised':>16}")
    for label, seconds in (
        ("df.rights.normalize (vectorised)", t_vec),
        ("row-wise df.apply(normalize, axis=1)", t_row),
        ("element-wise Series.apply(normalize)", t_elem),
        ("Series.map(dict) floor (URI only)", t_map),
    ):
        print(f"{label:<40}{seconds:>10.3f}{seconds / t_vec:>15.2f}x")
    print(f"speedup vs row-wise apply: {figures['speedup_vs_apply']}x (target >= 50x)")
    print(f"speedup vs Series.apply:   {figures['speedup_vs_series_apply']}x")
    print(f"ratio to the map floor:    {figures['ratio_to_map_floor']}x (target <= 3x)")
    print("categories: " + ", ".join(f"{k} {v:,}" for k, v in categories.items()))
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
