"""Deduplication: which stored event a new mention belongs to (the rule of docs/dedup.md).

Assigns each mention (one event record coded from one sentence of one article) to an
``events`` row, creating one when no stored event matches, and keeps each event's counts
(mentions, distinct articles, distinct sources) and date up to date. Two mentions are the
same real-world event when they have

* the same source actor and the same target actor (both absent counts as equal): the same
  actor code, or, for an actor no dictionary codes (code null), the same words, compared
  case-folded ("Alice Wells" and "alice wells" match; a coded actor never matches a code-less one),
* the same CAMEO root (the code family: "190" and "193" match, "190" and "180" do not),
* asserted modality (negated, hypothetical, future and historical mentions never merge),
* compatible dates: their date intervals (a day, or the whole month or year of a coarser
  date) are at most ``window`` days apart; when either side has no date, the publication
  dates of the articles must be at most ``window`` days apart instead.

Among several matching events the nearest in time wins, then the oldest. The first mention
gives the event its code, actors and date; a later, more precise date inside the event's
interval narrows it (a month becomes a day), and an undated event takes the first date seen.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from sqlalchemy import ColumnElement, Text, and_, bindparam, cast, func, or_, select, tuple_, update
from sqlalchemy.engine import Connection

from dyad.chunks import chunked
from dyad.records import Actor, Event
from dyad.store import rows
from dyad.store.db import insert_returning_ids
from dyad.store.schema import events, mentions, utcnow

DEFAULT_WINDOW = 1
_KEYS_PER_STATEMENT = 300  # actor pairs per lookup: short enough for one statement's parameters
_PRECISION_RANK = {"day": 0, "month": 1, "year": 2, None: 3}


def date_interval(value: str | None, end: str | None = None) -> tuple[dt.date, dt.date] | None:
    """The days a date covers: "2022-10-04" → that day, "2022-10" → October, "2022" → the year.

    ``end`` (a range's last day, as in "Sept. 23-27") extends the interval. None when
    the date is absent or unreadable.
    """
    if not value:
        return None
    try:
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 3:
            lo = hi = dt.date(*parts)
        elif len(parts) == 2:
            lo = dt.date(parts[0], parts[1], 1)
            hi = dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
        elif len(parts) == 1:
            lo, hi = dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
        else:
            return None
    except ValueError:
        return None
    if end:
        last = date_interval(end)
        if last and last[1] > hi:
            hi = last[1]
    return lo, hi


def actor_key(actor: Actor | None) -> str | None:
    """What two actors must share to be the same: the code, or "~" + the case-folded words
    of an actor without a code; None for no actor."""
    if actor is None:
        return None
    return _key(actor.code, actor.text)


def _key(code: str | None, text: str | None) -> str | None:
    if code:
        return code
    return "~" + " ".join(text.split()).casefold() if text else None


@dataclass
class MergeKey:
    """What the rule looks at in one coded event record (one mention)."""

    source: str | None
    target: str | None
    root: str
    modality: str
    interval: tuple[dt.date, dt.date] | None
    precision: str | None
    published: dt.date | None

    @classmethod
    def of(cls, record: Event, published: dt.date | None) -> MergeKey:
        return cls(
            source=actor_key(record.source),
            target=actor_key(record.target),
            root=record.cameo[:2],
            modality=record.modality,
            interval=date_interval(record.date, record.end_date),
            precision=record.date_precision if record.date else None,
            published=published,
        )


def _gap(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> int:
    """Days between two intervals (0 when they overlap)."""
    if a[1] < b[0]:
        return (b[0] - a[1]).days
    if b[1] < a[0]:
        return (a[0] - b[1]).days
    return 0


def _same_actor(role: str, shape: str) -> ColumnElement[bool]:
    """The condition on an event's ``role`` actor for a key of ``shape``: "code", "text" or "none"."""
    code, words = events.c[rows.column(role, "code")], events.c[rows.column(role, "text")]
    if shape == "code":
        return code == bindparam(role)
    if shape == "text":  # the words are compared case-folded in Python: SQLite's lower() is ASCII only
        return and_(code.is_(None), words.is_not(None))
    return and_(code.is_(None), words.is_(None))


def _shape(key: str | None) -> str:
    return "none" if key is None else "text" if key.startswith("~") else "code"


@functools.cache
def _candidates(source: str, target: str, mode: str):
    """The lookup statement for one shape of mention (built once, run with parameters).

    ``source``/``target``: the shape of each actor key; ``mode``: "dated" (a dated mention
    from an undated article), "dated+published" or "undated".
    """
    near_published = events.c.published.between(bindparam("pub_lo"), bindparam("pub_hi"))
    when: ColumnElement[bool]
    if mode == "undated":
        when = near_published
    else:
        when = and_(events.c.date_lo <= bindparam("hi"), events.c.date_hi >= bindparam("lo"))
        if mode == "dated+published":
            when = or_(when, and_(events.c.date_lo.is_(None), near_published))
    return (
        select(
            events.c.id,
            events.c.date_lo,
            events.c.date_hi,
            events.c.published,
            events.c.source_code,
            events.c.source_text,
            events.c.target_code,
            events.c.target_text,
        )
        .where(
            _same_actor("source", source),
            _same_actor("target", target),
            events.c.cameo_root == bindparam("root"),
            events.c.modality == "asserted",
            when,
        )
        .order_by(events.c.id)
    )


def find_event(
    conn: Connection,
    mention: MergeKey,
    window: int = DEFAULT_WINDOW,
    pending: Iterable[SimpleNamespace] = (),
    stored: bool = True,
) -> int | None:
    """The id of the event this mention belongs to, or None when it is a new event: among the
    stored events (unless ``stored`` is false: the store is known to hold none that could match),
    then among ``pending`` (events of the batch not inserted yet, as :class:`Merger` keeps them)."""
    if mention.modality != "asserted":
        return None
    days = dt.timedelta(days=window)
    params: dict = {"source": mention.source, "target": mention.target, "root": mention.root}
    if mention.published is not None:
        params.update(pub_lo=mention.published - days, pub_hi=mention.published + days)
    if mention.interval is not None:
        params.update(lo=mention.interval[0] - days, hi=mention.interval[1] + days)
        mode = "dated+published" if mention.published is not None else "dated"
    elif mention.published is not None:
        mode = "undated"
    else:
        return None  # no date and no publication date: nothing to compare with
    found = []
    if stored:
        statement = _candidates(_shape(mention.source), _shape(mention.target), mode)
        found = conn.execute(statement, params).all()
    found += [row for row in pending if _candidate(row, mention, mode, params)]  # newer: after the stored
    best: tuple[int, int] | None = None
    for row in found:
        if _key(row.source_code, row.source_text) != mention.source:
            continue  # code-less actors: the same words, case-folded
        if mention.target is not None and _key(row.target_code, row.target_text) != mention.target:
            continue
        if mention.interval is not None and row.date_lo is not None:
            distance = _gap(mention.interval, (row.date_lo, row.date_hi))
        elif mention.published is not None and row.published is not None:
            distance = abs((mention.published - row.published).days)
        else:
            continue
        if distance <= window and (best is None or distance < best[0]):
            best = (distance, row.id)
    return best[1] if best else None


def _candidate(row: SimpleNamespace, mention: MergeKey, mode: str, params: dict) -> bool:
    """What the :func:`_candidates` statement asks of a stored event, asked of a pending one."""
    for role, key in (("source", mention.source), ("target", mention.target)):
        code, words = getattr(row, rows.column(role, "code")), getattr(row, rows.column(role, "text"))
        if _shape(key) == "code" and code != key:
            return False
        if _shape(key) != "code" and (code is not None or (words is None) != (_shape(key) == "none")):
            return False
    if row.cameo_root != mention.root or row.modality != "asserted":
        return False
    near = row.published is not None and params.get("pub_lo") is not None
    near = near and params["pub_lo"] <= row.published <= params["pub_hi"]
    if mode == "undated":
        return near
    dated = row.date_lo is not None and row.date_lo <= params["hi"] and row.date_hi >= params["lo"]
    return dated or (mode == "dated+published" and row.date_lo is None and near)


_INSERT_EVENT = events.insert().returning(events.c.id)
_EVENT_DATE = select(events.c.date_lo, events.c.date_hi, events.c.date_precision).where(events.c.id == bindparam("id"))


def event_values(record: Event, mention: MergeKey, row: dict[str, Any] | None = None) -> dict[str, Any]:
    """The events row described by its first mention (``row``: the record's :func:`rows.event_row`,
    when already made); counts are set by :func:`refresh`."""
    now = utcnow()
    lo, hi = mention.interval or (None, None)
    values = rows.table_values(events, row if row is not None else rows.event_row(record))
    values.update(
        cameo_root=mention.root,
        date=record.date if mention.interval else None,
        date_precision=mention.precision if mention.interval else None,
        date_lo=lo,
        date_hi=hi,
        published=mention.published,
        n_mentions=0,
        n_articles=0,
        n_sources=0,
        first_seen=now,
        last_seen=now,
    )
    return values


def new_event(conn: Connection, record: Event, mention: MergeKey, row: dict[str, Any] | None = None) -> int:
    """Insert an event row described by its first mention; its id."""
    return conn.execute(_INSERT_EVENT, event_values(record, mention, row)).scalar_one()


def refined(event: Any, record: Event, mention: MergeKey) -> dict[str, Any] | None:
    """The new date columns of an event (``event``: its date_lo, date_hi, date_precision) when a
    merged mention refines its date: a first date, or a more precise one inside it; else None."""
    if mention.interval is None:
        return None
    lo, hi = mention.interval
    inside = event.date_lo is not None and event.date_lo <= lo and hi <= event.date_hi
    finer = _PRECISION_RANK[mention.precision] < _PRECISION_RANK[event.date_precision]
    if event.date_lo is None or (inside and finer):
        return dict(date=record.date, date_precision=mention.precision, date_lo=lo, date_hi=hi)
    return None


def absorb(conn: Connection, event_id: int, record: Event, mention: MergeKey) -> None:
    """Let a merged mention refine a stored event's date (see :func:`refined`)."""
    if mention.interval is None:
        return
    values = refined(conn.execute(_EVENT_DATE, {"id": event_id}).one(), record, mention)
    if values is not None:
        conn.execute(update(events).where(events.c.id == event_id).values(**values))


class Merger:
    """Merges one batch's mentions into events, in order, inside the batch's transaction.

    Stored events are looked up in the database; the events created earlier in the batch wait
    in memory (ids -1, -2, ...) and are merged there, then :meth:`flush` inserts them with one
    statement, in the order they were created: the rows and ids of one mention at a time.
    """

    def __init__(self, conn: Connection, window: int = DEFAULT_WINDOW):
        self.conn, self.window = conn, window
        self.pending: list[SimpleNamespace] = []
        self.by_key: dict[tuple, list[SimpleNamespace]] = {}  # (root, source key, target key) -> pending
        self.expected: tuple[set[tuple], set[tuple]] | None = None  # see expect()

    def expect(self, mentions: Iterable[MergeKey]) -> None:
        """Look up at once which coded actor pairs of the coming mentions have any asserted event
        stored, so that :meth:`assign` asks the store nothing for the others (in a new store: for
        none). Mentions whose source has no code are always looked up."""
        pairs, alone = set(), set()
        for mention in mentions:
            if mention.modality != "asserted" or _shape(mention.source) != "code":
                continue
            if _shape(mention.target) == "code":
                pairs.add((mention.source, mention.target, mention.root))
            else:
                alone.add((mention.source, mention.root))
        asserted = events.c.modality == "asserted"
        found_pairs: set[tuple] = set()
        found_alone: set[tuple] = set()
        columns = (events.c.source_code, events.c.target_code, events.c.cameo_root)
        for chunk in chunked(sorted(pairs), _KEYS_PER_STATEMENT):
            statement = select(*columns).distinct().where(tuple_(*columns).in_(chunk), asserted)
            found_pairs.update(tuple(row) for row in self.conn.execute(statement))
        columns = (events.c.source_code, events.c.cameo_root)
        for chunk in chunked(sorted(alone), _KEYS_PER_STATEMENT):
            statement = (
                select(*columns).distinct().where(tuple_(*columns).in_(chunk), events.c.target_code.is_(None), asserted)
            )
            found_alone.update(tuple(row) for row in self.conn.execute(statement))
        self.expected = (found_pairs, found_alone)

    def _may_be_stored(self, mention: MergeKey) -> bool:
        if self.expected is None or _shape(mention.source) != "code":
            return True
        if _shape(mention.target) == "code":
            return (mention.source, mention.target, mention.root) in self.expected[0]
        return (mention.source, mention.root) in self.expected[1]

    def assign(
        self,
        record: Event,
        published: dt.date | None,
        row: dict[str, Any] | None = None,
        mention: MergeKey | None = None,
    ) -> tuple[int, bool]:
        """The event id for one coded record (negative: created in this batch, see :meth:`flush`),
        and whether the event is new; ``row`` and ``mention`` are the record's own, when already made."""
        mention = mention or MergeKey.of(record, published)
        key = (mention.root, mention.source, mention.target)  # only these can match: see _candidate
        pending = self.by_key.get(key, ())
        found = find_event(self.conn, mention, self.window, pending, stored=self._may_be_stored(mention))
        if found is None:
            self.pending.append(SimpleNamespace(id=-len(self.pending) - 1, **event_values(record, mention, row)))
            self.by_key.setdefault(key, []).append(self.pending[-1])
            return self.pending[-1].id, True
        if found > 0:
            absorb(self.conn, found, record, mention)
        elif (values := refined(self.pending[-found - 1], record, mention)) is not None:
            vars(self.pending[-found - 1]).update(values)
        return found, False

    def flush(self) -> dict[int, int]:
        """Insert the events created since the last flush; their ids by the ids :meth:`assign` gave."""
        if not self.pending:
            return {}
        values = [{k: v for k, v in vars(row).items() if k != "id"} for row in self.pending]
        stored = insert_returning_ids(self.conn, events, values)
        ids = {row.id: new for row, new in zip(self.pending, stored)}
        self.pending, self.by_key = [], {}
        return ids


def assign(
    conn: Connection,
    record: Event,
    published: dt.date | None,
    window: int = DEFAULT_WINDOW,
    row: dict[str, Any] | None = None,
) -> tuple[int, bool]:
    """The event id for one coded record, stored at once, and whether the event is new."""
    merger = Merger(conn, window)
    found, is_new = merger.assign(record, published, row)
    return merger.flush().get(found, found), is_new


# a mention's source: its publisher, else its article (an article with no known publisher is one
# source); events.n_sources and stats()' "sources" both count distinct values of this
mention_source = func.coalesce(mentions.c.publisher, cast(mentions.c.article, Text))


def refresh(conn: Connection, event_ids: Iterable[int]) -> None:
    """Recount mentions, distinct articles and distinct sources of the given events."""
    ids = sorted(set(event_ids))
    now = utcnow()
    for chunk in chunked(ids, 500):
        of_event = mentions.c.event == events.c.id
        conn.execute(
            update(events)
            .where(events.c.id.in_(chunk))
            .values(
                n_mentions=select(func.count()).where(of_event).scalar_subquery(),
                n_articles=select(func.count(mentions.c.article.distinct())).where(of_event).scalar_subquery(),
                n_sources=select(func.count(mention_source.distinct())).where(of_event).scalar_subquery(),
                first_mention=select(func.min(mentions.c.id)).where(of_event).scalar_subquery(),
                last_seen=now,
            )
        )
