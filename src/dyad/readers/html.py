"""HTML input: one saved news page → one :class:`Article`, with no network access.

The main text is extracted with trafilatura, favouring precision (navigation, footers,
related links and comments are dropped; tables too). Assigns ``title`` (page metadata:
og:title, JSON-LD or <title>), ``source`` (site name), ``url`` (canonical or og:url),
``language`` (primary subtag of ``<html lang>``, else "en"), ``published`` (the date the
page's metadata gives, read by htmldate without looking at the URL; else the caller's
default), ``id`` (SHA-1 id of the extracted text), and, through
:func:`dyad.readers.text.parse_text`, dateline, byline and skip spans. The title is not
added to the text; ``text`` is the extracted main text, paragraphs joined by newlines.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dyad.readers.text import (
    InputProblem,
    ReadError,
    decode_bytes,
    os_problem,
    parse_text,
    read_limited,
    text_id,
)
from dyad.records import Article

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)
_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z]{2,3})\b""", re.I)


def _published(html: str) -> dt.date | None:
    from htmldate import find_date  # installed with trafilatura

    # url="" stops htmldate from reading a date out of the (canonical) URL
    found = find_date(html, url="", extensive_search=False, original_date=True)
    return dt.date.fromisoformat(found) if found else None


def parse_html(html: str, published: dt.date | None = None, *, article_id: str | None = None) -> Article:
    """Extract the article from an HTML page; raises :class:`InputProblem` when there is none.

    ``published`` is used when the page's metadata gives no date; ``article_id``
    defaults to the SHA-1 id of the extracted text.
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
    return parse_text(
        text,
        article_id or text_id(text),
        _published(html) or published,
        title=meta.get("title") or None,
        url=meta.get("url") or None,
        source=meta.get("sitename") or None,
        language=lang.group(1).lower() if lang else "en",
    )


def read_html(path: Path, published: dt.date | None = None, *, max_mb: float = 20.0) -> Iterator[Article | ReadError]:
    """Read one ``.html``/``.htm`` file as one article."""
    name = str(path)
    try:
        data = read_limited(path, max_mb)
        declared = _CHARSET.search(data[:5000])
        html, warning = decode_bytes(data, declared.group(1).decode("ascii") if declared else None)
        if warning:
            yield ReadError(input=name, problem=warning, severity="warning")
        yield parse_html(html, published)
    except InputProblem as exc:
        yield ReadError(input=name, problem=str(exc))
    except OSError as exc:
        yield ReadError(input=name, problem=os_problem(exc))
