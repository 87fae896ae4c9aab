"""Offline API documentation: Swagger UI at ``/docs`` and ReDoc at ``/redoc``, their scripts and
styles served by dyad from the ``fastapi-offline`` package (no CDN), over an OpenAPI document
whose request body schemas resolve (``#/components/schemas/ArticleIn``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import fastapi_offline
from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from pydantic.json_schema import models_json_schema

ASSETS = Path(fastapi_offline.__file__).parent / "static"
ASSETS_URL = "/static-docs"
DOC_PATHS = ("/docs", "/redoc")
_REF = "#/components/schemas/{model}"
POST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"anyOf": [{"$ref": _REF.format(model=m)} for m in ("ArticleIn", "ArticlesIn")]}
            }
        },
    }
}


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document plus the schemas of the POST body (read by hand, after the token check)."""
    if app.openapi_schema is None:
        from dyad.web.api.articles import ArticleIn, ArticlesIn

        spec = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
            tags=app.openapi_tags,
        )
        _, extra = models_json_schema([(ArticleIn, "validation"), (ArticlesIn, "validation")], ref_template=_REF)
        spec.setdefault("components", {}).setdefault("schemas", {}).update(extra.get("$defs", {}))
        app.openapi_schema = spec
    return app.openapi_schema


def install(app: FastAPI) -> None:
    """Mount the packaged assets and add ``/docs`` and ``/redoc`` to ``app``."""
    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS), name="docs-assets")
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="dyad API",
            swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_URL}/favicon.png",
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url="/openapi.json",
            title="dyad API",
            redoc_js_url=f"{ASSETS_URL}/redoc.standalone.js",
            redoc_favicon_url=f"{ASSETS_URL}/favicon.png",
            with_google_fonts=False,
        )
