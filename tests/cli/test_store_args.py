"""`dyad events`, `dyad export`, `dyad serve`: bad arguments are refused on one line, before any work."""

from __future__ import annotations

import argparse

import pytest

from dyad.cli.main import main
from dyad.cli.serve import _token
from dyad.errors import InputError


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--limit", "ten", "argument --limit: invalid int value: 'ten'"),
        ("--country", "Ukraine", "argument --country: expected an ISO 3166 alpha-3 country code, e.g. UKR"),
        ("--dyad", "RUS,U K", "argument --dyad: expected an actor code such as USA or RUSGOV, got 'U K'"),
    ],
)
def test_bad_event_filters_are_usage_errors(capsys, tmp_path, option, value, message):
    with pytest.raises(SystemExit) as exit_:
        main(["events", "--db", str(tmp_path / "none.db"), option, value])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.startswith(f"dyad events: {message}")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--since", "2023-01-01", "--until", "2022-01-01"],
            "since 2023-01-01 is after until 2022-01-01: no event can match",
        ),
        (["--cameo", "abc"], "cameo 'abc': expected a CAMEO code prefix of 1 to 4 digits, e.g. 19"),
        (["--cameo", "19111"], "cameo '19111': expected a CAMEO code prefix of 1 to 4 digits, e.g. 19"),
        (["--limit", "-1"], "limit must be a whole number of 1 or more, not -1"),
        (["--limit", "0"], "limit must be a whole number of 1 or more, not 0"),
    ],
)
def test_filters_that_cannot_mean_anything_are_refused_by_the_query(capsys, tmp_path, options, message):
    """EventQuery's one check: one line, status 2, before the store is opened."""
    assert main(["events", "--db", str(tmp_path / "none.db"), *options]) == 2
    assert capsys.readouterr().err == f"dyad: {message}\n"
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize("fmt", ["csv", "gdelt", "plover"])
def test_a_file_format_into_a_folder_is_refused(capsys, tmp_path, fmt):
    folder = tmp_path / "tables"
    assert main(["export", "--db", str(tmp_path / "none.db"), "--format", fmt, "-o", f"{folder}/"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"dyad: {folder}/: is a folder; --format {fmt} writes one file (give a file name, e.g. ")
    assert not folder.exists()


def test_parquet_onto_a_file_is_refused(capsys, tmp_path):
    existing = tmp_path / "tables"
    existing.write_text("mine", encoding="utf-8")
    assert main(["export", "--db", str(tmp_path / "none.db"), "--format", "parquet", "-o", str(existing)]) == 2
    assert "is a file; --format parquet writes a folder" in capsys.readouterr().err
    assert existing.read_text(encoding="utf-8") == "mine"


def _serve_args(**values):
    return argparse.Namespace(**{"token": None, "token_file": None, **values})


def test_token_comes_from_a_file_before_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DYAD_TOKEN", "from-env")
    secret = tmp_path / "token"
    secret.write_text("s3cret\n", encoding="utf-8")
    assert _token(_serve_args(token_file=str(secret))) == "s3cret"
    assert _token(_serve_args()) == "from-env"
    monkeypatch.delenv("DYAD_TOKEN")
    assert _token(_serve_args()) is None


@pytest.mark.parametrize(("content", "problem"), [(None, "cannot read the token"), ("  \n", "the token file is empty")])
def test_a_bad_token_file_is_an_input_error(tmp_path, content, problem):
    secret = tmp_path / "token"
    if content is not None:
        secret.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=problem):
        _token(_serve_args(token_file=str(secret)))
