"""Exporting the store: CSV, Parquet, GDELT 2.0 event columns and PLOVER JSON Lines.

Assigns the fields of the target formats from stored events (see docs/store.md):

* ``csv``     — one row per event, :data:`dyad.store.rows.STORED_COLUMNS`, with a header;
* ``parquet`` — a folder with one ``TABLE.parquet`` file per table (articles ... quarantine);
* ``gdelt``   — tab-separated, no header, the 61 columns of the GDELT 2.0 event table in their
  order. Country codes are ISO 3166 alpha-3 where GDELT's geography uses FIPS 10-4; the
  day is the start of the event's date (an undated event takes its first article's
  publication date); ``IsRootEvent`` is 1 when the first mention is in the headline or
  the first sentence; AvgTone and the actor geography columns are empty;
* ``plover``  — one PLOVER record per event with a PLOVER type: id, date, event, mode,
  actor, recipient, event_loc, quad_code, event_scale, event_text, cite_info, coder.
  Events of CAMEO roots 01/02 have no PLOVER type and are left out (their count is returned).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, func, select
from sqlalchemy.engine import Connection, Row

from dyad.store.db import Store
from dyad.store.query import event_rows
from dyad.store.rows import STORED_COLUMNS, actor_of, stored_row
from dyad.store.schema import TABLES, mentions, places

FORMATS = ("csv", "parquet", "gdelt", "plover")

_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
_ACTOR = [
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
]
GDELT_COLUMNS = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR),
    *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO),
    *(f"Actor2Geo_{c}" for c in _GEO),
    *(f"ActionGeo_{c}" for c in _GEO),
    "DATEADDED",
    "SOURCEURL",
]
assert len(GDELT_COLUMNS) == 61


def _rows(store: Store) -> Iterator[Row]:
    """Every stored event with its first evidence, by date, streamed."""
    with store.read() as conn:
        yield from conn.execution_options(stream_results=True, yield_per=2000).execute(event_rows(conn))


def export(store: Store, fmt: str, path: str | Path) -> dict[str, int]:
    """Write the store in ``fmt`` to ``path``; returns what was written, e.g. {"events": 12}."""
    path = Path(path)
    if fmt == "csv":
        return export_csv(store, path)
    if fmt == "parquet":
        return export_parquet(store, path)
    if fmt == "gdelt":
        return export_gdelt(store, path)
    if fmt == "plover":
        return export_plover(store, path)
    raise ValueError(f"unknown export format {fmt!r} (expected {', '.join(FORMATS)})")


def export_csv(store: Store, path: Path) -> dict[str, int]:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.DictWriter(handle, fieldnames=STORED_COLUMNS)
        out.writeheader()
        for row in _rows(store):
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


def _day(row: Row) -> dt.date | None:
    return row.date_lo or row.published


def _action_places(conn: Connection, event_id: int) -> Row | None:
    return conn.execute(select(places).where(places.c.event == event_id).order_by(places.c.id).limit(1)).first()


def gdelt_row(conn: Connection, row: Row, root_event: bool) -> list[Any]:
    """The 61 GDELT 2.0 event columns of one stored event."""
    day = _day(row)
    fraction = round(day.year + (day.timetuple().tm_yday / 365), 4) if day else None
    values: dict[str, Any] = {
        "GLOBALEVENTID": row.id,
        "SQLDATE": day.strftime("%Y%m%d") if day else None,
        "MonthYear": day.strftime("%Y%m") if day else None,
        "Year": day.year if day else None,
        "FractionDate": fraction,
        "IsRootEvent": int(root_event),
        "EventCode": row.cameo,
        "EventBaseCode": row.cameo[:3],
        "EventRootCode": row.cameo[:2],
        "QuadClass": row.quad_class,
        "GoldsteinScale": row.goldstein,
        "NumMentions": row.n_mentions,
        "NumSources": row.n_sources,
        "NumArticles": row.n_articles,
        "DATEADDED": row.first_seen.strftime("%Y%m%d%H%M%S") if row.first_seen else None,
        "SOURCEURL": row.url,
    }
    for number, role in ((1, "source"), (2, "target")):
        actor = actor_of(row, role)
        if actor is None:
            continue
        code = actor.code or ""
        values[f"Actor{number}Code"] = actor.code
        values[f"Actor{number}Name"] = (actor.name or "").upper() or None
        values[f"Actor{number}CountryCode"] = actor.country
        values[f"Actor{number}Type1Code"] = actor.sector
        if code.startswith("IGO") or code.startswith("NGO"):
            values[f"Actor{number}KnownGroupCode"] = code[3:6] or None
    place = _action_places(conn, row.id)
    if place is not None:
        values.update(
            {
                "ActionGeo_Type": geo_type(place),
                "ActionGeo_FullName": place.name,
                "ActionGeo_CountryCode": place.country,
                "ActionGeo_ADM1Code": place.admin1,
                "ActionGeo_Lat": place.lat,
                "ActionGeo_Long": place.lon,
                "ActionGeo_FeatureID": place.feature_id,
            }
        )
    return ["" if values.get(c) is None else values[c] for c in GDELT_COLUMNS]


def geo_type(place: Row) -> int:
    """GDELT's geographic resolution: 1 country, 2 US state, 3 US city, 4 world city, 5 world state."""
    kind = json.loads(place.record or "{}").get("kind")
    us = place.country == "USA"
    if kind == "country":
        return 1
    if kind == "region":
        return 2 if us else 5
    if kind == "city" or place.lat is not None:
        return 3 if us else 4
    return 1


def export_gdelt(store: Store, path: Path) -> dict[str, int]:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter="\t", lineterminator="\n")
        with store.read() as lookup:
            for row in _rows(store):
                first = lookup.execute(
                    select(func.min(mentions.c.sentence_index)).where(mentions.c.event == row.id)
                ).scalar()
                out.writerow(gdelt_row(lookup, row, first is not None and first <= 1))
                count += 1
    return {"events": count}


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
    }
    return [{k: v for k, v in entity.items() if v is not None}]


def plover_record(conn: Connection, row: Row) -> dict[str, Any]:
    """One stored event as a PLOVER record (the fields of the PLOVER manual's event record)."""
    day = _day(row)
    place = _action_places(conn, row.id)
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
        "event": [row.plover_type],
        "mode": [row.plover_mode] if row.plover_mode else [],
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


def export_plover(store: Store, path: Path) -> dict[str, int]:
    written = skipped = 0
    with path.open("w", encoding="utf-8") as handle, store.read() as lookup:
        for row in _rows(store):
            if not row.plover_type:
                skipped += 1
                continue
            handle.write(json.dumps(plover_record(lookup, row), ensure_ascii=False) + "\n")
            written += 1
    return {"events": written, "skipped_no_plover_type": skipped}
