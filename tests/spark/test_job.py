"""The Spark job against `dyad code`, and its handling of bad input, re-runs and failed runs."""

from __future__ import annotations

import gzip
import io as stdio
import json
import os
from pathlib import Path

import pytest

from dyad.cli.main import main as dyad
from dyad.records import Event
from tests.conftest import FIXTURES
from tests.spark.conftest import make_articles, write_jsonl

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def run_job(spark, inputs, output, **options):
    from dyad.spark.job import JobOptions, run

    return run(spark, JobOptions(inputs=[str(p) for p in inputs], output=str(output), **options))


def table(spark, output, name) -> list[dict]:
    from dyad.spark.io import from_row, read_table

    return [from_row(row) for row in read_table(spark, str(output), name).collect()]


def snapshot(spark, output) -> dict[str, list[str]]:
    """Every table's rows, as sorted JSON (input locations made relative)."""
    return {
        name: sorted(json.dumps(row, sort_keys=True, default=str) for row in table(spark, output, name))
        for name in ("events", "quotes", "articles", "quarantine")
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("corpus") / "news.jsonl", make_articles(200))


@pytest.fixture(scope="module")
def coded(spark, corpus, tmp_path_factory):
    output = tmp_path_factory.mktemp("out") / "tables"
    summary = run_job(spark, [corpus], output, partitions=4)
    return output, summary


def test_events_equal_dyad_code_record_for_record(spark, corpus, coded, tmp_path, capsys):
    output, summary = coded
    expected_file = tmp_path / "events.jsonl"
    assert dyad(["code", str(corpus), "--no-progress", "-o", str(expected_file)]) == 0
    capsys.readouterr()
    expected = {}
    for line in expected_file.read_text(encoding="utf-8").splitlines():
        event = Event.model_validate_json(line)
        expected[event.event_id] = event.model_dump()
    rows = table(spark, output, "events")
    got = {}
    for row in rows:
        row.pop("published")
        event = Event(**row)
        got[event.event_id] = event.model_dump()
    assert len(rows) == len(got) == summary.events  # no event twice
    assert len(expected) > 200  # the corpus is not trivial
    assert got.keys() == expected.keys()
    for event_id, record in expected.items():
        assert got[event_id] == record, event_id


def test_tables_are_partitioned_by_publication_date(spark, corpus, coded):
    output, summary = coded
    assert summary.articles == 200 and summary.quarantined == 0
    days = {p.name for p in (output / "events").iterdir() if p.is_dir()}
    assert "published=2022-10-04" in days and "published=__HIVE_DEFAULT_PARTITION__" in days
    articles = table(spark, output, "articles")
    assert len(articles) == 200
    undated = {a["article_id"] for a in articles if a["published"] is None}
    assert undated == {f"gen-{n:04d}" for n in range(9, 200, 10)}
    first = next(a for a in articles if a["article_id"] == "gen-0000")
    assert first["input"].endswith("news.jsonl#gen-0000") and first["url"] == "https://news.example/0"
    events = table(spark, output, "events")
    assert sum(a["event_count"] for a in articles) == len(events)
    assert {e["published"] for e in events if e["article_id"] == "gen-0000"} == {first["published"]}
    quotes = table(spark, output, "quotes")
    assert len(quotes) == summary.quotes == sum(a["quote_count"] for a in articles) > 0
    assert not any(p.name.startswith("_dyad_tmp-") for p in output.iterdir())


def test_one_coder_per_executor_process(spark, coded):
    from dyad.spark import job

    seen = spark.sparkContext.parallelize(range(8), 8).map(lambda _: (os.getpid(), job.CODERS_CREATED)).collect()
    assert all(count <= 1 for _, count in seen)  # built once, then reused across partitions
    assert any(count == 1 for _, count in seen)


def _warc(path: Path) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        page = (FIXTURES / "news_page.html").read_bytes()
        for uri, status, kind, body in [
            ("https://news.example/page", "200 OK", "text/html; charset=utf-8", page),
            ("https://news.example/missing", "404 Not Found", "text/html", b"<html>gone</html>"),
            ("https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n"),
            ("https://news.example/empty", "200 OK", "text/html", b"<html><body></body></html>"),
        ]:
            headers = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri,
                "response",
                payload=stdio.BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": "2022-10-07T10:00:00Z"},
            )
            writer.write_record(record)
    return path


