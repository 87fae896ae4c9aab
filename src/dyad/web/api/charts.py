"""``/api/timeseries``, ``/api/network``, ``/api/map``: the dashboard's aggregations."""

from __future__ import annotations

from typing import Any

from dyad.store import EventQuery, Store
from dyad.store.analytics import event_map, network, timeseries


def get_timeseries(store: Store, query: EventQuery, interval: str, limit: int, cursor: str | None) -> dict[str, Any]:
    """Per-period counts and Goldstein sums/means, by quad class and PLOVER type (``buckets``)."""
    return timeseries(store, query, interval, limit=limit, cursor=cursor).as_dict("buckets")


def get_network(store: Store, query: EventQuery, limit: int, cursor: str | None) -> dict[str, Any]:
    """Actors (``nodes``) and dyads (``edges``), largest dyads first."""
    return network(store, query, limit=limit, cursor=cursor).as_dict("edges")


def get_map(store: Store, query: EventQuery, limit: int, cursor: str | None) -> dict[str, Any]:
    """Events by place: a GeoJSON FeatureCollection (``features``), plus ``next_cursor``."""
    return event_map(store, query, limit=limit, cursor=cursor).as_dict("features")
