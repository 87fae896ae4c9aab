"""The ASGI app: routes only (handlers in :mod:`dyad.web.api`, queries in :mod:`dyad.store`).

    app = create_app(open_store("sqlite:///news.db"), token="s3cret", allowed_hosts=["localhost"])

Read endpoints are open unless ``protect_read``; ``POST /api/articles`` needs ``token`` (403
without one configured, 401 without the right ``Authorization: Bearer`` header, checked before the
body is read; bodies over 16 MB are 413). Every id and cursor is checked as data, so bad input is
a 4xx: JSON ``{"error": ...}``, 422 naming the bad parameter, 404 for unknown ids, 500 without a
trace. Every response carries a Content-Security-Policy, ``nosniff`` and no-framing headers;
``allowed_hosts`` refuses other ``Host`` headers (DNS rebinding). ``/docs`` is Swagger UI served
from the packaged ``fastapi-offline`` assets: nothing is loaded from the network.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from dyad.errors import InputError
from dyad.store import EventQuery, Store, StoreError
from dyad.store.analytics import MAX_ROW_ID, count_events
from dyad.web import docs
from dyad.web.api import articles, charts, common, events, models
from dyad.web.api.common import Access, ApiError, filters, limit_param
from dyad.web.api.cursors import CursorError
from dyad.web.security import SecurityHeaders

if TYPE_CHECKING:
    from dyad.pipeline import Coder

STATIC = Path(__file__).parent / "static"
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": models.ErrorBody, "description": "no such item"},
    422: {"model": models.ErrorBody, "description": "a parameter is invalid (named in field)"},
}


def create_app(
    store: Store,
    *,
    token: str | None = None,
    protect_read: bool = False,
    coder_factory: Callable[[], Coder] | None = None,
    allowed_hosts: Sequence[str] | None = None,
) -> FastAPI:
    """The API and dashboard over ``store``; ``coder_factory`` makes the Coder for POSTs;
    ``allowed_hosts`` (None: any) are the ``Host`` names the server answers to."""
    if protect_read and not token:
        raise InputError("protect_read needs a token: give --token or --token-file")
    access = Access(token=token, protect_read=protect_read)
    writer = articles.Writer(store, coder_factory)
    app = FastAPI(
        title="dyad",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
        description="Political events coded from news: who did what to whom, and the evidence.",
        responses={401: {"model": models.ErrorBody, "description": "token missing or wrong"}},
    )
    docs.install(app)
    app.add_middleware(SecurityHeaders)
    if allowed_hosts is not None and "*" not in allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.add_exception_handler(ApiError, common.api_error)
    app.add_exception_handler(RequestValidationError, common.validation_error)
    app.add_exception_handler(StarletteHTTPException, common.http_error)
    app.add_exception_handler(StoreError, common.store_error)
    app.add_exception_handler(CursorError, common.cursor_error)
    app.add_exception_handler(Exception, common.internal_error)
    read = [Depends(access.read)]
    _event_routes(app, store, read)
    _article_routes(app, store, read, access, writer)
    _aggregate_routes(app, store, read)
    _meta_routes(app, store, token=token, protect_read=protect_read)

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _cursor_param() -> Any:
    return Query(None, max_length=200, description="next_cursor of the previous page")


def _event_routes(app: FastAPI, store: Store, read: list[Any]) -> None:
    """Event lists, one event, and the CSV of a filter."""
    cursor_q = _cursor_param()

    @app.get("/api/events", tags=["events"], dependencies=read, responses=ERRORS)
    def list_events(
        query: EventQuery = Depends(filters),
        limit: int = limit_param(100),
        cursor: str | None = cursor_q,
        order: Literal["oldest", "newest"] = Query("oldest", description="oldest first (dyad events), or newest"),
    ) -> models.EventPage:
        """Events matching the filters, each with every mention's evidence; undated events last."""
        return events.list_events(store, query, limit, cursor, order)

    @app.get(
        "/api/events.csv",
        tags=["events"],
        dependencies=read,
        response_class=StreamingResponse,
        responses={**ERRORS, 200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
    )
    def events_csv(query: EventQuery = Depends(filters)) -> StreamingResponse:
        """Every event matching the filters as CSV (the columns of ``dyad events --format csv``)."""
        return StreamingResponse(
            events.events_csv(store, query),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="dyad-events.csv"'},
        )

    @app.get("/api/events/{event_id}", tags=["events"], dependencies=read, responses=ERRORS)
    def get_event(event_id: int = PathParam(ge=1, le=MAX_ROW_ID)) -> models.Event:
        """One event with its evidence and places."""
        return events.get_event(store, event_id)


def _article_routes(app: FastAPI, store: Store, read: list[Any], access: Access, writer: articles.Writer) -> None:
    """One article with its evidence, and the token-guarded POST that codes and stores articles."""

    @app.get("/api/articles/{article_id:path}", tags=["articles"], dependencies=read, responses=ERRORS)
    def get_article(
        article_id: str = PathParam(min_length=1, max_length=2000, description="article id (may hold /), or row"),
    ) -> models.Article:
        """One article with its text, and its events, quotes and places marked by char span."""
        return articles.get_article(store, article_id)

    @app.post(
        "/api/articles",
        tags=["articles"],
        dependencies=[Depends(access.write)],
        openapi_extra=docs.POST_BODY,
        response_model=models.PostResult,
        status_code=201,
        responses={
            200: {"model": models.PostResult, "description": "nothing new: every article was already stored"},
            400: {"model": models.ErrorBody, "description": "the body is not JSON"},
            403: {"model": models.ErrorBody, "description": "writing is disabled (no token configured)"},
            413: {"model": models.ErrorBody, "description": "body over 16 MB"},
            422: ERRORS[422],
        },
    )
    async def post_articles(request: Request) -> JSONResponse:
        """Code one article (or ``{"articles": [...]}``) with dyad's Coder and store it. Needs the token."""
        body = articles.parse_body(await articles.read_body(request))
        result = await run_in_threadpool(writer.post, body)
        return JSONResponse(result.model_dump(), status_code=201 if result.summary.new else 200)


def _aggregate_routes(app: FastAPI, store: Store, read: list[Any]) -> None:
    """The dashboard's aggregates: timeline, network and map."""
    cursor_q = _cursor_param()

    @app.get("/api/timeseries", tags=["aggregates"], dependencies=read, responses=ERRORS)
    def get_timeseries(
        query: EventQuery = Depends(filters),
        interval: Literal["day", "week", "month"] = Query("month"),
        limit: int = limit_param(500),
        cursor: str | None = cursor_q,
    ) -> models.Timeseries:
        """Counts, sum and mean Goldstein per period (zero-filled), by quad class and PLOVER type;
        events dated only to a month or year coarser than the interval are in ``spread``."""
        return charts.get_timeseries(store, query, interval, limit, cursor)

    @app.get("/api/network", tags=["aggregates"], dependencies=read, responses=ERRORS)
    def get_network(
        query: EventQuery = Depends(filters),
        group: Literal["actor", "country"] = Query("actor", description="nodes: actor codes, or their countries"),
        limit: int = limit_param(100),
        cursor: str | None = cursor_q,
    ) -> models.Network:
        """The top dyads by event count: counts, mean Goldstein, cooperative vs conflictual."""
        return charts.get_network(store, query, group, limit, cursor)

    @app.get("/api/map", tags=["aggregates"], dependencies=read, responses=ERRORS)
    def get_map(
        query: EventQuery = Depends(filters), limit: int = limit_param(500), cursor: str | None = cursor_q
    ) -> models.FeatureCollection:
        """Events by place, as a GeoJSON FeatureCollection."""
        return charts.get_map(store, query, limit, cursor)


def _meta_routes(app: FastAPI, store: Store, *, token: str | None, protect_read: bool) -> None:
    """What the dashboard needs to know about the server."""

    @app.get("/api/config", tags=["meta"])
    def get_config() -> models.Config:
        """What the dashboard needs to know: whether reads and writes need the token, and how many
        events the store holds (null when reading needs the token)."""
        stored = None if protect_read else count_events(store)
        return models.Config(protect_read=protect_read, write_enabled=bool(token), events=stored)
