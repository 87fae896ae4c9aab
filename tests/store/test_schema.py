"""Schema and migrations: the frozen DDL matches the tables the queries use; dead databases fail clearly."""

import pytest
from sqlalchemy import inspect, text

from dyad.cli.main import main
from dyad.store import StoreError, open_store
from dyad.store.db import normalize_url
from dyad.store.schema import LATEST, TABLES, metadata


def test_migrated_tables_match_the_metadata(store):
    inspector = inspect(store.engine)
    for table in TABLES:
        stored = {c["name"] for c in inspector.get_columns(table.name)}
        assert stored == {c.name for c in table.columns}, table.name
    indexes = {i["name"] for i in inspector.get_indexes("events")}
    assert {"events_merge", "events_dyad", "events_target", "events_date", "events_cameo"} <= indexes
    with store.read() as conn:
        assert conn.execute(text("SELECT max(version) FROM schema_version")).scalar() == LATEST
    assert set(metadata.tables) == {t.name for t in TABLES} | {"schema_version"}


def test_sqlite_is_wal_with_full_text_search(tmp_path):
    with open_store(tmp_path / "x.db") as store, store.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("SELECT count(*) FROM sentences_fts").scalar() == 0


def test_reopening_applies_nothing_and_a_newer_schema_is_refused(db_url):
    open_store(db_url).close()
    with open_store(db_url) as store, store.write() as conn:
        assert conn.execute(text("SELECT count(*) FROM schema_version")).scalar() == LATEST
        conn.execute(text("INSERT INTO schema_version VALUES (99, 'future', CURRENT_TIMESTAMP)"))
    with pytest.raises(StoreError, match="schema version 99 is newer"):
        open_store(db_url)


def test_urls():
    assert normalize_url("dyad.db").render_as_string() == "sqlite:///dyad.db"
    assert normalize_url("/data/x.db").database == "/data/x.db"
    assert normalize_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgresql://u:secret@h:5432/db").drivername == "postgresql+psycopg"
    with pytest.raises(StoreError, match="unsupported database 'mysql'"):
        normalize_url("mysql://u@h/db")


