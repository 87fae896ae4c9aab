"""Open actors: names in the text that no dictionary entry covers.

Assigns ``ActorMention`` spans of kind ``name``: runs of proper nouns the tagger marks
("Alice Wells", "The American Civil Liberties Union", "Munich I Regional Court") with the
country adjective that opens them ("American" in "American Civil Liberties Union") or the
country that closes them ("... of Angola"). Such an actor keeps its whole name as written; its
code is that country with the CAMEO role its title or last word gives ("Russian Orthodox
Church" RUSREL, from ``data/sectors.yaml``), and None when no country is named: the role still
gives its sector ("the Munich I Regional Court": code None, sector JUD). No named-entity model
runs: the tags and the parse are already there.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache, lru_cache
from pathlib import Path

from spacy.attrs import POS
from spacy.parts_of_speech import PROPN
from spacy.tokens import Doc, Span, Token

from dyad.actors.matcher import ActorMention, span_head
from dyad.actors.sectors import sectors
from dyad.cache import load_yaml
from dyad.context.gazetteer import load_gazetteer
from dyad.doccache import children, column, slice_text, tokens
from dyad.lexicon import MONTHS, WEEKDAYS

# Words that join two parts of one name: "Bank of England", "Doctors Without Borders" is not.
_NAME_JOINERS = {"of", "for", "&"}
# Lower-case words inside people's names: "Osama bin Laden", "Abdel Fattah al-Sisi", "Ursula von der Leyen".
_PARTICLES = {"bin", "ibn", "al", "el", "de", "van", "von", "der", "da", "di", "del", "la", "le", "dos", "bint", "abu"}
# Capitalised words that are tagged as proper nouns but never name an actor alone.
_NOT_NAMES = {*MONTHS, *WEEKDAYS, "mr", "mrs", "ms", "dr", "sir", "mr.", "mrs.", "ms.", "dr.", "god"}
# Prepositions by which an agent belongs to a place: "the mayor of Hebron", "police in Lagos".
_PLACE_PREPS = {"of", "in", "from"}
# A city at least this big is a place when named alone; a smaller one's name is more often a person's.
_PLACE_POPULATION = 50_000
# Dictionary kinds that may open a name ("American" Civil Liberties Union, "Russian" Orthodox Church).
_OPENERS = {"adjective", "country"}
# A one-word name this long that is one typo away from a country's name is that country ("Ethopia").
_MISSPELT_LENGTH = 7
# Dictionary kinds that may close a name after "of" ("Bank of Japan"; "the mayor of Moscow" is an agent's).
_OF_COUNTRY = {"country", "government"}


def free_runs(sentence: Span, covered) -> list[tuple[int, int]]:
    """[start, end) runs of proper nouns in the sentence that no mention covers.

    A hyphen written without spaces stays inside a run ("Kassym-Jomart Tokayev"), as do
    "of", "for" and "&" between two proper nouns ("Bank of Japan" when no entry has it)."""
    runs: list[tuple[int, int]] = []
    start = None
    parts, every = column(sentence.doc, POS), tokens(sentence.doc)
    for i in range(sentence.start, sentence.end):
        if start is None and parts[i] != PROPN:
            continue  # only a proper noun starts a run: the rest is passed over by id
        token = every[i]
        if _name_word(token, covered) or (start is not None and _joins(token, covered)):
            if start is None:
                start = token.i
            continue
        if start is not None:
            runs.append(_trimmed(sentence.doc, start, token.i))
            start = None
    if start is not None:
        runs.append(_trimmed(sentence.doc, start, sentence.end))
    doc = sentence.doc
    return [
        (s, e)
        for s, e in runs
        if e > s
        and not _only_titles(doc, s, e)
        and not _modifier(doc, s, e)
        and not _owner_of_actor(doc, s, e, covered)
        and not is_place(slice_text(doc, s, e))
    ]


def place_agent(doc: Doc, agent: ActorMention, taken: frozenset[int] = frozenset()) -> ActorMention | None:
    """An agent of the place its of-phrase names: "the mayor of Hebron" PSEGOV, "police in
    Lagos" NGACOP (the biggest place of that name); None when the phrase names no known place."""
    head = span_head(doc, agent.start, agent.end)
    before = _place_before(doc, agent, taken)
    if before is not None:
        return before
    for prep in children(head):
        if prep.dep_ != "prep" or prep.lower_ not in _PLACE_PREPS:
            continue
        for pobj in children(prep):
            if pobj.dep_ == "pobj" and pobj.pos_ == "PROPN":
                words = [t for t in pobj.subtree if t.pos_ == "PROPN" or t.text == "-"]
                country = place_country(slice_text(doc, words[0].i, words[-1].i + 1)) if words else None
                if country:  # the whole phrase is the actor's name as written
                    end = max(agent.end, words[-1].i + 1)
                    code, text = f"{country}{agent.cameo_role}", slice_text(doc, agent.start, end)
                    return replace(agent, end=end, code=code, country=country, text=text)
    return None


