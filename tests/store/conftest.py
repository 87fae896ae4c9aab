"""Store test fixtures: a database per test on SQLite and on PostgreSQL, and coders.

PostgreSQL tests use a fresh database on the server at $DYAD_TEST_PG (default
postgresql://postgres@127.0.0.1:5432/test, which must allow CREATE DATABASE), dropped
afterwards; they are skipped, saying why, when the server cannot be reached.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import uuid
from collections.abc import Iterable, Iterator

import pytest

from dyad.pipeline import Result
from dyad.records import Actor, Article, Event, Plover
from dyad.store import open_store
from tests.conftest import FIXTURES, MODEL

PG_URL = os.environ.get("DYAD_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
MINI = ["--actors", str(FIXTURES / "mini_actors.yaml"), "--verbs", str(FIXTURES / "mini_verbs.yaml")]


def _admin():
    import psycopg

    return psycopg.connect(PG_URL, autocommit=True, connect_timeout=3)


_pg_problem: list[str] = []


def pg_unreachable() -> str | None:
    """Why PostgreSQL tests cannot run, or None."""
    if not _pg_problem:
        try:
            _admin().close()
            _pg_problem.append("")
        except Exception as error:  # any failure to connect means: skip
            _pg_problem.append(f"PostgreSQL not reachable at {PG_URL}: {str(error).splitlines()[0]}")
    return _pg_problem[0] or None


@contextlib.contextmanager
def pg_database() -> Iterator[str]:
    """A new, empty PostgreSQL database, dropped afterwards; skips the test when there is no server."""
    reason = pg_unreachable()
    if reason:
        pytest.skip(reason)
    name = f"dyad_test_{uuid.uuid4().hex[:12]}"
    with _admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG_URL.rsplit('/', 1)[0]}/{name}"
    finally:
        with _admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture()
def pg_url() -> Iterator[str]:
    """A new, empty PostgreSQL database for one test."""
    with pg_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def two_dbs(request, tmp_path) -> Iterator[list[str]]:
    """Two empty databases of one backend (a run and its reference)."""
    if request.param == "sqlite":
        yield [f"sqlite:///{tmp_path / 'one.db'}", f"sqlite:///{tmp_path / 'two.db'}"]
        return
    with pg_database() as one, pg_database() as two:
        yield [one, two]


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A database URL for one test: a SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'dyad.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture()
def store(db_url):
    with open_store(db_url) as opened:
        yield opened


@pytest.fixture(scope="session")
def mini_coder():
    """The real Coder with only the small test dictionaries (rows do not move with the built-in data)."""
    from dyad.actors.dictionary import load_actor_dictionary
    from dyad.config import load_config
    from dyad.events.extract import SentenceCoder
    from dyad.events.verbs import load_verb_dictionary
    from dyad.pipeline import Coder

    coder = Coder(load_config(model=MODEL, processes=1))
    tokenize = lambda text: [t.text for t in coder.nlp.tokenizer(text)]  # noqa: E731
    coder.actors = load_actor_dictionary(tokenize, [FIXTURES / "mini_actors.yaml"], builtin=False)
    coder.verbs = load_verb_dictionary(coder.table, [FIXTURES / "mini_verbs.yaml"], builtin=False)
    coder.sentences = SentenceCoder(coder.verbs, coder.table)
    return coder


@pytest.fixture()
def cli_coder(monkeypatch, mini_coder):
    """Make `dyad ingest` (run in-process) use the mini coder."""
    import dyad.pipeline

    monkeypatch.setattr(dyad.pipeline, "Coder", lambda config=None, **_: mini_coder)
    return mini_coder


# ---------------------------------------------------------------- hand-built records

ACTORS = {
    "USA": Actor(text="Washington", code="USA", country="USA", name="United States"),
    "CHN": Actor(text="Beijing", code="CHN", country="CHN", name="China"),
    "RUS": Actor(text="Moscow", code="RUS", country="RUS", name="Russia"),
    "UKR": Actor(text="Kyiv", code="UKR", country="UKR", name="Ukraine"),
    "RUSMIL": Actor(text="Russian troops", code="RUSMIL", country="RUS", sector="MIL", name="Russian military"),
    "IGOUNO": Actor(text="the UN", code="IGOUNO", name="United Nations"),
}
CODES = {  # cameo: (name, plover type, mode, quad class, goldstein)
    "111": ("Criticize or denounce", "ACCUSE", "disapprove", 3, -2.0),
    "112": ("Accuse", "ACCUSE", "allege", 3, -2.0),
    "129": ("Veto", "REJECT", "yield", 3, -5.0),
    "051": ("Praise or endorse", "SUPPORT", None, 1, 3.4),
    "190": ("Use conventional military force", "ASSAULT", None, 4, -10.0),
    "193": ("Fight with small arms", "ASSAULT", "firearms", 4, -10.0),
    "010": ("Make statement", None, None, 1, 0.0),
}


def event(
    article_id: str,
    source: str,
    target: str | None,
    cameo: str,
    date: str | None,
    *,
    modality: str = "asserted",
    index: int = 0,
    sentence: str | None = None,
) -> Event:
    """A hand-built event record, as the Coder would give it."""
    name, ptype, mode, quad, goldstein = CODES[cameo]
    sentence = sentence or f"{source} did {name.lower()} to {target} (sentence {index})."
    start = index * 200
    return Event(
        event_id=f"{article_id}-{index}-{cameo}",
        article_id=article_id,
        date=date,
        date_precision=({10: "day", 7: "month", 4: "year"}[len(date)] if date else None),
        date_source="text" if date else None,
        source=ACTORS[source],
        target=ACTORS[target] if target else None,
        cameo=cameo,
        cameo_name=name,
        plover=Plover(type=ptype, mode=mode),
        quad_class=quad,
        goldstein=goldstein,
        modality=modality,
        sentence=sentence,
        sentence_index=index,
        char_span=(start, start + len(sentence)),
        trigger="did",
    )


def article(
    article_id: str, source: str | None, published: str | None, text: str | None = None, url: str | None = None
) -> Article:
    return Article(
        id=article_id,
        text=text or f"Story {article_id} from {source}.",
        source=source,
        url=url,
        published=dt.date.fromisoformat(published) if published else None,
    )


class FakeCoder:
    """Gives each article the hand-built events listed for its id (no language processing)."""

    def __init__(self, events: dict[str, list[Event]]):
        self.events = events

    def code_many(self, articles: Iterable[Article]) -> Iterator[Result]:
        for item in articles:
            yield Result(item, list(self.events.get(item.id, [])))
