"""Load dyad's actor dictionaries (YAML data files) and index them as a token trie.

Assigns nothing to documents: it builds the :class:`ActorDictionary` that
:mod:`dyad.actors.matcher` walks over each sentence. Loaded once per process.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml

from dyad import cache
from dyad.cache import load_yaml
from dyad.errors import DataError

EntryKind = Literal["country", "adjective", "people", "government", "organization", "agent", "person"]


class DictionaryError(DataError):
    """A dictionary file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Role:
    title: str
    cameo_role: str | None
    start: dt.date | None
    end: dt.date | None
    country: str | None = None  # a term held for another state or an IGO overrides the person's
    code: str | None = None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class ActorEntry:
    """One dictionary entry: what a matched name stands for."""

    kind: EntryKind
    code: str | None
    country: str | None
    cameo_role: str | None  # CAMEO role code (GOV, MIL, MED = media); not a PLOVER sector
    name: str
    roles: tuple[Role, ...] = ()
    namesakes: tuple[ActorEntry, ...] = ()  # other people listed under the same name
    identity: bool = False  # an ethnic or religious group: its role code stands alone when no country qualifies it

    def on(self, day: dt.date | None) -> tuple[str | None, str | None, str | None]:
        """(code, country, CAMEO role) on a given day; for a person, by the office held then.

        Of several people with one name, the one in office that day wins; out of office, a
        person codes as the country's elite (ELI)."""
        if self.kind != "person":
            return self.code, self.country, self.cameo_role
        for person in (self, *self.namesakes):
            held = person._held(day)
            if held is not None:
                return person._coded(held)
        return self._coded(None)

    def _held(self, day: dt.date | None) -> Role | None:
        if day is None:  # undated text: the latest office is the best guess
            return self.roles[-1] if self.roles else None
        held = [r for r in self.roles if r.covers(day)]
        return held[-1] if held else None

    def _coded(self, role: Role | None) -> tuple[str | None, str | None, str | None]:
        role_code = role.cameo_role if role else "ELI"
        country = role.country if role and (role.country or role.code) else self.country
        code = role.code if role and role.code else (None if country else self.code)
        if code:  # an official of an IGO keeps the IGO's code
            return code, None, role_code
        return f"{country or ''}{role_code or ''}", country, role_code


