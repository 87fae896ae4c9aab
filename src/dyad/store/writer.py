"""Writing coded articles into the store's tables: :func:`write_results`, the store's one write path.

Assigns the store's row ids and the per-article columns: ``content_hash`` (SHA-1 of the
normalized text: NFKC, case-folded, whitespace collapsed), ``publisher`` (the article's
source, else its URL's host), and, through :mod:`dyad.store.dedup`, the event each
mention belongs to. :func:`write_results` stores one batch of coded articles (and the
inputs to quarantine) in **one transaction**, so a batch is stored whole or not at all;
coding happens before it, never inside the transaction. ``dyad ingest``
(:class:`dyad.store.ingest.Ingester`), the API's POST and the Spark job all write through it.
Every text that reaches the database is cleaned first (:func:`clean`): NUL and lone
surrogates, which PostgreSQL cannot hold, become U+FFFD on every backend, so SQLite and
PostgreSQL store the same values and character spans keep their meaning.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DataError, IntegrityError

from dyad.readers.base import identity_text
from dyad.records import Actor, Article, Event, Quote
from dyad.store import dedup, rows
from dyad.store.db import Store, problem
from dyad.store.schema import actors, articles, mentions, places, quarantine, quotes, sentences, utcnow

if TYPE_CHECKING:
    from dyad.pipeline import Result

_SPACE = re.compile(r"\s+")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # NUL and lone surrogates: PostgreSQL text cannot hold them


def clean(text: str) -> str:
    """``text`` with NUL and lone surrogates replaced by U+FFFD (same length: spans keep)."""
    return _UNSTORABLE.sub("\ufffd", text) if _UNSTORABLE.search(text) else text


def _clean_data(value: Any) -> Any:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {k: _clean_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_clean_data(v) for v in value)
    return value


def _dirty(model: Any) -> bool:
    return any(isinstance(v, str) and _UNSTORABLE.search(v) for v in vars(model).values())


def clean_article(article: Article) -> Article:
    """The article with every text field cleaned by :func:`clean` (itself when nothing needs it)."""
    if not _dirty(article):
        return article
    return Article.model_validate(_clean_data(article.model_dump()))


def clean_result(result: Result) -> Result:
    """A coded result whose article, events, quotes and places are all cleaned by :func:`clean`."""
    if not _dirty(result.article) and not (result.error and _UNSTORABLE.search(result.error)):
        return result  # every other text of a result is cut from the article's text or fields

    def again(record: Any) -> Any:
        return type(record).model_validate(_clean_data(record.model_dump())) if record is not None else None

    return dataclasses.replace(
        result,
        article=clean_article(result.article),
        events=[again(e) for e in result.events],
        quotes=[again(q) for q in result.quotes],
        places=[again(p) for p in result.places],
        dateline=again(result.dateline),
        error=clean(result.error) if result.error else None,
    )


def content_hash(text: str, title: str | None = None) -> str:
    """SHA-1 of the article's identity text (:func:`dyad.readers.identity_text`: the headline on
    its first line, however it came) after NFKC, case folding and collapsing whitespace: the
    duplicate key."""
    normal = _SPACE.sub(" ", unicodedata.normalize("NFKC", clean(identity_text(text, title))).casefold()).strip()
    return hashlib.sha1(normal.encode("utf-8")).hexdigest()


def publisher(article: Article) -> str | None:
    """Who published the article: its source, else the host of its URL, else None."""
    if article.source:
        return article.source
    if article.url:
        host = urlsplit(article.url).hostname
        return host.removeprefix("www.") if host else None
    return None


@dataclass
class Written:
    """What storing one article added."""

    article: int
    mentions: int = 0
    new_events: int = 0
    events: frozenset[int] = frozenset()


# Statements are built once and executed with parameters: SQLAlchemy then reuses their compiled form.
_INSERT_ARTICLE = articles.insert().returning(articles.c.id)
_INSERT_QUOTE = quotes.insert()
_INSERT_PLACE = places.insert()
_BY_HASH = select(articles.c.id).where(articles.c.content_hash == bindparam("digest")).limit(1)
_BY_URL = select(articles.c.id).where(articles.c.url == bindparam("url")).limit(1)


@functools.cache
def _insert_ignore(dialect: str, table_name: str, keys: tuple[str, ...], returning: bool = False):
    """INSERT ... ON CONFLICT DO NOTHING for one table (values given at execution)."""
    module = postgresql if dialect == "postgresql" else sqlite
    table = {"actors": actors, "quarantine": quarantine}[table_name]
    statement = module.insert(table).on_conflict_do_nothing(index_elements=list(keys))
    return statement.returning(table.c.id) if returning else statement


def is_stored(conn: Connection, digest: str, url: str | None) -> bool:
    """Whether an article with this content hash, or this URL, is already stored."""
    found = conn.execute(_BY_HASH, {"digest": digest}).first() if digest else None
    if found is None and url:
        found = conn.execute(_BY_URL, {"url": url}).first()
    return found is not None


def write_article(
    conn: Connection,
    article: Article,
    events: list[Event],
    quote_list: list[Quote],
    place_list: Iterable[Any],
    *,
    digest: str,
    location: str | None,
    window: int = dedup.DEFAULT_WINDOW,
) -> Written:
    """Store one coded article with its sentences, mentions (merged into events), quotes and places.

    ``place_list`` are the places found in the article (stored with no mention); each event
    record's ``location`` is stored as a place of its mention and event. Each table gets one
    statement per article (many rows at once), except the events, merged one mention at a time.
    """
    now = utcnow()
    article_row = conn.execute(
        _INSERT_ARTICLE,
        dict(
            article_id=article.id,
            content_hash=digest,
            url=article.url,
            source=article.source,
            title=article.title,
            subtitle=article.subtitle,
            published=article.published,
            dateline=article.dateline,
            byline=article.byline,
            language=article.language,
            text=article.text,
            input=location,
            n_mentions=len(events),
            ingested_at=now,
        ),
    ).scalar_one()
    sentence_ids = _write_sentences(conn, article_row, events)
    new_actors = [
        dict(code=a.code, name=a.name, country=a.country, sector=a.sector, first_seen=now)
        for a in _actors(events, quote_list)
    ]
    if new_actors:
        conn.execute(_insert_ignore(conn.dialect.name, "actors", ("code",)), new_actors)
    written = Written(article_row, mentions=len(events))
    flat = [rows.event_row(record) for record in events]
    event_ids = []
    for record, row in zip(events, flat):  # one at a time: a mention may merge with the one before
        event_row, is_new = dedup.assign(conn, record, article.published, window, row)
        event_ids.append(event_row)
        written.new_events += is_new
    written.events = frozenset(event_ids)
    source = publisher(article)
    mention_rows = [
        dict(
            event=event_id,
            article=article_row,
            sentence=sentence_ids[record.sentence_index],
            publisher=source,
            **_mention_columns(record, row),
        )
        for record, row, event_id in zip(events, flat, event_ids)
    ]
    mention_ids = _insert_returning(conn, mentions, mention_rows)
    place_rows = [  # where each sentence says its action happened, then the article's places
        _place_row(article_row, record.location, mention_id, event_id)
        for record, mention_id, event_id in zip(events, mention_ids, event_ids)
        if getattr(record, "location", None) is not None
    ]
    place_rows += [_place_row(article_row, place) for place in place_list]
    if place_rows:
        conn.execute(_INSERT_PLACE, place_rows)
    _write_quotes(conn, article_row, quote_list)
    return written


def _insert_returning(conn: Connection, table: Any, values: list[dict[str, Any]]) -> list[int]:
    """Insert many rows in one statement; their new ids, in the order of ``values``."""
    if not values:
        return []
    statement = table.insert().returning(table.c.id, sort_by_parameter_order=True)
    return list(conn.execute(statement, values).scalars())


def _write_sentences(conn: Connection, article_row: int, events: list[Event]) -> dict[int, int]:
    """One row per sentence that holds an event; sentence index -> its row id."""
    first: dict[int, Event] = {}
    for record in events:
        first.setdefault(record.sentence_index, record)
    values = [
        dict(
            article=article_row,
            idx=index,
            char_start=record.char_span[0],
            char_end=record.char_span[1],
            text=record.sentence,
        )
        for index, record in first.items()
    ]
    return dict(zip(first, _insert_returning(conn, sentences, values)))


def _write_quotes(conn: Connection, article_row: int, quote_list: list[Quote]) -> None:
    quote_rows = []
    for quote in quote_list:
        speaker = quote.speaker
        quote_rows.append(
            dict(
                article=article_row,
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
    if quote_rows:
        conn.execute(_INSERT_QUOTE, quote_rows)


def _mention_columns(record: Event, row: dict[str, Any]) -> dict[str, Any]:
    columns = rows.table_values(mentions, row)
    del columns["sentence"]  # the mention's "sentence" is its row in the sentences table
    columns["record"] = record.model_dump_json()
    return columns


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


def quarantine_input(conn: Connection, location: str, reason: str, stage: str, retry: bool = False) -> None:
    """Record an input that could not be processed; the same input and reason count as one row."""
    now = utcnow()
    inserted = conn.execute(
        _insert_ignore(conn.dialect.name, "quarantine", ("input", "reason"), True),
        dict(input=location, reason=reason, stage=stage, retry=retry, attempts=1, first_seen=now, last_seen=now),
    ).first()
    if inserted is None:
        conn.execute(
            update(quarantine)
            .where(quarantine.c.input == location, quarantine.c.reason == reason)
            .values(attempts=quarantine.c.attempts + 1, last_seen=now, retry=retry)
        )


def is_given_up(conn: Connection, location: str) -> bool:
    """Whether this input is quarantined for a reason that retrying will not fix (HTTP 404, robots.txt)."""
    return (
        conn.execute(
            select(quarantine.c.id).where(quarantine.c.input == location, quarantine.c.retry.is_(False)).limit(1)
        ).first()
        is not None
    )


# ---------------------------------------------------------------- the write path


@dataclass
class Coded:
    """One input to store: a coded result (its ``error`` set when coding failed), or a ``problem``
    met reading it (quarantined at ``stage``; ``retry`` when trying later may help)."""

    location: str
    result: Result | None = None
    problem: str | None = None
    stage: str = "read"
    retry: bool = False


@dataclass
class Tally:
    """What one :func:`write_results` call committed; ``quarantined_lines`` are "INPUT: REASON"."""

    new: int = 0
    skipped: int = 0
    quarantined: int = 0
    events_new: int = 0
    mentions: int = 0
    quarantined_lines: list[str] = field(default_factory=list)


def write_results(store: Store, results: Iterable[Result | Coded], *, window: int = dedup.DEFAULT_WINDOW) -> Tally:
    """Store coded articles (``Result`` or :class:`Coded`) and quarantine problems, in one transaction.

    An article already stored (same content hash or URL, also earlier in the same batch) is
    skipped; one that fails to code or to store is quarantined with the reason, and the rest of
    the batch is stored. Returns what was committed (nothing is counted before the commit).
    """
    tally = Tally()
    with store.write() as conn:
        touched: set[int] = set()
        for item in results:
            coded = item if isinstance(item, Coded) else Coded(item.article.url or item.article.id, result=item)
            touched |= _write_one(conn, coded, tally, window)
        dedup.refresh(conn, touched)
    return tally


def _write_one(conn: Connection, coded: Coded, tally: Tally, window: int) -> frozenset[int]:
    """Store or quarantine one input inside the batch's transaction; the events it touched."""
    location = clean(coded.location)
    result = clean_result(coded.result) if coded.result is not None else None
    if result is None or result.error:
        if result is not None:
            reason, stage, retry = f"could not be coded: {result.error}", "code", False
        else:
            reason, stage, retry = clean(coded.problem or "unknown problem"), coded.stage, coded.retry
        _quarantine(conn, tally, location, reason, stage, retry)
        return frozenset()
    digest = content_hash(result.article.text, result.article.title)
    if is_stored(conn, digest, result.article.url):
        tally.skipped += 1
        return frozenset()
    try:
        with conn.begin_nested():
            written = write_article(
                conn,
                result.article,
                result.events,
                result.quotes,
                _places(result),
                digest=digest,
                location=location,
                window=window,
            )
    except (IntegrityError, DataError) as error:
        _quarantine(conn, tally, location, clean(f"could not be stored: {problem(error)}"), "store", False)
        return frozenset()
    tally.new += 1
    tally.events_new += written.new_events
    tally.mentions += written.mentions
    return written.events


def _quarantine(conn: Connection, tally: Tally, location: str, reason: str, stage: str, retry: bool) -> None:
    quarantine_input(conn, location, reason, stage, retry)
    tally.quarantined += 1
    tally.quarantined_lines.append(f"{location}: {reason}")


def _places(result: Result) -> list:
    """The places of a coded article: those found in it, and its dateline's when not among them."""
    found = list(result.places or [])
    if result.dateline is not None and result.dateline not in found:
        found.append(result.dateline)
    return found
