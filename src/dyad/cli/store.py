"""`dyad events`, `dyad stats`, `dyad export`: read the event store (thin wrappers over dyad.store)."""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
from pathlib import Path

from dyad.cli.code import _date
from dyad.cli.ingest import add_db
from dyad.errors import InputError
from dyad.store import EventQuery, find_events, flat, open_store, record, stats
from dyad.store.export import FORMATS, export  # the function: `dyad.store.export` is also a module
from dyad.store.rows import STORED_COLUMNS


def _pattern(pattern: str, what: str):
    """An argparse type: the value must match ``pattern`` (the same rules as the API's query parameters)."""
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise argparse.ArgumentTypeError(f"expected {what}, got {value!r}")
        return value

    return check


_code = _pattern(r"[A-Za-z0-9]{1,24}", "an actor code such as USA or RUSGOV")
_plover = _pattern(r"[A-Za-z_]{1,32}", "a PLOVER event type, e.g. ACCUSE")
_iso3 = _pattern(r"[A-Za-z]{3}", "an ISO 3166 alpha-3 country code, e.g. UKR")


def _dyad(value: str) -> tuple[str, str]:
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 2 or not all(parts):
        raise argparse.ArgumentTypeError(f"expected two actor codes A,B: {value!r}")
    return _code(parts[0]), _code(parts[1])


def _modality(value: str) -> tuple[str, ...] | None:
    from dyad.store.query import modalities

    try:
        return modalities(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _add_modality(cmd: argparse.ArgumentParser, what: str) -> None:
    cmd.add_argument(
        "--modality",
        type=_modality,
        default=("asserted",),
        metavar="M[,M]",
        help=f"{what} of these modalities: asserted (the default), negated, hypothetical, future, "
        "historical, comma-separated, or all",
    )


def register(commands) -> None:
    cmd = commands.add_parser("events", help="query the events in the store")
    add_db(cmd)
    cmd.add_argument("--source", type=_code, metavar="CODE", help="source actor code or prefix (USA matches USAGOV)")
    cmd.add_argument("--target", type=_code, metavar="CODE", help="target actor code or prefix")
    cmd.add_argument("--dyad", type=_dyad, metavar="A,B", help="events between A and B, either direction")
    cmd.add_argument("--cameo", metavar="PREFIX", help="CAMEO code prefix, e.g. 19 or 112")
    cmd.add_argument("--plover", type=_plover, metavar="TYPE", help="PLOVER event type, e.g. ACCUSE")
    cmd.add_argument("--since", type=_date, metavar="DATE", help="events on or after YYYY-MM-DD")
    cmd.add_argument("--until", type=_date, metavar="DATE", help="events on or before YYYY-MM-DD")
    cmd.add_argument("--country", type=_iso3, metavar="ISO3", help="source, target or place in this country")
    cmd.add_argument("--text", metavar="WORDS", help="words that occur in a sentence reporting the event")
    cmd.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    cmd.add_argument("--limit", type=int, metavar="N", help="at most N events")
    _add_modality(cmd, "events")
    cmd.set_defaults(run=run_events)

    cmd = commands.add_parser("stats", help="count what the store holds")
    add_db(cmd)
    cmd.add_argument("--json", action="store_true", help="one JSON object")
    _add_modality(cmd, "count events and their dates")
    cmd.set_defaults(run=run_stats)

    cmd = commands.add_parser("export", help="export the store: csv, parquet (a folder), gdelt, plover")
    add_db(cmd)
    cmd.add_argument("--format", choices=FORMATS, required=True)
    cmd.add_argument("-o", "--output", required=True, metavar="PATH", help="output file (a folder for parquet)")
    _add_modality(cmd, "export events (csv, gdelt, plover; parquet copies every table)")
    cmd.set_defaults(run=run_export)


def run_events(args) -> int:
    query = EventQuery(  # checks what the filters mean (limit, cameo, since/until): one line, status 2
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
        modality=args.modality,
    )
    with open_store(args.db, create=False) as store:
        out = csv.DictWriter(sys.stdout, fieldnames=STORED_COLUMNS) if args.format == "csv" else None
        if out:
            out.writeheader()
        for row in find_events(store, query):
            if out:
                out.writerow(flat(row))
            else:
                sys.stdout.write(json.dumps(record(row), ensure_ascii=False) + "\n")
    return 0


def run_stats(args) -> int:
    with open_store(args.db, create=False) as store:
        counts = stats(store, args.modality)
    if args.json:
        print(json.dumps(counts))
    else:
        width = max(map(len, counts))
        for key, value in counts.items():
            if isinstance(value, dict):
                value = ", ".join(f"{k} {v}" for k, v in value.items()) or "-"
            print(f"{key:<{width}}  {'' if value is None else value}")
    return 0


def run_export(args) -> int:
    _check_output(args.format, args.output)
    try:
        with open_store(args.db, create=False) as store:
            written = export(store, args.format, args.output, modality=args.modality)
    except OSError as error:
        print(f"dyad: {args.output}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"dyad: wrote {args.output}: " + ", ".join(f"{v} {k}" for k, v in written.items()), file=sys.stderr)
    return 0


def _check_output(fmt: str, output: str) -> None:
    """Parquet writes a folder, the other formats one file: refuse an output of the other kind."""
    path = Path(output)
    looks_like_folder = output.endswith(("/", os.sep)) or path.is_dir()
    if fmt == "parquet" and path.is_file():
        raise InputError(f"{output}: is a file; --format parquet writes a folder of tables (give a folder name)")
    if fmt != "parquet" and looks_like_folder:
        example = path / f"events.{_SUFFIX.get(fmt, fmt)}"
        raise InputError(f"{output}: is a folder; --format {fmt} writes one file (give a file name, e.g. {example})")


_SUFFIX = {"csv": "csv", "gdelt": "gdelt.tsv", "plover": "plover.jsonl"}
