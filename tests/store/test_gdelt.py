"""The exports' shared rules: asserted events by default, one day per event in every format, GDELT's columns."""

import csv
import json

import pytest

from dyad.cli.main import main
from dyad.store import Ingester, Item, export, stats
from dyad.store.gdelt import GDELT_COLUMNS, fips
from tests.store.conftest import FakeCoder, article, event

STORIES = {  # id: (source, published, events)
    "y1": ("Wire", "2022-10-04", [event("y1", "RUS", "UKR", "193", "2022")]),  # a year only
    "m1": ("Wire", "2022-10-05", [event("m1", "USA", "CHN", "112", "2022-09")]),  # a month
    "u1": (None, "2022-10-06", [event("u1", "CHN", "USA", "111", None)]),  # undated, no publisher
    "h1": ("Wire", "2022-10-07", [event("h1", "RUS", "USA", "129", "2022-10-07", modality="hypothetical")]),
    "s1": (None, None, [event("s1", "UKR", "RUS", "111", None)]),  # no date at all: the day it was stored
}


@pytest.fixture()
def mixed(store):
    items = [Item(key, article=article(key, source, day)) for key, (source, day, _) in STORIES.items()]
    Ingester(store, FakeCoder({k: v[2] for k, v in STORIES.items()}), warn=lambda m: None).ingest(items)
    return store


def _url(store):
    return store.url.render_as_string(hide_password=False).replace("+psycopg", "")


def test_one_day_per_event_in_every_export_and_asserted_only_by_default(mixed, tmp_path):
    assert export(mixed, "gdelt", tmp_path / "e.tsv") == {"events": 4}
    assert export(mixed, "csv", tmp_path / "e.csv") == {"events": 4}
    assert export(mixed, "plover", tmp_path / "e.jsonl") == {"events": 4, "skipped_no_plover_type": 0}
    gdelt = [dict(zip(GDELT_COLUMNS, line.split("\t"))) for line in (tmp_path / "e.tsv").read_text().splitlines()]
    assert all(len(row) == 61 and row["SQLDATE"] for row in gdelt)
    assert all(int(row["NumSources"]) >= 1 and int(row["NumArticles"]) >= 1 for row in gdelt)
    rows = list(csv.DictReader((tmp_path / "e.csv").open(encoding="utf-8")))
    assert {r["article_id"] for r in rows} == {"y1", "m1", "u1", "s1"}  # not the hypothetical h1
    by_id = {r["id"]: r for r in rows}
    days = {r["article_id"]: (r["day"], r["day_basis"], r["date"]) for r in rows}
    assert days["y1"] == ("2022-01-01", "year", "2022")
    assert days["m1"] == ("2022-09-01", "month", "2022-09")
    assert days["u1"] == ("2022-10-06", "published", "")
    assert days["s1"][1:] == ("stored", "")
    for row in gdelt:
        day = by_id[row["GLOBALEVENTID"]]["day"]
        assert row["SQLDATE"] == day.replace("-", "") and row["MonthYear"] == day.replace("-", "")[:6]
    plover = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()]
    for record in plover:
        assert record["date"] == by_id[record["id"].removeprefix("dyad-")]["day"]
        assert record["modality"] == "asserted"
    assert {r["date_precision"] for r in plover} == {"year", "month", "published", "stored"}


def test_modality_all_brings_the_others_back(mixed, tmp_path, capsys):
    url = _url(mixed)
    assert main(["export", "--db", url, "--format", "gdelt", "-o", str(tmp_path / "all.tsv"), "--modality", "all"]) == 0
    assert len((tmp_path / "all.tsv").read_text().splitlines()) == 5
    assert main(["events", "--db", url]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 4
    assert main(["events", "--db", url, "--modality", "hypothetical"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert json.loads(line)["modality"] == "hypothetical"
    assert main(["stats", "--db", url, "--json"]) == 0
    counts = json.loads(capsys.readouterr().out)
    assert counts["events"] == 4 and counts["events_by_modality"] == {"asserted": 4, "hypothetical": 1}
    assert stats(mixed)["events"] == 5
    with pytest.raises(SystemExit) as exit:
        main(["events", "--db", url, "--modality", "maybe"])
    assert exit.value.code == 2
    assert "expected 'all' or some of asserted, negated" in capsys.readouterr().err


def test_fips_codes_come_from_the_gazetteer_data():
    assert (fips("UKR"), fips("RUS"), fips("DEU"), fips("USA"), fips("GBR")) == ("UP", "RS", "GM", "US", "UK")
    assert fips(None) is None and fips("EUR") is None
