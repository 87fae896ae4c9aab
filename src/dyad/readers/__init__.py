"""Input readers: every input format → :class:`~dyad.records.Article` records, behind one registry.

:data:`READERS` names each format and :func:`reader_for` picks one by the file name's suffix:

* ``text`` — ``.txt``: one article; the first line is the headline when it looks like one
* ``jsonl`` — ``.jsonl``/``.ndjson`` (also ``.gz``/``.bz2`` compressed): one article per line
* ``html`` — ``.html``/``.htm``: one saved page, its main text extracted
* ``feed`` — ``.rss``/``.atom``/``.xml``: one article per RSS or Atom item
* ``warc`` — ``.warc``/``.warc.gz``: one article per HTML page captured

``-`` reads standard input: as JSON Lines when its first non-blank character is ``{``, else
as one plain-text article. :func:`read_inputs` reads files and folders (walked by
:func:`dyad.readers.walk.walk`) for ``dyad ingest``; :func:`read_path` reads one input for
``dyad code``; :mod:`dyad.readers.fetch` reads feeds and pages over HTTP.

Every article gets its id from :func:`~dyad.readers.base.article_id` unless its input gives
one, and is built by :func:`make_article`. Problems never raise: they are yielded among the
articles, one line naming the input, and the other inputs are read.

Size limit: ``max_mb`` (default 20 MB, 1 MB = 10^6 bytes) applies per article: to the
whole file for text, HTML and feeds, to each line for JSON Lines and to each record for
WARC. No more than that is ever read, and only regular files are opened (named pipes,
devices and sockets are reported, never read).
"""

from __future__ import annotations

import bz2
import datetime as dt
import gzip
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from dyad.readers.base import (
    DEFAULT_MAX_MB,
    MB,
    InputProblem,
    Item,
    ReadError,
    article_id,
    identity_text,
    open_regular,
    os_problem,
    size_problem,
)
from dyad.readers.feed import read_feed
from dyad.readers.html import parse_html, read_html
from dyad.readers.jsonl import parse_date, parse_record, read_jsonl
from dyad.readers.stdin import STDIN, stream_items
from dyad.readers.text import make_article, parse_text, read_text
from dyad.readers.walk import walk
from dyad.readers.warc import read_warc
from dyad.records import Article

__all__ = [
    "READERS",
    "SUFFIXES",
    "Item",
    "ReadError",
    "Reader",
    "article_id",
    "identity_text",
    "make_article",
    "parse_date",
    "parse_html",
    "parse_record",
    "parse_text",
    "read_file",
    "read_inputs",
    "read_path",
    "read_stream",
    "reader_for",
]

StreamReader = Callable[..., Iterator[Item]]  # (stream, name, published, *, max_mb) -> items


@dataclass(frozen=True)
class Reader:
    """One input format: its name, the suffixes that select it, and how it reads a stream.

    ``whole``: the size limit applies to the whole file (else per line or per record);
    ``lines``: one article per line, so a large file may be split among tasks (Spark)."""

    name: str
    suffixes: tuple[str, ...]
    read: StreamReader
    whole: bool = True
    lines: bool = False


_JSONL = (".jsonl", ".ndjson")
COMPRESSED: dict[str, Callable[[BinaryIO], BinaryIO]] = {
    ".gz": lambda f: gzip.GzipFile(fileobj=f),  # type: ignore[dict-item]
    ".bz2": lambda f: bz2.BZ2File(f),  # type: ignore[dict-item]
}

READERS: dict[str, Reader] = {
    reader.name: reader
    for reader in (
        Reader("text", (".txt",), read_text),
        Reader("jsonl", _JSONL + tuple(s + z for s in _JSONL for z in COMPRESSED), read_jsonl, whole=False, lines=True),
        Reader("html", (".html", ".htm"), read_html),
        Reader("feed", (".rss", ".atom", ".xml"), read_feed),
        Reader("warc", (".warc", ".warc.gz"), read_warc, whole=False),
    )
}
SUFFIXES: dict[str, Reader] = {suffix: reader for reader in READERS.values() for suffix in reader.suffixes}
_LONGEST_FIRST = sorted(SUFFIXES, key=len, reverse=True)


def reader_for(path: str | Path) -> Reader | None:
    """The reader for a file, by its name's suffix (case-insensitive); None for other files."""
    name = Path(path).name.lower()
    return next((SUFFIXES[s] for s in _LONGEST_FIRST if name.endswith(s)), None)


def _unknown_kind(path: Path) -> str:
    kind = f"'{path.suffix}'" if path.suffix else "(no suffix)"
    known = ", ".join(s for s in SUFFIXES if not s.endswith(tuple(COMPRESSED)) or s == ".warc.gz")
    return f"unknown input kind {kind} (expected {known})"


def read_file(path: str | Path, published: dt.date | None = None, *, max_mb: float = DEFAULT_MAX_MB) -> Iterator[Item]:
    """The articles (and problems) of one input file, whatever its kind; ``-`` is standard input."""
    if str(path) == "-":
        yield from stream_items(sys.stdin.buffer, STDIN, published, max_mb=max_mb)
        return
    path = Path(path)
    name = str(path)
    reader = reader_for(path)
    try:
        stream = open_regular(path)
    except (InputProblem, OSError) as error:
        problem = os_problem(error) if isinstance(error, OSError) else str(error)
        yield Item(location=name, problem=problem)
        return
    with stream:
        if reader is None:
            yield Item(location=name, problem=_unknown_kind(path))
            return
        size = os.fstat(stream.fileno()).st_size
        if reader.whole and size > max_mb * MB:
            yield Item(location=name, problem="file " + size_problem(size, max_mb))
            return
        opened = (
            COMPRESSED[path.suffix.lower()](stream)
            if reader.name == "jsonl" and path.suffix.lower() in COMPRESSED
            else stream
        )
        try:
            yield from reader.read(opened, name, published, max_mb=max_mb)
        except (OSError, EOFError) as error:  # a disk error, or a compressed file cut short
            problem = os_problem(error) if isinstance(error, OSError) and error.errno else f"cannot read: {error}"
            yield Item(location=name, problem=problem)


def read_inputs(
    paths: Iterable[str | Path], published: dt.date | None = None, *, max_mb: float = DEFAULT_MAX_MB
) -> Iterator[Item]:
    """Every article and problem in the given files and folders (walked safely), in order."""
    for raw in paths:
        path = Path(raw)
        if str(raw) != "-" and path.is_dir():
            for found in walk(path):
                if isinstance(found, Item):
                    yield found
                else:
                    yield from read_file(found, published, max_mb=max_mb)
        else:
            yield from read_file(raw, published, max_mb=max_mb)


def read_path(
    path: str | Path, published: dt.date | None = None, *, max_mb: float = DEFAULT_MAX_MB
) -> Iterator[Article | ReadError]:
    """Read one input (a file path, or ``-`` for standard input) into articles and errors.

    ``published`` is the publication date given to articles whose input states none.
    """
    for item in read_file(path, published, max_mb=max_mb):
        yield item.as_entry()


def read_stream(
    stream: BinaryIO, published: dt.date | None = None, *, max_mb: float = DEFAULT_MAX_MB, name: str = STDIN
) -> Iterator[Article | ReadError]:
    """Read an open binary stream: JSON Lines if its first non-blank character is ``{``,
    else one plain-text article."""
    for item in stream_items(stream, name, published, max_mb=max_mb):
        yield item.as_entry()
