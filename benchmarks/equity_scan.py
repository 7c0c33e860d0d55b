"""Contentious-terms scan speed on 10,000 records, against a term-by-term regex loop.

The records are built by resampling every title and description of the bundled real sample
responses (offline search of each source); each text gets its record number appended, so every
one of them is really scanned (no repeated text is served from the scan's memo). Measured:

- ``scan_terms`` over the 10,000 texts, English (Words Matter + Duke) and Dutch (Words Matter,
  with compounds), each vocabulary compiled into one trie-shaped expression;
- the naive way: one compiled ``\\bform\\b`` expression per word form, run over every text;
- ``df.equity.scan`` (title and description) on the 10,000 records.

    python benchmarks/equity_scan.py [--records 10000] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import time


def real_texts() -> list[str]:
    """Every non-empty title and description of the bundled sample responses."""
    import h4og_kit
    from h4og_kit import http
    from h4og_kit.sources import SOURCES

    texts = []
    for name in SOURCES:
        try:
            frame = h4og_kit.search(name)
        except (ImportError, OSError, http.SourceError):  # no module or no bundled samples
            continue
        for column in ("title", "description"):
            texts.extend(t for t in frame[column].dropna() if t.strip())
    return texts


def naive(texts: list[str], lang: str) -> int:
    from h4og_kit.equity.lexicons import terms

    patterns = [
        re.compile(rf"\b{re.escape(form)}\b", re.IGNORECASE)
        for term in terms(lang)
        for form in term.forms
    ]
    return sum(1 for text in texts for pattern in patterns for _ in pattern.finditer(text))


def timed(fn, *args):
    started = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("H4OG_OFFLINE", "1")

    import pandas as pd

    from h4og_kit.equity.accessor import EquityAccessor
    from h4og_kit.equity.scan import scan_terms

    pool = real_texts()
    rng = random.Random(2024)
    texts = [f"{rng.choice(pool)} (record {i})" for i in range(args.records)]
    series = pd.Series(texts)
    half = len(texts) // 2
    frame = pd.DataFrame({"title": texts[:half] * 2, "description": texts[half:] * 2})[: len(texts)]

    compile_en, _ = timed(scan_terms, "warm-up", "en")
    compile_nl, _ = timed(scan_terms, "warm-up", "nl")
    scan_en, found_en = timed(scan_terms, series, "en")
    scan_nl, found_nl = timed(scan_terms, series, "nl")
    naive_en, naive_count = timed(naive, texts, "en")
    accessor, _ = timed(EquityAccessor(frame).scan)

    figures = {
        "records": len(texts),
        "distinct_real_texts": len(set(pool)),
        "mean_text_chars": round(sum(map(len, texts)) / len(texts), 1),
        "compile_en_seconds": round(compile_en, 3),
        "compile_nl_seconds": round(compile_nl, 3),
        "scan_en_seconds": round(scan_en, 3),
        "scan_nl_seconds": round(scan_nl, 3),
        "matches_en": len(found_en),
        "matches_nl": len(found_nl),
        "records_per_second_en": round(len(texts) / scan_en),
        "naive_en_seconds": round(naive_en, 3),
        "naive_en_matches": naive_count,
        "speedup_vs_naive": round(naive_en / scan_en, 1),
        "accessor_scan_seconds": round(accessor, 3),
    }
    width = max(map(len, figures))
    print(f"Contentious-terms scan on {len(texts):,} records resampled from {len(set(pool))} real texts")
    for name, value in figures.items():
        print(f"  {name:<{width}}  {value}")
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
