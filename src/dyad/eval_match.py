"""When does a produced event fit a gold one: the matching rules of ``dyad eval``.

Assigns nothing to documents. These are the definitions of the project's reference scorer
(``score_events.py``), kept here so the package scores without it: actor codes match on the
country (or the organisation, or the sector of a country-less ``---`` code), actor words on a
shared content word, PLOVER types through the 0.5-era aliases, CAMEO codes at the root.
Events are plain dicts (an ``Event`` dumped as JSON, or a line of any events JSONL).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

ASSERTED = {None, "", "asserted", "reported"}
COUNTRYLESS = ("IGO", "NGO", "MNC", "---")
# PLOVER 0.5-era type names in published gold sets -> the PLOVER 2.0 types they became
PLOVER_ALIASES = {
    "YIELD": {"CONCEDE", "RETREAT"},
    "DEMAND": {"REQUEST"},
    "DISAPPROVE": {"ACCUSE"},
    "INVESTIGATE": {"ACCUSE"},
    "FIGHT": {"ASSAULT"},
    "ENGAGE": {"COOPERATE"},
}
LEGACY_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}  # old or mistyped codes in published gold sets
# Words that never make two actor names the same actor.
STOP_WORDS = {"the", "a", "an", "of", "and", "'s", "s", "its", "their", "his", "her", "in", "on", "for", "to"}
# An output actor longer than this many content words (or twice the gold's) is a stretch of text, not a name.
MAX_NAME_WORDS = 8


@dataclass(frozen=True)
class Expected:
    """One expected event of a sentence case; None in a field means "not checked".

    Actors are given as codes (``source``/``target``, any of the list fits) or as the words
    that name them in the sentence (``source_words``/``target_words``)."""

    source: list[str | None] | None
    target: list[str | None] | None
    cameo: str | None
    plover: str | None
    source_words: str | None = None
    target_words: str | None = None

    @property
    def has_actors(self) -> bool:
        return any(x is not None for x in (self.source, self.target, self.source_words, self.target_words))

    def describe(self) -> str:
        who = lambda codes, words: words if words is not None else "/".join(c for c in codes or [] if c) or "-"
        what = "/".join(x for x in (self.cameo, self.plover) if x) or "-"
        return f"{who(self.source, self.source_words)} -> {who(self.target, self.target_words)} {what}"


# ---------------------------------------------------------------- event fields


def norm(text: str | None) -> str:
    """Curly quotes made straight, whitespace collapsed, lower case."""
    text = (text or "").replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip().lower()


def actor_fields(actor: Any) -> tuple[str, str, str] | None:
    """(code, country, sector) of an output actor, upper case; None when there is none."""
    if not actor:
        return None
    if isinstance(actor, str):
        actor = {"code": actor}
    return tuple(str(actor.get(key) or "").upper() for key in ("code", "country", "sector"))


def cameo_code(event: dict) -> str | None:
    value = event.get("cameo")
    if isinstance(value, dict):
        value = value.get("code")
    return str(value) if value is not None else None


def plover_type(event: dict) -> str | None:
    value = event.get("plover")
    if isinstance(value, dict):
        value = value.get("type") or value.get("event")
    return (value or "").upper() or None


def root(code: str | None) -> str:
    return (code or "")[:2]


def asserted(event: dict) -> bool:
    return event.get("modality") in ASSERTED


def summarize(event: dict) -> str:
    """One line for a report: ``SRC->TGT cameo/PLOVER date | sentence``; a code-less actor by its words."""

    def who(actor: Any) -> str | None:
        if isinstance(actor, str) or not actor:
            return actor or None
        return actor.get("code") or (f'"{actor["text"]}"' if actor.get("text") else None)

    return (
        f"{who(event.get('source'))}->{who(event.get('target'))} {cameo_code(event)}/{plover_type(event)} "
        f"{event.get('date')} | {(event.get('sentence') or '')[:90]}"
    )


# ---------------------------------------------------------------- matching


def actor_match(gold: str | None, actor: Any) -> bool:
    """Does an output actor fit one gold actor code?

    Country codes (USA, PRKGOV) match on the country alone; IGO/NGO/MNC codes (IGOUNO) on the
    organisation (IGOUNO, or UNO); a code with no country (---LEG) on the sector whatever the
    output's country, and also when the actor is left out. Regions (EUR) match as written."""
    gold = str(gold or "").upper()
    gold = LEGACY_CODES.get(gold[:3], gold[:3]) + gold[3:]
    fields = actor_fields(actor)
    if not gold or gold == "---":
        return fields is None or not any(fields)
    if fields is None:
        return gold.startswith("---")
    code, country, sector = fields
    if gold == code:
        return True
    if gold.startswith("---"):
        return gold[3:6] in (sector, code[3:6], code[:3])
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
    if not actor or not any(actor_fields(actor)):
        return accept_none or any(str(c).upper().startswith("---") for c in codes)
    return any(actor_match(c, actor) for c in codes)


