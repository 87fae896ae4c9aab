"""write_results, the store's one write path, and the Ingester that drives it."""

import sqlite3

import pytest
from sqlalchemy import select

from dyad.pipeline import Result
from dyad.store import Ingester, Item, quarantined, stats
from dyad.store.schema import articles, mentions, quarantine
from dyad.store.writer import Coded, clean, write_results
from tests.store.conftest import FakeCoder, article, event


def test_write_results_stores_a_batch_and_counts_what_it_committed(store):
    one = Result(article("a1", "Wire", "2022-10-04"), [event("a1", "USA", "CHN", "112", "2022-10-04")])
    same = Result(article("a1-again", "Other", "2022-10-04", text=one.article.text))  # same text: skipped
    failed = Result(article("a2", "Wire", "2022-10-04"), error="ValueError: no parse")
    tally = write_results(store, [one, same, failed, Coded("feed.xml", problem="not an RSS or Atom feed")])
    assert (tally.new, tally.skipped, tally.quarantined, tally.events_new, tally.mentions) == (1, 1, 2, 1, 1)
    assert tally.quarantined_lines == [
        "a2: could not be coded: ValueError: no parse",
        "feed.xml: not an RSS or Atom feed",
    ]
    with store.read() as conn:
        assert conn.execute(select(articles.c.article_id, articles.c.input)).all() == [("a1", "a1")]
    again = write_results(store, [one])
    assert (again.new, again.skipped) == (0, 1)


def test_nul_and_surrogates_are_cleaned_in_every_field_and_lose_nothing(store):
    """A NUL in an id, a URL or a title (PostgreSQL text cannot hold it) is stored as U+FFFD, on every backend."""
    bad = article("bad\x00id", "Wire\x00", "2022-10-04", text="Bad\x00story \ud800 here.", url="https://x.example/\x00")
    record = event("bad\x00id", "USA", "CHN", "112", "2022-10-04", sentence="Bad\x00story \ud800 here.")
    good = article("good", "Wire", "2022-10-04")
    tally = write_results(
        store, [Result(bad, [record]), Result(good), Coded("in\x00put", problem="line 1: bad \x00 byte")]
    )
    assert (tally.new, tally.quarantined) == (2, 1)
    with store.read() as conn:
        rows = conn.execute(select(articles.c.article_id, articles.c.url, articles.c.source, articles.c.text)).all()
        assert sorted(rows) == [
            ("bad\ufffdid", "https://x.example/\ufffd", "Wire\ufffd", "Bad\ufffdstory \ufffd here."),
            ("good", None, "Wire", "Story good from Wire."),
        ]
        [mention] = conn.execute(select(mentions.c.event_id, mentions.c.record)).all()
        assert mention.event_id == "bad\ufffdid-0-112" and "\\u0000" not in mention.record
        assert conn.execute(select(quarantine.c.input, quarantine.c.reason)).all() == [
            ("in\ufffdput", "line 1: bad \ufffd byte")
        ]
    assert clean("a\x00b\udfffc") == "a\ufffdb\ufffdc"


class _Exploding(FakeCoder):
    """Raises on any batch holding the word BOOM (as a parser failure inside nlp.pipe would)."""

    def code_many(self, articles):
        articles = list(articles)
        if any("BOOM" in a.text for a in articles):
            raise RuntimeError("parser crashed")
        return super().code_many(articles)


def test_a_batch_that_fails_to_code_keeps_its_good_articles(store):
    stories = [
        article("a1", "Wire", "2022-10-04"),
        article("b", "Wire", "2022-10-04", text="BOOM"),
        article("a2", "Wire", None),
    ]
    lines = []
    summary = Ingester(store, _Exploding({}), warn=lines.append).ingest([Item(a.id, article=a) for a in stories])
    assert (summary.read, summary.new, summary.quarantined) == (3, 2, 1)
    assert [q["reason"] for q in quarantined(store)] == ["could not be coded: RuntimeError: parser crashed"]
    assert lines == ["b: could not be coded: RuntimeError: parser crashed (quarantined)"]


def test_counters_move_only_after_the_commit(store, monkeypatch):
    import dyad.store.writer
    from dyad.store import StoreError

    def refuse(*args, **kwargs):
        raise StoreError("database is locked")

    monkeypatch.setattr(dyad.store.writer, "write_results", refuse)
    ingester = Ingester(store, FakeCoder({}), warn=lambda m: None)
    with pytest.raises(StoreError):
        ingester.ingest([Item("a1", article=article("a1", "Wire", "2022-10-04")), Item("x", problem="empty file")])
    assert ingester.summary.as_dict() | {"seconds": 0} == dict.fromkeys(
        ("read", "new", "skipped", "quarantined", "events_new", "mentions", "seconds"), 0
    )
    assert stats(store)["articles"] == 0


