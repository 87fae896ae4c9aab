"""Polling news feeds over HTTP: feed → new item links → article pages → :class:`Item` records.

Assigns each fetched article its ``url`` (the item's link, as fetched), ``source`` (the
page's site name, else the feed's title, else the host), ``title`` (the page's, else the
item's) and fallback ``published`` date (the item's date). The :class:`Fetcher` is a polite,
careful client:

* an honest user agent, :data:`USER_AGENT`;
* robots.txt obeyed (urllib.robotparser, per host, re-read hourly, at most
  :data:`ROBOTS_MAX_BYTES` read; its Crawl-delay raises the per-host interval); a robots.txt
  that cannot be fetched (DNS failure, refused connection, timeout, 5xx) means "nothing
  fetched from that host for now", as RFC 9309 asks, and the problem says which; 4xx means
  "no rules";
* redirects followed by hand (at most :data:`MAX_REDIRECTS`), each new URL checked against
  its own robots.txt;
* at most ``max_mb`` read of any answer: a larger body is refused, not read;
* at most one request per ``min_interval`` seconds to each host;
* timeouts, and retries with exponential backoff for timeouts, connection errors, HTTP 429
  and 5xx (``Retry-After`` honoured up to a minute); other 4xx answers are final.

A feed on the public internet may not lead the fetcher to a private, loopback or link-local
address (its item links and their redirects are refused); a feed that is itself on such an
address (a local server) may. Links already stored, or quarantined for good (HTTP 404,
disallowed), are not fetched again.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import time
import urllib.robotparser
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from dyad.errors import NetworkError
from dyad.readers.base import DEFAULT_MAX_MB, MB, InputProblem, Item, article_id, first_line
from dyad.readers.feed import entry_date, feed_item_article, parse_feed
from dyad.readers.html import decode_html, parse_html

USER_AGENT = "dyad/0.1 (+https://github.com/dyad-events/dyad)"
ROBOTS_TTL = 3600.0  # seconds: RFC 9309 asks crawlers not to cache robots.txt much longer than a day
ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309: crawlers must parse at least 500 KiB; more is not read
MAX_REDIRECTS = 5  # a news page redirects once or twice (http→https, a canonical host)
_REDIRECTS = (301, 302, 303, 307, 308)


class FetchError(NetworkError):
    """A URL could not be fetched; ``retry`` says whether trying later may help."""

    def __init__(self, message: str, retry: bool):
        super().__init__(message)
        self.retry = retry


def _is_private(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast or ip.is_unspecified


def private_address(url: str) -> bool:
    """True when the URL's host is, or resolves to, a private, loopback or link-local address.

    A host that does not resolve is not private (fetching it will say it does not resolve)."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return _is_private(ipaddress.ip_address(host))
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return False
    return any(_is_private(ipaddress.ip_address(info[4][0].split("%")[0])) for info in found)


def network_problem(error: httpx.HTTPError, url: str) -> str:
    """What went wrong on the network, named: a host that does not resolve, a refused connection..."""
    host = urlsplit(url).hostname or url
    text = first_line(error)
    if isinstance(error, httpx.TimeoutException):
        return "timed out"
    if isinstance(error, httpx.ConnectError):
        lowered = text.lower()
        if "name or service not known" in lowered or "nodename nor servname" in lowered or "errno -" in lowered:
            return f"cannot resolve host {host} (DNS lookup failed)"
        if "refused" in lowered:
            return f"connection refused by {host}"
        return f"cannot connect to {host}: {text}"
    return f"network error: {text}"


