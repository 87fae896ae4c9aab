"""Browsing and aggregating the store: events with their mentions and places, one article with
everything found in it, and the counts behind the web dashboard's timeline, network and map.

Assigns nothing; every function takes an :class:`~dyad.store.query.EventQuery` (the filters of
``dyad events``) and returns database rows or small dataclasses. The JSON shapes (pages, cursors,
GeoJSON, evidence spans) belong to :mod:`dyad.web.api`.

* :func:`events_after` — events in ``dyad events`` order (date, then id) after a keyset position,
  each with every mention (sentence, article title, URL, publisher, char offsets) and its places;
* :func:`event_by_id`, :func:`article_by_key` — one event, or one article with its mentions,
  quotes and places;
* :func:`periods` — events counted by the ``(date_lo, date_hi, precision)`` of their date, by
  quad class and PLOVER type, with their Goldstein sum: the web layer buckets them;
* :func:`dyads` — counts per (source, target) pair of actor codes or of their countries, with
  mean Goldstein, cooperative (quad 1–2) and conflictual (quad 3–4) counts, and :func:`actor_names`;
* :func:`place_counts` — events per place where the sentence says the action happened, else
  (``basis: "country"``) per source actor's country (the web layer puts that on the map).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.engine import Connection, Row

from dyad.store.db import Store
from dyad.store.query import EventQuery, conditions, event_rows
from dyad.store.schema import actors, articles, events, mentions, places, quotes, sentences

MAX_ROW_ID = 2**63 - 1  # the largest integer a store row id can hold (SQLite and PostgreSQL BIGINT)


@dataclass
class EventRows:
    """One stored event (a row of :func:`~dyad.store.query.event_rows`), its mentions and places."""

    row: Row
    mentions: list[Row] = field(default_factory=list)
    places: list[Row] = field(default_factory=list)


@dataclass
class ArticleRows:
    """One stored article, its mentions (each with ``sentence_text``), quotes and places."""

    row: Row
    mentions: list[Row]
    quotes: list[Row]
    places: list[Row]


def _mentions(conn: Connection, event_ids: Sequence[int]) -> dict[int, list[Row]]:
    """Every mention of the given events with its article and sentence, in mention order."""
    found: dict[int, list[Row]] = defaultdict(list)
    if not event_ids:
        return found
    statement = (
        select(
            mentions,
            articles.c.article_id.label("article_key"),
            articles.c.title,
            articles.c.url,
            articles.c.published,
            sentences.c.text.label("sentence_text"),
        )
        .select_from(
            mentions.join(articles, articles.c.id == mentions.c.article).outerjoin(
                sentences, sentences.c.id == mentions.c.sentence
            )
        )
        .where(mentions.c.event.in_(list(event_ids)))
        .order_by(mentions.c.event, mentions.c.id)
    )
    for row in conn.execute(statement):
        found[row.event].append(row)
    return found


def _places(conn: Connection, event_ids: Sequence[int]) -> dict[int, list[Row]]:
    found: dict[int, list[Row]] = defaultdict(list)
    if event_ids:
        for row in conn.execute(select(places).where(places.c.event.in_(list(event_ids))).order_by(places.c.id)):
            found[row.event].append(row)
    return found


def _bundle(conn: Connection, rows: Sequence[Row]) -> list[EventRows]:
    ids = [row.id for row in rows]
    said, located = _mentions(conn, ids), _places(conn, ids)
    return [EventRows(row, said.get(row.id, []), located.get(row.id, [])) for row in rows]


def _after(date_lo: dt.date | None, event: int, newest_first: bool = False):
    """Rows after (date_lo, id) in ``ORDER BY date_lo NULLS LAST, id`` (both descending when
    ``newest_first``; undated events last either way)."""
    later = (lambda a, b: a < b) if newest_first else (lambda a, b: a > b)
    if date_lo is None:
        return and_(events.c.date_lo.is_(None), later(events.c.id, event))
    return or_(
        later(events.c.date_lo, date_lo),
        and_(events.c.date_lo == date_lo, later(events.c.id, event)),
        events.c.date_lo.is_(None),
    )


def events_after(
    store: Store,
    query: EventQuery,
    after: tuple[dt.date | None, int] | None,
    limit: int,
    newest_first: bool = False,
) -> list[EventRows]:
    """At most ``limit`` matching events after the keyset position ``after`` (date_lo, id), in
    ``dyad events`` order or, ``newest_first``, latest date first (undated last)."""
    order = (
        (events.c.date_lo.desc().nulls_last(), events.c.id.desc())
        if newest_first
        else (events.c.date_lo.asc().nulls_last(), events.c.id)
    )
    with store.read() as conn:
        # the page's ids first (from the events' indexes alone), then their evidence: joined
        # before the sort, every matching event's mention, article and sentence was read
        page = select(events.c.id).where(*conditions(conn, EventQuery(**{**query.__dict__, "limit": None})))
        if after is not None:
            page = page.where(_after(*after, newest_first=newest_first))
        page = page.order_by(*order).limit(limit)
        statement = event_rows(conn).where(events.c.id.in_(page)).order_by(None).order_by(*order)
        return _bundle(conn, conn.execute(statement).all())


def count_events(store: Store) -> int:
    """How many events the store holds."""
    with store.read() as conn:
        return conn.execute(select(func.count()).select_from(events)).scalar_one()


def event_by_id(store: Store, event: int) -> EventRows | None:
    """One stored event with its mentions and places; None when there is no such event."""
    if not 1 <= event <= MAX_ROW_ID:
        return None
    with store.read() as conn:
        row = conn.execute(event_rows(conn).where(events.c.id == event)).first()
        return _bundle(conn, [row])[0] if row is not None else None


def _article_row(conn: Connection, key: str) -> Row | None:
    row = conn.execute(select(articles).where(articles.c.article_id == key).order_by(articles.c.id)).first()
    if row is None and key.isascii() and key.isdigit() and 1 <= int(key) <= MAX_ROW_ID:
        row = conn.execute(select(articles).where(articles.c.id == int(key))).first()
    return row


def article_by_key(store: Store, key: str) -> ArticleRows | None:
    """One article by its article id (or its row number), with its mentions, quotes and places."""
    with store.read() as conn:
        row = _article_row(conn, key)
        if row is None:
            return None
        said = conn.execute(
            select(mentions, sentences.c.text.label("sentence_text"))
            .select_from(
                mentions.outerjoin(sentences, sentences.c.id == mentions.c.sentence).join(
                    events, events.c.id == mentions.c.event
                )
            )
            .where(mentions.c.article == row.id)
            .order_by(mentions.c.char_start, mentions.c.id)
        ).all()
        quoted = conn.execute(
            select(quotes).where(quotes.c.article == row.id).order_by(quotes.c.char_start, quotes.c.id)
        ).all()
        located = conn.execute(
            select(places).where(places.c.article == row.id).order_by(places.c.char_start.nulls_first(), places.c.id)
        ).all()
    return ArticleRows(row, said, quoted, located)


# ---------------------------------------------------------------- aggregations

_COOP = case((events.c.quad_class.in_((1, 2)), 1), else_=0)
_CONFLICT = case((events.c.quad_class.in_((3, 4)), 1), else_=0)


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


@dataclass(frozen=True)
class PeriodCount:
    """Events whose dates span ``[date_lo, date_hi]`` (one day, a month or a year)."""

    date_lo: dt.date
    date_hi: dt.date
    precision: str
    quad_class: int
    plover_type: str | None
    count: int
    goldstein_sum: float


def periods(store: Store, query: EventQuery) -> list[PeriodCount]:
    """Matching dated events counted by their date span, quad class and PLOVER type."""
    with store.read() as conn:
        rows = conn.execute(periods_select(conn, query)).all()
    return [
        PeriodCount(_as_date(lo), _as_date(hi if hi is not None else lo), precision or "day", quad, ptype, n, float(g))
        for lo, hi, precision, quad, ptype, n, g in rows
    ]


def periods_select(conn: Connection, query: EventQuery):
    """The SELECT behind :func:`periods` (for one country, answered from a covering index)."""
    return (
        select(
            events.c.date_lo,
            events.c.date_hi,
            events.c.date_precision,
            events.c.quad_class,
            events.c.plover_type,
            func.count(),
            func.coalesce(func.sum(events.c.goldstein), 0.0),
        )
        .where(events.c.date_lo.is_not(None), *conditions(conn, query))
        .group_by(
            events.c.date_lo, events.c.date_hi, events.c.date_precision, events.c.quad_class, events.c.plover_type
        )
    )


@dataclass(frozen=True)
class DyadCount:
    """Events from ``source`` to ``target`` (actor codes, or ISO3 countries when grouped)."""

    source: str
    target: str
    count: int
    goldstein_mean: float | None
    cooperative: int
    conflictual: int


def dyads(store: Store, query: EventQuery, group: Literal["actor", "country"] = "actor") -> list[DyadCount]:
    """Dyads with a target, largest first (ties by codes); ``group="country"`` joins the actors of
    one country (RUS, RUSGOV, RUSMIL) and leaves out actors with no country."""
    with store.read() as conn:
        found = [
            DyadCount(s, t, n, round(float(g), 4) if g is not None else None, int(coop or 0), int(conflict or 0))
            for s, t, n, g, coop, conflict in conn.execute(dyads_select(conn, query, group))
        ]
    found.sort(key=lambda d: (-d.count, d.source, d.target))
    return found


def dyads_select(conn: Connection, query: EventQuery, group: Literal["actor", "country"] = "actor"):
    """The SELECT behind :func:`dyads` (for one country, answered from a covering index)."""
    source, target = (
        (events.c.source_code, events.c.target_code)
        if group == "actor"
        else (events.c.source_country, events.c.target_country)
    )
    return (
        select(source, target, func.count(), func.avg(events.c.goldstein), func.sum(_COOP), func.sum(_CONFLICT))
        .where(source.is_not(None), target.is_not(None), events.c.target_code.is_not(None))
        .where(*conditions(conn, query))
        .group_by(source, target)
    )


def actor_names(store: Store, codes: Sequence[str]) -> dict[str, tuple[str | None, str | None]]:
    """The stored name and country of each known actor code."""
    if not codes:
        return {}
    with store.read() as conn:
        rows = conn.execute(select(actors.c.code, actors.c.name, actors.c.country).where(actors.c.code.in_(codes)))
        return {code: (name, country) for code, name, country in rows}


@dataclass(frozen=True)
class PlaceCount:
    """Events at one place (``basis="place"``) or, unplaced, of one source country (``"country"``,
    with no name or point: the caller looks the country up)."""

    basis: str
    name: str | None
    country: str | None
    lat: float | None
    lon: float | None
    count: int
    goldstein_mean: float | None
    cooperative: int
    conflictual: int


def place_counts(store: Store, query: EventQuery) -> list[PlaceCount]:
    """Matching events per located place, and unplaced events per source country."""

    def mean(g: Any) -> float | None:
        return round(float(g), 4) if g is not None else None

    with store.read() as conn:
        where = conditions(conn, query)
        stats = (func.avg(events.c.goldstein), func.sum(_COOP), func.sum(_CONFLICT))
        located = (
            select(places.c.name, places.c.country, places.c.lat, places.c.lon, func.count(events.c.id.distinct()))
            .add_columns(*stats)
            .select_from(places.join(events, events.c.id == places.c.event))
            .where(places.c.lat.is_not(None), *where)
            .group_by(places.c.name, places.c.country, places.c.lat, places.c.lon)
        )
        found = [
            PlaceCount("place", name, iso, lat, lon, n, mean(g), int(co or 0), int(cf or 0))
            for name, iso, lat, lon, n, g, co, cf in conn.execute(located)
        ]
        unplaced = (
            select(events.c.source_country, func.count(), *stats)
            .where(
                events.c.source_country.is_not(None),
                ~events.c.id.in_(select(places.c.event).where(places.c.event.is_not(None))),
                *where,
            )
            .group_by(events.c.source_country)
        )
        found += [
            PlaceCount("country", None, iso, None, None, n, mean(g), int(co or 0), int(cf or 0))
            for iso, n, g, co, cf in conn.execute(unplaced)
        ]
    return found
