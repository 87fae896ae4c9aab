"""The founding article, coded end to end with the built-in dictionaries: a golden test.

An expert's coding of this article ships as src/dyad/data/examples/seed_gold.json (the default
gold set of `dyad eval`); every event below was checked against it. A change to the dictionaries
or the coder that moves any of these records must be looked at, and this list updated only if the
new coding is better."""

import json

import pytest

from dyad import Article, Coder, Event
from dyad.eval import SEED_GOLD, load_gold, score

SEED = [  # (sentence, source, CAMEO, target, modality, date, attributed to, trigger)
    (0, "PRK", "051", "RUS", "asserted", "2022-10-04", None, "supports"),
    (1, "PRKGOV", "111", "USA", "asserted", "2022-10-04", None, "slams"),
    (3, "PRK", "051", "RUS", "asserted", "2022-10-04", None, "put weight behind"),
    (8, "EUR", "111", None, "asserted", "2022-10-04", None, "calling a sham"),
    (8, "USA", "111", None, "asserted", "2022-10-04", None, "calling a sham"),
    (9, "RUSLEG", "057", None, "asserted", "2022-10-03", None, "ratified agreements"),
    (11, "PRKGOV", "111", "USA", "asserted", "2022-10-04", None, "criticized"),
    (11, "RUS", "129", "IGOUNO", "asserted", "2022-10-04", None, "vetoed"),
    (13, "USA", "190", "SRB", "negated", "2022-10-04", "PRKGOV", "wars against"),
    (15, "CHNGOV", "129", "USA", "asserted", "2022-05", None, "vetoed"),
    (15, "RUSGOV", "129", "USA", "asserted", "2022-05", None, "vetoed"),
    (16, "IGOUNO", "1721", None, "hypothetical", "2022-10-04", "PRKGOV", "violate rights"),
]


@pytest.fixture(scope="module")
def coder():
    return Coder(processes=1)


@pytest.fixture(scope="module")
def seed_events(coder, seed_text):
    return coder.code(seed_text, published="2022-10-04", article_id="seed")


def test_seed_article_codes_as_checked(seed_events):
    assert [
        (
            e.sentence_index,
            e.source.code,
            e.cameo,
            e.target.code if e.target else None,
            e.modality,
            e.date,
            e.attributed_to,
            e.trigger,
        )
        for e in seed_events
    ] == SEED


def test_seed_gold_is_met(seed_events):
    figures = score(load_gold(SEED_GOLD), [json.loads(e.model_dump_json()) for e in seed_events]).figures
    assert (figures["required_found"], figures["required_total"]) == (9, 9)
    assert (figures["precision"], figures["must_not_violations"]) == (1.0, 0)


def test_every_event_carries_its_evidence(seed_events, seed_text):
    for event in seed_events:
        start, end = event.char_span
        assert seed_text[start:end] == event.sentence
        assert event.trigger.split()[0] in event.sentence
        assert Event.model_validate(event.model_dump()) == event  # valid against its own schema


def test_one_record_in_full(seed_events):
    veto = next(e for e in seed_events if e.sentence_index == 11 and e.cameo == "129")
    assert veto.model_dump(exclude={"event_id", "sentence", "char_span", "location"}) == {
        "kind": "event",
        "article_id": "seed",
        "date": "2022-10-04",
        "date_precision": "day",
        "date_source": "published",
        "end_date": None,
        "source": {"text": "Russia", "code": "RUS", "country": "RUS", "sector": None, "name": "Russia"},
        "target": {
            "text": "UN Security Council",
            "code": "IGOUNO",
            "country": None,
            "sector": None,
            "name": "UN Security Council",
        },
        "cameo": "129",
        "cameo_name": "Veto",
        "plover": {"type": "REJECT", "mode": "yield"},
        "quad_class": 3,  # as the CAMEO-PLOVER map says
        "goldstein": -5.0,
        "modality": "asserted",
        "attributed_to": None,
        "sentence_index": 11,
        "trigger": "vetoed",
    }


