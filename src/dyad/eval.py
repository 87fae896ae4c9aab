"""Scoring events against a gold set: the library side of ``dyad eval GOLD``.

Gold sets: article-level ``.json`` (one article, ``article.file`` relative to the gold file,
with expected ``events`` found by ``anchor``, ``must_not`` and ``allowed`` rules), or
sentence-level JSON Lines (rows with a CAMEO codebook ``cameo_code`` and, where hand-coded,
``actor``/``recipient`` codes; a PETRARCH-style ``expected`` list of ``{source, target, code}``;
PLV ``pairs`` of source and target words with a PLOVER type; or a PLOVER
``event``/``actor``/``recipient``).

:func:`score` assigns the project scorer's figures with the same definitions
(:mod:`dyad.eval_match` holds the matching rules), and the misses by kind: no event, wrong
type, wrong source, wrong target, extra event. Events are plain dicts (an ``Event`` dumped as
JSON, or a line of any events JSONL); only those whose ``modality`` is asserted, reported,
empty or absent count as claims.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from dyad.errors import DataError
from dyad.eval_actors import ActorCase, actor_case, is_actor_row, resolve_case, score_actor_cases
from dyad.eval_match import (
    Expected,
    actor_ok,
    asserted,
    cameo_code,
    code_ok,
    event_right,
    fits,
    miss_kind,
    norm,
    plover_ok,
    plover_type,
    root,
    summarize,
    tolerated,
    triple_hit,
)
from dyad.readers.jsonl import parse_record
from dyad.readers.text import InputProblem
from dyad.records import Article

if TYPE_CHECKING:
    from dyad.pipeline import Coder

__all__ = ["GoldError", "GoldSet", "Score", "load_gold", "gold_articles", "load_events", "score", "evaluate"]

DEFAULT_PUBLISHED = "2000-01-01"  # for sentence rows that carry no date
# The founding article's hand coding, shipped with its text: the default gold set of `dyad eval`.
SEED_GOLD = Path(__file__).parent / "data" / "examples" / "seed_gold.json"


class GoldError(DataError):
    """A gold set (or events file) that cannot be read; the message starts with its path."""


@dataclass(frozen=True)
class Case:
    """One sentence-level gold row, normalised."""

    id: str
    text: str
    published: str | None
    expected: list[Expected]


@dataclass(frozen=True)
class GoldSet:
    """A loaded gold set: ``article`` (the gold dict) for kind "article", ``cases`` for "sentences"."""

    kind: Literal["article", "sentences", "actors"]
    path: Path
    article: dict[str, Any] | None = None
    cases: list[Case] = field(default_factory=list)
    actor_cases: list[ActorCase] = field(default_factory=list)


@dataclass
class Score:
    """The figures (ordered as the scorer prints them) and the details behind them."""

    kind: str
    figures: dict[str, Any]
    details: dict[str, Any]
    errors: list[str] = field(default_factory=list)  # articles the coder could not code

    def summary_line(self) -> str:
        return " ".join(f"{key}={value}" for key, value in self.figures.items())


# ---------------------------------------------------------------- loading


def load_gold(path: str | Path) -> GoldSet:
    """Read a gold set; raises :class:`GoldError` when it is missing or malformed."""
    path = Path(path)
    text = _read(path)
    if path.suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise GoldError(f"{path}: not JSON: {error}") from None
        _check_article_gold(path, data)
        return GoldSet("article", path, article=data)
    cases, actor_cases = [], []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise GoldError(f"{path}:{number}: not JSON: {error}") from None
        if not isinstance(row, dict) or "id" not in row or not isinstance(row.get("text"), str):
            raise GoldError(f"{path}:{number}: a gold row needs an 'id' and a 'text'")
        if is_actor_row(row):
            actor_cases.append(actor_case(row))
            continue
        cases.append(_case(row))
    if actor_cases:
        return GoldSet("actors", path, actor_cases=[c for c in actor_cases if c is not None])
    return GoldSet("sentences", path, cases=cases)


def _check_article_gold(path: Path, data: Any) -> None:
    article = data.get("article") if isinstance(data, dict) else None
    if not isinstance(article, dict) or not isinstance(article.get("file"), str):
        raise GoldError(f"{path}: an article gold set needs 'article' with a 'file'")
    for key in ("events", "must_not", "allowed"):
        items = data.get(key, None if key == "events" else [])
        if not isinstance(items, list) or not all(
            isinstance(i, dict) and isinstance(i.get("anchor"), str) for i in items
        ):
            raise GoldError(f"{path}: '{key}' must be a list of objects with an 'anchor'")


def _case(row: dict[str, Any]) -> Case:
    """Normalise a row: YYYYMMDD dates get dashes; the expected events follow the row's format."""
    published = row.get("published") or row.get("date")
    published = str(published) if published else None
    if published and re.fullmatch(r"\d{8}", published):
        published = f"{published[:4]}-{published[4:6]}-{published[6:]}"
    return Case(str(row["id"]), row["text"], published, _expected(row))


