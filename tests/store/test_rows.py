"""Records ↔ rows: one place defines the flat columns, derived from records.py."""

import re
from pathlib import Path

from dyad.output import CSV_COLUMNS as OUTPUT_COLUMNS
from dyad.records import Actor, Place
from dyad.store import flat
from dyad.store.rows import (
    CSV_COLUMNS,
    STORED_COLUMNS,
    actor_columns,
    actor_of,
    event_of,
    event_row,
    stored_row,
)
from tests.store.conftest import event

SRC = Path(__file__).resolve().parents[2] / "src" / "dyad"


def test_columns_follow_the_event_record():
    assert CSV_COLUMNS[:6] == ["event_id", "article_id", "date", "date_precision", "date_source", "end_date"]
    assert CSV_COLUMNS[6:11] == ["source_text", "source_code", "source_country", "source_sector", "source_name"]
    assert "plover_type" in CSV_COLUMNS and "plover_mode" in CSV_COLUMNS
    assert CSV_COLUMNS[CSV_COLUMNS.index("sentence_index") + 1 : CSV_COLUMNS.index("trigger")] == [
        "char_start",
        "char_end",
    ]
    assert [c for c in CSV_COLUMNS if c.startswith("location_")] == [
        "location_text",
        "location_name",
        "location_country",
        "location_admin1",
        "location_admin1_name",
        "location_kind",
        "location_lat",
        "location_lon",
        "location_geonames_id",
    ]
    assert "kind" not in CSV_COLUMNS and "char_span" not in CSV_COLUMNS
    extra = ["mentions", "articles", "sources", "first_seen", "last_seen", "url", "publisher", "day", "day_basis"]
    assert ["id", *CSV_COLUMNS, *extra] == STORED_COLUMNS
    assert OUTPUT_COLUMNS is CSV_COLUMNS and flat is stored_row


def test_an_event_becomes_a_row_and_back():
    record = event("a1", "RUSMIL", "UKR", "193", "2022-10-05", index=2)
    record = record.model_copy(
        update={
            "location": Place(
                text="Kyiv", name="Kyiv", country="UKR", admin1="UA-30", kind="city", lat=50.45, lon=30.52
            )
        }
    )
    row = event_row(record)
    assert list(row) == CSV_COLUMNS
    assert (row["source_code"], row["source_sector"], row["target_code"], row["plover_type"]) == (
        "RUSMIL",
        "MIL",
        "UKR",
        "ASSAULT",
    )
    assert (row["char_start"], row["char_end"], row["location_lat"]) == (400, 400 + len(record.sentence), 50.45)
    assert event_of(row) == record
    bare = event("a2", "IGOUNO", None, "010", None)
    assert event_of(event_row(bare)) == bare and event_row(bare)["target_code"] is None


def test_actor_columns_and_back():
    actor = Actor(text="Russian troops", code="RUSMIL", country="RUS", sector="MIL", name="Russian military")
    columns = actor_columns("source", actor)
    assert columns == {
        "source_text": "Russian troops",
        "source_code": "RUSMIL",
        "source_country": "RUS",
        "source_sector": "MIL",
        "source_name": "Russian military",
    }
    assert actor_of(columns, "source") == actor
    assert actor_of(actor_columns("target", None), "target") is None
    assert actor_of({"source_code": "USA"}, "source") == Actor(text="USA", code="USA")


def test_no_second_column_list_or_actor_flattening():
    """A grep of the package: only rows.py defines CSV columns or builds ``{role}_`` names."""
    found = []
    for path in SRC.rglob("*.py"):
        if path.name == "rows.py" and path.parent.name == "store":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"^\s*CSV_COLUMNS\s*[:=]", text, re.M) or "{role}_" in text:
            found.append(str(path.relative_to(SRC)))
    assert found == []
