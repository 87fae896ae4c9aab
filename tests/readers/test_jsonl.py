"""JSON Lines input: metadata, per-line errors that never stop the file, streaming."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from dyad.readers import ReadError, article_id, parse_date, read_jsonl, read_path
from dyad.records import Article

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ARTICLES = FIXTURES / "articles.jsonl"


def spans(article: Article) -> list[str]:
    return [article.text[start:end] for start, end in article.skip_spans]


def write_lines(path: Path, *records: object) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_fixture_good_and_bad_lines() -> None:
    results = list(read_path(ARTICLES))
    where = str(ARTICLES)
    summary = [(r.input, r.severity, r.problem) if isinstance(r, ReadError) else r.id for r in results]
    assert summary == [
        "101",
        "reuters-opec-20221005",
        (f"{where}:4", "error", "not a JSON object (got an array)"),
        (f"{where}:5", "error", "malformed JSON: Unterminated string starting at (column 21)"),
        (f"{where}:6", "error", "missing 'text'"),
        (
            f"{where}:7",
            "error",
            "bad 'published' date \"06/10/2022\" (expected YYYY-MM-DD, YYYYMMDD or an ISO datetime)",
        ),
        "f7d465de41ce2ef9",
        (f"{where}:9", "error", "empty 'text'"),
        (f"{where}:10", "warning", "duplicate id '101' (first on line 1)"),
        "101",
    ]

    aa = results[0]
    assert isinstance(aa, Article)
    assert aa.title == "Erdogan, Putin discuss grain deal and prisoner swap by phone"
    assert aa.text.startswith("Erdogan, Putin discuss grain deal and prisoner swap by phone\nISTANBUL\n")
    assert aa.subtitle is None
    assert aa.published == dt.date(2022, 10, 4)
    assert aa.url == "https://www.aa.com.tr/en/europe/erdogan-putin-discuss-grain-deal/2703012"
    assert (aa.source, aa.language, aa.dateline, aa.byline) == (
        "Anadolu Agency",
        "en",
        "ISTANBUL",
        "Burak Bir",
    )
    assert spans(aa) == ["ISTANBUL", "*Writing by Burak Bir"]

    reuters = results[1]
    assert isinstance(reuters, Article)
    assert reuters.title == "OPEC+ agrees deep oil output cuts"
    assert reuters.text.startswith("VIENNA, Oct 5 (Reuters) - OPEC+ agreed")  # title not prepended
    assert reuters.published == dt.date(2022, 10, 5)
    assert (reuters.source, reuters.dateline) == ("Reuters", "VIENNA")
    assert reuters.byline == "Alex Lawler, Ahmad Ghaddar and Rowena Edwards; Jason Neely"
    assert spans(reuters) == [
        "VIENNA, Oct 5 (Reuters) -",
        "(Reporting by Alex Lawler, Ahmad Ghaddar and Rowena Edwards; Editing by Jason Neely)",
    ]

    ap = results[6]
    assert isinstance(ap, Article)
    assert ap.id == article_id(ap.text, ap.title)
    assert ap.title is None
    assert ap.published == dt.date(2022, 10, 6)  # the local date of 21:15 -04:00
    assert (ap.dateline, ap.byline) == ("UNITED NATIONS", "AP")
    assert spans(ap) == ["UNITED NATIONS (AP) —", "— AP"]

    assert results[-1].published is None  # type: ignore[union-attr]


def test_default_published_date_fills_gaps() -> None:
    results = [r for r in read_path(ARTICLES, published=dt.date(2022, 10, 9)) if isinstance(r, Article)]
    assert [a.published for a in results] == [
        dt.date(2022, 10, 4),
        dt.date(2022, 10, 5),
        dt.date(2022, 10, 6),
        dt.date(2022, 10, 9),
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-10-04", dt.date(2022, 10, 4)),
        ("20221004", dt.date(2022, 10, 4)),
        (20221004, dt.date(2022, 10, 4)),
        ("2022-10-04T08:15:00Z", dt.date(2022, 10, 4)),
        ("2022-10-04T23:30:00+03:00", dt.date(2022, 10, 4)),
        ("2022-10-04 08:15:00", dt.date(2022, 10, 4)),
        (" 2022-10-04 ", dt.date(2022, 10, 4)),
    ],
)
def test_parse_date(value: object, expected: dt.date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["2022-13-01", "04/10/2022", "Oct 4, 2022", " ", True, 3.5, "2022-10"])
def test_bad_dates(tmp_path: Path, value: object) -> None:
    path = write_lines(tmp_path / "a.jsonl", {"id": 1, "text": "Body.", "published": value})
    [error] = list(read_path(path))
    assert isinstance(error, ReadError)
    assert error.problem == (
        f"bad 'published' date {json.dumps(value)} (expected YYYY-MM-DD, YYYYMMDD or an ISO datetime)"
    )


def test_title_equal_to_first_line_is_the_headline(tmp_path: Path) -> None:
    text = (
        "Kremlin says annexed regions' borders still to be defined\n"
        "Peskov says Moscow will consult residents of Zaporizhzhia and Kherson\n"
        "MOSCOW (AA) - The borders of two Ukrainian regions annexed by Russia are still to be defined, "
        "the Kremlin said."
    )
    path = write_lines(
        tmp_path / "a.jsonl",
        {"id": "k1", "title": "Kremlin says annexed regions' borders still to be defined", "text": text},
    )
    [article] = list(read_path(path))
    assert isinstance(article, Article)
    assert article.text == text
    assert article.subtitle == "Peskov says Moscow will consult residents of Zaporizhzhia and Kherson"
    assert article.dateline == "MOSCOW"
    assert spans(article) == ["MOSCOW (AA) -"]


def test_no_title_detects_headline_from_text(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "a.jsonl", {"text": "Putin signs annexation laws\nMOSCOW (Reuters) - Putin signed."})
    [article] = list(read_path(path))
    assert isinstance(article, Article)
    assert (article.title, article.dateline) == ("Putin signs annexation laws", "MOSCOW")


def test_field_types_and_ids(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "a.jsonl",
        {"id": 7, "text": "Body.", "language": "tr"},
        {"id": "", "text": "Body two."},
        {"id": {"x": 1}, "text": "Body."},
        {"id": 9, "text": ["not", "a", "string"]},
        {"id": 10, "text": "Body.", "title": 12},
        {"id": 11, "text": None},
        "just a string",
        None,
        {"id": 12.5, "text": "Body.", "unknown": {"nested": True}},
    )
    summary = [r.problem if isinstance(r, ReadError) else (r.id, r.language) for r in read_path(path)]
    assert summary == [
        ("7", "tr"),
        (article_id("Body two."), "en"),
        "'id' must be a string or a number",
        "'text' must be a string",
        "'title' must be a string",
        "missing 'text'",
        "not a JSON object (got a string)",
        "not a JSON object (got null)",
        ("12.5", "en"),
    ]


def test_crlf_bom_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(
        b'\xef\xbb\xbf{"id": 1, "text": "ANKARA (AA) - One.\\r\\nTwo."}\r\n\r\n{"id": 2, "text": "Three."}\r\n'
    )
    results = list(read_path(path))
    assert [(r.id, r.text, r.dateline) for r in results] == [  # type: ignore[union-attr]
        ("1", "ANKARA (AA) - One.\nTwo.", "ANKARA"),
        ("2", "Three.", None),
    ]


def test_latin1_line_is_coded_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(
        b'{"id": 1, "text": "Good line."}\n'
        + '{"id": 2, "text": "PARIS (AFP) - Le président a reçu son homologue."}\n'.encode("latin-1")
    )
    good, warning, latin = list(read_path(path))
    assert isinstance(good, Article) and isinstance(latin, Article)
    assert warning == ReadError(
        input=f"{path}:2",
        problem="not valid UTF-8 (looks like Latin-1; decoded as cp1252)",
        severity="warning",
    )
    assert latin.text == "PARIS (AFP) - Le président a reçu son homologue."


def test_oversized_line_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    big = json.dumps({"id": "big", "text": "Russia said. " * 100})  # 1,325 bytes
    path.write_text(f'{{"id": "a", "text": "First."}}\n{big}\n{{"id": "b", "text": "Last."}}\n', encoding="utf-8")
    results = list(read_path(path, max_mb=0.0005))
    assert [r.id if isinstance(r, Article) else r.problem for r in results] == [
        "a",
        "too large (0.00133 MB > limit 0.0005 MB)",
        "b",
    ]
    assert results[1].input == f"{path}:2"  # type: ignore[union-attr]


def test_oversized_last_line_without_newline(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": "a", "text": "First."}\n' + "x" * 3000, encoding="utf-8")
    results = list(read_path(path, max_mb=0.001))
    assert [r.id if isinstance(r, Article) else r.problem for r in results] == [
        "a",
        "too large (0.003 MB > limit 0.001 MB)",
    ]


class LinesOnly:
    """A stream that only offers readline(size): proves the reader never reads a file whole."""

    def __init__(self, data: bytes) -> None:
        self.lines = data.splitlines(keepends=True)
        self.sizes: list[int] = []

    def readline(self, size: int = -1) -> bytes:
        self.sizes.append(size)
        if not self.lines:
            return b""
        line = self.lines[0] if size < 0 else self.lines[0][:size]
        self.lines[0] = self.lines[0][len(line) :]
        if not self.lines[0]:
            self.lines.pop(0)
        return line


def test_streams_line_by_line_with_bounded_reads() -> None:
    stream = LinesOnly(ARTICLES.read_bytes())
    results = list(read_jsonl(stream, "feed"))
    assert len(results) == 10
    assert all(0 < size <= 20_000_002 for size in stream.sizes)
    assert (results[0].location, results[2].location) == ("feed#101", "feed:4")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty file"),
        (b"\n\n   \n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (not text)"),
    ],
)
def test_bad_jsonl_files(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "bad.ndjson"
    path.write_bytes(content)
    assert list(read_path(path)) == [ReadError(input=str(path), problem=problem)]


def test_missing_jsonl_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.jsonl"
    assert list(read_path(path)) == [ReadError(input=str(path), problem="no such file")]


def test_empty_published_means_unknown(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "a.jsonl", {"id": 1, "text": "Body.", "published": ""})
    [article] = list(read_path(path, published=dt.date(2022, 10, 4)))
    assert isinstance(article, Article) and article.published == dt.date(2022, 10, 4)