def _expected(row: dict[str, Any]) -> list[Expected]:
    """The expected events of a row, in whichever of the four formats it comes."""
    codes = lambda key: [a.get("code") for a in row.get(key) or []] or None
    if "expected" in row:  # PETRARCH-style
        return [
            Expected([item.get("source")], [item.get("target")], item.get("code"), None)
            for item in row.get("expected") or []
        ]
    if "cameo_code" in row:  # CAMEO codebook example: the code, and actors where hand-coded
        return [Expected(codes("actor"), codes("recipient"), row["cameo_code"], row.get("plover_event"))]
    if "pairs" in row:  # PLV: actors as the words that name them
        return [
            Expected(None, None, None, pair.get("plover"), pair.get("source"), pair.get("target"))
            for pair in row["pairs"]
        ]
    if "event" in row:  # PLOVER gold standard record
        return [Expected(codes("actor"), codes("recipient"), None, row.get("event"))]
    return []


def gold_articles(gold: GoldSet) -> list[Article]:
    """The gold set's texts as Articles, read as ``dyad code`` reads JSON Lines input.

    Article-level: id "seed" (or ``article.id``), the file's text, ``published`` and
    ``publisher`` (as source). Sentence-level: the row id and text, published on the row's
    date or 2000-01-01."""
    if gold.kind == "article":
        meta = gold.article["article"]
        text = _read(gold.path.parent / meta["file"])
        records = [
            {
                "id": meta.get("id") or "seed",
                "text": text,
                "published": meta.get("published"),
                "source": meta.get("publisher"),
            }
        ]
    else:
        records = [{"id": c.id, "text": c.text, "published": c.published or DEFAULT_PUBLISHED} for c in gold.cases]
    articles = []
    for record in records:
        try:
            articles.append(parse_record(record))
        except InputProblem as error:
            raise GoldError(f"{gold.path}: {record['id']}: {error}") from None
    return articles


def load_events(path: str | Path) -> list[dict[str, Any]]:
    """Read an events JSON Lines file (blank lines skipped); raises :class:`GoldError`."""
    events = []
    for number, line in enumerate(_read(Path(path)).split("\n"), 1):  # not splitlines: U+2028 is text
        if not line.strip():
            continue
        try:
            events.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise GoldError(f"{path}:{number}: not JSON: {error}") from None
    return events


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise GoldError(f"{path}: cannot read: {getattr(error, 'strerror', None) or error}") from None


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


# ---------------------------------------------------------------- scoring


def score(gold: GoldSet, events: Iterable[dict[str, Any]]) -> Score:
    """Score events (plain dicts) against the gold set."""
    events = list(events)
    if gold.kind == "actors":
        raise GoldError(f"{gold.path}: a set of actor cases is scored by resolving its texts; leave out --events")
    if gold.kind == "article":
        return Score("article", *score_article(gold.article, events))
    return Score("sentences", *score_sentences(gold.cases, events))


