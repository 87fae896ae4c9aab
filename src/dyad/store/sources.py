"""Local inputs for ingest: files and folders → :class:`~dyad.store.ingest.Item` records.

Assigns each article its input location (``path``, ``path#id`` for files holding many
articles, ``path#url`` for WARC records) and, for feed items and WARC records, the
article's ``url``, ``source`` and fallback ``published`` date. Kinds, by suffix:

* ``.txt``, ``.jsonl``/``.ndjson``, ``.html``/``.htm`` — :func:`dyad.readers.read_path`
* ``.rss``, ``.atom``, ``.xml`` (when it is a feed) — RSS/Atom via feedparser; each item
  becomes one article from its content (else its summary), headline first
* ``.warc``, ``.warc.gz`` — WARC via warcio; each HTTP 200 ``response`` record with an HTML
  body goes through :func:`dyad.readers.parse_html`; other records are not articles and are passed by

Folders are walked recursively in sorted order, skipping hidden entries and files of
other kinds; a file named explicitly with an unknown kind is quarantined.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dyad.readers import SUFFIXES, ReadError, parse_html, parse_text, read_path, text_id
from dyad.readers.text import MB, InputProblem, decode_bytes, os_problem
from dyad.records import Article
from dyad.store.ingest import Item

FEED_SUFFIXES = (".rss", ".atom", ".xml")
WARC_SUFFIXES = (".warc", ".warc.gz")
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)\b", re.I)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)


def kind(path: Path) -> str | None:
    """ "article", "feed" or "warc" by the file's suffix; None for other files."""
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(FEED_SUFFIXES):
        return "feed"
    if path.suffix.lower() in SUFFIXES:
        return "article"
    return None


def walk(path: Path) -> Iterator[Path]:
    """The input files under a folder, recursively, sorted, hidden entries and other kinds skipped."""
    entries = sorted(os.scandir(path), key=lambda e: e.name)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        child = Path(entry.path)
        if entry.is_dir(follow_symlinks=True):
            yield from walk(child)
        elif kind(child) is not None:
            yield child


def read_inputs(
    paths: Iterable[str | Path], published: dt.date | None = None, *, max_mb: float = 20.0
) -> Iterator[Item]:
    """Every article and problem in the given files and folders, in order."""
    for raw in paths:
        path = Path(raw)
        if str(raw) != "-" and path.is_dir():
            for child in walk(path):
                yield from read_file(child, published, max_mb=max_mb)
        else:
            yield from read_file(path, published, max_mb=max_mb)


def read_file(path: Path, published: dt.date | None = None, *, max_mb: float = 20.0) -> Iterator[Item]:
    """The articles (and problems) of one input file, whatever its kind."""
    what = kind(path) if str(path) != "-" else "article"
    if what == "warc":
        yield from read_warc(path, published, max_mb=max_mb)
        return
    if what == "feed":
        yield from read_feed_file(path, published, max_mb=max_mb)
        return
    many = path.suffix.lower() in (".jsonl", ".ndjson") or str(path) == "-"
    for entry in read_path(path, published, max_mb=max_mb):
        if isinstance(entry, ReadError):
            yield Item(location=entry.input, problem=entry.problem, warning=entry.severity == "warning")
        else:
            yield Item(location=f"{path}#{entry.id}" if many else str(path), article=entry)


