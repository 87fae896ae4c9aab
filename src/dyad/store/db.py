"""Opening the event store: a database URL → a migrated :class:`Store`.

Assigns nothing to events. Accepts ``sqlite:///PATH`` (the default, ``sqlite:///dyad.db``),
a bare file path (taken as SQLite), and ``postgresql://`` / ``postgres://`` URLs (run through
psycopg 3). SQLite files are put in WAL mode once, when opened for writing (the mode is
kept in the file), and every connection uses ``synchronous=NORMAL``: a process killed
mid-transaction leaves the last committed batch intact and the open one undone. A store
opened ``readonly`` (or a SQLite file this process may not write) is opened read-only
(SQLite ``mode=ro``; PostgreSQL read-only transactions) and never written, not even a pragma.
Every problem opening or using the database is raised as :class:`StoreError`, whose
message names the URL (password hidden) and the problem on one line.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Table, create_engine, event, func, select
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from dyad.errors import SetupError
from dyad.store import schema

DEFAULT_URL = "sqlite:///dyad.db"


class StoreError(SetupError):
    """The database cannot be opened or used; the message is one line naming the URL."""


def normalize_url(url: str | os.PathLike | None) -> URL:
    """``sqlite:///...``, ``postgresql://...`` or a bare path → a SQLAlchemy URL with its driver."""
    raw = os.fspath(url) if url is not None else DEFAULT_URL
    if "://" not in raw:
        return URL.create("sqlite", database=raw)
    try:
        parsed = make_url(raw)
    except ArgumentError:
        raise StoreError(f"{raw}: not a database URL (expected sqlite:///PATH or postgresql://...)") from None
    backend = parsed.get_backend_name()
    if backend in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        return parsed.set(drivername="sqlite")
    raise StoreError(
        f"{parsed.render_as_string(hide_password=True)}: unsupported database "
        f"'{backend}' (expected sqlite or postgresql)"
    )


def display(url: URL) -> str:
    """The URL as the user should see it: password hidden, driver name dropped."""
    shown = url.set(drivername=url.get_backend_name())
    return shown.render_as_string(hide_password=True)


def problem(error: BaseException) -> str:
    """The first line of a database error, without SQLAlchemy's decoration."""
    inner = getattr(error, "orig", None) or error
    lines = [line.strip() for line in str(inner).strip().splitlines() if line.strip()]
    return lines[0] if lines else type(inner).__name__


class Store:
    """An open, migrated event store: an engine plus helpers for read and write transactions."""

    def __init__(self, engine: Engine, url: URL, readonly: bool = False):
        self.engine = engine
        self.url = url
        self.readonly = readonly
        self.name = display(url)
        self.dialect = engine.dialect.name

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for queries (a deferred transaction; never blocks the writer)."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except DBAPIError as error:
            raise StoreError(f"{self.name}: {problem(error)}") from error

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction: committed when the block ends, rolled back on an exception.

        SQLite takes the write lock at BEGIN (``BEGIN IMMEDIATE``); PostgreSQL takes a
        transaction-level advisory lock, so concurrent ingests merge events one at a time.
        """
        try:
            with self.engine.connect().execution_options(dyad_write=True) as conn, conn.begin():
                if self.dialect == "postgresql":
                    conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7411002)")
                yield conn
        except DBAPIError as error:
            raise StoreError(f"{self.name}: {problem(error)}") from error

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _sqlite_engine(url: URL, readonly: bool = False) -> Engine:
    if readonly:
        path = Path(url.database or "").resolve()
        url = URL.create("sqlite", database=f"file:{path.as_posix()}?mode=ro", query={"uri": "true"})
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's BEGIN below, not pysqlite's
        cursor = dbapi_connection.cursor()
        # per-connection settings only: journal_mode=WAL is written to the file once, by open_store
        for pragma in ("synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=30000"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("dyad_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _writable(path: Path) -> bool:
    """Whether this process may write the SQLite file (and its folder, for the WAL files)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def open_store(url: str | os.PathLike | None = None, *, create: bool = True, readonly: bool = False) -> Store:
    """Open (and, if needed, create and migrate) the store at ``url``.

    ``create=False`` is for read-only commands: a SQLite file that does not exist is an
    error rather than a new empty database. ``readonly=True`` (implies ``create=False``)
    opens the store for reading only; so is a SQLite file this process may not write.
    Raises :class:`StoreError`.
    """
    parsed = normalize_url(url)
    shown = display(parsed)
    create = create and not readonly
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database in ("", ":memory:"):
            raise StoreError(f"{shown}: an in-memory database cannot be shared between runs; give a file")
        path = Path(database)
        if not create and not path.exists():
            raise StoreError(f"{shown}: no such database file")
        if not path.parent.is_dir():
            raise StoreError(f"{shown}: folder {path.parent} does not exist")
        if path.is_dir():
            raise StoreError(f"{shown}: is a folder, not a database file")
        readonly = readonly or (path.exists() and not _writable(path))
        engine = _sqlite_engine(parsed, readonly)
    else:
        options = {"connect_timeout": 5}
        if readonly:
            options["options"] = "-c default_transaction_read_only=on"
        engine = create_engine(parsed, pool_pre_ping=True, connect_args=options)
    store = Store(engine, parsed, readonly)
    try:
        _prepare(store, shown)
    except StoreError:
        engine.dispose()
        raise
    except (SQLAlchemyError, OSError) as error:
        engine.dispose()
        raise StoreError(f"{shown}: {problem(error)}") from error
    return store


def _prepare(store: Store, shown: str) -> None:
    """Check the schema version; when writable, migrate and put a SQLite file in WAL mode."""
    with store.engine.connect() as conn:
        version = schema.current_version(conn)
        wal = store.dialect != "sqlite" or conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    if version > schema.LATEST:
        raise StoreError(
            f"{shown}: schema version {version} is newer than this dyad (knows up to {schema.LATEST}); upgrade dyad"
        )
    if store.readonly:
        if version < schema.LATEST:
            raise StoreError(
                f"{shown}: schema version {version} is older than this dyad's ({schema.LATEST}) and the store is "
                "read-only; open it once with write access (e.g. dyad stats as its owner) to migrate it"
            )
        return
    if not wal:  # outside any transaction: SQLite changes the journal mode only there
        raw = store.engine.raw_connection()
        try:
            raw.cursor().execute("PRAGMA journal_mode=WAL")
        finally:
            raw.close()
    if version < schema.LATEST:
        with store.write() as conn:
            schema.migrate(conn)


def insert_returning_ids(conn: Connection, table: Table, values: list[dict]) -> list[int]:
    """Insert rows in one statement; their new ids, in the order of ``values``.

    On SQLite, SQLAlchemy cannot batch an INSERT ... RETURNING whose ids must come back in
    order: it sends one statement per row. Inside dyad's write transaction (``BEGIN IMMEDIATE``
    holds the write lock) the ids are the ones SQLite itself would give, one past the largest,
    so they are given explicitly and the rows go in with one executemany."""
    if not values:
        return []
    if conn.dialect.name == "sqlite":
        start = conn.execute(select(func.max(table.c.id))).scalar() or 0
        ids = list(range(start + 1, start + 1 + len(values)))
        conn.execute(table.insert(), [{**row, "id": new} for row, new in zip(values, ids)])
        return ids
    statement = table.insert().returning(table.c.id, sort_by_parameter_order=True)
    return list(conn.execute(statement, values).scalars())
