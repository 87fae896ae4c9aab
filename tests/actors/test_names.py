"""Open actors and people's titles, with the built-in dictionaries, on real-style news text."""

import datetime as dt

import pytest

from dyad import Coder
from dyad.actors.coref import resolve_article
from dyad.actors.matcher import find_mentions


@pytest.fixture(scope="module")
def coder():
    return Coder(processes=1)


def actors(coder, text, day=dt.date(2020, 1, 1)):
    """(kind, text, code, PLOVER sector) of every actor resolved in the text, left to right."""
    doc = coder.nlp(text)
    index = resolve_article(doc, find_mentions(doc, coder.actors, day))
    return [(m.kind, m.text, m.code, m.sector) for m in sorted(index.mentions, key=lambda m: m.start) if m.is_actor]


def test_an_unknown_organisation_keeps_its_whole_name_and_its_country(coder):
    assert actors(coder, "The American Civil Liberties Union is suing the FBI for records.") == [
        ("name", "American Civil Liberties Union", "USA", None),
        ("organization", "FBI", "USACOP", "COP"),
    ]


def test_a_name_s_last_word_gives_its_role_and_an_unknown_name_has_no_code(coder):
    assert actors(coder, "On 4 October 2007, the Munich I Regional Court convicted Siemens to pay a fine.") == [
        ("name", "Munich I Regional Court", None, "JUD"),
        ("name", "Siemens", None, None),
    ]


def test_a_name_of_a_country(coder):
    text = "The president conceded to demands from the National Union for the Total Independence of Angola."
    assert actors(coder, text)[-2:] == [
        ("name", "National Union for the Total Independence of Angola", "AGO", None),
        ("country", "Angola", "AGO", None),
    ]


def test_a_person_with_a_title_is_one_actor_with_the_whole_name(coder):
    text = "Iranian Foreign Minister Mohammad Javad Zarif has condemned a U.S. Supreme Court decision."
    assert actors(coder, text) == [
        ("person", "Iranian Foreign Minister Mohammad Javad Zarif", "IRNGOV", "GOV"),
        ("organization", "U.S. Supreme Court", "USAJUD", "JUD"),
    ]


def test_a_title_never_takes_its_country_from_a_later_mention(coder):
    assert actors(coder, "President Emmanuel Macron welcomed Kenyan leader William Ruto.") == [
        ("person", "President Emmanuel Macron", "FRAGOV", "GOV"),
        ("person", "Kenyan leader William Ruto", "KENGOV", "GOV"),  # out of office that day: the title's code
    ]
    assert actors(coder, "President Nayib Bukele met Kenyan officials.") == [
        ("name", "President Nayib Bukele", None, "GOV"),
        ("agent", "Kenyan officials", "KENGOV", "GOV"),
    ]


def test_a_title_never_takes_its_country_from_the_state_it_acts_on(coder):
    text = "President Tomas Banda has threatened further action against the Soviet Union."
    assert actors(coder, text) == [
        ("name", "President Tomas Banda", None, "GOV"),
        ("country", "Soviet Union", "RUS", None),
    ]


def test_a_title_takes_the_country_it_acts_in(coder):
    text = "President Prosper Avril declared a state of siege in Haiti on Saturday."
    assert actors(coder, text) == [
        ("alias", "President Prosper Avril", "HTIGOV", "GOV"),
        ("country", "Haiti", "HTI", None),
    ]


def test_a_misspelt_country_name_is_the_country(coder):
    assert actors(coder, "Ethopia has agreed to reopen its borders to UN peacekeepers.")[0] == (
        "country",
        "Ethopia",
        "ETH",
        None,
    )
    assert actors(coder, "Kathleen Hicks met Siemens.") == [
        ("name", "Kathleen Hicks", None, None),
        ("name", "Siemens", None, None),
    ]


