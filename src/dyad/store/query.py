"""Reading the store: event queries with filters, and counts.

Assigns nothing; turns ``events`` rows (with the evidence of their first mention) into
records. Filters (all optional, combined with AND):

* ``source`` / ``target`` — an actor code or its prefix ("USA" matches USA, USAGOV, USAMIL);
* ``dyad`` — two codes (or prefixes) A, B: events between them in either direction;
* ``cameo`` — a CAMEO code prefix ("19" = the FIGHT family, "0" = the 01–09 roots);
* ``plover`` — a PLOVER event type (ACCUSE, ...);
* ``since`` / ``until`` — events whose dates overlap the range (undated events drop out);
* ``country`` — ISO 3166 alpha-3 of the source's or target's country, or of a place of the event;
* ``text`` — words that must all occur in a sentence reporting the event (full-text search:
  FTS5 with Porter stemming on SQLite, ``to_tsvector('english')`` on PostgreSQL);
* ``modality`` — the modalities to keep (``("asserted",)`` leaves out negated, hypothetical,
  future and historical events); ``None`` keeps all.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, literal_column, or_, select, text
from sqlalchemy.engine import Connection, Row

from dyad.errors import InputError
from dyad.records import Modality
from dyad.store import rows
from dyad.store.db import Store
from dyad.store.dedup import mention_source
from dyad.store.schema import (
    actors,
    articles,
    events,
    mentions,
    places,
    quarantine,
    quotes,
    schema_version,
    sentences,
)

MODALITIES: tuple[str, ...] = typing.get_args(Modality)


@dataclass
class EventQuery:
    """Which events to return; ``None`` means no condition."""

    source: str | None = None
    target: str | None = None
    dyad: tuple[str, str] | None = None
    cameo: str | None = None
    plover: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    country: str | None = None
    text: str | None = None
    modality: tuple[str, ...] | None = None
    limit: int | None = None

    def __post_init__(self) -> None:
        """Refuse a query that cannot mean anything, in one line (:class:`QueryError`), before any SQL.

        This is the one check of the filters: ``dyad events`` and the web API rely on it."""
        if self.limit is not None and (isinstance(self.limit, bool) or self.limit < 1):
            raise QueryError("limit", f"limit must be a whole number of 1 or more, not {self.limit!r}")
        if self.cameo is not None and not (self.cameo.isascii() and self.cameo.isdigit() and len(self.cameo) <= 4):
            raise QueryError("cameo", f"cameo {self.cameo!r}: expected a CAMEO code prefix of 1 to 4 digits, e.g. 19")
        if self.since and self.until and self.since > self.until:
            raise QueryError("since", f"since {self.since} is after until {self.until}: no event can match")
        for name, value in (("source", self.source), ("target", self.target), *(("dyad", v) for v in self.dyad or ())):
            if value is not None and not value.strip():
                raise QueryError(name, f"{name}: an actor code cannot be empty")
        if self.modality is not None and (not self.modality or set(self.modality) - set(MODALITIES)):
            raise QueryError("modality", f"modality {self.modality!r}: expected some of {', '.join(MODALITIES)}")


class QueryError(InputError):
    """A filter of :class:`EventQuery` that cannot mean anything; ``field`` names the filter."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def _prefix(column, value: str) -> ColumnElement[bool]:
    """``column`` starts with ``value``, as an index-friendly range."""
    upper = value[:-1] + chr(ord(value[-1]) + 1)
    return and_(column >= value, column < upper)


def _actor_codes(conn: Connection, column, value: str) -> ColumnElement[bool]:
    """``column`` holds an actor code starting with ``value``.

    The codes come from the ``actors`` table (the writer adds every code it stores there, in
    the same transaction), so the database can seek each (source, target, date) index entry
    instead of scanning a range of codes; a very common prefix falls back to the range.
    """
    codes = conn.execute(select(actors.c.code).where(_prefix(actors.c.code, value)).limit(501)).scalars().all()
    if len(codes) > 500:
        return _prefix(column, value)
    return column.in_(codes) if codes else column == value


def _text_match(conn: Connection, words: str) -> ColumnElement[bool]:
    hits: Select
    if conn.dialect.name == "sqlite":
        terms = " ".join('"' + word.replace('"', '""') + '"' for word in words.split())
        hits = (
            select(literal_column("rowid"))
            .select_from(text("sentences_fts"))
            .where(text("sentences_fts MATCH :terms").bindparams(terms=terms))
        )
    else:
        hits = select(sentences.c.id).where(
            func.to_tsvector("english", sentences.c.text).op("@@")(func.plainto_tsquery("english", words))
        )
    return events.c.id.in_(select(mentions.c.event).where(mentions.c.sentence.in_(hits)))


def conditions(conn: Connection, query: EventQuery) -> list[ColumnElement[bool]]:
    """The WHERE conditions of a query."""
    where: list[ColumnElement[bool]] = []
    source, target = events.c.source_code, events.c.target_code
    if query.source:
        where.append(_actor_codes(conn, source, query.source.upper()))
    if query.target:
        where.append(_actor_codes(conn, target, query.target.upper()))
    if query.dyad:
        a, b = (code.upper() for code in query.dyad)
        where.append(
            or_(
                and_(_actor_codes(conn, source, a), _actor_codes(conn, target, b)),
                and_(_actor_codes(conn, source, b), _actor_codes(conn, target, a)),
            )
        )
    if query.cameo:
        where.append(_prefix(events.c.cameo, query.cameo))
    if query.plover:
        where.append(events.c.plover_type == query.plover.upper())
    if query.since:
        where.append(events.c.date_hi >= query.since)
    if query.until:
        where.append(events.c.date_lo <= query.until)
    if query.country:
        iso = query.country.upper()
        where.append(
            or_(
                events.c.source_country == iso,
                events.c.target_country == iso,
                events.c.id.in_(select(places.c.event).where(places.c.country == iso)),
            )
        )
    if query.text and query.text.split():
        where.append(_text_match(conn, query.text))
    if query.modality is not None:
        where.append(events.c.modality.in_(query.modality))
    return where


