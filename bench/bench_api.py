"""Speed of the dashboard's aggregations over 1M events: /api/timeseries and /api/network for one
country and one year, in-process (FastAPI TestClient over a SQLite file).

    python bench/bench_api.py [--events 1000000] [--country USA] [--year 2020]

The events come from bench_store.synthetic (the store bench's generator, written straight into
the tables). Prints cold (first) and warm (best of 5) milliseconds per request; target < 300 ms.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store import synthetic  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--country", default="USA")
    parser.add_argument("--year", type=int, default=2020)
    args = parser.parse_args()
    from fastapi.testclient import TestClient

    from dyad.store import open_store
    from dyad.web.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "million.db"
        open_store(f"sqlite:///{path}").close()
        conn = sqlite3.connect(path)
        start = time.perf_counter()
        synthetic(conn, args.events)
        conn.execute("ANALYZE")
        conn.commit()
        conn.close()
        print(
            f"synthetic: {args.events:,} events in {time.perf_counter() - start:.1f} s "
            f"({path.stat().st_size / 1e6:.0f} MB)"
        )
        span = f"country={args.country}&since={args.year}-01-01&until={args.year}-12-31"
        with open_store(f"sqlite:///{path}", create=False) as store:
            client = TestClient(create_app(store))
            for label, url in [
                ("timeseries month", f"/api/timeseries?interval=month&{span}"),
                ("timeseries day", f"/api/timeseries?interval=day&{span}"),
                ("network", f"/api/network?limit=100&{span}"),
                ("events page", f"/api/events?limit=100&{span}"),
            ]:
                times = []
                for _ in range(6):
                    t0 = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - t0) * 1000)
                    assert response.status_code == 200, response.text
                body = response.json()
                size = {
                    "timeseries": lambda b: f"{sum(x['count'] for x in b['buckets'])} events",
                    "network": lambda b: f"{b['edge_total']} dyads",
                    "events": lambda b: f"{len(b['events'])} events",
                }[label.split()[0]](body)
                print(
                    f"{label:<17} {args.country} {args.year}: {size:>14}, cold {times[0]:7.1f} ms, "
                    f"warm {min(times[1:]):7.1f} ms"
                )


if __name__ == "__main__":
    main()
