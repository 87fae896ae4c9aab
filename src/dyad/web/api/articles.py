"""``/api/articles``: one article marked up with its events, quotes and places; and coding new ones."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from fastapi import Request
from pydantic import BaseModel, Field, ValidationError, field_validator

from dyad.readers import make_article
from dyad.store import Ingester, Item, Store
from dyad.store.analytics import article_by_key
from dyad.web.api import shapes
from dyad.web.api.common import ApiError, invalid
from dyad.web.api.models import Article, PostResult, Stored, Summary

if TYPE_CHECKING:
    from dyad.pipeline import Coder

MAX_BATCH = 100
MAX_BODY = 16 * 1024 * 1024  # bytes of one POST body; more is 413


class ArticleIn(BaseModel):
    """One article to code: its text (headline on the first line, unless ``title`` is given)."""

    text: str = Field(min_length=1, max_length=1_000_000)
    id: str | None = Field(default=None, max_length=200, description="article id (default: from the content)")
    title: str | None = Field(default=None, max_length=1000, description="headline (kept apart from the text)")
    published: dt.date | None = Field(default=None, description="publication date YYYY-MM-DD")
    url: str | None = Field(default=None, max_length=2000)
    source: str | None = Field(default=None, max_length=200, description="publisher")

    @field_validator("url")
    @classmethod
    def _web_url(cls, url: str | None) -> str | None:
        if url is not None and shapes.web_url(url) is None:
            raise ValueError("expected an http(s) URL")
        return url


class ArticlesIn(BaseModel):
    """A batch of articles to code."""

    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_BATCH)


async def read_body(request: Request) -> Any:
    """The request's JSON, read only up to :data:`MAX_BODY` bytes (413 beyond, 400 when not JSON).

    Called after the token check, so an unauthorised client never gets its body read."""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > MAX_BODY:
        raise ApiError(413, f"body over {MAX_BODY // (1024 * 1024)} MB")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise ApiError(413, f"body over {MAX_BODY // (1024 * 1024)} MB")
        chunks.append(chunk)
    try:
        return json.loads(b"".join(chunks))
    except (ValueError, RecursionError):
        raise ApiError(400, "body: not valid JSON", "body") from None


def parse_body(body: Any) -> ArticleIn | ArticlesIn:
    """A posted JSON body → one article, or a batch (``{"articles": [...]}``); 422 naming the field."""
    if not isinstance(body, dict):
        raise invalid("body", 'expected a JSON object: an article, or {"articles": [...]}')
    model = ArticlesIn if "articles" in body else ArticleIn
    try:
        return model.model_validate(body)
    except ValidationError as error:
        problem = error.errors()[0]
        field = ".".join(str(part) for part in problem["loc"]) or "body"
        raise invalid(field, problem["msg"]) from None


def get_article(store: Store, key: str) -> Article:
    """One article by article id (or row number); 404 when unknown."""
    found = article_by_key(store, key) if "\x00" not in key else None
    if found is None:
        raise ApiError(404, f"no article {key!r}")
    return shapes.article(found)


class Writer:
    """Codes and stores posted articles, one request at a time, with a Coder loaded on first use."""

    def __init__(self, store: Store, coder_factory: Callable[[], Coder] | None = None):
        self.store = store
        self._factory = coder_factory
        self._coder: Coder | None = None
        self._lock = threading.Lock()

    def _get_coder(self) -> Coder:
        if self._coder is None:
            if self._factory is not None:
                self._coder = self._factory()
            else:
                from dyad.config import load_config
                from dyad.pipeline import Coder

                self._coder = Coder(load_config(processes=1))
        return self._coder

    def post(self, body: ArticleIn | ArticlesIn) -> PostResult:
        """Code and store the articles; say what was stored (duplicates are skipped, not errors)."""
        given = body.articles if isinstance(body, ArticlesIn) else [body]
        problems: list[str] = []
        with self._lock:
            coder = self._get_coder()
            items = []
            for n, article_in in enumerate(given):
                article = make_article(
                    article_in.text,
                    id=article_in.id,
                    title=article_in.title,
                    published=article_in.published,
                    url=article_in.url,
                    source=article_in.source,
                )
                items.append(Item(location=f"api:{article_in.id or n}", article=article))
            summary = Ingester(self.store, coder, warn=problems.append).ingest(items)
        stored = []
        for item in items:
            assert item.article is not None
            found = article_by_key(self.store, item.article.id)
            stored.append(
                Stored(
                    article_id=item.article.id,
                    stored=found is not None,
                    events=len(found.mentions) if found else 0,
                    href=f"/api/articles/{quote(item.article.id, safe='')}" if found else None,
                )
            )
        return PostResult(summary=Summary(**summary.as_dict()), articles=stored, warnings=problems)
