"""The fetcher's limits and names, against a mock transport: bounded bodies and robots.txt,
robots.txt re-checked after a redirect, no private addresses from a public feed, and network
errors named as what they are."""

from __future__ import annotations

import httpx
import pytest

from dyad.readers.fetch import ROBOTS_MAX_BYTES, Fetcher, FetchError, poll_feed, private_address

PUBLIC = "http://93.184.216.34"  # an address on the public internet: no DNS lookup needed
PAGE = (
    "<html><head><title>Russia vetoes resolution</title></head><body><article>"
    + "<p>Russia vetoed a US resolution at the United Nations on Monday, diplomats said.</p>" * 5
    + "</article></body></html>"
)


class Site:
    """A mock web site: path → (status, headers, body); logs every request and what was streamed."""

    def __init__(self, pages: dict[str, tuple[int, dict[str, str], bytes]]):
        self.pages = pages
        self.log: list[str] = []
        self.sent = 0

    def chunks(self, body: bytes):
        for start in range(0, len(body), 65536):
            self.sent += len(body[start : start + 65536])
            yield body[start : start + 65536]

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.log.append(request.url.path)
        status, headers, body = self.pages.get(request.url.path, (404, {}, b"not here"))
        return httpx.Response(status, headers=headers, content=self.chunks(body))

    def fetcher(self, **options) -> Fetcher:
        return Fetcher(transport=httpx.MockTransport(self.handle), min_interval=0, retries=0, **options)


def test_a_body_over_the_limit_is_refused_unread() -> None:
    site = Site({"/robots.txt": (200, {}, b""), "/big": (200, {}, b"x" * 5_000_000)})
    with pytest.raises(FetchError, match=r"answer too large \(> limit 1 MB\)") as failure:
        site.fetcher(max_mb=1).get(f"{PUBLIC}/big")
    assert not failure.value.retry and site.sent < 1_200_000
    declared = Site({"/robots.txt": (200, {}, b""), "/big": (200, {"Content-Length": "9000000"}, b"x" * 9_000_000)})
    with pytest.raises(FetchError, match="answer too large"):
        declared.fetcher(max_mb=1).get(f"{PUBLIC}/big")
    assert declared.sent == 0  # the declared length alone was enough


def test_robots_txt_is_read_only_to_its_limit() -> None:
    rules = b"User-agent: *\nDisallow: /private/\n"
    site = Site({"/robots.txt": (200, {}, rules + b"#" * (4 * ROBOTS_MAX_BYTES)), "/private/x": (200, {}, b"")})
    with pytest.raises(FetchError, match="disallowed by robots.txt"):
        site.fetcher().get(f"{PUBLIC}/private/x")
    assert site.sent <= ROBOTS_MAX_BYTES + 65536


def test_a_redirect_is_checked_against_robots_txt() -> None:
    site = Site(
        {
            "/robots.txt": (200, {}, b"User-agent: *\nDisallow: /private/\n"),
            "/news": (302, {"Location": "/private/page"}, b""),
            "/private/page": (200, {"Content-Type": "text/html"}, PAGE.encode()),
        }
    )
    with pytest.raises(FetchError, match="disallowed by robots.txt"):
        site.fetcher().get(f"{PUBLIC}/news")
    assert "/private/page" not in site.log


def test_redirect_loops_end() -> None:
    site = Site(
        {"/robots.txt": (200, {}, b""), "/a": (301, {"Location": "/b"}, b""), "/b": (301, {"Location": "/a"}, b"")}
    )
    with pytest.raises(FetchError, match=r"too many redirects \(over 5\)"):
        site.fetcher().get(f"{PUBLIC}/a")


def test_private_addresses() -> None:
    assert private_address("http://127.0.0.1:8000/x") and private_address("http://localhost/x")
    assert (
        private_address("http://10.1.2.3/")
        and private_address("http://[::1]/")
        and private_address("http://169.254.169.254/")
    )
    assert not private_address(f"{PUBLIC}/news")


def test_a_public_feed_cannot_send_the_fetcher_to_a_private_address() -> None:
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        "<item><title>Metadata</title><link>http://169.254.169.254/latest/meta-data</link></item>"
        f"<item><title>Hop</title><link>{PUBLIC}/hop</link></item>"
        f"<item><title>Story</title><link>{PUBLIC}/story</link></item>"
        "<item><title>File</title><link>file:///etc/passwd</link></item>"
        "</channel></rss>"
    )
    site = Site(
        {
            "/robots.txt": (200, {}, b""),
            "/feed": (200, {"Content-Type": "application/rss+xml"}, feed.encode()),
            "/hop": (302, {"Location": "http://127.0.0.1/admin"}, b""),
            "/story": (200, {"Content-Type": "text/html"}, PAGE.encode()),
        }
    )
    items = list(poll_feed(site.fetcher(), f"{PUBLIC}/feed", lambda url: None))
    problems = [(i.location, i.problem) for i in items if i.problem]
    assert problems[:2] == [
        ("http://169.254.169.254/latest/meta-data", "refused: a private or local address"),
        (f"{PUBLIC}/hop", "refused: a private or local address"),
    ]
    assert problems[2][0].startswith("file:") and problems[2][1] == "not an http(s) link" and len(problems) == 3
    [story] = [i.article for i in items if i.article]
    assert story.url == f"{PUBLIC}/story" and story.title == "Russia vetoes resolution"
    assert "/admin" not in site.log


def failing(error: Exception) -> Fetcher:
    def handle(request: httpx.Request) -> httpx.Response:
        raise error

    return Fetcher(transport=httpx.MockTransport(handle), min_interval=0, retries=0)


@pytest.mark.parametrize(
    ("error", "problem"),
    [
        (
            httpx.ConnectError("[Errno -2] Name or service not known"),
            "robots.txt not fetched (cannot resolve host nosuch.example (DNS lookup failed)): host skipped for now",
        ),
        (
            httpx.ConnectError("[Errno 111] Connection refused"),
            "robots.txt not fetched (connection refused by nosuch.example): host skipped for now",
        ),
        (httpx.ReadTimeout("timed out"), "robots.txt not fetched (timed out): host skipped for now"),
    ],
)
def test_network_errors_are_named_not_called_robots_rules(error: Exception, problem: str) -> None:
    with pytest.raises(FetchError) as failure:
        failing(error).get("http://nosuch.example/news")
    assert str(failure.value) == problem and failure.value.retry
    assert "disallowed" not in str(failure.value)


def test_a_real_dns_failure_is_named() -> None:
    fetcher = Fetcher(timeout=5, retries=0, min_interval=0)
    with pytest.raises(FetchError, match=r"cannot resolve host nosuch\.invalid \(DNS lookup failed\)"):
        fetcher.get("http://nosuch.invalid/feed.xml")
