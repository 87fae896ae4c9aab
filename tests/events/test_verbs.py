"""The verb dictionary's matcher on real sentences with the built-in dictionaries: light verbs
coded by their object, senses that are no event, compound nouns, and ties between patterns."""

import pytest

from dyad.events.codes import load_cameo_table
from dyad.events.verbs import load_verb_dictionary


@pytest.fixture(scope="module")
def verbs():
    return load_verb_dictionary(load_cameo_table())


def match(nlp, verbs, text, word, noun=False):
    token = next(t for t in nlp(text) if t.text == word)
    found = verbs.match(token, noun=noun)
    return (found[0].code, [t.text for t in found[1]]) if found else None


def test_light_verb_takes_the_event_its_object_names(nlp, verbs):
    text = "A court in Ankara ordered the release of an Austrian student."
    assert match(nlp, verbs, text, "ordered") == ("0841", ["ordered", "release"])
    text = "Mexican authorities announced the arrest of 26 gang members."
    assert match(nlp, verbs, text, "announced") == ("173", ["announced", "arrest", "of"])


def test_light_verb_without_an_event_object_keeps_its_own_sense(nlp, verbs):
    assert match(nlp, verbs, "Russia announced that it would leave the talks.", "announced") == (
        "010",
        ["announced"],
    )


def test_a_more_specific_pattern_beats_the_light_verb(nlp, verbs):
    text = "The chief minister launched a scathing attack on the state government."
    assert match(nlp, verbs, text, "launched")[0] == "111"


def test_senses_that_are_no_event(nlp, verbs):
    assert match(nlp, verbs, "Germany will fight the Ebola epidemic in West Africa.", "fight") is None
    assert match(nlp, verbs, "Exports hit a record high in May.", "hit") is None


def test_compound_noun_is_no_event(nlp, verbs):
    assert match(nlp, verbs, "The Defense Secretary approved the plan.", "Defense", noun=True) is None


def test_missile_launch_at_no_target_is_a_show_of_force(nlp, verbs):
    assert match(nlp, verbs, "North Korea launched an intercontinental ballistic missile.", "launched")[0] == "150"
    assert match(nlp, verbs, "Hamas launched rockets at Israel on Monday.", "launched")[0] == "194"


def test_nearer_words_break_a_tie(nlp, verbs):
    text = "Israel mobilized troops for a potential ground assault against Gaza."
    assert match(nlp, verbs, text, "mobilized") == ("154", ["mobilized", "troops"])


def test_detaining_activists_is_an_arrest(nlp, verbs):
    assert match(nlp, verbs, "Police detained dozens of activists in Yerevan.", "detained")[0] == "173"


def test_pledged_support_is_support(nlp, verbs):
    text = "The Czech prime minister pledged his full support for the Libyan government."
    assert match(nlp, verbs, text, "pledged")[0] == "051"


def test_returned_cultural_property_is_a_return(nlp, verbs):
    text = "ICE returned 11 oil paintings to the municipal museum in Germany."
    assert match(nlp, verbs, text, "returned") == ("0842", ["returned", "paintings"])


def test_peacekeepers_sent_abroad_are_military_aid(nlp, verbs):
    assert match(nlp, verbs, "Japan is sending troops to the UN peacekeeping force.", "sending")[0] == "074"


def test_a_charge_is_legal_action_not_an_arrest(nlp, verbs):
    text = "A Russian court has charged the financier with creating a criminal syndicate."
    assert match(nlp, verbs, text, "charged")[0] == "115"


def test_calling_a_leader_is_a_phone_call(nlp, verbs):
    text = "Netanyahu called the new Australian Prime Minister on Wednesday to discuss the visit."
    assert match(nlp, verbs, text, "called")[0] == "041"
    assert match(nlp, verbs, "Egypt called on the minister to resign.", "called")[0][:2] == "02"


def test_receiving_a_letter_is_no_visit(nlp, verbs):
    assert match(nlp, verbs, "Trump said he received a great letter from Kim.", "received") is None
    assert match(nlp, verbs, "Putin received the Iraqi prime minister in Moscow.", "received")[0] == "043"


