"""Web test fixtures: one SQLite store filled with the seed article and two small stories, the Coder
that filled it, and app clients (open, token-protected, read-protected)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from dyad.store import Ingester, Item, Store, open_store
from dyad.web.app import create_app
from tests.conftest import FIXTURES, MODEL

STORIES = [  # id, published, url, publisher, text (headline on the first line, then the dateline)
    (
        "https://news.example/kharkiv",  # feed items take their URL as id
        "2022-11-15",
        "https://news.example/kharkiv",
        "Example Wire",
        "Ukraine accuses Russia of shelling Kharkiv\nKYIV\nUkraine on Monday accused Russia of shelling the city "
        "of Kharkiv. Russian troops attacked Kharkiv on Sunday, Ukrainian officials said.",
    ),
    (
        "energy",
        "2023-01-10",
        "https://news.example/energy",
        "Example Post",
        "France praises Germany over energy deal\nPARIS\nFrance on Tuesday praised Germany for agreeing to share "
        "gas supplies. Germany and France signed an energy agreement in Berlin.",
    ),
]
TOKEN = "s3cret-token"


@pytest.fixture(scope="session")
def coder():
    from dyad.config import load_config
    from dyad.pipeline import Coder

    return Coder(load_config(model=MODEL, processes=1))


def story_items(coder) -> list[Item]:
    """The seed article and the small stories, read as `dyad ingest` would."""
    seed = coder.article(
        (FIXTURES / "seed_article.txt").read_text(encoding="utf-8"), dt.date(2022, 10, 4), "seed_article"
    )
    items = [Item(location="seed_article.txt", article=seed)]
    for key, day, url, publisher, text in STORIES:
        article = coder.article(text, dt.date.fromisoformat(day), key).model_copy(
            update={"url": url, "source": publisher}
        )
        items.append(Item(location=f"{key}.txt", article=article))
    return items


@pytest.fixture(scope="session")
def db_url(tmp_path_factory, coder) -> str:
    """A SQLite store holding the seed article and STORIES (read-only for the tests)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.db'}"
    with open_store(url) as store:
        Ingester(store, coder, warn=lambda m: None).ingest(story_items(coder))
    return url


@pytest.fixture(scope="session")
def store(db_url) -> Iterator[Store]:
    with open_store(db_url, create=False) as opened:
        yield opened


@pytest.fixture(scope="session")
def client(store) -> TestClient:
    """The app without a token: reads open, writes refused."""
    return TestClient(create_app(store), raise_server_exceptions=False)