@pytest.fixture(scope="module")
def messy(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("messy")
    good = make_articles(6, seed=7)
    lines = [json.dumps(r).encode() for r in good[:3]]
    lines += [
        json.dumps({"id": "empty", "text": "  "}).encode(),  # an empty text
        b'["not", "an", "object"]',  # not an object
        b"\x89PNG\x1a\x00\x00\x00IHDR\xff\xfe\x00garbage",  # binary garbage (no CR:
        # Hadoop's line reader also ends a line at a lone CR, splitting such garbage in several)
        b'{"id": "cut", "text": "trunc',
    ]  # malformed JSON
    lines += [json.dumps(r).encode() for r in good[3:]]
    (folder / "news.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    _warc(folder / "crawl.warc.gz")
    (folder / "broken.warc.gz").write_bytes(gzip.compress(b"WARC/1.0\r\nnot really a warc") + b"\x00junk")
    (folder / "notes.md").write_text("not an input", encoding="utf-8")  # not an input kind: skipped
    (folder / "story.txt").write_text(  # read whole by the text reader, as dyad code reads it
        "Russia vetoes resolution\nRussia vetoed a US resolution on Monday.\n", encoding="utf-8"
    )
    return folder


@pytest.fixture(scope="module")
def messy_coded(spark, messy, tmp_path_factory):
    output = tmp_path_factory.mktemp("messy-out") / "tables"
    return output, run_job(spark, [messy], output, partitions=3)


def test_bad_inputs_are_quarantined_and_never_fail_the_job(spark, messy_coded):
    output, summary = messy_coded
    quarantine = table(spark, output, "quarantine")
    reasons = {(Path(q["input"].split("#")[0].split("@")[0]).name, q["reason"].split(" (")[0]) for q in quarantine}
    assert ("news.jsonl", "empty 'text'") in reasons
    assert ("news.jsonl", "not a JSON object") in reasons
    assert sum(1 for name, why in reasons if name == "news.jsonl" and why.startswith("malformed JSON")) == 2
    assert ("crawl.warc.gz", "no article text found in HTML") in reasons
    assert any(name == "broken.warc.gz" and why.startswith("bad WARC file") for name, why in reasons)
    assert len(quarantine) == summary.quarantined == 6
    assert all(q["stage"] == "read" for q in quarantine)
    articles = table(spark, output, "articles")
    assert summary.articles == len(articles) == 8  # 6 JSON Lines articles, 1 WARC page, 1 text file
    assert any(a["input"].endswith("/story.txt") and a["title"] == "Russia vetoes resolution" for a in articles)
    page = next(a for a in articles if a["url"] == "https://news.example/page")
    assert page["input"].endswith("crawl.warc.gz#https://news.example/page")


def test_rerun_and_failed_run_give_the_same_output(spark, messy, messy_coded):
    from dyad.spark.io import JobError

    output, _ = messy_coded
    first = snapshot(spark, output)
    run_job(spark, [messy], output, partitions=2)  # a re-run, partitioned otherwise: the same rows
    assert snapshot(spark, output) == first
    # a run that died mid-write leaves a temporary folder with partial tables behind
    dead = output / "_dyad_tmp-deadbeef" / "new" / "events" / "published=2022-10-04"
    dead.mkdir(parents=True)
    (dead / "part-00000.snappy.parquet").write_bytes(b"PAR1 half-written")
    summary = run_job(spark, [messy], output, partitions=3)
    assert summary.stale_removed == 1
    assert snapshot(spark, output) == first
    assert sorted(p.name for p in output.iterdir()) == ["articles", "events", "quarantine", "quotes"]
    with pytest.raises(JobError):  # a run that fails keeps the previous output
        run_job(spark, [messy / "nothing-here"], output)
    assert snapshot(spark, output) == first


def test_db_load_dedups_like_ingest_and_adds_nothing_on_rerun(spark, messy, tmp_path):
    from sqlalchemy import func, select

    from dyad.store import open_store
    from dyad.store.schema import articles, events, mentions, quarantine

    def counts(url):
        with open_store(url) as store, store.read() as conn:
            return {
                t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in (articles, events, mentions, quarantine)
            }

    db = f"sqlite:///{tmp_path / 'spark.db'}"
    first = run_job(spark, [messy], tmp_path / "out", partitions=2, db=db)
    assert first.db["new"] == 8 and first.db["quarantined"] == 6
    stored = counts(db)
    assert stored["articles"] == 8 and stored["mentions"] == first.events and stored["quarantine"] == 6
    again = run_job(spark, [messy], tmp_path / "out", partitions=3, db=db)
    assert again.db["new"] == 0 and again.db["skipped"] == 8
    assert counts(db) == stored  # idempotent: a re-run adds nothing
    ingested = f"sqlite:///{tmp_path / 'ingest.db'}"
    assert dyad(["ingest", str(messy), "--db", ingested, "--no-progress"]) == 1  # some quarantined
    assert counts(ingested) == stored  # the same rows as `dyad ingest` of the same files


def test_cli_runs_the_job(spark, messy, tmp_path, capsys):
    output = tmp_path / "cli-out"
    status = dyad(["spark", str(messy / "news.jsonl"), str(output), "--partitions", "2", "--master", "local[2]"])
    err = capsys.readouterr().err
    assert status == 0, err
    assert "6 article(s) coded" in err and "4 input(s) quarantined" in err
    assert len(table(spark, output, "articles")) == 6
    assert dyad(["spark", str(tmp_path / "missing"), str(output)]) == 2
