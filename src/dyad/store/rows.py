"""Records ↔ table rows: the one place an :class:`~dyad.records.Event` becomes flat columns and back.

Assigns nothing to events; it names columns. The flat columns derive from the fields of
:class:`dyad.records.Event`, in their order: a nested record (``source``, ``target``,
``plover``, ``location``) gives one column per field, named ``{field}_{subfield}``
(``source_code``, ``plover_type``, ``location_lat``); a ``(start, end)`` span gives two
(``char_start``, ``char_end``). :data:`CSV_COLUMNS` are the columns of ``dyad code --format
csv``; :data:`STORED_COLUMNS` add what the store knows of an event (its row id, counts and
first evidence) for ``dyad events --format csv`` and ``dyad export --format csv``. The
writer, dedup, query and export modules, :mod:`dyad.output` and the web API read and write
actor and event columns only through the functions here, so adding a field to ``Event``
changes this module's output and nothing else.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel

from dyad.records import Actor, Event

ROLES = ("source", "target")
ACTOR_FIELDS: tuple[str, ...] = tuple(Actor.model_fields)
_SKIPPED = {"kind"}  # a constant per record type, not a column


def _nested(annotation: Any) -> type[BaseModel] | None:
    """The record class of a field annotated ``Model`` or ``Model | None``, else None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                return arg
    return None


def _is_span(name: str) -> bool:
    return name.endswith("_span")


def _layout(model: type[BaseModel], prefix: str = "") -> Iterator[tuple[str, tuple[str, ...]]]:
    """(column, path in ``model_dump()``) for every flat column of ``model``, in field order."""
    for name, info in model.model_fields.items():
        if name in _SKIPPED and not prefix:
            continue
        inner = _nested(info.annotation)
        if inner is not None and not prefix:
            for column, path in _layout(inner, f"{name}_"):
                yield column, (name, *path)
        elif _is_span(name):
            if prefix:  # a nested record's own span (a place's) is not a column
                continue
            stem = name.removesuffix("_span")
            yield f"{stem}_start", (name, "0")
            yield f"{stem}_end", (name, "1")
        else:
            yield f"{prefix}{name}", (name,)


_EVENT_LAYOUT: tuple[tuple[str, tuple[str, ...]], ...] = tuple(_layout(Event))

#: The flat columns of one event record (``dyad code --format csv``), derived from records.Event.
CSV_COLUMNS: list[str] = [column for column, _ in _EVENT_LAYOUT]

#: What the store adds to a stored event's columns (``dyad events`` and ``dyad export`` CSV).
STORE_EXTRA = ["mentions", "articles", "sources", "first_seen", "last_seen", "url", "publisher", "day", "day_basis"]
STORED_COLUMNS: list[str] = ["id", *CSV_COLUMNS, *STORE_EXTRA]


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for step in path:
        if data is None:
            return None
        data = data[int(step)] if isinstance(data, (list, tuple)) else data.get(step)
    return data


def event_row(event: Event) -> dict[str, Any]:
    """One event record as a flat row with :data:`CSV_COLUMNS`."""
    data = event.model_dump()
    return {column: _get(data, path) for column, path in _EVENT_LAYOUT}


def event_of(row: Mapping[str, Any]) -> Event:
    """A flat row with :data:`CSV_COLUMNS` back into an event record (the inverse of :func:`event_row`)."""
    data: dict[str, Any] = {}
    for column, path in _EVENT_LAYOUT:
        value = row.get(column)
        if len(path) == 1:
            data[path[0]] = value
        elif path[1] in ("0", "1"):
            data.setdefault(path[0], [None, None])[int(path[1])] = value
        else:
            data.setdefault(path[0], {})[path[1]] = value
    for name, info in Event.model_fields.items():
        nested = data.get(name)
        if isinstance(nested, dict) and not info.is_required() and all(v is None for v in nested.values()):
            data[name] = info.get_default(call_default_factory=True)
    return Event.model_validate(data)


# ---------------------------------------------------------------- actors


def column(role: str, field: str) -> str:
    """The name of one actor field's column: ``column("source", "code")`` is ``source_code``."""
    return f"{role}_{field}"


def actor_columns(role: str, actor: Actor | None, fields: tuple[str, ...] = ACTOR_FIELDS) -> dict[str, Any]:
    """``{role}_{field}`` columns of one actor (all None when there is no actor)."""
    return {f"{role}_{field}": getattr(actor, field) if actor is not None else None for field in fields}


def actor_of(row: Any, role: str) -> Actor | None:
    """The actor in a row's ``{role}_*`` columns (a mapping or a database row); None when absent.

    A row without a ``{role}_text`` column (the ``events`` table before migration 3) gives
    the code as the text.
    """
    get = row.get if isinstance(row, Mapping) else lambda name, default=None: getattr(row, name, default)
    values = {field: get(f"{role}_{field}", None) for field in ACTOR_FIELDS}
    if values["code"] is None and not values["text"]:
        return None
    if values["text"] is None:
        values["text"] = values["code"]
    return Actor(**values)


def actor_dict(row: Any, role: str, fields: tuple[str, ...] = ("code", "country", "sector", "name")) -> dict | None:
    """The actor of a row as a plain dict of ``fields`` (the JSON shape of query records)."""
    actor = actor_of(row, role)
    return {field: getattr(actor, field) for field in fields} if actor is not None else None


# ---------------------------------------------------------------- stored events


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def stored_event(row: Any) -> Event | None:
    """The event record of a stored event: its first mention's record, with the event's own date
    (a later mention may have made it more precise). None when the row carries no record."""
    text = getattr(row, "record", None)
    if not text:
        return None
    event = Event.model_validate_json(text)
    if row.date != event.date:
        event = event.model_copy(update={"date": row.date, "date_precision": row.date_precision, "end_date": None})
    return event


def stored_row(row: Any) -> dict[str, Any]:
    """One stored event (a row of :func:`dyad.store.query.event_rows`) as a flat row with :data:`STORED_COLUMNS`."""
    event = stored_event(row)
    flat = event_row(event) if event is not None else {c: getattr(row, c, None) for c in CSV_COLUMNS}
    flat.update(
        id=row.id,
        mentions=row.n_mentions,
        articles=row.n_articles,
        sources=row.n_sources,
        first_seen=_iso(row.first_seen),
        last_seen=_iso(row.last_seen),
        url=row.url,
        publisher=row.publisher,
    )
    day, flat["day_basis"] = export_day(row)
    flat["day"] = _iso(day)
    return {column: flat.get(column) for column in STORED_COLUMNS}


def table_values(table: Any, row: Mapping[str, Any]) -> dict[str, Any]:
    """The values of ``row`` that ``table`` (a SQLAlchemy Table) has columns for."""
    return {column.name: row[column.name] for column in table.columns if column.name in row}


def export_day(row: Any) -> tuple[Any, str | None]:
    """The day every export gives a stored event, and what it rests on (docs/store.md, "Dates").

    The first day of the event's date ("2022-10" → 2022-10-01, "2022" → 2022-01-01; the
    precision, "day", "month" or "year", is the basis); an undated event takes the
    publication date of its first article ("published"), else the day it was first stored
    ("stored"). ``(None, None)`` only for a row with none of these.
    """
    if row.date_lo is not None:
        return row.date_lo, row.date_precision or "day"
    if row.published is not None:
        return row.published, "published"
    if row.first_seen is not None:
        return row.first_seen.date(), "stored"
    return None, None
