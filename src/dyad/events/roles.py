"""Find the source and target actors of an event trigger in the dependency parse.

Assigns sources (subject; the `by` agent of a passive; the subject inherited by a
participle, an infinitive or a coordinated verb; the noun a relative clause hangs on) and
targets (direct object, indirect object, prepositional objects; the passive subject).
Coordinated actors give one source each ("Russia and China vetoed").
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from dyad.actors.coref import ActorIndex
from dyad.actors.matcher import Mention
from dyad.doccache import children, slice_text
from dyad.events.phrases import (
    PLACE_PREPS,
    as_state,
    complement_heads,
    conjuncts,
    phrase_actors,
    phrase_objects,
    that_clause_subject,
)
from dyad.lexicon import SPEECH_VERBS, TIME_NOUNS

_SUBJECTS = ("nsubj", "csubj")
_PASSIVE_SUBJECTS = ("nsubjpass", "csubjpass")
_RELATIVE = {"which", "who", "that", "whom"}
# Verbs whose subject a dependent verb inherits ("put its weight behind X, supporting Y").
_INHERITS = ("xcomp", "advcl", "conj", "pcomp", "acl")
# Prepositions of the verb whose object is acted on ("talks with", "aid to", "out of"); "on", "over"
# and "at" only when nothing else is; places ("in") last of all.
_TARGET_PREPS = {
    "with",
    "against",
    "to",
    "toward",
    "towards",
    "from",
    "into",
    "for",
    "of",
    "out",
    "between",
    "onto",
    "upon",
    "about",
    "across",
    "near",
    "inside",
    "off",
    "through",
    "under",
    "like",
    "as",
    "behind",
    "via",
    "without",
    "beyond",
    "among",
    "around",
    "along",
    "outside",
    "despite",
    "up",
    "down",
    "regarding",
    "concerning",
    "including",
}
_SKIP_IN_NP = ("relcl", "acl", "ccomp", "advcl", "appos")
_MAX_ACTORS = 4


def np_actors(token: Token, index: ActorIndex, deep: bool = True) -> list[Mention]:
    """The actors a noun phrase names: its own words first, then (if `deep`) its modifiers.

    Coordinated noun phrases ("Moscow and Beijing") give each of their actors."""
    found = _own_actors(token, index, deep)
    for conj in conjuncts(token):
        if len(found) < _MAX_ACTORS:
            found += [m for m in _own_actors(conj, index, deep) if m not in found]
    return found[:_MAX_ACTORS]


def _own_actors(token: Token, index: ActorIndex, deep: bool) -> list[Mention]:
    here = [m for m in index.at(token) if m.is_actor]
    here += [other for m in here for other in _coordinated_demonyms(m, index)]
    if here or not deep:
        return here
    # "the North Korean official", "Russia's decision", "the US resolution"; not "a Damascus-based group"
    stack = [c for c in children(token) if c.dep_ not in _SKIP_IN_NP and c.dep_ != "conj" and not _locative(c)]
    ordered = []
    while stack:
        child = stack.pop()
        ordered.append(child)
        stack.extend(c for c in children(child) if c.dep_ not in _SKIP_IN_NP and not _locative(c))
    for child in sorted(ordered, key=lambda t: t.i):
        actors = [m for m in index.at(child) if m.is_actor]
        if actors:
            return actors
    return []


# Participles that tell where an actor sits, not who it is: "a Damascus-based group", "a London-headquartered bank".
_LOCATIVE = {"base", "headquarter", "station", "locate"}


def _locative(token: Token) -> bool:
    return token.lemma_.lower() in _LOCATIVE and token.tag_ == "VBN"


def _demonym_actors(noun: Token, index: ActorIndex) -> list[Mention]:
    """A subject named only by a demonym on it acts for that country: "a Palestinian guerrilla group claimed"; not
    one whose of-phrase says what it is ("the Ukrainian separatist regions of Donetsk and Luhansk")."""
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in children(noun)):
        return []
    for child in children(noun):
        if child.dep_ in ("amod", "compound") and child.i < noun.i:
            found = [replace(m, kind="country") for m in index.at(child) if m.kind == "adjective" and m.code]
            if found:
                return found
    return []


def _coordinated_demonyms(mention: Mention, index: ActorIndex) -> list[Mention]:
    """ "Vietnamese and Chinese diplomats": the agent of the first country and of each other one named in it."""
    if (
        mention.kind != "agent"
        or not mention.code
        or not mention.country
        or not mention.code.startswith(mention.country)
    ):
        return []
    role = mention.code[len(mention.country) :]
    found = []
    for i in range(mention.start + 1, mention.end):
        for other in index.at(i):
            if other.kind == "adjective" and other.country and other.country != mention.country:
                text = f"{other.text} {mention.text.split()[-1]}"
                found.append(
                    replace(
                        other,
                        kind="agent",
                        code=other.country + role,
                        cameo_role=mention.cameo_role,
                        text=text,
                        name=text,
                    )
                )
    return found


def _modifier_actors(noun: Token, index: ActorIndex) -> list[Mention]:
    """Actors that own or qualify a noun: "Russia's decision", "the Russian veto".

    Country adjectives count here; a bare agent word does not ("press release")."""
    for child in children(noun):
        if child.dep_ in ("poss", "amod", "compound", "nmod") and child.i < noun.i:
            found = [m for m in index.at(child) if m.code and not (m.kind == "agent" and " " not in m.text)]
            if found:
                return found
    return []


def _trailing_attribution(verb: Token) -> bool:
    """ "X overran a base, officials said": a speech verb after the clause it reports."""
    return verb.lemma_ in SPEECH_VERBS and any(
        c.dep_ in ("ccomp", "parataxis") and c.i < verb.i for c in children(verb)
    )


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in _PASSIVE_SUBJECTS or c.dep_ == "auxpass" for c in children(verb))


def sources(verb: Token, index: ActorIndex) -> list[Mention]:
    """Who acts: the subject, the passive agent, or the subject the verb inherits."""
    if is_passive(verb):
        for child in children(verb):
            if child.dep_ == "agent":
                for pobj in children(child):
                    if pobj.dep_ == "pobj":
                        return np_actors(pobj, index)
        for pobj in phrase_objects(verb, {"in", "during", "by"}):  # "killed in a Burundian army raid"
            found = _modifier_actors(pobj, index)
            if found:
                return found
        return []
    token = verb
    for _ in range(4):
        subject = next((c for c in children(token) if c.dep_ in _SUBJECTS), None)
        if subject is not None:
            if subject.lower_ in _RELATIVE and token.dep_ == "relcl":
                return np_actors(token.head, index)
            return np_actors(subject, index) or _demonym_actors(subject, index)
        if token.dep_ == "relcl" and token.head.pos_ in ("NOUN", "PROPN"):
            return np_actors(token.head, index)
        if token.dep_ not in _INHERITS or token.head.i == token.i:
            return []
        if token.dep_ == "xcomp" and token.head.pos_ == "VERB":
            asked = next((c for c in children(token.head) if c.dep_ == "dobj" and c.i < token.i), None)
            if asked is not None:  # "ask Asian banks to finance": the banks would finance
                return np_actors(asked, index)
        if token.dep_ in ("advcl", "conj") and _trailing_attribution(token.head):
            return []  # "X overran a base, officials said, killing 17": not the officials who killed
        if token.dep_ == "acl":
            if token.tag_ in ("VBG", "VBD") and token is verb:  # "troops firing on X"; a misparsed "X resorted"
                return np_actors(token.head, index)
            if token.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in children(token)):
                return _modifier_actors(token.head, index)  # "Russia's decision to annex", not "a trip to X to ..."
            return []
        if (
            token.tag_ == "VBN"
            and token.dep_ == "advcl"
            and not any(c.dep_ in ("aux", "auxpass") for c in children(token))
        ):
            return []  # "when asked whether ...": a passive participle, its agent unsaid
        token = token.head
        if is_passive(token) and token is not verb:
            return []
    return []


def targets(
    verb: Token, index: ActorIndex, depth: int = 0, places: bool = True, acting: frozenset[str] = frozenset()
) -> list[Mention]:
    """To whom: the passive subject; the objects' phrases (never used up by the pattern); the verb's
    prepositional objects; then what its complement or "that" clause acts on; a place last (if `places`).

    A pronoun for one of the `acting` (their keys) is passed over: "repeated its demand that the US ease ..."."""
    if is_passive(verb):
        for child in children(verb):
            if child.dep_ in _PASSIVE_SUBJECTS:
                if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                    return np_actors(verb.head, index)
                # the patient ("the detained American vessels"), or nobody: never a bystander's phrase
                return np_actors(child, index) or _demonym_actors(child, index)
    objects = [
        head
        for dep in ("dobj", "dative", "attr", "oprd")
        for child in children(verb)
        if child.dep_ == dep
        for head in ([g for g in children(child) if g.dep_ == "pobj"] if child.pos_ == "ADP" else [child])
    ]  # "a reminder Saturday to Iraq"
    predicates = [verb, *(c for c in children(verb) if c.dep_ == "acomp")]  # "was skeptical over X's will"
    asked = {"on", "upon"} if any(c.dep_ == "xcomp" for c in children(verb)) else set()  # "called on X to forge"
    for inner_places in (False, places):  # "discussed the situation in Syria with X": X, then places in the object
        for head in objects:
            found = _others(phrase_actors(head, index, places=inner_places), acting)
            if found:
                return found
        if inner_places:
            break
        for pobj in [p for head in predicates for p in phrase_objects(head, _TARGET_PREPS | asked)]:
            found = _others(phrase_actors(pobj, index), acting)
            if found:
                return found
    if depth < 3:
        for comp in complement_heads(verb):
            found = targets(comp, index, depth + 1, places, acting)
            if found:
                return found
        subject = that_clause_subject(verb)
        if subject is not None:
            found = _others(np_actors(subject, index), acting)
            if found:
                return found
    for pobj in [p for head in predicates for p in phrase_objects(head, {"on", "over", "at"})]:  # "sanctions on X"
        found = _others(phrase_actors(pobj, index), acting)
        if found:
            return found
    return []


def _others(found: list[Mention], acting: frozenset[str]) -> list[Mention]:
    return [m for m in found if not (m.kind == "reference" and m.key in acting)]


_CONDITIONS = {"if", "unless", "until"}


def condition_actors(verb: Token, index: ActorIndex) -> list[Mention]:
    """Whose act a threat or a refusal hangs on: "threatened to stop talks if the United States goes ahead", "will
    not lift the embargo until Cuba undertakes reforms", "until their demands are met by the authorities"."""
    for head in [verb, *complement_heads(verb)]:
        for clause in children(head):
            if clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _CONDITIONS for c in children(clause)):
                found = sources(clause, index) if is_passive(clause) else []
                subject = next((c for c in children(clause) if c.dep_ == "nsubj"), None)
                found = found or (np_actors(subject, index) if subject is not None else [])
                if found:
                    return found
    return []