def _place_before(doc: Doc, agent: ActorMention, taken: frozenset[int]) -> ActorMention | None:
    """An agent named with its place before it: "Shanghai police" CHNCOP, "Kano State
    government" NGAGOV: a place of some size that no other mention (`taken`: "Bush"
    administration) holds, before a common noun ("West Bank" is a name)."""
    if not doc[agent.end - 1].is_lower:
        return None
    dependents = [c for t in doc[agent.start : agent.end] for c in children(t)]
    for child in dependents:
        if child.dep_ not in ("compound", "nmod") or child.pos_ != "PROPN" or child.i >= agent.start:
            continue
        words = [t for t in child.subtree if t.pos_ == "PROPN" and t.i < agent.start]
        if not words or words[-1].i + 1 != agent.start or any(t.i in taken for t in words):
            continue
        name = slice_text(doc, words[0].i, words[-1].i + 1)
        country = place_country(name) if is_place(name) else None
        if country:
            code, start = f"{country}{agent.cameo_role}", words[0].i
            return replace(agent, start=start, code=code, country=country, text=slice_text(doc, start, agent.end))
    return None


@lru_cache(maxsize=4096)
def place_country(name: str) -> str | None:
    """The country of the biggest place the gazetteer knows by this name."""
    hits = [h.entry for h in load_gazetteer().lookup(name) if h.entry.country]
    return max(hits, key=lambda e: (e.kind != "city", e.population)).country if hits else None


@lru_cache(maxsize=4096)
def is_place(name: str) -> bool:
    """A name the gazetteer knows as a country, a region or a city of some size ("Luhansk",
    "Hebron"): the places stage resolves it; it is no open actor. A small town's name is more
    often a person's ("Wells")."""
    return any(
        hit.entry.kind != "city" or hit.entry.capital or hit.entry.population >= _PLACE_POPULATION
        for hit in load_gazetteer().lookup(name)
    )


def _modifier(doc: Doc, start: int, end: int) -> bool:
    """A name that only qualifies a common noun ("Tamil refugees", "Apple shares") names no actor."""
    head = span_head(doc, start, end)
    return head.dep_ in ("compound", "amod", "nmod") and head.head.pos_ == "NOUN" and head.head.i >= end


def _owner_of_actor(doc: Doc, start: int, end: int, covered) -> bool:
    """A name whose possession an actor is ("Osama bin Laden's al-Qaeda terror network"): the
    actor is the possession, the owner only qualifies it."""
    head = span_head(doc, start, end)
    if head.dep_ != "poss" or head.head.i < end:
        return False
    return any(any(m.kind == "organization" for m in covered(t)) for t in head.head.subtree if t.i >= end)


def _name_word(token: Token, covered) -> bool:
    return (
        token.pos_ == "PROPN"
        and token.text[:1].isupper()
        and not covered(token)
        and token.lower_.rstrip(".") not in _NOT_NAMES
        and any(c.isalpha() for c in token.text)
    )


def _joins(token: Token, covered) -> bool:
    """A word inside a name: a hyphen with no spaces, or "of"/"for"/"&" (and "the" after
    them) before a proper noun: "Bank of Japan", "Union for the Total Independence"."""
    doc = token.doc
    if token.i + 1 >= len(doc) or token.i == 0:
        return False
    following = doc[token.i + 1]
    if token.lower_ == "the" and doc[token.i - 1].lower_ in _NAME_JOINERS:
        return _name_word(following, covered)
    if token.i + 2 < len(doc) and (
        (following.lower_ == "the" and token.lower_ in _NAME_JOINERS)
        or (following.text == "-" and token.lower_ in _PARTICLES)  # "al-Sisi"
    ):
        following = doc[token.i + 2]
    if not _name_word(following, covered):
        return False
    if token.text in ("-", "'") and not token.whitespace_ and not doc[token.i - 1].whitespace_:
        return True
    return token.lower_ in _NAME_JOINERS or token.lower_ in _PARTICLES


