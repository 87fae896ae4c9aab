"""The word lists of the place stage, read from ``dyad/data/places/words.yaml``.

Assigns nothing: cues that a capitalized word is a place or part of another name, which kind
of place it is, and which phrases tie an event to a place."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from dyad.cache import load_yaml
from dyad.lexicon import MONTHS, WEEKDAYS

_WORDS = load_yaml(Path(str(resources.files("dyad") / "data" / "places" / "words.yaml")))

MONTHS_DAYS = frozenset(MONTHS) | frozenset(WEEKDAYS)  # "May", "March", "Sunday": never places alone
CONNECTORS = frozenset(_WORDS["connectors"])
DIRECTIONS = frozenset(_WORDS["directions"])
PLACE_HEADS = frozenset(_WORDS["place_heads"])
REGION_WORDS = frozenset(_WORDS["region_words"])
PLURAL_REGION_WORDS = frozenset(w for w in REGION_WORDS if w.endswith("s"))
US_CUES = frozenset(_WORDS["us_cues"])
LOCATIVE = frozenset(_WORDS["locative"])
SETTLEMENT_WORDS = frozenset(_WORDS["settlement_words"])
GOVERNOR_WORDS = frozenset(_WORDS["governor_words"])
PARTICLES = frozenset(_WORDS["particles"])
ARTICLES = frozenset(_WORDS["articles"])
LOCATIVE_PREPS = frozenset(_WORDS["locative_preps"])
COUNTRY_PREPS = frozenset(_WORDS["country_preps"])
MOVEMENT_ONLY = frozenset(_WORDS["movement_only"])
ON_NOUNS = frozenset(_WORDS["on_nouns"])
PLACE_OBJECT_VERBS = frozenset(_WORDS["place_object_verbs"])
MOVEMENT_VERBS = frozenset(_WORDS["movement_verbs"])