@dataclass
class ActorDictionary:
    """All actor names, indexed by their first token for longest-match lookup."""

    # first token key -> list of (token keys, entry), longest first
    index: dict[str, list[tuple[tuple[str, ...], ActorEntry]]] = field(default_factory=dict)
    size: int = 0

    def __post_init__(self) -> None:
        self._lengths: dict[str, list] = {}  # first key -> its bucket by length (_by_length)

    def add(self, keys: tuple[str, ...], entry: ActorEntry) -> None:
        if not keys:
            return
        self._lengths.pop(keys[0], None)
        bucket = self.index.setdefault(keys[0], [])
        if entry.kind == "person":
            for position, (other_keys, other) in enumerate(bucket):
                if other_keys == keys and other.kind == "person":
                    bucket[position] = (keys, replace(other, namesakes=other.namesakes + (entry,)))
                    return
        bucket.append((keys, entry))
        bucket.sort(key=lambda item: -len(item[0]))
        self.size += 1

    def to_plain(self) -> tuple:
        """The index as plain data for :mod:`dyad.cache`: each entry once, by number."""
        numbers: dict[int, int] = {}
        entries: list[tuple] = []

        def number(entry: ActorEntry) -> int:
            found = numbers.get(id(entry))
            if found is None:
                namesakes = tuple(number(other) for other in entry.namesakes)  # numbered before it
                roles = tuple(
                    (r.title, r.cameo_role, cache.pack(r.start), cache.pack(r.end), r.country, r.code)
                    for r in entry.roles
                )
                fields = (entry.kind, entry.code, entry.country, entry.cameo_role, entry.name)
                entries.append((*fields, roles, namesakes, entry.identity))
                found = numbers[id(entry)] = len(entries) - 1
            return found

        index = {first: [(keys, number(entry)) for keys, entry in bucket] for first, bucket in self.index.items()}
        return entries, index, self.size

    @classmethod
    def from_plain(cls, plain: tuple) -> ActorDictionary:
        entries, index, size = plain
        built: list[ActorEntry] = []
        for kind, code, country, role, name, roles, namesakes, identity in entries:
            roles = tuple(
                Role(title, cameo_role, cache.unpack(start), cache.unpack(end), role_country, role_code)
                for title, cameo_role, start, end, role_country, role_code in roles
            )
            namesakes = tuple(built[n] for n in namesakes)
            built.append(ActorEntry(kind, code, country, role, name, roles, namesakes, identity))
        return cls({first: [(keys, built[n]) for keys, n in bucket] for first, bucket in index.items()}, size)

    def longest_match(self, words: list[str], lowers: list[str], start: int) -> tuple[int, ActorEntry] | None:
        """The longest entry starting at token `start`: (end, entry), or None."""
        best: tuple[int, ActorEntry] | None = None
        firsts = (words[start],) if words[start] == lowers[start] else (words[start], lowers[start])
        for first in firsts:
            for length, by_lowers in self._by_length(first):
                end = start + length
                if best and end <= best[0]:
                    break  # longest first
                if end > len(words):
                    continue
                # a key matches its word as written or in lower case, so only names whose keys
                # in lower case are these words can match (in the bucket's order, as before)
                for keys, entry in by_lowers.get(tuple(lowers[start:end]), ()):
                    # the first key is the bucket's (it matched); a name's keys are all lower case or
                    # all as written (name_keys), so a slice of one or the other is the usual answer
                    if (
                        end == start + 1
                        or tuple(lowers[start + 1 : end]) == keys[1:]
                        or all(_key_matches(k, words[start + j], lowers[start + j]) for j, k in enumerate(keys))
                    ):
                        best = (end, entry)
                        break
                if best and best[0] == end:
                    break
        return best

    def _by_length(self, first: str) -> list[tuple[int, dict[tuple[str, ...], list]]]:
        """A bucket by name length (longest first), each length's names by their keys in lower
        case: a lookup per length instead of a test of every name that starts with the word
        ("republic", "south", "un" start 80-110 names each)."""
        found = self._lengths.get(first)
        if found is None:
            lengths: dict[int, dict[tuple[str, ...], list]] = {}
            for keys, entry in self.index.get(first, ()):
                lowered = tuple(k.lower() for k in keys)
                lengths.setdefault(len(keys), {}).setdefault(lowered, []).append((keys, entry))
            found = self._lengths[first] = sorted(lengths.items(), key=lambda item: -item[0])
        return found


def _key_matches(key: str, word: str, lower: str) -> bool:
    # keys with capitals came from all-capital names (US, UN) and must match exactly
    return key == (lower if key.islower() or not any(c.isalpha() for c in key) else word)


Tokenize = Callable[[str], list[str]]


def name_keys(name: str, tokenize: Tokenize) -> tuple[str, ...]:
    """Token keys for a name: all-capital names match case-sensitively, others in lower case.

    Names are split by the same tokenizer as the text, so "Côte d'Ivoire" or "U.S." line up."""
    name = name.replace("\u2019", "'").strip()
    if name.lower().startswith("the "):
        name = name[4:]
    caps = any(c.isalpha() for c in name) and name == name.upper() and len(name.replace(".", "")) <= 6
    return tuple(t if caps else t.lower() for t in tokenize(name))


