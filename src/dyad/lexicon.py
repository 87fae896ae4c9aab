"""Closed-class English word lists shared by dyad's stages.

Assigns nothing: months, weekdays, relative day words, future auxiliaries, quotation marks
and speech verbs, defined once here for the date, place, quote and event stages that read them."""

from __future__ import annotations

# Month names and their abbreviations, with the month's number.
MONTHS: dict[str, int] = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
FULL_MONTHS = frozenset(
    {
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    }
)
# Monday first, as datetime.weekday() counts.
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Words that name a time, never an actor or a place ("sanctions on Monday", "talks over the year").
TIME_NOUNS = frozenset(
    {*WEEKDAYS, "today", "yesterday", "tomorrow", "tonight", "week", "month", "year", "day", "night", "weekend"}
)
# Auxiliaries of the future: "will meet", "shall", "'ll", "won't" (spaCy: "wo").
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
# Tokens that open or close a quotation.
QUOTE_MARKS = frozenset({'"', "\u201c", "\u201d", "''", "``"})
# Verbs that report what someone says: "said", "told", "warned", "confirmed".
SPEECH_VERBS = frozenset(
    {
        "say",
        "tell",
        "add",
        "state",
        "announce",
        "declare",
        "conclude",
        "note",
        "insist",
        "claim",
        "stress",
        "write",
        "report",
        "explain",
        "argue",
        "assert",
        "allege",
        "emphasize",
        "emphasise",
        "reiterate",
        "underline",
        "continue",
        "remark",
        "comment",
        "affirm",
        "maintain",
        "contend",
        "acknowledge",
        "admit",
        "charge",
        "warn",
        "confirm",
        "quote",
    }
)
