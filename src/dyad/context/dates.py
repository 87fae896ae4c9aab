"""Date each event from its article's publication date and the event's own clause.

Assigns `date`, `date_precision` and `date_source`. An event of the day is dated by
publication; a past deed recounted as background ("after it launched a missile", or
marked historical) has no date rather than a wrong one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from spacy.tokens import Token

_BACKGROUND_MARKS = {"after", "before", "since", "when", "once", "as"}


@dataclass(frozen=True)
class EventDate:
    value: str | None
    precision: str | None
    source: str | None


UNKNOWN = EventDate(None, None, None)


def is_background(trigger: Token) -> bool:
    """A past-tense clause introduced by "after", "since", "before": background, not the news."""
    token = trigger
    for _ in range(4):
        if token.tag_ in ("VBD", "VBN") and any(c.dep_ == "mark" and c.lower_ in _BACKGROUND_MARKS
                                                 for c in token.children):
            return True
        if token.dep_ not in ("xcomp", "conj") or token.head.i == token.i:
            return False
        token = token.head
    return False


def date_event(trigger: Token, modality: str, published: dt.date | None) -> EventDate:
    if modality == "historical" or is_background(trigger) or published is None:
        return UNKNOWN
    return EventDate(published.isoformat(), "day", "published")
