from sqlalchemy import delete, select

from dyad.store.db import insert_returning_ids
from dyad.store.schema import quarantine, utcnow


def _rows(n: int, start: int = 0) -> list[dict]:
    now = utcnow()
    return [
        dict(input=f"s{start + i}", reason="-", stage="read", retry=False, attempts=1, first_seen=now, last_seen=now)
        for i in range(n)
    ]


def test_inserted_ids_come_back_in_the_order_of_the_rows(store):
    with store.write() as conn:
        first = insert_returning_ids(conn, quarantine, _rows(3))
        second = insert_returning_ids(conn, quarantine, _rows(2, start=3))
        assert insert_returning_ids(conn, quarantine, []) == []
    with store.read() as conn:
        text = dict(conn.execute(select(quarantine.c.id, quarantine.c.input)).all())
    assert [text[i] for i in first + second] == ["s0", "s1", "s2", "s3", "s4"]
    assert len(set(first + second)) == 5


def test_on_sqlite_the_ids_are_those_sqlite_would_give(tmp_path):
    """One past the largest, as SQLite gives a rowid: also after the last row was deleted."""
    from dyad.store import open_store

    with open_store(f"sqlite:///{tmp_path / 'ids.db'}") as store, store.write() as conn:
        assert insert_returning_ids(conn, quarantine, _rows(3)) == [1, 2, 3]
        conn.execute(delete(quarantine).where(quarantine.c.id == 3))
        assert insert_returning_ids(conn, quarantine, _rows(2, start=3)) == [3, 4]
        conn.execute(quarantine.insert().values(**_rows(1, start=5)[0]))  # SQLite's own choice
        assert conn.execute(select(quarantine.c.id).where(quarantine.c.input == "s5")).scalar() == 5
