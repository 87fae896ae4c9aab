"""Ingest: articles in, coded and stored once, in batches that commit whole or not at all.

Assigns nothing to events itself (the Coder does); decides what is stored. The
:class:`Ingester` is a thin driver: it reads the inputs in batches of ``commit_every`` and

1. drops articles already stored (same URL, or same normalized-text hash — see
   :func:`dyad.store.writer.content_hash`) and repeats within the run not yet committed,
   *before* coding;
2. codes the rest with :meth:`dyad.pipeline.Coder.code_many`, all batches as one stream (so
   the worker processes never wait at the end of a batch), outside any transaction (so a
   second writer, or the API's POST, waits only for the write, never for the coding);
3. as soon as a batch's last article is coded, hands its results and problems to
   :func:`dyad.store.writer.write_results`, which stores them in **one transaction**, on a
   writer thread, one batch at a time, in input order; the summary counts what was committed.

A process killed at any moment therefore leaves whole batches behind, and the next run over
the same inputs skips what is stored and codes the rest, ending with the rows a clean run
gives. Inputs that cannot be read or coded go to the ``quarantine`` table with the reason,
and the run goes on.
"""

from __future__ import annotations

import collections
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dyad.chunks import chunked
from dyad.errors import InputError
from dyad.readers.base import Item  # what the readers yield; re-exported
from dyad.records import Article
from dyad.store import dedup, writer
from dyad.store.db import Store
from dyad.store.writer import Coded, Tally

if TYPE_CHECKING:
    from dyad.pipeline import Coder, Result


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


class Ingester:
    """Codes articles, then stores them with :func:`~dyad.store.writer.write_results`, ``commit_every``
    inputs per transaction; one instance can ingest many times (watch, feeds), its summary adds up."""

    def __init__(
        self,
        store: Store,
        coder: Coder,
        *,
        commit_every: int = 256,
        window: int = dedup.DEFAULT_WINDOW,
        progress: Callable[[int], None] | None = None,
        warn: Callable[[str], None] = _stderr,
    ):
        if commit_every < 1:
            raise InputError(f"commit_every must be at least 1, not {commit_every}")
        self.store, self.coder = store, coder
        self.commit_every, self.window = commit_every, window
        self.progress, self.warn = progress, warn
        self.summary = Summary()

    def known(self, url: str) -> str | None:
        """Why ``url`` needs no fetching: "stored" (its article is), "given up" (it failed for
        good: HTTP 404, robots.txt), or None when it should be fetched."""
        with self.store.read() as conn:
            if writer.is_stored(conn, "", url):
                return "stored"
            return "given up" if writer.is_given_up(conn, url) else None

    def ingest(self, items: Iterable[Item]) -> Summary:
        """Code and store every article among ``items``; quarantine the problems. Returns the
        running summary (it adds up over calls).

        The articles of all batches go to the coder as one stream, so its workers never wait
        at the end of a batch; each batch is written on a writer thread, in input order, as
        soon as its last article is coded. A failing write (or an interruption) stops the run
        once the write in progress has ended."""
        items = iter(items)
        waiting: collections.deque[_Batch] = collections.deque()  # read, not all coded yet
        in_flight = _InFlight()  # the keys of batches read and not yet committed
        failed: list[Exception] = []  # what reading or sorting the input raised: not the coder's
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="dyad-writer") as pool:
            writes = _Writes(self, pool, in_flight)
            try:
                results: Iterator[Result] | None = None
                while True:
                    try:
                        if results is None:  # (again) the coder on the rest of the input
                            results = iter(self.coder.code_many(self._stream(items, waiting, in_flight, failed)))
                        result = next(results)
                    except StopIteration:
                        break
                    except Exception:
                        if failed:
                            raise
                        for batch in waiting:  # the coder failed on a batch: each of its articles alone
                            batch.results += code_safely(self.coder, batch.articles[len(batch.results) :])
                        writes.submit_complete(waiting)
                        results = None
                        continue
                    writes.submit_complete(waiting)  # the head is now the batch this result is of
                    if not waiting:
                        raise RuntimeError("the coder gave more results than articles")
                    waiting[0].results.append(result)
                writes.submit_complete(waiting)
                if waiting:
                    raise RuntimeError("the coder gave fewer results than articles")
                writes.finish()
            except BaseException:
                writes.cancel()
                raise
        return self.summary

    def _stream(
        self, items: Iterator[Item], waiting: collections.deque[_Batch], in_flight: _InFlight, failed: list[Exception]
    ) -> Iterator[Article]:
        """The articles to code, batch after batch; each batch joins ``waiting`` as it is read.
        What reading or sorting raises is kept in ``failed`` (it reaches the caller through the coder)."""
        try:
            for batch in chunked(items, self.commit_every):
                prepared = self._prepare(batch, in_flight)
                waiting.append(prepared)
                yield from prepared.articles
        except Exception as error:
            failed.append(error)
            raise

    # ---------------------------------------------------------------- one batch

    def _prepare(self, batch: list[Item], in_flight: _InFlight) -> _Batch:
        """Sort one batch: its problems, the articles to code (none already stored, being
        stored, or earlier in the run), and the counts (read, skipped, warnings)."""
        staged: list[Coded] = []
        found: list[tuple[str, Article, str]] = []  # (location, article, content hash)
        read = skipped = warnings = 0
        for item in batch:
            if item.problem is not None and item.warning:
                warnings += 1
                self.warn(f"{item.location}: warning: {item.problem}")
            elif item.problem is not None:
                staged.append(Coded(item.location, problem=item.problem, stage=item.stage, retry=item.retry))
            if item.known or item.article is not None:
                read += 1
            if item.article is None or item.known:
                skipped += item.known
                continue
            article = writer.clean_article(item.article)
            found.append((item.location, article, writer.content_hash(article.text, article.title)))
        with self.store.read() as conn:
            digests, urls = writer.stored_keys(conn, [d for _, _, d in found], [a.url for _, a, _ in found])
        stored = Keys(digests, urls)
        locations, articles, digests = [], [], []
        for location, article, digest in found:
            if stored.holds(digest, article.url) or in_flight.holds(digest, article.url):
                skipped += 1
                continue
            in_flight.add(digest, article.url)
            locations.append(location)
            articles.append(article)
            digests.append(digest)
        return _Batch(staged, (read, skipped, warnings), len(batch), locations, articles, digests)

    def _write(self, staged: list[Coded], counts: tuple[int, int, int], size: int) -> None:
        """Store one sorted, coded batch in one transaction; the summary moves only once it is committed."""
        tally = writer.write_results(self.store, staged, window=self.window)
        self._count(tally, *counts)
        self._tick(size)

    def _count(self, tally: Tally, read: int, skipped: int, warnings: int) -> None:
        for line in tally.quarantined_lines:
            self.warn(f"{line} (quarantined)")
        summary = self.summary
        summary.read += read
        summary.skipped += skipped + tally.skipped
        summary.warnings += warnings
        summary.new += tally.new
        summary.quarantined += tally.quarantined
        summary.events_new += tally.events_new
        summary.mentions += tally.mentions

    def _tick(self, count: int) -> None:
        if self.progress is not None and count:
            self.progress(count)


