import datetime as dt

import pytest

from dyad.actors.dictionary import ActorEntry, DictionaryError, Role, load_actor_dictionary, name_keys


def tokenize(text):
    return text.replace("'s", " 's").split()


def test_all_capital_names_match_case_sensitively():
    assert name_keys("US", tokenize) == ("US",)
    assert name_keys("United States", tokenize) == ("united", "states")
    assert name_keys("the Kremlin", tokenize) == ("kremlin",)


def test_longest_match_wins(mini_actors):
    words = ["the", "UN", "Security", "Council", "met"]
    end, entry = mini_actors.longest_match(words, [w.lower() for w in words], 1)
    assert (end, entry.name) == (4, "UN Security Council")


def test_names_of_several_words_match_by_their_case_rule():
    dictionary = load_actor_dictionary(tokenize, [], builtin=False)
    dictionary.add(name_keys("South Korea", tokenize), ActorEntry("country", "KOR", "KOR", None, "South Korea"))
    dictionary.add(name_keys("AU PSC", tokenize), ActorEntry("organization", "IGOAFU", None, None, "AU PSC"))
    for text, found in [("SOUTH KOREA", "KOR"), ("South korea", "KOR"), ("AU PSC", "IGOAFU"), ("AU Psc", None)]:
        words = text.split()
        match = dictionary.longest_match(words, [w.lower() for w in words], 0)
        assert (match[1].code if match else None) == found, text


def test_longest_match_by_length_keeps_the_first_added_of_a_length_and_follows_additions():
    dictionary = load_actor_dictionary(tokenize, [], builtin=False)
    for name, code in [("South Sudan", "SSD"), ("South", "SOUTH"), ("South Sudan", "LATER"), ("SOUTH SUDAN", "CAPS")]:
        dictionary.add(name_keys(name, tokenize), ActorEntry("country", code, code, None, name))
    cases = [("South Sudan army", "SSD"), ("SOUTH SUDAN", "SSD"), ("South Africa", "SOUTH"), ("south", "SOUTH")]
    for text, code in cases:
        words = text.split()
        match = dictionary.longest_match(words, [w.lower() for w in words], 0)
        assert (match[1].code if match else None) == code, text
    dictionary.add(name_keys("South Sudan Army", tokenize), ActorEntry("military", "SSDMIL", "SSD", "MIL", "x"))
    words = ["South", "Sudan", "army"]
    assert dictionary.longest_match(words, [w.lower() for w in words], 0)[1].code == "SSDMIL"  # not a stale index


def test_lower_case_us_is_not_a_country(mini_actors):
    words = ["us"]
    assert mini_actors.longest_match(words, words, 0) is None


def test_person_codes_by_date():
    putin = ActorEntry(
        "person",
        None,
        "RUS",
        None,
        "Vladimir Putin",
        (
            Role("Prime Minister", "GOV", dt.date(1999, 8, 16), dt.date(2000, 5, 7)),
            Role("President", "GOV", dt.date(2000, 5, 7), None),
        ),
    )
    assert putin.on(dt.date(2022, 10, 4)) == ("RUSGOV", "RUS", "GOV")
    assert putin.on(dt.date(1995, 1, 1)) == ("RUSELI", "RUS", "ELI")


def test_a_term_for_an_igo_codes_as_the_igo():
    rutte = ActorEntry(
        "person",
        None,
        "NLD",
        None,
        "Mark Rutte",
        (
            Role("Prime Minister", "GOV", dt.date(2010, 10, 14), dt.date(2024, 7, 2)),
            Role("Secretary General", "GOV", dt.date(2024, 10, 1), None, None, "IGOWSTNAT"),
        ),
    )
    assert rutte.on(dt.date(2015, 1, 1)) == ("NLDGOV", "NLD", "GOV")
    assert rutte.on(dt.date(2025, 1, 1)) == ("IGOWSTNAT", None, "GOV")


def test_namesakes_code_by_who_was_in_office(nlp):
    from dyad.actors.dictionary import load_actor_dictionary

    dictionary = load_actor_dictionary(lambda t: [w.text for w in nlp.tokenizer(t)], builtin=True)
    words = ["Clinton"]
    hillary_years = dictionary.longest_match(words, ["clinton"], 0)[1].on(dt.date(2010, 6, 1))
    bill_years = dictionary.longest_match(words, ["clinton"], 0)[1].on(dt.date(1999, 6, 1))
    assert hillary_years == ("USAGOV", "USA", "GOV")
    assert bill_years == ("USAGOV", "USA", "GOV")
    assert dictionary.longest_match(words, ["clinton"], 0)[1].on(dt.date(2020, 6, 1)) == ("USAELI", "USA", "ELI")


def test_malformed_file_names_file_and_entry(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- code: XXX\n  names: {a: 1}\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match=r"bad.yaml, entry 1: expected a list of names"):
        load_actor_dictionary(tokenize, [bad], builtin=False)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(DictionaryError, match="not found"):
        load_actor_dictionary(tokenize, [tmp_path / "nope.yaml"], builtin=False)


