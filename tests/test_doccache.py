from dyad import doccache

TEXT = (
    "Moscow — Russia and China vetoed a US resolution on Thursday.\n"
    'North Korea said the "sanctions" were wrong. It denounced Washington.'
)


def test_views_are_what_spacy_gives(nlp):
    doc = nlp(TEXT)
    assert [(t.i, t.text) for t in doccache.tokens(doc)] == [(t.i, t.text) for t in doc]
    assert doccache.doc_text(doc) == doc.text
    assert [(s.start, s.end) for s in doccache.sentences(doc)] == [(s.start, s.end) for s in doc.sents]
    for token in doc:
        found = doccache.sentence_of(token)
        assert (found.start, found.end) == (token.sent.start, token.sent.end)
    for sentence in doc.sents:
        assert doccache.span_text(sentence) == sentence.text
        assert [t.i for t in doccache.span_tokens(sentence)] == [t.i for t in sentence]
    for start in range(len(doc)):
        for end in range(start, min(len(doc), start + 5) + 1):
            assert doccache.slice_text(doc, start, end) == doc[start:end].text, (start, end)


def test_a_new_doc_replaces_the_views_and_the_memo(nlp):
    first, second = nlp("Russia vetoed it."), nlp("China met Japan. Then it left.")
    doccache.memo(first)["x"] = 1
    assert doccache.tokens(first)[0].text == "Russia"
    assert doccache.tokens(second)[0].text == "China"
    assert doccache.memo(second) == {}
    assert len(doccache.sentences(second)) == 2
    assert doccache.memo(first) == {}  # first is new again: nothing remembered from before


def test_release_forgets_the_doc(nlp):
    doc = nlp("Russia vetoed it.")
    doccache.memo(doc)["x"] = 1
    doccache.release()
    assert doccache.memo(doc) == {}


def test_word_indices_tests_each_distinct_word_once_and_remembers_it(nlp):
    doc = nlp('"Russia," he said, "and Russia."')
    asked = []

    def is_mark(text):
        asked.append(text)
        return text == '"'

    assert doccache.word_indices(doc, is_mark) == [t.i for t in doc if t.text == '"']
    assert asked.count("Russia") == 1 and asked.count('"') == 1
    asked.clear()
    assert doccache.word_indices(nlp('"Yes," said Zzyzxian.'), is_mark) == [0, 3]
    assert "Zzyzxian" in asked and not {'"', ",", "said"} & set(asked)  # words seen before: not again
    assert doccache.word_indices(nlp(""), is_mark) == []


def test_word_indices_keep_each_test_apart(nlp):
    doc = nlp('Kyiv said "no".\nMoscow agreed.')
    assert doccache.word_indices(doc, str.istitle) == [0, 7]
    assert doccache.word_indices(doc, str.isspace) == [6]
    assert doccache.word_indices(doc, str.istitle) == [0, 7]


def test_word_passes_reads_the_flag_word_indices_reads(nlp):
    doc = nlp("Kyiv said no.")
    assert [doccache.word_passes(t, str.istitle) for t in doc] == [True, False, False, False]
    assert doccache.word_indices(doc, str.istitle) == [0]


def test_children_are_spacys_in_order(nlp):
    doc = nlp("North Korea's ministry on Tuesday backed Russia's annexation of four regions and denounced the US.")
    for token in doc:
        assert [c.i for c in doccache.children(token)] == [c.i for c in token.children]
    doccache.release()


def test_columns_and_strings_are_spacys(nlp):
    from spacy.attrs import LEMMA, ORTH, POS

    doc = nlp(TEXT)
    assert doccache.column(doc, POS) == [t.pos for t in doc]
    assert doccache.strings(doc, LEMMA) == [t.lemma_ for t in doc]
    assert doccache.strings(doc, ORTH) == [t.text for t in doc]
    doccache.release()


def test_attach_takes_the_parsed_text_and_never_another(nlp):
    doc = nlp(TEXT)
    doccache.attach(doc, TEXT)
    assert doccache.doc_text(doc) is TEXT
    assert doccache.tokens(doc)[0].text == "Moscow"
    doccache.attach(doc, TEXT + " More.")  # not the doc's text: the doc's own is used
    assert doccache.doc_text(doc) == TEXT
    doccache.attach(nlp(""), "")
    doccache.release()


def test_heads_are_spacys(nlp):
    doc = nlp(TEXT)
    assert doccache.heads(doc) == [t.head.i for t in doc]
    doccache.release()


def test_by_id_makes_each_missing_answer_once():
    made = []
    table = {1: "one"}

    def make(key):
        made.append(key)
        return str(key) * 2

    assert doccache.by_id([1, 2, 2, 3], table, make) == ["one", "22", "22", "33"]
    assert sorted(made) == [2, 3]
    assert doccache.by_id([3, 1], table, make) == ["33", "one"]
    assert sorted(made) == [2, 3]
    assert doccache.by_id([], table, make) == []
