"""The dedup rule (docs/dedup.md): mentions of one real-world event merge into one event row."""

import datetime as dt

import pytest
from sqlalchemy import select

from dyad.store import Ingester, Item, stats
from dyad.store.dedup import date_interval
from dyad.store.readers_for_tests import none  # noqa: F401  (placeholder removed below)
