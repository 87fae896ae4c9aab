"""The dedup rule (docs/dedup.md): mentions of one real-world event merge into one event row."""

import datetime as dt

from sqlalchemy import select

from dyad.store import Ingester, Item, stats
from dyad.store.dedup import date_interval
from dyad.store.schema import events
from tests.store.conftest import ACTORS, FakeCoder, article, event


def ingest(store, items, coded, window=1):
    """Store hand-built articles and their events through the real ingest path."""
    ingester = Ingester(store, FakeCoder(coded), commit_every=2, window=window, warn=lambda m: None)
    ingester.ingest(Item(location=a.id, article=a) for a in items)
    return ingester.summary


def rows(store):
    with store.read() as conn:
        return [r._asdict() for r in conn.execute(select(events).order_by(events.c.id))]


def test_date_interval_covers_the_day_month_or_year():
    assert date_interval("2022-10-04") == (dt.date(2022, 10, 4), dt.date(2022, 10, 4))
    assert date_interval("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert date_interval("2022") == (dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    assert date_interval("2022-09-23", "2022-09-27") == (dt.date(2022, 9, 23), dt.date(2022, 9, 27))
    assert date_interval(None) is None and date_interval("soon") is None


def test_same_story_from_three_sources_on_one_day_is_one_event(store):
    items = [article(f"a{i}", source, "2022-10-04") for i, source in enumerate(["Reuters", "AP", "AFP"])]
    coded = {a.id: [event(a.id, "RUS", "USA", "129", "2022-10-03")] for a in items}
    summary = ingest(store, items, coded)
    [row] = rows(store)
    assert (row["n_mentions"], row["n_sources"], row["n_articles"]) == (3, 3, 3)
    assert (row["source_code"], row["target_code"], row["cameo"], row["date"]) == ("RUS", "USA", "129", "2022-10-03")
    assert (summary.new, summary.events_new, summary.mentions) == (3, 1, 3)


def test_same_dyad_same_action_a_month_apart_is_two_events(store):
    items = [article("march", "Reuters", "2022-03-02"), article("april", "Reuters", "2022-04-02")]
    coded = {
        "march": [event("march", "RUS", "UKR", "190", "2022-03-01")],
        "april": [event("april", "RUS", "UKR", "190", "2022-04-01")],
    }
    ingest(store, items, coded)
    assert [(r["date"], r["n_mentions"]) for r in rows(store)] == [("2022-03-01", 1), ("2022-04-01", 1)]


def test_code_family_merges_but_other_roots_and_actors_do_not(store):
    items = [article(f"b{i}", f"S{i}", "2022-03-02") for i in range(5)]
    coded = {
        "b0": [event("b0", "RUSMIL", "UKR", "190", "2022-03-01")],
        "b1": [event("b1", "RUSMIL", "UKR", "193", "2022-03-01")],  # same root 19: merges
        "b2": [event("b2", "RUSMIL", "UKR", "112", "2022-03-01")],  # root 11: new event
        "b3": [event("b3", "RUS", "UKR", "190", "2022-03-01")],  # other source code: new event
        "b4": [event("b4", "RUSMIL", None, "190", "2022-03-01")],  # no target: new event
    }
    ingest(store, items, coded)
    got = [(r["source_code"], r["target_code"], r["cameo"], r["n_mentions"]) for r in rows(store)]
    assert got == [
        ("RUSMIL", "UKR", "190", 2),
        ("RUSMIL", "UKR", "112", 1),
        ("RUS", "UKR", "190", 1),
        ("RUSMIL", None, "190", 1),
    ]


def test_only_asserted_mentions_merge(store):
    items = [article(f"c{i}", f"S{i}", "2022-10-04") for i in range(4)]
    coded = {
        "c0": [event("c0", "CHN", "USA", "111", "2022-10-04")],
        "c1": [event("c1", "CHN", "USA", "111", "2022-10-04", modality="negated")],
        "c2": [event("c2", "CHN", "USA", "111", "2022-10-04", modality="hypothetical")],
        "c3": [event("c3", "CHN", "USA", "111", "2022-10-04", modality="hypothetical")],
    }
    ingest(store, items, coded)
    assert [(r["modality"], r["n_mentions"]) for r in rows(store)] == [
        ("asserted", 1),
        ("negated", 1),
        ("hypothetical", 1),
        ("hypothetical", 1),
    ]


def test_window_is_configurable(store):
    items = [article("d0", "A", "2022-10-04"), article("d1", "B", "2022-10-07")]
    coded = {
        "d0": [event("d0", "USA", "CHN", "051", "2022-10-04")],
        "d1": [event("d1", "USA", "CHN", "051", "2022-10-06")],
    }
    ingest(store, items, coded, window=1)
    assert len(rows(store)) == 2
    items2 = [article("e0", "A", "2023-10-04"), article("e1", "B", "2023-10-07")]
    coded2 = {
        "e0": [event("e0", "USA", "CHN", "051", "2023-10-04")],
        "e1": [event("e1", "USA", "CHN", "051", "2023-10-06")],
    }
    ingest(store, items2, coded2, window=3)
    assert [r["n_mentions"] for r in rows(store)] == [1, 1, 2]


def test_undated_mentions_merge_by_publication_date(store):
    items = [
        article("f0", "A", "2022-10-04"),
        article("f1", "B", "2022-10-05"),
        article("f2", "C", "2022-10-20"),
        article("f3", "D", None),
    ]
    coded = {a.id: [event(a.id, "IGOUNO", "RUS", "111", None)] for a in items}
    ingest(store, items, coded)
    assert [(str(r["published"]), r["n_mentions"], r["date"]) for r in rows(store)] == [
        ("2022-10-04", 2, None),
        ("2022-10-20", 1, None),
        ("None", 1, None),
    ]


def test_a_precise_date_narrows_a_month_and_dates_an_undated_event(store):
    items = [
        article("g0", "A", "2022-10-04"),
        article("g1", "B", "2022-10-04"),
        article("h0", "A", "2022-11-04"),
        article("h1", "B", "2022-11-04"),
    ]
    coded = {
        "g0": [event("g0", "USA", "RUS", "112", "2022-10")],
        "g1": [event("g1", "USA", "RUS", "112", "2022-10-03")],
        "h0": [event("h0", "USA", "UKR", "112", None)],
        "h1": [event("h1", "USA", "UKR", "112", "2022-11-04")],
    }
    ingest(store, items, coded)
    got = [(r["target_code"], r["date"], r["date_precision"], r["n_mentions"]) for r in rows(store)]
    assert got == [("RUS", "2022-10-03", "day", 2), ("UKR", "2022-11-04", "day", 2)]


def test_counts_stay_up_to_date_as_articles_arrive(store):
    first = [article("k0", "Reuters", "2022-10-04")]
    ingest(store, first, {"k0": [event("k0", "RUS", "USA", "129", "2022-10-03")]})
    assert rows(store)[0]["n_mentions"] == 1
    later = [article("k1", "Reuters", "2022-10-04", text="Another Reuters story."), article("k2", "TASS", "2022-10-04")]
    ingest(store, later, {a.id: [event(a.id, "RUS", "USA", "129", "2022-10-04", index=3)] for a in later})
    [row] = rows(store)
    assert (row["n_mentions"], row["n_articles"], row["n_sources"]) == (3, 3, 2)
    assert stats(store)["mentions"] == 3


def test_real_coder_three_outlets_one_event(store, mini_coder):
    """Three differently worded reports of one veto → one event, 3 mentions, 3 sources."""
    texts = {
        "Reuters": "Russia vetoes UN text\nRussia vetoed a US resolution on Monday, diplomats said.",
        "AP": "Veto at the UN\nOn Monday Russia vetoed the US resolution, angering Western envoys.",
        "AFP": "Moscow blocks resolution\nRussia vetoed a United States resolution at the UN on Monday.",
    }
    items = [Item(location=name, article=article(name, name, "2022-10-04", text=text)) for name, text in texts.items()]
    Ingester(store, mini_coder, warn=lambda m: None).ingest(items)
    merged = [
        (r["source_code"], r["target_code"], r["cameo"], r["date"], r["n_mentions"], r["n_sources"])
        for r in rows(store)
        if r["target_code"] == "USA"
    ]
    assert merged == [("RUS", "USA", "129", "2022-10-03", 3, 3)]


def test_actors_without_a_code_merge_by_their_words(store):
    """Open actors (no dictionary code) keep their words; the same words, case-folded, are the same actor."""
    from dyad.records import Actor

    items = [article(f"o{i}", source, "2022-10-04") for i, source in enumerate(["Reuters", "AP", "AFP", "BBC"])]
    texts = ["Alice Wells", "alice  wells", "Bob Stone", None]
    coded = {}
    for item, text in zip(items, texts):
        record = event(item.id, "USA", "CHN", "112", "2022-10-04")
        source = Actor(text=text, code=None) if text else record.source  # the last one: USA, coded
        coded[item.id] = [record.model_copy(update={"source": source, "target": Actor(text="the ACLU", code=None)})]
    ingest(store, items, coded)
    got = [
        (r["source_code"], r["source_text"], r["target_code"], r["target_text"], r["n_mentions"]) for r in rows(store)
    ]
    assert got == [
        (None, "Alice Wells", None, "the ACLU", 2),
        (None, "Bob Stone", None, "the ACLU", 1),
        ("USA", "Washington", None, "the ACLU", 1),
    ]


def test_a_batch_merges_in_memory_as_one_article_at_a_time_does(two_dbs):
    """The Merger keeps a batch's new events in memory until its one insert: same rows, same ids."""
    from dyad.records import Actor
    from dyad.store import open_store

    items = [article(f"m{i}", f"S{i % 3}", "2022-10-04" if i % 4 else None) for i in range(12)]
    shapes = [
        ("USA", "RUS", "112", "2022-10"),  # a month, then a day inside it: narrows
        ("USA", "RUS", "111", "2022-10-03"),
        ("RUSMIL", "UKR", "190", None),  # undated: by publication date
        ("RUSMIL", "UKR", "193", "2022-10-04"),
        ("RUSMIL", None, "190", "2022-10-04"),
        ("CHN", "USA", "112", "2022-10-04"),
    ]
    coded = {}
    for i, item in enumerate(items):
        source, target, cameo, date = shapes[i % len(shapes)]
        record = event(item.id, source, target, cameo, date, index=i % 2)
        if i % 5 == 0:  # an open actor, by its words
            record = record.model_copy(update={"source": Actor(text="Alice  Wells" if i else "alice wells", code=None)})
        negated = i == 7
        coded[item.id] = [record.model_copy(update={"modality": "negated"}) if negated else record]
    one_by_one, batched = two_dbs
    columns = ("id", "source_code", "source_text", "target_code", "cameo", "date", "date_precision", "modality")
    got = []
    for url, size in ((one_by_one, 1), (batched, 100)):
        with open_store(url) as store:
            Ingester(store, FakeCoder(coded), commit_every=size, warn=lambda m: None).ingest(
                Item(location=a.id, article=a) for a in items
            )
            got.append([tuple(r[c] for c in columns) + (r["n_mentions"], r["published"]) for r in rows(store)])
    assert got[0] == got[1]
    assert len(got[0]) < len(items)  # some merged


def test_a_batch_asks_the_store_only_about_actor_pairs_it_holds(store):
    """Merger.expect looks up the batch's coded pairs at once; a pair with no asserted event
    stored (any date) is not looked up again, and a stored one still merges."""
    from dyad.store.dedup import MergeKey, Merger

    ingest(store, [article("a1", "Wire", "2022-10-04")], {"a1": [event("a1", "USA", "RUS", "111", "2022-10-04")]})
    same = event("b1", "USA", "RUS", "112", "2022-10-04")  # root 11: the stored event
    other = event("b1", "CHN", "RUS", "111", "2022-10-04", index=1)
    alone = event("b1", "USA", None, "111", "2022-10-04", index=2)
    text_source = event("b1", "USA", "RUS", "111", "2022-10-04", index=3).model_copy(
        update={"source": ACTORS["USA"].model_copy(update={"code": None})}
    )
    published = dt.date(2022, 10, 4)
    with store.write() as conn:
        merger = Merger(conn)
        merger.expect(MergeKey.of(record, published) for record in (same, other, alone, text_source))
        assert merger.expected == ({("USA", "RUS", "11")}, set())
        stored = conn.execute(select(events.c.id)).scalar_one()
        assert merger.assign(same, published) == (stored, False)
        assert merger.assign(other, published) == (-1, True)
        assert merger.assign(alone, published) == (-2, True)
        assert merger.assign(text_source, published) == (-3, True)  # always looked up: no code to ask by
