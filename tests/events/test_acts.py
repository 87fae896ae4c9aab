"""One event per act (events/acts.py), with the built-in dictionaries."""

import pytest

from dyad.pipeline import Coder


@pytest.fixture(scope="module")
def coder():
    return Coder(processes=1)


def coded(coder, text):
    return [
        (e.source.code, e.cameo[:2], e.target.code if e.target else None)
        for e in coder.code(text, published="2022-10-04")
    ]


def test_an_agency_attribution_is_no_accusation(coder):
    events = coded(coder, "Israeli aircraft struck Lebanon overnight, Lebanese officials said.")
    assert events == [("ISRMIL", "19", "LBN")]


def test_an_event_noun_in_an_actors_name_is_no_event(coder):
    assert coded(coder, "The Organization of Islamic Cooperation condemned the attack on the embassy.") == [
        ("IGOOIC", "11", None)
    ]


def test_the_act_criticised_is_not_coded_beside_the_criticism(coder):
    assert coded(coder, "Hungary criticised Poland's decision to leave the talks.") == [("HUN", "11", "POL")]


def test_met_to_discuss_is_one_consultation_each_way(coder):
    assert coded(coder, "Iran and Iraq met in Geneva to discuss the border.") == [
        ("IRN", "04", "IRQ"),
        ("IRQ", "04", "IRN"),
    ]


def test_several_sources_of_a_meeting_give_every_pair(coder):
    events = coded(coder, "Peru, Chile and Bolivia met in Lima.")
    assert sorted(events) == sorted(
        (a, "04", b) for a in ("PER", "CHL", "BOL") for b in ("PER", "CHL", "BOL") if a != b
    )


def test_coordinated_targets_give_one_event_each(coder):
    assert coded(coder, "Russia condemned Ukraine, Poland and Lithuania.") == [
        ("RUS", "11", "UKR"),
        ("RUS", "11", "POL"),
        ("RUS", "11", "LTU"),
    ]


def test_background_clause_acts_count_only_without_a_main_act(coder):
    events = coded(coder, "China and Russia vetoed a US resolution after North Korea launched a missile.")
    assert [e[0] for e in events] == ["CHN", "RUS"]
    assert ("PRK", "19", None) not in events


def test_the_act_a_demand_presses_for_is_not_asserted(coder):
    events = coded(coder, "Amnesty International demanded that the Sudanese government end curbs on press freedom.")
    assert all(e[0] != "SDNGOV" for e in events)
    assert ("10", "SDNGOV") in [(e[1], e[2]) for e in events]


def test_a_name_with_no_code_acts_only_where_no_coded_actor_does(coder):
    text = "Ethiopian troops attacked Eritrea on Monday, and Majority Forward protested against the ruling."
    assert [e.source.code for e in coder.code(text, published="2022-10-04")] == ["ETHMIL"]
    alone = coder.code("Majority Forward protested against the ruling.", published="2022-10-04")
    assert [(e.source.code, e.source.text, e.cameo[:2]) for e in alone] == [(None, "Majority Forward", "14")]


def test_a_participle_clause_goes_with_the_act_it_describes(coder):
    events = coded(coder, "Egyptian protesters blocked roads in Cairo, demanding that the government resign.")
    assert events == [("EGYOPP", "14", "EGY")]


def test_a_participle_lends_its_target_to_the_act_it_describes(coder):
    events = coded(coder, "Iraqi warplanes carried out a raid, targeting Islamic State commanders in Syria.")
    assert events == [("IRQMIL", "19", "IMGMOSISI")]


def test_a_restrictive_relative_clause_describes_a_party_not_the_news(coder):
    events = coded(coder, "South Africa condemned a protest by farmers who stormed a court building.")
    assert events == [("ZAF", "11", "ZAFAGR")]
    set_off = coded(coder, "Pakistan condemned the resolution, which was vetoed by Russia.")
    assert [e[:2] for e in set_off] == [("PAK", "11"), ("RUS", "12")]


def test_an_event_noun_beside_an_asserted_act_names_an_earlier_act(coder):
    assert coded(coder, "Spain seized a Russian tanker in the Strait, in violation of EU sanctions.") == [
        ("ESP", "15", "RUS")
    ]
    strike = coded(coder, "A Turkish air strike on a Kurdish village killed nine people.")
    assert [e[:2] for e in strike] == [("TUR", "19")]  # one event (its target is the roles' business)


def test_a_statement_gives_way_to_the_participle_that_says_what_it_said(coder):
    text = (
        "US President Donald Trump has sent a letter to the head of the World Health Organization "
        "threatening to pull US funding."
    )
    assert [e[:2] for e in coded(coder, text)] == [("USAGOV", "13")]


def test_a_verb_inside_another_triggers_pattern_is_part_of_that_act(coder):
    events = coded(coder, "The Syrian army prepared to resume shelling rebel positions near Idlib.")
    assert [e[:2] for e in events] == [("SYRMIL", "15")]


def test_the_inner_verb_gives_its_target_to_the_act_that_holds_it(coder):
    events = coded(coder, "The IAEA announced that it will withdraw its inspectors from Iran.")
    assert events == [("IGOUNOIAE", "13", "IRN")]


def test_what_a_participle_says_is_background_too(coder):
    text = "Fatah activists staged rallies in Ramallah against Mahmoud Abbas, saying he must resign."
    assert coded(coder, text) == [("PSEOPP", "14", "PSEGOV")]
    text = "Germany rejected calls by Poland for economic aid, saying it was withholding aid until the elections."
    assert coded(coder, text) == [("DEU", "12", "POL")]


def test_a_pattern_reaching_into_another_triggers_phrase_gives_way_to_it(coder):
    events = coded(coder, "The Nigerian teachers' union announced that it has called off the strike.")
    assert events == [("NGAEDU", "08", "NGA")]


def test_when_clauses_and_past_perfect_relative_clauses_are_background(coder):
    text = "Fidel Castro refused to meet Barack Obama when the U.S. president visited Cuba in March."
    assert coded(coder, text) == [("CUBELI", "12", "USAELI")]
    text = "Colombian rebels said they will release the mayor of Cali, whom they had kidnapped in May."
    assert coded(coder, text) == [("COLREB", "03", "COLGOV")]
    text = (
        "Iraqi troops launched an assault on Mosul even as the Kurds said Baghdad's forces had attacked their fighters."
    )
    assert [e[:2] for e in coded(coder, text)] == [("IRQMIL", "19")]


def test_a_comment_beside_an_act_only_frames_it(coder):
    assert coded(coder, "Obama visited Paris on Monday and gave a speech to business leaders.") == [
        ("USAELI", "04", "FRAGOV")
    ]
    assert coded(coder, "Liberia declined to comment on the charges.") == [("LBR", "01", None)]


def test_what_an_allegation_says_is_background(coder):
    text = (
        "The UN mission completed its investigation into an allegation by Mali that Algerian troops had taken over Gao."
    )
    assert coded(coder, text) == [("IGOUNO", "09", "MLI")]


def test_an_alleged_act_named_by_a_noun_is_not_asserted(coder):
    events = coder.code(
        "The alleged torture of prisoners by Egyptian police sparked outrage on Monday.", published="2022-10-04"
    )
    assert [(e.source.code, e.cameo[:2], e.modality) for e in events] == [("EGYCOP", "18", "hypothetical")]
