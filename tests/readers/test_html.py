"""HTML input: main text without boilerplate, metadata, and pages with no article."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dyad.readers import ReadError, article_id, parse_html, read_path
from dyad.records import Article

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PAGE = FIXTURES / "news_page.html"

BODY = """\
<p>MOSCOW (Reuters) - Russia's parliament on Monday ratified treaties annexing four regions of Ukraine, \
a step Kyiv and its Western allies have condemned as illegal.</p>
<p>The State Duma voted unanimously for the treaties, which President Vladimir Putin signed on Friday at a \
Kremlin ceremony. The upper house is expected to approve them on Tuesday.</p>
<p>Ukraine's foreign ministry said the vote was null and void and would not change the borders \
of Ukraine.</p>"""


def page(head: str = "", body: str = BODY, charset: str = "utf-8") -> str:
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}">'
        "<title>Duma ratifies annexation treaties</title>"
        f"{head}</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><div class='story'>{body}</div></article><footer><p>Contact us</p></footer></body></html>"
    )


def spans(article: Article) -> list[str]:
    return [article.text[start:end] for start, end in article.skip_spans]


def test_news_page() -> None:
    [article] = list(read_path(PAGE, published=dt.date(2000, 1, 1)))
    assert isinstance(article, Article)
    assert article.title == "Turkish, Ukrainian foreign ministers discuss grain corridor"
    assert article.text.startswith(
        "ANKARA (AA) - Turkish Foreign Minister Mevlut Cavusoglu on Wednesday spoke by phone with his "
        "Ukrainian counterpart Dmytro Kuleba"
    )
    assert article.text.endswith("offered to host peace talks between Moscow and Kyiv.\n*Writing by Ahmet Gencturk")
    assert article.text.count("\n") == 5  # six paragraphs
    for boilerplate in (
        "Home",
        "Politics",
        "Breaking",
        "Related stories",
        "Erdogan, Putin to meet",
        "All rights reserved",
        "Privacy policy",
    ):
        assert boilerplate not in article.text
    assert article.id == article_id(article.text, article.title)
    assert article.published == dt.date(2022, 10, 6)  # article:published_time, not the 2022/10/05 in the URL
    assert article.url == "https://news.example.org/world/2022/10/05/turkish-ukrainian-ministers-grain-corridor"
    assert article.source == "World News Daily"
    assert article.language == "en"
    assert (article.dateline, article.byline) == ("ANKARA", "Ahmet Gencturk")
    assert spans(article) == ["ANKARA (AA) -", "*Writing by Ahmet Gencturk"]


def test_date_is_not_guessed_from_url() -> None:
    html = page('<link rel="canonical" href="https://news.example.org/2022/10/03/duma-ratifies">')
    article = parse_html(html)
    assert article.url == "https://news.example.org/2022/10/03/duma-ratifies"
    assert article.published is None
    assert parse_html(html, dt.date(2022, 10, 3)).published == dt.date(2022, 10, 3)


def test_json_ld_date_and_html_lang() -> None:
    html = page(
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
        '"headline": "Duma ratifies annexation treaties", "datePublished": "2022-10-03T14:02:00Z"}</script>'
    ).replace("<html>", '<html lang="ru">')
    article = parse_html(html)
    assert article.published == dt.date(2022, 10, 3)
    assert article.language == "ru"
    assert article.title == "Duma ratifies annexation treaties"
    assert article.dateline == "MOSCOW"
    assert article.text.startswith("MOSCOW (Reuters) - Russia's parliament")
    assert "Home" not in article.text and "Contact us" not in article.text


@pytest.mark.parametrize("suffix", [".html", ".htm"])
def test_page_without_article_text(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"index{suffix}"
    path.write_text(page(body=""), encoding="utf-8")
    assert list(read_path(path)) == [ReadError(input=str(path), problem="no article text found in HTML")]


def test_declared_latin1_charset_needs_no_warning(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    body = BODY.replace("Russia's parliament", "Russia's parliament (Gosudarstvennaya Duma, « Douma »)")
    path.write_bytes(page(body=body, charset="iso-8859-1").encode("latin-1"))
    [article] = list(read_path(path))
    assert isinstance(article, Article)
    assert "« Douma »" in article.text


def test_undeclared_latin1_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    body = BODY.replace("Russia's parliament", "Russia's parliament (« Douma »)")
    path.write_bytes(page(body=body).replace('<meta charset="utf-8">', "").encode("latin-1"))
    warning, article = list(read_path(path))
    assert warning == ReadError(
        input=str(path), problem="not valid UTF-8 (looks like Latin-1; decoded as cp1252)", severity="warning"
    )
    assert isinstance(article, Article) and "(« Douma »)" in article.text


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"", "empty file"), (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file (not text)")],
)
def test_bad_html_files(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "bad.html"
    path.write_bytes(content)
    assert list(read_path(path)) == [ReadError(input=str(path), problem=problem)]


def test_too_large_html(tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    path.write_text(page(), encoding="utf-8")  # 725 bytes
    assert list(read_path(path, max_mb=0.0001)) == [
        ReadError(input=str(path), problem="file too large (0.000725 MB > limit 0.0001 MB)")
    ]