def test_a_strike_by_workers_is_a_labour_strike(nlp, verbs):
    assert match(nlp, verbs, "Teachers decided to strike over pay.", "strike")[0][:3] == "143"
    assert match(nlp, verbs, "Dock workers and nurses will strike on Monday.", "strike")[0] == "143"
    assert match(nlp, verbs, "Israeli jets will strike Gaza on Monday.", "strike")[0] == "190"


def test_a_word_inside_a_name_is_no_event(nlp, verbs):
    text = "The Organization of Islamic Cooperation condemned the attack."
    assert match(nlp, verbs, text, "Cooperation", noun=True) is None


def test_armed_men_storming_a_building_attack_it(nlp, verbs):
    text = "Taliban fighters stormed a police headquarters in eastern Afghanistan."
    assert match(nlp, verbs, text, "stormed")[0] == "190"
    assert match(nlp, verbs, "Protesters stormed the parliament building.", "stormed")[0] == "145"


def test_signing_a_decree_is_no_agreement(nlp, verbs):
    assert match(nlp, verbs, "Putin signed a decree on citizenship.", "signed") is None


def test_peacekeepers_arriving_are_peacekeeping(nlp, verbs):
    text = "The first NATO peacekeeping troops have arrived in Bosnia."
    assert match(nlp, verbs, text, "arrived")[0] == "074"
    assert match(nlp, verbs, "The Turkish foreign minister arrived in Baghdad.", "arrived")[0] == "042"


def test_disputing_anothers_results_is_criticism(nlp, verbs):
    text = "A spokesman disputed the results and methodology of the U.N. report."
    assert match(nlp, verbs, text, "disputed")[0] == "111"


def test_agreeing_an_agreement_concludes_it(nlp, verbs):
    text = "UK and EU negotiators have agreed a landmark free trade agreement."
    assert match(nlp, verbs, text, "agreed")[0] == "057"


def test_announcing_a_boycott_of_a_poll_is_a_boycott_not_sanctions(nlp, verbs):
    text = "Opposition leaders have announced they are boycotting the presidential poll."
    assert match(nlp, verbs, text, "announced") == ("010", ["announced"])
    assert match(nlp, verbs, text, "boycotting")[0][:2] == "14"


def test_saying_another_is_responsible_is_an_accusation(nlp, verbs):
    text = "After the attacks the Afghan government said Taliban militants were responsible."
    assert match(nlp, verbs, text, "said")[0] == "112"
    assert match(nlp, verbs, "Officials said Iran was behind the attack.", "said")[0] == "112"


def test_a_nouns_own_modifier_names_its_kind(nlp, verbs):
    """`modifiers` patterns: "a general strike" is a labour strike, "air strikes" a military one."""
    text = "Unions staged a general strike in Athens."
    assert match(nlp, verbs, text, "strike", noun=True)[0] == "143"
    assert match(nlp, verbs, "Israeli air strikes on Gaza killed ten people.", "strikes", noun=True)[0] == "190"
    text = "The opposition leader has started a hunger strike."
    assert match(nlp, verbs, text, "strike", noun=True)[0] == "142"


def test_cyber_warfare_is_a_cyber_attack(nlp, verbs):
    text = "Russia launched cyber warfare against the UK."
    assert match(nlp, verbs, text, "launched") == ("176", ["launched", "warfare"])


def test_joint_war_games_are_military_cooperation(nlp, verbs):
    text = "The armies of Brazil and Argentina performed a joint war games in October."
    assert match(nlp, verbs, text, "performed") == ("062", ["performed", "games"])


def test_financial_and_military_support_are_aid(nlp, verbs):
    text = "The coalition has received significant logistics and financial support from the U.S. military."
    assert match(nlp, verbs, text, "support", noun=True)[0] == "071"
    assert match(nlp, verbs, "Russia stepped up its military support for Syria.", "support", noun=True)[0] == "072"
    assert match(nlp, verbs, "The EU voiced its support for the plan.", "support", noun=True)[0] == "051"


