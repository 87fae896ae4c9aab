import pytest

from dyad.actors.matcher import find_mentions


def codes(nlp, actors, text):
    doc = nlp(text)
    return [(m.text, m.code, m.kind) for m in find_mentions(doc, actors, None)]


def test_country_adjective_joins_agent(nlp, mini_actors):
    assert codes(nlp, mini_actors, "The North Korean official also criticized the US resolution.") == [
        ("North Korean official", "PRKGOV", "agent"),
        ("US", "USA", "country"),
    ]


def test_possessive_country_joins_agent(nlp, mini_actors):
    found = codes(nlp, mini_actors, "Russia's lower chamber of parliament, the State Duma, ratified agreements.")
    assert found[0] == ("Russia's lower chamber", "RUSLEG", "agent")
    assert ("State Duma", "RUSLEG", "organization") in found


def test_capital_is_a_metonym_for_the_government(nlp, mini_actors):
    assert codes(nlp, mini_actors, "Pyongyang has close ties with Moscow and Beijing.") == [
        ("Pyongyang", "PRKGOV", "government"),
        ("Moscow", "RUSGOV", "government"),
        ("Beijing", "CHNGOV", "government"),
    ]


def test_hyphenated_abbreviation_is_split(nlp, mini_actors):
    assert codes(nlp, mini_actors, "The U.S.-backed resolution failed.") == [("U.S.", "USA", "country")]


def test_skip_spans_are_not_matched(nlp, mini_actors):
    doc = nlp("Russia said so.")
    assert find_mentions(doc, mini_actors, None, skip=[(0, 6)]) == []


def test_a_state_of_emergency_is_no_actor(nlp):
    from dyad.actors.dictionary import load_actor_dictionary

    actors = load_actor_dictionary(lambda t: [w.text for w in nlp.tokenizer(t)])
    assert codes(nlp, actors, "The government declared a state of emergency in Ethiopia.") == [
        ("government", None, "agent"),
        ("Ethiopia", "ETH", "country"),
    ]
    assert codes(nlp, actors, "The state of Israel criticized the state officials.") == [
        ("state of Israel", "ISR", "country"),
        ("state officials", None, "agent"),
    ]


def test_gazetteer_codes_become_cameo_codes():
    from dyad.actors.matcher import cameo_country

    assert (cameo_country("XKX"), cameo_country("SRB")) == ("KOS", "SRB")


def test_a_region_named_with_an_agent_noun_takes_its_role(nlp):
    from dyad.actors.dictionary import load_actor_dictionary

    actors = load_actor_dictionary(lambda t: [w.text for w in nlp.tokenizer(t)])
    doc = nlp("African diplomats met European nations and Arab leaders.")
    assert [(m.text, m.code, m.sector) for m in find_mentions(doc, actors, None)] == [
        ("African diplomats", "AFR", "GOV"),
        ("European nations", "EUR", None),
        ("Arab leaders", "ARB", "GOV"),
    ]


@pytest.mark.parametrize(
    "text, first",
    [
        ("Boko Haram gunmen killed 20 villagers.", ("Boko Haram gunmen", "NGAREBBKH", "REB")),  # the group's own code
        ("A former CIA official criticized the plan.", ("CIA official", "USAELI", "ELI")),  # out of office
        ("Chile's Defense Department rejected the plan.", ("Chile's Defense Department", "CHLGOV", "GOV")),
    ],
)
def test_groups_former_officials_and_bodies_of_another_state(nlp, text, first):
    from dyad.actors.dictionary import load_actor_dictionary

    actors = load_actor_dictionary(lambda t: [w.text for w in nlp.tokenizer(t)])
    found = find_mentions(nlp(text), actors, None)
    assert (found[0].text, found[0].code, found[0].sector) == first