def score_article(gold: dict, events: list[dict]) -> tuple[dict, dict]:
    """Figures for one article, all asserted events counted whatever their article_id.

    Each gold event is credited to the first unused asserted event in its anchor's
    sentence that fits it (``matched``; ``required_*`` leave out ``optional`` ones).
    ``dates_right``: matched gold events with a date whose event date starts with it;
    ``plover_right``: matched events whose PLOVER type is the gold one or in ``accept_plover``.
    ``must_not_violations``: asserted events in a must_not anchor's sentence (of its
    ``source``, when given). Every other event is a ``repeat`` (fits a gold event again),
    a ``partial`` (no target, but a gold event's source and code), tolerated by an
    ``allowed`` rule, or a false positive. ``precision`` = matched / (matched + false)."""
    claims = [e for e in events if asserted(e)]
    sentences = [norm(e.get("sentence")) for e in claims]
    in_sentence = lambda anchor: [i for i, s in enumerate(sentences) if norm(anchor) in s]
    items = gold["events"]
    hits: list[int | None] = []
    for item in items:  # one output event credits at most one gold event
        hits.append(next((i for i in in_sentence(item["anchor"]) if i not in hits and fits(item, claims[i])), None))
    found = [(item, claims[i]) for item, i in zip(items, hits) if i is not None]
    required = [hit for item, hit in zip(items, hits) if not item.get("optional")]
    required_found = sum(hit is not None for hit in required)
    dated = [(item, e) for item, e in found if item.get("date")]
    dates_right = sum(str(e.get("date") or "").startswith(item["date"]) for item, e in dated)
    plover_right = sum(plover_type(e) in {item.get("plover"), *(item.get("accept_plover") or [])} for item, e in found)
    violations = [
        (rule, claims[i])
        for rule in gold.get("must_not", [])
        for i in in_sentence(rule["anchor"])
        if not rule.get("source") or actor_ok([rule["source"]], claims[i].get("source"))
    ]
    wrong, repeats, partials = [], 0, 0
    for i, e in enumerate(claims):
        if i in hits:
            continue
        here = [item for item in items if norm(item["anchor"]) in sentences[i]]
        if any(fits(item, e) for item in here):
            repeats += 1  # a second report of a gold event: neither credited nor false
        elif not e.get("target") and any(
            actor_ok([item.get("source")], e.get("source")) and code_ok(item, e) for item in here
        ):
            partials += 1  # right source and action, target left out: incomplete, not false
        elif not any(norm(rule["anchor"]) in sentences[i] and tolerated(rule, e) for rule in gold.get("allowed", [])):
            wrong.append(e)
    judged = len(found) + len(wrong)
    figures = {
        "required_found": required_found,
        "required_total": len(required),
        "recall_required": _ratio(required_found, len(required)),
        "precision": round(len(found) / judged, 3) if judged else 0.0,
        "false_positives": len(wrong),
        "repeats": repeats,
        "partials": partials,
        "must_not_violations": len(violations),
        "dates_right": dates_right,
        "dates_total": len(dated),
        "dates_acc": _ratio(dates_right, len(dated)),
        "plover_right": plover_right,
        "matched": len(found),
    }
    details = {
        "missed": [item.get("id", item["anchor"]) for item, hit in zip(items, hits) if hit is None],
        "violations": [{"rule": rule["anchor"], "event": summarize(e)} for rule, e in violations],
        "false_positives": [summarize(e) for e in wrong],
    }
    return figures, details


MISS_KINDS = ("no_event", "wrong_type", "wrong_source", "wrong_target", "extra_event")


