from dyad.actors.coref import resolve_article
from dyad.actors.matcher import find_mentions


def resolved(nlp, actors, text, word):
    doc = nlp(text)
    index = resolve_article(doc, find_mentions(doc, actors, None))
    token = [t for t in doc if t.text == word][-1]
    return sorted(m.code for m in index.at(token))


def test_the_two_countries_are_the_last_two_actors_named(nlp, mini_actors):
    text = "Pyongyang has close ties with Moscow and Beijing. In May, the two countries vetoed a US-backed resolution."
    assert resolved(nlp, mini_actors, text, "countries") == ["CHNGOV", "RUSGOV"]


def test_person_takes_the_actor_of_their_title_and_keeps_it(nlp, mini_actors):
    text = (
        "In a statement, the North Korean Foreign Ministry said they respect the will of the people.\n"
        '"The referendums were held," said Jo Chol Su, director general at the Foreign Ministry.\n'
        '"This is the same old trick of the US," Jo said.'
    )
    assert resolved(nlp, mini_actors, text, "Su") == ["PRKGOV"]
    assert resolved(nlp, mini_actors, text, "Jo") == ["PRKGOV"]


def test_bare_agent_takes_the_country_of_the_last_actor_of_its_sector(nlp, mini_actors):
    text = 'The North Korean official criticized the US.\n"It is a trick," the official added.'
    assert resolved(nlp, mini_actors, text, "official") == ["PRKGOV"]


def test_it_is_the_nearest_actor_before(nlp, mini_actors):
    text = "China vetoed a resolution against North Korea after it launched a missile."
    assert resolved(nlp, mini_actors, text, "it") == ["PRK"]


def test_them_is_not_resolved(nlp, mini_actors):
    text = "European nations and the US called them a sham."
    assert resolved(nlp, mini_actors, text, "them") == []


def test_a_pronoun_stands_for_a_named_actor_with_its_name_as_written(nlp, mini_actors):
    doc = nlp("Farc said it will release the hostages.")
    index = resolve_article(doc, find_mentions(doc, mini_actors, None))
    [it] = index.at([t for t in doc if t.text == "it"][0])
    assert (it.kind, it.is_actor, it.code, it.text, it.name) == ("reference", True, None, "Farc", "Farc")