def test_event_ids_are_stable(coder, seed_text, seed_events):
    again = coder.code(seed_text, published="2022-10-04", article_id="seed")
    assert [e.event_id for e in again] == [e.event_id for e in seed_events]
    assert len({e.event_id for e in seed_events}) == len(seed_events)


def test_batch_on_two_processes_equals_one_by_one(coder, seed_text):
    articles = [Article(id=f"a{n}", text=seed_text, published="2022-10-04") for n in range(70)]
    results = list(coder.code_many(articles, processes=2))
    assert [r.article.id for r in results] == [a.id for a in articles]
    single = coder.code(articles[0])
    assert all(
        [e.model_dump(exclude={"event_id", "article_id"}) for e in r.events]
        == [e.model_dump(exclude={"event_id", "article_id"}) for e in single]
        for r in results
    )


def test_many_batches_on_two_processes_come_back_in_order(coder, monkeypatch):
    """More batches than are sent at once: each is sent as another comes back, in input order."""
    monkeypatch.setattr(coder, "config", coder.config.model_copy(update={"batch_size": 1}))
    texts = ["Russia criticized Ukraine on Monday.", "China praised Brazil.", "Nothing happened here."]
    articles = [Article(id=f"b{n}", text=texts[n % 3], published="2022-10-04") for n in range(20)]
    results = list(coder.code_many(articles, processes=2))
    assert [r.article.id for r in results] == [a.id for a in articles]
    assert [[e.cameo for e in r.events] for r in results] == [[e.cameo for e in coder.code(a)] for a in articles]


def test_stages_run_in_the_documented_order(coder):
    import dyad.pipeline as pipeline

    order = ["parse", "actors", "references", "quotes", "places", "events", "dates", "locations", "records"]
    assert list(pipeline.STAGES) == order
    assert coder.pipe_names == order
    assert " → ".join(order) in pipeline.__doc__
    assert Coder(processes=1, context=False).pipe_names == [
        "parse",
        "actors",
        "references",
        "events",
        "dates",
        "records",
    ]


def test_each_stage_fills_its_own_part_of_the_article_state(coder, seed_text):
    import dyad.pipeline as pipeline

    article = coder.article(seed_text, published="2022-10-04", article_id="seed")
    state = pipeline.ArticleState(article, coder.nlp(article.text))
    filled = []
    for name, stage in coder._stages:
        stage(state)
        filled.append(
            (
                name,
                bool(
                    getattr(
                        state,
                        {"actors": "mentions", "references": "index", "events": "drafts", "records": "events"}.get(
                            name, name
                        ),
                    )
                ),
            )
        )
    assert filled == [(name, True) for name in coder.pipe_names[1:]]
    assert len(state.dates) == len(state.locations) == len(state.drafts) == len(state.events) == len(SEED)


def test_loading_and_forking_leave_the_garbage_collector_as_it_was(coder, seed_text, monkeypatch):
    import gc

    assert gc.isenabled()
    coder.close()  # the next run starts its worker processes here
    monkeypatch.setattr(coder, "config", coder.config.model_copy(update={"batch_size": 1}))
    articles = [Article(id=f"g{n}", text=seed_text, published="2022-10-04") for n in range(3)]
    assert len(list(coder.code_many(articles, processes=2))) == 3
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_one_batch_is_coded_in_this_process_and_more_on_workers(coder, monkeypatch):
    """Forking costs more than one batch saves; past one batch, the end comes in smaller lists."""
    coder.close()
    monkeypatch.setattr(coder, "config", coder.config.model_copy(update={"batch_size": 4}))
    articles = [Article(id=f"w{n}", text="China praised Brazil.", published="2022-10-04") for n in range(5)]
    assert [r.article.id for r in coder.code_many(articles[:4], processes=2)] == ["w0", "w1", "w2", "w3"]
    assert coder._pool is None
    assert [r.article.id for r in coder.code_many(articles, processes=2)] == [a.id for a in articles]
    assert coder._pool is not None
    coder.close()
