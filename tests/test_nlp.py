from spacy.tokens import Doc


def test_fast_attributes_match_spacys_attribute_ruler_and_lemmatizer(nlp, seed_text):
    """The indexed rules must set exactly what the AttributeRuler sets, token for token."""
    texts = [
        seed_text,
        "I ain't gonna let 's go. That which he said, which was true, gotta stop.",
        "Both of them said that those were theirs.",
        # every multi-token rule of the model (found from one word of theirs), "gets"/"got", "nothin'"
        "Y'all gotta c'mon, nothin' ain't gonna stop us. Let's go: there were two, and there's one. "
        "He gets it; she got it. There are talks, but were there any?",
    ]
    for doc in nlp.pipe(texts):
        reference = Doc(doc.vocab).from_bytes(doc.to_bytes())
        for token in reference:
            token.lemma = 0
        nlp.get_pipe("attribute_ruler")(reference)
        nlp.get_pipe("lemmatizer")(reference)
        nlp.get_pipe("dyad_fast_attributes")(doc)
        assert [(t.pos_, str(t.morph), t.lemma_) for t in doc] == [(t.pos_, str(t.morph), t.lemma_) for t in reference]


def test_every_line_starts_a_sentence(nlp):
    doc = nlp("North Korea backs Russia\nPyongyang slams US\nANKARA\nNorth Korea on Tuesday put its weight.")
    assert [s.text.strip() for s in doc.sents] == [
        "North Korea backs Russia",
        "Pyongyang slams US",
        "ANKARA",
        "North Korea on Tuesday put its weight.",
    ]


def test_hyphen_after_abbreviation_splits(nlp):
    assert [t.text for t in nlp.tokenizer("a U.S.-backed plan")] == ["a", "U.S.", "-", "backed", "plan"]


def test_name_tokenizer_remembers_names_between_processes(nlp, tmp_path, monkeypatch):
    from dyad.nlp import NameTokenizer

    monkeypatch.setenv("DYAD_CACHE_DIR", str(tmp_path))
    first = NameTokenizer(nlp)
    assert first("Côte d'Ivoire") == [t.text for t in nlp.tokenizer("Côte d'Ivoire")]
    assert first("U.S.-backed") == ["U.S.", "-", "backed"]
    first.save()
    nlp.tokenizer("Zzyzx Qwv")  # new words grow the vocabulary, not the rules
    second = NameTokenizer(nlp)  # as a new process would
    assert second.words == {"Côte d'Ivoire": first("Côte d'Ivoire"), "U.S.-backed": ["U.S.", "-", "backed"]}
    assert second.new == 0


def test_tokenizer_loads_with_the_infix_as_if_set_after_loading(nlp):
    """The infix goes in before the special cases load: the same tokenizer as setting it afterwards."""
    import spacy
    from spacy.util import compile_infix_regex

    from dyad.nlp import _UNUSED

    reference = spacy.load(nlp.meta["lang"] + "_" + nlp.meta["name"], exclude=list(_UNUSED))
    infixes = [*reference.Defaults.infixes, r"(?<=\.)-(?=[A-Za-z])"]
    reference.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    assert nlp.tokenizer.to_bytes(exclude=["vocab"]) == reference.tokenizer.to_bytes(exclude=["vocab"])


def test_lemma_index_tests_membership_by_set(nlp):
    from dyad.nlp import _WordList

    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert index and all(isinstance(words, _WordList) for words in index.values())
    words = _WordList(["run", "walk"])
    assert ("run" in words, "ran" in words, "ran" not in words, list(words)) == (True, False, True, ["run", "walk"])
