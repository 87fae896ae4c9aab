"""``/api/events``: pages of events with their evidence, one event, and the CSV of a filter."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from dyad.store import EventQuery, Store
from dyad.store.analytics import event_by_id, events_after
from dyad.store.query import find_events
from dyad.store.rows import STORED_COLUMNS, stored_row
from dyad.web.api import cursors, shapes
from dyad.web.api.common import ApiError
from dyad.web.api.models import Event, EventPage

CSV_CHUNK = 500  # rows per streamed piece


def list_events(store: Store, query: EventQuery, limit: int, cursor: str | None, order: str = "oldest") -> EventPage:
    """One page of matching events, in ``dyad events`` order (``oldest``) or ``newest`` first
    (undated events last either way), and the ``next_cursor``."""
    kind = "events" if order == "oldest" else "events-newest"
    found = events_after(store, query, cursors.keyset(cursor, kind), limit + 1, newest_first=order == "newest")
    more, found = len(found) > limit, found[:limit]
    last = found[-1].row if found else None
    next_cursor = (
        cursors.encode(kind, [last.date_lo.isoformat() if last.date_lo else None, last.id])
        if more and last is not None
        else None
    )
    return EventPage(events=[shapes.event(f) for f in found], next_cursor=next_cursor)


def get_event(store: Store, event: int) -> Event:
    """One event by its store id; 404 when unknown."""
    found = event_by_id(store, event)
    if found is None:
        raise ApiError(404, f"no event {event}")
    return shapes.event(found)


def events_csv(store: Store, query: EventQuery) -> Iterator[str]:
    """Every matching event as CSV (the columns of ``dyad events --format csv``), in pieces."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, STORED_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for n, row in enumerate(find_events(store, query), 1):
        writer.writerow(stored_row(row))
        if n % CSV_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
