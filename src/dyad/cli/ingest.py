"""`dyad ingest`: code news into the event store (a thin wrapper over dyad.store).

dyad ingest PATH... [--db URL]               files and folders (.txt .jsonl .html .rss .atom .xml .warc)
dyad ingest --watch FOLDER [--watch-seconds S] ingest new files as they arrive, until Ctrl-C
dyad ingest --feed URL [--every MINUTES]       poll RSS/Atom feeds and fetch their new articles
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from dyad.cli.code import _date
from dyad.cli.common import coder_from_args
from dyad.errors import InputError
from dyad.store import DEFAULT_URL, DEFAULT_WINDOW, Ingester, StoreError, open_store, read_inputs
from dyad.store.ingest import estimate_items


def add_db(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument(
        "--db",
        metavar="URL",
        help=f"database: sqlite:///PATH, a file path, or postgresql://USER@HOST/DB (default {DEFAULT_URL})",
    )


def register(commands) -> None:
    cmd = commands.add_parser(
        "ingest",
        help="code articles and feeds into the event store, each once",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cmd.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (recursive)")
    add_db(cmd)
    cmd.add_argument("--watch", metavar="FOLDER", help="keep ingesting new files put in FOLDER")
    cmd.add_argument(
        "--watch-seconds",
        type=float,
        metavar="S",
        help="stop watching (and polling feeds) after S seconds (default: until Ctrl-C)",
    )
    cmd.add_argument("--poll", type=float, default=2.0, metavar="S", help="seconds between folder scans (2)")
    cmd.add_argument("--feed", action="append", default=[], metavar="URL", help="an RSS/Atom feed URL (repeatable)")
    cmd.add_argument("--every", type=float, metavar="MINUTES", help="poll the feeds every MINUTES (default: once)")
    cmd.add_argument("--timeout", type=float, default=20.0, metavar="S", help="HTTP timeout in seconds (20)")
    cmd.add_argument("--retries", type=int, default=2, metavar="N", help="HTTP retries with backoff (2)")
    cmd.add_argument(
        "--backoff", type=float, default=1.0, metavar="S", help="first retry after S seconds, doubling each time (1)"
    )
    cmd.add_argument(
        "--rate", type=float, default=1.0, metavar="S", help="at least S seconds between requests to one host (1)"
    )
    cmd.add_argument("--published", type=_date, help="publication date YYYY-MM-DD for inputs that lack one")
    cmd.add_argument(
        "--commit-every",
        "--batch-size",
        dest="commit_every",
        type=int,
        default=256,
        metavar="N",
        help="inputs coded, then committed in one transaction (256)",
    )
    cmd.add_argument(
        "--window",
        type=int,
        default=DEFAULT_WINDOW,
        metavar="DAYS",
        help=f"dedup window: mentions this many days apart can be one event ({DEFAULT_WINDOW})",
    )
    cmd.add_argument("--max-mb", type=float, default=20.0, help="largest article accepted, in MB (20)")
    cmd.add_argument("--processes", type=int, help="worker processes (default 2)")
    cmd.add_argument("--model", help="spaCy model to parse with (package name or path)")
    cmd.add_argument("--actors", action="append", default=[], help="extra actor dictionary (YAML)")
    cmd.add_argument("--verbs", action="append", default=[], help="extra verb dictionary (YAML)")
    cmd.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    cmd.set_defaults(run=run)


def run(args) -> int:
    if (problem := _check_inputs(args)) is not None:
        return problem
    store = open_store(args.db)
    print(f"dyad: storing in {store.name}" + (" (no --db given)" if args.db is None else ""), file=sys.stderr)
    try:
        coder = coder_from_args(args)
    except BaseException:
        store.close()
        raise
    bar = _progress_bar(args)

    def warn(message: str) -> None:
        (bar.write if bar is not None else lambda m: print(m, file=sys.stderr))(f"dyad: {message}")

    def progress(count: int) -> None:
        if bar.total is not None and bar.n + count > bar.total:  # an estimate: WARC and feeds hold many
            bar.total = bar.n + count
        bar.update(count)

    ingester = Ingester(
        store,
        coder,
        commit_every=args.commit_every,
        window=args.window,
        progress=progress if bar is not None else None,
        warn=warn,
    )
    status = 0
    try:
        if args.paths:
            ingester.ingest(read_inputs(args.paths, args.published, max_mb=args.max_mb))
        if args.watch or args.feed:
            _follow(ingester, args, warn)
    except KeyboardInterrupt:
        warn("interrupted; the batch in progress was not stored (run again to resume)")
        status = 130
    except StoreError as error:
        warn(str(error))
        status = 2
    finally:
        if bar is not None:
            bar.close()
        store.close()
    print(f"dyad: {ingester.summary.line()}", file=sys.stderr)
    if status == 0 and ingester.summary.quarantined:
        status = 1  # like dyad code: the others were stored, but something was not
    return status


def _check_inputs(args) -> int | None:
    """Exit status 2 when nothing at all was given; InputError when no given input exists."""
    if not (args.paths or args.watch or args.feed):
        print("dyad ingest: give a PATH, --watch FOLDER or --feed URL", file=sys.stderr)
        return 2
    if args.watch and not Path(args.watch).is_dir():
        raise InputError(f"{args.watch}: no such folder to watch")
    # nothing to do at all; one missing among others is quarantined
    if args.paths and not (args.watch or args.feed) and not any(p == "-" or Path(p).exists() for p in args.paths):
        raise InputError(f"{args.paths[0]}: no such file or folder")
    return None


def _progress_bar(args):
    """A bar with a total and ETA on a terminal (the total estimated from the inputs), else None."""
    if args.no_progress or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    total = estimate_items(args.paths) if args.paths and not (args.watch or args.feed) else None
    width = shutil.get_terminal_size((100, 24)).columns or 100  # a new pseudo-terminal may say 0
    return tqdm(total=total, unit=" articles", file=sys.stderr, ncols=width, nrows=24)


def _follow(ingester: Ingester, args, warn) -> None:
    """Watch a folder and/or poll feeds until stopped or --watch-seconds pass."""
    from dyad.readers.fetch import Fetcher
    from dyad.store.loop import run as loop

    fetcher = (
        Fetcher(
            timeout=args.timeout,
            retries=args.retries,
            backoff=args.backoff,
            min_interval=args.rate,
            max_mb=args.max_mb,
        )
        if args.feed
        else None
    )
    try:
        loop(
            ingester,
            watch=args.watch,
            feeds=args.feed,
            fetcher=fetcher,
            every=args.every * 60 if args.every is not None else None,
            poll=args.poll,
            seconds=args.watch_seconds,
            published=args.published,
            max_mb=args.max_mb,
        )
    except KeyboardInterrupt:
        warn("stopped")
    finally:
        if fetcher:
            fetcher.close()
