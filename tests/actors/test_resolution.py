"""Actor resolution on short texts, and `dyad eval` on a set of actor cases."""

import datetime as dt
from pathlib import Path

import pytest

from dyad import Coder
from dyad.actors.resolution import resolve_text
from dyad.eval import GoldError, evaluate, load_gold, score

CASES = Path(__file__).parents[1] / "fixtures" / "eval" / "actor_cases.jsonl"


@pytest.fixture(scope="module")
def coder():
    return Coder(processes=1)


@pytest.mark.parametrize(
    "text, day, expected",
    [
        ("soldiers", None, ("agent", None, "MIL")),
        ("the Kenyan Foreign Ministry", None, ("agent", "KENGOV", "GOV")),
        ("Iranian Foreign Minister Mohammad Javad Zarif", dt.date(2017, 1, 1), ("person", "IRNGOV", "GOV")),
        ("The American Civil Liberties Union", None, ("name", "USA", None)),
        ("Mariupol", None, ("place", "UKR", None)),  # a place named alone stands for its country
    ],
)
def test_resolve_text(coder, text, day, expected):
    actor = resolve_text(text, coder.nlp, coder.actors, day)
    assert (actor.kind, actor.code, actor.cameo_role) == expected


def test_eval_scores_actor_cases(coder):
    gold = load_gold(CASES)
    assert gold.kind == "actors"
    assert [c.id for c in gold.actor_cases] == ["a1", "a2", "a3", "a4", "a5"]  # a6 not active, a7 checks neither
    result = evaluate(CASES, coder)
    # a5 (an unknown name) has neither country nor role; the rest are right
    assert result.figures == {"cases": 5, "country_acc": 0.8, "sector_acc": 0.75}
    assert [m["id"] for m in result.details["wrong_country"]] == ["a5"]
    assert result.details["wrong_sector"] == [
        {"id": "a5", "text": "Tomas Okello", "expected": "UGA/GOV", "got": "None/None (Tomas Okello)"}
    ]


def test_actor_cases_are_not_scored_from_events():
    with pytest.raises(GoldError, match="leave out --events"):
        score(load_gold(CASES), [])