@pytest.mark.parametrize(
    "url, says",
    [
        (
            "postgresql://postgres:hunter2@127.0.0.1:1/dyad",
            "postgresql://postgres:***@127.0.0.1:1/dyad: connection failed",
        ),
        ("sqlite:////proc/dyad.db", "sqlite:////proc/dyad.db: unable to open database file"),
        ("/no/such/folder/dyad.db", "sqlite:////no/such/folder/dyad.db: folder /no/such/folder does not exist"),
    ],
)
def test_a_dead_database_is_one_clear_line_and_status_2(capsys, tmp_path, url, says):
    assert main(["ingest", str(tmp_path), "--db", url]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith(f"dyad: {says}"), err
    assert "hunter2" not in err
    for argv in (
        ["stats", "--db", url],
        ["events", "--db", url],
        ["export", "--db", url, "--format", "csv", "-o", str(tmp_path / "x.csv")],
    ):
        assert main(argv) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and err.startswith(f"dyad: {says.split(': ')[0]}: "), err


def test_read_commands_do_not_create_a_database(capsys, tmp_path):
    missing = tmp_path / "missing.db"
    assert main(["stats", "--db", str(missing)]) == 2
    assert capsys.readouterr().err.strip() == f"dyad: sqlite:///{missing}: no such database file"
    assert not missing.exists()


def test_migration_3_makes_codes_nullable_and_keeps_the_actors_words(db_url, monkeypatch):
    """A store made at version 2 (codes required) takes version 3 in place, keeping its rows."""
    from sqlalchemy import select

    from dyad.pipeline import Result
    from dyad.records import Actor
    from dyad.store import schema, write_results
    from tests.store.conftest import article, event

    old = [m for m in schema.MIGRATIONS if m.version <= 2]
    monkeypatch.setattr(schema, "MIGRATIONS", old)
    monkeypatch.setattr(schema, "LATEST", 2)
    with open_store(db_url) as store, store.write() as conn:
        conn.execute(
            text(
                "INSERT INTO events (source_code, target_code, cameo, cameo_root, modality, n_mentions, "
                "n_articles, n_sources, first_seen, last_seen) VALUES ('RUS', 'USA', '129', '12', 'asserted', "
                "0, 0, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
    monkeypatch.undo()
    with open_store(db_url) as store:
        with store.read() as conn:
            assert conn.execute(text("SELECT max(version) FROM schema_version")).scalar() == LATEST >= 3
        story = article("o1", "Wire", "2022-10-04")
        record = event("o1", "USA", None, "112", "2022-10-04").model_copy(
            update={"source": Actor(text="Alice Wells", code=None)}
        )
        assert write_results(store, [Result(story, [record])]).new == 1
        with store.read() as conn:
            stored = conn.execute(select(schema.events.c.source_code, schema.events.c.source_text)).all()
            assert [tuple(r) for r in stored] == [("RUS", None), (None, "Alice Wells")]
            mention = conn.execute(select(schema.mentions.c.source_code, schema.mentions.c.source_text)).one()
            assert tuple(mention) == (None, "Alice Wells")


def test_a_read_only_store_is_read_without_writing(tmp_path):
    """Opened read-only: queries work, nothing is written (not even a pragma), a write is one clear error."""
    from dyad.store import stats

    path = tmp_path / "ro.db"
    open_store(path).close()
    before = path.read_bytes()
    with open_store(path, readonly=True) as store:
        assert store.readonly and stats(store)["articles"] == 0
        with store.read() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        with pytest.raises(StoreError, match="readonly database"), store.write() as conn:
            conn.execute(text("DELETE FROM quarantine"))
    assert path.read_bytes() == before


def test_wal_mode_is_set_once_not_on_every_connection(tmp_path):
    from sqlalchemy import event

    path = tmp_path / "w.db"
    open_store(path).close()
    seen: list[str] = []
    with open_store(path) as store:
        store.engine.dispose()  # every connection from here on is new

        @event.listens_for(store.engine, "connect", insert=True)  # before dyad's own listener
        def _trace(dbapi_connection, _record):
            dbapi_connection.set_trace_callback(seen.append)

        with store.read() as conn:
            assert conn.exec_driver_sql("SELECT 1").scalar() == 1
    assert "PRAGMA foreign_keys=ON" in seen and not any("journal_mode" in s for s in seen)


@pytest.mark.parametrize("group", ["actor", "country"])
def test_the_dashboards_country_queries_read_only_covering_indexes(tmp_path, group):
    """Timeline and network for one country, dates and the default modality: every search of
    events reads a covering index (the places' events aside), never the table's rows."""
    from dyad.store.analytics import dyads_select, periods_select
    from dyad.store.query import EventQuery

    query = EventQuery(country="USA", since="2020-01-01", until="2020-12-31", modality=["asserted"])
    with open_store(tmp_path / "plan.db") as store, store.read() as conn:
        for statement in (periods_select(conn, query), dyads_select(conn, query, group)):
            sql = str(statement.compile(conn, compile_kwargs={"literal_binds": True}))
            plan = [row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]
            searches = [step for step in plan if step.startswith(("SEARCH events", "SCAN events"))]
            by_country = [step for step in searches if "_country" in step]
            assert len(by_country) == 2 and all("COVERING INDEX" in step for step in by_country), plan
            assert all("COVERING INDEX" in step or "INTEGER PRIMARY KEY" in step for step in searches), plan


def test_migration_4_replaces_the_dashboards_indexes_in_a_version_3_store(db_url, monkeypatch):
    from dyad.store import schema

    monkeypatch.setattr(schema, "MIGRATIONS", [m for m in schema.MIGRATIONS if m.version <= 3])
    monkeypatch.setattr(schema, "LATEST", 3)
    open_store(db_url).close()
    monkeypatch.undo()
    with open_store(db_url) as store:
        indexes = {i["name"] for i in inspect(store.engine).get_indexes("events")}
        with store.read() as conn:
            assert conn.execute(text("SELECT max(version) FROM schema_version")).scalar() == LATEST >= 4
    assert {"events_by_source_country", "events_by_target_country"} <= indexes
    assert not {"events_source_country_date", "events_target_country_date"} & indexes
