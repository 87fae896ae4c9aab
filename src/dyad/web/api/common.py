"""What every handler shares: JSON errors, the event filters, and the token rules."""

from __future__ import annotations

import datetime as dt
import hmac
import re
from dataclasses import dataclass

from fastapi import Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from dyad.errors import InputError
from dyad.store import EventQuery, StoreError
from dyad.store.analytics import MAX_LIMIT, CursorError


class ApiError(InputError):
    """An error answered as JSON ``{"error": message, ...}`` with ``status``."""

    def __init__(self, status: int, message: str, field: str | None = None):
        super().__init__(message)
        self.status, self.message, self.field = status, message, field


def invalid(field: str, message: str) -> ApiError:
    """A 422 naming the query parameter (or body field) at fault."""
    return ApiError(422, f"{field}: {message}", field)


def _body(message: str, field: str | None = None, fields: list[dict] | None = None) -> dict:
    body: dict = {"error": message}
    if field:
        body["field"] = field
    if fields:
        body["fields"] = fields
    return body


async def api_error(_request: Request, error: ApiError) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else None
    return JSONResponse(_body(error.message, error.field), status_code=error.status, headers=headers)


async def validation_error(_request: Request, error: RequestValidationError) -> JSONResponse:
    """FastAPI's own validation (types, ranges, missing body): 422 naming each field."""
    fields = []
    for problem in error.errors():
        loc = [str(part) for part in problem.get("loc", ()) if part not in ("query", "body", "path")]
        fields.append({"field": ".".join(loc) or "request", "message": problem.get("msg", "invalid")})
    first = fields[0] if fields else {"field": "request", "message": "invalid"}
    return JSONResponse(_body(f"{first['field']}: {first['message']}", first["field"], fields), status_code=422)


async def http_error(_request: Request, error: StarletteHTTPException) -> JSONResponse:
    """Routing errors (unknown path, wrong method) as JSON."""
    message = {404: "not found", 405: "method not allowed"}.get(error.status_code, str(error.detail))
    return JSONResponse(_body(message), status_code=error.status_code)


async def store_error(_request: Request, _error: StoreError) -> JSONResponse:
    return JSONResponse(_body("the event store is not available"), status_code=503)


async def cursor_error(_request: Request, error: CursorError) -> JSONResponse:
    return JSONResponse(_body(f"cursor: {error}", "cursor"), status_code=422)


async def internal_error(_request: Request, _error: Exception) -> JSONResponse:
    """The catch-all: never a stack trace, only a JSON error."""
    return JSONResponse(_body("internal server error"), status_code=500)


# ---------------------------------------------------------------- filters

_CODE = re.compile(r"^[A-Za-z0-9]{1,24}$")
_ISO3 = re.compile(r"^[A-Za-z]{3}$")
_CAMEO = re.compile(r"^[0-9]{1,4}$")
_PLOVER = re.compile(r"^[A-Za-z_]{1,32}$")


def _checked(field: str, value: str | None, pattern: re.Pattern, what: str) -> str | None:
    if value is None or value == "":
        return None
    if not pattern.match(value):
        raise invalid(field, f"expected {what}, got {value!r}")
    return value


def filters(
    source: str | None = Query(None, description="source actor code or prefix (USA matches USAGOV)"),
    target: str | None = Query(None, description="target actor code or prefix"),
    dyad: str | None = Query(None, description="two actor codes A,B: events between them, either direction"),
    cameo: str | None = Query(None, description="CAMEO code prefix, e.g. 19 or 112"),
    plover: str | None = Query(None, description="PLOVER event type, e.g. ACCUSE"),
    since: dt.date | None = Query(None, description="events on or after YYYY-MM-DD"),
    until: dt.date | None = Query(None, description="events on or before YYYY-MM-DD"),
    country: str | None = Query(None, description="ISO3 of the source's or target's country, or of a place"),
    text: str | None = Query(None, max_length=500, description="words that occur in a reporting sentence"),
) -> EventQuery:
    """The filters of ``dyad events`` as query parameters → an :class:`EventQuery` (422 when bad)."""
    pair = None
    if dyad:
        parts = [p.strip() for p in dyad.split(",")]
        if len(parts) != 2 or not all(_CODE.match(p) for p in parts):
            raise invalid("dyad", f"expected two actor codes A,B, got {dyad!r}")
        pair = (parts[0], parts[1])
    if since and until and since > until:
        raise invalid("since", f"{since} is after until ({until})")
    return EventQuery(
        source=_checked("source", source, _CODE, "an actor code"),
        target=_checked("target", target, _CODE, "an actor code"),
        dyad=pair,
        cameo=_checked("cameo", cameo, _CAMEO, "a CAMEO code prefix (digits)"),
        plover=_checked("plover", plover, _PLOVER, "a PLOVER event type"),
        since=since,
        until=until,
        country=_checked("country", country, _ISO3, "an ISO 3166 alpha-3 code"),
        text=text or None,
    )


def limit_param(default: int) -> int:
    """A ``limit`` query parameter: 1 to MAX_LIMIT."""
    return Query(default, ge=1, le=MAX_LIMIT, description=f"items per page (1 to {MAX_LIMIT})")


# ---------------------------------------------------------------- tokens


@dataclass(frozen=True)
class Access:
    """Who may do what: writing needs ``token``; with ``protect_read``, reading needs it too."""

    token: str | None = None
    protect_read: bool = False

    def _presented(self, request: Request) -> str | None:
        header = request.headers.get("authorization", "")
        scheme, _, value = header.partition(" ")
        return value.strip() if scheme.lower() == "bearer" and value.strip() else None

    def _check(self, request: Request) -> None:
        given = self._presented(request)
        if given is None:
            raise ApiError(401, "missing token: send the header 'Authorization: Bearer <token>'")
        if not hmac.compare_digest(given.encode(), (self.token or "").encode()):
            raise ApiError(401, "wrong token")

    def read(self, request: Request) -> None:
        """Dependency of every read endpoint."""
        if self.protect_read:
            self._check(request)

    def write(self, request: Request) -> None:
        """Dependency of the write endpoints: 403 when the server has no token."""
        if not self.token:
            raise ApiError(
                403, "writing is disabled: start the server with --token T (or DYAD_TOKEN) to accept articles"
            )
        self._check(request)
