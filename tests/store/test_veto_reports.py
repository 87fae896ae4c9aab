"""Three wire reports of one veto, worded differently, are one stored event (issue: one event per act)."""

import pytest
from sqlalchemy import select

from dyad.pipeline import Coder
from dyad.store import Ingester, Item
from dyad.store.schema import events
from tests.store.conftest import article

REPORTS = {
    "Reuters": "On Friday, Russia vetoed a US-drafted resolution.",
    "AP": "On Friday, Russia used its veto to block a United States resolution.",
    "AFP": "On Friday, Russia vetoed the resolution drafted by Washington.",
}


@pytest.fixture(scope="module")
def coder():
    return Coder(processes=1)


def test_three_reports_of_one_veto_are_one_event_with_three_mentions(store, coder):
    items = [article(f"veto-{source}", source, "2022-10-04", text=text) for source, text in REPORTS.items()]
    Ingester(store, coder, warn=lambda m: None).ingest(Item(location=a.id, article=a) for a in items)
    with store.read() as conn:
        rows = [r._asdict() for r in conn.execute(select(events))]
    assert [(r["source_code"], r["target_code"], r["cameo"], r["date"]) for r in rows] == [
        ("RUS", "USA", "129", "2022-09-30")
    ]
    assert (rows[0]["n_mentions"], rows[0]["n_sources"], rows[0]["n_articles"]) == (3, 3, 3)
