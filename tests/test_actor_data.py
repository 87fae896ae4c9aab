"""Invariants of the built-in actor dictionaries in src/dyad/data/actors/.

The files are hand-curated YAML (format: docs/dictionaries.md). These tests check their shape,
their codes, and that no surface name is given to two different actors, which the matcher could
only resolve by accident. They read nothing outside the repository.
"""

from __future__ import annotations

import collections
import re
from pathlib import Path

import pytest
import yaml

ACTORS = Path(__file__).resolve().parents[1] / "src" / "dyad" / "data" / "actors"
ACTOR_FILES = ("countries", "organizations", "regions", "state_bodies")

# Role codes a dictionary entry may carry: PLOVER's sector codes and CAMEO's role codes
# (CAMEO meanings for MED = media and HLH = health, as in docs/dictionaries.md).
SECTORS = {
    "GOV",
    "MIL",
    "LEG",
    "JUD",
    "COP",
    "SPY",
    "REB",
    "INS",
    "SEP",
    "OPP",
    "PTY",
    "PRM",
    "UAF",
    "UNK",
    "AGR",
    "BUS",
    "CRM",
    "CVL",
    "DEV",
    "EDU",
    "ELI",
    "ENV",
    "HLH",
    "HRI",
    "LAB",
    "MED",
    "REF",
    "REL",
    "SOC",
    "PRE",
    "MOD",
    "RAD",
}
# CAMEO region codes (actor codebook table 3.3) plus ARB (Arabs as a transnational group).
REGION_CODES = {
    "AFR",
    "ASA",
    "BLK",
    "CRB",
    "CAU",
    "CFR",
    "CAS",
    "CEU",
    "EIN",
    "EAF",
    "EEU",
    "EUR",
    "LAM",
    "MEA",
    "MDT",
    "NAF",
    "NMR",
    "PGS",
    "SCN",
    "SAM",
    "SAS",
    "SEA",
    "SAF",
    "WAF",
    "WST",
    "ARB",
}
# Countries with no capital in `government`: capital-less territories, territories named after
# their capital, and capitals left out as too ambiguous (see the comment atop countries.yaml).
NO_CAPITAL = {
    "ATA",
    "ATF",
    "BVT",
    "CCK",
    "HMD",
    "IOT",
    "UMI",
    "HKG",
    "MAC",
    "GIB",
    "AIA",
    "BEL",
    "BMU",
    "CRI",
    "CYM",
    "FLK",
    "GUY",
    "IMN",
    "JAM",
    "MDV",
    "NFK",
    "REU",
    "SHN",
    "SPM",
    "SYC",
}

CODE = re.compile(r"^(?:[A-Z]{3}){1,3}$")
ISO3 = re.compile(r"^[A-Z]{3}$")


