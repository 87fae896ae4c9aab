"""The CAMEO verb and phrase dictionary, compiled once into a lemma index.

Assigns a CAMEO code and trigger words to a verb (or event noun) from the lemmas of its own
phrase: its particles, objects and prepositional phrases, never an embedded clause; a verb's
pattern may also name its subject ("worker strike"), a noun's its own modifier ("cyber attack").
The most specific pattern wins (more words, then one with a subject or modifier, then the more
specific code, then the words nearest the head); see docs/dictionaries.md for the file format.

Two pseudo-codes: `none` marks a sense that is no event ("said", "defense minister"), so it
suppresses the patterns it outranks; `noun` marks a light verb ("announced the release",
"launched an attack") whose event is the one its object (or passive subject) noun names."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml
from spacy.tokens import Token

from dyad import cache
from dyad.cache import load_yaml
from dyad.doccache import children
from dyad.errors import DataError
from dyad.events.codes import CameoTable

# Children whose subtrees belong to another clause or to the subject, not to the verb's phrase.
_OUTSIDE_PHRASE = {
    "nsubj",
    "nsubjpass",
    "csubj",
    "csubjpass",
    "ccomp",
    "advcl",
    "relcl",
    "conj",
    "parataxis",
    "cc",
    "mark",
    "punct",
    "appos",
    "expl",
    "aux",
    "auxpass",
    "neg",
}


NOT_EVENT = "none"  # the sense is no event
BY_OBJECT = "noun"  # the event is named by the verb's object noun
PSEUDO_CODES = {NOT_EVENT, BY_OBJECT}


class VerbDictionaryError(DataError):
    """A verb file is malformed; the message names the file and the code."""


@dataclass(frozen=True)
class Pattern:
    code: str
    head: str
    words: tuple[frozenset[str], ...]  # lemmas that must follow the head, in order
    text: str
    subject: frozenset[str] = frozenset()  # lemmas one of which must head the verb's subject (a noun's modifier)
    # More words first; on a tie a subject or modifier (it tells more than a preposition), then the finer
    # code. Worked out once: every match sorts its candidates by it.
    rank: tuple[int, bool, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rank", (len(self.words) + bool(self.subject), bool(self.subject), len(self.code)))


@dataclass
class _Head:
    """The patterns of one head lemma: bare ones, and the others indexed by a word they need."""

    bare: list[Pattern] = field(default_factory=list)
    by_word: dict[str, list[Pattern]] = field(default_factory=dict)


@dataclass
class VerbDictionary:
    verbs: dict[str, _Head] = field(default_factory=dict)
    nouns: dict[str, _Head] = field(default_factory=dict)

    def add(self, code: str, text: str, noun: bool, subject: bool = False) -> None:
        """One pattern: `head word...`, or with `subject` true `subject head word...`: for a verb the
        subject's head ("worker strike"), for a noun one of its own modifiers ("cyber attack", "hunger strike")."""
        parts = [frozenset(p.split("|")) for p in text.lower().split()]
        subjects = parts.pop(0) if subject and len(parts) > 1 else frozenset()
        if not parts:
            return
        index = self.nouns if noun else self.verbs
        for head in parts[0]:
            pattern = Pattern(code, head, tuple(parts[1:]), text, subjects)
            entry = index.setdefault(head, _Head())
            if not pattern.words:
                entry.bare.append(pattern)
                entry.bare.sort(key=lambda p: p.rank, reverse=True)
                continue
            for word in pattern.words[-1]:  # the last word is the most telling: "hold talk", "cut tie with"
                entry.by_word.setdefault(word, []).append(pattern)

    def to_plain(self) -> tuple:
        """The index as plain data for :mod:`dyad.cache`: each pattern once, by number."""
        numbers: dict[int, int] = {}
        patterns: list[tuple] = []
        sets: dict[frozenset[str], int] = {}  # each distinct word set once: fewer objects to read back

        def number(pattern: Pattern) -> int:
            found = numbers.get(id(pattern))
            if found is None:
                words = tuple(sets.setdefault(w, len(sets)) for w in pattern.words)
                subject = sets.setdefault(pattern.subject, len(sets))
                patterns.append((pattern.code, pattern.head, words, pattern.text, subject))
                found = numbers[id(pattern)] = len(patterns) - 1
            return found

        def heads(index: dict[str, _Head]) -> dict:
            return {
                head: ([number(p) for p in entry.bare], {w: [number(p) for p in ps] for w, ps in entry.by_word.items()})
                for head, entry in index.items()
            }

        verbs, nouns = heads(self.verbs), heads(self.nouns)
        return list(sets), patterns, verbs, nouns

    @classmethod
    def from_plain(cls, plain: tuple) -> VerbDictionary:
        sets, patterns, verbs, nouns = plain
        built = [
            Pattern(code, head, tuple(sets[w] for w in words), text, sets[subject])
            for code, head, words, text, subject in patterns
        ]

        def heads(index: dict) -> dict[str, _Head]:
            return {
                head: _Head([built[n] for n in bare], {w: [built[n] for n in ns] for w, ns in by_word.items()})
                for head, (bare, by_word) in index.items()
            }

        return cls(heads(verbs), heads(nouns))

    def match(self, token: Token, noun: bool = False) -> tuple[Pattern, list[Token]] | None:
        """The most specific pattern for this head token and its phrase, with the matched tokens."""
        entry = (self.nouns if noun else self.verbs).get(token.lemma_.lower())
        if entry is None or (noun and _inside_name(token)):
            return None
        found: list[tuple[Pattern, list[Token]]] = []
        if entry.by_word:
            phrase = phrase_tokens(token)
            forms = [(t.lemma_.lower(), t.lower_) for t in phrase]
            # each pattern once, in the order the phrase's words give (a set of patterns hashed
            # every field, and its order, the tie-break of two patterns of one text, changed
            # from run to run)
            candidates: dict[int, Pattern] = {}
            patterns_of = entry.by_word.get
            for pair in forms:
                for word in pair:
                    for pattern in patterns_of(word, ()):
                        candidates.setdefault(id(pattern), pattern)
            for pattern in candidates.values():
                matched = _in_order(pattern.words, phrase, forms)
                if matched is not None:
                    found.append((pattern, [token, *matched]))
        found.sort(key=lambda f: (f[0].rank, -_reach(f[1]), f[0].text), reverse=True)
        candidates = sorted([*found, *((p, [token]) for p in entry.bare)], key=lambda f: f[0].rank, reverse=True)
        subject = set()
        if any(p.subject for p, _ in candidates):
            subject = _modifier_words(token) if noun else _subject_words(token)
        for pattern, tokens in candidates:
            if pattern.subject and not pattern.subject & subject:
                continue
            if pattern.code == NOT_EVENT:
                return None
            if pattern.code != BY_OBJECT:
                return pattern, tokens
            named = self._object_event(token, tokens)
            if named is not None:
                return named
        return None

    def _object_event(self, verb: Token, tokens: list[Token]) -> tuple[Pattern, list[Token]] | None:
        """The event a light verb's object names: "announced the release of", "launched an attack on"."""
        for child in children(verb):  # the object, or the passive subject ("the war games were staged by")
            if child.dep_ in ("dobj", "nsubjpass") and child.pos_ in ("NOUN", "PROPN"):
                named = self.match(child, noun=True)
                if named is not None:
                    return named[0], [*tokens, *named[1]]
        return None


