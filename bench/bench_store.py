"""Speed of the event store: ingest throughput against coding alone, and a dyad query over 1M events.

    python bench/bench_store.py [--stories ../shared/bench/stories.jsonl] [--limit 600] [--rounds 3]
                                [--events 1000000] [--pg postgresql://postgres@127.0.0.1/test]

1. `dyad ingest STORIES --db NEW` (a fresh SQLite file, and PostgreSQL database with --pg)
   against `dyad code STORIES -o FILE`, whole processes (start-up included, as a user runs
   them) on --processes workers each, the median of --rounds rounds that alternate which runs
   first, as wall and CPU time; then a rerun of the ingest, when every story is skipped. The
   same figure as `bench/bench_coder.py --only ingest`;
2. a store of N synthetic events written straight into the tables of a SQLite file, then
   one-dyad queries (all events of a dyad, the same within a month, the first 100) — cold
   (first run) and warm (best of 5), rows streamed through dyad.store.find_events.
Prints time ratios for 1 and milliseconds for 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

DEFAULT_STORIES = Path(__file__).resolve().parents[1] / ".." / "shared" / "bench" / "stories.jsonl"


def load(path: Path, limit: int) -> list[str]:
    lines = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                lines.append(line)
            if len(lines) >= limit:
                break
    return lines


def bench_ingest(lines: list[str], pg: str | None, processes: int, rounds: int) -> None:
    """`dyad ingest` against `dyad code` on the same stories, whole processes, the median of
    ``rounds`` alternating rounds: the figure of bench/bench_coder.py's ``--only ingest``."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_coder import ROOT, ingest_against_code

    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    dyad = [sys.executable, "-m", "dyad.cli.main"]
    with tempfile.TemporaryDirectory(prefix="dyad-bench-") as tmp:
        folder = Path(tmp)
        stories = folder / "stories.jsonl"
        stories.write_text("".join(lines), encoding="utf-8")
        print(f"{len(lines)} stories, {processes} processes, {rounds} rounds; load average {os.getloadavg()[0]:.2f}")
        ingest_against_code(dyad, stories, folder, processes, rounds, env)
        if pg:
            import psycopg

            with psycopg.connect(pg, autocommit=True) as admin:
                names: list[str] = []

                def fresh_pg() -> str:
                    names.append(f"dyad_bench_{uuid.uuid4().hex[:8]}")
                    admin.execute(f'CREATE DATABASE "{names[-1]}"')
                    return f"{pg.rsplit('/', 1)[0]}/{names[-1]}"

                try:
                    ingest_against_code(dyad, stories, folder, processes, rounds, env, fresh_pg, "PostgreSQL")
                finally:
                    for name in names:
                        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        print(f"load average at end: {os.getloadavg()[0]:.2f}")


ISO = [
    "USA",
    "CHN",
    "RUS",
    "UKR",
    "GBR",
    "FRA",
    "DEU",
    "IRN",
    "ISR",
    "PSE",
    "SYR",
    "TUR",
    "IND",
    "PAK",
    "PRK",
    "KOR",
    "JPN",
    "SAU",
    "EGY",
    "NGA",
    "ZAF",
    "BRA",
    "MEX",
    "VEN",
    "COL",
    "AFG",
    "IRQ",
    "LBN",
    "YEM",
    "SDN",
    "ETH",
    "KEN",
    "SOM",
    "MLI",
    "LBY",
    "AUS",
    "CAN",
    "ITA",
    "ESP",
    "POL",
]
SECTORS = ["", "GOV", "MIL", "REB", "OPP", "BUS", "CVL", "MED", "LEG", "JUD"]
CAMEO = [
    "010",
    "020",
    "036",
    "040",
    "042",
    "051",
    "057",
    "061",
    "071",
    "111",
    "112",
    "120",
    "129",
    "130",
    "138",
    "141",
    "163",
    "173",
    "180",
    "190",
    "193",
    "195",
]


