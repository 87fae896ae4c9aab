import pytest

from dyad.actors.coref import resolve_article
from dyad.actors.matcher import find_mentions
from dyad.events.roles import condition_actors, open_sources, open_targets, sources, targets


def roles(nlp, actors, text, verb):
    doc = nlp(text)
    index = resolve_article(doc, find_mentions(doc, actors, None))
    token = next(t for t in doc if t.text == verb)
    return [m.code for m in sources(token, index)], [m.code for m in targets(token, index)]


@pytest.mark.parametrize(
    "text, verb, expected",
    [
        ("Russia and China vetoed a US resolution.", "vetoed", (["RUS", "CHN"], ["USA"])),
        ("The resolution, which was vetoed by Russia, failed.", "vetoed", (["RUS"], [])),
        ("The US criticized the council, which was vetoed by Russia.", "vetoed", (["RUS"], [])),
        ("North Korea put its weight behind Russia.", "put", (["PRK"], ["RUS"])),
        ("North Korea backed Russia, supporting the decision of Ukraine.", "supporting", (["PRK"], ["UKR"])),
        (
            "The North Korean official criticized the US resolution in the UN Security Council.",
            "criticized",
            (["PRKGOV"], ["USA"]),
        ),
        ("China was criticized by the United States.", "criticized", (["USA"], ["CHN"])),
        ("Russia's decision to veto the resolution angered China.", "veto", (["RUS"], [])),
        ("The decision of the regions to join Russia was criticized.", "join", ([], ["RUS"])),
        # a passive subject named by its demonym
        ("The detained American vessels were released by Russia.", "released", (["RUS"], ["USA"])),
        # coordinated demonyms on one agent noun name an agent of each country
        ("Russian and Chinese officials held talks.", "held", (["RUSGOV", "CHNGOV"], [])),
        # a subject named only by its demonym; where it is based is not who it is
        ("A Moscow-based Ukrainian group condemned the decision.", "condemned", (["UKR"], [])),
    ],
)
def test_roles(nlp, mini_actors, text, verb, expected):
    assert roles(nlp, mini_actors, text, verb) == expected


@pytest.mark.parametrize(
    "text, verb, pattern, expected",
    [
        ("French police stormed a migrant camp in Calais on Sunday.", "stormed", set(), ["a migrant camp"]),
        (
            "Ethiopia freed some political leaders of a rebel group.",
            "freed",
            set(),
            ["some political leaders of a rebel group"],
        ),
        ("The police launched an investigation into the claims.", "launched", {"investigation"}, ["the claims"]),
        ("The party demanded an explanation from the prime minister.", "demanded", {"demanded"}, ["an explanation"]),
        ("Russia condemned it on Monday.", "condemned", set(), []),
        ("North Korea threatened to shell the Christmas tree.", "threatened", set(), ["the Christmas tree"]),
    ],
)
def test_open_targets(nlp, mini_actors, text, verb, pattern, expected):
    """With no actor named, the object's noun phrase is the target, by its words and with no code."""
    doc = nlp(text)
    index = resolve_article(doc, find_mentions(doc, mini_actors, None))
    token = next(t for t in doc if t.text == verb)
    found = open_targets(token, index, {t.i for t in doc if t.text in pattern})
    assert [m.text for m in found] == expected
    assert all(m.code is None and m.kind == "name" for m in found)


@pytest.mark.parametrize(
    "text, verb, plural, expected",
    [
        ("Musicians have lifted a seven-month boycott of the venue.", "lifted", True, ["Musicians"]),
        ("Musicians have lifted a seven-month boycott of the venue.", "lifted", False, []),
        ("The road blocked the convoy.", "blocked", True, []),
        ("It lifted the boycott.", "lifted", True, []),
    ],
)
def test_open_sources(nlp, mini_actors, text, verb, plural, expected):
    """With no actor named, a plural or agent noun subject acts, by its words and with no code; a thing does not."""
    doc = nlp(text)
    index = resolve_article(doc, find_mentions(doc, mini_actors, None))
    token = next(t for t in doc if t.text == verb)
    assert [m.text for m in open_sources(token, index, plural)] == expected


@pytest.mark.parametrize(
    "text, verb, expected",
    [
        ("Russia threatened to stop the talks if the United States goes ahead.", "threatened", ["USA"]),
        ("Russia would leave the talks unless China agreed.", "leave", ["CHN"]),
        ("Russia threatened to stop the talks when Ukraine voted.", "threatened", []),
        ("Russia will not lift the embargo until China undertakes reforms.", "lift", ["CHN"]),
        ("The workers will not end the strike until their demands are met by Ukraine.", "end", ["UKR"]),
    ],
)
def test_condition_actors(nlp, mini_actors, text, verb, expected):
    """Whose act a threat hangs on ("if", "unless"): the threat is made to them."""
    doc = nlp(text)
    index = resolve_article(doc, find_mentions(doc, mini_actors, None))
    token = next(t for t in doc if t.text == verb)
    assert [m.code for m in condition_actors(token, index)] == expected