def test_peacekeeping_service_and_deployment_are_peacekeeping(nlp, verbs):
    text = "Azerbaijani troops participate in peacekeeping operations in Afghanistan."
    assert match(nlp, verbs, text, "participate")[0] == "074"
    text = "Nigeria announced the deployment of 230 troops to Liberia on a peacekeeping mission."
    assert match(nlp, verbs, text, "announced")[0] == "074"


def test_cutting_tariffs_eases_economic_sanctions(nlp, verbs):
    assert match(nlp, verbs, "The U.S. rolled back tariffs on Chinese goods.", "rolled")[0] == "085"
    assert match(nlp, verbs, "The U.S. reduced tariffs on $120 billion of China's exports.", "reduced")[0] == "085"


def test_permission_given_is_a_concession(nlp, verbs):
    text = "Musharraf had given the Pentagon permission to use Pakistani airspace."
    assert match(nlp, verbs, text, "given")[0] == "080"


def test_a_call_to_congratulate_or_apologize_is_the_praise_or_apology(nlp, verbs):
    """The call's content is the act (as PLOVER codes a summoned ambassador by the complaint), not the call."""
    text = "Netanyahu called new Australian Prime Minister Scott Morrison on Wednesday to congratulate him."
    assert match(nlp, verbs, text, "called") == ("051", ["called", "to", "congratulate"])


def test_relief_flown_in_by_the_ton_is_humanitarian_aid(nlp, verbs):
    text = "Medecins Sans Frontieres flew over 13 metric tons of medicine into Afghanistan."
    assert match(nlp, verbs, text, "flew")[0] == "073"


def test_aircraft_sent_to_bomb_is_the_air_attack(nlp, verbs):
    assert match(nlp, verbs, "Israel sent warplanes to bomb the reactor.", "sent")[0] == "195"


def test_commenced_takes_the_event_its_object_names(nlp, verbs):
    text = "Erdogan commenced ground assaults on Syrian Kurdish fighters."
    assert match(nlp, verbs, text, "commenced")[0][:2] in ("18", "19")


def test_rejecting_election_results_is_a_rejection(nlp, verbs):
    text = "The opposition has rejected the election results, claiming the agency rigged the vote."
    assert match(nlp, verbs, text, "rejected")[0] == "120"


def test_a_subjects_of_phrase_names_who_acts(nlp, verbs):
    text = "First contingents of West African peacekeeping troops arrive in Monrovia."
    assert match(nlp, verbs, text, "arrive")[0] == "074"


def test_calling_someone_names_is_criticism(nlp, verbs):
    text = "Trump called Britain's ambassador to the United States a very stupid guy."
    assert match(nlp, verbs, text, "called") == ("111", ["called", "stupid"])


def test_a_search_for_evidence_is_an_investigation(nlp, verbs):
    text = "Turkish police searched the Saudi consul general's residence for evidence on Wednesday."
    assert match(nlp, verbs, text, "searched")[0] == "090"


def test_dropping_an_investigation_or_granting_a_delay_is_a_concession(nlp, verbs):
    text = "The ICC has dropped the investigation of alleged war crimes committed in Afghanistan."
    assert match(nlp, verbs, text, "dropped")[0] == "080"
    text = "The EU granted the British government a three-month extension."
    assert match(nlp, verbs, text, "granted")[0] == "080"


def test_more_funding_is_aid(nlp, verbs):
    text = "Germany on Thursday announced a sixfold increase in funding to fight the Ebola epidemic."
    assert match(nlp, verbs, text, "announced")[0] == "071"


def test_a_passive_light_verb_takes_the_event_its_subject_names(nlp, verbs):
    text = "A joint exercise was staged by U.S. marines and Jordanian forces."
    assert match(nlp, verbs, text, "staged") == ("062", ["staged", "exercise"])


