"""Time expressions in news text, found and resolved without any parser.

`find_expressions(text)` lists the dates, weekdays, relative words ("yesterday", "last
month", "two days ago"), years and vague periods ("the 1990s") in a string;
`resolve(expression, published, future)` turns one into an `EventDate` anchored on the
article's publication date. Rules (published Tuesday 2022-10-04):

* weekday: the latest such day on or before publication ("Friday" -> 2022-09-30); in a
  future clause the next one on or after ("will meet on Friday" -> 2022-10-07); "last
  Tuesday" is strictly before (2022-09-27); "next Tuesday" is the Tuesday of next week.
* today / tonight / this morning -> published; yesterday / last night -> published - 1;
  tomorrow -> published + 1.
* month with no year: the publication year, or the year before when the month is later
  than the publication month ("In December" -> 2021-12); in a future clause a month earlier
  than the publication month is next year's. Same month, either way: the publication year.
* "this/last/next week": the month of the day 0/7 days back or 7 ahead (the schema has no
  week precision); "this/last/next month|year" shift the month or year.
* "last weekend" / "this weekend": Saturday to Sunday, as a day range.
* "N days|weeks|months|years ago": counted back, with day, month, month, year precision.
* decades, centuries, "years ago": vague, resolved to unknown rather than a wrong value.
* "30/09/2022" only when one of the first two numbers is over 12; else skipped.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from dyad.lexicon import FULL_MONTHS, MONTHS, WEEKDAYS


@dataclass(frozen=True)
class EventDate:
    value: str | None  # "YYYY-MM-DD", "YYYY-MM" or "YYYY"
    precision: str | None  # "day", "month", "year"
    source: str | None  # "text" or "published"
    end: str | None = None  # last day of a range ("Sept. 23-27"), else None


UNKNOWN = EventDate(None, None, None)


@dataclass(frozen=True)
class TimeExpression:
    start_char: int
    end_char: int
    text: str
    kind: str  # date | weekday | relative | ago | vague
    year: int | None = None
    month: int | None = None
    day: int | None = None
    end_month: int | None = None
    end_day: int | None = None
    weekday: int | None = None  # 0 = Monday
    rel: str | None = None  # last | next | this | coming ("last Friday", "May last year")
    unit: str | None = None  # today, yesterday, week, month, year, weekend, ... / ago unit
    amount: int | None = None  # "two days ago" -> 2


_MONTHS = MONTHS
_FULL_MONTHS = FULL_MONTHS
_WEEKDAYS = list(WEEKDAYS)
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_REL_WORDS = {
    "last": "last",
    "past": "last",
    "this past": "last",
    "next": "next",
    "coming": "coming",
    "this coming": "coming",
    "this": "this",
}

# Month names are matched capitalised only: "may" the modal is not a month.
_MONTH = "(?:" + "|".join(sorted((m.capitalize() for m in _MONTHS), key=len, reverse=True)) + r")\b\.?"
_WEEKDAY = "(?:" + "|".join(w.capitalize() for w in _WEEKDAYS) + r")\b"
_DAY = r"[0-3]?\d(?:st|nd|rd|th)?\b"
_YEAR = r"(?:1[89]|20)\d\d\b"
_NUM = "(?:" + "|".join(list(_NUMBERS) + [r"\d{1,3}"]) + ")"

# "Friday, Sept. 30", "Sept. 23-27", "Sept. 30-Oct. 2, 2022", "May 5th", "May 2021", "May last year"
_MONTH_FIRST = re.compile(
    rf"(?:(?P<wd>{_WEEKDAY}),?\s+)?(?P<m1>{_MONTH})"
    rf"(?:\s+(?P<d1>{_DAY})(?:\s*(?:[-\u2013\u2014]|to|through|until)\s*(?:(?P<m2>{_MONTH})\s*)?(?P<d2>{_DAY}))?)?"
    rf"(?:(?:,?\s+|\s+of\s+)(?P<y>{_YEAR})|\s+(?P<ry>(?i:last|this|next))\s+year\b)?"
)
# "5 May", "the 5th of May 2021", "23-27 September", "Friday, 30 September"
_DAY_FIRST = re.compile(
    rf"(?:(?P<wd>{_WEEKDAY}),?\s+)?(?:the\s+)?(?<![\d,.$])(?P<d1>{_DAY})(?:\s*[-\u2013]\s*(?P<d2>{_DAY}))?"
    rf"\s+(?:of\s+)?(?P<m1>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?"
)
# "on Tuesday", "last Friday", "Monday night", "next Tuesday"
_WEEKDAY_RE = re.compile(
    rf"\b(?:(?P<rel>(?i:this\s+past|this\s+coming|last|next|past|coming|this))\s+)?(?P<wd>{_WEEKDAY})"
    r"(?:\s+(?i:morning|afternoon|evening|night))?"
)
# "yesterday", "this morning", "last week", "earlier this month", "two days ago", "the 1990s"
_RELATIVE = re.compile(
    r"(?i)\b(?:(?P<word>today|tonight|yesterday|tomorrow)"
    r"|(?:(?:earlier|later|late|early)\s+)?(?P<rel>this\s+past|this\s+coming|this|last|next|past|coming)\s+"
    r"(?P<unit>morning|afternoon|evening|night|weekend|week|month|year)"
    rf"|(?P<n>{_NUM}|a\s+few|few|several|many|some)\s+(?P<aunit>day|week|month|year|decade|centur)(?:s|ies|y)?\s+ago"
    r"|(?P<vague>(?:decades|centuries|years)\s+ago|(?:the\s+)?(?:(?:early|mid|late)[-\s]+)?(?:(?:1[89]|20)\d0|'\d0)s"
    r"|(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th)|[a-z]+(?:-[a-z]+)?)[-\s]century))\b"
)
# "2022-09-30", "30/09/2022", "in 2014"
_NUMERIC = re.compile(
    rf"\b(?P<iy>{_YEAR})-(?P<im>[01]\d)-(?P<id>[0-3]\d)\b"
    rf"|\b(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/(?P<sy>{_YEAR})"
    rf"|(?<![\d$\u00a3\u20ac.,/:-])(?P<year>{_YEAR})(?![\d/:%-]|,\d|\.\d|'s\b)"
)


def _month(word: str | None) -> int | None:
    return _MONTHS.get(word.rstrip(".").lower()) if word else None


def _day(word: str | None) -> int | None:
    return int(re.sub(r"\D", "", word)) if word else None


def _from_month_match(m: re.Match) -> TimeExpression | None:
    month, day, end_day = _month(m["m1"]), _day(m["d1"]), _day(m["d2"])
    word = m["m1"].rstrip(".").lower()
    # "Jun", "Mar" with no period, day or year are names or words, not months
    if word not in _FULL_MONTHS and not m["m1"].endswith(".") and day is None and m["y"] is None:
        return None
    if (day is not None and not 1 <= day <= 31) or (end_day is not None and not 1 <= end_day <= 31):
        return None
    end_month = _month(m.groupdict().get("m2")) or (month if end_day is not None else None)
    rel = (m.groupdict().get("ry") or "").lower() or None
    return TimeExpression(
        m.start(),
        m.end(),
        m.group(),
        "date",
        year=int(m["y"]) if m["y"] else None,
        month=month,
        day=day,
        end_month=end_month,
        end_day=end_day,
        rel=rel,
    )


def _from_weekday(m: re.Match) -> TimeExpression:
    rel = _REL_WORDS[" ".join(m["rel"].lower().split())] if m["rel"] else None
    return TimeExpression(m.start(), m.end(), m.group(), "weekday", weekday=_WEEKDAYS.index(m["wd"].lower()), rel=rel)


def _from_relative(m: re.Match) -> TimeExpression:
    if m["word"]:
        return TimeExpression(m.start(), m.end(), m.group(), "relative", unit=m["word"].lower())
    if m["rel"]:
        rel = _REL_WORDS[" ".join(m["rel"].lower().split())]
        return TimeExpression(m.start(), m.end(), m.group(), "relative", rel=rel, unit=m["unit"].lower())
    number = " ".join((m["n"] or "").lower().split())
    unit = (m["aunit"] or "").lower()
    amount = int(number) if number.isdigit() else _NUMBERS.get(number)
    if m["vague"] or amount is None or unit in ("decade", "centur"):
        return TimeExpression(m.start(), m.end(), m.group(), "vague")
    return TimeExpression(m.start(), m.end(), m.group(), "ago", unit=unit, amount=amount)


def _from_numeric(m: re.Match) -> TimeExpression | None:
    if m["year"]:
        return TimeExpression(m.start(), m.end(), m.group(), "date", year=int(m["year"]))
    if m["iy"]:
        year, month, day = int(m["iy"]), int(m["im"]), int(m["id"])
    else:
        a, b, year = int(m["a"]), int(m["b"]), int(m["sy"])
        if a > 12 >= b:
            day, month = a, b
        elif b > 12 >= a:
            month, day = a, b
        else:
            return None  # 03/04/2022: April or March? Skip.
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    return TimeExpression(m.start(), m.end(), m.group(), "date", year=year, month=month, day=day)


# Each rule with a word every match of it holds: most sentences hold none, and one search for
# that word costs a fraction of the rule's own search (the relative rule tries every position).
_HAS_MONTH = re.compile(_MONTH).search
_HAS_WEEKDAY = re.compile(_WEEKDAY).search
_HAS_YEAR = re.compile(_YEAR).search
_RELATIVE_WORD = re.compile(
    r"to(?:day|night|morrow)|yesterday|morning|afternoon|evening|night|week|month|year|ago|centur|0s"
)


def _has_relative_word(text: str) -> re.Match | None:
    # casefold, not an (?i) search: four times faster, and it folds every letter the rule's
    # (?i) matches ("ſ" is "s"), so no sentence the rule would match is left out
    return _RELATIVE_WORD.search(text.casefold())


_RULES = (
    (_HAS_MONTH, _MONTH_FIRST, _from_month_match),
    (_HAS_MONTH, _DAY_FIRST, _from_month_match),
    (_HAS_WEEKDAY, _WEEKDAY_RE, _from_weekday),
    (_has_relative_word, _RELATIVE, _from_relative),
    (_HAS_YEAR, _NUMERIC, _from_numeric),
)


@lru_cache(maxsize=4096)  # several events share a sentence
def find_expressions(text: str) -> list[TimeExpression]:
    """The time expressions of `text`, in order, never overlapping (the longest wins)."""
    found: list[TimeExpression] = []
    for gate, pattern, build in _RULES:
        if gate(text) is None:
            continue
        for match in pattern.finditer(text):
            expression = build(match)
            if expression is not None:
                found.append(expression)
    found.sort(key=lambda e: (e.start_char, -(e.end_char - e.start_char)))
    kept: list[TimeExpression] = []
    for expression in found:
        if kept and expression.start_char < kept[-1].end_char:
            continue
        kept.append(expression)
    return kept


# ---------------------------------------------------------------- resolution


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def _day_of(day: dt.date) -> EventDate:
    return EventDate(day.isoformat(), "day", "text")


def _month_of(year: int, month: int) -> EventDate:
    return EventDate(f"{year:04d}-{month:02d}", "month", "text")


def _year_of(year: int) -> EventDate:
    return EventDate(f"{year:04d}", "year", "text")


def _weekday(expression: TimeExpression, published: dt.date, future: bool) -> EventDate:
    target, today = expression.weekday, published.weekday()
    rel = expression.rel
    if rel == "next":  # the Tuesday of next week
        day = published - dt.timedelta(days=today) + dt.timedelta(days=7 + target)
    elif rel == "coming" or (future and rel != "last"):
        day = published + dt.timedelta(days=(target - today) % 7)
    elif rel == "last":  # strictly before
        day = published - dt.timedelta(days=(today - target - 1) % 7 + 1)
    else:
        day = published - dt.timedelta(days=(today - target) % 7)
    return _day_of(day)


def _weekend(published: dt.date, rel: str | None, future: bool) -> EventDate:
    today = published.weekday()
    monday = published - dt.timedelta(days=today)
    if rel == "next":  # the weekend of next week
        saturday = monday + dt.timedelta(days=12)
    elif rel == "coming":
        saturday = published + dt.timedelta(days=(5 - today) % 7)
    elif rel == "this" and future:  # the weekend of this week
        saturday = monday + dt.timedelta(days=5)
    else:  # the latest Saturday on or before publication
        saturday = published - dt.timedelta(days=(today - 5) % 7)
        if rel == "last" and saturday + dt.timedelta(days=1) >= published:
            saturday -= dt.timedelta(days=7)
    sunday = saturday + dt.timedelta(days=1)
    return EventDate(saturday.isoformat(), "day", "text", sunday.isoformat())


def _relative(expression: TimeExpression, published: dt.date, future: bool) -> EventDate:
    unit, rel = expression.unit, expression.rel
    step = {"last": -1, "next": 1, "coming": 1}.get(rel or "", 0)
    if unit in ("today", "tonight"):
        return _day_of(published)
    if unit == "yesterday":
        return _day_of(published - dt.timedelta(days=1))
    if unit == "tomorrow":
        return _day_of(published + dt.timedelta(days=1))
    if unit in ("morning", "afternoon", "evening", "night"):
        return _day_of(published + dt.timedelta(days=step))
    if unit == "weekend":
        return _weekend(published, rel, future)
    if unit == "week":  # no week precision: the month of the day a week back / ahead
        day = published + dt.timedelta(days=7 * step)
        return _month_of(day.year, day.month)
    if unit == "month":
        return _month_of(*_shift_month(published.year, published.month, step))
    return _year_of(published.year + step)


def _ago(expression: TimeExpression, published: dt.date) -> EventDate:
    n, unit = expression.amount or 0, expression.unit
    if unit == "day":
        return _day_of(published - dt.timedelta(days=n))
    if unit == "week":
        day = published - dt.timedelta(days=7 * n)
        return _month_of(day.year, day.month)
    if unit == "month":
        return _month_of(*_shift_month(published.year, published.month, -n))
    return _year_of(published.year - n)


def _date(expression: TimeExpression, published: dt.date | None, future: bool) -> EventDate:
    e = expression
    year = e.year
    if year is None:
        if published is None:
            return UNKNOWN
        year = published.year + {"last": -1, "next": 1}.get(e.rel or "", 0)
        if e.rel is None and e.month is not None:
            if not future and e.month > published.month:
                year -= 1  # "in December", published in October: last December
            elif future and e.month < published.month:
                year += 1  # "will meet in March", published in October: next March
    if e.month is None:
        return _year_of(year)
    if e.day is None:
        return _month_of(year, e.month)
    try:
        start = dt.date(year, e.month, e.day)
        end = None
        if e.end_day is not None:
            end_month = e.end_month or e.month
            end = dt.date(year + (end_month < e.month), end_month, e.end_day)
    except ValueError:
        return UNKNOWN  # "Feb. 30"
    if end is not None and end <= start:
        return UNKNOWN  # "Sept. 27-23": not a range
    return EventDate(start.isoformat(), "day", "text", end.isoformat() if end else None)


def resolve(expression: TimeExpression, published: dt.date | None, future: bool = False) -> EventDate:
    """The date `expression` names, anchored on `published`; `future` when its clause is."""
    if expression.kind == "vague":
        return UNKNOWN
    if expression.kind == "date":
        return _date(expression, published, future)
    if published is None:
        return UNKNOWN
    if expression.kind == "weekday":
        return _weekday(expression, published, future)
    if expression.kind == "ago":
        return _ago(expression, published)
    return _relative(expression, published, future)
