"""Reported speech: who says what, and which words are quoted.

Assigns the speaker of an event found inside reported speech ("Jo said Washington
interferes ..." → attributed to PRKGOV) and tells whether a token lies inside quotation marks."""

from __future__ import annotations

from bisect import bisect_left

__all__ = ["SPEECH_VERBS", "in_ranges", "quoted_ranges", "speaker", "speech_head"]

from spacy.tokens import Doc, Span, Token

from dyad.actors.coref import ActorIndex
from dyad.actors.matcher import Mention
from dyad.doccache import memo, span_tokens, word_indices
from dyad.events.roles import sources
from dyad.lexicon import QUOTE_MARKS, SPEECH_VERBS


def quoted_ranges(sentence: Span) -> list[tuple[int, int]]:
    """Token index ranges [start, end) inside quotation marks in this sentence.

    An odd number of marks means the quote runs on from, or into, another sentence: the
    unmatched part runs to the sentence's edge on the side without the mark."""
    every = _quote_marks(sentence.doc)
    marks = every[bisect_left(every, sentence.start) : bisect_left(every, sentence.end)]
    if not marks:
        return []
    inside = span_tokens(sentence)
    ranges = [(marks[k] + 1, marks[k + 1]) for k in range(0, len(marks) - 1, 2)]
    if len(marks) % 2 == 1:
        last = marks[-1]
        before = sum(1 for t in inside if t.i < last and not t.is_punct and not t.is_space)
        after = sum(1 for t in inside if t.i > last and not t.is_punct and not t.is_space)
        ranges.append((sentence.start, last) if before and not after else (last + 1, sentence.end))
    return ranges


def _quote_marks(doc: Doc) -> list[int]:
    """The indices of the doc's quotation marks, from the tokens' ids (found once per doc)."""
    known = memo(doc)
    found = known.get("quote marks")
    if found is None:
        found = known["quote marks"] = word_indices(doc, is_quote_mark)
    return found


def is_quote_mark(text: str) -> bool:
    return text in QUOTE_MARKS


def in_ranges(token: Token, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= token.i < end for start, end in ranges)


def speech_head(trigger: Token) -> Token | None:
    """The speech verb whose reported clause holds the trigger, if any."""
    token = trigger
    for _ in range(8):
        if token.head.i == token.i:
            return None
        if token.dep_ in ("ccomp", "parataxis") and token.head.lemma_ in SPEECH_VERBS and token.head.i != trigger.i:
            return token.head
        token = token.head
    return None


def speaker(trigger: Token, index: ActorIndex) -> tuple[list[Mention], Token | None]:
    """The actors who report this event, and their speech verb."""
    verb = speech_head(trigger)
    if verb is None:
        return [], None
    return sources(verb, index), verb
