"""Sanity checks on the built-in people dictionary (src/dyad/data/actors/people.yaml)."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

PEOPLE = Path(__file__).resolve().parents[1] / "src" / "dyad" / "data" / "actors" / "people.yaml"
ISO3 = re.compile(r"^[A-Z]{3}$")
IGO_CODE = re.compile(r"^IGO[A-Z]{3,9}$")

# Bare names that are too common or ambiguous to stand for one person.
FORBIDDEN_NAMES = {
    "may",
    "kim",
    "lee",
    "li",
    "wang",
    "singh",
    "khan",
    "ali",
    "johnson",
    "brown",
    "rice",
    "gates",
    "moon",
    "park",
    "sharif",
    "jo",
    "ford",
    "carter",
    "martin",
    "smith",
    "hussein",
    "abdullah",
    "king abdullah",
    "mohammed",
    "muhammad",
    "ahmed",
    "salman",
    "jonathan",
    "fernández",
    "fernandez",
    "sánchez",
    "sanchez",
    "rodríguez",
    "rodriguez",
    "santos",
    "costa",
    "michel",
    "blok",
    "store",
    "hague",
    "cleverly",
    "gallant",
    "al-thani",
}


def _date(value) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


@pytest.fixture(scope="module")
def people() -> list[dict]:
    data = yaml.safe_load(PEOPLE.read_text(encoding="utf-8"))
    assert isinstance(data, list) and data
    return data


def _identity(holder: dict) -> tuple[str | None, str | None]:
    return holder.get("country"), holder.get("code")


def test_entries_are_complete(people):
    for entry in people:
        where = entry.get("name")
        assert isinstance(entry.get("name"), str) and entry["name"].strip(), entry
        country, code = _identity(entry)
        if country is None:
            assert "country" in entry, f"{where}: give country (null for IGO officials)"
            assert isinstance(code, str) and IGO_CODE.match(code), f"{where}: IGO official needs a code"
        else:
            assert ISO3.match(country), f"{where}: bad country {country!r}"
        names = entry.get("names")
        assert isinstance(names, list) and names, f"{where}: no names"
        assert all(isinstance(n, str) and n.strip() for n in names), f"{where}: bad name in {names}"
        lowered = [n.lower() for n in names]
        assert len(lowered) == len(set(lowered)), f"{where}: a name is listed twice"
        roles = entry.get("roles")
        assert isinstance(roles, list) and roles, f"{where}: no roles"


def test_canonical_names_are_unique(people):
    seen = defaultdict(int)
    for entry in people:
        seen[entry["name"]] += 1
    assert not [n for n, k in seen.items() if k > 1]


def test_roles_have_valid_dates_and_fields(people):
    for entry in people:
        where = entry["name"]
        for role in entry["roles"]:
            assert isinstance(role.get("title"), str) and role["title"], f"{where}: role without title"
            assert role.get("cameo_role") == "GOV", f"{where}: cameo_role must be GOV"
            assert "start" in role and "end" in role, f"{where}: role needs start and end"
            start, end = _date(role["start"]), _date(role["end"])
            assert start is not None, f"{where}: role without start"
            assert start <= dt.date(2026, 12, 31), f"{where}: start in the future"
            assert end is None or start <= end, f"{where}: {role['title']} ends before it starts"
            if "country" in role or "code" in role:  # a role held for another state or an IGO
                country, code = role.get("country"), role.get("code")
                if country is None:
                    assert isinstance(code, str) and IGO_CODE.match(code), f"{where}: IGO role needs a code"
                else:
                    assert ISO3.match(country), f"{where}: bad role country {country!r}"


def test_roles_of_one_person_do_not_overlap(people):
    for entry in people:
        spans = sorted((_date(r["start"]), _date(r["end"]) or dt.date.max) for r in entry["roles"])
        for (s1, e1), (s2, _) in zip(spans, spans[1:]):
            assert e1 <= s2, f"{entry['name']}: roles overlap ({s1}..{e1} and from {s2})"
        open_ended = [r for r in entry["roles"] if r["end"] is None]
        assert len(open_ended) <= 1, f"{entry['name']}: several open-ended roles"


def test_no_name_is_shared_across_countries(people):
    owners = defaultdict(set)
    for entry in people:
        for name in entry["names"]:
            owners[name.lower()].add(_identity(entry))
    shared = {n: ids for n, ids in owners.items() if len(ids) > 1}
    assert not shared, f"names listed for people of different countries: {shared}"


def test_no_forbidden_bare_names(people):
    bad = [(e["name"], n) for e in people for n in e["names"] if n.lower() in FORBIDDEN_NAMES]
    assert not bad, bad


def test_coverage(people):
    countries = set()
    for entry in people:
        if entry.get("country"):
            countries.add(entry["country"])
        countries.update(r["country"] for r in entry["roles"] if r.get("country"))
    assert len(countries) >= 60, sorted(countries)
    required = {
        "ARG",
        "AUS",
        "BRA",
        "CAN",
        "CHN",
        "FRA",
        "DEU",
        "IND",
        "IDN",
        "ITA",
        "JPN",
        "MEX",
        "RUS",
        "SAU",
        "ZAF",
        "KOR",
        "TUR",
        "GBR",
        "USA",
        "UKR",
        "ISR",
        "IRN",
        "SYR",
        "IRQ",
        "AFG",
        "PAK",
        "PRK",
        "TWN",
        "EGY",
        "VEN",
        "BLR",
        "POL",
        "NGA",
        "ETH",
        "KEN",
        "PSE",
        "LBN",
        "YEM",
        "LBY",
        "SDN",
        "MMR",
        "PHL",
        "VNM",
        "GEO",
        "AZE",
        "ARM",
        "SRB",
        "HUN",
        "QAT",
        "ARE",
        "COL",
        "CUB",
        "ESP",
        "NLD",
        "SWE",
        "FIN",
        "NOR",
        "JOR",
        "DZA",
        "MAR",
        "BGD",
        "THA",
        "MYS",
        "KAZ",
    }
    assert not required - countries, sorted(required - countries)
    codes = {e.get("code") for e in people} | {r.get("code") for e in people for r in e["roles"]}
    assert {"IGOUNO", "IGOEUREEC", "IGOWSTNAT"} <= codes


def test_each_country_has_a_current_leader(people):
    """Every covered state has someone with an open-ended term (the list reaches the present)."""
    current = set()
    for entry in people:
        for role in entry["roles"]:
            if role["end"] is None:
                current.add(role.get("country", entry.get("country")) or role.get("code", entry.get("code")))
    for country in ("USA", "RUS", "CHN", "GBR", "FRA", "DEU", "UKR", "ISR", "IRN", "IGOUNO"):
        assert country in current, country