def synthetic(conn: sqlite3.Connection, count: int, seed: int = 7) -> None:
    """``count`` events straight into the events (and actors) tables, codes drawn with a long tail."""
    rng = random.Random(seed)
    codes = [c + s for c in ISO for s in SECTORS]
    weights = [1 / (ISO.index(c[:3]) + 1) / (SECTORS.index(c[3:]) + 1) for c in codes]
    conn.executemany(
        "INSERT INTO actors (code, country, sector, first_seen) VALUES (?, ?, ?, '2024-01-01')",
        [(c, c[:3], c[3:] or None) for c in codes],
    )  # as the writer keeps it
    start_day = dt.date(2015, 1, 1)
    now = dt.datetime(2024, 1, 1).isoformat(sep=" ")
    chunk = 100_000
    for base in range(0, count, chunk):
        rows = []
        for _ in range(base, min(base + chunk, count)):
            source, target = rng.choices(codes, weights, k=2)
            cameo = rng.choice(CAMEO)
            day = (start_day + dt.timedelta(days=rng.randrange(3650))).isoformat()
            rows.append(
                (
                    source,
                    source[:3],
                    source[3:] or None,
                    target,
                    target[:3],
                    target[3:] or None,
                    cameo,
                    cameo[:2],
                    "asserted",
                    day,
                    "day",
                    day,
                    day,
                    day,
                    rng.randint(1, 9),
                    rng.randint(1, 5),
                    rng.randint(1, 5),
                    now,
                    now,
                )
            )
        conn.executemany(
            "INSERT INTO events (source_code, source_country, source_sector, target_code, target_country, "
            "target_sector, cameo, cameo_root, modality, date, date_precision, date_lo, date_hi, published, "
            "n_mentions, n_articles, n_sources, first_seen, last_seen) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.commit()


def timed(run) -> tuple[float, int]:
    start = time.perf_counter()
    n = run()
    return (time.perf_counter() - start) * 1000, n


def bench_query(count: int) -> None:
    from dyad.store import EventQuery, find_events, open_store

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'million.db'}"
        open_store(url).close()
        conn = sqlite3.connect(Path(tmp) / "million.db")
        start = time.perf_counter()
        synthetic(conn, count)
        conn.execute("ANALYZE")
        conn.commit()
        conn.close()
        print(
            f"synthetic      : {count:,} events written in {time.perf_counter() - start:6.1f} s "
            f"({(Path(tmp) / 'million.db').stat().st_size / 1e6:.0f} MB)"
        )
        queries = {  # codes are drawn with a long tail: USA-CHN is the densest dyad of all
            "dyad USA,CHN (all)": EventQuery(dyad=("USA", "CHN")),
            "dyad IRN,ISR (all)": EventQuery(dyad=("IRN", "ISR")),
            "dyad PAK,IND (all)": EventQuery(dyad=("PAK", "IND")),
            "dyad USA,CHN, one month": EventQuery(
                dyad=("USA", "CHN"), since=dt.date(2020, 3, 1), until=dt.date(2020, 3, 31)
            ),
            "source RUSMIL target UKR": EventQuery(source="RUSMIL", target="UKR"),
            "dyad PAK,IND, first 100": EventQuery(dyad=("PAK", "IND"), limit=100),
        }
        with open_store(url, create=False) as store:
            for label, query in queries.items():
                cold, n = timed(lambda query=query: sum(1 for _ in find_events(store, query)))
                warm = min(timed(lambda query=query: sum(1 for _ in find_events(store, query)))[0] for _ in range(5))
                print(f"query {label:<25}: {n:6d} events, cold {cold:7.1f} ms, warm {warm:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=Path, default=DEFAULT_STORIES)
    parser.add_argument("--limit", type=int, default=600, help="stories to code and ingest (600)")
    parser.add_argument("--events", type=int, default=1_000_000, help="synthetic events for the query (1,000,000)")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="alternated code/ingest rounds, median kept (3)")
    parser.add_argument("--pg", help="also ingest into a scratch database on this PostgreSQL server")
    args = parser.parse_args()
    if args.limit:
        bench_ingest(load(args.stories, args.limit), args.pg, args.processes, args.rounds)
    if args.events:
        bench_query(args.events)


if __name__ == "__main__":
    main()
