"""Scoring events against a gold set: the library side of ``dyad eval GOLD``.

Gold sets: article-level ``.json`` (one article, ``article.file`` relative to the gold file,
with expected ``events`` found by ``anchor``, ``must_not`` and ``allowed`` rules), or
sentence-level JSON Lines (rows with a CAMEO codebook ``cameo_code``, a PETRARCH-style
``expected`` list of ``{source, target, code}``, or a PLOVER ``event``/``actor``/``recipient``).

:func:`score` assigns the project scorer's figures with the same definitions. Events are
plain dicts (an ``Event`` dumped as JSON, or a line of any events JSONL); only those whose
``modality`` is asserted, reported, empty or absent count as claims.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from dyad.errors import DataError
from dyad.readers.jsonl import parse_record
from dyad.readers.text import InputProblem
from dyad.records import Article

if TYPE_CHECKING:
    from dyad.pipeline import Coder

__all__ = ["GoldError", "GoldSet", "Score", "load_gold", "gold_articles", "load_events", "score", "evaluate"]

ASSERTED = {None, "", "asserted", "reported"}
COUNTRYLESS = ("IGO", "NGO", "MNC", "---")
DEFAULT_PUBLISHED = "2000-01-01"  # for sentence rows that carry no date


class GoldError(DataError):
    """A gold set (or events file) that cannot be read; the message starts with its path."""


@dataclass(frozen=True)
class Expected:
    """One expected event of a sentence case; None in a field means "not checked"."""

    source: list[str | None] | None
    target: list[str | None] | None
    cameo: str | None
    plover: str | None


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

    kind: Literal["article", "sentences"]
    path: Path
    article: dict[str, Any] | None = None
    cases: list[Case] = field(default_factory=list)


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
    cases = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise GoldError(f"{path}:{number}: not JSON: {error}") from None
        if not isinstance(row, dict) or "id" not in row or not isinstance(row.get("text"), str):
            raise GoldError(f"{path}:{number}: a gold row needs an 'id' and a 'text'")
        cases.append(_case(row))
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
    expected = []
    if "expected" in row:  # PETRARCH-style
        expected = [
            Expected([item.get("source")], [item.get("target")], item.get("code"), None)
            for item in row.get("expected") or []
        ]
    elif "cameo_code" in row:  # CAMEO codebook example: the code only
        expected = [Expected(None, None, row["cameo_code"], row.get("plover_event"))]
    elif "event" in row:  # PLOVER gold standard record
        codes = lambda key: [a.get("code") for a in row.get(key) or []] or None
        expected = [Expected(codes("actor"), codes("recipient"), None, row.get("event"))]
    return Case(str(row["id"]), row["text"], published, expected)


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


# ---------------------------------------------------------------- event fields


def _norm(text: str | None) -> str:
    """Curly quotes made straight, whitespace collapsed, lower case."""
    text = (text or "").replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip().lower()


def _actor_fields(actor: Any) -> tuple[str, str, str] | None:
    if not actor:
        return None
    if isinstance(actor, str):
        actor = {"code": actor}
    return tuple(str(actor.get(key) or "").upper() for key in ("code", "country", "sector"))


def _cameo(event: dict) -> str | None:
    value = event.get("cameo")
    if isinstance(value, dict):
        value = value.get("code")
    return str(value) if value is not None else None


def _plover(event: dict) -> str | None:
    value = event.get("plover")
    if isinstance(value, dict):
        value = value.get("type") or value.get("event")
    return (value or "").upper() or None


def _root(code: str | None) -> str:
    return (code or "")[:2]


def _asserted(event: dict) -> bool:
    return event.get("modality") in ASSERTED


def _summarize(event: dict) -> str:
    code = lambda actor: (actor or {}).get("code") if not isinstance(actor, str) else actor
    return (
        f"{code(event.get('source'))}->{code(event.get('target'))} {_cameo(event)}/{_plover(event)} "
        f"{event.get('date')} | {(event.get('sentence') or '')[:90]}"
    )


# ---------------------------------------------------------------- matching


def actor_match(gold: str | None, actor: Any) -> bool:
    """Does an output actor fit one gold actor code?

    Country codes (USA, PRKGOV) match on the country alone; IGO/NGO/MNC codes (IGOUNO)
    on the organisation (IGOUNO, or UNO); a code with no country (---LEG) on the sector,
    and also when the actor is left out. Regions (EUR) match as written."""
    gold = str(gold or "").upper()
    fields = _actor_fields(actor)
    if not gold or gold == "---":
        return fields is None or not any(fields)
    if fields is None:
        return gold.startswith("---")
    code, country, sector = fields
    if gold == code:
        return True
    if gold.startswith("---"):
        return not country and gold[3:6] in (sector, code[3:6], code[:3])
    if gold.startswith(COUNTRYLESS):
        return code.startswith(gold[:6]) or (code[:3] in COUNTRYLESS and code[3:6] == gold[3:6])
    if len(gold) == 3 and code.startswith(COUNTRYLESS) and code[3:6] == gold:
        return True  # gold UNO, output IGOUNO
    return gold[:3] in (country, code[:3])


def actor_ok(gold_codes: list | None, actor: Any, accept_none: bool = False) -> bool:
    """Any gold code fits the actor; no codes means "not checked". A missing actor fits
    when ``accept_none`` or when a gold code has no country (---)."""
    codes = [c for c in gold_codes or [] if c]
    if not codes:
        return True
    if not actor or not any(_actor_fields(actor)):
        return accept_none or any(str(c).upper().startswith("---") for c in codes)
    return any(actor_match(c, actor) for c in codes)


def _code_ok(item: dict, event: dict) -> bool:
    """The event's CAMEO code is the gold ``cameo`` or one of ``accept_cameo``."""
    if item.get("cameo") is None and not item.get("accept_cameo"):
        return True
    code = _cameo(event)
    accept = set(item.get("accept_cameo") or []) | ({item["cameo"]} if item.get("cameo") else set())
    return code is not None and code in accept


