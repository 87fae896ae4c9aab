"""`dyad events`, `dyad stats`, `dyad export`: read the event store (thin wrappers over dyad.store)."""

from __future__ import annotations

import argparse
import csv
import json
import sys

from dyad.cli.code import _date
from dyad.cli.ingest import add_db
from dyad.store import FORMATS, EventQuery, StoreError, export, find_events, flat, open_store, record, stats
from dyad.store.rows import STORED_COLUMNS


def _dyad(value: str) -> tuple[str, str]:
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 2 or not all(parts):
        raise argparse.ArgumentTypeError(f"expected two actor codes A,B: {value!r}")
    return parts[0], parts[1]


def register(commands) -> None:
    cmd = commands.add_parser("events", help="query the events in the store")
    add_db(cmd)
    cmd.add_argument("--source", metavar="CODE", help="source actor code or prefix (USA matches USAGOV)")
    cmd.add_argument("--target", metavar="CODE", help="target actor code or prefix")
    cmd.add_argument("--dyad", type=_dyad, metavar="A,B", help="events between A and B, either direction")
    cmd.add_argument("--cameo", metavar="PREFIX", help="CAMEO code prefix, e.g. 19 or 112")
    cmd.add_argument("--plover", metavar="TYPE", help="PLOVER event type, e.g. ACCUSE")
    cmd.add_argument("--since", type=_date, metavar="DATE", help="events on or after YYYY-MM-DD")
    cmd.add_argument("--until", type=_date, metavar="DATE", help="events on or before YYYY-MM-DD")
    cmd.add_argument("--country", metavar="ISO3", help="source, target or place in this country")
    cmd.add_argument("--text", metavar="WORDS", help="words that occur in a sentence reporting the event")
    cmd.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    cmd.add_argument("--limit", type=int, metavar="N")
    cmd.set_defaults(run=run_events)

    cmd = commands.add_parser("stats", help="count what the store holds")
    add_db(cmd)
    cmd.add_argument("--json", action="store_true", help="one JSON object")
    cmd.set_defaults(run=run_stats)

    cmd = commands.add_parser("export", help="export the store: csv, parquet (a folder), gdelt, plover")
    add_db(cmd)
    cmd.add_argument("--format", choices=FORMATS, required=True)
    cmd.add_argument("-o", "--output", required=True, metavar="PATH", help="output file (a folder for parquet)")
    cmd.set_defaults(run=run_export)


def _fail(error: StoreError) -> int:
    print(f"dyad: {error}", file=sys.stderr)
    return 2


def run_events(args) -> int:
    query = EventQuery(
        source=args.source,
        target=args.target,
        dyad=args.dyad,
        cameo=args.cameo,
        plover=args.plover,
        since=args.since,
        until=args.until,
        country=args.country,
        text=args.text,
        limit=args.limit,
    )
    try:
        store = open_store(args.db, create=False)
        with store:
            out = csv.DictWriter(sys.stdout, fieldnames=STORED_COLUMNS) if args.format == "csv" else None
            if out:
                out.writeheader()
            for row in find_events(store, query):
                if out:
                    out.writerow(flat(row))
                else:
                    sys.stdout.write(json.dumps(record(row), ensure_ascii=False) + "\n")
    except StoreError as error:
        return _fail(error)
    return 0


def run_stats(args) -> int:
    try:
        with open_store(args.db, create=False) as store:
            counts = stats(store)
    except StoreError as error:
        return _fail(error)
    if args.json:
        print(json.dumps(counts))
    else:
        width = max(map(len, counts))
        for key, value in counts.items():
            print(f"{key:<{width}}  {'' if value is None else value}")
    return 0


def run_export(args) -> int:
    try:
        with open_store(args.db, create=False) as store:
            written = export(store, args.format, args.output)
    except StoreError as error:
        return _fail(error)
    except OSError as error:
        print(f"dyad: {args.output}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"dyad: wrote {args.output}: " + ", ".join(f"{v} {k}" for k, v in written.items()), file=sys.stderr)
    return 0
