"""`dyad code PATH...`: code articles into events (a thin wrapper over Coder and the readers)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

from dyad.cli.common import coder_from_args
from dyad.errors import InputError
from dyad.output import EventWriter, article_block
from dyad.pipeline import article_record
from dyad.readers import ReadError, read_path
from dyad.records import Article


def register(commands) -> None:
    cmd = commands.add_parser("code", help="code articles (.txt, .jsonl, .html, or - for stdin) into events")
    cmd.add_argument("paths", nargs="+", metavar="PATH")
    cmd.add_argument("--published", type=_date, help="publication date YYYY-MM-DD for inputs that lack one")
    cmd.add_argument("--format", choices=["jsonl", "csv", "table"], default="jsonl")
    cmd.add_argument("-o", "--output", help="output file (default: standard output)")
    cmd.add_argument("--jsonl-out", help="also write the events as JSON Lines to this file")
    cmd.add_argument("--processes", type=int, help="worker processes (default 2)")
    cmd.add_argument("--model", help="spaCy model to parse with (package name or path)")
    cmd.add_argument("--actors", action="append", default=[], help="extra actor dictionary (YAML)")
    cmd.add_argument("--verbs", action="append", default=[], help="extra verb dictionary (YAML)")
    cmd.add_argument("--quotes", action="store_true", help="also output quotes as records of their own (kind: quote)")
    cmd.add_argument(
        "--articles", action="store_true", help="output one record per article: metadata, places, quotes and events"
    )
    cmd.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    cmd.set_defaults(run=run)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def run(args) -> int:
    if args.articles and args.format == "csv":
        raise InputError("--articles needs --format jsonl or table")
    if args.quotes and args.format == "csv":
        raise InputError("--quotes needs --format jsonl or table (quotes and events do not share CSV columns)")
    coder = coder_from_args(args)
    failed = coded = events = 0
    start = time.monotonic()

    def articles() -> Iterator[Article]:
        nonlocal failed
        for path in args.paths:
            for item in read_path(path, published=args.published):
                if isinstance(item, ReadError):
                    print(f"dyad: {item.input}: {item.problem}", file=sys.stderr)
                    failed += item.severity == "error"
                else:
                    yield item

    with ExitStack() as stack:
        handle = stack.enter_context(open(args.output, "w", encoding="utf-8")) if args.output else sys.stdout
        writer = EventWriter(handle, args.format)
        extra = (
            EventWriter(stack.enter_context(open(args.jsonl_out, "w", encoding="utf-8")), "jsonl")
            if args.jsonl_out
            else None
        )
        results = coder.code_many(articles())
        if not args.no_progress and sys.stderr.isatty():
            from tqdm import tqdm

            results = tqdm(results, total=_total(args.paths), unit=" articles", file=sys.stderr, dynamic_ncols=True)
        for result in results:
            if result.error:
                print(f"dyad: article {result.article.id}: could not be coded: {result.error}", file=sys.stderr)
                failed += 1
                continue
            coded += 1
            events += len(result.events)
            if args.articles:
                record = article_record(result)
                handle.write(record.model_dump_json() + "\n" if args.format == "jsonl" else article_block(record))
                continue
            writer.write(result.events)
            if args.quotes:
                writer.write_quotes(result.quotes)
            if extra:
                extra.write(result.events)
        writer.close()
        if extra:
            extra.close()
    summary = f"dyad: {coded} article(s) coded, {events} event(s) in {time.monotonic() - start:.1f} s"
    print(summary + (f"; {failed} input(s) failed, the others were coded" if failed else ""), file=sys.stderr)
    return 1 if failed else 0


def _total(paths: list[str]) -> int | None:
    """How many articles the inputs hold, for the progress bar (None when standard input is one)."""
    total = 0
    for name in paths:
        path = Path(name)
        if name == "-" or path.suffix.lower() not in (".txt", ".html", ".htm", ".jsonl", ".ndjson"):
            return None
        if path.suffix.lower() in (".jsonl", ".ndjson"):
            try:
                with path.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except OSError:
                return None
        else:
            total += 1
    return total
