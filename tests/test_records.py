import json
from pathlib import Path

from dyad.records import event_schema

DOCS = Path(__file__).resolve().parents[1] / "docs" / "event.schema.json"


def test_documented_schema_is_the_generated_one():
    """docs/event.schema.json must be regenerated (python -m dyad.records) when the model changes."""
    assert json.loads(DOCS.read_text(encoding="utf-8")) == event_schema()


def test_schema_names_every_event_field():
    fields = set(event_schema()["properties"])
    assert fields == {
        "kind",
        "event_id",
        "article_id",
        "date",
        "date_precision",
        "date_source",
        "end_date",
        "source",
        "target",
        "cameo",
        "cameo_name",
        "plover",
        "quad_class",
        "goldstein",
        "modality",
        "attributed_to",
        "sentence",
        "sentence_index",
        "char_span",
        "trigger",
        "location",
    }