# ---------------------------------------------------------------- feeds


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment (a feed item's content): one line per block element."""
    import lxml.html

    if "<" not in markup:
        return markup.strip()
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except Exception:  # lxml raises a handful of types for broken markup
        return re.sub(r"<[^>]+>", " ", markup).strip()
    for element in root.iter("br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr"):
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def entry_date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    return None


def parse_feed(data: bytes, location: str) -> tuple[Any | None, str | None]:
    """Parse feed bytes with feedparser: (parsed feed, None), or (None, the problem)."""
    import feedparser

    parsed = feedparser.parse(data)
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
    title = " ".join((entry.get("title") or "").split()) or None
    contents = entry.get("content") or []
    markup = contents[0].get("value", "") if contents else entry.get("summary", "")
    body = html_to_text(markup or "")
    if not body:
        raise InputProblem("feed item has no content or summary")
    text = body if title is None or body.startswith(title) else f"{title}\n{body}"
    link = entry.get("link") or None
    language = (feed.feed.get("language") or "en")[:2].lower() if feed else "en"
    return parse_text(
        text,
        str(entry.get("id") or link or text_id(text)),
        entry_date(entry) or published,
        title=title,
        url=link,
        source=(feed.feed.get("title") if feed else None) or None,
        language=language,
    )


def read_feed_file(path: Path, published: dt.date | None = None, *, max_mb: float = 20.0) -> Iterator[Item]:
    """Each item of a saved RSS/Atom feed as an article (from its content or summary)."""
    try:
        if path.stat().st_size > max_mb * MB:
            yield Item(location=str(path), problem=f"file too large (> limit {max_mb:g} MB)")
            return
        data = path.read_bytes()
    except OSError as error:
        yield Item(location=str(path), problem=os_problem(error))
        return
    if path.suffix.lower() == ".xml" and not _FEED_ROOT.search(data[:4096]):
        yield Item(location=str(path), problem="not an RSS or Atom feed")
        return
    parsed, trouble = parse_feed(data, str(path))
    if parsed is None:
        yield Item(location=str(path), problem=trouble)
        return
    for number, entry in enumerate(parsed.entries, 1):
        where = f"{path}#{entry.get('id') or entry.get('link') or number}"
        try:
            yield Item(location=where, article=feed_item_article(entry, parsed, published))
        except InputProblem as error:
            yield Item(location=where, problem=str(error))


# ---------------------------------------------------------------- WARC


def decode_html(data: bytes, content_type: str | None) -> tuple[str, str | None]:
    """HTML bytes → text, using the HTTP charset, else the page's meta charset."""
    declared = _CHARSET.search(content_type or "")
    if declared is None:
        meta = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", data[:5000], re.I)
        charset = meta.group(1).decode("ascii") if meta else None
    else:
        charset = declared.group(1)
    return decode_bytes(data, charset)


@dataclass(frozen=True)
class WarcPage:
    """One HTTP 200 HTML response of a WARC file: decoded HTML, or the problem with it."""

    uri: str
    captured: dt.date | None
    html: str | None
    problem: str | None


def warc_pages(stream, max_mb: float = 20.0) -> Iterator[WarcPage]:
    """The HTML pages of a WARC stream (``response`` records with HTTP 200 and an HTML type).

    Raises what warcio raises for a broken file; a page too large or undecodable comes back
    with its problem."""
    from warcio.archiveiterator import ArchiveIterator

    for record in ArchiveIterator(stream):
        if record.rec_type != "response" or record.http_headers is None:
            continue
        content_type = record.http_headers.get_header("Content-Type") or ""
        if "html" not in content_type.lower() or record.http_headers.get_statuscode() != "200":
            continue
        uri = record.rec_headers.get_header("WARC-Target-URI") or ""
        captured = _warc_date(record.rec_headers.get_header("WARC-Date"))
        data = record.content_stream().read(int(max_mb * MB) + 1)
        if len(data) > max_mb * MB:
            yield WarcPage(uri, captured, None, f"record too large (> limit {max_mb:g} MB)")
            continue
        try:
            html, _ = decode_html(data, content_type)
        except InputProblem as error:
            yield WarcPage(uri, captured, None, str(error))
            continue
        yield WarcPage(uri, captured, html, None)


def bad_warc(error: Exception) -> str:
    detail = str(error).splitlines()[0] if str(error) else type(error).__name__
    return f"bad WARC file: {detail}"


def read_warc(path: Path, published: dt.date | None = None, *, max_mb: float = 20.0) -> Iterator[Item]:
    """Each HTML response record of a WARC file as an article (url = WARC-Target-URI).

    The record's capture date is the publication date when the page states none and no
    default was given.
    """
    try:
        stream = path.open("rb")
    except OSError as error:
        yield Item(location=str(path), problem=os_problem(error))
        return
    with stream:
        try:
            for page in warc_pages(stream, max_mb):
                where = f"{path}#{page.uri}"
                if page.problem is not None:
                    yield Item(location=where, problem=page.problem)
                    continue
                try:
                    article = parse_html(page.html, published or page.captured)
                except InputProblem as error:
                    yield Item(location=where, problem=str(error))
                    continue
                yield Item(location=where, article=article.model_copy(update={"url": page.uri or article.url}))
        except Exception as error:  # warcio raises ArchiveLoadFailed, ValueError, zlib errors...
            yield Item(location=str(path), problem=bad_warc(error))


def _warc_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


# ---------------------------------------------------------------- watching a folder


class FolderWatcher:
    """Finds the input files of a folder that are new or changed since the last scan.

    A file is reported once its size and modification time held still for one scan, so a
    file being copied in is not read half-written.
    """

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self._done: dict[Path, tuple[int, int]] = {}
        self._settling: dict[Path, tuple[int, int]] = {}

    def scan(self) -> list[Path]:
        """The files ready to ingest now, sorted."""
        ready: list[Path] = []
        for path in walk(self.folder):
            try:
                stat = path.stat()
            except OSError:
                continue
            signature = (stat.st_size, stat.st_mtime_ns)
            if self._done.get(path) == signature:
                continue
            if self._settling.get(path) == signature:
                del self._settling[path]
                self._done[path] = signature
                ready.append(path)
            else:
                self._settling[path] = signature
        return ready


def wait(seconds: float, deadline: float | None) -> bool:
    """Sleep up to ``seconds`` without passing ``deadline``; False when the deadline has come."""
    now = time.monotonic()
    if deadline is not None:
        if now >= deadline:
            return False
        seconds = min(seconds, deadline - now)
    time.sleep(max(seconds, 0))
    return deadline is None or time.monotonic() < deadline
