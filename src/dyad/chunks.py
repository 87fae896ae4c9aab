"""Batching: :func:`chunked` cuts any iterable into lists of a given size, in order;
:func:`chunked_for_workers` does the same for work shared among processes, with a finer end.

The one helper for the coder's spaCy batches, ingest's commit batches, Spark's partitions and
the store's lookups of a few hundred keys per statement. It imports nothing, so the store and
Spark's loading step use it without loading spaCy."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of up to `size` items, in order."""
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def chunked_for_workers(items: Iterable[T], size: int, workers: int) -> Iterator[list[T]]:
    """Lists of `size` items, in order, except at the end: the last ``size * workers`` to
    ``size * (workers + 1)`` items come in lists of a quarter of `size`.

    Workers that take the next list as they finish end together: with whole lists at the end,
    one worker parsed the last list while the others waited, up to a tenth of a 600-story run.
    The end is found by reading that many items ahead of the list yielded."""
    ahead = size * (workers + 1)
    piece = max(1, size // 4)
    buffer: deque[T] = deque()
    for item in items:
        buffer.append(item)
        if len(buffer) == ahead:
            yield [buffer.popleft() for _ in range(size)]
    rest = list(buffer)
    for start in range(0, len(rest), piece):
        yield rest[start : start + piece]
