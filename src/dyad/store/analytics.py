"""Browsing and aggregating the store: pages of events with their evidence, articles marked up,
and the timeseries, network and map aggregations behind the web dashboard.

Assigns nothing; every function takes an :class:`~dyad.store.query.EventQuery` (the filters of
``dyad events``) and reads. Lists come in pages of at most :data:`MAX_LIMIT` items with an
opaque ``cursor`` for the next page:

* :func:`event_page` — events in ``dyad events`` order (date, then id), each with the evidence
  of every mention: sentence, article title, URL, publisher and char spans (sentence, trigger,
  source and target words, in article offsets); keyset pagination, so a page is one index seek;
* :func:`event_detail`, :func:`article_detail` — one event, or one article with its events,
  quotes and places marked by char span;
* :func:`timeseries` — counts, sum and mean Goldstein per day, week (starting Monday) or month,
  by quad class and by PLOVER type (events dated to a month or year count on their first day);
* :func:`network` — actors as nodes, dyads (source → target) as edges with counts, mean
  Goldstein, cooperative (quad 1–2) and conflictual (quad 3–4) counts, largest first;
* :func:`event_map` — a GeoJSON FeatureCollection of events by place: where the sentence says
  the action happened, else (``basis: "country"``) the source actor's country, at its GeoNames point.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.engine import Connection

from dyad.errors import InputError
from dyad.store.db import Store
from dyad.store.query import EventQuery, conditions, event_rows, record
from dyad.store.schema import actors, articles, events, mentions, places, quotes, sentences

MAX_LIMIT = 500
INTERVALS = ("day", "week", "month")


class CursorError(InputError):
    """A cursor that this server did not hand out (or for another list)."""


@dataclass
class Page:
    """One page of a list, and the cursor of the next (None on the last page)."""

    items: list[dict[str, Any]]
    next_cursor: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self, key: str = "items") -> dict[str, Any]:
        return {**self.extra, key: self.items, "next_cursor": self.next_cursor}


# ---------------------------------------------------------------- cursors


def encode_cursor(kind: str, value: Any) -> str:
    """An opaque cursor: the list's kind and its position, base64url-encoded JSON."""
    raw = json.dumps([kind, value], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str) -> Any:
    """The position in ``cursor``; :class:`CursorError` if it is not a cursor of ``kind``."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        got, value = json.loads(raw)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise CursorError("not a cursor returned by this API") from None
    if got != kind:
        raise CursorError(f"a cursor of another list ({got}), not of {kind}")
    return value


def _check_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIMIT}")
    return limit


def _slice(kind: str, items: list[dict[str, Any]], limit: int, cursor: str | None) -> Page:
    """Offset pagination over a computed list (aggregates)."""
    start = 0
    if cursor:
        start = decode_cursor(kind, cursor)
        if not isinstance(start, int) or start < 0:
            raise CursorError("not a cursor returned by this API")
    end = start + _check_limit(limit)
    return Page(items[start:end], encode_cursor(kind, end) if end < len(items) else None)


# ---------------------------------------------------------------- evidence


def _find(haystack: str, needle: str, start: int = 0) -> int:
    return haystack.lower().find(needle.lower(), start)


def word_spans(sentence: str, offset: int, words: str | None) -> list[list[int]]:
    """Where ``words`` occur in ``sentence``, as ``[start, end)`` spans shifted by ``offset``.

    The phrase itself when it occurs; else each of its words (a split trigger such as
    "impose ... sanctions"), each after the previous one where possible.
    """
    if not words or not words.strip():
        return []
    at = _find(sentence, words.strip())
    if at >= 0:
        return [[offset + at, offset + at + len(words.strip())]]
    spans, cursor = [], 0
    for word in re.findall(r"\w[\w'-]*", words):
        at = _find(sentence, word, cursor)
        if at < 0:
            at = _find(sentence, word)
        if at >= 0:
            spans.append([offset + at, offset + at + len(word)])
            cursor = at + len(word)
    return spans


def _mention_evidence(row: Any) -> dict[str, Any]:
    start = row.char_start
    sentence = row.sentence or ""
    return {
        "event_id": row.event_id,
        "article_id": row.article_id,
        "title": row.title,
        "url": row.url,
        "source": row.publisher,
        "published": _iso(row.published),
        "date": row.date,
        "modality": row.modality,
        "sentence": sentence,
        "sentence_span": [row.char_start, row.char_end],
        "trigger": row.trigger,
        "trigger_spans": word_spans(sentence, start, row.trigger),
        "source_text": row.source_text,
        "source_spans": word_spans(sentence, start, row.source_text),
        "target_text": row.target_text,
        "target_spans": word_spans(sentence, start, row.target_text),
    }


def _evidence(conn: Connection, event_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    """Every mention's evidence of the given events, in mention order."""
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not event_ids:
        return found
    statement = (
        select(
            mentions.c.event,
            mentions.c.event_id,
            mentions.c.char_start,
            mentions.c.char_end,
            mentions.c.trigger,
            mentions.c.publisher,
            mentions.c.date,
            mentions.c.modality,
            mentions.c.source_text,
            mentions.c.target_text,
            articles.c.article_id,
            articles.c.title,
            articles.c.url,
            articles.c.published,
            sentences.c.text.label("sentence"),
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
        found[row.event].append(_mention_evidence(row))
    return found


def _event_places(conn: Connection, event_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not event_ids:
        return found
    statement = select(places).where(places.c.event.in_(list(event_ids))).order_by(places.c.id)
    for row in conn.execute(statement):
        found[row.event].append(_place(row))
    return found


def _place(row: Any) -> dict[str, Any]:
    span = [row.char_start, row.char_end] if row.char_start is not None else None
    return {
        "name": row.name,
        "country": row.country,
        "admin1": row.admin1,
        "lat": row.lat,
        "lon": row.lon,
        "geonames_id": row.feature_id,
        "span": span,
        "event": row.event,
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


# ---------------------------------------------------------------- events and articles


def _after(date_lo: dt.date | None, event: int):
    """Rows after (date_lo, id) in ``ORDER BY date_lo NULLS LAST, id``."""
    if date_lo is None:
        return and_(events.c.date_lo.is_(None), events.c.id > event)
    return or_(
        events.c.date_lo > date_lo, and_(events.c.date_lo == date_lo, events.c.id > event), events.c.date_lo.is_(None)
    )


def _full(conn: Connection, rows: list[Any]) -> list[dict[str, Any]]:
    ids = [row.id for row in rows]
    evidence, located = _evidence(conn, ids), _event_places(conn, ids)
    out = []
    for row in rows:
        item = record(row)
        item["mention_evidence"] = evidence.get(row.id, [])
        item["places"] = located.get(row.id, [])
        out.append(item)
    return out


def event_page(store: Store, query: EventQuery, *, limit: int = 100, cursor: str | None = None) -> Page:
    """Matching events in ``dyad events`` order, ``limit`` at a time, each with all its evidence."""
    _check_limit(limit)
    position = decode_cursor("events", cursor) if cursor else None
    with store.read() as conn:
        statement = event_rows(conn, EventQuery(**{**query.__dict__, "limit": None}))
        if position is not None:
            try:
                day = dt.date.fromisoformat(position[0]) if position[0] is not None else None
                statement = statement.where(_after(day, int(position[1])))
            except (TypeError, ValueError, IndexError):
                raise CursorError("not a cursor returned by this API") from None
        rows = conn.execute(statement.limit(limit + 1)).all()
        more = len(rows) > limit
        rows = rows[:limit]
        items = _full(conn, rows)
    next_cursor = encode_cursor("events", [_iso(rows[-1].date_lo), rows[-1].id]) if more else None
    return Page(items, next_cursor)


def event_detail(store: Store, event: int) -> dict[str, Any] | None:
    """One stored event with all its evidence and places; None when there is no such event."""
    with store.read() as conn:
        row = conn.execute(event_rows(conn).where(events.c.id == event)).first()
        return _full(conn, [row])[0] if row is not None else None


def _article_row(conn: Connection, key: str) -> Any:
    row = conn.execute(select(articles).where(articles.c.article_id == key).order_by(articles.c.id)).first()
    if row is None and key.isdigit():
        row = conn.execute(select(articles).where(articles.c.id == int(key))).first()
    return row


def article_detail(store: Store, key: str) -> dict[str, Any] | None:
    """One article (by its article id, or its row number) with text, events, quotes and places.

    Events are its mentions with the stored event they were merged into (``event``) and the
    char spans of the sentence, trigger, source and target words in the article text.
    """
    with store.read() as conn:
        row = _article_row(conn, key)
        if row is None:
            return None
        statement = (
            select(mentions, sentences.c.text.label("sentence_text"))
            .select_from(
                mentions.outerjoin(sentences, sentences.c.id == mentions.c.sentence).join(
                    events, events.c.id == mentions.c.event
                )
            )
            .where(mentions.c.article == row.id)
            .order_by(mentions.c.char_start, mentions.c.id)
        )
        found = []
        for m in conn.execute(statement):
            sentence = m.sentence_text or ""
            found.append(
                {
                    "event": m.event,
                    "event_id": m.event_id,
                    "date": m.date,
                    "modality": m.modality,
                    "source": {"code": m.source_code, "text": m.source_text, "name": m.source_name},
                    "target": (
                        {"code": m.target_code, "text": m.target_text, "name": m.target_name} if m.target_code else None
                    ),
                    "cameo": m.cameo,
                    "cameo_name": m.cameo_name,
                    "plover": {"type": m.plover_type, "mode": m.plover_mode},
                    "quad_class": m.quad_class,
                    "goldstein": m.goldstein,
                    "attributed_to": m.attributed_to,
                    "sentence": sentence,
                    "sentence_span": [m.char_start, m.char_end],
                    "trigger": m.trigger,
                    "trigger_spans": word_spans(sentence, m.char_start, m.trigger),
                    "source_spans": word_spans(sentence, m.char_start, m.source_text),
                    "target_spans": word_spans(sentence, m.char_start, m.target_text),
                }
            )
        said = [
            {
                "quote_id": q.quote_id,
                "direct": bool(q.direct),
                "text": q.text,
                "span": [q.char_start, q.char_end],
                "speaker": {
                    "name": q.speaker_name,
                    "title": q.speaker_title,
                    "text": q.speaker_text,
                    "code": q.speaker_code,
                    "country": q.speaker_country,
                },
            }
            for q in conn.execute(
                select(quotes).where(quotes.c.article == row.id).order_by(quotes.c.char_start, quotes.c.id)
            )
        ]
        where = [
            _place(p)
            for p in conn.execute(
                select(places)
                .where(places.c.article == row.id)
                .order_by(places.c.char_start.nulls_first(), places.c.id)
            )
        ]
    return {
        "id": row.id,
        "article_id": row.article_id,
        "title": row.title,
        "subtitle": row.subtitle,
        "url": row.url,
        "source": row.source,
        "published": _iso(row.published),
        "dateline": row.dateline,
        "byline": row.byline,
        "language": row.language,
        "text": row.text,
        "events": found,
        "quotes": said,
        "places": where,
    }


# ---------------------------------------------------------------- aggregations


def _bucket(interval: str) -> Callable[[dt.date], dt.date]:
    if interval == "day":
        return lambda day: day
    if interval == "week":
        return lambda day: day - dt.timedelta(days=day.weekday())
    if interval == "month":
        return lambda day: day.replace(day=1)
    raise ValueError(f"interval must be one of {', '.join(INTERVALS)}")


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _stat(count: int, total: float) -> dict[str, Any]:
    return {
        "count": count,
        "goldstein_sum": round(total, 4),
        "goldstein_mean": round(total / count, 4) if count else None,
    }


def timeseries(
    store: Store, query: EventQuery, interval: str = "month", *, limit: int = MAX_LIMIT, cursor: str | None = None
) -> Page:
    """Events per period (undated events drop out): count, sum and mean Goldstein, by quad
    class and by PLOVER type. Periods are labelled by their first day; empty ones are left out."""
    bucket = _bucket(interval)
    _check_limit(limit)
    with store.read() as conn:
        statement = (
            select(
                events.c.date_lo,
                events.c.quad_class,
                events.c.plover_type,
                func.count(),
                func.coalesce(func.sum(events.c.goldstein), 0.0),
            )
            .where(events.c.date_lo.is_not(None), *conditions(conn, query))
            .group_by(events.c.date_lo, events.c.quad_class, events.c.plover_type)
        )
        rows = conn.execute(statement).all()
    totals: dict[dt.date, list] = defaultdict(lambda: [0, 0.0])
    quads: dict[dt.date, dict[str, list]] = defaultdict(lambda: defaultdict(lambda: [0, 0.0]))
    types: dict[dt.date, dict[str, list]] = defaultdict(lambda: defaultdict(lambda: [0, 0.0]))
    for day, quad, ptype, count, total in rows:
        period = bucket(_as_date(day))
        for cell in (totals[period], quads[period][str(quad)], types[period][ptype or "NONE"]):
            cell[0] += count
            cell[1] += float(total)
    items = [
        {
            "period": period.isoformat(),
            **_stat(*totals[period]),
            "by_quad": {k: _stat(*v) for k, v in sorted(quads[period].items())},
            "by_plover": {k: _stat(*v) for k, v in sorted(types[period].items())},
        }
        for period in sorted(totals)
    ]
    page = _slice(f"timeseries-{interval}", items, limit, cursor)
    page.extra = {"interval": interval}
    return page


_COOP = case((events.c.quad_class.in_((1, 2)), 1), else_=0)
_CONFLICT = case((events.c.quad_class.in_((3, 4)), 1), else_=0)


def network(store: Store, query: EventQuery, *, limit: int = 100, cursor: str | None = None) -> Page:
    """Dyads with a target, largest first: count, mean Goldstein, cooperative and conflictual
    counts; the page's ``nodes`` are the actors its edges join, with their event counts."""
    _check_limit(limit)
    with store.read() as conn:
        statement = (
            select(
                events.c.source_code,
                events.c.target_code,
                func.count().label("n"),
                func.avg(events.c.goldstein),
                func.sum(_COOP),
                func.sum(_CONFLICT),
            )
            .where(events.c.target_code.is_not(None), *conditions(conn, query))
            .group_by(events.c.source_code, events.c.target_code)
        )
        edges = [
            {
                "source": s,
                "target": t,
                "count": n,
                "goldstein_mean": round(float(g), 4) if g is not None else None,
                "cooperative": int(coop or 0),
                "conflictual": int(conflict or 0),
            }
            for s, t, n, g, coop, conflict in conn.execute(statement)
        ]
        edges.sort(key=lambda e: (-e["count"], e["source"], e["target"]))
        page = _slice("network", edges, limit, cursor)
        codes = sorted({e["source"] for e in page.items} | {e["target"] for e in page.items})
        known = {r.code: r for r in conn.execute(select(actors).where(actors.c.code.in_(codes)))} if codes else {}
    weight: dict[str, int] = defaultdict(int)
    for edge in page.items:
        weight[edge["source"]] += edge["count"]
        weight[edge["target"]] += edge["count"]
    page.extra = {
        "nodes": [
            {
                "id": code,
                "name": known[code].name if code in known else None,
                "country": known[code].country if code in known else None,
                "count": weight[code],
            }
            for code in codes
        ],
        "edge_total": len(edges),
    }
    return page


def _country_point(iso3: str) -> tuple[str, float, float] | None:
    """A country's name and GeoNames point (lat, lon), from the gazetteer."""
    from dyad.context.gazetteer import load_gazetteer

    entry = load_gazetteer().country(iso3)
    return (entry.name, entry.lat, entry.lon) if entry is not None and entry.lat is not None else None


def event_map(store: Store, query: EventQuery, *, limit: int = MAX_LIMIT, cursor: str | None = None) -> Page:
    """Events by place, largest first, as GeoJSON Point features (``[lon, lat]``) with count,
    mean Goldstein, cooperative and conflictual counts; ``basis`` says where the point is from."""
    _check_limit(limit)
    with store.read() as conn:
        where = conditions(conn, query)
        located = (
            select(
                places.c.name,
                places.c.country,
                places.c.lat,
                places.c.lon,
                func.count(events.c.id.distinct()),
                func.avg(events.c.goldstein),
                func.sum(_COOP),
                func.sum(_CONFLICT),
            )
            .select_from(places.join(events, events.c.id == places.c.event))
            .where(places.c.lat.is_not(None), *where)
            .group_by(places.c.name, places.c.country, places.c.lat, places.c.lon)
        )
        rows = [("place", *row) for row in conn.execute(located)]
        unplaced = (
            select(
                events.c.source_country,
                func.count(),
                func.avg(events.c.goldstein),
                func.sum(_COOP),
                func.sum(_CONFLICT),
            )
            .where(
                events.c.source_country.is_not(None),
                ~events.c.id.in_(select(places.c.event).where(places.c.event.is_not(None))),
                *where,
            )
            .group_by(events.c.source_country)
        )
        for iso3, *stats in conn.execute(unplaced):
            point = _country_point(iso3)
            if point is not None:
                rows.append(("country", point[0], iso3, point[1], point[2], *stats))
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {
                "name": name,
                "country": country,
                "basis": basis,
                "count": n,
                "goldstein_mean": round(float(g), 4) if g is not None else None,
                "cooperative": int(coop or 0),
                "conflictual": int(conflict or 0),
            },
        }
        for basis, name, country, lat, lon, n, g, coop, conflict in rows
    ]
    features.sort(key=lambda f: (-f["properties"]["count"], f["properties"]["name"] or ""))
    page = _slice("map", features, limit, cursor)
    page.extra = {"type": "FeatureCollection"}
    return page