def score_sentences(all_cases: list[Case], events: list[dict]) -> tuple[dict, dict]:
    """Figures over the cases that expect something, events grouped by article_id.

    ``coverage``: cases with an asserted event; ``cameo_code_acc``/``cameo_root_acc``:
    expected codes produced exactly / at the root; ``plover_acc``: expected PLOVER types
    produced; ``triple_acc``: items with actors (codes or words) matched by one event in
    type, source and target; ``event_precision``: asserted events that fit an item's type and
    source; ``events_with_unknown_article_id``: events whose article_id names no such case.
    A case is missed (or wrong) when it got no event or one of its triples was missed.
    The details list each miss under its kind (:data:`MISS_KINDS`)."""
    cases = [c for c in all_cases if c.expected]
    by_article: dict[str, list[dict]] = {}
    for e in events:
        by_article.setdefault(str(e.get("article_id")), []).append(e)
    unknown = sorted(set(by_article) - {c.id for c in cases})
    counts = dict.fromkeys(("coded", "root", "code", "plover", "triples", "cameo_n", "plover_n", "triple_n"), 0)
    right = judged = 0
    missed: list[str] = []
    misses: dict[str, list[dict]] = {kind: [] for kind in MISS_KINDS}
    for case in cases:
        produced = [e for e in by_article.get(case.id, []) if asserted(e)]
        counts["coded"] += bool(produced)
        case_ok = _count_items(case, produced, counts, misses)
        extra = [e for e in produced if not event_right(e, case.expected)]
        right += len(produced) - len(extra)
        judged += len(produced)
        misses["extra_event"] += [{"id": case.id, "event": summarize(e)} for e in extra]
        if not produced or not case_ok:
            missed.append(case.id)
    figures = {
        "cases": len(cases),
        "coverage": _ratio(counts["coded"], len(cases)),
        "cameo_root_acc": _ratio(counts["root"], counts["cameo_n"]),
        "cameo_code_acc": _ratio(counts["code"], counts["cameo_n"]),
        "plover_acc": _ratio(counts["plover"], counts["plover_n"]),
        "triple_acc": _ratio(counts["triples"], counts["triple_n"]),
        "event_precision": _ratio(right, judged),
        "events_with_unknown_article_id": sum(len(by_article[a]) for a in unknown),
    }
    details = {"missed_or_wrong_cases": missed, "unknown_article_ids": unknown[:20], "misses": misses}
    return figures, details


def _count_items(case: Case, produced: list[dict], counts: dict[str, int], misses: dict[str, list]) -> bool:
    """Add one case's expected items to the counts and its misses to ``misses``; True when
    every item with actors was hit."""
    codes = {cameo_code(e) for e in produced}
    case_ok = True
    for item in case.expected:
        if item.cameo:
            counts["cameo_n"] += 1
            counts["code"] += item.cameo in codes
            counts["root"] += root(item.cameo) in {root(c) for c in codes}
        if item.plover:
            counts["plover_n"] += 1
            counts["plover"] += any(plover_ok(item.plover, e) for e in produced)
        if item.has_actors:
            counts["triple_n"] += 1
            hit = any(triple_hit(item, e) for e in produced)
            counts["triples"] += hit
            case_ok = case_ok and hit
        kind = miss_kind(item, produced)
        if kind is not None:
            misses[kind].append(
                {
                    "id": case.id,
                    "text": case.text,
                    "expected": item.describe(),
                    "got": [summarize(e).split(" | ")[0] for e in produced],
                }
            )
    return case_ok


def evaluate(path: str | Path, coder: Coder, processes: int | None = None) -> Score:
    """Load a gold set, code its texts with ``coder`` and score the events.

    Articles the coder fails on add no events; their messages go to ``Score.errors``."""
    gold = load_gold(path)
    if gold.kind == "actors":
        resolved = [resolve_case(case, coder.nlp, coder.actors) for case in gold.actor_cases]
        return Score("actors", *score_actor_cases(gold.actor_cases, resolved))
    events: list[dict] = []
    errors: list[str] = []
    for result in coder.code_many(gold_articles(gold), processes=processes):
        if result.error:
            errors.append(f"article {result.article.id}: could not be coded: {result.error}")
        events.extend(json.loads(event.model_dump_json()) for event in result.events)
    scored = score(gold, events)
    scored.errors = errors
    return scored
