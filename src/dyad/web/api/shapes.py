"""Store rows → the API's models: evidence char spans, places, events, articles; URLs kept only
when they are http(s), so nothing else ever reaches an ``href``."""

from __future__ import annotations

import re
from typing import Any

from dyad.store import rows
from dyad.store.analytics import ArticleRows, EventRows
from dyad.store.query import record
from dyad.web.api import models

_ACTOR = ("code", "text", "country", "sector", "name")


def _find(haystack: str, needle: str, start: int = 0) -> int:
    return haystack.lower().find(needle.lower(), start)


def word_spans(sentence: str, offset: int, words: str | None) -> list[tuple[int, int]]:
    """Where ``words`` occur in ``sentence``, as ``[start, end)`` spans shifted by ``offset``.

    The phrase itself when it occurs; else each of its words (a split trigger such as
    "impose ... sanctions"), each after the previous one where possible.
    """
    if not words or not words.strip():
        return []
    at = _find(sentence, words.strip())
    if at >= 0:
        return [(offset + at, offset + at + len(words.strip()))]
    spans, cursor = [], 0
    for word in re.findall(r"\w[\w'-]*", words):
        at = _find(sentence, word, cursor)
        if at < 0:
            at = _find(sentence, word)
        if at >= 0:
            spans.append((offset + at, offset + at + len(word)))
            cursor = at + len(word)
    return spans


def web_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) URL, else None (no ``javascript:`` or ``data:`` links)."""
    return url if url and re.match(r"(?i)^https?://[^\s]+$", url) else None


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def place(row: Any) -> models.Place:
    span = (row.char_start, row.char_end) if row.char_start is not None else None
    return models.Place(
        name=row.name,
        country=row.country,
        admin1=row.admin1,
        lat=row.lat,
        lon=row.lon,
        geonames_id=row.feature_id,
        span=span,
        event=row.event,
    )


def mention_evidence(row: Any) -> models.MentionEvidence:
    start, sentence = row.char_start, row.sentence_text or ""
    return models.MentionEvidence(
        event_id=row.event_id,
        article_id=row.article_key,
        title=row.title,
        url=web_url(row.url),
        source=row.publisher,
        published=_iso(row.published),
        date=row.date,
        modality=row.modality,
        sentence=sentence,
        sentence_span=(row.char_start, row.char_end),
        trigger=row.trigger,
        trigger_spans=word_spans(sentence, start, row.trigger),
        source_text=row.source_text,
        source_spans=word_spans(sentence, start, row.source_text),
        target_text=row.target_text,
        target_spans=word_spans(sentence, start, row.target_text),
    )


def event(found: EventRows) -> models.Event:
    data = record(found.row)
    data["evidence"]["url"] = web_url(data["evidence"]["url"])
    return models.Event(
        **data,
        mention_evidence=[mention_evidence(m) for m in found.mentions],
        places=[place(p) for p in found.places],
    )


def _article_event(m: Any) -> models.ArticleEvent:
    sentence = m.sentence_text or ""
    return models.ArticleEvent(
        event=m.event,
        event_id=m.event_id,
        date=m.date,
        modality=m.modality,
        source=rows.actor_dict(m, "source", _ACTOR),
        target=rows.actor_dict(m, "target", _ACTOR),
        cameo=m.cameo,
        cameo_name=m.cameo_name,
        plover=models.Plover(type=m.plover_type, mode=m.plover_mode),
        quad_class=m.quad_class,
        goldstein=m.goldstein,
        attributed_to=m.attributed_to,
        sentence=sentence,
        sentence_span=(m.char_start, m.char_end),
        trigger=m.trigger,
        trigger_spans=word_spans(sentence, m.char_start, m.trigger),
        source_spans=word_spans(sentence, m.char_start, m.source_text),
        target_spans=word_spans(sentence, m.char_start, m.target_text),
    )


def _quote(q: Any) -> models.Quote:
    return models.Quote(
        quote_id=q.quote_id,
        direct=bool(q.direct),
        text=q.text,
        span=(q.char_start, q.char_end),
        speaker=models.Speaker(
            name=q.speaker_name,
            title=q.speaker_title,
            text=q.speaker_text,
            code=q.speaker_code,
            country=q.speaker_country,
        ),
    )


def article(found: ArticleRows) -> models.Article:
    row = found.row
    return models.Article(
        id=row.id,
        article_id=row.article_id,
        title=row.title,
        subtitle=row.subtitle,
        url=web_url(row.url),
        source=row.source,
        published=_iso(row.published),
        dateline=row.dateline,
        byline=row.byline,
        language=row.language,
        text=row.text,
        events=[_article_event(m) for m in found.mentions],
        quotes=[_quote(q) for q in found.quotes],
        places=[place(p) for p in found.places],
    )
