"""Scoring actor resolution: short texts that name one actor, each with its expected country
and role (``dyad eval`` on a set such as NGEC's actor-resolution cases).

A row has ``text``, optional ``context`` (words that qualify it, e.g. "German"), ``date`` and
``expect`` with ``country`` (or ``return:cc``; "" for none, "IGO" for an international body)
and ``code_1`` (the CAMEO role; "" for none). :func:`score_actor_cases` assigns
``country_acc`` and ``sector_acc`` over the active rows that expect each.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dyad.actors.sectors import plover_sector
from dyad.eval_match import actor_match

if TYPE_CHECKING:
    from dyad.actors.matcher import ActorMention

_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%Y%m%d")
_UNKNOWN = "????"  # an expectation the upstream test leaves open
_ISO_TO_CAMEO = {"XKX": "KOS"}  # Kosovo's user-assigned ISO code; CAMEO's is KOS


@dataclass(frozen=True)
class ActorCase:
    id: str
    text: str
    context: str | None
    day: dt.date | None
    country: str | None  # None: not checked; "": no country
    role: str | None  # None: not checked; "": no role


def is_actor_row(row: dict[str, Any]) -> bool:
    return isinstance(row.get("expect"), dict) and "method" in row


def actor_case(row: dict[str, Any]) -> ActorCase | None:
    """The row as a case, or None when it is not active upstream or checks neither field."""
    if row.get("status", "active") != "active":
        return None
    expect = row["expect"]
    country = expect.get("country", expect.get("return:cc"))
    role = expect.get("code_1")
    role = None if role == _UNKNOWN else role
    if country is None and role is None:
        return None
    return ActorCase(str(row["id"]), row["text"], row.get("context") or None, _day(row.get("date")), country, role)


def _day(value: Any) -> dt.date | None:
    text = str(value or "").strip()
    if text.lower() == "today":
        return dt.date.today()
    for form in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def country_right(case: ActorCase, actor: ActorMention | None) -> bool:
    """The country as the event scorer matches it (UNO fits IGOUNO); "" wants none; XKX is CAMEO's KOS."""
    code = (actor.code or "") if actor else ""
    country = (actor.country or "") if actor else ""
    if case.country == "":
        return not country
    if case.country == "IGO":
        return code.startswith("IGO")
    gold = _ISO_TO_CAMEO.get(case.country, case.country)
    return actor_match(gold, {"code": code, "country": country})


def role_right(case: ActorCase, actor: ActorMention | None) -> bool:
    role = (actor.cameo_role or "") if actor else ""
    return case.role == role or (bool(role) and case.role == plover_sector(role))


def score_actor_cases(cases: list[ActorCase], resolved: list[ActorMention | None]) -> tuple[dict, dict]:
    """Figures and the wrong cases, given each case's resolved actor (None: nothing found)."""
    countries = [(c, a) for c, a in zip(cases, resolved) if c.country is not None]
    roles = [(c, a) for c, a in zip(cases, resolved) if c.role is not None]
    country_ok = [country_right(c, a) for c, a in countries]
    role_ok = [role_right(c, a) for c, a in roles]
    ratio = lambda ok: round(sum(ok) / len(ok), 3) if ok else None
    figures = {
        "cases": len(cases),
        "country_acc": ratio(country_ok),
        "sector_acc": ratio(role_ok),
    }
    show = lambda c, a: {
        "id": c.id,
        "text": c.text,
        "expected": f"{c.country}/{c.role}",
        "got": f"{a.code}/{a.cameo_role} ({a.text})" if a else None,
    }
    details = {
        "wrong_country": [show(c, a) for (c, a), ok in zip(countries, country_ok) if not ok],
        "wrong_sector": [show(c, a) for (c, a), ok in zip(roles, role_ok) if not ok],
    }
    return figures, details


def resolve_case(case: ActorCase, nlp, dictionary) -> ActorMention | None:
    """The case's actor; a context ("German") gives the country when the text names none."""
    from dataclasses import replace

    from dyad.actors.resolution import resolve_text

    actor = resolve_text(case.text, nlp, dictionary, case.day)
    if case.context and (actor is None or not actor.country):
        around = resolve_text(case.context, nlp, dictionary, case.day)
        if around is not None and around.country:
            if actor is None:
                return replace(around, cameo_role=None, code=around.country)
            return replace(actor, country=around.country, code=f"{around.country}{actor.cameo_role or ''}")
    return actor
