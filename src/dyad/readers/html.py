"""HTML input: one saved news page → one :class:`Article`, with no network access.

The main text is extracted with trafilatura, favouring precision (navigation, footers,
related links and comments are dropped; tables too). Assigns ``title`` (page metadata:
og:title, JSON-LD or <title>), ``source`` (site name), ``url`` (canonical or og:url),
``language`` (primary subtag of ``<html lang>``, else "en"), ``published`` (the date the
page's metadata gives, read by htmldate without looking at the URL; else the caller's
default), ``id`` (:func:`dyad.readers.base.article_id` of the extracted text and title), and, through
:func:`dyad.readers.text.parse_text`, dateline, byline and skip spans. The title is not
added to the text; ``text`` is the extracted main text, paragraphs joined by newlines.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from dyad.readers.base import InputProblem, Item, read_bounded
from dyad.readers.text import decode_bytes, make_article
from dyad.records import Article

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)
_HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z]{2,3})\b""", re.I)


def _published(html: str) -> dt.date | None:
    from htmldate import find_date  # installed with trafilatura

    # url="" stops htmldate from reading a date out of the (canonical) URL
    found = find_date(html, url="", extensive_search=False, original_date=True)
    return dt.date.fromisoformat(found) if found else None


def parse_html(html: str, published: dt.date | None = None, *, article_id: str | None = None) -> Article:
    """Extract the article from an HTML page; raises :class:`InputProblem` when there is none.

    ``published`` is used when the page's metadata gives no date; ``article_id``
    defaults to the id of the extracted text and title.
    """
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        with_metadata=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    meta: dict[str, Any] = {} if doc is None else doc if isinstance(doc, dict) else doc.as_dict()
    text = (meta.get("text") or "").strip()
    if not text:
        raise InputProblem("no article text found in HTML")
    lang = _LANG.search(html[:5000])
    return make_article(
        text,
        id=article_id,
        title=meta.get("title") or None,
        published=_published(html) or published,
        url=meta.get("url") or None,
        source=meta.get("sitename") or None,
        language=lang.group(1).lower() if lang else "en",
    )


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset an HTTP Content-Type gives, else the page's own ``<meta charset>``."""
    declared = _HTTP_CHARSET.search(content_type or "")
    if declared is not None:
        return declared.group(1)
    meta = _CHARSET.search(data[:5000])
    return meta.group(1).decode("ascii") if meta else None


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str | None]:
    """HTML bytes → text, using the HTTP charset, else the page's meta charset; ``(html, warning)``."""
    return decode_bytes(data, declared_charset(data, content_type))


def read_html(stream: BinaryIO, name: str, published: dt.date | None = None, *, max_mb: float = 20.0) -> Iterator[Item]:
    """Read one saved HTML page (at most ``max_mb``) from an open binary stream as one article."""
    try:
        html, warning = decode_html(read_bounded(stream, max_mb))
        if warning:
            yield Item(location=name, problem=warning, warning=True)
        yield Item(location=name, article=parse_html(html, published))
    except InputProblem as exc:
        yield Item(location=name, problem=str(exc))
