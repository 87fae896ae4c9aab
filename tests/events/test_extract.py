"""Sentence coding with the built-in dictionaries: the CAMEO conventions the coder applies."""

import pytest

from dyad.pipeline import Coder


@pytest.fixture(scope="module")
def coder():
    return Coder(processes=1)


def coded(coder, text, published="2022-10-04"):
    return [
        (e.source.code, e.cameo[:2], e.target.code if e.target else None, e.modality, e.attributed_to)
        for e in coder.code(text, published=published, article_id="t")
    ]


def test_future_cooperation_is_an_intent(coder):
    assert ("IRN", "03", "FRA", "asserted", None) in coded(coder, "Iran will meet France next week.")


def test_refusal_to_cooperate_is_a_rejection(coder):
    events = coded(coder, "Syria will not accept any more refugees from Iraq.")
    assert [e[1] for e in events if e[0] == "SYR"] == ["12"]


def test_announced_hostile_act_is_a_threat(coder):
    events = coded(coder, "Russia will impose sanctions on Iran.")
    assert ("RUS", "13", "IRN", "asserted", None) in events


def test_what_another_must_do_is_a_demand(coder):
    events = coded(coder, "Russia said on Tuesday that Sudan must return the helicopter.")
    assert ("RUS", "10", "SDN", "asserted", None) in events


def test_negated_hostile_act_is_not_asserted(coder):
    events = coded(coder, "Israel did not attack Lebanon.")
    assert all(e[3] != "asserted" for e in events if e[0] == "ISR")


def test_reported_hostility_is_attributed_not_an_accusation(coder):
    events = coded(coder, "The North Korean official said Washington attacked Iraq.")
    assert events == [("USAGOV", "19", "IRQ", "asserted", "PRKGOV")]  # Washington: the US government


def test_coordinated_sources_give_one_event_each(coder):
    events = coded(coder, "Russia and China vetoed a US resolution on Monday.")
    assert [(e[0], e[1], e[2]) for e in events] == [("RUS", "12", "USA"), ("CHN", "12", "USA")]


def test_passive_agent_is_the_source(coder):
    events = coded(coder, "The resolution, drafted by France, was vetoed by Russia.")
    assert ("RUS", "12") in [(e[0], e[1]) for e in events]


def test_pressing_for_anothers_act_is_a_demand(coder):
    events = coded(coder, "Ukraine demanded that Russia withdraw its troops from the region.")
    assert ("UKR", "10", "RUS", "asserted", None) in events
    assert all(e[3] != "asserted" for e in events if e[0] == "RUS")  # the withdrawal has not happened


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Chile lodged a formal complaint with Bolivia.", ("CHL", "11", "BOL")),
        ("Ecuador demanded the withdrawal of Peruvian troops from the border.", ("ECU", "10", "PERMIL")),
        ("Venezuela threatened to cut diplomatic ties with Guyana.", ("VEN", "13", "GUY")),
        ("Armenia demanded that Azerbaijan free the soldiers.", ("ARM", "10", "AZE")),
        ("Thai troops shelled Cambodian positions.", ("THAMIL", "19", "KHM")),
        ("Bolivia rejected the Brazilian proposal.", ("BOL", "12", "BRA")),
        ("Bolivia rejected Washington's proposal.", ("BOL", "12", "USA")),
        ("The Turkish foreign minister arrived in Baghdad.", ("TURGOV", "04", "IRQ")),
        ("Eritrea said it was ready to pull its troops out of Sudan.", ("ERI", "03", "SDN")),
        ("Israel threatened to ban voting in East Jerusalem if Hamas ran in the election.", ("ISR", "13", "PSEREBHMS")),
        ("North Korea repeated its demand that the United States ease sanctions.", ("PRK", "10", "USA")),
    ],
)
def test_targets_where_english_puts_them(coder, text, expected):
    assert expected in [e[:3] for e in coded(coder, text)]


@pytest.mark.parametrize(
    "text",
    [
        "Russia vetoed a US-drafted resolution.",
        "Russia used its veto to block a United States resolution.",
        "Russia vetoed the resolution drafted by Washington.",
    ],
)
def test_three_wordings_of_one_veto_code_alike(coder, text):
    assert coded(coder, text) == [("RUS", "12", "USA", "asserted", None)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The junta extended the curfew in Bamako.", ("MLIGOV", "17", "MLI")),  # a capital as a place is the state
        ("Five hundred Ugandan rebels surrendered last week in the eastern town in Soroti.", ("UGAREB", "08", "UGA")),
        ("French President Jacques Chirac issued a stern reminder Saturday to Iraq.", ("FRA", "10", "IRQ")),
        (
            "Iran threatened to launch a new military offensive in its Gulf war with Iraq.",
            ("IRN", "13", "IRQ"),
        ),
    ],
)
def test_places_and_the_other_side_of_a_war_as_targets(coder, text, expected):
    assert expected in [(e[0][: len(expected[0])], e[1], e[2]) for e in coded(coder, text)]