def _inside_name(noun: Token) -> bool:
    """A noun that only modifies another ("war crimes", "Defense Secretary") or ends a name's
    of-phrase ("Organization of Islamic Cooperation") names no event."""
    if noun.dep_ == "compound":
        return True
    return noun.pos_ == "PROPN" and noun.head.lower_ == "of" and noun.head.head.pos_ == "PROPN"


def _subject_words(verb: Token) -> set[str]:
    """The words heading the verb's subject (and their modifiers and of-phrase: "dozens of peacekeepers"), or its
    governor's ("teachers decided to strike")."""
    for _ in range(3):
        subjects = [c for c in children(verb) if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            heads = [h for s in subjects for h in (s, *s.conjuncts)]
            heads += [
                o for h in heads for p in children(h) if p.lower_ == "of" for o in children(p) if o.dep_ == "pobj"
            ]
            heads += [c for h in heads for c in children(h) if c.dep_ in ("compound", "amod")]  # "peacekeeping troops"
            return {h.lemma_.lower() for h in heads} | {h.lower_ for h in heads}
        if verb.dep_ not in ("xcomp", "conj", "advcl") or verb.head.i == verb.i:
            break
        verb = verb.head
    return set()


def _modifier_words(noun: Token) -> set[str]:
    """The words modifying a noun before it ("joint military exercises", "a general strike", "cyber attacks")."""
    words = [c for c in children(noun) if c.i < noun.i and c.dep_ in ("amod", "compound", "nmod", "npadvmod")]
    words += [g for w in words for g in children(w) if g.dep_ in ("compound", "amod")]  # "sit - in strike"
    return {w.lemma_.lower() for w in words} | {w.lower_ for w in words}


def _reach(tokens: list[Token]) -> int:
    """How far a match reaches from its head: of two equally long patterns, the nearer words tell more."""
    return max(abs(t.i - tokens[0].i) for t in tokens)


def phrase_tokens(head: Token) -> list[Token]:
    """Tokens after the head in its own phrase (objects, particles, prepositions), in order."""
    tokens: list[Token] = []
    stack = [c for c in children(head) if c.i > head.i and c.dep_ not in _OUTSIDE_PHRASE]
    stack += [c for c in children(head) if c.i < head.i and c.dep_ in ("prt", "dobj")]
    while stack:
        token = stack.pop()
        tokens.append(token)
        for child in children(token):
            if child.dep_ not in _EMBEDDED:
                stack.append(child)
            elif child.dep_ != "relcl":
                tokens += _clause_core(child)  # "attempt to assassinate", "willingness to meet"
    for child in children(head):  # "threatened to secede", "demanded that X withdraw"; not "unless X ..."
        if (
            child.i > head.i
            and child.dep_ in ("advcl", "ccomp")
            and not any(c.dep_ == "mark" and c.lower_ != "that" for c in children(child))
        ):
            tokens += _clause_core(child)
    tokens.sort(key=lambda t: t.i)
    return tokens


_EMBEDDED = {"relcl", "ccomp", "advcl", "acl", "parataxis"}


def _clause_core(verb: Token) -> list[Token]:
    """An embedded clause's verb with its particles and objects: enough for a pattern to name the act."""
    core = [verb]
    for child in children(verb):
        if child.dep_ in ("prt", "dobj", "aux", "mark", "prep", "xcomp", "acomp", "attr"):
            core.append(child)
            core += [g for g in children(child) if g.dep_ in ("pobj", "dobj", "prt", "aux")]
    return core


def _in_order(
    words: tuple[frozenset[str], ...], phrase: list[Token], forms: list[tuple[str, str]]
) -> list[Token] | None:
    """The phrase's tokens that give the pattern's words in order (`forms`: each token's lower-case
    lemma and form), or None."""
    matched: list[Token] = []
    position = 0
    length = len(phrase)
    for options in words:
        while position < length and options.isdisjoint(forms[position]):
            position += 1
        if position == length:
            return None
        matched.append(phrase[position])
        position += 1
    return matched


def builtin_files() -> list[Path]:
    folder = resources.files("dyad") / "data" / "verbs"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith((".yaml", ".yml")))


