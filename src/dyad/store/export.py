"""Exporting the store: CSV, Parquet, GDELT 2.0 event columns and PLOVER JSON Lines.

Assigns the fields of the target formats from stored events (see docs/store.md):

* ``csv``     — one row per event, :data:`dyad.store.rows.STORED_COLUMNS`, with a header;
* ``parquet`` — a folder with one ``TABLE.parquet`` file per table (articles ... quarantine),
  every row of every table (the modality filter does not apply);
* ``gdelt``   — tab-separated, no header, the 61 columns of the GDELT 2.0 event table in their
  order (:mod:`dyad.store.gdelt`);
* ``plover``  — one PLOVER record per event with a PLOVER type: id, date, event, mode,
  actor, recipient, event_loc, quad_code, event_scale, event_text, cite_info, coder, and
  dyad's extensions ``modality`` and ``date_precision``. Events of CAMEO roots 01/02 have
  no PLOVER type and are left out (their count is returned).

The event exports keep only asserted events by default (``modality=("asserted",)``; ``None``
keeps all): negated, hypothetical, future and historical events did not happen, or not then.
Every export dates an event by :func:`dyad.store.rows.export_day`, so one event has one day
in all of them.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, select
from sqlalchemy.engine import Connection, Row

from dyad.store.db import Store
from dyad.store.gdelt import GDELT_COLUMNS, write_gdelt
from dyad.store.query import EventQuery, event_rows
from dyad.store.rows import STORED_COLUMNS, actor_of, export_day, stored_row
from dyad.store.schema import TABLES, mentions, places

FORMATS = ("csv", "parquet", "gdelt", "plover")
__all__ = ["ASSERTED", "FORMATS", "GDELT_COLUMNS", "export"]
ASSERTED = ("asserted",)


def _rows(store: Store, modality: tuple[str, ...] | None = ASSERTED) -> Iterator[Row]:
    """The stored events of these modalities with their first evidence, by date, streamed."""
    with store.read() as conn:
        statement = event_rows(conn, EventQuery(modality=modality))
        yield from conn.execution_options(stream_results=True, yield_per=2000).execute(statement)


def export(store: Store, fmt: str, path: str | Path, *, modality: tuple[str, ...] | None = ASSERTED) -> dict[str, int]:
    """Write the store in ``fmt`` to ``path``; returns what was written, e.g. {"events": 12}.

    ``modality``: the event modalities the csv, gdelt and plover exports keep (None: all)."""
    path = Path(path)
    if fmt == "csv":
        return export_csv(store, path, modality)
    if fmt == "parquet":
        return export_parquet(store, path)
    if fmt == "gdelt":
        return export_gdelt(store, path, modality)
    if fmt == "plover":
        return export_plover(store, path, modality)
    raise ValueError(f"unknown export format {fmt!r} (expected {', '.join(FORMATS)})")


def export_csv(store: Store, path: Path, modality: tuple[str, ...] | None = ASSERTED) -> dict[str, int]:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.DictWriter(handle, fieldnames=STORED_COLUMNS)
        out.writeheader()
        for row in _rows(store, modality):
            out.writerow(stored_row(row))
            count += 1
    return {"events": count}


# ---------------------------------------------------------------- parquet


def _arrow_type(column):
    import pyarrow as pa

    kind = column.type
    if isinstance(kind, Boolean):
        return pa.bool_()
    if isinstance(kind, Integer):
        return pa.int64()
    if isinstance(kind, Float):
        return pa.float64()
    if isinstance(kind, DateTime):
        return pa.timestamp("s")
    if isinstance(kind, Date):
        return pa.date32()
    return pa.string()


def export_parquet(store: Store, folder: Path, chunk: int = 50_000) -> dict[str, int]:
    """One Parquet file per table, written in chunks (memory stays bounded)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    with store.read() as conn:
        for table in TABLES:
            arrow = pa.schema([(c.name, _arrow_type(c)) for c in table.columns])
            counts[table.name] = 0
            with pq.ParquetWriter(folder / f"{table.name}.parquet", arrow) as out:
                result = conn.execution_options(stream_results=True).execute(
                    select(table).order_by(*table.primary_key.columns)
                )
                while batch := result.fetchmany(chunk):
                    columns = list(zip(*batch))
                    out.write_table(
                        pa.Table.from_arrays(
                            [
                                pa.array([_plain(v) for v in values], type=arrow.field(i).type)
                                for i, values in enumerate(columns)
                            ],
                            schema=arrow,
                        )
                    )
                    counts[table.name] += len(batch)
    return counts


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return value


# ---------------------------------------------------------------- GDELT


def export_gdelt(store: Store, path: Path, modality: tuple[str, ...] | None = ASSERTED) -> dict[str, int]:
    with store.read() as lookup:
        return write_gdelt(lookup, _rows(store, modality), path)


# ---------------------------------------------------------------- PLOVER


def _entity(row: Row, role: str) -> list[dict[str, Any]]:
    actor = actor_of(row, role)
    if actor is None:
        return []
    code = actor.code or ""
    entity = {
        "code": actor.country or code[:3] or None,
        "sector": actor.sector,
        "identifier_id": actor.code,
        "identifier_text": actor.name,
        "entity_text": actor.text,
    }
    return [{k: v for k, v in entity.items() if v is not None}]


def plover_record(conn: Connection, row: Row) -> dict[str, Any]:
    """One stored event as a PLOVER record (the fields of the PLOVER manual's event record)."""
    day, basis = export_day(row)
    place = conn.execute(select(places).where(places.c.event == row.id).order_by(places.c.id).limit(1)).first()
    loc = None
    if place is not None:
        loc = {
            k: v
            for k, v in {
                "resolved_place": place.name,
                "country_code": place.country,
                "province": place.admin1,
                "lat": place.lat,
                "lon": place.lon,
                "geonameid": place.feature_id,
            }.items()
            if v is not None
        }
    texts = conn.execute(
        select(mentions.c.record).where(mentions.c.event == row.id).order_by(mentions.c.id).limit(5)
    ).scalars()
    return {
        "id": f"dyad-{row.id}",
        "has_event": True,
        "date": day.isoformat() if day else None,
        "enddate": row.date_hi.isoformat()
        if row.date_hi and row.date_hi != row.date_lo and row.date_precision == "day"
        else None,
        "date_precision": basis,
        "event": [row.plover_type],
        "mode": [row.plover_mode] if row.plover_mode else [],
        "modality": row.modality,
        "context": [],
        "actor": _entity(row, "source"),
        "recipient": _entity(row, "target"),
        "event_loc": loc,
        "quad_code": row.quad_class,
        "event_scale": row.goldstein,
        "event_text": [json.loads(t)["sentence"] for t in texts],
        "cite_info": {"url": row.url, "publication": row.publisher, "coder": "dyad", "codebook": "CAMEO→PLOVER"},
        "coder": "dyad 0.1",
        "coded_date": row.first_seen.date().isoformat() if row.first_seen else None,
        "comment": f"CAMEO {row.cameo}; {row.n_mentions} mention(s), {row.n_sources} source(s)",
    }


def export_plover(store: Store, path: Path, modality: tuple[str, ...] | None = ASSERTED) -> dict[str, int]:
    written = skipped = 0
    with path.open("w", encoding="utf-8") as handle, store.read() as lookup:
        for row in _rows(store, modality):
            if not row.plover_type:
                skipped += 1
                continue
            handle.write(json.dumps(plover_record(lookup, row), ensure_ascii=False) + "\n")
            written += 1
    return {"events": written, "skipped_no_plover_type": skipped}
