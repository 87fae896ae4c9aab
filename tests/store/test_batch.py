"""write_articles: many coded articles with one statement per table, the rows of storing them one by one."""

from sqlalchemy import select

from dyad.records import Place, Quote, Speaker
from dyad.store import open_store
from dyad.store.batch import ToStore, publisher, write_articles
from dyad.store.schema import actors, articles, events, mentions, places, quotes, sentences
from tests.store.conftest import article, event

KYIV = Place(text="Kyiv", name="Kyiv", country="UKR", kind="city", lat=50.45, lon=30.52, char_span=(40, 44))


def batch() -> list[ToStore]:
    first = article("a1", "Wire", "2022-10-04")
    attack = event("a1", "RUSMIL", "UKR", "193", "2022-10-04", index=1).model_copy(update={"location": KYIV})
    said = Quote(
        quote_id="q1",
        article_id="a1",
        direct=True,
        text="We will respond",
        char_span=(10, 25),
        speaker=Speaker(name="Dmytro Kuleba", text="Kuleba", code="UKRGOV", country="UKR", sector="GOV"),
    )
    second = article("a2", None, "2022-10-04", url="https://www.post.example/a2")
    return [
        ToStore(
            first,
            [event("a1", "USA", "CHN", "112", "2022-10-04"), attack, event("a1", "USA", "RUS", "111", None, index=1)],
            [said],
            [KYIV],
            digest="d1",
            location="news/a1.txt",
        ),
        ToStore(
            second,
            [event("a2", "RUSMIL", "UKR", "190", "2022-10-05"), event("a2", "CHN", "USA", "111", "2022-10-04")],
            digest="d2",
            location="news/a2.txt",
        ),
    ]


def rows_of(url):
    tables = {
        articles: ("id", "article_id", "content_hash", "input", "n_mentions"),
        sentences: ("id", "article", "idx", "char_start", "text"),
        events: ("id", "source_code", "target_code", "cameo", "date", "date_lo", "date_hi"),
        mentions: ("id", "event", "article", "sentence", "publisher", "event_id"),
        places: ("id", "article", "mention", "event", "name", "char_start"),
        quotes: ("id", "article", "quote_id", "speaker_code"),
        actors: ("code", "name", "country"),
    }
    with open_store(url) as store, store.read() as conn:
        return {
            table.name: conn.execute(select(*(table.c[c] for c in columns)).order_by(table.c[columns[0]])).all()
            for table, columns in tables.items()
        }


def test_a_batch_gives_the_rows_and_ids_of_one_article_at_a_time(two_dbs):
    together, apart = two_dbs
    with open_store(together) as store, store.write() as conn:
        written = write_articles(conn, batch())
    with open_store(apart) as store:
        for item in batch():
            with store.write() as conn:
                write_articles(conn, [item])
    assert rows_of(together) == rows_of(apart)
    assert [(w.article, w.mentions, w.new_events, len(w.events)) for w in written] == [(1, 3, 3, 3), (2, 2, 1, 2)]
    stored = rows_of(together)
    # the attack in Kyiv and the strike a day later in article 2 are one event; Kyiv is stored twice:
    # as where the attack's mention happened, and as a place the article names
    assert [m.event for m in stored["mentions"]] == [1, 2, 3, 2, 4]
    assert [(p.mention, p.event) for p in stored["places"]] == [(2, 2), (None, None)]
    assert [(m.publisher) for m in stored["mentions"]] == ["Wire"] * 3 + ["post.example"] * 2
    assert [a.code for a in stored["actors"]] == ["CHN", "RUS", "RUSMIL", "UKR", "UKRGOV", "USA"]


def test_publisher_is_the_source_else_the_host():
    assert publisher(article("a", "Wire", None, url="https://www.x.example/1")) == "Wire"
    assert publisher(article("a", None, None, url="https://www.x.example/1")) == "x.example"
    assert publisher(article("a", None, None)) is None