class Fetcher:
    """An HTTP client with timeouts, retries, a per-host rate limit, robots.txt rules and size limits."""

    def __init__(
        self,
        *,
        timeout: float = 20.0,
        retries: int = 2,
        backoff: float = 1.0,
        min_interval: float = 1.0,
        max_mb: float = DEFAULT_MAX_MB,
        user_agent: str = USER_AGENT,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.timeout, self.retries, self.backoff = timeout, retries, backoff
        self.min_interval, self.user_agent, self.sleep = min_interval, user_agent, sleep
        self.max_mb = max_mb
        self.client = httpx.Client(
            timeout=timeout, follow_redirects=False, transport=transport, headers={"User-Agent": user_agent}
        )
        self._last: dict[str, float] = {}
        self._interval: dict[str, float] = {}
        self._robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser, FetchError | None]] = {}

    def close(self) -> None:
        self.client.close()

    # ---------------------------------------------------------------- politeness

    def _pace(self, host: str) -> None:
        interval = self._interval.get(host, self.min_interval)
        last = self._last.get(host)
        if last is not None:
            delay = last + interval - time.monotonic()
            if delay > 0:
                self.sleep(delay)
        self._last[host] = time.monotonic()

    def _read(self, url: str, limit: int) -> tuple[httpx.Response, bytes, bool]:
        """One GET (no redirect followed): the answer, at most ``limit`` bytes of its body, and
        whether that is the whole body (False: the rest was not read)."""
        with self.client.stream("GET", url) as answer:
            declared = answer.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                return answer, b"", False
            body = bytearray()
            for chunk in answer.iter_bytes():
                body += chunk
                if len(body) > limit:
                    return answer, bytes(body[:limit]), False
            return answer, bytes(body), True

    def robots(self, url: str) -> urllib.robotparser.RobotFileParser:
        """The robots.txt rules of the URL's host (fetched once an hour); raises :class:`FetchError`
        when robots.txt could not be fetched, naming why."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        cached = self._robots.get(origin)
        if not cached or time.monotonic() - cached[0] >= ROBOTS_TTL:
            cached = (time.monotonic(), *self._load_robots(origin, parts.netloc))
            self._robots[origin] = cached
        if cached[2] is not None:
            raise cached[2]
        return cached[1]

    def _load_robots(self, origin: str, host: str) -> tuple[urllib.robotparser.RobotFileParser, FetchError | None]:
        rules = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        try:
            self._pace(host)
            answer, body, _ = self._read(origin + "/robots.txt", ROBOTS_MAX_BYTES)
        except httpx.HTTPError as error:
            problem = f"robots.txt not fetched ({network_problem(error, origin)}): host skipped for now"
            return rules, FetchError(problem, retry=True)
        if answer.status_code >= 500:
            problem = f"robots.txt answered HTTP {answer.status_code}: host skipped for now"
            return rules, FetchError(problem, retry=True)
        if answer.status_code >= 300:  # 4xx: no rules; a redirected robots.txt is not followed
            rules.allow_all = True  # type: ignore[attr-defined]  # what read() sets
        else:  # an oversized robots.txt: its first ROBOTS_MAX_BYTES are the rules, as RFC 9309 allows
            text = body.decode("utf-8", "replace")
            rules.parse(text.splitlines())
        delay = rules.crawl_delay(self.user_agent)
        if delay:
            self._interval[host] = max(self.min_interval, float(delay))
        return rules, None

    def allowed(self, url: str) -> bool:
        return self.robots(url).can_fetch(self.user_agent, url)

    # ---------------------------------------------------------------- fetching

    def get(self, url: str, *, private: bool = True) -> tuple[httpx.Response, bytes]:
        """GET a URL politely, following redirects; the final answer and its body.

        Raises :class:`FetchError` with a short reason. ``private=False`` refuses private,
        loopback and link-local addresses, on the first URL and on every redirect."""
        for _ in range(MAX_REDIRECTS + 1):
            if not private and private_address(url):
                raise FetchError("refused: a private or local address", retry=False)
            if not self.allowed(url):
                raise FetchError("disallowed by robots.txt", retry=False)
            answer, body = self._get_once(url)
            location = answer.headers.get("Location")
            if answer.status_code not in _REDIRECTS or not location:
                return answer, body
            url = urljoin(url, location)
        raise FetchError(f"too many redirects (over {MAX_REDIRECTS})", retry=False)

    def _get_once(self, url: str) -> tuple[httpx.Response, bytes]:
        host = urlsplit(url).netloc
        limit = int(self.max_mb * MB)
        reason = "not fetched"
        for attempt in range(self.retries + 1):
            wait = self.backoff * 2**attempt
            self._pace(host)
            try:
                answer, body, whole = self._read(url, limit)
            except httpx.TimeoutException:
                reason = f"timed out after {self.timeout:g} s"
            except httpx.HTTPError as error:
                reason = network_problem(error, url)
            else:
                status = answer.status_code
                if not whole:
                    raise FetchError(f"answer too large (> limit {self.max_mb:g} MB)", retry=False)
                if status < 400:
                    return answer, body
                reason = f"HTTP {status}"
                if status != 429 and status < 500:
                    raise FetchError(reason, retry=False)
                after = answer.headers.get("Retry-After", "")
                if after.isdigit():
                    wait = min(float(after), 60.0)
            if attempt < self.retries:
                self.sleep(wait)
        tries = self.retries + 1
        raise FetchError(f"{reason} ({tries} tr{'y' if tries == 1 else 'ies'})", retry=True)


def poll_feed(
    fetcher: Fetcher, feed_url: str, known: Callable[[str], str | None], published: dt.date | None = None
) -> Iterator[Item]:
    """The new articles of one feed: fetch it, then each item page not stored yet.

    ``known(url)`` says why a link needs no fetching ("stored": counted as skipped; "given
    up": passed over) or None. Items without a link are read from their own content, as in
    a feed file.
    """
    try:
        _, body = fetcher.get(feed_url)
    except FetchError as error:
        yield Item(location=feed_url, problem=f"feed: {error}", stage="fetch", retry=error.retry)
        return
    parsed, trouble = parse_feed(body)
    if parsed is None:
        yield Item(location=feed_url, problem=trouble, stage="fetch", retry=True)
        return
    local_feed = private_address(feed_url)
    for number, entry in enumerate(parsed.entries, 1):
        link = entry.get("link")
        if not link:
            where = f"{feed_url}#{entry.get('id') or number}"
            try:
                yield Item(location=where, article=feed_item_article(entry, parsed, published))
            except InputProblem as error:
                yield Item(location=where, problem=str(error))
            continue
        if urlsplit(link).scheme not in ("http", "https", ""):
            yield Item(location=link, problem="not an http(s) link", stage="fetch")
            continue
        link = urljoin(feed_url, link)
        why = known(link)
        if why == "stored":
            yield Item(location=link, known=True)
        if why is not None:
            continue
        yield fetch_article(fetcher, link, entry, parsed, published, private=local_feed)


def fetch_article(
    fetcher: Fetcher, link: str, entry: Any, parsed: Any, published: dt.date | None, *, private: bool = True
) -> Item:
    """Fetch and extract one article page; problems come back as quarantine items."""
    try:
        page, body = fetcher.get(link, private=private)
    except FetchError as error:
        return Item(location=link, problem=str(error), stage="fetch", retry=error.retry)
    content_type = page.headers.get("Content-Type", "")
    if content_type and "html" not in content_type.lower():
        return Item(location=link, problem=f"not an HTML page ({content_type.split(';')[0]})", stage="fetch")
    try:
        html, _ = decode_html(body, content_type)
        article = parse_html(html, entry_date(entry) or published)
    except InputProblem as error:
        return Item(location=link, problem=str(error), stage="fetch")
    source = article.source or parsed.feed.get("title") or urlsplit(link).hostname
    update = {"url": link, "source": source}
    if article.title is None and entry.get("title"):  # the item's headline, and the id as if the page had it
        update |= {"title": entry["title"], "id": article_id(article.text, entry["title"])}
    return Item(location=link, article=article.model_copy(update=update))
