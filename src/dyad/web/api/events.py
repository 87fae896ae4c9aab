"""``/api/events``: pages of events with their evidence, and one event."""

from __future__ import annotations

from typing import Any

from dyad.store import EventQuery, Store
from dyad.store.analytics import event_detail, event_page
from dyad.web.api.common import ApiError


def list_events(store: Store, query: EventQuery, limit: int, cursor: str | None) -> dict[str, Any]:
    """One page of matching events (``events``) and the ``next_cursor``."""
    return event_page(store, query, limit=limit, cursor=cursor).as_dict("events")


def get_event(store: Store, event: int) -> dict[str, Any]:
    """One event by its store id; 404 when unknown."""
    found = event_detail(store, event)
    if found is None:
        raise ApiError(404, f"no event {event}")
    return found
