"""Ingest: articles in, coded and stored once, in batches that commit whole or not at all.

Assigns nothing to events itself (the Coder does); decides what is stored. For each batch of
``batch_size`` articles the :class:`Ingester`

1. drops articles already stored (same URL, or same normalized-text hash — see
   :func:`dyad.store.writer.content_hash`) and repeats within the batch, *before* coding;
2. codes the rest with :meth:`dyad.pipeline.Coder.code_many`;
3. writes every article with its sentences, mentions, events (merged by
   :mod:`dyad.store.dedup`), quotes, places and the batch's quarantined inputs in **one
   transaction**.

A process killed at any moment therefore leaves whole batches behind, and the next run over
the same inputs skips what is stored and codes the rest, ending with the rows a clean run
gives. Inputs that cannot be read or coded go to the ``quarantine`` table with the reason,
and the run goes on.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.exc import DataError, IntegrityError

from dyad.records import Article
from dyad.store import dedup, writer
from dyad.store.db import Store, problem

if TYPE_CHECKING:
    from dyad.pipeline import Coder


@dataclass
class Item:
    """One unit from an input: an article read from ``location``, or a problem with it.

    ``warning`` problems are reported but the article follows (not quarantined); ``known``
    marks an input its source already found stored (counted as skipped); ``retry`` marks a
    problem that may go away (a timeout, HTTP 5xx), so a feed poller tries it again later.
    """

    location: str
    article: Article | None = None
    problem: str | None = None
    stage: str = "read"
    retry: bool = False
    warning: bool = False
    known: bool = False


@dataclass
class Summary:
    """What a run did: articles read, new, skipped; inputs quarantined; events new; time."""

    read: int = 0
    new: int = 0
    skipped: int = 0
    quarantined: int = 0
    events_new: int = 0
    mentions: int = 0
    warnings: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started

    def as_dict(self) -> dict[str, float | int]:
        return {
            "read": self.read,
            "new": self.new,
            "skipped": self.skipped,
            "quarantined": self.quarantined,
            "events_new": self.events_new,
            "mentions": self.mentions,
            "seconds": round(self.seconds, 2),
        }

    def line(self) -> str:
        return (
            f"{self.read} article(s) read: {self.new} new, {self.skipped} skipped (already stored), "
            f"{self.quarantined} input(s) quarantined; {self.events_new} new event(s) from "
            f"{self.mentions} mention(s) in {self.seconds:.1f} s"
        )


def _stderr(message: str) -> None:
    print(f"dyad: {message}", file=sys.stderr)


@dataclass
class _Pending:
    item: Item
    article: Article
    digest: str


class Ingester:
    """Codes and stores articles in batches; one instance can ingest many times (watch, feeds)."""

    def __init__(
        self,
        store: Store,
        coder: Coder | None,
        *,
        batch_size: int = 256,
        window: int = dedup.DEFAULT_WINDOW,
        progress: Callable[[int], None] | None = None,
        warn: Callable[[str], None] = _stderr,
    ):
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.store, self.coder = store, coder
        self.batch_size, self.window = batch_size, window
        self.progress, self.warn = progress, warn
        self.summary = Summary()
        self._batch: list[_Pending] = []
        self._problems: list[Item] = []

    # ---------------------------------------------------------------- public

    def known(self, url: str) -> str | None:
        """Why ``url`` needs no fetching: "stored" (its article is), "given up" (it failed for
        good: HTTP 404, robots.txt), or None when it should be fetched."""
        with self.store.read() as conn:
            if writer.is_stored(conn, "", url):
                return "stored"
            return "given up" if writer.is_given_up(conn, url) else None

    def ingest(self, items: Iterable[Item]) -> Summary:
        """Code and store every article among ``items``; quarantine the problems. Returns the
        running summary (it adds up over calls)."""
        for item in items:
            self.add(item)
        self.flush()
        return self.summary

    def add(self, item: Item) -> None:
        """Take one item; a full batch is coded and committed at once."""
        if item.problem is not None:
            if item.warning:
                self.summary.warnings += 1
                self.warn(f"{item.location}: warning: {item.problem}")
            else:
                self._problems.append(item)
                self.summary.quarantined += 1
                self.warn(f"{item.location}: {item.problem} (quarantined)")
            if item.article is None:
                return
        if item.known:
            self.summary.read += 1
            self.summary.skipped += 1
            self._tick(1)
            return
        if item.article is None:
            return
        self.summary.read += 1
        article = item.article
        if "\x00" in article.text:  # PostgreSQL text cannot hold NUL; same length keeps the spans
            article = article.model_copy(update={"text": article.text.replace("\x00", "\ufffd")})
        self._batch.append(_Pending(item, article, writer.content_hash(article.text)))
        if len(self._batch) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Code and commit what is pending (articles and quarantined inputs) in one transaction."""
        if not self._batch and not self._problems:
            return
        batch, problems = self._batch, self._problems
        self._batch, self._problems = [], []
        fresh = self._unseen(batch)
        self.summary.skipped += len(batch) - len(fresh)
        # streamed, not listed: the workers code the rest of the batch while this process writes
        results = self.coder.code_many([p.article for p in fresh]) if fresh and self.coder else iter(())
        with self.store.write() as conn:
            touched: set[int] = set()
            for pending, result in zip(fresh, results):
                if result.error:
                    writer.quarantine_input(conn, pending.item.location, f"could not be coded: {result.error}", "code")
                    self.summary.quarantined += 1
                    self.warn(f"{pending.item.location}: could not be coded: {result.error} (quarantined)")
                    continue
                if writer.is_stored(conn, pending.digest, result.article.url):
                    self.summary.skipped += 1  # stored meanwhile by another process
                    continue
                try:
                    with conn.begin_nested():
                        written = writer.write_article(
                            conn,
                            result.article,
                            result.events,
                            result.quotes,
                            _places(result),
                            digest=pending.digest,
                            location=pending.item.location,
                            window=self.window,
                        )
                except (IntegrityError, DataError) as error:
                    reason = f"could not be stored: {problem(error)}"
                    writer.quarantine_input(conn, pending.item.location, reason, "store")
                    self.summary.quarantined += 1
                    self.warn(f"{pending.item.location}: {reason} (quarantined)")
                    continue
                touched |= written.events
                self.summary.new += 1
                self.summary.events_new += written.new_events
                self.summary.mentions += written.mentions
            dedup.refresh(conn, touched)
            for item in problems:
                writer.quarantine_input(conn, item.location, item.problem or "unknown problem", item.stage, item.retry)
        self._tick(len(batch) + len(problems))

    # ---------------------------------------------------------------- helpers

    def _unseen(self, batch: list[_Pending]) -> list[_Pending]:
        """The articles of the batch not stored yet, each content and URL once."""
        fresh: list[_Pending] = []
        digests: set[str] = set()
        urls: set[str] = set()
        with self.store.read() as conn:
            for pending in batch:
                url = pending.article.url
                if pending.digest in digests or (url and url in urls):
                    continue
                if writer.is_stored(conn, pending.digest, url):
                    continue
                digests.add(pending.digest)
                if url:
                    urls.add(url)
                fresh.append(pending)
        return fresh

    def _tick(self, count: int) -> None:
        if self.progress is not None and count:
            self.progress(count)


def _places(result) -> list:
    """The places of a coded article: those found in it, and its dateline's when not among them."""
    found = list(getattr(result, "places", None) or [])
    dateline = getattr(result, "dateline", None)
    if dateline is not None and dateline not in found:
        found.append(dateline)
    return found
