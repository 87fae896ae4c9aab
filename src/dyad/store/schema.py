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
)

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

# The migrations live in their own module; re-exported here, where the store has always found them.
from dyad.store.migrations import LATEST, MIGRATIONS, Migration, current_version, migrate  # noqa: E402, F401


def utcnow() -> dt.datetime:
    """The current time in UTC, naive (the store keeps every timestamp in UTC)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