def load_verb_dictionary(
    table: CameoTable, extra_files: Iterable[str | Path] = (), builtin: bool = True
) -> VerbDictionary:
    """Built-in verb files plus the user's; every code must exist in the CAMEO table.

    Read from dyad's cache (:mod:`dyad.cache`) when the files, this module and the table's
    codes are the ones it was built from."""
    files = [*(Path(f) for f in extra_files), *(builtin_files() if builtin else [])]
    try:
        parts = [Path(__file__).read_bytes(), repr(sorted(table.rows)), *(path.read_bytes() for path in files)]
        key = cache.digest(*parts) if cache.enabled() else None
    except OSError:  # reported by the build
        key = None
    return cache.cached_object(
        "verbs", key, lambda: _build(table, files), VerbDictionary.to_plain, VerbDictionary.from_plain
    )


def _build(table: CameoTable, files: list[Path]) -> VerbDictionary:
    dictionary = VerbDictionary()
    for path in files:
        try:
            data = load_yaml(path) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            raise VerbDictionaryError(f"{path}: cannot read verb dictionary: {error}") from error
        if not isinstance(data, dict):
            raise VerbDictionaryError(f"{path}: a verb file maps CAMEO codes to patterns")
        for code, patterns in data.items():
            code = str(code)
            if code not in table and code not in PSEUDO_CODES:
                raise VerbDictionaryError(f"{path}: unknown CAMEO code {code!r}")
            if not isinstance(patterns, dict):
                raise VerbDictionaryError(f"{path}: code {code}: expected 'verbs' and/or 'nouns' lists")
            for key, noun in (("verbs", False), ("nouns", True), ("subjects", False), ("modifiers", True)):
                for text in patterns.get(key) or []:
                    dictionary.add(code, str(text), noun, subject=key in ("subjects", "modifiers"))
    return dictionary
