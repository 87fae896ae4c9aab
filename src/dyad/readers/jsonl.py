"""JSON Lines input: one article per line, streamed, a bad line never stopping the rest.

Each line is an object with ``text`` (required) and optionally ``id``, ``title``,
``published``, ``url``, ``source`` and ``language``; other keys are ignored. Assigns
``id`` (the given id as a string, else the SHA-1 id of the text), the metadata as given,
``published`` (from YYYY-MM-DD, YYYYMMDD or an ISO datetime, whose local date is kept;
the caller's default when absent) and, through :func:`dyad.readers.text.parse_text`,
dateline, byline and skip spans. A given title is never prepended to the text; the first
line of the text is taken as the headline only when it equals the title (or, with no
title, when it looks like a headline).

The file is read line by line and never whole; the size limit applies to each line,
and an oversized line is skipped without being held in memory.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from dyad.readers.text import (
    MB,
    InputProblem,
    ReadError,
    Severity,
    decode_fallback,
    looks_binary,
    normalize_newlines,
    os_problem,
    parse_text,
    size_problem,
    text_id,
)
from dyad.records import Article

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})|(\d{4})(\d{2})(\d{2})")
_JSON_KINDS = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "true/false"}


class LineStream(Protocol):
    """What the reader needs of a stream: ``readline`` with a size bound (binary)."""

    def readline(self, size: int = -1, /) -> bytes: ...


def parse_date(value: Any) -> dt.date:
    """A date from YYYY-MM-DD, YYYYMMDD or an ISO 8601 datetime (its local date)."""
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    try:
        m = _DAY.fullmatch(text)
        if m:
            y, mo, d = (int(g) for g in m.groups() if g is not None)
            return dt.date(y, mo, d)
        if "T" in text or " " in text:
            return dt.datetime.fromisoformat(re.sub(r"[Zz]$", "+00:00", text)).date()
    except ValueError:
        pass
    raise InputProblem(f"bad 'published' date {json.dumps(value)} (expected YYYY-MM-DD, YYYYMMDD or an ISO datetime)")


def _string(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is not None and not isinstance(value, str):
        raise InputProblem(f"'{key}' must be a string")
    return value.strip() or None if value else None


def parse_record(record: Any, published: dt.date | None = None) -> Article:
    """Turn one decoded JSON Lines record into an Article; raises :class:`InputProblem`."""
    if not isinstance(record, dict):
        raise InputProblem(f"not a JSON object (got {_JSON_KINDS.get(type(record), 'null')})")
    if "text" not in record or record["text"] is None:
        raise InputProblem("missing 'text'")
    text = record["text"]
    if not isinstance(text, str):
        raise InputProblem("'text' must be a string")
    if not text.strip():
        raise InputProblem("empty 'text'")
    raw_id = record.get("id")
    if isinstance(raw_id, (dict, list)):
        raise InputProblem("'id' must be a string or a number")
    if record.get("published") not in (None, ""):  # "" is a common way of saying "unknown"
        published = parse_date(record["published"])
    title = _string(record, "title")
    url, source = _string(record, "url"), _string(record, "source")
    language = _string(record, "language") if "language" in record else "en"
    article_id = str(raw_id).strip() if raw_id is not None else ""
    article_id = article_id or text_id(normalize_newlines(text))
    return parse_text(text, article_id, published, title=title, url=url, source=source, language=language)


def _error(where: str, number: int, problem: str, severity: Severity = "error") -> ReadError:
    return ReadError(input=where, problem=f"line {number}: {problem}", severity=severity)


def _lines(stream: LineStream, limit: int) -> Iterator[tuple[int, bytes | int]]:
    """``(line number, bytes)``, or ``(line number, size)`` for a line over ``limit`` bytes."""
    number = 0
    while True:
        raw = stream.readline(limit + 2)  # room for the content and "\r\n"
        if not raw:
            return
        number += 1
        size = len(raw.rstrip(b"\r\n"))
        if size <= limit:
            yield number, raw
            continue
        while not raw.endswith(b"\n"):  # skip the rest of an oversized line in chunks
            raw = stream.readline(1 << 20)
            if not raw:
                break
            size += len(raw.rstrip(b"\r\n"))
        yield number, size


def read_jsonl(
    source: Path | LineStream,
    published: dt.date | None = None,
    *,
    max_mb: float = 20.0,
    name: str | None = None,
) -> Iterator[Article | ReadError]:
    """Stream a JSON Lines file (a path, or an open binary stream such as stdin).

    Yields one Article per good line and a :class:`ReadError` (input ``"NAME:LINE"``) per
    bad one; a line that is not valid UTF-8 is decoded anyway and yields a warning first.
    ``published`` is the date of records that give none.
    """
    name = name or str(source)
    if isinstance(source, Path):
        try:
            with source.open("rb") as stream:
                yield from read_jsonl(stream, published, max_mb=max_mb, name=name)
        except OSError as exc:
            yield ReadError(input=name, problem=os_problem(exc))
        return

    seen: dict[str, int] = {}
    any_line = False
    for number, raw in _lines(source, int(max_mb * MB)):
        where = f"{name}:{number}"
        if isinstance(raw, int):
            any_line = True
            yield _error(where, number, size_problem(raw, max_mb))
            continue
        if not raw.strip():
            continue
        if not any_line and looks_binary(raw):
            yield ReadError(input=name, problem="binary file (not text)")
            return
        any_line = True
        try:
            line = raw.rstrip(b"\r\n").decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            line, warning = decode_fallback(raw.rstrip(b"\r\n"))
            yield _error(where, number, warning, "warning")
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield _error(where, number, f"malformed JSON: {exc.msg} (column {exc.colno})")
            continue
        try:
            article = parse_record(record, published)
        except InputProblem as exc:
            yield _error(where, number, str(exc))
            continue
        if article.id in seen:
            yield _error(where, number, f"duplicate id '{article.id}' (first on line {seen[article.id]})", "warning")
        else:
            seen[article.id] = number
        yield article
    if not any_line:
        yield ReadError(input=name, problem="empty file")
