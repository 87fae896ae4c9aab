"""Polling news feeds over HTTP: feed → new item links → article pages → :class:`Item` records.

Assigns each fetched article its ``url`` (the item's link, as fetched), ``source`` (the
page's site name, else the feed's title, else the host) and fallback ``published`` date
(the item's date). The :class:`Fetcher` is a polite client:

* an honest user agent, :data:`USER_AGENT`;
* robots.txt obeyed (urllib.robotparser, per host, re-read hourly; its Crawl-delay raises
  the per-host interval); an unreachable robots.txt or a 5xx answer means "disallow all"
  for now, as RFC 9309 asks, and 4xx means "no rules";
* at most one request per ``min_interval`` seconds to each host;
* timeouts, and retries with exponential backoff for timeouts, connection errors, HTTP 429
  and 5xx (``Retry-After`` honoured up to a minute); other 4xx answers are final.

Links already stored, or quarantined for good (HTTP 404, disallowed), are not fetched again.
"""

from __future__ import annotations

import datetime as dt
import time
import urllib.robotparser
from collections.abc import Callable, Iterator
from urllib.parse import urljoin, urlsplit

import httpx

from dyad.errors import NetworkError
from dyad.readers import parse_html
from dyad.readers.text import InputProblem
from dyad.store.ingest import Item
from dyad.store.sources import decode_html, entry_date, feed_item_article, parse_feed

USER_AGENT = "dyad/0.1 (+https://github.com/dyad-events/dyad)"
ROBOTS_TTL = 3600.0


class FetchError(NetworkError):
    """A URL could not be fetched; ``retry`` says whether trying later may help."""

    def __init__(self, message: str, retry: bool):
        super().__init__(message)
        self.retry = retry


class Fetcher:
    """An HTTP client with timeouts, retries, a per-host rate limit and robots.txt rules."""

    def __init__(
        self,
        *,
        timeout: float = 20.0,
        retries: int = 2,
        backoff: float = 1.0,
        min_interval: float = 1.0,
        user_agent: str = USER_AGENT,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.timeout, self.retries, self.backoff = timeout, retries, backoff
        self.min_interval, self.user_agent, self.sleep = min_interval, user_agent, sleep
        self.client = httpx.Client(
            timeout=timeout, follow_redirects=True, transport=transport, headers={"User-Agent": user_agent}
        )
        self._last: dict[str, float] = {}
        self._interval: dict[str, float] = {}
        self._robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser]] = {}

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

    def robots(self, url: str) -> urllib.robotparser.RobotFileParser:
        """The robots.txt rules of the URL's host (fetched once an hour)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        cached = self._robots.get(origin)
        if cached and time.monotonic() - cached[0] < ROBOTS_TTL:
            return cached[1]
        rules = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        try:
            self._pace(parts.netloc)
            answer = self.client.get(origin + "/robots.txt")
        except httpx.HTTPError:
            rules.disallow_all = True  # type: ignore[attr-defined]  # what read() sets
        else:
            if answer.status_code >= 500:
                rules.disallow_all = True  # type: ignore[attr-defined]  # what read() sets
            elif answer.status_code >= 400:
                rules.allow_all = True  # type: ignore[attr-defined]
            else:
                rules.parse(answer.text.splitlines())
        delay = rules.crawl_delay(self.user_agent)
        if delay:
            self._interval[parts.netloc] = max(self.min_interval, float(delay))
        self._robots[origin] = (time.monotonic(), rules)
        return rules

    def allowed(self, url: str) -> bool:
        return self.robots(url).can_fetch(self.user_agent, url)

    # ---------------------------------------------------------------- fetching

    def get(self, url: str) -> httpx.Response:
        """GET a URL politely; raises :class:`FetchError` with a short reason."""
        if not self.allowed(url):
            raise FetchError("disallowed by robots.txt", retry=False)
        host = urlsplit(url).netloc
        reason = "not fetched"
        for attempt in range(self.retries + 1):
            wait = self.backoff * 2**attempt
            self._pace(host)
            try:
                answer = self.client.get(url)
            except httpx.TimeoutException:
                reason = f"timed out after {self.timeout:g} s"
            except httpx.HTTPError as error:
                reason = f"cannot connect: {str(error).splitlines()[0] if str(error) else type(error).__name__}"
            else:
                status = answer.status_code
                if status < 400:
                    return answer
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
        answer = fetcher.get(feed_url)
    except FetchError as error:
        yield Item(location=feed_url, problem=f"feed: {error}", stage="fetch", retry=error.retry)
        return
    parsed, trouble = parse_feed(answer.content, feed_url)
    if parsed is None:
        yield Item(location=feed_url, problem=trouble, stage="fetch", retry=True)
        return
    for number, entry in enumerate(parsed.entries, 1):
        link = entry.get("link")
        if not link:
            where = f"{feed_url}#{entry.get('id') or number}"
            try:
                yield Item(location=where, article=feed_item_article(entry, parsed, published))
            except InputProblem as error:
                yield Item(location=where, problem=str(error))
            continue
        link = urljoin(feed_url, link)
        why = known(link)
        if why == "stored":
            yield Item(location=link, known=True)
        if why is not None:
            continue
        yield fetch_article(fetcher, link, entry, parsed, published)


def fetch_article(fetcher: Fetcher, link: str, entry, parsed, published: dt.date | None) -> Item:
    """Fetch and extract one article page; problems come back as quarantine items."""
    try:
        page = fetcher.get(link)
    except FetchError as error:
        return Item(location=link, problem=str(error), stage="fetch", retry=error.retry)
    content_type = page.headers.get("Content-Type", "")
    if content_type and "html" not in content_type.lower():
        return Item(location=link, problem=f"not an HTML page ({content_type.split(';')[0]})", stage="fetch")
    try:
        html, _ = decode_html(page.content, content_type)
        day = entry_date(entry) or published
        article = parse_html(html, day)
    except InputProblem as error:
        return Item(location=link, problem=str(error), stage="fetch")
    source = article.source or parsed.feed.get("title") or urlsplit(link).hostname
    title = article.title or entry.get("title") or None
    return Item(location=link, article=article.model_copy(update={"url": link, "source": source, "title": title}))
