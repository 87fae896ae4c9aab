"""Queries and exports over hand-built events (so they do not move with the dictionaries)."""

import csv
import datetime as dt
import json
import re

import pytest
from sqlalchemy import select

from dyad.cli.main import main
from dyad.records import Place
from dyad.store import EventQuery, Ingester, Item, export, find_events, record, stats
from dyad.store.export import GDELT_COLUMNS
from dyad.store.schema import TABLES, places
from tests.store.conftest import FakeCoder, article, event

STORIES = {  # article id: (publisher, published, url, [events])
    "n1": (
        "Reuters",
        "2022-10-04",
        "https://reuters.example/n1",
        [
            event("n1", "RUS", "USA", "129", "2022-10-03", sentence="Russia vetoed the US resolution."),
            event(
                "n1", "CHN", "USA", "111", "2022-10-04", index=1, sentence="China criticized Washington over sanctions."
            ),
        ],
    ),
    "n2": (
        "AP",
        "2022-10-04",
        "https://ap.example/n2",
        [event("n2", "RUS", "USA", "129", "2022-10-03", sentence="Moscow blocked the American resolution.")],
    ),
    "n3": (
        "AFP",
        "2022-11-20",
        "https://afp.example/n3",
        [
            event("n3", "USA", "CHN", "112", "2022-11-19", sentence="Washington accused Beijing of espionage."),
            event("n3", "RUSMIL", "UKR", "193", "2022-11-20", index=1, sentence="Russian troops shelled Kyiv."),
            event("n3", "IGOUNO", None, "010", "2022-11-20", index=2, sentence="The UN said it was alarmed."),
        ],
    ),
}


KYIV = Place(
    text="Kyiv",
    name="Kyiv",
    country="UKR",
    admin1="UA-30",
    kind="city",
    lat=50.45,
    lon=30.52,
    geonames_id=703448,
    char_span=(420, 424),
)
LONDON = Place(
    text="London",
    name="London",
    country="GBR",
    kind="city",
    lat=51.5,
    lon=-0.12,
    geonames_id=2643743,
    char_span=(10, 16),
)


class PlacedCoder(FakeCoder):
    """Hand-built events, with the shelling located in Kyiv and London named in story n1."""

    def code_many(self, articles):
        for result in super().code_many(articles):
            for i, coded in enumerate(result.events):
                if coded.cameo == "193":
                    result.events[i] = coded.model_copy(update={"location": KYIV})
            if result.article.id == "n1":
                result.places = [LONDON]
            yield result


@pytest.fixture()
def filled(store):
    items = [
        Item(location=key, article=article(key, pub, day, text=f"Story {key}.", url=url))
        for key, (pub, day, url, _) in STORIES.items()
    ]
    Ingester(store, PlacedCoder({k: v[3] for k, v in STORIES.items()}), warn=lambda m: None).ingest(items)
    return store


def codes(store, **query):
    return [(r.source_code, r.target_code, r.cameo) for r in find_events(store, EventQuery(**query))]


def test_filters(filled):
    assert codes(filled, source="RUS") == [("RUS", "USA", "129"), ("RUSMIL", "UKR", "193")]
    assert codes(filled, source="RUS", target="USA") == [("RUS", "USA", "129")]
    assert codes(filled, dyad=("CHN", "USA")) == [("CHN", "USA", "111"), ("USA", "CHN", "112")]
    assert codes(filled, cameo="1") == [
        ("RUS", "USA", "129"),
        ("CHN", "USA", "111"),
        ("USA", "CHN", "112"),
        ("RUSMIL", "UKR", "193"),
    ]
    assert codes(filled, cameo="11") == [("CHN", "USA", "111"), ("USA", "CHN", "112")]
    assert codes(filled, plover="accuse") == [("CHN", "USA", "111"), ("USA", "CHN", "112")]
    assert codes(filled, since=dt.date(2022, 11, 1)) == [
        ("USA", "CHN", "112"),
        ("RUSMIL", "UKR", "193"),
        ("IGOUNO", None, "010"),
    ]
    assert codes(filled, until=dt.date(2022, 10, 3)) == [("RUS", "USA", "129")]
    assert codes(filled, country="ukr") == [("RUSMIL", "UKR", "193")]
    assert codes(filled, country="GBR") == []  # a place of the article, not of an event
    assert codes(filled, text="resolution") == [("RUS", "USA", "129")]
    assert codes(filled, text="accuses beijing") == [("USA", "CHN", "112")]  # stemmed, all words
    assert codes(filled, text='"unbalanced quote') == []
    assert len(codes(filled, limit=2)) == 2


