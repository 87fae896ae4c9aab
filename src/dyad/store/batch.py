"""The rows of coded articles: :func:`write_articles` stores many at once, one statement per table.

Assigns the store's row ids and the per-article columns (``publisher``: the article's
source, else its URL's host) and, through :class:`dyad.store.dedup.Merger`, the event each
mention belongs to, one mention at a time in input order (a mention may merge with an event
an earlier one created). Everything else goes in with one multi-row statement per table for
the whole batch: articles, sentences, actors, the new events, mentions, places and quotes. The rows and
their ids are those that storing the articles one after the other gives. Called by
:func:`dyad.store.writer.write_results` inside its transaction, on cleaned articles that
are not stored yet (it checks neither).
"""

from __future__ import annotations

import functools
import importlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.engine import Connection

from dyad.records import Actor, Article, Event, Quote
from dyad.store import dedup, rows
from dyad.store.db import insert_returning_ids
from dyad.store.schema import actors, articles, mentions, places, quarantine, quotes, sentences, utcnow


@dataclass
class ToStore:
    """One coded, cleaned article to store: its records, content hash and input."""

    article: Article
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    places: list[Any] = field(default_factory=list)  # places found in it (stored with no mention)
    digest: str = ""
    location: str | None = None


@dataclass
class Written:
    """What storing one article added."""

    article: int
    mentions: int = 0
    new_events: int = 0
    events: frozenset[int] = frozenset()


def publisher(article: Article) -> str | None:
    """Who published the article: its source, else the host of its URL, else None."""
    if article.source:
        return article.source
    if article.url:
        host = urlsplit(article.url).hostname
        return host.removeprefix("www.") if host else None
    return None


@functools.cache
def insert_ignore(dialect: str, table_name: str, keys: tuple[str, ...], returning: bool = False):
    """INSERT ... ON CONFLICT DO NOTHING for one table (values given at execution)."""
    # the dialect's module on first use: importing PostgreSQL's costs a SQLite run a tenth of a second
    module = importlib.import_module(f"sqlalchemy.dialects.{'postgresql' if dialect == 'postgresql' else 'sqlite'}")
    table = {"actors": actors, "quarantine": quarantine}[table_name]
    statement = module.insert(table).on_conflict_do_nothing(index_elements=list(keys))
    return statement.returning(table.c.id) if returning else statement


def write_articles(conn: Connection, batch: list[ToStore], window: int = dedup.DEFAULT_WINDOW) -> list[Written]:
    """Store coded articles with their sentences, mentions (merged into events), quotes and places.

    Each event record's ``location`` is stored as a place of its mention and event. Returns
    what each article added, in order.
    """
    if not batch:
        return []
    now = utcnow()
    article_ids = insert_returning_ids(conn, articles, [_article_row(item, now) for item in batch])
    sentence_ids = _write_sentences(conn, batch, article_ids)
    _write_actors(conn, batch, now)
    merger = dedup.Merger(conn, window)
    keys = [[dedup.MergeKey.of(record, item.article.published) for record in item.events] for item in batch]
    merger.expect(key for article_keys in keys for key in article_keys)
    written, mention_rows, located = [], [], []
    for item, article_id, article_keys in zip(batch, article_ids, keys):
        done = Written(article_id, mentions=len(item.events))
        source = publisher(item.article)
        for record, key in zip(item.events, article_keys):  # one at a time: a mention may merge with the one before
            row = rows.event_row(record)
            event_id, is_new = merger.assign(record, item.article.published, row, key)
            done.new_events += is_new
            columns = rows.table_values(mentions, row)
            del columns["sentence"]  # the mention's "sentence" is its row in the sentences table
            columns.update(
                event=event_id,
                article=article_id,
                sentence=sentence_ids[article_id, record.sentence_index],
                publisher=source,
                record=record.model_dump_json(),
            )
            mention_rows.append(columns)
            located.append(getattr(record, "location", None))
        written.append(done)
    event_ids = merger.flush()  # the batch's new events, inserted together
    at = 0
    for done in written:
        mine = mention_rows[at : at + done.mentions]
        for columns in mine:
            columns["event"] = event_ids.get(columns["event"], columns["event"])
        done.events = frozenset(columns["event"] for columns in mine)
        at += done.mentions
    mention_ids = insert_returning_ids(conn, mentions, mention_rows)
    _write_places(conn, batch, written, mention_rows, mention_ids, located)
    _write_quotes(conn, batch, article_ids)
    return written


def _article_row(item: ToStore, now: Any) -> dict[str, Any]:
    article = item.article
    return dict(
        article_id=article.id,
        content_hash=item.digest,
        url=article.url,
        source=article.source,
        title=article.title,
        subtitle=article.subtitle,
        published=article.published,
        dateline=article.dateline,
        byline=article.byline,
        language=article.language,
        text=article.text,
        input=item.location,
        n_mentions=len(item.events),
        ingested_at=now,
    )