@dataclass
class Keys:
    """The content hashes and URLs of a batch's articles (the keys :func:`writer.is_stored` looks up)."""

    digests: set[str] = field(default_factory=set)
    urls: set[str] = field(default_factory=set)

    def holds(self, digest: str, url: str | None) -> bool:
        return digest in self.digests or bool(url and url in self.urls)

    def add(self, digest: str, url: str | None) -> None:
        self.digests.add(digest)
        if url:
            self.urls.add(url)


class _InFlight(Keys):
    """The keys of every batch read and not yet committed: a repeat among them is not coded again."""

    def release(self, batch: _Batch) -> None:
        self.digests.difference_update(batch.digests)
        self.urls.difference_update(a.url for a in batch.articles if a.url)


@dataclass
class _Batch:
    """One batch on its way: problems to quarantine, articles to code and their results."""

    staged: list[Coded]
    counts: tuple[int, int, int]  # read, skipped, warnings
    size: int  # inputs, for the progress bar
    locations: list[str] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    digests: list[str] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return len(self.results) >= len(self.articles)

    def coded(self) -> list[Coded]:
        return self.staged + [
            Coded(location, result=result, digest=digest)
            for location, result, digest in zip(self.locations, self.results, self.digests)
        ]


class _Writes:
    """Batches written one at a time on the writer thread, in order; a batch's keys leave the
    in-flight set only once it is committed (then the store knows them)."""

    def __init__(self, ingester: Ingester, pool: ThreadPoolExecutor, in_flight: _InFlight):
        self.ingester, self.pool, self.in_flight = ingester, pool, in_flight
        self.writing: tuple[Future, _Batch] | None = None

    def submit_complete(self, waiting: collections.deque[_Batch]) -> None:
        """Write the batches at the head of ``waiting`` that have all their results."""
        while waiting and waiting[0].complete:
            batch = waiting.popleft()
            self._wait()
            self.writing = (self.pool.submit(self.ingester._write, batch.coded(), batch.counts, batch.size), batch)

    def finish(self) -> None:
        self._wait()

    def cancel(self) -> None:
        if self.writing is not None:
            self.writing[0].cancel()

    def _wait(self) -> None:
        if self.writing is not None:
            future, batch = self.writing
            future.result()  # raises what the write raised
            self.in_flight.release(batch)
            self.writing = None


def code_safely(coder: Coder, articles: list[Article], processes: int | None = None) -> list[Result]:
    """``coder.code_many`` as a list; if the batch raises, each article alone (its error kept in its result)."""
    from dyad.pipeline import Result

    try:
        return list(coder.code_many(articles, processes) if processes else coder.code_many(articles))
    except Exception:  # one bad text must not lose the batch: find it, keep the others
        results = []
        for article in articles:
            try:
                results.extend(coder.code_many([article]))
            except Exception as error:
                results.append(Result(article, error=f"{type(error).__name__}: {error}"))
        return results


def estimate_items(paths: Iterable[str]) -> int | None:
    """About how many items :func:`dyad.store.read_inputs` will give for ``paths`` (for a progress
    bar's total): the non-empty lines of each JSON Lines file, one for any other input file.
    None when it cannot tell (standard input, a folder that cannot be listed)."""
    from pathlib import Path

    from dyad.readers.walk import walk

    total = 0
    try:
        for raw in paths:
            if raw == "-":
                return None
            path = Path(raw)
            for file in walk(path) if path.is_dir() else [path]:
                is_lines = isinstance(file, Path) and file.suffix.lower() in (".jsonl", ".ndjson")
                total += _lines(file) if is_lines else 1  # a walk problem is one quarantined item
    except (OSError, RecursionError):
        return None
    return total


def _lines(path) -> int:
    """The non-empty lines of a regular file (1 for anything else: a pipe is never read here)."""
    import stat

    if not stat.S_ISREG(path.stat().st_mode):
        return 1
    count = 0
    with path.open("rb") as handle:
        for line in handle:
            count += bool(line.strip())
    return max(count, 1)