def test_a_dictionary_read_from_the_cache_is_the_one_built(tmp_path, monkeypatch):
    from dyad.events import verbs as module

    monkeypatch.setenv("DYAD_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "verbs.yaml"
    path.write_text("'0211':\n  verbs: [appeal for|to aid]\n  nouns: [appeal]\n", encoding="utf-8")
    built = load_verb_dictionary(load_cameo_table(), [path], builtin=False)
    with monkeypatch.context() as patched:
        patched.setattr(module, "_build", lambda *args: pytest.fail("built again"))
        cached = load_verb_dictionary(load_cameo_table(), [path], builtin=False)
    assert cached == built
    assert [p.text for p in cached.verbs["appeal"].by_word["aid"]] == ["appeal for|to aid"]
    path.write_text("'0211':\n  verbs: [plead for aid]\n", encoding="utf-8")  # a changed file: built anew
    assert "plead" in load_verb_dictionary(load_cameo_table(), [path], builtin=False).verbs


def test_overrunning_a_military_post_is_an_attack_taking_a_town_an_occupation(nlp, verbs):
    assert match(nlp, verbs, "Taliban fighters overran an army base in Ghazni.", "overran")[0] == "190"
    assert match(nlp, verbs, "Rebels captured the town of Tal Abyad.", "captured")[0] == "192"


def test_experts_sent_to_investigate_investigate(nlp, verbs):
    text = "France has sent seven military experts to Saudi Arabia to investigate the attacks."
    assert match(nlp, verbs, text, "sent")[0] == "090"


def test_prosecution_sought_or_ordered_is_legal_action(nlp, verbs):
    text = "A Turkish prosecutor is seeking jail sentences for all three."
    assert match(nlp, verbs, text, "seeking")[0] == "115"
    assert match(nlp, verbs, "A Chinese court ordered the retrial of a Canadian man.", "ordered")[0] == "115"


def test_calling_out_is_criticism(nlp, verbs):
    text = "The envoy said the deal cements despair, calling out the deal for rejecting international standards."
    assert match(nlp, verbs, text, "calling") == ("111", ["calling", "out"])


def test_forcing_a_plane_to_land_is_coercion(nlp, verbs):
    text = "Indian fighter jets forced a Georgian cargo plane to land in Jaipur."
    assert match(nlp, verbs, text, "forced")[0] == "170"


def test_an_aid_package_or_an_award_of_millions_is_aid(nlp, verbs):
    text = "The Chinese government's assistance package consisted of relief supplies for Yemen."
    assert match(nlp, verbs, text, "package", noun=True)[0] == "070"
    text = "In 2018, the U.S. court awarded the Warmbiers US$501.14 million from the North Korean regime."
    assert match(nlp, verbs, text, "awarded")[0] == "071"


def test_support_provided_to_someone_is_aid(nlp, verbs):
    text = "All political forces in Yemen must provide the necessary support to the legitimate authorities."
    assert match(nlp, verbs, text, "provide")[0] == "070"
    assert match(nlp, verbs, "Russia will provide military support to Syria.", "provide")[0] == "072"
    text = "EU provides €45m support for agri-businesses in Nigeria and other African countries."
    assert match(nlp, verbs, text, "provides")[0] == "070"


def test_aid_that_supports_someone_is_aid(nlp, verbs):
    text = "Australian aid also supported 2 million more Pakistani girls going to school."
    assert match(nlp, verbs, text, "supported")[0] == "070"
    assert match(nlp, verbs, "Russia supported the resolution.", "supported")[0] == "051"


def test_money_paid_as_compensation_is_a_concession(nlp, verbs):
    text = "Germany paid $662 million in coronavirus aid as a compensation for Holocaust survivors."
    assert match(nlp, verbs, text, "paid")[0] == "080"
    assert match(nlp, verbs, "Germany paid $662 million to Greece.", "paid")[0] == "071"


def test_two_codes_for_one_pattern_text_the_first_given_wins_every_time(nlp):
    from dyad.events.verbs import VerbDictionary

    doc = nlp("Iran held talks with Iraq.")
    for first, second in [("040", "036"), ("036", "040")]:
        dictionary = VerbDictionary()
        dictionary.add(first, "hold talk with", noun=False)
        dictionary.add(second, "hold talk with", noun=False)
        pattern, words = dictionary.match(doc[1])
        assert pattern.code == first
        assert [w.text for w in words] == ["held", "talks", "with"]
