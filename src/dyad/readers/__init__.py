"""Input readers: files (or standard input) → :class:`~dyad.records.Article` records.

:func:`read_path` picks the reader by suffix — ``.txt`` (one article; id = file name
without suffix), ``.jsonl``/``.ndjson`` (one article per line), ``.html``/``.htm`` (one
page) — and ``-`` reads standard input: as JSON Lines when its first non-blank character
is ``{``, else as one plain-text article. Problems never raise: they are yielded as
:class:`ReadError` records among the articles, ``severity="warning"`` when the article
was read anyway (mis-encoded text, duplicate ids) and follows.

Size limit: ``max_mb`` (default 20 MB, 1 MB = 10^6 bytes) applies per article: to the
whole file for text and HTML, to each line for JSON Lines, which are streamed.
Character spans in every Article refer to its ``text``, which is the input with CRLF
and CR turned into LF and a leading BOM dropped.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from dyad.readers.html import parse_html, read_html
from dyad.readers.jsonl import parse_date, parse_record, read_jsonl
from dyad.readers.text import (
    MB,
    InputProblem,
    ReadError,
    decode_bytes,
    normalize_newlines,
    parse_text,
    read_text,
    text_id,
)
from dyad.records import Article

__all__ = [
    "ReadError",
    "read_path",
    "read_stream",
    "parse_text",
    "parse_html",
    "parse_record",
    "parse_date",
    "read_text",
    "read_jsonl",
    "read_html",
    "text_id",
    "SUFFIXES",
]

SUFFIXES: dict[str, Callable[..., Iterator[Article | ReadError]]] = {
    ".txt": read_text,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".html": read_html,
    ".htm": read_html,
}
STDIN = "<stdin>"


def read_path(
    path: str | Path, published: dt.date | None = None, *, max_mb: float = 20.0
) -> Iterator[Article | ReadError]:
    """Read one input (a file path, or ``-`` for standard input) into articles and errors.

    ``published`` is the publication date given to articles whose input states none.
    """
    if str(path) == "-":
        yield from read_stream(sys.stdin.buffer, published, max_mb=max_mb)
        return
    path = Path(path)
    name = str(path)
    if not path.exists():
        yield ReadError(input=name, problem="no such file")
        return
    if path.is_dir():
        yield ReadError(input=name, problem="is a directory (expected a file)")
        return
    reader = SUFFIXES.get(path.suffix.lower())
    if reader is None:
        kind = f"'{path.suffix}'" if path.suffix else "(no suffix)"
        yield ReadError(
            input=name, problem=f"unknown input kind {kind} (expected .txt, .jsonl, .ndjson, .html or .htm)"
        )
        return
    yield from reader(path, published, max_mb=max_mb)


class _Rejoined:
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


def read_stream(
    stream: BinaryIO, published: dt.date | None = None, *, max_mb: float = 20.0, name: str = STDIN
) -> Iterator[Article | ReadError]:
    """Read an open binary stream: JSON Lines if its first non-blank character is ``{``,
    else one plain-text article with a content-hash id."""
    limit = int(max_mb * MB)
    head = b""
    read_some = getattr(stream, "read1", stream.read)  # read1: do not wait for a full chunk from a pipe
    while not head.strip() and len(head) <= limit:
        chunk = read_some(1 << 16)
        if not chunk:
            break
        head += chunk
    if head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"{"):
        yield from read_jsonl(_Rejoined(head, stream), published, max_mb=max_mb, name=name)
        return
    data = head + stream.read(limit + 1 - len(head)) if len(head) <= limit else head
    if len(data) > limit:  # the rest is not read: a pipe may be endless
        yield ReadError(input=name, problem=f"input too large (> limit {max_mb:g} MB)")
        return
    try:
        text, warning = decode_bytes(data)
    except InputProblem as exc:
        yield ReadError(input=name, problem=str(exc).replace("file", "input"))
        return
    if warning:
        yield ReadError(input=name, problem=warning, severity="warning")
    yield parse_text(text, text_id(normalize_newlines(text)), published)