def place_targets(verb: Token, index: ActorIndex, places: dict[int, Mention]) -> list[Mention]:
    """The place of the act, as the target where nothing else is: "arrived in Baghdad", "struck targets in
    Khan Younis", "extended the curfew in Bamako"; or the other side named inside it ("in its war with Iraq")."""
    verbs = [verb, *complement_heads(verb)]
    for head in [*verbs, *(c for v in verbs for c in children(v) if c.dep_ == "dobj")]:
        for pobj in phrase_objects(head, PLACE_PREPS):
            found = [as_state(m) for m in index.at(pobj) if m.is_actor and m.kind != "agent"] or [
                places[t.i] for t in pobj.subtree if t.i in places
            ]
            if found:
                return found[:1]
            for inner in phrase_objects(pobj):
                found = phrase_actors(inner, index)
                if found:
                    return found
    return []


def noun_roles(noun: Token, index: ActorIndex) -> tuple[list[Mention], list[Mention]]:
    """Source and target of an event noun: "the Russian veto of the resolution", "Iran's attack on X"."""
    source = _modifier_actors(noun, index)
    if not source:
        for child in children(noun):
            if child.dep_ == "prep" and child.lower_ == "by":
                source = np_actors(next((c for c in children(child) if c.dep_ == "pobj"), child), index)
    target: list[Mention] = []
    for child in children(noun):
        if child.dep_ == "prep" and child.lower_ in ("of", "against", "on", "with", "to", "toward", "towards"):
            for pobj in children(child):
                if pobj.dep_ == "pobj":
                    target = np_actors(pobj, index)
            if target:
                break
    return source, target