def _fits(item: dict, event: dict) -> bool:
    """Does the event code this gold event (source, target or accept_target, CAMEO code)?"""
    targets = item.get("accept_target") or [item.get("target")]
    return (
        actor_ok([item.get("source")], event.get("source"))
        and actor_ok([t for t in targets if t], event.get("target"), accept_none=None in targets)
        and _code_ok(item, event)
    )


def _tolerated(rule: dict, event: dict) -> bool:
    """An ``allowed`` rule lets through the listed sources and CAMEO roots, not on ``not_date``."""
    if rule.get("sources") and not actor_ok(rule["sources"], event.get("source")):
        return False
    if rule.get("cameo_roots") and _root(_cameo(event)) not in rule["cameo_roots"]:
        return False
    return not (rule.get("not_date") and str(event.get("date") or "").startswith(rule["not_date"]))


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


# ---------------------------------------------------------------- scoring


def score(gold: GoldSet, events: Iterable[dict[str, Any]]) -> Score:
    """Score events (plain dicts) against the gold set."""
    events = list(events)
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
    claims = [e for e in events if _asserted(e)]
    sentences = [_norm(e.get("sentence")) for e in claims]
    in_sentence = lambda anchor: [i for i, s in enumerate(sentences) if _norm(anchor) in s]
    items = gold["events"]
    hits: list[int | None] = []
    for item in items:  # one output event credits at most one gold event
        hits.append(next((i for i in in_sentence(item["anchor"]) if i not in hits and _fits(item, claims[i])), None))
    found = [(item, claims[i]) for item, i in zip(items, hits) if i is not None]
    required = [hit for item, hit in zip(items, hits) if not item.get("optional")]
    required_found = sum(hit is not None for hit in required)
    dated = [(item, e) for item, e in found if item.get("date")]
    dates_right = sum(str(e.get("date") or "").startswith(item["date"]) for item, e in dated)
    plover_right = sum(_plover(e) in {item.get("plover"), *(item.get("accept_plover") or [])} for item, e in found)
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
        here = [item for item in items if _norm(item["anchor"]) in sentences[i]]
        if any(_fits(item, e) for item in here):
            repeats += 1  # a second report of a gold event: neither credited nor false
        elif not e.get("target") and any(
            actor_ok([item.get("source")], e.get("source")) and _code_ok(item, e) for item in here
        ):
            partials += 1  # right source and action, target left out: incomplete, not false
        elif not any(_norm(rule["anchor"]) in sentences[i] and _tolerated(rule, e) for rule in gold.get("allowed", [])):
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
        "violations": [{"rule": rule["anchor"], "event": _summarize(e)} for rule, e in violations],
        "false_positives": [_summarize(e) for e in wrong],
    }
    return figures, details