def load(name: str):
    with open(ACTORS / f"{name}.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="module")
def data():
    return {name: load(name) for name in (*ACTOR_FILES, "agents")}


def match_key(text: str) -> str:
    """How the loader keys a name (dyad.actors.dictionary.name_keys, before tokenizing): a leading
    "the" is dropped, and only short all-capital names (US, UN, DPRK) stay case-sensitive."""
    text = text.replace("\u2019", "'").strip()
    if text.lower().startswith("the "):
        text = text[4:]
    caps = any(c.isalpha() for c in text) and text == text.upper() and len(text.replace(".", "")) <= 6
    return text if caps else text.lower()


def check_strings(items, where):
    assert isinstance(items, list), f"{where}: not a list"
    for item in items:
        assert isinstance(item, str), f"{where}: {item!r} is not a string (quote it in YAML)"
        assert item and item == item.strip(), f"{where}: {item!r} has stray whitespace"
        assert "  " not in item and ";" not in item, f"{where}: {item!r} is malformed"
    keys = [match_key(item) for item in items]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    assert not duplicates, f"{where}: listed twice: {duplicates}"


@pytest.mark.parametrize("name", (*ACTOR_FILES, "agents"))
def test_file_is_a_nonempty_list(data, name):
    assert isinstance(data[name], list) and data[name], f"{name}.yaml must be a non-empty list"


def test_countries_shape(data):
    keys = {"code", "name", "names", "adjectives", "people", "government"}
    codes = [entry["code"] for entry in data["countries"]]
    assert len(codes) == len(set(codes)), "duplicate country codes"
    for entry in data["countries"]:
        code = entry.get("code")
        assert set(entry) == keys, f"{code}: keys {sorted(entry)}"
        assert isinstance(code, str) and ISO3.match(code), f"bad country code {code!r}"
        assert isinstance(entry["name"], str) and entry["name"].strip()
        for field in ("names", "adjectives", "people", "government"):
            check_strings(entry[field], f"{code}.{field}")
        assert entry["names"], f"{code}: no names"
        if code not in NO_CAPITAL:
            assert entry["government"], f"{code}: no capital or seat of power in government"


def test_key_countries_present(data):
    by_code = {entry["code"]: entry for entry in data["countries"]}
    expected = {
        "USA": ["United States", "US", "U.S.", "America"],
        "GBR": ["United Kingdom", "UK", "Britain", "Great Britain"],
        "PRK": ["North Korea", "DPRK", "Democratic People's Republic of Korea"],
        "KOR": ["South Korea", "Republic of Korea", "ROK"],
        "TWN": ["Taiwan", "Republic of China"],
        "CHN": ["China", "People's Republic of China", "PRC"],
        "COD": ["DR Congo", "DRC", "Democratic Republic of the Congo"],
        "CIV": ["Ivory Coast", "Cote d'Ivoire", "Côte d'Ivoire"],
        "MMR": ["Myanmar", "Burma"],
        "KOS": ["Kosovo"],
    }
    for code, names in expected.items():
        assert code in by_code, code
        for name in names:
            assert name in by_code[code]["names"], f"{code} lacks {name!r}"
    assert "Pyongyang" in by_code["PRK"]["government"]
    assert {"Kremlin", "Moscow"} <= set(by_code["RUS"]["government"])
    assert "North Korean" in by_code["PRK"]["adjectives"]
    assert "Palestinians" in by_code["PSE"]["people"]


def test_countries_cover_iso_3166():
    pycountry = pytest.importorskip("pycountry")
    codes = {entry["code"] for entry in load("countries")}
    missing = sorted(c.alpha_3 for c in pycountry.countries if c.alpha_3 not in codes)
    assert not missing, f"countries.yaml lacks ISO 3166 entries: {missing}"


def check_organization_like(entry: dict, name: str) -> None:
    """The shape of one entry of organizations, regions or state_bodies (also used on the docs' examples)."""
    keys = {"code", "name", "country", "cameo_role", "names"}
    code = entry.get("code")
    where = f"{name}: {code} {entry.get('name')!r}"
    assert set(entry) == keys, f"{where}: keys {sorted(entry)}"
    assert isinstance(code, str) and CODE.match(code), f"{where}: code must be 3, 6 or 9 capitals"
    assert isinstance(entry["name"], str) and entry["name"].strip(), where
    country, role = entry["country"], entry["cameo_role"]
    assert country is None or (isinstance(country, str) and ISO3.match(country)), where
    assert role is None or role in SECTORS, f"{where}: unknown cameo_role {role!r}"
    check_strings(entry["names"], where)
    assert entry["names"], f"{where}: no names"
    if name == "regions":
        assert code in REGION_CODES and country is None and role is None, where
    elif name == "state_bodies":
        assert country and role and code.startswith(country), where
    elif country:
        assert country in code, f"{where}: the code should carry the country"
    else:
        assert code[:3] in {"IGO", "NGO", "NGM", "IMG", "MNC"}, where


@pytest.mark.parametrize("name", ("organizations", "regions", "state_bodies"))
def test_organization_like_shape(data, name):
    for entry in data[name]:
        check_organization_like(entry, name)


def test_country_codes_referenced_exist(data):
    countries = {entry["code"] for entry in data["countries"]}
    for name in ("organizations", "state_bodies"):
        for entry in data[name]:
            if entry["country"]:
                assert entry["country"] in countries, f"{name}: {entry['name']} has unknown country"


def test_key_organizations(data):
    codes = collections.defaultdict(set)
    for name in ("organizations", "state_bodies", "regions"):
        for entry in data[name]:
            for text in entry["names"]:
                codes[text].add(entry["code"])
    assert codes["United Nations"] == {"IGOUNO"} and codes["U.N."] == {"IGOUNO"}
    assert codes["UN Security Council"] == {"IGOUNO"}
    assert codes["NATO"] == {"IGOWSTNAT"}
    assert codes["European Union"] == {"IGOEUREEC"}
    assert codes["WHO"] == {"IGOUNOWHO"}
    assert codes["State Duma"] == {"RUSLEG"}
    assert codes["KCNA"] == {"PRKMED"}
    assert codes["Xinhua"] == {"CHNMED"}
    assert codes["Pentagon"] == {"USAMIL"}
    assert codes["European nations"] == {"EUR"}


def test_agents_shape(data):
    sectors = [entry.get("cameo_role") for entry in data["agents"]]
    assert len(sectors) == len(set(sectors)), "one entry per sector"
    for entry in data["agents"]:
        assert set(entry) == {"cameo_role", "names"}, entry.get("cameo_role")
        assert entry["cameo_role"] in SECTORS, entry["cameo_role"]
        check_strings(entry["names"], f"agents {entry['cameo_role']}")
        assert entry["names"]
    names = {entry["cameo_role"]: set(entry["names"]) for entry in data["agents"]}
    assert {"official", "officials", "foreign ministry", "spokesman", "diplomat"} <= names["GOV"]
    assert {"troops", "soldiers", "army", "military", "forces"} <= names["MIL"]
    assert {"lawmakers", "lower chamber of parliament"} <= names["LEG"]


def actor_index(data, agents=True):
    """match key -> set of (file, actor, field) that list it. The loader also indexes each
    entry's canonical `name` as a name, so it is included here."""
    index = collections.defaultdict(set)
    for entry in data["countries"]:
        for field in ("names", "adjectives", "people", "government"):
            for text in entry[field] + ([entry["name"]] if field == "names" else []):
                index[match_key(text)].add(("countries", entry["code"], field))
    for name in ("organizations", "regions", "state_bodies"):
        for entry in data[name]:
            for text in entry["names"] + [entry["name"]]:
                index[match_key(text)].add((name, entry["code"], "names"))
    if not agents:
        return index
    for entry in data["agents"]:
        for text in entry["names"]:
            index[match_key(text)].add(("agents", entry["cameo_role"], "names"))
    return index


def test_no_name_names_two_actors(data):
    clashes = []
    for key, owners in actor_index(data).items():
        actors = {(file, actor) for file, actor, _ in owners}
        if len(actors) > 1:
            clashes.append((key, sorted(actors)))
    assert not clashes, f"names given to more than one actor: {clashes[:20]}"


def test_country_fields_do_not_overlap(data):
    # Within one country a string may be both adjective and plural noun ("Swiss", "Chinese"),
    # but a name or a seat of government must not double as anything else.
    for entry in data["countries"]:
        seen = {}
        for field in ("names", "government", "adjectives", "people"):
            for text in entry[field]:
                key = match_key(text)
                other = seen.setdefault(key, field)
                assert other == field or {other, field} == {"adjectives", "people"}, (
                    f"{entry['code']}: {text!r} is in both {other} and {field}"
                )


def test_no_name_begins_with_an_article(data):
    # The loader drops a leading "the" ("the West" would become "West"), so none is written.
    found = sorted(
        text
        for name in (*ACTOR_FILES, "agents")
        for entry in data[name]
        for field in ("name", "names", "adjectives", "people", "government")
        for text in (
            [entry[field]] if field == "name" and field in entry else entry.get(field, []) if field != "name" else []
        )
        if text.lower().startswith("the ")
    )
    assert not found, found


def test_ambiguous_words_are_not_names(data):
    # Words that would code common text as an actor; each was considered and left out.
    banned = {
        "male",
        "victoria",
        "kingston",
        "georgetown",
        "santiago",
        "jersey",
        "west",
        "western",
        "gulf",
        "fed",
        "diet",
        "dawn",
        "amnesty",
        "let",
        "states",
        "the states",
    }
    keys = set(actor_index(data, agents=False))
    assert not banned & keys, sorted(banned & keys)
