"""OAI-PMH parsing throughput on the real MODS and EAD files, against plain lxml over the same bytes.

For each file, measured side by side in one run (best of ``--repeat``): the kit's OAI source
reading the file into common records (``OaiSource().parse``: parsing, mapping, rights) and the
floor, plain ``lxml.etree.fromstring`` plus one pass over every element's text. Throughput is in
the kit's records per second; the ratio says how much the mapping costs over bare parsing.

    python benchmarks/oai_parsing.py [--repeat 20] [--json]

``benchmarks/harvest.py`` prints the same table.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The real MODS and EAD responses the kit bundles or tests with (provenance beside each).
FILES = {
    "MODS (Harvard LibraryCloud)": "h4og_kit/data/samples/oai/harvard_librarycloud_ListRecords_mods_botanicals.xml",
    "MODS (Densho)": "tests/fixtures/oai/dpla-ingestion3_record_northwest-heritage_densho_mods.xml",
    "MODS (Montana)": "tests/fixtures/oai/montana_repox_GetRecord_mods.xml",
    "EAD (ArchivesSpace)": "tests/fixtures/oai/archivesspace-test_GetRecord_oai_ead.xml",
    "EAD (Caltech)": "tests/fixtures/oai/caltech-archives_GetRecord_oai_ead_resources-34_glaser.xml",
}


def _best(fn, data: bytes, repeat: int) -> tuple[float, int]:
    best, result = float("inf"), 0
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn(data)
        best = min(best, time.perf_counter() - started)
    return best, result


def _plain_lxml(data: bytes) -> int:
    from lxml import etree

    return sum(1 for el in etree.fromstring(data).iter() if el.text is not None)


def measure(repeat: int = 20) -> list[dict]:
    """One row per file: records, the kit's and plain lxml's seconds, records per second."""
    from h4og_kit.rights import normalize
    from h4og_kit.sources.oai import OaiSource

    normalize("CC0")  # the rights tables load once, before timing
    source = OaiSource("https://example.org/oai")
    rows = []
    for name, relative in FILES.items():
        data = (ROOT / relative).read_bytes()
        kit_s, records = _best(lambda d: len(source.parse(d)), data, repeat)
        lxml_s, _ = _best(_plain_lxml, data, repeat)
        rows.append({"file": name, "bytes": len(data), "records": records,
                     "kit_s": kit_s, "lxml_s": lxml_s,
                     "kit_records_per_s": records / kit_s, "lxml_records_per_s": records / lxml_s,
                     "ratio": kit_s / lxml_s})
    return rows


def print_table(rows: list[dict]) -> None:
    print(f"{'OAI file':<30}{'records':>8}{'kit rec/s':>12}{'lxml rec/s':>12}{'kit/lxml':>10}")
    for r in rows:
        print(f"{r['file']:<30}{r['records']:>8}{r['kit_records_per_s']:>12,.0f}"
              f"{r['lxml_records_per_s']:>12,.0f}{r['ratio']:>9.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = measure(args.repeat)
    print_table(rows)
    if args.json:
        print(json.dumps(rows))


if __name__ == "__main__":
    main()