def test_record_has_counts_and_evidence(filled):
    [veto] = [record(r) for r in find_events(filled, EventQuery(cameo="129"))]
    assert (veto["mentions"], veto["sources"], veto["articles"]) == (2, 2, 2)
    assert veto["evidence"]["sentence"] == "Russia vetoed the US resolution."
    assert veto["evidence"]["url"] == "https://reuters.example/n1"
    assert veto["source"] == {"code": "RUS", "text": "Moscow", "country": "RUS", "sector": None, "name": "Russia"}


def test_events_and_stats_commands(filled, capsys):
    url = filled.url.render_as_string(hide_password=False).replace("+psycopg", "")
    assert main(["events", "--db", url, "--dyad", "USA,CHN", "--format", "csv"]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert [(r["source_code"], r["target_code"], r["mentions"]) for r in rows] == [
        ("CHN", "USA", "1"),
        ("USA", "CHN", "1"),
    ]
    assert main(["events", "--db", url, "--cameo", "129"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert json.loads(line)["mentions"] == 2
    assert main(["stats", "--db", url, "--json"]) == 0
    counts = json.loads(capsys.readouterr().out)
    assert {k: counts[k] for k in ("articles", "events", "mentions", "quarantined", "places", "sources")} == {
        "articles": 3,
        "events": 5,
        "mentions": 6,
        "quarantined": 0,
        "places": 2,
        "sources": 3,
    }
    assert (counts["first_date"], counts["last_date"]) == ("2022-10-03", "2022-11-20")


def test_stats_counts_sources_as_the_events_do(store):
    """Regression: an article with no known publisher is one source in stats too (stats said 0)."""
    stories = {  # article id: (source, url); one veto reported by each
        "a1": (None, None),
        "a2": (None, None),
        "a3": (None, "https://www.reuters.example/a3"),  # publisher: the URL's host
        "a4": ("reuters.example", None),  # the same publisher, named
    }
    items = [
        Item(location=key, article=article(key, source, "2022-10-04", text=f"Story {key}.", url=url))
        for key, (source, url) in stories.items()
    ]
    coder = FakeCoder({key: [event(key, "RUS", "USA", "129", "2022-10-03")] for key in stories})
    Ingester(store, coder, warn=lambda m: None).ingest(items)
    [veto] = [record(r) for r in find_events(store, EventQuery())]
    assert (veto["mentions"], veto["articles"], veto["sources"]) == (4, 4, 3)
    counts = stats(store)
    assert (counts["articles"], counts["events"], counts["mentions"], counts["sources"]) == (4, 1, 4, 3)


def test_export_csv_and_gdelt(filled, tmp_path):
    assert export(filled, "csv", tmp_path / "e.csv") == {"events": 5}
    rows = list(csv.DictReader((tmp_path / "e.csv").open(encoding="utf-8")))
    assert [r["cameo"] for r in rows] == ["129", "111", "112", "193", "010"]
    export(filled, "gdelt", tmp_path / "e.tsv")
    lines = [line.split("\t") for line in (tmp_path / "e.tsv").read_text(encoding="utf-8").splitlines()]
    assert len(GDELT_COLUMNS) == 61 and all(len(line) == 61 for line in lines)
    veto = dict(zip(GDELT_COLUMNS, lines[0]))
    assert (veto["SQLDATE"], veto["MonthYear"], veto["Year"]) == ("20221003", "202210", "2022")
    assert (veto["Actor1Code"], veto["Actor1CountryCode"], veto["Actor2Code"]) == ("RUS", "RUS", "USA")
    assert (veto["EventCode"], veto["EventBaseCode"], veto["EventRootCode"]) == ("129", "129", "12")
    assert (veto["QuadClass"], veto["GoldsteinScale"]) == ("3", "-5.0")
    assert (veto["NumMentions"], veto["NumSources"], veto["NumArticles"]) == ("2", "2", "2")
    assert veto["IsRootEvent"] == "1" and veto["SOURCEURL"] == "https://reuters.example/n1"
    shelling = dict(zip(GDELT_COLUMNS, lines[3]))
    assert (shelling["Actor1Type1Code"], shelling["ActionGeo_CountryCode"], shelling["ActionGeo_Lat"]) == (
        "MIL",
        "UP",  # FIPS 10-4, as GDELT
        "50.45",
    )
    assert (shelling["ActionGeo_FullName"], shelling["ActionGeo_ADM1Code"], shelling["ActionGeo_FeatureID"]) == (
        "Kyiv",
        "UP12",  # FIPS country + GeoNames (FIPS) region code, as GDELT
        "703448",
    )
    assert (shelling["Actor1Geo_Type"], shelling["Actor1Geo_CountryCode"], shelling["Actor1Geo_FullName"]) == (
        "1",
        "RS",
        "Russia",
    )
    assert (shelling["Actor2Geo_CountryCode"], shelling["Actor2Geo_ADM1Code"]) == ("UP", "UP")
    assert shelling["ActionGeo_Type"] == "4"


def test_export_plover(filled, tmp_path):
    assert export(filled, "plover", tmp_path / "p.jsonl") == {"events": 4, "skipped_no_plover_type": 1}
    records = [json.loads(line) for line in (tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()]
    veto = records[0]
    assert (veto["date"], veto["event"], veto["mode"]) == ("2022-10-03", ["REJECT"], ["yield"])
    assert veto["actor"] == [
        {"code": "RUS", "identifier_id": "RUS", "identifier_text": "Russia", "entity_text": "Moscow"}
    ]
    assert (veto["modality"], veto["date_precision"]) == ("asserted", "day")
    assert veto["recipient"][0]["code"] == "USA" and veto["event_loc"] is None
    assert veto["event_text"] == ["Russia vetoed the US resolution.", "Moscow blocked the American resolution."]
    shelling = records[3]
    assert shelling["actor"] == [
        {
            "code": "RUS",
            "sector": "MIL",
            "identifier_id": "RUSMIL",
            "identifier_text": "Russian military",
            "entity_text": "Russian troops",
        }
    ]
    assert shelling["event_loc"] == {
        "resolved_place": "Kyiv",
        "country_code": "UKR",
        "province": "UA-30",
        "lat": 50.45,
        "lon": 30.52,
        "geonameid": "703448",
    }


def test_export_parquet_one_file_per_table(filled, tmp_path):
    import pyarrow.parquet as pq

    counts = export(filled, "parquet", tmp_path / "pq")
    assert set(counts) == {t.name for t in TABLES}
    for table in TABLES:
        data = pq.read_table(tmp_path / "pq" / f"{table.name}.parquet")
        assert data.num_rows == counts[table.name] == stats(filled).get(table.name, data.num_rows)
        assert data.column_names == [c.name for c in table.columns]
    assert pq.read_table(tmp_path / "pq" / "events.parquet").column("date_lo").to_pylist()[0] == dt.date(2022, 10, 3)


def test_places_of_articles_and_of_events(filled):
    with filled.read() as conn:
        rows = conn.execute(
            select(places.c.name, places.c.country, places.c.mention.is_not(None), places.c.char_start).order_by(
                places.c.id
            )
        ).all()
    assert [tuple(r) for r in rows] == [("London", "GBR", False, 10), ("Kyiv", "UKR", True, 420)]


@pytest.mark.parametrize(
    "query, says",
    [
        (dict(limit=-1), "limit must be a whole number of 1 or more, not -1"),
        (dict(limit=0), "limit must be a whole number of 1 or more, not 0"),
        (dict(cameo="abc"), "cameo 'abc': expected a CAMEO code prefix of 1 to 4 digits"),
        (dict(cameo="12345"), "cameo '12345': expected a CAMEO code prefix of 1 to 4 digits"),
        (dict(since=dt.date(2022, 2, 1), until=dt.date(2022, 1, 1)), "since 2022-02-01 is after until 2022-01-01"),
        (dict(source=""), "source: an actor code cannot be empty"),
        (dict(dyad=("USA", " ")), "dyad: an actor code cannot be empty"),
        (dict(modality=("maybe",)), "modality ('maybe',): expected some of asserted"),
    ],
)
def test_a_query_that_cannot_mean_anything_is_refused(query, says):
    from dyad.errors import InputError
    from dyad.store.query import QueryError

    with pytest.raises(QueryError, match=re.escape(says)) as refused:
        EventQuery(**query)
    assert isinstance(refused.value, InputError)
    assert refused.value.field == says.split()[0].rstrip(":")  # the message starts with the filter's name
