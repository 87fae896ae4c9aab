"""Standard input (or any open stream of unknown kind) → articles.

Assigns nothing of its own: the stream is read as JSON Lines when its first non-blank
character is ``{`` (:mod:`dyad.readers.jsonl`), else as one plain-text article
(:mod:`dyad.readers.text`). No more than the size limit is read: a pipe may be endless.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import BinaryIO

from dyad.readers.base import DEFAULT_MAX_MB, MB, InputProblem, Item
from dyad.readers.jsonl import read_jsonl
from dyad.readers.text import decode_bytes, make_article

STDIN = "<stdin>"


class Rejoined:
    """A binary stream whose first bytes were already read: ``head`` then the rest of ``stream``."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self.head, self.stream = head, stream

    def readline(self, size: int = -1) -> bytes:
        if not self.head:
            return self.stream.readline(size)
        cut = self.head.find(b"\n") + 1 or len(self.head)
        if 0 <= size < cut:
            cut = size
        line, self.head = self.head[:cut], self.head[cut:]
        if not line.endswith(b"\n") and not self.head and (size < 0 or len(line) < size):
            line += self.stream.readline(size - len(line) if size >= 0 else -1)
        return line


def stream_items(
    stream: BinaryIO, name: str = STDIN, published: dt.date | None = None, *, max_mb: float = DEFAULT_MAX_MB
) -> Iterator[Item]:
    """Read an open binary stream: JSON Lines if its first non-blank character is ``{``,
    else one plain-text article."""
    limit = int(max_mb * MB)
    head = b""
    read_some = getattr(stream, "read1", stream.read)  # read1: do not wait for a full chunk from a pipe
    while not head.strip() and len(head) <= limit:
        chunk = read_some(1 << 16)
        if not chunk:
            break
        head += chunk
    if head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"{"):
        yield from read_jsonl(Rejoined(head, stream), name, published, max_mb=max_mb)
        return
    data = head + stream.read(limit + 1 - len(head)) if len(head) <= limit else head
    if len(data) > limit:  # the rest is not read
        yield Item(location=name, problem=f"input too large (> limit {max_mb:g} MB)")
        return
    try:
        text, warning = decode_bytes(data)
    except InputProblem as exc:
        yield Item(location=name, problem=str(exc).replace("file", "input"))
        return
    if warning:
        yield Item(location=name, problem=warning, warning=True)
    yield Item(location=name, article=make_article(text, published=published))
