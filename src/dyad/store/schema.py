"""The event store's tables, and the versioned migrations that build them.

Assigns nothing to events: it defines where they are kept. The tables (see docs/store.md):

* ``articles``   one row per article stored (content hash and url are unique: the idempotency keys)
* ``sentences``  the sentences that carry evidence (every sentence with an event mention)
* ``events``     one row per real-world event, merged across articles by :mod:`dyad.store.dedup`
* ``mentions``   one row per event record coded from one sentence of one article
* ``quotes``, ``actors``, ``places``  quotes, the actor codes seen, and resolved places
* ``quarantine`` inputs that could not be processed: where they came from and why
* ``schema_version`` the migrations applied

Migrations are frozen DDL: :data:`MIGRATIONS` is an ordered list, each applied once inside
a transaction and recorded in ``schema_version``. To change the schema, append a migration
(never edit an applied one) and update the :class:`~sqlalchemy.Table` objects below, which
the queries use; ``tests/store/test_schema.py`` checks that both agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    Table,
    Text,
    text,
)
from sqlalchemy.engine import Connection

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Text, nullable=False),
    Column("content_hash", Text, nullable=False, unique=True),
    Column("url", Text, unique=True),
    Column("source", Text),
    Column("title", Text),
    Column("subtitle", Text),
    Column("published", Date),
    Column("dateline", Text),
    Column("byline", Text),
    Column("language", Text),
    Column("text", Text, nullable=False),
    Column("input", Text),
    Column("n_mentions", Integer, nullable=False),
    Column("ingested_at", DateTime, nullable=False),
)

sentences = Table(
    "sentences",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article", Integer, ForeignKey("articles.id"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("char_start", Integer, nullable=False),
    Column("char_end", Integer, nullable=False),
    Column("text", Text, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_code", Text),  # null for an actor no dictionary codes (migration 3)
    Column("source_country", Text),
    Column("source_sector", Text),
    Column("source_name", Text),
    Column("target_code", Text),
    Column("target_country", Text),
    Column("target_sector", Text),
    Column("target_name", Text),
    Column("cameo", Text, nullable=False),
    Column("cameo_root", Text, nullable=False),
    Column("cameo_name", Text),
    Column("plover_type", Text),
    Column("plover_mode", Text),
    Column("quad_class", Integer),
    Column("goldstein", Float),
    Column("modality", Text, nullable=False),
    Column("date", Text),
    Column("date_precision", Text),
    Column("date_lo", Date),
    Column("date_hi", Date),
    Column("published", Date),
    Column("n_mentions", Integer, nullable=False),
    Column("n_articles", Integer, nullable=False),
    Column("n_sources", Integer, nullable=False),
    Column("first_mention", Integer),
    Column("first_seen", DateTime, nullable=False),
    Column("last_seen", DateTime, nullable=False),
    Column("source_text", Text),  # the actors' words as first written (migration 3)
    Column("target_text", Text),
)

_ACTOR_COLUMNS = ("code", "text", "country", "sector", "name")

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event", Integer, ForeignKey("events.id"), nullable=False),
    Column("article", Integer, ForeignKey("articles.id"), nullable=False),
    Column("sentence", Integer, ForeignKey("sentences.id")),
    Column("event_id", Text, nullable=False),
    Column("publisher", Text),
    Column("sentence_index", Integer, nullable=False),
    Column("char_start", Integer, nullable=False),
    Column("char_end", Integer, nullable=False),
    Column("trigger", Text),
    Column("date", Text),
    Column("date_precision", Text),
    Column("date_source", Text),
    Column("end_date", Text),
    *(Column(f"source_{c}", Text) for c in _ACTOR_COLUMNS),
    *(Column(f"target_{c}", Text) for c in _ACTOR_COLUMNS),
    Column("cameo", Text, nullable=False),
    Column("cameo_name", Text),
    Column("plover_type", Text),
    Column("plover_mode", Text),
    Column("quad_class", Integer),
    Column("goldstein", Float),
    Column("modality", Text, nullable=False),
    Column("attributed_to", Text),
    Column("record", Text, nullable=False),
)

quotes = Table(
    "quotes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article", Integer, ForeignKey("articles.id"), nullable=False),
    Column("quote_id", Text, nullable=False),
    Column("direct", Boolean, nullable=False),
    Column("text", Text, nullable=False),
    Column("char_start", Integer, nullable=False),
    Column("char_end", Integer, nullable=False),
    Column("speaker_name", Text),
    Column("speaker_title", Text),
    Column("speaker_text", Text),
    Column("speaker_code", Text),
    Column("speaker_country", Text),
    Column("speaker_sector", Text),
    Column("record", Text, nullable=False),
)

actors = Table(
    "actors",
    metadata,
    Column("code", Text, primary_key=True),
    Column("name", Text),
    Column("country", Text),
    Column("sector", Text),
    Column("first_seen", DateTime, nullable=False),
)

places = Table(
    "places",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article", Integer, ForeignKey("articles.id"), nullable=False),
    Column("mention", Integer, ForeignKey("mentions.id")),
    Column("event", Integer, ForeignKey("events.id")),
    Column("name", Text),
    Column("country", Text),
    Column("admin1", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("feature_id", Text),
    Column("char_start", Integer),
    Column("char_end", Integer),
    Column("record", Text, nullable=False),
)

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("input", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("stage", Text, nullable=False),
    Column("retry", Boolean, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("first_seen", DateTime, nullable=False),
    Column("last_seen", DateTime, nullable=False),
)

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("description", Text, nullable=False),
    Column("applied_at", DateTime, nullable=False),
)

#: Tables in dependency order (exports and parquet follow it).
TABLES = [articles, sentences, events, mentions, quotes, actors, places, quarantine]

# ---------------------------------------------------------------- migrations

_TYPES = {
    "sqlite": {
        "pk": "INTEGER PRIMARY KEY",
        "ref": "INTEGER",
        "date": "TEXT",
        "ts": "TEXT",
        "float": "REAL",
        "bool": "INTEGER",
    },
    "postgresql": {
        "pk": "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
        "ref": "BIGINT",
        "date": "DATE",
        "ts": "TIMESTAMP",
        "float": "DOUBLE PRECISION",
        "bool": "BOOLEAN",
    },
}

_ACTOR_DDL = """    source_code TEXT NOT NULL,
    source_text TEXT,
    source_country TEXT,
    source_sector TEXT,
    source_name TEXT,
    target_code TEXT,
    target_text TEXT,
    target_country TEXT,
    target_sector TEXT,
    target_name TEXT"""  # frozen: migration 1 as applied

_V1 = [
    """CREATE TABLE articles (
    id {pk},
    article_id TEXT NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    url TEXT UNIQUE,
    source TEXT,
    title TEXT,
    subtitle TEXT,
    published {date},
    dateline TEXT,
    byline TEXT,
    language TEXT,
    text TEXT NOT NULL,
    input TEXT,
    n_mentions INTEGER NOT NULL,
    ingested_at {ts} NOT NULL)""",
    "CREATE INDEX articles_published ON articles (published)",
    "CREATE INDEX articles_source ON articles (source)",
    """CREATE TABLE sentences (
    id {pk},
    article {ref} NOT NULL REFERENCES articles (id),
    idx INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    UNIQUE (article, idx))""",
    """CREATE TABLE events (
    id {pk},
    source_code TEXT NOT NULL,
    source_country TEXT,
    source_sector TEXT,
    source_name TEXT,
    target_code TEXT,
    target_country TEXT,
    target_sector TEXT,
    target_name TEXT,
    cameo TEXT NOT NULL,
    cameo_root TEXT NOT NULL,
    cameo_name TEXT,
    plover_type TEXT,
    plover_mode TEXT,
    quad_class INTEGER,
    goldstein {float},
    modality TEXT NOT NULL,
    date TEXT,
    date_precision TEXT,
    date_lo {date},
    date_hi {date},
    published {date},
    n_mentions INTEGER NOT NULL,
    n_articles INTEGER NOT NULL,
    n_sources INTEGER NOT NULL,
    first_mention {ref},
    first_seen {ts} NOT NULL,
    last_seen {ts} NOT NULL)""",
    # the dedup lookup, and the dyad, date, code and country queries
    "CREATE INDEX events_merge ON events (source_code, target_code, cameo_root, date_lo)",
    "CREATE INDEX events_dyad ON events (source_code, target_code, date_lo)",
    "CREATE INDEX events_target ON events (target_code, date_lo)",
    "CREATE INDEX events_date ON events (date_lo, date_hi)",
    "CREATE INDEX events_cameo ON events (cameo)",
    "CREATE INDEX events_plover ON events (plover_type)",
    "CREATE INDEX events_source_country ON events (source_country)",
    "CREATE INDEX events_target_country ON events (target_country)",
    """CREATE TABLE mentions (
    id {pk},
    event {ref} NOT NULL REFERENCES events (id),
    article {ref} NOT NULL REFERENCES articles (id),
    sentence {ref} REFERENCES sentences (id),
    event_id TEXT NOT NULL,
    publisher TEXT,
    sentence_index INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    trigger TEXT,
    date TEXT,
    date_precision TEXT,
    date_source TEXT,
    end_date TEXT,
"""
    + _ACTOR_DDL
    + """,
    cameo TEXT NOT NULL,
    cameo_name TEXT,
    plover_type TEXT,
    plover_mode TEXT,
    quad_class INTEGER,
    goldstein {float},
    modality TEXT NOT NULL,
    attributed_to TEXT,
    record TEXT NOT NULL)""",
    "CREATE INDEX mentions_event ON mentions (event)",
    "CREATE INDEX mentions_article ON mentions (article)",
    "CREATE INDEX mentions_sentence ON mentions (sentence)",
    "CREATE INDEX mentions_event_id ON mentions (event_id)",
    """CREATE TABLE quotes (
    id {pk},
    article {ref} NOT NULL REFERENCES articles (id),
    quote_id TEXT NOT NULL,
    direct {bool} NOT NULL,
    text TEXT NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    speaker_name TEXT,
    speaker_title TEXT,
    speaker_text TEXT,
    speaker_code TEXT,
    speaker_country TEXT,
    speaker_sector TEXT,
    record TEXT NOT NULL)""",
    "CREATE INDEX quotes_article ON quotes (article)",
    "CREATE INDEX quotes_speaker ON quotes (speaker_code)",
    """CREATE TABLE actors (
    code TEXT PRIMARY KEY,
    name TEXT,
    country TEXT,
    sector TEXT,
    first_seen {ts} NOT NULL)""",
    """CREATE TABLE places (
    id {pk},
    article {ref} NOT NULL REFERENCES articles (id),
    mention {ref} REFERENCES mentions (id),
    event {ref} REFERENCES events (id),
    name TEXT,
    country TEXT,
    admin1 TEXT,
    lat {float},
    lon {float},
    feature_id TEXT,
    char_start INTEGER,
    char_end INTEGER,
    record TEXT NOT NULL)""",
    "CREATE INDEX places_article ON places (article)",
    "CREATE INDEX places_event ON places (event)",
    "CREATE INDEX places_country ON places (country)",
    """CREATE TABLE quarantine (
    id {pk},
    input TEXT NOT NULL,
    reason TEXT NOT NULL,
    stage TEXT NOT NULL,
    retry {bool} NOT NULL,
    attempts INTEGER NOT NULL,
    first_seen {ts} NOT NULL,
    last_seen {ts} NOT NULL,
    UNIQUE (input, reason))""",
]

_V1_SQLITE = [
    # full-text search over the evidence sentences (porter stemming, like PostgreSQL's 'english')
    "CREATE VIRTUAL TABLE sentences_fts USING fts5(text, content='sentences', content_rowid='id', "
    "tokenize='porter unicode61')",
    "CREATE TRIGGER sentences_fts_insert AFTER INSERT ON sentences BEGIN "
    "INSERT INTO sentences_fts (rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences BEGIN "
    "INSERT INTO sentences_fts (sentences_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
]

_V1_POSTGRESQL = [
    "CREATE INDEX sentences_text ON sentences USING gin (to_tsvector('english', text))",
]


@dataclass(frozen=True)
class Migration:
    """One schema change: its DDL for all dialects, then per dialect (with {type} placeholders)."""

    version: int
    description: str
    common: tuple[str, ...]
    sqlite: tuple[str, ...] = ()
    postgresql: tuple[str, ...] = ()
    sqlite_step: Callable[[Connection], None] | None = None  # a change SQLite's DDL cannot say

    def statements(self, dialect: str) -> list[str]:
        own = self.sqlite if dialect == "sqlite" else self.postgresql
        return [s.format(**_TYPES[dialect]) for s in (*self.common, *own)]


# the dashboard's aggregations (dyad.store.analytics) for one country and a date range, answered
# from the index alone: country, dates, then every column the timeseries and network read
_V2 = [
    "CREATE INDEX events_source_country_date ON events (source_country, date_lo, date_hi, quad_class, "
    "goldstein, plover_type, source_code, target_code)",
    "CREATE INDEX events_target_country_date ON events (target_country, date_lo, date_hi, quad_class, "
    "goldstein, plover_type, source_code, target_code)",
]


def _sqlite_drop_not_null(conn: Connection) -> None:
    """Make ``source_code`` nullable in events and mentions on SQLite, which has no ALTER COLUMN.

    Removing a NOT NULL constraint leaves every stored row valid, so SQLite's documented
    shortcut applies (https://www.sqlite.org/lang_altertable.html, "otherwise"): rewrite the
    table's CREATE statement in the schema and bump ``schema_version``, in this transaction.
    """
    version = conn.exec_driver_sql("PRAGMA schema_version").scalar_one()
    conn.exec_driver_sql("PRAGMA writable_schema=ON")
    conn.exec_driver_sql(
        "UPDATE sqlite_master SET sql = replace(sql, 'source_code TEXT NOT NULL', 'source_code TEXT') "
        "WHERE type = 'table' AND name IN ('events', 'mentions')"
    )
    conn.exec_driver_sql(f"PRAGMA schema_version={int(version) + 1}")
    conn.exec_driver_sql("PRAGMA writable_schema=OFF")


# actors that no dictionary codes ("open" actors: a person or group named in the text) have no
# code; events keep the actors' words, the merge key of such an actor (docs/dedup.md)
_V3 = [
    "ALTER TABLE events ADD COLUMN source_text TEXT",
    "ALTER TABLE events ADD COLUMN target_text TEXT",
    "UPDATE events SET source_text = (SELECT m.source_text FROM mentions m WHERE m.id = events.first_mention), "
    "target_text = (SELECT m.target_text FROM mentions m WHERE m.id = events.first_mention)",
]
_V3_POSTGRESQL = [
    "ALTER TABLE events ALTER COLUMN source_code DROP NOT NULL",
    "ALTER TABLE mentions ALTER COLUMN source_code DROP NOT NULL",
]

MIGRATIONS: list[Migration] = [
    Migration(
        1,
        "articles, sentences, events, mentions, quotes, actors, places, quarantine",
        tuple(_V1),
        tuple(_V1_SQLITE),
        tuple(_V1_POSTGRESQL),
    ),
    Migration(2, "covering indexes for the dashboard's country aggregations", tuple(_V2)),
    Migration(
        3,
        "actors without a code: nullable source codes, the actors' words on events",
        tuple(_V3),
        postgresql=tuple(_V3_POSTGRESQL),
        sqlite_step=_sqlite_drop_not_null,
    ),
]
LATEST = MIGRATIONS[-1].version


def current_version(conn: Connection) -> int:
    """The schema version of the database (0 when it has no dyad tables yet)."""
    if not conn.dialect.has_table(conn, "schema_version"):
        return 0
    return conn.execute(text("SELECT max(version) FROM schema_version")).scalar() or 0


def migrate(conn: Connection) -> list[int]:
    """Apply the pending migrations inside the caller's transaction; return their versions.

    On PostgreSQL a transaction-level advisory lock keeps two processes from migrating at
    once; on SQLite the caller's ``BEGIN IMMEDIATE`` does.
    """
    dialect = conn.dialect.name
    if dialect == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(7411001)"))
    ts = _TYPES[dialect]["ts"]
    conn.execute(
        text(
            f"CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
            f"description TEXT NOT NULL, applied_at {ts} NOT NULL)"
        )
    )
    done = current_version(conn)
    applied = []
    for migration in MIGRATIONS:
        if migration.version <= done:
            continue
        for statement in migration.statements(dialect):
            conn.exec_driver_sql(statement)
        if dialect == "sqlite" and migration.sqlite_step is not None:
            migration.sqlite_step(conn)
        conn.execute(
            schema_version.insert().values(
                version=migration.version, description=migration.description, applied_at=utcnow()
            )
        )
        applied.append(migration.version)
    return applied


def utcnow() -> dt.datetime:
    """The current time in UTC, naive (the store keeps every timestamp in UTC)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
