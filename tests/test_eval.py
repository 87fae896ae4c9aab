"""dyad.eval: gold sets, the articles made from them, and the scorer's figures.

The gold sets are small hand-written fixtures (tests/fixtures/eval); the expected figures
were worked out by hand (see the comments) and agree with the project's reference scorer.
No spaCy model or Coder is needed: events are plain dicts, as in an events JSONL file.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from dyad.eval import GoldError, gold_articles, load_events, load_gold, score
from dyad.records import Actor, Event, Plover

GOLD = Path(__file__).parent / "fixtures" / "eval"
ARTICLE_GOLD = GOLD / "article_gold.json"
SENTENCE_GOLD = GOLD / "sentences.jsonl"

S_G1 = "France on Monday put its weight behind Germany\u2019s  plan for a joint European air defence shield."
S_G2 = "The French foreign ministry accused Russia of jamming navigation satellites over the Baltic Sea."
S_G3 = "Russia denied the claims on Tuesday."
S_UNSC = "If the UN Security Council fails to act, Europe will respond, the minister warned."
S_ALLIES = "France and Germany have long been close allies."
S_BYLINE = "Writing by Jane Doe; Editing by John Roe"


def actor(code: str, country: str | None = None, sector: str | None = None) -> dict:
    return {"text": code, "code": code, "country": country, "sector": sector}


def event(
    sentence, source, target=None, cameo=None, plover=None, date=None, modality="asserted", article_id="seed"
) -> dict:
    e = {
        "article_id": article_id,
        "sentence": sentence,
        "source": source,
        "target": target,
        "cameo": cameo,
        "plover": plover,
        "date": date,
        "modality": modality,
    }
    if modality is None:
        del e["modality"]  # an absent modality counts as asserted
    return e


FRA, DEU, RUS = actor("FRA", "FRA"), actor("DEU", "DEU"), actor("RUS", "RUS")


def article_events() -> list[dict]:
    return [
        # G1 matched (curly quote and double space normalised), date right, PLOVER right
        event(S_G1, FRA, DEU, "051", {"type": "SUPPORT", "mode": None}, "2024-03-04"),
        # fits G1 again: a repeat
        event(S_G1, actor("FRAGOV", "FRA", "GOV"), DEU, "050", {"type": "SUPPORT"}, "2024-03-04"),
        # fits nothing, but the allowed rule (FRA, root 05) tolerates it
        event(S_G1, FRA, actor("EUR"), "057", {"type": "SUPPORT"}),
        # negated: not a claim, so it cannot take G2's credit
        event(S_G2, FRA, RUS, "112", "ACCUSE", modality="negated"),
        # G2 matched; PLOVER as a lower-case string is still right; G2 has no date
        event(S_G2, actor("FRAGOV", "FRA", "GOV"), actor("RUS"), "112", "accuse", "2024-03-05"),
        # G3 matched without a target (accept_target has null); date wrong; PLOVER wrong (gold null)
        event(S_G3, RUS, None, "016", {"type": "ACCUSE"}, "2024-03-04"),
        # G2's source and code without a target: a partial
        event(S_G2, FRA, None, "111", "ACCUSE"),
        # a standing relationship: must_not violation and false positive
        event(S_ALLIES, FRA, DEU, "060", "COOPERATE"),
        # hypothetical: ignored
        event(S_UNSC, actor("IGOUNO"), actor("EUR"), "138", "THREATEN", modality="hypothetical"),
        # optional G4 matched ("reported" counts as asserted); ACCUSE is in accept_plover
        event(S_UNSC, FRA, actor("IGOUNO"), "130", "ACCUSE", modality="reported"),
        # the UNSC as source in the conditional: violation of the sourced rule, false positive
        event(S_UNSC, actor("IGOUNO"), None, "163", "SANCTION"),
        # the byline, modality absent: violation and false positive
        event(S_BYLINE, FRA, None, "010", None, modality=None),
        # allowed (RUS, root 01) on another day than 2024-03-04: tolerated
        event(S_G3, RUS, FRA, "010", None, "2024-03-05"),
        # the same on the banned date: false positive
        event(S_G3, RUS, FRA, "010", None, "2024-03-04"),
    ]


def test_article_figures():
    result = score(load_gold(ARTICLE_GOLD), article_events())
    assert result.kind == "article"
    assert result.figures == {
        "required_found": 3,
        "required_total": 4,
        "recall_required": 0.75,  # G1-G3 of G1-G3, G5
        "precision": 0.5,  # 4 matched / (4 matched + 4 false)
        "false_positives": 4,
        "repeats": 1,
        "partials": 1,
        "must_not_violations": 3,
        "dates_right": 1,
        "dates_total": 2,
        "dates_acc": 0.5,  # G1 right, G3 wrong
        "plover_right": 3,
        "matched": 4,  # G1, G2, G4 right; G3 wrong
    }
    assert result.summary_line() == (
        "required_found=3 required_total=4 recall_required=0.75 precision=0.5 false_positives=4 "
        "repeats=1 partials=1 must_not_violations=3 dates_right=1 dates_total=2 dates_acc=0.5 "
        "plover_right=3 matched=4"
    )


def test_article_details():
    details = score(load_gold(ARTICLE_GOLD), article_events()).details
    assert details["missed"] == ["G5"]
    assert details["violations"] == [
        {"rule": "Writing by Jane Doe", "event": f"FRA->None 010/None None | {S_BYLINE}"},
        {"rule": "If the UN Security Council fails to act", "event": f"IGOUNO->None 163/SANCTION None | {S_UNSC}"},
        {"rule": "have long been close allies", "event": f"FRA->DEU 060/COOPERATE None | {S_ALLIES}"},
    ]
    assert details["false_positives"] == [
        f"FRA->DEU 060/COOPERATE None | {S_ALLIES}",
        f"IGOUNO->None 163/SANCTION None | {S_UNSC[:90]}",
        f"FRA->None 010/None None | {S_BYLINE}",
        f"RUS->FRA 010/None 2024-03-04 | {S_G3}",
    ]


def test_article_without_events():
    result = score(load_gold(ARTICLE_GOLD), [])
    assert result.figures["precision"] == 0.0
    assert result.figures["dates_acc"] is None
    assert result.details["missed"] == ["G1", "G2", "G3", "G4", "G5"]


def test_one_event_credits_one_gold_event():
    gold = load_gold(ARTICLE_GOLD)
    double = event(S_G1 + " " + S_G2, FRA, DEU, "051", "SUPPORT")  # both anchors in one "sentence"
    assert score(gold, [double]).figures["matched"] == 1


def test_dumped_event_records_are_scored():
    record = Event(
        event_id="x",
        article_id="seed",
        date="2024-03-04",
        date_precision="day",
        date_source="text",
        source=Actor(text="France", code="FRA", country="FRA"),
        target=Actor(text="Germany", code="DEU", country="DEU"),
        cameo="051",
        cameo_name="Praise or endorse",
        plover=Plover(type="SUPPORT"),
        quad_class=1,
        goldstein=3.4,
        sentence=S_G1,
        sentence_index=3,
        char_span=(0, len(S_G1)),
        trigger="put its weight behind",
    )
    figures = score(load_gold(ARTICLE_GOLD), [json.loads(record.model_dump_json())]).figures
    assert (figures["matched"], figures["dates_right"], figures["plover_right"]) == (1, 1, 1)


def sentence_events() -> list[dict]:
    return [
        event("", FRA, DEU, "051", {"type": "PRAISE"}, article_id="cb-051"),  # code right, PLOVER wrong
        event("", FRA, None, "111", {"type": "ACCUSE"}, article_id="cb-112"),  # root right, PLOVER right
        event("", FRA, RUS, "112", "ACCUSE", modality="negated", article_id="cb-112"),  # not counted
        event("", actor("RUSGOV", "RUS", "GOV"), actor("USA"), "129", None, article_id="pet-1"),  # triple 1 hit
        event("", actor("CHN", "CHN"), None, "057", None, article_id="pet-1"),  # triple 2: target missing
        event("", actor("FRAGOV", "FRA"), actor("RUSMIL", "RUS"), "112", "accuse", article_id="plo-1"),  # hit
        event("", DEU, RUS, "112", "ACCUSE", article_id="plo-1"),  # wrong source
        event("", FRA, None, "010", None, article_id="misc"),  # a row that expects nothing
        event("", FRA, None, "010", None, article_id="nope"),
        {"sentence": "", "source": FRA, "cameo": "010"},  # no article_id
    ]


def test_sentence_figures():
    result = score(load_gold(SENTENCE_GOLD), sentence_events())
    assert result.kind == "sentences"
    assert result.figures == {
        "cases": 5,  # "misc" expects nothing
        "coverage": 0.8,  # cb-010 got no event
        "cameo_root_acc": 0.8,
        "cameo_code_acc": 0.4,  # codes: 051, 129 right; roots also 112 and pet-1's 051
        "plover_acc": 0.667,  # SUPPORT wrong; ACCUSE (cb-112), ACCUSE (plo-1) right
        "triple_acc": 0.667,  # pet-1 RUS->USA and plo-1 hit; pet-1 CHN->RUS lacks its target
        "event_precision": 0.667,  # 4 of 6 asserted events fit an expected item
        "events_with_unknown_article_id": 3,
    }
    assert result.details["missed_or_wrong_cases"] == ["cb-010", "pet-1"]
    assert result.details["unknown_article_ids"] == ["None", "misc", "nope"]
    misses = {kind: [m["id"] for m in found] for kind, found in result.details["misses"].items()}
    assert misses == {
        "no_event": ["cb-010"],
        "wrong_type": ["cb-051"],  # PLOVER PRAISE where SUPPORT is expected
        "wrong_source": [],
        "wrong_target": ["pet-1"],  # CHN->RUS: the 057 has no target
        "extra_event": ["cb-051", "plo-1"],
    }
    assert result.summary_line() == (
        "cases=5 coverage=0.8 cameo_root_acc=0.8 cameo_code_acc=0.4 plover_acc=0.667 triple_acc=0.667 "
        "event_precision=0.667 events_with_unknown_article_id=3"
    )


def test_sentence_figures_without_events():
    figures = score(load_gold(SENTENCE_GOLD), []).figures
    assert figures["coverage"] == 0.0 and figures["event_precision"] is None


def test_gold_articles():
    (article,) = gold_articles(load_gold(ARTICLE_GOLD))
    assert article.id == "seed"
    assert article.text == (GOLD / "story.txt").read_text(encoding="utf-8")
    assert article.published == dt.date(2024, 3, 5)
    assert article.source == "Test Wire"
    assert article.title == "France backs Germany's plan for joint air defence"

    articles = gold_articles(load_gold(SENTENCE_GOLD))
    assert [a.id for a in articles] == ["cb-051", "cb-112", "cb-010", "pet-1", "plo-1", "misc"]
    assert articles[1].text == "The French foreign ministry accused Russia of jamming satellites."
    assert [a.published for a in articles[:4]] == [
        dt.date(2000, 1, 1),
        dt.date(1999, 3, 15),
        dt.date(2000, 1, 1),
        dt.date(2001, 2, 3),
    ]


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("gold.json", "{not json", "not JSON"),
        ("gold.json", '{"events": []}', "'article' with a 'file'"),
        ("gold.json", '{"article": {"file": "a.txt"}, "events": [{"id": "E1"}]}', "'anchor'"),
        ("gold.jsonl", '{"id": "a", "text": "x"}\n[1, 2]\n', ":2: a gold row needs"),
    ],
)
def test_malformed_gold(tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldError, match=problem) as caught:
        load_gold(path)
    assert str(caught.value).startswith(str(path))


def test_missing_article_file(tmp_path):
    path = tmp_path / "gold.json"
    path.write_text('{"article": {"file": "gone.txt"}, "events": []}', encoding="utf-8")
    with pytest.raises(GoldError, match="gone.txt"):
        gold_articles(load_gold(path))


def test_load_events(tmp_path):
    path = tmp_path / "events.jsonl"
    path.write_text('{"a": "line\u2028separator"}\n\n{"b": 2}\n', encoding="utf-8")
    assert load_events(path) == [{"a": "line\u2028separator"}, {"b": 2}]
    path.write_text('{"a": 1}\nnope\n', encoding="utf-8")
    with pytest.raises(GoldError, match=":2: not JSON"):
        load_events(path)


# ---------------------------------------------------------------- the command


def test_cli_scores_an_events_file(tmp_path, capsys):
    from dyad.cli.main import main

    events = tmp_path / "events.jsonl"
    events.write_text("".join(json.dumps(e) + "\n" for e in article_events()), encoding="utf-8")
    assert main(["eval", str(ARTICLE_GOLD), "--events", str(events)]) == 0
    assert capsys.readouterr().out == (
        "required_found=3 required_total=4 recall_required=0.75 precision=0.5 false_positives=4 "
        "repeats=1 partials=1 must_not_violations=3 dates_right=1 dates_total=2 dates_acc=0.5 "
        "plover_right=3 matched=4\n"
    )

    assert main(["eval", str(ARTICLE_GOLD), "--events", str(events), "--json", "--details"]) == 0
    out = capsys.readouterr().out
    details, figures = out[: out.rindex("\n{")], out[out.rindex("\n{") + 1 :]
    assert json.loads(details)["missed"] == ["G5"]
    assert json.loads(figures)["matched"] == 4

    assert main(["eval", str(tmp_path / "nothing.json"), "--events", str(events)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"dyad: {tmp_path / 'nothing.json'}: ") and err.count("\n") == 1


ACTOR_GOLD = GOLD / "actors.jsonl"


def named(text: str, code: str | None = None) -> dict:
    """An output actor with its words, coded or not."""
    return {"text": text, "code": code, "country": (code or "")[:3] or None, "sector": None}


def actor_events() -> list[dict]:
    return [
        event("", actor("FRA", "FRA"), None, "043", None, article_id="cb-043"),  # wrong target (none)
        event(
            "",
            named("The American Civil Liberties Union"),
            named("the FBI", "USAGOV"),
            "112",
            "ACCUSE",
            article_id="plv-1",
        ),  # hit by words
        event("", named("FBI"), None, "112", "ACCUSE", article_id="plv-1"),  # extra: no pair has this source
        event("", named("Musicians"), named("council"), "112", "ACCUSE", article_id="plv-2"),  # wrong type, extra
        event("", named("the mayor"), named("protesters"), "173", "COERCE", article_id="plv-2"),  # wrong source
        event("", actor("JPN", "JPN"), None, "111", "ACCUSE", article_id="plo-legacy"),  # JAP=JPN, DISAPPROVE=ACCUSE
    ]


def test_triples_with_actor_codes_and_words():
    result = score(load_gold(ACTOR_GOLD), actor_events())
    assert result.figures == {
        "cases": 5,
        "coverage": 0.8,  # cb-190 got no event
        "cameo_root_acc": 0.5,  # 043 right, 190 missing
        "cameo_code_acc": 0.5,
        "plover_acc": 0.75,  # ACCUSE, COERCE, DISAPPROVE (as ACCUSE) right; PROTEST missing
        "triple_acc": 0.333,  # plv-1 and plo-legacy of 6 items with actors
        "event_precision": 0.5,  # cb-043's, the ACLU's and Japan's events fit an item's type and source
        "events_with_unknown_article_id": 0,
    }


def test_misses_by_kind():
    misses = score(load_gold(ACTOR_GOLD), actor_events()).details["misses"]
    assert {kind: [m["id"] for m in found] for kind, found in misses.items()} == {
        "no_event": ["cb-190"],
        "wrong_type": ["plv-2"],
        "wrong_source": ["plv-2"],
        "wrong_target": ["cb-043"],
        "extra_event": ["plv-1", "plv-2", "plv-2"],
    }
    assert misses["wrong_source"][0] == {
        "id": "plv-2",
        "text": "Musicians marched on the city council, and police detained the protesters.",
        "expected": "police -> the protesters COERCE",
        "got": ['"Musicians"->"council" 112/ACCUSE None', '"the mayor"->"protesters" 173/COERCE None'],
    }
    assert misses["wrong_target"][0]["expected"] == "FRA -> KEN 043"
    assert misses["extra_event"][0]["event"] == '"FBI"->None 112/ACCUSE None | '


def test_default_gold_is_the_founding_article(tmp_path, capsys):
    from dyad.cli.main import main
    from dyad.eval import SEED_GOLD

    (article,) = gold_articles(load_gold(SEED_GOLD))
    assert article.text.startswith("North Korea supports Russia's decision to annex 4 Ukrainian regions")
    assert article.published == dt.date(2022, 10, 4)
    events = tmp_path / "events.jsonl"
    events.write_text("", encoding="utf-8")
    assert main(["eval", "--events", str(events)]) == 0
    assert capsys.readouterr().out.startswith("required_found=0 required_total=9 ")
