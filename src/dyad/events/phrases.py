"""Targets where English puts them: inside the object's phrase, its owner, its complements.

Assigns the target candidates of a verb or event noun, PETRARCH's way: a noun phrase means
the actors in it: its own words; then its owner, compounds and demonym adjectives ("Washington's
proposal", "a US-backed resolution", "Cambodian positions"); then a participle's agent ("the
resolution drafted by Washington"); then its prepositional phrases ("a complaint with X", "the
withdrawal of X troops from Y"). The object is never used up by the verb pattern that named
the act: "lodged a complaint with Bolivia" finds Bolivia behind the pattern word. A verb with
nothing of its own takes the target of its complement ("threatened to cut ties with X", "ready
to pull troops out of X") or the subject of a "that" clause ("demanded that X free ...")."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from dyad.actors.coref import ActorIndex
from dyad.actors.matcher import Mention
from dyad.doccache import children
from dyad.lexicon import TIME_NOUNS

# Prepositions whose object can be acted on, inside a noun phrase ("talks with X", "aid to X").
_PHRASE_PREPS = {
    "with",
    "of",
    "against",
    "on",
    "to",
    "toward",
    "towards",
    "from",
    "into",
    "for",
    "over",
    "at",
    "in",
    "out",
    "between",
    "by",
    "inside",
    "onto",
    "upon",
    "near",
    "across",
    "throughout",
    "among",
    "amongst",
}
# Modifiers before a noun that name its owner or author: "Washington's", "US-drafted", "Cambodian".
_OWNER_DEPS = {"poss", "amod", "compound", "nmod", "npadvmod"}
# Places of the act: a target only when nothing else is ("arrived in Baghdad", "struck targets in X").
PLACE_PREPS = {"in", "into", "at", "inside", "across", "throughout"}
_MAX_DEPTH = 3
_MAX_ACTORS = 4


def actors_at(token: Token, index: ActorIndex, adjectives: bool) -> list[Mention]:
    """The actors on this token; a demonym adjective counts where it qualifies an object."""
    return [m for m in index.at(token) if m.is_actor or (adjectives and m.kind == "adjective" and m.code)]


def phrase_actors(noun: Token, index: ActorIndex, depth: int = 0, places: bool = True) -> list[Mention]:
    """The actors a noun phrase names as acted on, nearest first.

    Its own words (even the pattern's: "summoned the American ambassador"), its conjuncts, its owners and qualifiers,
    a participle's agent, then its prepositional phrases, each of those phrases in turn; without `places`, none
    of its places ("the situation in Syria")."""
    if depth > _MAX_DEPTH or noun.lower_ in TIME_NOUNS:
        return []
    found: list[Mention] = []
    found += actors_at(noun, index, adjectives=False)  # "summoned the American ambassador": the pattern's word
    for conj in conjuncts(noun):
        if conj.pos_ in ("NOUN", "PROPN", "PRON"):
            found += [m for m in actors_at(conj, index, adjectives=False) if m not in found]
    if found:
        return found[:_MAX_ACTORS]
    for token in _owners(noun):
        found += [as_state(m) for m in actors_at(token, index, adjectives=True) if m not in found]
    if found:
        return found[:_MAX_ACTORS]
    for agent in _participle_agents(noun):
        found += [as_state(m) for m in phrase_actors(agent, index, depth + 1, places)]
    if found:
        return found[:_MAX_ACTORS]
    for pobj in _inner_objects(noun):
        place = pobj.head.lower_ in PLACE_PREPS  # "the curfew in Bamako": the place, not its government
        if place and not places:
            continue
        found += [as_state(m) if place else m for m in phrase_actors(pobj, index, depth + 1, places) if m not in found]
        if found:
            return found[:_MAX_ACTORS]
    return []


def _inner_objects(noun: Token) -> list[Token]:
    """What a phrase acts on inside it, in order: its prepositional objects and its conjuncts' ("artillery and
    rocket fire against X"); a participle's ("sanctions imposed on X"); a verb's object ("the process of returning
    the gorillas to X")."""
    found = [p for head in [noun, *conjuncts(noun)] for p in phrase_objects(head)]
    for child in children(noun):
        if child.dep_ == "acl" and child.tag_ == "VBN":
            found += phrase_objects(child, _PHRASE_PREPS - {"by"})
        elif child.dep_ == "dobj" and noun.pos_ == "VERB":
            found.append(child)
    for clause in children(noun):  # "an effort to resolve the rift between X and Y", "its demand that X ease ..."
        if clause.dep_ not in ("acl", "ccomp") or noun.pos_ != "NOUN":
            continue
        if _open_clause(clause):
            found += _clause_objects(clause)
        elif clause.tag_ == "VBG" and that_clause_subject(clause) is not None:  # "a declaration demanding that X"
            found.append(that_clause_subject(clause))
    return found


def _open_clause(clause: Token) -> bool:
    """An infinitive or a "that" clause on a noun ("an effort to resolve", "its demand that"); not a gerund that
    describes the noun ("the regions joining Russia") nor a finite verb the parser hung there."""
    return clause.tag_ == "VB" or any(c.dep_ == "mark" and c.lower_ == "that" for c in children(clause))


def _clause_objects(clause: Token) -> list[Token]:
    """Who a clause on an event noun names as acted on: its subject ("that X ease"), its objects, its complements'."""
    found = [c for c in children(clause) if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
    subject = that_clause_subject(clause)
    found += [subject] if subject is not None else []
    for comp in complement_heads(clause):
        found += [c for c in children(comp) if c.dep_ == "dobj"]
    return found


def conjuncts(token: Token) -> list[Token]:
    """The words coordinated with this one, in order: "Peru, Chile and Bolivia" (spaCy chains them)."""
    found, stack = [], [c for c in children(token) if c.dep_ == "conj"]
    while stack:
        conj = stack.pop()
        found.append(conj)
        stack += [c for c in children(conj) if c.dep_ == "conj"]
    return sorted(found, key=lambda t: t.i)


def as_state(mention: Mention) -> Mention:
    """A capital or seat of government that owns a thing stands for its state: "Washington's proposal",
    "the resolution drafted by Washington" are the US's, as "a US-drafted resolution" is; so does a
    capital where an act takes place ("extended the curfew in Bamako": Mali)."""
    if mention.kind == "government" and mention.country:
        return replace(mention, kind="country", code=mention.country, cameo_role=None)
    return mention


def _owners(noun: Token) -> list[Token]:
    """Words before the noun that own or qualify it, nearest the noun last: "the US-drafted resolution"."""
    owners, stack = [], [c for c in children(noun) if c.dep_ in _OWNER_DEPS and c.i < noun.i]
    while stack:
        token = stack.pop()
        owners.append(token)
        stack += [c for c in children(token) if c.dep_ in (*_OWNER_DEPS, "conj") and c.i < noun.i]
    return sorted(owners, key=lambda t: t.i)


def _participle_agents(noun: Token) -> list[Token]:
    """ "the resolution drafted by Washington", "a US-backed plan": the agent of a participle on the noun."""
    found = []
    for acl in (c for head in [noun, *conjuncts(noun)] for c in children(head)):  # "and the threats made by X"
        if acl.dep_ == "acl" and acl.tag_ == "VBN":
            for child in children(acl):
                if child.dep_ == "agent":
                    found += [p for p in children(child) if p.dep_ == "pobj"]
    return found


def phrase_objects(head: Token, preps: set[str] = _PHRASE_PREPS) -> list[Token]:
    """Objects of the head's prepositional phrases, in order; "out of X" and "from inside X" included."""
    found = []
    for prep in children(head):
        if prep.dep_ not in ("prep", "agent") or prep.lower_ not in preps:
            continue
        for child in children(prep):
            if child.dep_ in ("pobj", "pcomp") and child.lower_ not in TIME_NOUNS:
                found.append(child)
            elif child.dep_ == "prep":  # "out of Sudan", "away from the border"
                found += [p for p in children(child) if p.dep_ == "pobj"]
    return found


def complement_heads(verb: Token) -> list[Token]:
    """The verbs a verb hands its act on to: "threatened to cut", "ready to pull", "used its veto to block"."""
    found = []
    for child in children(verb):
        if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX"):
            found.append(child)
        elif child.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in children(child)):
            found.append(child)  # "to block ...": the purpose of the act
        elif child.dep_ == "acomp":  # "ready to pull ..."
            found += [g for g in children(child) if g.dep_ == "xcomp"]
    return found


def that_clause_subject(verb: Token) -> Token | None:
    """The subject of the verb's "that" clause: "demanded that Azerbaijan free the soldiers", "was confident that
    the United States would remove ..."."""
    predicates = [verb, *(c for c in children(verb) if c.dep_ == "acomp")]
    for child in (c for head in predicates for c in children(head)):
        if child.dep_ != "ccomp" or any(c.dep_ == "mark" and c.lower_ != "that" for c in children(child)):
            continue
        subject = next((c for c in children(child) if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return subject
    return None
