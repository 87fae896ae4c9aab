"""Continuous ingest: watch a folder and poll feeds until stopped (Ctrl-C) or a deadline.

Assigns nothing; schedules. Each round ingests the files that appeared in the watched
folder (once they stopped growing) and, when due, the new items of every feed, committing
what it read before it sleeps, so stopping between rounds loses nothing and stopping
inside one loses at most the open batch (the next run codes it again).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from dyad.readers import read_file
from dyad.readers.fetch import Fetcher, poll_feed
from dyad.readers.walk import FolderWatcher
from dyad.store.ingest import Ingester, Item


def feed_items(
    ingester: Ingester, fetcher: Fetcher, feeds: Iterable[str], published: dt.date | None = None
) -> Iterator[Item]:
    """The new items of every feed, in turn."""
    for url in feeds:
        yield from poll_feed(fetcher, url, ingester.known, published)


def wait(seconds: float, deadline: float | None) -> bool:
    """Sleep up to ``seconds`` without passing ``deadline``; False when the deadline has come."""
    now = time.monotonic()
    if deadline is not None:
        if now >= deadline:
            return False
        seconds = min(seconds, deadline - now)
    time.sleep(max(seconds, 0))
    return deadline is None or time.monotonic() < deadline


def run(
    ingester: Ingester,
    *,
    watch: str | Path | None = None,
    feeds: list[str] | None = None,
    fetcher: Fetcher | None = None,
    every: float | None = None,
    poll: float = 2.0,
    seconds: float | None = None,
    published: dt.date | None = None,
    max_mb: float = 20.0,
) -> None:
    """Watch ``watch`` (every ``poll`` seconds) and poll ``feeds`` (every ``every`` seconds,
    or once when None and nothing is watched) until ``seconds`` have passed, or forever.

    Raises KeyboardInterrupt on Ctrl-C after the current batch is rolled back.
    """
    deadline = time.monotonic() + seconds if seconds is not None else None
    watcher = FolderWatcher(watch) if watch is not None else None
    feeds = feeds or []
    next_feed = time.monotonic()
    while True:
        if watcher is not None:
            for path in watcher.scan():
                ingester.ingest(read_file(path, published, max_mb=max_mb))
            if watcher.problems:  # links out of the folder, unreadable subfolders: quarantined once
                ingester.ingest(watcher.take_problems())
        if feeds and fetcher is not None and time.monotonic() >= next_feed:
            ingester.ingest(feed_items(ingester, fetcher, feeds, published))
            if every is None and watcher is None:
                return
            next_feed = time.monotonic() + (every if every is not None else float("inf"))
        if watcher is None and not feeds:
            return
        pause = poll if watcher is not None else max(next_feed - time.monotonic(), 0.0)
        if not wait(pause, deadline):
            return
