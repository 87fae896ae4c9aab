"""Batching: :func:`chunked` cuts any iterable into lists of a given size, in order.

The one helper for the coder's spaCy batches, ingest's commit batches, Spark's partitions and
the store's lookups of a few hundred keys per statement. It imports nothing, so the store and
Spark's loading step use it without loading spaCy."""

from __future__ import annotations

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
