"""``/api/timeseries``, ``/api/network``, ``/api/map``: the dashboard's aggregations.

The timeline never lies about dates: periods are zero-filled from the first to the last, and an
event counts in a period only when its whole date span lies in it. An event dated only to a month
(on a day or week timeline) or a year is never put on the first day of its span: it goes to
``spread``, one entry per span, which the dashboard draws as a band across the span.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import lru_cache
from typing import Literal

from dyad.store import EventQuery, Store
from dyad.store.analytics import actor_names, dyads, periods, place_counts
from dyad.web.api import cursors
from dyad.web.api.models import (
    Bucket,
    Edge,
    Feature,
    FeatureCollection,
    MapProperties,
    Network,
    Node,
    PointGeometry,
    Spread,
    Stat,
    Timeseries,
)

Interval = Literal["day", "week", "month"]


def period_start(interval: Interval, day: dt.date) -> dt.date:
    """The first day of the period holding ``day`` (weeks start on Monday)."""
    if interval == "week":
        return day - dt.timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return day


def next_period(interval: Interval, start: dt.date) -> dt.date:
    if interval == "month":
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start + dt.timedelta(days=7 if interval == "week" else 1)


class _Cells:
    """Count and Goldstein sum, in total, by quad class and by PLOVER type."""

    def __init__(self) -> None:
        self.total = [0, 0.0]
        self.quad: dict[str, list] = defaultdict(lambda: [0, 0.0])
        self.plover: dict[str, list] = defaultdict(lambda: [0, 0.0])

    def add(self, quad: int | None, plover: str | None, count: int, total: float) -> None:
        for cell in (self.total, self.quad[str(quad)], self.plover[plover or "NONE"]):
            cell[0] += count
            cell[1] += total


def _stat(count: int, total: float) -> Stat:
    return Stat(count=count, goldstein_sum=round(total, 4), goldstein_mean=round(total / count, 4) if count else None)


def _stats(cells: dict[str, list]) -> dict[str, Stat]:
    return {key: _stat(*cell) for key, cell in sorted(cells.items())}


def get_timeseries(store: Store, query: EventQuery, interval: Interval, limit: int, cursor: str | None) -> Timeseries:
    """Zero-filled periods (``buckets``) and the coarsely dated events (``spread``)."""
    buckets: dict[dt.date, _Cells] = defaultdict(_Cells)
    spread: dict[tuple[dt.date, dt.date, str], _Cells] = defaultdict(_Cells)
    for found in periods(store, query):
        start = period_start(interval, found.date_lo)
        cells = (
            buckets[start]
            if start == period_start(interval, found.date_hi)
            else spread[(found.date_lo, found.date_hi, found.precision)]
        )
        cells.add(found.quad_class, found.plover_type, found.count, found.goldstein_sum)
    items = []
    if buckets:
        start, last = min(buckets), max(buckets)
        while start <= last:
            cells = buckets.get(start) or _Cells()
            items.append(
                Bucket(
                    period=start.isoformat(),
                    **_stat(*cells.total).model_dump(),
                    by_quad=_stats(cells.quad),
                    by_plover=_stats(cells.plover),
                )
            )
            start = next_period(interval, start)
    shown, next_cursor = cursors.page(f"timeseries-{interval}", items, limit, cursor)
    bands = [
        Spread(
            start=lo.isoformat(),
            end=hi.isoformat(),
            precision=precision,
            **_stat(*cells.total).model_dump(),
            by_quad=_stats(cells.quad),
        )
        for (lo, hi, precision), cells in sorted(spread.items())
    ]
    return Timeseries(interval=interval, buckets=shown, spread=[] if cursor else bands, next_cursor=next_cursor)


@lru_cache(maxsize=512)
def country_point(iso3: str) -> tuple[str, float, float] | None:
    """A country's name and GeoNames point (lat, lon), from the gazetteer."""
    from dyad.context.gazetteer import load_gazetteer

    entry = load_gazetteer().country(iso3)
    return (entry.name, entry.lat, entry.lon) if entry is not None and entry.lat is not None else None


def get_network(
    store: Store, query: EventQuery, group: Literal["actor", "country"], limit: int, cursor: str | None
) -> Network:
    """The top ``limit`` dyads (``edges``, largest first) and the actors they join (``nodes``)."""
    found = dyads(store, query, group)
    shown, next_cursor = cursors.page(f"network-{group}", found, limit, cursor)
    weight: dict[str, int] = defaultdict(int)
    for edge in shown:
        weight[edge.source] += edge.count
        weight[edge.target] += edge.count
    codes = sorted(weight)
    if group == "actor":
        known = actor_names(store, codes)
    else:
        known = {iso: ((country_point(iso) or (None,))[0], iso) for iso in codes}
    return Network(
        group=group,
        nodes=[
            Node(id=c, name=known.get(c, (None, None))[0], country=known.get(c, (None, None))[1], count=weight[c])
            for c in codes
        ],
        edges=[Edge(**vars(edge)) for edge in shown],
        edge_total=len(found),
        next_cursor=next_cursor,
    )


def get_map(store: Store, query: EventQuery, limit: int, cursor: str | None) -> FeatureCollection:
    """Events by place, largest first, as GeoJSON points; unplaced events at their source's country."""
    features = []
    for found in place_counts(store, query):
        name, lat, lon = found.name, found.lat, found.lon
        if found.basis == "country":
            point = country_point(found.country) if found.country else None
            if point is None:
                continue
            name, lat, lon = point
        props = MapProperties(**{**vars(found), "name": name})
        features.append(Feature(geometry=PointGeometry(coordinates=(lon, lat)), properties=props))
    features.sort(key=lambda f: (-f.properties.count, f.properties.name or ""))
    shown, next_cursor = cursors.page("map", features, limit, cursor)
    return FeatureCollection(features=shown, next_cursor=next_cursor)
