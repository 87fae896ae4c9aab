"""Opaque page cursors: base64url JSON ``[kind, position]``, checked as data when they come back.

A cursor this server did not hand out (bad base64, bad JSON, another list's kind, a position of the
wrong type or out of range) is a :class:`CursorError`, answered 422; never a server error.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from typing import Any, TypeVar

from dyad.errors import InputError
from dyad.store.analytics import MAX_ROW_ID

MAX_LIMIT = 500
MAX_OFFSET = 10_000_000  # far beyond any list an aggregate returns
T = TypeVar("T")


class CursorError(InputError):
    """A cursor that this server did not hand out (or for another list)."""


def encode(kind: str, value: Any) -> str:
    """An opaque cursor: the list's kind and its position, base64url-encoded JSON."""
    raw = json.dumps([kind, value], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(kind: str, cursor: str) -> Any:
    """The position in ``cursor``; :class:`CursorError` if it is not a cursor of ``kind``."""
    try:
        raw = base64.urlsafe_b64decode(cursor.encode("ascii") + b"=" * (-len(cursor) % 4))
        got, value = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, TypeError, UnicodeError, RecursionError):
        raise CursorError("not a cursor returned by this API") from None
    if got != kind:
        raise CursorError(f"a cursor of another list, not of {kind}")
    return value


def _bounded_int(value: Any, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:
        raise CursorError("not a cursor returned by this API")
    return value


def offset(kind: str, cursor: str | None) -> int:
    """The position of an offset cursor (0 without one)."""
    return 0 if not cursor else _bounded_int(decode(kind, cursor), 0, MAX_OFFSET)


def keyset(cursor: str | None, kind: str = "events") -> tuple[dt.date | None, int] | None:
    """The (date, event row id) after which the next page of events starts."""
    if not cursor:
        return None
    value = decode(kind, cursor)
    if not isinstance(value, list) or len(value) != 2:
        raise CursorError("not a cursor returned by this API")
    day, event = value
    try:
        date = dt.date.fromisoformat(day) if day is not None else None
    except (TypeError, ValueError):
        raise CursorError("not a cursor returned by this API") from None
    return date, _bounded_int(event, 0, MAX_ROW_ID)


def page(kind: str, items: list[T], limit: int, cursor: str | None) -> tuple[list[T], str | None]:
    """Offset pagination over a computed list: this page's items and the next cursor."""
    start = offset(kind, cursor)
    end = start + limit
    return items[start:end], encode(kind, end) if end < len(items) else None
