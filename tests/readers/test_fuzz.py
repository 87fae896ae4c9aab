"""Fuzzing the readers (hypothesis): whatever the bytes, every reader yields items and never
raises; every item is an article or a one-line problem naming its input; every string it
yields can be written as UTF-8; and an article's id is the id of its own text and title."""

from __future__ import annotations

import io
import json

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dyad.readers import READERS, Item, article_id, identity_text
from dyad.readers.jsonl import parse_line, parse_record
from dyad.readers.stdin import stream_items

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
records = st.fixed_dictionaries(
    {},
    optional={
        "id": json_values,
        "text": st.text() | json_values,
        "title": st.text() | json_values,
        "published": st.text(max_size=30) | json_values,
        "url": st.text(max_size=30),
        "language": st.text(max_size=5),
    },
)


def check(items: list[Item], name: str) -> None:
    for item in items:
        assert (item.article is None) != (item.problem is None) or item.warning, item
        assert item.location.startswith(name)
        if item.problem is not None:
            assert "\n" not in item.problem and item.problem.strip()
        if item.article is not None:
            item.article.model_dump_json().encode("utf-8")
            assert item.article.text.strip()


@FUZZ
@given(data=st.binary(max_size=3000), kind=st.sampled_from(sorted(READERS)))
def test_any_bytes_through_any_reader(data: bytes, kind: str) -> None:
    reader = READERS[kind]
    name = "fuzz" + reader.suffixes[0]
    check(list(reader.read(io.BytesIO(data), name, max_mb=0.002)), name)


@FUZZ
@given(lines=st.lists(records, max_size=5), junk=st.lists(st.binary(max_size=40), max_size=3))
def test_json_lines_of_any_shape(lines: list[dict], junk: list[bytes]) -> None:
    data = b"\n".join([json.dumps(r, allow_nan=True).encode() for r in lines] + junk)
    items = list(stream_items(io.BytesIO(b"{}\n" + data), "<stdin>"))
    check(items, "<stdin>")
    for item in items:
        if item.article is not None and not item.location.endswith("#" + str(item.article.id)):
            raise AssertionError(item.location)


@FUZZ
@given(record=records)
def test_an_article_without_an_id_gets_the_id_of_its_text_and_title(record: dict) -> None:
    record.pop("id", None)
    try:
        article = parse_record(parse_line(json.dumps(record, allow_nan=True)))
    except ValueError:  # InputProblem: a record that is no article
        return
    assert article.id == article_id(article.text, article.title)
    identity_text(article.text, article.title).encode("utf-8")


@FUZZ
@given(text=st.text(min_size=1), title=st.one_of(st.none(), st.text().filter(lambda t: not {"\n", "\r"} & set(t))))
def test_the_id_does_not_depend_on_how_the_title_comes(text: str, title: str | None) -> None:
    """A one-line title gives the same id given apart or as the text's first line (unless the
    text already begins with that very line: then the title is taken to be in it)."""
    first = text.replace("\r", "\n").lstrip("\ufeff").strip().split("\n", 1)[0]
    assume(not title or first.split() != title.split())
    joined = f"{title}\r\n{text}" if title and title.strip() else text
    assert article_id(text, title) == article_id(joined, title) == article_id(joined.lstrip("\ufeff"), title)
