"""The event store: ingest news continuously, keep every event once, lose nothing.

    >>> from dyad.store import open_store, Ingester, read_inputs, EventQuery, find_events
    >>> store = open_store("sqlite:///dyad.db")          # or postgresql://user@host/db
    >>> Ingester(store, coder).ingest(read_inputs(["news/"]))
    >>> rows = find_events(store, EventQuery(dyad=("USA", "CHN"), since=date(2024, 1, 1)))

Modules: db (URLs, connections, errors), schema (tables and migrations), ingest (batched,
idempotent), writer (rows), dedup (the merge rule), sources (files, folders, feeds, WARC,
watching), fetch (polite HTTP feed polling), loop (continuous runs), query, export.
"""

from dyad.store.db import DEFAULT_URL, Store, StoreError, open_store
from dyad.store.dedup import DEFAULT_WINDOW
from dyad.store.export import FORMATS, export
from dyad.store.ingest import Ingester, Item, Summary
from dyad.store.query import EventQuery, find_events, flat, quarantined, record, stats
from dyad.store.sources import read_inputs

__all__ = [
    "DEFAULT_URL",
    "DEFAULT_WINDOW",
    "FORMATS",
    "EventQuery",
    "Ingester",
    "Item",
    "Store",
    "StoreError",
    "Summary",
    "export",
    "find_events",
    "flat",
    "open_store",
    "quarantined",
    "read_inputs",
    "record",
    "stats",
]