@pytest.mark.parametrize(
    "text, first",
    [
        (
            "Iceland's President Gudni Th Johannesson refused to sign the bill.",
            ("alias", "Iceland's President Gudni Th Johannesson", "ISLGOV", "GOV"),
        ),
        (
            "El Salvador's President Nayib Bukele refused to meet the envoy.",
            ("alias", "President Nayib Bukele", "SLVGOV", "GOV"),
        ),
        (
            "Alice Wells, a senior US state department official, met Pakistani officials.",
            ("alias", "Alice Wells", "USAGOV", "GOV"),
        ),
        ("General Ana Ruiz, Spain's army chief, visited Rabat.", ("alias", "General Ana Ruiz", "ESPMIL", "MIL")),
    ],
)
def test_titles_with_a_country_and_appositives(coder, text, first):
    assert [a for a in actors(coder, text) if a[0] == "alias"][0] == first


def test_a_later_surname_is_the_same_open_actor(coder):
    text = "Alice Wells, a senior US state department official, arrived on Monday. Wells met the minister."
    found = actors(coder, text)
    assert found[0] == ("alias", "Alice Wells", "USAGOV", "GOV")
    assert ("alias", "Wells", "USAGOV", "GOV") in found


def test_a_name_that_qualifies_a_noun_is_no_actor(coder):
    text = "The Sri Lankan army has been holding thousands of Tamil civilian refugees."
    assert [a[1] for a in actors(coder, text)] == ["Sri Lankan army", "refugees"]


def test_a_bare_title_takes_the_one_country_of_its_sentence(coder):
    text = "President Tomas Banda has broken his promise to the Zambian people."
    assert actors(coder, text) == [
        ("alias", "President Tomas Banda", "ZMBGOV", "GOV"),
        ("agent", "Zambian people", "ZMBCVL", "CVL"),
    ]


def test_months_and_places_are_no_open_actors(coder):
    assert actors(coder, "On Sept. 23, the separatist regions of Donetsk and Luhansk held referendums.") == []


def test_events_between_code_less_actors_are_records(coder):
    # regression: the event id joined the actors' codes and failed on a null code
    (event,) = coder.code("The Munich I Regional Court convicted Siemens.", published="2007-10-04")
    assert (event.source.text, event.source.code, event.source.sector) == ("Munich I Regional Court", None, "JUD")
    assert (event.target.text, event.target.code, event.cameo) == ("Siemens", None, "116")
    assert len(event.event_id) == 16


def test_an_agent_of_a_place_is_of_its_country(coder):
    assert actors(coder, "The mayor of Hebron was detained by Israeli troops.") == [
        ("agent", "mayor of Hebron", "PSEGOV", "GOV"),
        ("agent", "Israeli troops", "ISRMIL", "MIL"),
    ]


def test_an_agent_of_the_place_named_before_it(coder):
    assert actors(coder, "Shanghai police detained the activists.")[0] == ("agent", "Shanghai police", "CHNCOP", "COP")
    assert actors(coder, "Kano State government banned the protest.") == [
        ("agent", "Kano State government", "NGAGOV", "GOV")
    ]
    # a person's name before the agent is no place; "West Bank" is a name, not a bank
    assert ("agent", "Bush administration", "EGYGOV", "GOV") not in actors(coder, "The Bush administration said no.")
    assert [a[2] for a in actors(coder, "Israel reimposed blockades in the West Bank.")] == ["ISR"]


def test_the_owner_of_a_named_organisation_only_qualifies_it(coder):
    text = "Osama bin Laden's al-Qaeda terror network has threatened the United States."
    assert [a[1] for a in actors(coder, text)] == ["al-Qaeda", "United States"]


def test_a_bare_agent_takes_no_country_from_its_counterpart(coder):
    found = actors(coder, "The foreign ministry summoned the American ambassador.")
    assert ("agent", "American ambassador", "USAGOV", "GOV") in found
    assert all(a[2] != "USAGOV" for a in found if a[1] == "foreign ministry")
    assert actors(coder, "Kampuchean troops shelled the border.") == [("agent", "Kampuchean troops", "KHMMIL", "MIL")]


def test_a_bare_agent_takes_no_country_from_the_state_it_acts_on(coder):
    # the minister of no named country is not Israel's (before: ISRGOV)
    assert actors(coder, "The minister condemned Israel.") == [("country", "Israel", "ISR", None)]
    # where it acts is still its country
    assert ("agent", "minister", "IRQGOV", "GOV") in actors(coder, "The minister arrived in Baghdad.")
