import pytest

from dyad.events.modality import may_happen, modality
from dyad.events.speech import in_ranges, quoted_ranges


def mood(nlp, text, verb):
    doc = nlp(text)
    token = next(t for t in doc if t.text == verb)
    sentence = token.sent
    return modality(token, in_ranges(token, quoted_ranges(sentence)), {token.lemma_})


@pytest.mark.parametrize(
    "text, verb, expected",
    [
        ("Russia vetoed the resolution.", "vetoed", "asserted"),
        ("Russia did not veto the resolution.", "veto", "negated"),
        ("China never criticized Russia.", "criticized", "negated"),
        ("Iran refused to meet the envoy.", "meet", "negated"),
        (
            "If the UNSC is going to violate the rights of a state, it will be held responsible.",
            "violate",
            "hypothetical",
        ),
        ("Russia could veto the resolution.", "veto", "hypothetical"),
        ("Russia will veto the resolution.", "veto", "future"),
        ("Russia plans to veto the resolution.", "veto", "future"),
        (
            '"The US unleashed wars against sovereign states including former Yugoslavia," he said.',
            "unleashed",
            "historical",
        ),
        ('"The US attacked us today," he said.', "attacked", "asserted"),
        ("Turkey warned of action if Syria does not withdraw its forces.", "withdraw", "hypothetical"),
        ("The union will not end the strike until the government pays the teachers.", "pays", "hypothetical"),
        ("The rebels fought until the army withdrew.", "withdrew", "asserted"),
    ],
)
def test_modality(nlp, text, verb, expected):
    assert mood(nlp, text, verb) == expected


def test_quote_running_past_the_sentence(nlp):
    doc = nlp('"We will fight. They attacked us," he said.')
    first = list(doc.sents)[0]
    assert quoted_ranges(first) == [(1, first.end)]


def test_an_uncertain_past_act_is_no_announced_one(nlp):
    doc = nlp("Chinese hackers may have launched cyber attacks on India's power grid.")
    launched = next(t for t in doc if t.text == "launched")
    assert not may_happen(launched)
    assert modality(launched, False, {"launch"}) == "hypothetical"
    doc = nlp("Russia may halt gas deliveries to Poland.")
    assert may_happen(next(t for t in doc if t.text == "halt"))