def _of_between(doc: Doc, end: int, start: int) -> bool:
    words = [t.lower_ for t in tokens(doc)[end:start]]
    return words in (["of"], ["of", "the"])


def _trimmed(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while end > start and not _name_word(doc[end - 1], lambda t: False):
        end -= 1  # a joiner never ends a name
    return start, end


def _only_titles(doc: Doc, start: int, end: int) -> bool:
    """ "Mr", "Dr." alone are no name."""
    return all(t.lower_ in _NOT_NAMES for t in tokens(doc)[start:end])


def open_name(
    doc: Doc,
    start: int,
    end: int,
    before: ActorMention | None,
    title_role: str | None = None,
    after: ActorMention | None = None,
) -> ActorMention:
    """The open actor for the run [start, end), taking `before` (a country word right before it
    that qualifies it) into the name and its country; `title_role` is the role of a title in
    the name ("President" Nayib Bukele: GOV), else the name's last word may give one."""
    country = None
    if before is not None and before.kind in _OPENERS and before.end == start and before.country:
        if start <= span_head(doc, before.start, before.end).head.i < end:
            start, country = before.start, before.country
    role = title_role or sectors().name_heads.get(doc[end - 1].lower_)
    if after is not None and after.country and after.kind in _OF_COUNTRY and _of_between(doc, end, after.start):
        end, country = after.end, country or after.country  # "... Independence of Angola", "Bank of Japan"
    code = f"{country}{role or ''}" if country else None
    text = slice_text(doc, start, end)
    misspelt = misspelt_country(text) if end - start == 1 and country is None else None
    if misspelt is not None:
        return ActorMention(start, end, "country", misspelt[0], misspelt[0], None, misspelt[1], text)
    return ActorMention(start, end, "name", code, country, role, text, text)


def misspelt_country(word: str) -> tuple[str, str] | None:
    """(code, name) of the country whose one-word name is one typo (a letter added, dropped,
    changed or two swapped) from this capitalised word of seven letters or more: "Ethopia"."""
    if len(word) < _MISSPELT_LENGTH or not word.isalpha() or not word[0].isupper():
        return None
    lower = word.lower()
    words, by_key = _country_words()
    candidates = {name for key in (lower, *_deletions(lower)) for name in by_key.get(key, ())}
    found = {words[name] for name in candidates if _one_typo(lower, name)}
    return found.pop() if len(found) == 1 else None


def _deletions(word: str) -> list[str]:
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


@cache
def _country_words() -> tuple[dict[str, tuple[str, str]], dict[str, list[str]]]:
    """One-word country names (lower case) of the built-in dictionary -> (code, name), and an
    index from each name and each of its one-letter deletions to the names: a word one typo from
    a name shares one of these keys with it, so a lookup probes the word's own deletions instead
    of comparing it with every name (it runs on every long one-word name in the news)."""
    path = Path(__file__).resolve().parent.parent / "data" / "actors" / "countries.yaml"
    words = {}
    for item in load_yaml(path) or []:
        for name in [item.get("name"), *(item.get("names") or [])]:
            if isinstance(name, str) and name.isalpha() and len(name) >= _MISSPELT_LENGTH - 1:
                words[name.lower()] = (str(item["code"]), str(item.get("name") or name))
    by_key: dict[str, list[str]] = {}
    for name in words:
        for key in (name, *_deletions(name)):
            by_key.setdefault(key, []).append(name)
    return words, by_key


def _one_typo(word: str, name: str) -> bool:
    if word == name or abs(len(word) - len(name)) > 1:
        return False
    if len(word) == len(name):
        diffs = [i for i, (a, b) in enumerate(zip(word, name)) if a != b]
        if len(diffs) == 1:
            return True
        i = diffs[0]
        return len(diffs) == 2 and diffs[1] == i + 1 and word[i] == name[i + 1] and word[i + 1] == name[i]
    short, long = sorted((word, name), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