# Dependents that end an open actor's words: clauses and asides are not its name.
_OPEN_CUT = ("relcl", "acl", "ccomp", "advcl", "appos", "punct", "cc", "conj", "prep")
_OPEN_MAX_WORDS = 8


def open_targets(verb: Token, index: ActorIndex, pattern: set[int]) -> list[Mention]:
    """What the act is done to when no actor is named there: the object's noun phrase, kept with its words
    and no code ("stormed a migrant camp", "released the detained leaders"). A pattern's own object
    ("launched an investigation") hands on to its prepositional object ("... into the claims"), then the
    verb's own ("demanded an explanation from the minister")."""
    heads: list[Token] = []
    for child in children(verb):
        agent = any(m.kind == "agent" for m in index.at(child))  # "expelled the inspectors": the pattern's people
        if child.dep_ == "dobj" and (child.i not in pattern or agent):
            heads.append(child)
        elif child.dep_ == "dobj":
            heads += phrase_objects(child)
    heads += phrase_objects(verb, _TARGET_PREPS)
    heads += [
        c for comp in complement_heads(verb) for c in children(comp) if c.dep_ == "dobj"
    ]  # "threatened to shell X"
    for head in heads:
        mention = _open_mention(head, index)
        if mention is not None:
            return [mention]
    return []


