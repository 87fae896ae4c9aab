"""WARC files (``.warc``, ``.warc.gz``) → one article per HTML page captured.

Each HTTP 200 ``response`` record with an HTML body goes through
:func:`dyad.readers.html.parse_html`; assigns ``url`` (the record's WARC-Target-URI) and,
when the page states no date and no default was given, ``published`` (the capture date).
Other records are not articles and are passed by. An article's location is ``FILE#URI``.

A file that ends early never loses its end silently: a record cut short (fewer bytes than
its Content-Length, or its header cut), and bytes after the last whole record, are reported
as a problem naming the record's byte offset; the records before it are read as usual.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from dyad.readers.base import MB, InputProblem, Item, first_line
from dyad.readers.html import decode_html, parse_html

_CHUNK = 1 << 16


@dataclass(frozen=True)
class WarcPage:
    """One HTTP 200 HTML response of a WARC file, decoded; or a problem with the file or a record.

    ``uri`` is empty for a problem with the file itself (``offset`` says where)."""

    uri: str
    captured: dt.date | None
    html: str | None
    problem: str | None
    offset: int | None = None


def _size(stream: BinaryIO) -> int | None:
    """The stream's length in bytes when it can seek (a file, bytes in memory), else None."""
    try:
        where = stream.tell()
        size = stream.seek(0, io.SEEK_END)
        stream.seek(where)
        return size
    except (OSError, AttributeError, ValueError):
        return None


def _drain(record: Any) -> int:
    """Read what is left of a record's block; returns how many of its bytes were missing."""
    raw = record.raw_stream
    while raw.read(_CHUNK):
        pass
    return max(getattr(raw, "limit", 0), 0)


def _page(record: Any, max_mb: float) -> WarcPage | None:
    """The HTML page of a response record (its content read, at most ``max_mb``), else None."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    if "html" not in content_type.lower() or record.http_headers.get_statuscode() != "200":
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    captured = _warc_date(record.rec_headers.get_header("WARC-Date"))
    data = record.content_stream().read(int(max_mb * MB) + 1)
    if len(data) > max_mb * MB:
        return WarcPage(uri, captured, None, f"record too large (> limit {max_mb:g} MB)")
    try:
        html, _ = decode_html(data, content_type)
    except InputProblem as error:
        return WarcPage(uri, captured, None, str(error))
    return WarcPage(uri, captured, html, None)


def warc_pages(stream: BinaryIO, max_mb: float = 20.0) -> Iterator[WarcPage]:
    """The HTML pages of a WARC stream, then a problem page if the stream ends early.

    Never raises for bad data: a record that cannot be read ends the walk with a problem
    page naming its byte offset; a page too large or undecodable comes back with its problem."""
    from warcio.archiveiterator import ArchiveIterator

    size = _size(stream)
    records = ArchiveIterator(stream)
    iterator = iter(records)
    while True:
        offset = records.offset
        try:
            record = next(iterator)
            offset = records.offset
            if record.rec_headers.get_header("Content-Length") is None:
                raise InputProblem("no Content-Length")
            page = _page(record, max_mb)
            missing = _drain(record)
        except StopIteration:
            break
        except Exception as error:  # warcio raises ArchiveLoadFailed, ValueError, zlib errors...
            problem = f"bad WARC file: record at byte {offset} is cut or damaged ({first_line(error)})"
            yield WarcPage("", None, None, problem, offset)
            return
        if missing:
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            where = f" ({uri})" if uri else ""
            problem = f"file ends early: record at byte {offset}{where} is cut ({missing} bytes missing)"
            yield WarcPage("", None, None, problem, offset)
            return
        if page is not None:
            yield page
    end = records.offset
    if size is not None and end < size:
        yield WarcPage("", None, None, f"file ends early: record at byte {end} is cut", end)


def bad_warc(error: Exception) -> str:
    return f"bad WARC file: {first_line(error)}"


def warc_items(stream: BinaryIO, name: str, published: dt.date | None = None, max_mb: float = 20.0) -> Iterator[Item]:
    """Each HTML page of a WARC stream as an article (or a problem), the file's own problems last."""
    try:
        for page in warc_pages(stream, max_mb):
            if not page.uri:  # a problem with the file: named by the file and the offset
                yield Item(location=name if page.offset is None else f"{name}@{page.offset}", problem=page.problem)
                continue
            where = f"{name}#{page.uri}"
            if page.problem is not None:
                yield Item(location=where, problem=page.problem)
                continue
            try:
                article = parse_html(page.html or "", published or page.captured)
            except InputProblem as error:
                yield Item(location=where, problem=str(error))
                continue
            yield Item(location=where, article=article.model_copy(update={"url": page.uri or article.url}))
    except Exception as error:  # warcio raises ArchiveLoadFailed, ValueError, zlib errors...
        yield Item(location=name, problem=bad_warc(error))


def read_warc(stream: BinaryIO, name: str, published: dt.date | None = None, *, max_mb: float = 20.0) -> Iterator[Item]:
    """Each HTML response record of an open WARC file as an article (url = WARC-Target-URI).

    The record's capture date is the publication date when the page states none and no
    default was given."""
    yield from warc_items(stream, name, published, max_mb)


def _warc_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
