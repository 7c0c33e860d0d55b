"""Registry speed and matchmaking quality, measured in one run.

- registrations per second, one transaction each, on SQLite (a WAL file) and on a throwaway
  PostgreSQL server (fsync on, as a real server runs);
- ``search`` latency with 5,000 entries (text, tag, kind+stage, language, plain listing);
- ``changes_since`` latency: the live board's poll (a few new changes) and a full page of 1,000;
- ``suggest_teams`` (optimal, scipy milp) against the greedy baseline on 300 people and 60
  projects, several seeded runs: the objective (fit plus needed skills covered) and the time.

The entries are SYNTHETIC (made up here from a small vocabulary, seeded), as a registry of real
registrations is not public. Targets: search and changes_since under 20 ms with 5,000 entries on
SQLite; suggest_teams at least as good as greedy on every run.

    python benchmarks/registry.py [--entries 5000] [--registrations 1000] [--runs 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

SKILLS = ["Python", "SPARQL", "IIIF", "JavaScript", "UX design", "R", "OCR", "GIS", "Wikidata",
          "data cleaning", "copyright", "metadata", "storytelling", "machine learning", "ethics",
          "linked data"]
TOPICS = ["place names", "endangered languages", "community archives", "botanical drawings",
          "photographs", "newspapers", "maps", "oral history", "textiles", "manuscripts",
          "posters", "sound recordings"]
TAGS = ["#indigenous", "#languages", "#endangeredHeritage", "#communityArchives",
        "#traditionalKnowledge", "#ethicalSharing", "#maps", "#IIIF", "#Wikidata", "#openAccess"]
ZONES = ["Europe/Helsinki", "Europe/Berlin", "Europe/Madrid", "America/Bogota",
         "America/New_York", "Africa/Nairobi", "Africa/Accra", "Asia/Tokyo", "Asia/Kolkata",
         "Pacific/Auckland", "UTC"]
LANGUAGES = ["en", "fi", "es", "de", "sw", "mi", "ar", "pt-BR", "se", "fr"]


def synthetic_fields(kind: str, i: int, rnd: random.Random) -> dict:
    topic = rnd.choice(TOPICS)
    common = {
        "summary": f"Synthetic {kind} {i} about {topic}",
        "keywords": rnd.sample(TAGS, 2),
        "languages": rnd.sample(LANGUAGES, 2),
    }
    if kind == "person":
        return {**common, "name": f"Synthetic person {i}", "skills": rnd.sample(SKILLS, 3),
                "interests": rnd.sample(TAGS, 2), "time_zone": rnd.choice(ZONES),
                "contact_consent": True, "email": f"person{i}@example.org"}
    if kind == "project":
        return {**common, "title": f"Synthetic project {i}: {topic}",
                "skills_needed": rnd.sample(SKILLS, rnd.randint(2, 5))}
    return {**common, "title": f"Synthetic {kind} {i}: {topic}"}


def synthetic_records(n: int, seed: int = 7) -> list[dict]:
    rnd = random.Random(seed)
    kinds = ["person"] * 5 + ["project"] * 2 + ["collection", "tool", "workshop"]
    records = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        records.append({"id": f"{kind}-syn{i:05d}", "kind": kind,
                        "fields": synthetic_fields(kind, i, rnd)})
    return records


def timings_ms(fn, repeat: int) -> dict:
    fn()  # warm the statement cache
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {"p50": statistics.median(samples), "p95": samples[int(0.95 * (len(samples) - 1))]}


def registrations_per_second(registry, n: int) -> float:
    rnd = random.Random(1)
    started = time.perf_counter()
    for i in range(n):
        registry.register("project", synthetic_fields("project", i, rnd))
    return n / (time.perf_counter() - started)


def query_latencies(registry, repeat: int) -> dict:
    queries = {
        "search text": lambda: registry.search(text="endangered languages"),
        "search tag": lambda: registry.search(tags="#indigenous"),
        "search kind+stage": lambda: registry.search(kind="project", stage="idea"),
        "search language": lambda: registry.search(language="fi"),
        "search all (first 100)": lambda: registry.search(),
    }
    out = {name: timings_ms(query, repeat) for name, query in queries.items()}
    entry, token = registry.register("project", {"title": "Live board probe"})
    _, cursor = registry.changes_since(0, limit=10**9)
    for i in range(10):
        registry.update(entry.id, {"summary": f"change {i}"}, token=token)
    out["changes_since (10 new)"] = timings_ms(lambda: registry.changes_since(cursor), repeat)
    out["changes_since (none new)"] = timings_ms(
        lambda: registry.changes_since(cursor + 10), repeat)
    out["changes_since (page of 1000)"] = timings_ms(
        lambda: registry.changes_since(0, limit=1000), max(5, repeat // 5))
    return out


def store_figures(url: str, entries: int, registrations: int, repeat: int) -> tuple[float, dict]:
    from h4og_kit.registry import Registry

    registry = Registry(url)
    rate = registrations_per_second(registry, registrations)
    registry.seed(synthetic_records(entries - registrations), "benchmark")
    latencies = query_latencies(registry, repeat)
    registry.close()
    return rate, latencies


def team_runs(runs: int, people: int, projects: int, capacity: int) -> list[dict]:
    from h4og_kit.registry.entries import Entry
    from h4og_kit.registry.matching import greedy_teams, suggest_teams

    results = []
    for seed in range(runs):
        rnd = random.Random(1000 + seed)
        persons, projs = (
            [Entry(f"{kind}-{i}", kind, 1,
                   {"status": "published", "team": [], **synthetic_fields(kind, i, rnd)}, "", "")
             for i in range(count)]
            for kind, count in (("person", people), ("project", projects))
        )
        optimal = suggest_teams(persons, projs, capacity)
        greedy = greedy_teams(persons, projs, capacity)
        results.append({
            "seed": 1000 + seed, "optimal_score": optimal.score, "greedy_score": greedy.score,
            "ratio": optimal.score / greedy.score, "optimal": optimal.optimal,
            "optimal_s": optimal.seconds, "greedy_s": greedy.seconds,
            "optimal_unassigned": len(optimal.unassigned),
            "greedy_unassigned": len(greedy.unassigned),
            "optimal_missing": sum(len(m) for m in optimal.missing.values()),
            "greedy_missing": sum(len(m) for m in greedy.missing.values()),
        })
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--registrations", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--projects", type=int, default=60)
    parser.add_argument("--capacity", type=int, default=5)
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--json", action="store_true", help="end with one JSON line of figures")
    args = parser.parse_args()

    figures: dict[str, float] = {}
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        sqlite_url = f"sqlite:///{Path(folder) / 'registry.sqlite3'}"
        rate, latencies = store_figures(sqlite_url, args.entries, args.registrations, args.repeat)
    backends = {"sqlite": (rate, latencies)}
    if not args.no_postgres:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
        from pgserver import throwaway_postgres  # the tests' throwaway server

        with throwaway_postgres(durable=True) as pg_url:
            backends["postgres"] = store_figures(pg_url, args.entries, args.registrations,
                                                 args.repeat)
    for backend, (rate, latencies) in backends.items():
        figures[f"{backend}_registrations_per_s"] = round(rate, 1)
        rows.append((backend, "registrations per second", f"{rate:,.0f}"))
        for name, t in latencies.items():
            key = f"{backend}_{name.split(' (')[0].replace(' ', '_').replace('+', '_')}"
            if "(" in name:
                key += "_" + name.split("(")[1].rstrip(")").replace(" ", "_")
            figures[f"{key}_p50_ms"] = round(t["p50"], 3)
            figures[f"{key}_p95_ms"] = round(t["p95"], 3)
            rows.append((backend, f"{name}, {args.entries:,} entries",
                         f"p50 {t['p50']:.2f} ms, p95 {t['p95']:.2f} ms"))

    runs = team_runs(args.runs, args.people, args.projects, args.capacity)
    for run in runs:
        result = (
            f"{run['optimal_score']:.1f} vs {run['greedy_score']:.1f} (x{run['ratio']:.3f}); "
            f"{run['optimal_s']:.2f} s vs {run['greedy_s']:.2f} s; "
            f"missing skills {run['optimal_missing']} vs {run['greedy_missing']}"
        )
        rows.append(("teams", f"seed {run['seed']}: optimal vs greedy score", result))
    figures["teams_min_ratio_vs_greedy"] = round(min(r["ratio"] for r in runs), 4)
    figures["teams_mean_ratio_vs_greedy"] = round(statistics.mean(r["ratio"] for r in runs), 4)
    figures["teams_all_at_least_greedy"] = all(
        r["optimal_score"] >= r["greedy_score"] - 1e-9 for r in runs)
    figures["teams_all_proven_optimal"] = all(r["optimal"] for r in runs)
    figures["teams_optimal_max_s"] = round(max(r["optimal_s"] for r in runs), 3)
    figures["teams_greedy_max_s"] = round(max(r["greedy_s"] for r in runs), 3)
    search_keys = [k for k in figures if k.startswith("sqlite_search") and k.endswith("p95_ms")]
    figures["sqlite_search_worst_p95_ms"] = max(figures[k] for k in search_keys)
    figures["sqlite_poll_p95_ms"] = figures["sqlite_changes_since_10_new_p95_ms"]
    figures["targets_met"] = (
        figures["sqlite_search_worst_p95_ms"] < 20
        and figures["sqlite_poll_p95_ms"] < 20
        and figures["teams_all_at_least_greedy"]
    )

    width = max(len(r[1]) for r in rows)
    print(f"{'where':9} {'measure':{width}}  result")
    for backend, name, value in rows:
        print(f"{backend:9} {name:{width}}  {value}")
    print(f"targets (search and changes_since < 20 ms on SQLite, teams >= greedy every run): "
          f"{'met' if figures['targets_met'] else 'NOT met'}")
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
