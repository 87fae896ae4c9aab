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
from typing import Any, Protocol

from dyad.readers.base import (
    MB,
    InputProblem,
    Item,
    clean_text,
    given_id,
    normalize_newlines,
    size_problem,
)
from dyad.readers.text import decode_fallback, looks_binary, make_article
from dyad.records import Article

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})|(\d{4})(\d{2})(\d{2})")
MAX_DEPTH = 64  # an article record is flat; deeper nesting is no article and would exhaust the parser's stack
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")
_JSON_KINDS = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "true/false"}


class LineStream(Protocol):
    """What the reader needs of a stream: ``readline`` with a size bound (binary)."""

    def readline(self, size: int = -1, /) -> bytes: ...


def parse_date(value: Any) -> dt.date:
    """A date from YYYY-MM-DD, YYYYMMDD or an ISO 8601 datetime (its local date)."""
    try:
        text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
        m = _DAY.fullmatch(text)
        if m:
            y, mo, d = (int(g) for g in m.groups() if g is not None)
            return dt.date(y, mo, d)
        if "T" in text or " " in text:
            return dt.datetime.fromisoformat(re.sub(r"[Zz]$", "+00:00", text)).date()
    except ValueError:
        pass
    shown = json.dumps(value)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    raise InputProblem(f"bad 'published' date {shown} (expected YYYY-MM-DD, YYYYMMDD or an ISO datetime)")


def _string(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is not None and not isinstance(value, str):
        raise InputProblem(f"'{key}' must be a string")
    return clean_text(value).strip() or None if value else None


def parse_record(record: Any, published: dt.date | None = None) -> Article:
    """Turn one decoded JSON Lines record into an Article; raises :class:`InputProblem`."""
    if not isinstance(record, dict):
        raise InputProblem(f"not a JSON object (got {_JSON_KINDS.get(type(record), 'null')})")
    if "text" not in record or record["text"] is None:
        raise InputProblem("missing 'text'")
    text = record["text"]
    if not isinstance(text, str):
        raise InputProblem("'text' must be a string")
    if not normalize_newlines(text).strip():
        raise InputProblem("empty 'text'")
    if record.get("published") not in (None, ""):  # "" is a common way of saying "unknown"
        published = parse_date(record["published"])
    return make_article(
        text,
        id=given_id(record.get("id")),
        title=_string(record, "title"),
        published=published,
        url=_string(record, "url"),
        source=_string(record, "source"),
        language=_string(record, "language") if "language" in record else "en",
    )


def nesting_depth(line: str) -> int:
    """How deeply arrays and objects nest in a JSON text (brackets inside strings not counted)."""
    depth = deepest = 0
    for bracket in _BRACKET.findall(_STRING.sub("", line)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def parse_line(line: str) -> Any:
    """Decode one JSON text; :class:`InputProblem` when malformed or nested deeper than :data:`MAX_DEPTH`."""
    if line.count("[") + line.count("{") > MAX_DEPTH and nesting_depth(line) > MAX_DEPTH:
        raise InputProblem(f"JSON nested too deeply (over {MAX_DEPTH} levels)")
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputProblem(f"malformed JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:  # a safety net: the depth check above should catch it first
        raise InputProblem(f"JSON nested too deeply (over {MAX_DEPTH} levels)") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise InputProblem(f"malformed JSON: {exc}") from None


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
    stream: LineStream, name: str, published: dt.date | None = None, *, max_mb: float = 20.0
) -> Iterator[Item]:
    """Stream JSON Lines from an open binary stream (a file, standard input).

    Yields one article per good line (location ``NAME#ID``) and a problem per bad one
    (location ``NAME:LINE``); a line that is not valid UTF-8 is decoded anyway and yields a
    warning first. ``published`` is the date of records that give none.
    """
    seen: dict[str, int] = {}
    any_line = False
    for number, raw in _lines(stream, int(max_mb * MB)):
        where = f"{name}:{number}"
        if isinstance(raw, int):
            any_line = True
            yield Item(location=where, problem=size_problem(raw, max_mb))
            continue
        if not raw.strip():
            continue
        if not any_line and looks_binary(raw):
            yield Item(location=name, problem="binary file (not text)")
            return
        any_line = True
        try:
            line = raw.rstrip(b"\r\n").decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            line, warning = decode_fallback(raw.rstrip(b"\r\n"))
            yield Item(location=where, problem=warning, warning=True)
        try:
            article = parse_record(parse_line(line), published)
        except InputProblem as exc:
            yield Item(location=where, problem=str(exc))
            continue
        if article.id in seen:
            yield Item(
                location=where, problem=f"duplicate id '{article.id}' (first on line {seen[article.id]})", warning=True
            )
        else:
            seen[article.id] = number
        yield Item(location=f"{name}#{article.id}", article=article)
    if not any_line:
        yield Item(location=name, problem="empty file")
