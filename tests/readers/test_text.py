"""Plain-text input: wire-story layout, decoding, and bad input through read_path."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import sys
from pathlib import Path

import pytest

from dyad.readers import ReadError, article_id, parse_text, read_path, read_stream
from dyad.records import Article

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED = FIXTURES / "seed_article.txt"
REUTERS = FIXTURES / "reuters_story.txt"
KINDS = ".txt, .jsonl, .ndjson, .html, .htm, .rss, .atom, .xml, .warc, .warc.gz"


def spans(article: Article) -> list[str]:
    return [article.text[start:end] for start, end in article.skip_spans]


def only(results: list[Article | ReadError]) -> Article:
    assert len(results) == 1 and isinstance(results[0], Article), results
    return results[0]


# ---------------------------------------------------------------- layout of real stories


def test_seed_article_layout() -> None:
    article = only(list(read_path(SEED, published=dt.date(2022, 10, 4))))
    assert article.id == article_id(article.text, article.title)  # the content's id, as from any other input
    assert article.text == SEED.read_text(encoding="utf-8")
    assert article.title == "North Korea supports Russia's decision to annex 4 Ukrainian regions"
    assert article.subtitle == (
        "Pyongyang also slams US for interfering in internal affairs of independent countries, "
        "abusing UN Security Council"
    )
    assert article.dateline == "ANKARA"
    assert article.byline == "Islamuddin Sajid"
    assert spans(article) == ["ANKARA", "*Writing by Islamuddin Sajid"]
    assert article.skip_spans[0] == (182, 188)
    assert article.published == dt.date(2022, 10, 4)
    assert article.language == "en"


def test_reuters_story_layout() -> None:
    article = only(list(read_path(REUTERS)))
    assert article.title == "Russia says it will not recognise Ukraine's bid to join NATO"
    assert article.subtitle is None
    assert article.dateline == "MOSCOW"
    assert article.byline == "Guy Faulconbridge; Max Hunder; Andrew Osborn"
    assert spans(article) == [
        "MOSCOW, Oct 4 (Reuters) -",
        "Reporting by Guy Faulconbridge in Moscow; Additional reporting by Max Hunder in Kyiv; "
        "Editing by Andrew Osborn",
    ]
    assert article.published is None


@pytest.mark.parametrize(
    ("first_body_line", "dateline", "span"),
    [
        ("ANKARA (AA) - Turkey's foreign minister met his Iranian counterpart.", "ANKARA", "ANKARA (AA) -"),
        (
            "WASHINGTON (Reuters) — The U.S. imposed new sanctions on Iran.",
            "WASHINGTON",
            "WASHINGTON (Reuters) —",
        ),
        ("MOSCOW, Oct 4 (Reuters) - The Kremlin said talks were off.", "MOSCOW", "MOSCOW, Oct 4 (Reuters) -"),
        ("KYIV, Ukraine — Russian missiles struck the capital on Monday.", "KYIV", "KYIV, Ukraine —"),
        ("BEIJING: China urged restraint on the Korean peninsula.", "BEIJING", "BEIJING:"),
        ("NEW YORK (AP) — The Security Council met on Friday.", "NEW YORK", "NEW YORK (AP) —"),
        (
            "ST. PETERSBURG, Russia, Oct. 7, 2022 (AP) -- Putin turned 70.",
            "ST. PETERSBURG",
            "ST. PETERSBURG, Russia, Oct. 7, 2022 (AP) --",
        ),
        ("Kabul (AA) - The Taliban administration said it wanted ties with all.", "Kabul", "Kabul (AA) -"),
    ],
)
def test_inline_datelines(first_body_line: str, dateline: str, span: str) -> None:
    text = f"Headline about the news\n{first_body_line}\nA second paragraph follows."
    article = parse_text(text, "a1")
    assert article.title == "Headline about the news"
    assert article.dateline == dateline
    assert spans(article) == [span]


@pytest.mark.parametrize(
    "first_body_line",
    [
        "NATO - the alliance said it would not be drawn into the war.",
        "North Korea - which tested a missile on Tuesday - said it would respond.",
        "UN: Russia must withdraw its troops, the assembly said.",
    ],
)
def test_sentences_are_not_datelines(first_body_line: str) -> None:
    article = parse_text(f"Headline about the news\n{first_body_line}\nMore text.", "a1")
    assert article.dateline is None
    assert article.skip_spans == []


def test_dateline_line_with_agency_and_opening_byline() -> None:
    text = (
        "Pakistan, Afghanistan agree to reopen Torkham border crossing\n"
        "By Aamir Latif\n"
        "ISLAMABAD (AA)\n"
        "Pakistan and Afghanistan agreed on Sunday to reopen the Torkham border crossing.\n"
        "Trade had been suspended for a week.\n"
    )
    article = parse_text(text, "a2")
    assert article.title == "Pakistan, Afghanistan agree to reopen Torkham border crossing"
    assert article.subtitle is None
    assert article.dateline == "ISLAMABAD"
    assert article.byline == "Aamir Latif"
    assert spans(article) == ["By Aamir Latif", "ISLAMABAD (AA)"]


@pytest.mark.parametrize(
    ("last_line", "byline", "span"),
    [
        (
            "Writing by Mark Trevelyan; Editing by Gareth Jones",
            "Mark Trevelyan; Gareth Jones",
            "Writing by Mark Trevelyan; Editing by Gareth Jones",
        ),
        (
            "(Reporting by Humeyra Pamuk; editing by Grant McCool)",
            "Humeyra Pamuk; Grant McCool",
            "(Reporting by Humeyra Pamuk; editing by Grant McCool)",
        ),
        (
            "The talks ended without agreement. (Reporting by Jonathan Landay)",
            "Jonathan Landay",
            "(Reporting by Jonathan Landay)",
        ),
        ("— AP", "AP", "— AP"),
    ],
)
def test_closing_bylines(last_line: str, byline: str, span: str) -> None:
    text = f"Headline about the news\nMOSCOW (Reuters) - The Kremlin said things.\n{last_line}"
    article = parse_text(text, "a3")
    assert article.byline == byline
    assert spans(article) == ["MOSCOW (Reuters) -", span]


def test_reporting_by_in_a_sentence_is_not_a_byline() -> None:
    text = "Headline about the news\nThe ministry denied it.\nReporting by the BBC suggested otherwise."
    assert parse_text(text, "a4").byline is None


def test_body_only_text_has_no_headline() -> None:
    text = "North Korea on Tuesday put its weight behind Russia.\nPyongyang has close ties with Moscow."
    article = parse_text(text, "a5")
    assert (article.title, article.subtitle, article.dateline, article.byline) == (None, None, None, None)
    assert article.text == text


def test_crlf_and_bom_are_normalised_and_spans_follow() -> None:
    raw = "\ufeffHeadline\r\nSubheadline here\r\nANKARA\r\nTurkey said so.\r\n*Writing by Ali Veli\r\n"
    article = parse_text(raw, "a6")
    assert article.text == "Headline\nSubheadline here\nANKARA\nTurkey said so.\n*Writing by Ali Veli\n"
    assert (article.title, article.subtitle, article.dateline, article.byline) == (
        "Headline",
        "Subheadline here",
        "ANKARA",
        "Ali Veli",
    )
    assert spans(article) == ["ANKARA", "*Writing by Ali Veli"]


def test_crlf_file(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"\xef\xbb\xbf" + SEED.read_bytes().replace(b"\n", b"\r\n"))
    article = only(list(read_path(path)))
    assert article.text == SEED.read_text(encoding="utf-8")
    assert spans(article) == ["ANKARA", "*Writing by Islamuddin Sajid"]


def test_given_title_equal_to_first_line_is_the_headline() -> None:
    article = parse_text("Headline\nA subheadline\nBody.", "a7", title="Headline")
    assert (article.title, article.subtitle) == ("Headline", "A subheadline")


# ---------------------------------------------------------------- decoding and bad input


def test_latin1_file_is_coded_with_a_warning(tmp_path: Path) -> None:
    text = (
        "Macron reçoit Zelensky à l'Élysée\nPARIS (AFP) - Le président français a reçu son homologue ukrainien lundi.\n"
    )
    path = tmp_path / "latin.txt"
    path.write_bytes(text.encode("latin-1"))
    results = list(read_path(path))
    assert results[0] == ReadError(
        input=str(path), problem="not valid UTF-8 (looks like Latin-1; decoded as cp1252)", severity="warning"
    )
    article = results[1]
    assert isinstance(article, Article) and len(results) == 2
    assert article.text == text
    assert article.title == "Macron reçoit Zelensky à l'Élysée"
    assert article.dateline == "PARIS"


def test_cp1252_punctuation_decodes(tmp_path: Path) -> None:
    path = tmp_path / "quotes.txt"
    path.write_bytes("He called the vote a “sham” – and left.".encode("cp1252"))
    warning, article = list(read_path(path))
    assert isinstance(warning, ReadError) and warning.severity == "warning"
    assert isinstance(article, Article) and article.text == "He called the vote a “sham” – and left."


def test_utf16_with_bom_is_text(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode("utf-16"))
    assert only(list(read_path(path))).dateline == "ANKARA"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty file"),
        (b"  \n\n\t \r\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary file (not text)"),
        (b"text\x00with\x00NUL\x00bytes", "binary file (not text)"),
        (bytes(range(1, 32)) * 20, "binary file (not text)"),
    ],
)
def test_bad_text_files(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    assert list(read_path(path)) == [ReadError(input=str(path), problem=problem)]


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(("The Kremlin said talks were off. " * 50).encode()[:1500])
    assert list(read_path(path, max_mb=0.001)) == [
        ReadError(input=str(path), problem="file too large (0.0015 MB > limit 0.001 MB)")
    ]
    assert isinstance(only(list(read_path(path, max_mb=0.0015))), Article)  # the limit itself is allowed


def test_missing_unknown_and_directory(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    assert list(read_path(missing)) == [ReadError(input=str(missing), problem="no such file")]
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    assert list(read_path(pdf)) == [
        ReadError(
            input=str(pdf),
            problem=f"unknown input kind '.pdf' (expected {KINDS})",
        )
    ]
    bare = tmp_path / "README"
    bare.write_text("hello")
    assert list(read_path(bare)) == [
        ReadError(
            input=str(bare),
            problem=f"unknown input kind (no suffix) (expected {KINDS})",
        )
    ]
    assert list(read_path(tmp_path)) == [ReadError(input=str(tmp_path), problem="is a directory (expected a file)")]


def test_suffix_is_case_insensitive(tmp_path: Path) -> None:
    path = tmp_path / "STORY.TXT"
    path.write_bytes(SEED.read_bytes())
    assert only(list(read_path(str(path)))).dateline == "ANKARA"


# ---------------------------------------------------------------- standard input and ids


def test_stdin_text(monkeypatch: pytest.MonkeyPatch) -> None:
    data = SEED.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    article = only(list(read_path("-")))
    assert article.id == hashlib.sha1(data.strip()).hexdigest()[:16] == article_id(data.decode())
    assert article.dateline == "ANKARA"
    assert only(list(read_stream(io.BytesIO(data)))).id == article.id  # stable


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b'\n  {"id": "a", "text": "First."}\n{"id": "b", "text": "Second."}\n{"id": "c", "text": \n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    results = list(read_path("-"))
    assert [r.id for r in results if isinstance(r, Article)] == ["a", "b"]
    assert results[2] == ReadError(input="<stdin>:4", problem="malformed JSON: Expecting value (column 21)")


@pytest.mark.parametrize(
    ("data", "problem"),
    [(b"", "empty input"), (b"\x00\x01\x02", "binary input (not text)")],
)
def test_bad_stdin(data: bytes, problem: str) -> None:
    assert list(read_stream(io.BytesIO(data))) == [ReadError(input="<stdin>", problem=problem)]


def test_stdin_too_large() -> None:
    assert list(read_stream(io.BytesIO(b"x" * 2000), max_mb=0.001)) == [
        ReadError(input="<stdin>", problem="input too large (> limit 0.001 MB)")
    ]


def test_read_error_str() -> None:
    error = ReadError(input="a.jsonl:3", problem="line 3: missing 'text'")
    assert str(error) == "a.jsonl:3: error: line 3: missing 'text'"