def _triple_hit(item: Expected, produced: list[dict]) -> bool:
    """Some event has the item's source and target, CAMEO root and PLOVER type."""
    return any(
        actor_ok(item.source, e.get("source"))
        and actor_ok(item.target, e.get("target"), accept_none=not any(item.target or []))
        and (item.cameo is None or _root(_cameo(e)) == _root(item.cameo))
        and (item.plover is None or _plover(e) == item.plover.upper())
        for e in produced
    )


def _event_right(e: dict, expected: list[Expected]) -> bool:
    """The event fits some expected item's CAMEO root, PLOVER type and source."""
    return any(
        (item.cameo is None or _root(_cameo(e)) == _root(item.cameo))
        and (item.plover is None or _plover(e) == item.plover.upper())
        and actor_ok(item.source, e.get("source"))
        for item in expected
    )


def score_sentences(all_cases: list[Case], events: list[dict]) -> tuple[dict, dict]:
    """Figures over the cases that expect something, events grouped by article_id.

    ``coverage``: cases with an asserted event; ``cameo_code_acc``/``cameo_root_acc``:
    expected codes produced exactly / at the root; ``plover_acc``: expected PLOVER types
    produced; ``triple_acc``: items with actors matched by one event (:func:`_triple_hit`);
    ``event_precision``: asserted events that fit an item (:func:`_event_right`);
    ``events_with_unknown_article_id``: events whose article_id names no such case.
    A case is missed (or wrong) when it got no event or one of its triples was missed."""
    cases = [c for c in all_cases if c.expected]
    by_article: dict[str, list[dict]] = {}
    for e in events:
        by_article.setdefault(str(e.get("article_id")), []).append(e)
    unknown = sorted(set(by_article) - {c.id for c in cases})
    coded = root_right = code_right = plover_right = triples = 0
    cameo_total = plover_total = triple_total = right = judged = 0
    missed = []
    for case in cases:
        produced = [e for e in by_article.get(case.id, []) if _asserted(e)]
        coded += bool(produced)
        case_ok = True
        codes = {_cameo(e) for e in produced}
        for item in case.expected:
            if item.cameo:
                cameo_total += 1
                code_right += item.cameo in codes
                root_right += _root(item.cameo) in {_root(c) for c in codes}
            if item.plover:
                plover_total += 1
                plover_right += item.plover.upper() in {_plover(e) for e in produced}
            if item.source is not None or item.target is not None:
                triple_total += 1
                hit = _triple_hit(item, produced)
                triples += hit
                case_ok = case_ok and hit
        right += sum(_event_right(e, case.expected) for e in produced)
        judged += len(produced)
        if not produced or not case_ok:
            missed.append(case.id)
    figures = {
        "cases": len(cases),
        "coverage": _ratio(coded, len(cases)),
        "cameo_root_acc": _ratio(root_right, cameo_total),
        "cameo_code_acc": _ratio(code_right, cameo_total),
        "plover_acc": _ratio(plover_right, plover_total),
        "triple_acc": _ratio(triples, triple_total),
        "event_precision": _ratio(right, judged),
        "events_with_unknown_article_id": sum(len(by_article[a]) for a in unknown),
    }
    return figures, {"missed_or_wrong_cases": missed, "unknown_article_ids": unknown[:20]}


def evaluate(path: str | Path, coder: Coder, processes: int | None = None) -> Score:
    """Load a gold set, code its texts with ``coder`` and score the events.

    Articles the coder fails on add no events; their messages go to ``Score.errors``."""
    gold = load_gold(path)
    events: list[dict] = []
    errors: list[str] = []
    for result in coder.code_many(gold_articles(gold), processes=processes):
        if result.error:
            errors.append(f"article {result.article.id}: could not be coded: {result.error}")
        events.extend(json.loads(event.model_dump_json()) for event in result.events)
    scored = score(gold, events)
    scored.errors = errors
    return scored