def _date(value, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as error:
        raise DictionaryError(f"{where}: bad date {value!r}") from error


def _as_list(value, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise DictionaryError(f"{where}: expected a list of names, got {value!r}")
    return [str(v) for v in value]


def _role_code(item: dict, where: str) -> str | None:
    """The entry's CAMEO role code (``cameo_role``; ``sector``, its older name, is still read)."""
    role, old = item.get("cameo_role"), item.get("sector")
    if role and old and role != old:
        raise DictionaryError(f"{where}: 'cameo_role' {role!r} and 'sector' {old!r} disagree; keep 'cameo_role'")
    role = role or old
    if role is not None and not isinstance(role, str):
        raise DictionaryError(f"{where}: 'cameo_role' must be a code such as GOV or MIL, got {role!r}")
    return role


def _entries_from_file(path: Path) -> Iterable[tuple[str, ActorEntry]]:
    try:
        data = load_yaml(path) or []
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise DictionaryError(f"{path}: cannot read actor dictionary: {error}") from error
    if not isinstance(data, list):
        raise DictionaryError(f"{path}: an actor file is a YAML list of entries")
    for number, item in enumerate(data, 1):
        where = f"{path.name}, entry {number}"
        if not isinstance(item, dict):
            raise DictionaryError(f"{where}: expected a mapping, got {item!r}")
        yield from _entries_from_item(item, where)


def _entries_from_item(item: dict, where: str) -> Iterable[tuple[str, ActorEntry]]:
    names = _as_list(item.get("names"), where)
    role = _role_code(item, where)
    if "roles" in item:  # a person
        roles = tuple(
            Role(
                str(r.get("title", "")),
                _role_code(r, where) or "GOV",
                _date(r.get("start"), where),
                _date(r.get("end"), where),
                r.get("country"),
                r.get("code"),
            )
            for r in item.get("roles") or []
        )
        roles = tuple(sorted(roles, key=lambda r: r.start or dt.date.min))
        entry = ActorEntry(
            "person", item.get("code"), item.get("country"), None, str(item.get("name") or names[0]), roles
        )
        for name in names or [entry.name]:
            yield name, entry
        return
    if "code" not in item and role:  # a generic agent
        identity = bool(item.get("identity"))
        for name in names:
            yield name, ActorEntry("agent", None, None, str(role), name, identity=identity)
        return
    code = item.get("code")
    if not code:
        raise DictionaryError(f"{where}: entry needs a 'code' (or 'cameo_role' for a generic agent)")
    code = str(code).upper()
    name = str(item.get("name") or (names[0] if names else code))
    if any(k in item for k in ("adjectives", "people", "government")):  # a country
        yield from ((n, ActorEntry("country", code, code, None, name)) for n in names + [name])
        yield from (
            (n, ActorEntry("adjective", code, code, None, name)) for n in _as_list(item.get("adjectives"), where)
        )
        yield from ((n, ActorEntry("people", code, code, None, name)) for n in _as_list(item.get("people"), where))
        yield from (
            (n, ActorEntry("government", code + "GOV", code, "GOV", name))
            for n in _as_list(item.get("government"), where)
        )
        return
    country = item.get("country")
    for n in names + [name]:
        yield n, ActorEntry("organization", code, country, role, name)


# On names of equal length, specific kinds win over generic agents.
_FILE_ORDER = ["countries", "historical", "state_bodies", "organizations", "regions", "people", "groups", "agents"]


def builtin_files() -> list[Path]:
    folder = resources.files("dyad") / "data" / "actors"
    files = [Path(str(p)) for p in folder.iterdir() if p.name.endswith((".yaml", ".yml"))]
    rank = {name: i for i, name in enumerate(_FILE_ORDER)}
    return sorted(files, key=lambda p: (rank.get(p.stem, len(rank) - 1), p.name))


def load_actor_dictionary(
    tokenize: Tokenize, extra_files: Iterable[str | Path] = (), builtin: bool = True
) -> ActorDictionary:
    """The user's actor files, then the built-in ones; the first entry for a name wins.

    Read from dyad's cache (:mod:`dyad.cache`) when the files, this module and the tokenizer
    (its ``key``: :class:`dyad.nlp.NameTokenizer`) are the ones it was built from."""
    files = [*(Path(f) for f in extra_files), *(builtin_files() if builtin else [])]
    for path in files:
        if not path.exists():
            raise DictionaryError(f"{path}: actor dictionary file not found")
    key = _cache_key(tokenize, files)
    return cache.cached_object(
        "actors", key, lambda: _build(tokenize, files), ActorDictionary.to_plain, ActorDictionary.from_plain
    )


def _cache_key(tokenize: Tokenize, files: list[Path]) -> str | None:
    token_key = getattr(tokenize, "key", None)  # a plain function: no cache
    if not token_key:
        return None
    try:
        return cache.digest(token_key, Path(__file__).read_bytes(), *(path.read_bytes() for path in files))
    except OSError:  # reported by the build
        return None


def _build(tokenize: Tokenize, files: list[Path]) -> ActorDictionary:
    dictionary = ActorDictionary()
    seen: set[tuple[tuple[str, ...], EntryKind]] = set()
    for path in files:
        for name, entry in _entries_from_file(path):
            keys = name_keys(name, tokenize)
            if (keys, entry.kind) in seen and entry.kind != "person":
                continue
            seen.add((keys, entry.kind))
            dictionary.add(keys, entry)
    return dictionary
