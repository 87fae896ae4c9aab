"""Cues around a place candidate that say which kind of place it is.

Assigns to :class:`PlaceCandidate` fields: a region cue ("Sumy region", "the governor of
Georgia"), a locative cue ("in Krynky"), US-politics cues for names like "Georgia", and the
qualifier that decides a name jointly ("Paris, Texas", "Syria's Homs")."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from dyad.actors.matcher import span_head
from dyad.context.places.candidates import PlaceCandidate, lower_word
from dyad.context.places.words import (
    GOVERNOR_WORDS,
    LOCATIVE,
    PLURAL_REGION_WORDS,
    REGION_WORDS,
    SETTLEMENT_WORDS,
    US_CUES,
)
from dyad.doccache import sentence_of, span_tokens, tokens


def region_word(token: Token) -> bool:
    return token.lower_ in REGION_WORDS or token.lemma_.lower() in REGION_WORDS


def direct_region_cue(token: Token) -> bool:
    """ "Sumy region", "Donetsk Oblast", "the regions of Donetsk", "the state of Georgia"."""
    head = token.head
    if token.dep_ in ("compound", "nmod", "amod", "poss", "npadvmod") and region_word(head):
        return head.lower_ not in ("state", "states") or head.i == token.i + 1
    if token.dep_ == "pobj" and head.lower_ == "of" and region_word(head.head):
        return True
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return following is not None and region_word(following) and following.lower_ not in ("republic", "states")


def has_region_cue(doc: Doc, m: PlaceCandidate) -> bool:
    head = span_head(doc, m.start, m.end)
    if m.end < len(doc) and lower_word(doc[m.end]) in GOVERNOR_WORDS:
        return True  # "Washington Gov. Jay Inslee", "Kharkiv Governor Oleh Syniehubov"
    if head.dep_ == "pobj" and head.head.lower_ == "of" and lower_word(head.head.head) in GOVERNOR_WORDS:
        return True  # "the governor of Georgia"
    if direct_region_cue(head) or (
        m.end < len(doc) and region_word(doc[m.end]) and doc[m.end].lower_ not in ("republic", "states")
    ):
        return True
    for other in head.conjuncts:
        if direct_region_cue(other) or other.lower_ in PLURAL_REGION_WORDS:
            return True
    return False


def has_locative_cue(doc: Doc, m: PlaceCandidate) -> bool:
    before = doc[m.start - 1] if m.start > 0 else None
    if before is None:
        return False
    if before.lower_ == "of" and m.start > 1 and doc[m.start - 2].lower_ in SETTLEMENT_WORDS:
        return True
    head = span_head(doc, m.start, m.end)
    return before.lower_ in LOCATIVE or (head.dep_ == "pobj" and head.head.lower_ in LOCATIVE)


def link_qualifiers(doc: Doc, mentions: list[PlaceCandidate]) -> None:
    """ "Paris, Texas": a place, a comma, and a country or region that may hold it; "Syria's
    Homs": a country, its possessive, and a place that must lie in it."""
    for a, b in zip(mentions, mentions[1:]):
        if (
            b.start == a.end + 1
            and doc[a.end].lower_ in ("'s", "’s")
            and any(h.entry.kind == "country" for h in a.hits)
        ):
            b.qualifier, a.qualifies, b.possessive = a, b, True
            continue
        if b.start != a.end + 1 or doc[a.end].text != ",":
            continue
        b_kinds = {h.entry.kind for h in b.hits}
        if not b_kinds & {"country", "region"} or any(h.entry.kind == "country" for h in a.hits):
            continue
        if span_head(doc, b.start, b.end).dep_ in ("compound", "amod", "nmod"):
            continue  # "against Cuba, U.S. officials said"
        after = doc[b.end] if b.end < len(doc) else None
        listed = after is not None and (
            after.lower_ in ("and", "or")
            or (after.text == "," and b.end + 1 < len(doc) and doc[b.end + 1].lower_ in ("and", "or"))
        )
        us_state_or_country = any(
            h.entry.kind == "country" or (h.entry.kind == "region" and h.entry.country == "USA") for h in b.hits
        )
        if listed and not us_state_or_country:
            continue  # "Sloviansk, Donetsk and Kramatorsk": a list
        a.qualifier, b.qualifies = b, a


def us_cue(doc: Doc, m: PlaceCandidate) -> bool:
    return any(lower_word(t) in US_CUES for t in span_tokens(sentence_of(tokens(doc)[m.start])))


def us_places(m: PlaceCandidate, mentions: list[PlaceCandidate]) -> bool:
    return any(
        o is not m
        and o.sent_start == m.sent_start
        and o.choice is not None
        and o.choice.country == "USA"
        and o.choice.kind != "country"
        and o.confident
        for o in mentions
    )
