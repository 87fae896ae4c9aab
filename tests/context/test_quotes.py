from dyad.actors.coref import resolve_article
from dyad.actors.matcher import find_mentions
from dyad.context.quotes import extract_quotes

TITLE = "director general of the Department of International Organization at the Foreign Ministry"


def quotes(nlp, actors, text):
    doc = nlp(text)
    index = resolve_article(doc, find_mentions(doc, actors, None))
    return extract_quotes(doc, index, "a1")


def test_seed_quotes_all_go_to_jo_chol_su(nlp, mini_actors, seed_text):
    found = quotes(nlp, mini_actors, seed_text)
    direct = [q for q in found if q.direct]
    assert [q.text.split()[:4] for q in direct] == [
        ["The", "referendums", "were", "held"],
        ["An", "overwhelming", "majority", "of"],
        ["interferes", "in", "the", "internal"],
        ["This", "is", "the", "same"],
        ["The", "US", "unleashed", "wars"],
        ["If", "the", "UNSC", "is"],
    ]
    assert {(q.speaker.name, q.speaker.code, q.speaker.title) for q in direct} == {("Jo Chol Su", "PRKGOV", TITLE)}
    assert [q.speaker.text for q in direct] == [
        "Jo Chol Su",
        "Jo",
        "The North Korean official",
        "Jo",
        "the official",
        "Jo",
    ]
    for q in found:
        assert seed_text[q.char_span[0] : q.char_span[1]] == q.text


def test_indirect_speech_of_an_institution(nlp, mini_actors, seed_text):
    first = quotes(nlp, mini_actors, seed_text)[0]
    assert (first.direct, first.text) == (False, "they respect the will of the people who want to join Russia")
    assert (first.speaker.name, first.speaker.code) == ("North Korean Foreign Ministry", "PRKGOV")


def test_scare_quotes_are_not_quotes(nlp, mini_actors):
    text = 'European nations called them a "sham" on Monday.'
    assert quotes(nlp, mini_actors, text) == []


def test_quote_split_around_said(nlp, mini_actors):
    text = '"We will not accept this," said the Russian official, "and we will answer it firmly."'
    found = quotes(nlp, mini_actors, text)
    assert [q.text for q in found] == ["We will not accept this", "and we will answer it firmly."]
    assert {q.speaker.code for q in found} == {"RUSGOV"}


def test_quote_over_several_paragraphs(nlp, mini_actors):
    text = (
        "Jo Chol Su, an official at the North Korean Foreign Ministry, spoke on Tuesday.\n"
        '"The United States is to blame for this crisis.\n'
        '"It must stop its hostile policy now," Jo said.'
    )
    found = quotes(nlp, mini_actors, text)
    assert len(found) == 1
    assert found[0].text == ('The United States is to blame for this crisis.\n"It must stop its hostile policy now')
    assert (found[0].speaker.name, found[0].speaker.code) == ("Jo Chol Su", "PRKGOV")


def test_he_concluded_is_the_last_speaker(nlp, mini_actors):
    text = (
        '"The sanctions are illegal and will fail in the end," said Jo Chol Su, a North Korean official.\n'
        '"We will never give in to such pressure," he concluded.'
    )
    found = quotes(nlp, mini_actors, text)
    assert [q.speaker.name for q in found] == ["Jo Chol Su", "Jo Chol Su"]
