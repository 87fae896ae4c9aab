"""Writing coded articles into the store's tables: :func:`write_results`, the store's one write path.

Assigns the per-article ``content_hash`` (SHA-1 of the normalized text: NFKC, case-folded,
whitespace collapsed), decides what is stored, skipped or quarantined, and leaves the rows
themselves to :func:`dyad.store.batch.write_articles` (row ids, ``publisher``, and through
:mod:`dyad.store.dedup` the event each mention belongs to). :func:`write_results` stores one
batch of coded articles (and the inputs to quarantine) in **one transaction**, so a batch is
stored whole or not at all; coding happens before it, never inside the transaction. ``dyad
ingest`` (:class:`dyad.store.ingest.Ingester`), the API's POST and the Spark job all write
through it. Every text that reaches the database is cleaned first (:func:`clean`): NUL and
lone surrogates, which PostgreSQL cannot hold, become U+FFFD on every backend, so SQLite and
PostgreSQL store the same values and character spans keep their meaning.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DataError, IntegrityError

from dyad.chunks import chunked
from dyad.readers.base import identity_text
from dyad.records import Article
from dyad.store import dedup
from dyad.store.batch import ToStore, Written, insert_ignore, write_articles
from dyad.store.db import Store, problem
from dyad.store.schema import articles, quarantine, utcnow

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


# Statements are built once and executed with parameters: SQLAlchemy then reuses their compiled form.
_BY_HASH = select(articles.c.id).where(articles.c.content_hash == bindparam("digest")).limit(1)
_BY_URL = select(articles.c.id).where(articles.c.url == bindparam("url")).limit(1)
_CHUNK = 400  # keys per lookup: far below any backend's limit on parameters


def is_stored(conn: Connection, digest: str, url: str | None) -> bool:
    """Whether an article with this content hash, or this URL, is already stored."""
    found = conn.execute(_BY_HASH, {"digest": digest}).first() if digest else None
    if found is None and url:
        found = conn.execute(_BY_URL, {"url": url}).first()
    return found is not None


def stored_keys(conn: Connection, digests: Iterable[str], urls: Iterable[str | None]) -> tuple[set[str], set[str]]:
    """Which of these content hashes and URLs are already stored: one query per few hundred keys
    (what :func:`is_stored` answers one article at a time)."""
    found_digests: set[str] = set()
    found_urls: set[str] = set()
    wanted_digests, wanted_urls = sorted({d for d in digests if d}), sorted({u for u in urls if u})
    for chunk in chunked(wanted_digests, _CHUNK):
        found_digests.update(
            conn.execute(select(articles.c.content_hash).where(articles.c.content_hash.in_(chunk))).scalars()
        )
    for chunk in chunked(wanted_urls, _CHUNK):
        found_urls.update(conn.execute(select(articles.c.url).where(articles.c.url.in_(chunk))).scalars())
    return found_digests, found_urls


def quarantine_input(conn: Connection, location: str, reason: str, stage: str, retry: bool = False) -> None:
    """Record an input that could not be processed; the same input and reason count as one row."""
    now = utcnow()
    inserted = conn.execute(
        insert_ignore(conn.dialect.name, "quarantine", ("input", "reason"), True),
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
    digest: str | None = None  # the article's content_hash, when already computed


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
    The batch's rows go in with one statement per table (:func:`dyad.store.batch.write_articles`);
    when that fails, the articles are stored one at a time, each in a savepoint, and the one
    that fails is quarantined.
    """
    tally = Tally()
    with store.write() as conn:
        batch = _sort(conn, results, tally)
        touched = _store(conn, batch, tally, window)
        dedup.refresh(conn, touched)
    return tally


def _sort(conn: Connection, results: Iterable[Result | Coded], tally: Tally) -> list[ToStore]:
    """Quarantine what failed; the cleaned articles not stored yet (repeats within the batch kept)."""
    batch: list[ToStore] = []
    for item in results:
        coded = item if isinstance(item, Coded) else Coded(item.article.url or item.article.id, result=item)
        location = clean(coded.location)
        result = clean_result(coded.result) if coded.result is not None else None
        if result is None or result.error:
            if result is not None:
                reason, stage, retry = f"could not be coded: {result.error}", "code", False
            else:
                reason, stage, retry = clean(coded.problem or "unknown problem"), coded.stage, coded.retry
            _quarantine(conn, tally, location, reason, stage, retry)
            continue
        article = result.article
        digest = coded.digest or content_hash(article.text, article.title)
        batch.append(ToStore(article, result.events, result.quotes, _places(result), digest, location))
    digests, urls = stored_keys(conn, [b.digest for b in batch], [b.article.url for b in batch])
    fresh = [b for b in batch if b.digest not in digests and (not b.article.url or b.article.url not in urls)]
    tally.skipped += len(batch) - len(fresh)
    return fresh


def _store(conn: Connection, batch: list[ToStore], tally: Tally, window: int) -> set[int]:
    """Store the sorted batch (repeats within it skipped); the events it touched."""
    fresh: list[ToStore] = []
    digests: set[str] = set()
    urls: set[str] = set()
    for item in batch:
        url = item.article.url
        if item.digest in digests or (url and url in urls):
            continue
        digests.add(item.digest)
        if url:
            urls.add(url)
        fresh.append(item)
    try:
        with conn.begin_nested():
            written = write_articles(conn, fresh, window)
    except (IntegrityError, DataError):
        return _store_one_by_one(conn, batch, tally, window)
    tally.skipped += len(batch) - len(fresh)
    return _count(tally, written)


def _store_one_by_one(conn: Connection, batch: list[ToStore], tally: Tally, window: int) -> set[int]:
    """Each article in its own savepoint: the one that cannot be stored is quarantined."""
    touched: set[int] = set()
    for item in batch:
        if is_stored(conn, item.digest, item.article.url):
            tally.skipped += 1
            continue
        try:
            with conn.begin_nested():
                written = write_articles(conn, [item], window)
        except (IntegrityError, DataError) as error:
            reason = clean(f"could not be stored: {problem(error)}")
            _quarantine(conn, tally, item.location or "", reason, "store", False)
            continue
        touched |= _count(tally, written)
    return touched


def _count(tally: Tally, written: list[Written]) -> set[int]:
    touched: set[int] = set()
    for done in written:
        tally.new += 1
        tally.events_new += done.new_events
        tally.mentions += done.mentions
        touched |= done.events
    return touched


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
