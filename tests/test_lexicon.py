"""The shared closed-class word lists."""

import datetime as dt

from dyad.lexicon import FULL_MONTHS, MONTHS, QUOTE_MARKS, TIME_NOUNS, WEEKDAYS


def test_months_number_full_names_and_abbreviations():
    assert MONTHS["sept"] == MONTHS["september"] == 9
    assert set(MONTHS) >= FULL_MONTHS and len(FULL_MONTHS) == 12


def test_weekdays_count_as_datetime_does():
    assert WEEKDAYS[dt.date(2022, 10, 4).weekday()] == "tuesday"
    assert set(WEEKDAYS) <= TIME_NOUNS


def test_quote_marks_include_curly_and_latex_style():
    assert {"\u201c", "\u201d", "``", "''", '"'} == QUOTE_MARKS