def test_articles_are_coded_outside_the_write_transaction(tmp_path):
    """While the Ingester codes, another process can take SQLite's write lock: at once, or once the
    previous batch's write (on the writer thread, overlapping the coding) has committed; if the
    coding ran inside a write transaction, the lock would never come."""
    from dyad.store import open_store

    path = tmp_path / "lock.db"
    seen = []

    class Probe(FakeCoder):
        def code_many(self, articles):
            for item in articles:  # the articles come as one stream: each one is coded here
                other = sqlite3.connect(path, timeout=10, isolation_level=None)
                other.execute("BEGIN IMMEDIATE")  # raises "database is locked" if the ingester held the lock
                other.execute("ROLLBACK")
                other.close()
                seen.append(True)
                yield from super().code_many([item])

    with open_store(f"sqlite:///{path}") as store:
        summary = Ingester(store, Probe({}), commit_every=1, warn=lambda m: None).ingest(
            [Item(f"a{i}", article=article(f"a{i}", "Wire", "2022-10-04")) for i in range(3)]
        )
    assert summary.new == 3 and seen == [True, True, True]


def test_the_next_batch_is_coded_while_one_is_written(store, monkeypatch):
    """The writer thread stores batch N while batch N+1 is coded; batches still commit in input order."""
    import threading

    import dyad.store.writer

    coding_next = threading.Event()
    overlapped, order = [], []
    original = dyad.store.writer.write_results

    class Recording(FakeCoder):
        def code_many(self, articles):
            for item in articles:
                if item.id == "a1":
                    coding_next.set()
                yield from super().code_many([item])

    def slow_write(store, staged, **kwargs):
        if staged[0].result.article.id == "a0":  # the first batch waits until the second is being coded
            overlapped.append(coding_next.wait(30))
        order.append(staged[0].result.article.id)
        return original(store, staged, **kwargs)

    monkeypatch.setattr(dyad.store.writer, "write_results", slow_write)
    items = [Item(f"a{i}", article=article(f"a{i}", "Wire", "2022-10-04")) for i in range(3)]
    summary = Ingester(store, Recording({}), commit_every=1, warn=lambda m: None).ingest(items)
    assert overlapped == [True] and order == ["a0", "a1", "a2"]
    assert (summary.read, summary.new) == (3, 3) and stats(store)["articles"] == 3


def test_a_repeat_of_the_batch_being_written_is_not_coded_again(store):
    coded = []

    class Counting(FakeCoder):
        def code_many(self, articles):
            articles = list(articles)
            coded.extend(a.id for a in articles)
            return super().code_many(articles)

    first = article("a1", "Wire", "2022-10-04", url="https://wire.example/1")
    items = [
        Item("one", article=first),
        Item("two", article=article("a1-copy", "Other", "2022-10-04", text=first.text)),  # same text
        Item("three", article=article("a2", "Wire", "2022-10-04", url="https://wire.example/1")),  # same URL
        Item("four", article=article("a3", "Wire", "2022-10-04")),
    ]
    summary = Ingester(store, Counting({}), commit_every=1, warn=lambda m: None).ingest(items)
    assert coded == ["a1", "a3"]
    assert (summary.read, summary.new, summary.skipped) == (4, 2, 2)


def test_an_article_that_cannot_be_stored_is_quarantined_and_the_batch_kept(store, monkeypatch):
    """When the batch's statements fail, the articles go one at a time: only the failing one is lost."""
    from sqlalchemy.exc import IntegrityError

    import dyad.store.writer

    original = dyad.store.writer.write_articles

    def refusing(conn, batch, window):
        if any(item.article.id == "bad" for item in batch):
            raise IntegrityError("INSERT INTO articles", {}, Exception("CHECK constraint failed: text"))
        return original(conn, batch, window)

    monkeypatch.setattr(dyad.store.writer, "write_articles", refusing)
    good = Result(article("a1", "Wire", "2022-10-04"), [event("a1", "USA", "CHN", "112", "2022-10-04")])
    bad = Result(article("bad", "Wire", "2022-10-04"), [event("bad", "USA", "CHN", "112", "2022-10-04")])
    repeat = Result(article("a1-again", "Other", "2022-10-04", text=good.article.text))
    other = Result(article("a2", "Wire", "2022-10-04"))
    tally = write_results(store, [good, bad, repeat, other])
    assert (tally.new, tally.skipped, tally.quarantined, tally.events_new, tally.mentions) == (2, 1, 1, 1, 1)
    assert tally.quarantined_lines == ["bad: could not be stored: CHECK constraint failed: text"]
    with store.read() as conn:
        assert sorted(conn.execute(select(articles.c.article_id)).scalars()) == ["a1", "a2"]
    assert stats(store)["events"] == 1


def test_stored_keys_finds_stored_hashes_and_urls_in_one_query(store):
    from dyad.store.writer import content_hash, stored_keys

    one = article("a1", "Wire", "2022-10-04", url="https://wire.example/1")
    write_results(store, [Result(one)])
    digest = content_hash(one.text, one.title)
    with store.read() as conn:
        found = stored_keys(conn, [digest, "0" * 40, ""], ["https://wire.example/1", "https://wire.example/2", None])
    assert found == ({digest}, {"https://wire.example/1"})