def test_the_speakers_pronoun_is_named_as_the_speaker(coder):
    [event] = coder.code("Lebanon says it will not accept any more Syrian refugees.", published="2022-10-04")
    assert (event.source.code, event.source.text, event.cameo[:2]) == ("LBN", "Lebanon", "12")


def test_an_event_noun_names_the_source_of_a_passive(coder):
    assert ("BDI", "19", "BDICVL") in [
        e[:3] for e in coded(coder, "Six villagers were killed in a Burundian army raid.")
    ]


def test_a_trailing_attribution_lends_no_subject(coder):
    text = "Taliban fighters overran an army base in northern Afghanistan, officials said Tuesday, killing 17 soldiers."
    assert all(e[0] != "AFGGOV" for e in coded(coder, text))


def test_a_protest_at_no_one_named_is_done_to_the_protesters_country(coder):
    [event] = coder.code("Egyptian demonstrators rioted on Monday.", published="2022-10-04")
    assert (event.source.code, event.cameo[:2], event.target.code, event.target.text) == (
        "EGYOPP",
        "14",
        "EGY",
        "Egypt",
    )


def test_the_one_asked_to_act_is_the_actor_of_the_act_asked(coder):
    text = "Russia and China will ask Asian banks to help finance construction of a gas link to China."
    events = coded(coder, text)
    assert [e[:3] for e in events if e[1] == "02"] == [("RUS", "02", "ASA"), ("CHN", "02", "ASA")]
    assert all(e[0] == "ASA" for e in events if e[1] == "03")


def test_a_participle_used_as_an_adjective_is_no_act(coder):
    events = coded(coder, "Israel's president refused to meet Jordan's visiting King Abdullah II in Tel Aviv.")
    assert all(e[1] != "04" or e[3] != "asserted" for e in events)


def test_two_organs_of_one_government_are_two_actors(coder):
    """A president refusing a minister's request is ROUGOV→ROUGOV; only the same actor named twice is dropped."""
    events = coded(coder, "Romania's president on Friday refused a request from the justice minister.")
    assert ("ROUGOV", "12", "ROUGOV") in [e[:3] for e in events]
    assert all(e[2] != "LBN" for e in coded(coder, "Lebanon says it will not accept any more Syrian refugees."))


def test_a_place_target_carries_the_cameo_country_code(coder):
    events = coded(coder, "Serbia eased emergency measures on Wednesday in Kosovo province.", "1990-03-01")
    assert [(e[0], e[2]) for e in events] == [("SRB", "KOS")]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Italian police arrested the captain of a rescue ship.",
            ("ITACOP", "173", "ITA", "the captain of a rescue ship"),
        ),
        (
            "Ivory Coast's Supreme Court decided to allow candidate Tidjane Thiam to run in the elections.",
            ("CIVJUD", "0812", "CIV", "Tidjane Thiam"),
        ),
        ("Saudi hackers launched a cyber attack against the websites.", ("SAUCRM", "176", None, "the websites")),
        (
            "Iraq's interim government announced that it is prepared to impose martial law.",
            ("IRQGOV", "1324", "IRQ", "martial law"),
        ),
    ],
)
def test_whom_a_country_arrests_or_yields_to_by_words_only_is_at_home(coder, text, expected):
    """CAMEO's domestic convention for a target named only by its words; its words are kept (not for 176)."""
    [event] = coder.code(text, published="2022-10-04", article_id="t")
    assert (event.source.code, event.cameo, event.target.code, event.target.text) == expected


def test_war_games_by_several_actors_are_a_joint_exercise(coder):
    text = "French and Egyptian warships on Monday launched 10 days of war games in the Mediterranean Sea."
    assert {e[1] for e in coded(coder, text)} == {"06"}
    assert {e[1] for e in coded(coder, "Russia launched war games near the Finnish border.")} == {"15"}


def test_coordinated_demonyms_hold_talks_with_each_other(coder):
    events = coded(coder, "Vietnamese and Chinese diplomats held talks.")
    assert sorted(e[:3] for e in events) == [("CHNGOV", "04", "VNMGOV"), ("VNMGOV", "04", "CHNGOV")]


def test_war_games_staged_by_several_actors_are_a_joint_exercise(coder):
    text = "The war game, code-named infinite moonlight 96 was staged by U.S. marines and Jordanian armed forces."
    assert {e[1] for e in coded(coder, text)} == {"06"}


def test_a_capitalised_plural_agent_of_no_country_acts_by_its_words(coder):
    # "Heads" is tagged NNPS, not NNS: it was left out, and so was the whole event
    [event] = coder.code("The Heads of State condemned the attack.", published="2022-10-04", article_id="t")
    assert (event.source.text, event.source.code, event.cameo) == ("The Heads of State", None, "111")
