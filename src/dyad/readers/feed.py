"""RSS and Atom feeds (saved files, or fetched by :mod:`dyad.readers.fetch`) → one article per item.

Assigns each item's ``text`` (its headline on the first line, then its content, else its
summary, as plain text with one line per block element), ``title`` (the item's title),
``url`` (its link), ``source`` (the feed's title), ``language`` (the feed's, else "en"),
``published`` (the item's date, else the caller's default) and ``id`` (the item's id, else
its link, else :func:`dyad.readers.base.article_id`). An item location is ``FEED#ID``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from dyad.readers.base import InputProblem, Item, clean_text, first_line, read_bounded
from dyad.readers.text import make_article
from dyad.records import Article

_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)\b", re.I)
_BLOCKS = ("br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr")


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment (a feed item's content): one line per block element."""
    import lxml.html

    if "<" not in markup:
        return markup.strip()
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except Exception:  # lxml raises a handful of types for broken markup
        return re.sub(r"<[^>]+>", " ", markup).strip()
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def entry_date(entry: Any) -> dt.date | None:
    """The date of a feed item: published, else updated, else created."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except ValueError:
                continue
    return None


def parse_feed(data: bytes) -> tuple[Any | None, str | None]:
    """Parse feed bytes with feedparser: (parsed feed, None), or (None, the problem)."""
    import feedparser

    try:
        parsed = feedparser.parse(data)
    except Exception as error:  # feedparser's own parsers may raise on hostile markup
        return None, f"malformed feed: {first_line(error)}"
    if parsed.get("bozo") and not parsed.entries:
        cause = parsed.get("bozo_exception")
        detail = re.sub(r"^<unknown>:(\d+):\d+: ", r"line \1: ", str(cause).splitlines()[0]) if cause else ""
        detail = f": {detail}" if detail else ""
        return None, f"malformed feed{detail}"
    if not parsed.entries and not parsed.feed:
        return None, "not an RSS or Atom feed"
    return parsed, None


def feed_item_article(entry: Any, feed: Any, published: dt.date | None) -> Article:
    """One feed item as an article: headline, then its content (or summary) as text.

    Raises :class:`InputProblem` when the item has no text.
    """
    title = " ".join(clean_text(entry.get("title") or "").split()) or None
    contents = entry.get("content") or []
    markup = contents[0].get("value", "") if contents else entry.get("summary", "")
    body = html_to_text(markup or "")
    if not body:
        raise InputProblem("feed item has no content or summary")
    text = body if title is None or body.startswith(title) else f"{title}\n{body}"
    link = entry.get("link") or None
    language = (feed.feed.get("language") or "en")[:2].lower() if feed else "en"
    return make_article(
        text,
        id=clean_text(str(entry.get("id") or link or "")).strip() or None,
        title=title,
        published=entry_date(entry) or published,
        url=link,
        source=(feed.feed.get("title") if feed else None) or None,
        language=language,
    )


def feed_items(parsed: Any, name: str, published: dt.date | None = None) -> Iterator[Item]:
    """Each item of a parsed feed read from its own content (location ``NAME#ID``)."""
    for number, entry in enumerate(parsed.entries, 1):
        where = f"{name}#{entry.get('id') or entry.get('link') or number}"
        try:
            yield Item(location=where, article=feed_item_article(entry, parsed, published))
        except InputProblem as error:
            yield Item(location=where, problem=str(error))


def read_feed(stream: BinaryIO, name: str, published: dt.date | None = None, *, max_mb: float = 20.0) -> Iterator[Item]:
    """Each item of a saved RSS/Atom feed (at most ``max_mb``) as an article."""
    try:
        data = read_bounded(stream, max_mb)
    except InputProblem as error:
        yield Item(location=name, problem=str(error))
        return
    if name.lower().endswith(".xml") and not _FEED_ROOT.search(data[:4096]):
        yield Item(location=name, problem="not an RSS or Atom feed")
        return
    parsed, trouble = parse_feed(data)
    if parsed is None:
        yield Item(location=name, problem=trouble)
        return
    yield from feed_items(parsed, name, published)