def _open_mention(head: Token, index: ActorIndex) -> Mention | None:
    """The noun phrase on `head` as a code-less actor named by its words; None for a pronoun or a time."""
    if head.pos_ not in ("NOUN", "PROPN") or head.lower_ in TIME_NOUNS:
        return None
    words = [head, *(t for c in children(head) if c.i < head.i and c.dep_ not in _OPEN_CUT for t in c.subtree)]
    for child in children(head):  # "workers of the factory": the "of" phrase is part of the name
        if child.i > head.i and child.dep_ == "prep" and child.lower_ == "of":
            words += list(child.subtree)
    words = sorted(words, key=lambda t: t.i)
    if len(words) > _OPEN_MAX_WORDS:
        words = [t for t in words if t.i <= head.i][-_OPEN_MAX_WORDS:]
    doc = head.doc
    start, end = words[0].i, words[-1].i + 1
    text = slice_text(doc, start, end)
    return Mention(start, end, "name", None, None, None, text, text)


def open_sources(verb: Token, index: ActorIndex, plural: bool = True) -> list[Mention]:
    """Who acts when no actor is named there: the verb's own subject (or passive agent) as a code-less actor
    named by its words, where it is an agent noun ("police stormed a camp") or, if `plural`, a plural noun
    ("Musicians have lifted a boycott"); a pronoun, a singular thing or a country's things ("the Ukrainian
    regions") name no one."""
    if is_passive(verb):
        heads = [p for c in children(verb) if c.dep_ == "agent" for p in children(c) if p.dep_ == "pobj"]
    else:
        heads = [c for c in children(verb) if c.dep_ == "nsubj"]
    for head in heads:
        agent = any(m.kind == "agent" for m in index.at(head))
        qualified = any(index.at(t) for t in head.subtree)  # "the Ukrainian separatist regions": a country's things
        if head.lower_ in _RELATIVE or not (agent or (plural and head.tag_ in ("NNS", "NNPS") and not qualified)):
            continue
        mention = _open_mention(head, index)
        if mention is not None:
            return [mention]
    return []