def event_rows(conn: Connection, query: EventQuery | None = None):
    """The SELECT for matching events, each with its first mention's evidence, by date."""
    query = query or EventQuery()
    first = mentions.alias("first")
    statement = (
        select(
            events,
            first.c.event_id,
            first.c.trigger,
            articles.c.article_id,
            articles.c.url,
            first.c.publisher,
            sentences.c.text.label("sentence"),
            first.c.record,
        )
        .select_from(
            events.outerjoin(first, first.c.id == events.c.first_mention)
            .outerjoin(articles, articles.c.id == first.c.article)
            .outerjoin(sentences, sentences.c.id == first.c.sentence)
        )
        .where(*conditions(conn, query))
        .order_by(events.c.date_lo.asc().nulls_last(), events.c.id)
    )
    if query.limit is not None:
        statement = statement.limit(query.limit)
    return statement


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


_ACTOR = ("code", "text", "country", "sector", "name")


def record(row: Row) -> dict[str, Any]:
    """One stored event as a JSON-ready record: the event, its counts, and its first evidence."""
    return {
        "id": row.id,
        "date": row.date,
        "date_precision": row.date_precision,
        "source": rows.actor_dict(row, "source", _ACTOR),
        "target": rows.actor_dict(row, "target", _ACTOR),
        "cameo": row.cameo,
        "cameo_name": row.cameo_name,
        "plover": {"type": row.plover_type, "mode": row.plover_mode},
        "quad_class": row.quad_class,
        "goldstein": row.goldstein,
        "modality": row.modality,
        "mentions": row.n_mentions,
        "articles": row.n_articles,
        "sources": row.n_sources,
        "first_seen": _iso(row.first_seen),
        "last_seen": _iso(row.last_seen),
        "evidence": {
            "article_id": row.article_id,
            "url": row.url,
            "publisher": row.publisher,
            "event_id": row.event_id,
            "trigger": row.trigger,
            "sentence": row.sentence,
        },
    }


flat = rows.stored_row  # one stored event as a flat row with rows.STORED_COLUMNS


def find_events(store: Store, query: EventQuery | None = None) -> Iterator[Row]:
    """Matching event rows, streamed (use :func:`record` or :func:`flat` on each)."""
    with store.read() as conn:
        result = conn.execution_options(stream_results=True, yield_per=1000).execute(event_rows(conn, query))
        yield from result


def modalities(value: str) -> tuple[str, ...] | None:
    """``"all"`` → None (no filter); ``"asserted,future"`` → the tuple, each checked (InputError)."""
    if value.strip() == "all":
        return None
    chosen = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [m for m in chosen if m not in MODALITIES]
    if unknown or not chosen:
        raise InputError(f"modality {value!r}: expected 'all' or some of {', '.join(MODALITIES)} (comma-separated)")
    return chosen


def stats(store: Store, modality: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Counts of what the store holds, its date range and schema version.

    ``events``, ``first_date`` and ``last_date`` count the events of ``modality`` (None: all);
    ``events_by_modality`` counts every event by its modality; ``sources`` counts distinct sources
    of mentions by the rule of each event's ``n_sources`` (no known publisher: the article)."""
    with store.read() as conn:

        def count(table) -> int:
            return conn.execute(select(func.count()).select_from(table)).scalar_one()

        kept = [events.c.modality.in_(modality)] if modality is not None else []
        dates = conn.execute(select(func.min(events.c.date_lo), func.max(events.c.date_hi)).where(*kept)).one()
        grouped = conn.execute(select(events.c.modality, func.count()).group_by(events.c.modality))
        by_modality = {modality: number for modality, number in grouped}
        return {
            "articles": count(articles),
            "events": conn.execute(select(func.count()).select_from(events).where(*kept)).scalar_one(),
            "events_by_modality": {m: by_modality[m] for m in MODALITIES if m in by_modality},
            "mentions": count(mentions),
            "quarantined": count(quarantine),
            "sentences": count(sentences),
            "quotes": count(quotes),
            "actors": count(actors),
            "places": count(places),
            "sources": conn.execute(select(func.count(mention_source.distinct()))).scalar_one(),
            "first_date": _iso(dates[0]),
            "last_date": _iso(dates[1]),
            "schema_version": conn.execute(select(func.max(schema_version.c.version))).scalar_one(),
        }


def quarantined(store: Store, limit: int | None = None) -> list[dict[str, Any]]:
    """The quarantined inputs, most recent first: input, reason, stage, attempts, last_seen."""
    with store.read() as conn:
        statement = select(quarantine).order_by(quarantine.c.last_seen.desc(), quarantine.c.id.desc())
        if limit is not None:
            statement = statement.limit(limit)
        return [
            {
                "input": r.input,
                "reason": r.reason,
                "stage": r.stage,
                "retry": bool(r.retry),
                "attempts": r.attempts,
                "last_seen": _iso(r.last_seen),
            }
            for r in conn.execute(statement)
        ]
