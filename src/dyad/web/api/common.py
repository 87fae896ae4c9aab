"""What every handler shares: JSON errors, the event filters, and the token rules."""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass

from fastapi import Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from dyad.errors import InputError
from dyad.store import EventQuery
from dyad.store.query import QueryError
from dyad.web.api.cursors import MAX_LIMIT, CursorError


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


async def store_error(_request: Request, _error: Exception) -> JSONResponse:
    """The database failed on valid input (input is checked before any query): 503."""
    return JSONResponse(_body("the event store is not available"), status_code=503)


async def cursor_error(_request: Request, error: CursorError) -> JSONResponse:
    return JSONResponse(_body(f"cursor: {error}", "cursor"), status_code=422)


async def internal_error(_request: Request, _error: Exception) -> JSONResponse:
    """The catch-all: never a stack trace, only a JSON error."""
    return JSONResponse(_body("internal server error"), status_code=500)


# ---------------------------------------------------------------- filters

MODALITIES = ("asserted", "negated", "hypothetical", "future", "historical")
# The patterns are in the OpenAPI document, and FastAPI checks them (422 naming the parameter).
_CODE = "[A-Za-z0-9]{1,24}"
_MODALITY = "(?:" + "|".join(MODALITIES) + ")"
PATTERNS = {
    "source": f"^(?:{_CODE})?$",
    "target": f"^(?:{_CODE})?$",
    "dyad": f"^(?:{_CODE},{_CODE})?$",
    "cameo": "^[0-9]{0,4}$",
    "plover": "^[A-Za-z_]{0,32}$",
    "country": "^(?:[A-Za-z]{3})?$",
    "text": "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]*$",
    "modality": f"^(?:all|{_MODALITY}(?:,{_MODALITY})*)$",
}


def filters(
    source: str | None = Query(
        None, pattern=PATTERNS["source"], description="source actor code or prefix (USA matches USAGOV)"
    ),
    target: str | None = Query(None, pattern=PATTERNS["target"], description="target actor code or prefix"),
    dyad: str | None = Query(
        None, pattern=PATTERNS["dyad"], description="two actor codes A,B: events between them, either direction"
    ),
    cameo: str | None = Query(None, pattern=PATTERNS["cameo"], description="CAMEO code prefix, e.g. 19 or 112"),
    plover: str | None = Query(None, pattern=PATTERNS["plover"], description="PLOVER event type, e.g. ACCUSE"),
    since: dt.date | None = Query(None, description="events on or after YYYY-MM-DD"),
    until: dt.date | None = Query(None, description="events on or before YYYY-MM-DD"),
    country: str | None = Query(
        None, pattern=PATTERNS["country"], description="ISO3 of the source's or target's country, or of a place"
    ),
    text: str | None = Query(
        None, max_length=500, pattern=PATTERNS["text"], description="words that occur in a reporting sentence"
    ),
    modality: str = Query(
        "asserted",
        pattern=PATTERNS["modality"],
        description="modalities to count, comma-separated, or 'all' (default: asserted only — no negated, "
        "hypothetical, future or historical events)",
    ),
) -> EventQuery:
    """The filters of ``dyad events`` as query parameters → an :class:`EventQuery`.

    The patterns check each parameter's form; EventQuery checks what the filters mean together
    (since after until, ...), and its refusal is a 422 naming the parameter."""
    pair = tuple(dyad.split(",")) if dyad else None
    try:
        return EventQuery(
            source=source or None,
            target=target or None,
            dyad=pair,  # type: ignore[arg-type]
            cameo=cameo or None,
            plover=plover or None,
            since=since,
            until=until,
            country=country or None,
            text=text or None,
            modality=None if modality == "all" else tuple(dict.fromkeys(modality.split(","))),
        )
    except QueryError as error:
        raise ApiError(422, str(error), error.field) from None


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