def content_words(text: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", norm(text)) if w not in STOP_WORDS}


def words_ok(gold_words: str | None, actor: Any) -> bool:
    """Gold actor words (None: no gold actor) against an output actor's ``text``: a shared
    content word, and the output no longer than a name."""
    if gold_words is None:
        return True
    gold = content_words(gold_words)
    if not gold:
        return True
    if not actor or isinstance(actor, str):
        return False
    words = content_words(actor.get("text"))
    if len(words) > max(MAX_NAME_WORDS, 2 * len(gold)):
        return False
    return bool(gold & words)


def source_ok(item: Expected, event: dict) -> bool:
    if item.source_words is not None:
        return words_ok(item.source_words, event.get("source"))
    return actor_ok(item.source, event.get("source"))


def target_ok(item: Expected, event: dict) -> bool:
    if item.target_words is not None:
        return words_ok(item.target_words, event.get("target"))
    return actor_ok(item.target, event.get("target"), accept_none=not any(item.target or []))


def plover_ok(gold: str, event: dict) -> bool:
    upper = gold.upper()
    return plover_type(event) in PLOVER_ALIASES.get(upper, {upper})


def type_ok(item: Expected, event: dict) -> bool:
    """The event has the item's CAMEO root and PLOVER type (those it gives)."""
    return (item.cameo is None or root(cameo_code(event)) == root(item.cameo)) and (
        item.plover is None or plover_ok(item.plover, event)
    )


def triple_hit(item: Expected, event: dict) -> bool:
    """The event has the item's type, source and target."""
    return type_ok(item, event) and source_ok(item, event) and target_ok(item, event)


def event_right(event: dict, expected: list[Expected]) -> bool:
    """The event fits some expected item's type and source (event precision)."""
    return any(type_ok(item, event) and source_ok(item, event) for item in expected)


def miss_kind(item: Expected, produced: list[dict]) -> str | None:
    """Why no event codes the item: no_event, wrong_type, wrong_source or wrong_target; None on a hit."""
    if not produced:
        return "no_event"
    typed = [e for e in produced if type_ok(item, e)]
    if not typed:
        return "wrong_type"
    if not item.has_actors:
        return None
    sourced = [e for e in typed if source_ok(item, e)]
    if not sourced:
        return "wrong_source"
    return None if any(target_ok(item, e) for e in sourced) else "wrong_target"


# ---------------------------------------------------------------- article gold items


def code_ok(item: dict, event: dict) -> bool:
    """The event's CAMEO code is the gold ``cameo`` or one of ``accept_cameo``."""
    if item.get("cameo") is None and not item.get("accept_cameo"):
        return True
    code = cameo_code(event)
    accept = set(item.get("accept_cameo") or []) | ({item["cameo"]} if item.get("cameo") else set())
    return code is not None and code in accept


def fits(item: dict, event: dict) -> bool:
    """Does the event code this article gold event (source, target or accept_target, CAMEO code)?"""
    targets = item.get("accept_target") or [item.get("target")]
    return (
        actor_ok([item.get("source")], event.get("source"))
        and actor_ok([t for t in targets if t], event.get("target"), accept_none=None in targets)
        and code_ok(item, event)
    )


def tolerated(rule: dict, event: dict) -> bool:
    """An ``allowed`` rule lets through the listed sources and CAMEO roots, not on ``not_date``."""
    if rule.get("sources") and not actor_ok(rule["sources"], event.get("source")):
        return False
    if rule.get("cameo_roots") and root(cameo_code(event)) not in rule["cameo_roots"]:
        return False
    return not (rule.get("not_date") and str(event.get("date") or "").startswith(rule["not_date"]))
