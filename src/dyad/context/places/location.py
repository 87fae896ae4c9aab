"""The place an event happened: the located place its sentence ties the action to.

Assigns :attr:`~dyad.records.Event.location` (:func:`event_location`), from the places
:func:`~dyad.context.places.find_places` found."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.tokens import Span, Token

from dyad.context.places.words import (
    COUNTRY_PREPS,
    LOCATIVE_PREPS,
    MOVEMENT_ONLY,
    MOVEMENT_VERBS,
    ON_NOUNS,
    PLACE_OBJECT_VERBS,
    REGION_WORDS,
    SETTLEMENT_WORDS,
)
from dyad.doccache import children, sentence_of
from dyad.records import Place


def _np_root(token: Token) -> Token:
    """Climb from a name to the noun phrase that holds it: "the city of Kharkiv" -> "city",
    "Donetsk and Luhansk" -> "Donetsk", "Kharkiv region" -> "region"."""
    for _ in range(6):
        if (
            token.dep_ == "conj"
            or token.dep_ == "appos"
            or token.dep_ in ("compound", "nmod", "amod")
            and token.head.pos_ in ("NOUN", "PROPN")
            and token.head.lower_ in REGION_WORDS | SETTLEMENT_WORDS | {"outskirts", "area", "areas"}
        ):
            token = token.head
        elif (
            token.dep_ == "pobj"
            and token.head.lower_ == "of"
            and token.head.head.lower_
            in (
                REGION_WORDS
                | SETTLEMENT_WORDS
                | ON_NOUNS
                | {"area", "areas", "part", "parts", "center", "centre", "suburbs", "suburb"}
            )
        ):
            token = token.head.head
        else:
            break
    return token


def _attached(prep: Token, trigger: Token) -> int | None:
    """How closely a preposition hangs on the action: 0 the trigger, 1 its object, 2 its
    subject; None if elsewhere."""
    host = prep.head
    if prep.dep_ == "conj":  # "in the city ... and on the outskirts of"
        while host.dep_ == "conj" and host.head.i != host.i:
            host = host.head
        host = host.head
    if host.i == trigger.i:
        return 0
    for child in children(trigger):
        if child.i == host.i and child.dep_ in ("dobj", "pobj", "attr", "oprd", "dative", "nsubjpass"):
            return 1
        if child.i == host.i and child.dep_ in ("nsubj", "agent"):
            return 2
        if child.dep_ == "prep" and any(g.i == host.i and g.dep_ == "pobj" for g in children(child)):
            return 1  # "the attack on the city near Kharkiv"
    return None


class PlaceIndex:
    """An article's places in text order, by character offset: each event then looks only at
    the places of its own sentence, so locating every event is linear in the article's length."""

    def __init__(self, places: list[Place]):
        self.places = sorted((p for p in places if p.char_span is not None), key=lambda p: p.char_span[0])
        self.starts = [p.char_span[0] for p in self.places]

    def within(self, start: int, end: int) -> list[Place]:
        """The places that start in [start, end], in text order."""
        return self.places[bisect_left(self.starts, start) : bisect_right(self.starts, end)]


def event_location(trigger: Token, places: list[Place] | PlaceIndex) -> Place | None:
    """The place the trigger's sentence ties the action to, or None.

    A place in a locative phrase ("in", "at", "near", "outside", "across", and "from"/"to"
    with a movement) that hangs on the trigger, its object or its subject; a city or region
    that is the trigger's object ("shelled Kharkiv") or modifies the event noun ("the Kharkiv
    counteroffensive"). A bare country counts only as the object of "in", "into", "across"
    ("troops in Ukraine shelled ...", not "Russia vetoed ..."). Never the dateline.
    """
    doc = trigger.doc
    sent = sentence_of(trigger)
    if isinstance(places, PlaceIndex):
        places = places.within(sent.start_char, sent.end_char)
    best: tuple[tuple, Place] | None = None
    movement = trigger.lemma_.lower() in MOVEMENT_VERBS
    for place in places:
        if place.char_span is None:
            continue  # the dateline, or any place not in the text
        start, end = place.char_span
        if not (sent.start_char <= start and end <= sent.end_char):
            continue
        span: Span | None = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        head = span.root
        root = _np_root(head)
        rank: tuple | None = None
        if root.dep_ == "pobj" and root.head.dep_ in ("prep", "conj", "agent") and root.head.pos_ == "ADP":
            prep = root.head
            word = prep.lower_
            closeness = _attached(prep, trigger)
            if closeness is not None and word in LOCATIVE_PREPS:
                allowed = True
                if place.kind == "country":  # "troops in Ukraine shelled", not "integration into Russia"
                    allowed = word in COUNTRY_PREPS and (closeness != 1 or word != "into")
                elif word in MOVEMENT_ONLY:
                    allowed = movement or trigger.lemma_.lower() in PLACE_OBJECT_VERBS
                elif word == "on":
                    allowed = root.lower_ in ON_NOUNS or trigger.pos_ == "NOUN" or closeness == 0
                if allowed:
                    rank = (0, closeness, abs(root.i - trigger.i))
        if rank is None and place.kind != "country":
            if (
                root.head.i == trigger.i
                and root.dep_ in ("dobj", "nsubjpass")
                and trigger.lemma_.lower() in PLACE_OBJECT_VERBS
            ):
                rank = (1, 0, abs(root.i - trigger.i))  # "shelled Kharkiv", "Kharkiv was shelled"
            elif (
                head.head.i == trigger.i
                and head.dep_ in ("compound", "amod", "nmod", "poss")
                and trigger.pos_ in ("NOUN", "PROPN")
            ):
                rank = (1, 1, abs(head.i - trigger.i))  # "the Kharkiv counteroffensive"
            elif (
                head.dep_ == "pobj"
                and head.head.lower_ == "of"
                and head.head.head.i == trigger.i
                and trigger.pos_ in ("NOUN", "VERB")
                and trigger.tag_ in ("NN", "NNS", "VBG")
            ):
                rank = (1, 2, abs(head.i - trigger.i))  # "the shelling of Donetsk"
        if rank is not None and (best is None or rank < best[0]):
            best = (rank, place)
    return best[1] if best else None
