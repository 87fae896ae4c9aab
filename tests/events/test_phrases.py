"""Targets inside the object's phrase, its conjuncts, participles and complements (events/phrases.py)."""

import pytest

from dyad.actors.coref import resolve_article
from dyad.actors.matcher import find_mentions
from dyad.events.roles import targets


def target_codes(nlp, actors, text, verb):
    doc = nlp(text)
    index = resolve_article(doc, find_mentions(doc, actors, None))
    token = next(t for t in doc if t.text == verb)
    return [m.code for m in targets(token, index)]


@pytest.mark.parametrize(
    "text, verb, expected",
    [
        # a conjunct's own phrase: the fire is against them, not the artillery
        ("Russia launched artillery, mortar and rocket fire against Ukrainian positions.", "launched", ["UKR"]),
        # a participle's prepositional object
        ("China decided to lift sanctions imposed on North Korea.", "lift", ["PRK"]),
        # the object of a verb inside the phrase
        ("Russia began the process of returning the prisoners to Ukraine.", "began", ["UKR"]),
        # the verb's own partner comes before a place inside its object
        ("China discussed the situation in Ukraine with the United States.", "discussed", ["USA"]),
        # through a chain of complements, past a literal object that names no actor
        ("Russia is willing to send material to help defend Ukraine.", "is", ["UKR"]),
        # an attitude's object and its owner, or the subject of its "that" clause
        ("The Kremlin was skeptical over Washington's will to agree.", "was", ["USA"]),
        ("China was confident that the United States would remove the tariffs.", "was", ["USA"]),
        ("Russia halted mediation efforts among Ukraine's feuding regions.", "halted", ["UKR"]),
        # a clause on the object names who is acted on
        ("Russia launched an effort to resolve the rift between China and Ukraine.", "launched", ["CHN", "UKR"]),
        ("North Korea repeated the demand that the United States ease sanctions.", "repeated", ["USA"]),
        # a conjunct's participle agent
        ("China condemned the act and the threats made by the United States.", "condemned", ["USA"]),
        # the one called on to act, not whom it would act with
        ("North Korea called on the United States to forge ties with Russia.", "called", ["USA"]),
    ],
)
def test_targets_inside_the_objects_phrase(nlp, mini_actors, text, verb, expected):
    assert target_codes(nlp, mini_actors, text, verb) == expected