def test_cameo_role_and_its_older_name_sector(tmp_path):
    path = tmp_path / "bodies.yaml"
    path.write_text(
        "- {code: CHNMED, name: Chinese state media, country: CHN, cameo_role: MED, names: [Xinhua]}\n"
        "- {code: RUSLEG, name: State Duma, country: RUS, sector: LEG, names: [State Duma]}\n",
        encoding="utf-8",
    )
    dictionary = load_actor_dictionary(tokenize, [path], builtin=False)
    roles = {keys: entry.cameo_role for bucket in dictionary.index.values() for keys, entry in bucket}
    assert roles[("xinhua",)] == "MED" and roles[("state", "duma")] == "LEG"


def test_cameo_role_and_sector_must_agree(tmp_path):
    path = tmp_path / "bodies.yaml"
    path.write_text("- {code: RUSLEG, country: RUS, cameo_role: LEG, sector: GOV, names: [Duma]}\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match="bodies.yaml, entry 1: 'cameo_role' 'LEG' and 'sector' 'GOV' disagree"):
        load_actor_dictionary(tokenize, [path], builtin=False)


@pytest.mark.parametrize(
    "name, code, canonical",
    [
        ("Soviet Union", "RUS", "Soviet Union"),
        ("Soviet", "RUS", "Soviet Union"),
        ("Yugoslavia", "SRB", "Yugoslavia"),
        ("Czechoslovakia", "CZE", "Czechoslovakia"),
        ("East Germany", "DEU", "East Germany"),
        ("European Community", "IGOEUREEC", "European Union"),
    ],
)
def test_former_states_code_as_the_state_that_carries_on_their_seat(nlp, name, code, canonical):
    dictionary = load_actor_dictionary(lambda t: [w.text for w in nlp.tokenizer(t)], builtin=True)
    words = [w.text for w in nlp.tokenizer(name)]
    end, entry = dictionary.longest_match(words, [w.lower() for w in words], 0)
    assert (end, entry.code, entry.name) == (len(words), code, canonical)


class _KeyedTokenizer:
    """A tokenizer with a cache key, as dyad.nlp.NameTokenizer has."""

    key = "test-tokenizer"

    def __call__(self, text):
        return tokenize(text)


def test_a_dictionary_read_from_the_cache_is_the_one_built(tmp_path, monkeypatch):
    from dyad.actors import dictionary

    monkeypatch.setenv("DYAD_CACHE_DIR", str(tmp_path / "cache"))
    actors = tmp_path / "actors.yaml"
    actors.write_text(
        "- code: USA\n  names: [United States]\n  adjectives: [American]\n"
        "- name: Bill Clinton\n  names: [Clinton]\n  country: USA\n"
        "  roles: [{title: President, start: 1993-01-20, end: 2001-01-20}]\n"
        "- name: Hillary Clinton\n  names: [Clinton]\n  country: USA\n"
        "  roles: [{title: Secretary of State, start: 2009-01-21, end: 2013-02-01}]\n"
        "- cameo_role: REL\n  names: [Muslims]\n  identity: true\n",
        encoding="utf-8",
    )
    built = load_actor_dictionary(_KeyedTokenizer(), [actors], builtin=False)
    assert len(list((tmp_path / "cache").glob("actors-*.marshal"))) == 1
    with monkeypatch.context() as patched:
        patched.setattr(dictionary, "_build", lambda *args: pytest.fail("built again"))
        cached = load_actor_dictionary(_KeyedTokenizer(), [actors], builtin=False)
    assert (cached.index, cached.size) == (built.index, built.size)
    clinton = cached.longest_match(["Clinton"], ["clinton"], 0)[1]
    assert [clinton.on(dt.date(1999, 6, 1)), clinton.on(dt.date(2010, 6, 1))] == [("USAGOV", "USA", "GOV")] * 2
    assert clinton.namesakes[0].roles[0].start == dt.date(2009, 1, 21)

    actors.write_text("- code: CAN\n  names: [Canada]\n", encoding="utf-8")  # a changed file: built anew
    assert load_actor_dictionary(_KeyedTokenizer(), [actors], builtin=False).longest_match(["Canada"], ["canada"], 0)
    assert load_actor_dictionary(tokenize, [actors], builtin=False).size == 1  # no key: not cached
    assert len(list((tmp_path / "cache").glob("actors-*.marshal"))) == 2


@pytest.mark.parametrize(
    "name, day, coded",
    [
        ("Boris Yeltsin", dt.date(1995, 6, 1), ("RUSGOV", "RUS", "GOV")),
        ("Gorbachev", dt.date(1988, 6, 1), ("RUSGOV", "RUS", "GOV")),  # a Soviet leader, coded as RUS
        ("Boutros-Ghali", dt.date(1994, 6, 1), ("IGOUNO", None, "GOV")),
        ("Shevardnadze", dt.date(1988, 6, 1), ("RUSGOV", "RUS", "GOV")),  # Soviet foreign minister, later GEO
        ("Shevardnadze", dt.date(1998, 6, 1), ("GEOGOV", "GEO", "GOV")),
        ("Museveni", dt.date(2021, 1, 1), ("UGAGOV", "UGA", "GOV")),
    ],
)
def test_office_holders_of_earlier_years_and_more_countries(nlp, name, day, coded):
    dictionary = load_actor_dictionary(lambda t: [w.text for w in nlp.tokenizer(t)], builtin=True)
    words = [w.text for w in nlp.tokenizer(name)]
    end, entry = dictionary.longest_match(words, [w.lower() for w in words], 0)
    assert (end, entry.on(day)) == (len(words), coded)
