"""The event store: ingest news continuously, keep every event once, lose nothing.

    >>> from dyad.store import open_store, Ingester, read_inputs, EventQuery, find_events
    >>> store = open_store("sqlite:///dyad.db")          # or postgresql://user@host/db
    >>> Ingester(store, coder).ingest(read_inputs(["news/"]))    # code, then write_results per batch
    >>> write_results(store, coder.code_many(articles))          # already coded: store in one transaction
    >>> rows = find_events(store, EventQuery(dyad=("USA", "CHN"), since=date(2024, 1, 1)))

Modules: db (URLs, connections, errors), schema (tables and migrations), rows (records ↔ rows),
writer (write_results: the one write path), ingest (batched, idempotent: coder + write_results),
dedup (the merge rule), loop (continuous runs: watch a folder, poll feeds), query, export.
Inputs (files, folders, feeds, WARC, fetched pages) are read by :mod:`dyad.readers`;
``read_inputs`` is re-exported here for the example above.
"""

import importlib

# Each public name and the module that defines it (in dyad.store unless dotted), imported on first
# use (PEP 562): `dyad code` writes rows with dyad.store.rows and must not pay for SQLAlchemy and the rest at start-up.
_WHERE = {
    "DEFAULT_URL": "db",
    "Store": "db",
    "StoreError": "db",
    "open_store": "db",
    "DEFAULT_WINDOW": "dedup",
    "FORMATS": "export",
    "export": "export",
    "Ingester": "ingest",
    "Item": "ingest",
    "Summary": "ingest",
    "EventQuery": "query",
    "find_events": "query",
    "flat": "query",
    "quarantined": "query",
    "record": "query",
    "stats": "query",
    "read_inputs": "dyad.readers",
    "Coded": "writer",
    "write_results": "writer",
}


def __getattr__(name: str):
    if name in _WHERE:
        module = _WHERE[name] if "." in _WHERE[name] else f"dyad.store.{_WHERE[name]}"
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'dyad.store' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "Coded",
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
    "write_results",
]
