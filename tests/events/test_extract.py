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


def test_reported_hostility_is_attributed_and_an_accusation(coder):
    text = "The North Korean official said Washington attacked Iraq."
    events = coded(coder, text)
    assert ("USAGOV", "19", "IRQ", "asserted", "PRKGOV") in events  # Washington: the US government
    assert ("PRKGOV", "11", "USAGOV", "asserted", None) in events


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