def _write_sentences(conn: Connection, batch: list[ToStore], article_ids: list[int]) -> dict[tuple[int, int], int]:
    """One row per sentence that holds an event; (article row, sentence index) -> its row id."""
    keys, values = [], []
    for item, article_id in zip(batch, article_ids):
        first: dict[int, Event] = {}
        for record in item.events:
            first.setdefault(record.sentence_index, record)
        for index, record in first.items():
            keys.append((article_id, index))
            start, end = record.char_span
            values.append(dict(article=article_id, idx=index, char_start=start, char_end=end, text=record.sentence))
    return dict(zip(keys, insert_returning_ids(conn, sentences, values)))


def _write_actors(conn: Connection, batch: list[ToStore], now: Any) -> None:
    """The actor codes seen, each once (the first article naming a code gives its row)."""
    seen: dict[str, Actor] = {}
    for item in batch:
        for actor in _actors(item.events, item.quotes):
            seen.setdefault(actor.code, actor)
    if seen:
        values = [
            dict(code=a.code, name=a.name, country=a.country, sector=a.sector, first_seen=now) for a in seen.values()
        ]
        conn.execute(insert_ignore(conn.dialect.name, "actors", ("code",)), values)


def _actors(events: list[Event], quote_list: list[Quote]) -> Iterable[Actor]:
    seen: dict[str, Actor] = {}
    for record in events:
        for actor in (record.source, record.target):
            if actor is not None and actor.code and actor.code not in seen:
                seen[actor.code] = actor
    for quote in quote_list:
        speaker = quote.speaker
        if speaker and speaker.code and speaker.code not in seen:
            seen[speaker.code] = Actor(
                text=speaker.text, code=speaker.code, country=speaker.country, sector=speaker.sector
            )
    return [seen[code] for code in sorted(seen)]


def _write_places(
    conn: Connection,
    batch: list[ToStore],
    written: list[Written],
    mention_rows: list[dict[str, Any]],
    mention_ids: list[int],
    located: list[Any],
) -> None:
    """Each article's places: where its sentences say their actions happened, then those found in it."""
    values, at = [], 0
    for item, done in zip(batch, written):
        for row, mention_id, where in zip(
            mention_rows[at : at + done.mentions],
            mention_ids[at : at + done.mentions],
            located[at : at + done.mentions],
        ):
            if where is not None:
                values.append(_place_row(done.article, where, mention_id, row["event"]))
        at += done.mentions
        values += [_place_row(done.article, place) for place in item.places]
    if values:
        conn.execute(places.insert(), values)


def _field(data: dict[str, Any], *names: str) -> Any:
    for name in names:
        if data.get(name) not in (None, ""):
            return data[name]
    return None


def _place_row(article_row: int, place: Any, mention: int | None = None, event: int | None = None) -> dict[str, Any]:
    """The row of one resolved place (a :class:`~dyad.records.Place`, or a dict of the same fields)."""
    data = place.model_dump(mode="json") if hasattr(place, "model_dump") else dict(place)
    span = _field(data, "char_span", "span")
    lat, lon = _field(data, "lat", "latitude"), _field(data, "lon", "lng", "longitude")
    feature = _field(data, "feature_id", "geonames_id", "geonameid")
    return dict(
        article=article_row,
        mention=mention,
        event=event,
        name=_field(data, "name", "resolved_place", "text"),
        country=_field(data, "country", "country_code", "iso3"),
        admin1=_field(data, "admin1", "province"),
        lat=float(lat) if lat is not None else None,
        lon=float(lon) if lon is not None else None,
        feature_id=str(feature) if feature is not None else None,
        char_start=span[0] if span else None,
        char_end=span[1] if span else None,
        record=json.dumps(data, sort_keys=True, default=str),
    )


def _write_quotes(conn: Connection, batch: list[ToStore], article_ids: list[int]) -> None:
    values = []
    for item, article_id in zip(batch, article_ids):
        for quote in item.quotes:
            speaker = quote.speaker
            values.append(
                dict(
                    article=article_id,
                    quote_id=quote.quote_id,
                    direct=quote.direct,
                    text=quote.text,
                    char_start=quote.char_span[0],
                    char_end=quote.char_span[1],
                    speaker_name=speaker.name if speaker else None,
                    speaker_title=speaker.title if speaker else None,
                    speaker_text=speaker.text if speaker else None,
                    speaker_code=speaker.code if speaker else None,
                    speaker_country=speaker.country if speaker else None,
                    speaker_sector=speaker.sector if speaker else None,
                    record=quote.model_dump_json(),
                )
            )
    if values:
        conn.execute(quotes.insert(), values)
