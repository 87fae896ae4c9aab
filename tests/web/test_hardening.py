"""Hostile requests answer 4xx, never 5xx: ids and cursors checked as data, control characters in
filters, the token checked before a body is read, bodies capped; security headers; the Host check."""

from __future__ import annotations

import asyncio
import base64
import json

import pytest
from fastapi.testclient import TestClient

from dyad.store import open_store
from dyad.web.api.shapes import web_url
from dyad.web.app import create_app
from tests.web.conftest import STORIES, TOKEN

LISTS = ["/api/events", "/api/events.csv", "/api/timeseries", "/api/network", "/api/map"]


def crafted(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "url, status",
    [
        ("/api/articles/%C2%B2", 404),  # a superscript digit is not a row number
        ("/api/articles/99999999999999999999999999", 404),  # beyond 64 bits
        ("/api/articles/9223372036854775808", 404),
        ("/api/articles/a%00b", 404),
        ("/api/events/%C2%B2", 422),
        ("/api/events/99999999999999999999999999", 422),
        ("/api/events/9223372036854775808", 422),
        ("/api/events/-1", 422),
        ("/api/events/9223372036854775807", 404),
    ],
)
def test_ids_are_checked_as_data(client, url, status):
    response = client.get(url)
    assert response.status_code == status, response.text
    assert "error" in response.json()


@pytest.mark.parametrize(
    "url",
    [
        f"/api/events?cursor={crafted(['events', [None, 10**30]])}",
        f"/api/events?cursor={crafted(['events', ['2022-01-01', 1.5]])}",
        f"/api/events?cursor={crafted(['events', ['2022-13-01', 1]])}",
        f"/api/events?cursor={crafted(['events', [7, 1]])}",
        f"/api/events?cursor={crafted(['events', 'x'])}",
        f"/api/events?cursor={crafted(['events', [None, True]])}",
        f"/api/events?cursor={crafted(['events'])}",
        f"/api/events?cursor={crafted({'a': 1})}",
        "/api/events?cursor=WyJldmVudHMiLFtudWxsLDFlNDAwXV0",  # ["events",[null,1e400]]
        f"/api/map?cursor={crafted(['map', -1])}",
        f"/api/map?cursor={crafted(['map', 10**30])}",
        f"/api/map?cursor={crafted(['map', True])}",
        f"/api/network?cursor={crafted(['network-actor', 'NaN'])}",
        f"/api/timeseries?cursor={crafted(['timeseries-month', [1]])}",
        f"/api/timeseries?cursor={crafted(['timeseries-day', 1])}",  # another interval's cursor
        "/api/events?cursor=%C3%A9t%C3%A9",
        "/api/events?cursor=" + "W" * 150,
        "/api/map?cursor=" + base64.urlsafe_b64encode(b"[" * 90 + b"]" * 90).decode(),
    ],
)
def test_crafted_cursors_are_422(client, url):
    response = client.get(url)
    assert response.status_code == 422, response.text
    assert response.json()["field"] == "cursor"


@pytest.mark.parametrize("path", LISTS)
def test_control_characters_in_text_are_422(client, path):
    response = client.get(path + "?text=%00")
    assert response.status_code == 422 and response.json()["field"] == "text"


@pytest.mark.parametrize("value", ["USA%0A", "US%00A", "U%C2%B2A"])
def test_codes_must_match_whole(client, value):
    assert client.get(f"/api/events?source={value}").status_code == 422


def test_article_id_with_slash_is_reachable(client):
    key = STORIES[0][0]
    assert "/" in key
    for url in (f"/api/articles/{key}", "/api/articles/" + key.replace("/", "%2F")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.json()["article_id"] == key


def test_only_web_urls_are_given():
    assert web_url("https://news.example/a") == "https://news.example/a"
    assert web_url("HTTP://news.example/a") == "HTTP://news.example/a"
    for bad in ("javascript:alert(1)", "data:text/html,x", "//evil.example", "ftp://x", "https://a b", None, ""):
        assert web_url(bad) is None


def test_security_headers(client):
    for url in ("/", "/api/events", "/api/nothing", "/static/app.js"):
        headers = client.get(url).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "script-src 'self';" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
    assert "'unsafe-inline'" in client.get("/docs").headers["content-security-policy"]


def test_host_check(store):
    app = TestClient(create_app(store, allowed_hosts=["localhost", "127.0.0.1"]), raise_server_exceptions=False)
    assert app.get("/api/config", headers={"Host": "localhost:8000"}).status_code == 200
    assert app.get("/api/config", headers={"Host": "evil.example"}).status_code == 400


# ---------------------------------------------------------------- writes


@pytest.fixture()
def guarded(tmp_path, coder):
    with open_store(f"sqlite:///{tmp_path / 'w.db'}") as store:
        yield create_app(store, token=TOKEN, coder_factory=lambda: coder)


def test_malformed_json_without_token_is_401(guarded):
    client = TestClient(guarded, raise_server_exceptions=False)
    response = client.post("/api/articles", content=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 401
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    bad = client.post("/api/articles", content=b"{not json", headers=auth)
    assert bad.status_code == 400 and bad.json()["field"] == "body"
    deep = client.post("/api/articles", content=b"[" * 100_000 + b"]" * 100_000, headers=auth)
    assert deep.status_code in (400, 422)


def test_post_url_must_be_http(guarded):
    client = TestClient(guarded, raise_server_exceptions=False)
    response = client.post(
        "/api/articles",
        json={"text": "Japan praised South Korea.", "url": "javascript:alert(1)"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 422 and response.json()["field"] == "url"


def _asgi_post(app, headers: list[tuple[bytes, bytes]], chunks: list[bytes]) -> tuple[int, bool]:
    """POST through the ASGI interface; the status and whether the app read the body at all."""
    read = {"any": False}
    queue = [{"type": "http.request", "body": c, "more_body": i < len(chunks) - 1} for i, c in enumerate(chunks)]
    sent: list[dict] = []

    async def receive():
        read["any"] = True
        return queue.pop(0) if queue else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/articles",
        "raw_path": b"/api/articles",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), (b"content-type", b"application/json"), *headers],
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80),
    }
    asyncio.run(app(scope, receive, send))
    return next(m["status"] for m in sent if m["type"] == "http.response.start"), read["any"]


def test_token_is_checked_before_the_body_is_read(guarded):
    status, read = _asgi_post(guarded, [(b"content-length", b"300000000")], [b"x" * 1024])
    assert (status, read) == (401, False)
    status, read = _asgi_post(guarded, [(b"authorization", b"Bearer nope")], [b"{}"])
    assert (status, read) == (401, False)


def test_body_over_16_mb_is_413(guarded):
    auth = (b"authorization", f"Bearer {TOKEN}".encode())
    assert _asgi_post(guarded, [auth, (b"content-length", str(17 * 1024 * 1024).encode())], [b"{}"])[0] == 413
    chunk = b" " * (1024 * 1024)
    assert _asgi_post(guarded, [auth], [chunk] * 17 + [b"{}"])[0] == 413  # chunked, no length given
