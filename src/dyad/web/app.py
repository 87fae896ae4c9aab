"""The ASGI app: routes only (handlers in :mod:`dyad.web.api`, logic in :mod:`dyad.store`).

    app = create_app(open_store("sqlite:///news.db"), token="s3cret")

Read endpoints are open unless ``protect_read``; ``POST /api/articles`` needs ``token`` (403
without one configured, 401 without the right ``Authorization: Bearer`` header). Errors are JSON
``{"error": ...}``: 422 naming the bad parameter, 404 for unknown ids, 500 without a trace.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from fastapi import Body, Depends, FastAPI, Query
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from dyad.store import EventQuery, Store, StoreError
from dyad.store.analytics import CursorError
from dyad.web.api import articles, charts, common, events
from dyad.web.api.common import Access, ApiError, filters, limit_param

if TYPE_CHECKING:
    from dyad.pipeline import Coder

STATIC = Path(__file__).parent / "static"


def create_app(
    store: Store,
    *,
    token: str | None = None,
    protect_read: bool = False,
    coder_factory: Callable[[], Coder] | None = None,
) -> FastAPI:
    """The API and dashboard over ``store``; ``coder_factory`` makes the Coder for POSTs."""
    if protect_read and not token:
        raise ValueError("protect_read needs a token")
    access = Access(token=token, protect_read=protect_read)
    writer = articles.Writer(store, coder_factory)
    app = FastAPI(
        title="dyad",
        version="0.1.0",
        docs_url="/docs",
        redoc_url=None,
        description="Political events coded from news: who did what to whom, and the evidence.",
    )
    app.add_exception_handler(ApiError, common.api_error)
    app.add_exception_handler(RequestValidationError, common.validation_error)
    app.add_exception_handler(StarletteHTTPException, common.http_error)
    app.add_exception_handler(StoreError, common.store_error)
    app.add_exception_handler(CursorError, common.cursor_error)
    app.add_exception_handler(Exception, common.internal_error)
    read = [Depends(access.read)]
    cursor_q = Query(None, max_length=200, description="next_cursor of the previous page")

    @app.get("/api/events", tags=["events"], dependencies=read)
    def list_events(
        query: EventQuery = Depends(filters), limit: int = limit_param(100), cursor: str | None = cursor_q
    ) -> dict[str, Any]:
        """Events matching the filters (``dyad events`` order), each with every mention's evidence."""
        return events.list_events(store, query, limit, cursor)

    @app.get("/api/events/{event_id}", tags=["events"], dependencies=read)
    def get_event(event_id: int = PathParam(ge=1)) -> dict[str, Any]:
        """One event with its evidence and places."""
        return events.get_event(store, event_id)

    @app.get("/api/articles/{article_id}", tags=["articles"], dependencies=read)
    def get_article(article_id: str = PathParam(max_length=200)) -> dict[str, Any]:
        """One article with its text, and its events, quotes and places marked by char span."""
        return articles.get_article(store, article_id)

    body_doc = {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "anyOf": [articles.ArticleIn.model_json_schema(), articles.ArticlesIn.model_json_schema()]
                    }
                }
            },
        }
    }

    @app.post("/api/articles", tags=["articles"], dependencies=[Depends(access.write)], openapi_extra=body_doc)
    def post_articles(body: Any = Body(...)) -> JSONResponse:
        """Code one article (or ``{"articles": [...]}``) with dyad's Coder and store it. Needs the token."""
        result = writer.post(articles.parse_body(body))
        return JSONResponse(result, status_code=201 if result["summary"]["new"] else 200)

    @app.get("/api/timeseries", tags=["aggregates"], dependencies=read)
    def get_timeseries(
        query: EventQuery = Depends(filters),
        interval: Literal["day", "week", "month"] = Query("month"),
        limit: int = limit_param(500),
        cursor: str | None = cursor_q,
    ) -> dict[str, Any]:
        """Counts, sum and mean Goldstein per period, by quad class and by PLOVER type."""
        return charts.get_timeseries(store, query, interval, limit, cursor)

    @app.get("/api/network", tags=["aggregates"], dependencies=read)
    def get_network(
        query: EventQuery = Depends(filters), limit: int = limit_param(100), cursor: str | None = cursor_q
    ) -> dict[str, Any]:
        """Actors and dyads: counts, mean Goldstein, cooperative vs conflictual."""
        return charts.get_network(store, query, limit, cursor)

    @app.get("/api/map", tags=["aggregates"], dependencies=read)
    def get_map(
        query: EventQuery = Depends(filters), limit: int = limit_param(500), cursor: str | None = cursor_q
    ) -> dict[str, Any]:
        """Events by place, as a GeoJSON FeatureCollection."""
        return charts.get_map(store, query, limit, cursor)

    @app.get("/api/config", tags=["meta"])
    def get_config() -> dict[str, Any]:
        """What the dashboard needs to know: whether reads and writes need the token."""
        return {"protect_read": protect_read, "write_enabled": bool(token)}

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
