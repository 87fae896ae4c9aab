"""Equivalence: a fixed set of news stories, coded end to end, gives exactly the stored records.

This guards refactors and speed work (caches, indexes, matchers): the same text must give the
same events, quotes, places and datelines, field for field. When a change is *meant* to move
the coding (better dictionaries or rules), look at the difference this test prints, then
store the new expectation with

    DYAD_UPDATE_EXPECTED=1 pytest tests/test_equivalence.py
"""

import json
import os
from pathlib import Path

import pytest

from dyad import Coder
from dyad.pipeline import article_record
from dyad.readers import parse_record

FIXTURES = Path(__file__).parent / "fixtures"
STORIES = FIXTURES / "equivalence_stories.jsonl"
EXPECTED = FIXTURES / "equivalence_expected.jsonl"


def _stories(seed_text: str) -> list:
    rows = [json.loads(line) for line in STORIES.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows.append({"id": "seed", "text": seed_text, "published": "2022-10-04"})
    return [parse_record(row) for row in rows]


@pytest.fixture(scope="module")
def coded(seed_text):
    coder = Coder(processes=1)
    lines = []
    for result in coder.code_many(_stories(seed_text), processes=1):
        assert result.error is None, result.error
        record = article_record(result).model_dump(mode="json")
        lines.append(json.dumps(record, sort_keys=True, ensure_ascii=False))
    return lines


def test_coding_is_unchanged(coded):
    if os.environ.get("DYAD_UPDATE_EXPECTED") == "1":
        EXPECTED.write_text("\n".join(coded) + "\n", encoding="utf-8")
    expected = EXPECTED.read_text(encoding="utf-8").splitlines()
    for got, want in zip(coded, expected):
        got_events, want_events = json.loads(got).pop("events"), json.loads(want).pop("events")
        assert [_brief(e) for e in got_events] == [_brief(e) for e in want_events]
        assert json.loads(got) == json.loads(want)
        assert got == want
    assert len(coded) == len(expected)


def _brief(event: dict) -> tuple:
    """The fields a reader looks at first, so a failure shows what moved."""
    target = event["target"] or {}
    where = (event["location"] or {}).get("name")
    return (
        event["sentence_index"],
        event["trigger"],
        event["source"]["code"],
        event["cameo"],
        target.get("code"),
        event["modality"],
        event["date"],
        event["attributed_to"],
        where,
    )
