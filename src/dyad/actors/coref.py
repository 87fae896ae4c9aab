"""Resolve references to actors within one article.

Assigns actors to words that do not name them: a bare agent ("the official", "the Foreign
Ministry") takes the country of the last actor of its sector; a person not in the dictionary
takes the actor of their title ("Jo Chol Su, director general ... at the Foreign Ministry")
and keeps it for later mentions ("Jo said"); "the two countries" are the last two actors
named; "it", "they", "he" and "she" are the nearest fitting actor before them.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from dyad.actors.matcher import ActorMention

# How far back (in sentences) a pronoun or a bare agent may look for its actor.
_PRONOUN_REACH = 2
_PLURAL_NOUNS = {
    "country",
    "nation",
    "side",
    "government",
    "state",
    "neighbour",
    "neighbor",
    "power",
    "ally",
    "capital",
}
_PERSON_PRONOUNS = {"he", "she", "him", "her"}
_THING_PRONOUNS = {"it"}
_GROUP_PRONOUNS = {"they"}  # "them" too often means things ("calling them a sham")
_PERSON_KINDS = {"person", "alias"}
_TITLE_DEPS = {"appos", "compound", "amod", "nmod"}
_STATE_SECTORS = {"GOV", "MIL", "LEG", "JUD", "COP", "SPY"}


class ActorIndex:
    """The resolved actors of an article, looked up by token index."""

    def __init__(self) -> None:
        self.by_token: dict[int, list[ActorMention]] = {}
        self.mentions: list[ActorMention] = []
        # where the current sentence's mentions begin in `mentions`: every mention added while a
        # sentence is resolved starts in it, so a pronoun looks back over these, not the article
        self.sentence_from = 0

    def add(self, mentions: list[ActorMention]) -> None:
        for mention in mentions:
            self.mentions.append(mention)
        for token in range(mentions[0].start, mentions[0].end):
            self.by_token[token] = mentions

    def at(self, token: Token | int) -> list[ActorMention]:
        return self.by_token.get(token if isinstance(token, int) else token.i, [])


def resolve_article(doc: Doc, mentions: list[ActorMention]) -> ActorIndex:
    """Turn dictionary mentions into resolved actors, adding the references they explain."""
    index = ActorIndex()
    history: list[tuple[int, ActorMention]] = []  # (sentence number, resolved actor)
    aliases: dict[str, tuple[ActorMention, str]] = {}  # name -> (actor, full name)
    pending = sorted(mentions, key=lambda m: m.start)
    position = 0
    for number, sentence in enumerate(doc.sents):
        index.sentence_from = len(index.mentions)
        here: list[ActorMention] = []
        while position < len(pending) and pending[position].start < sentence.end:
            here.append(pending[position])
            position += 1
        resolved: list[list[ActorMention]] = []
        for mention in here:  # bare agents first: titles of people depend on them
            if mention.kind == "agent" and mention.code is None:
                if _definite_singular(doc, mention):
                    mention = _bare_agent(mention, history, number, here) or mention
                elif doc[mention.end - 1].tag_ in ("NNS", "NNPS"):
                    # "thousands of workers ... in Serbia": the one country their sentence names
                    mention = _sentence_country(mention, here) or mention
                if mention.code is None and mention.identity:  # "ethnic Albanians": ABN
                    mention = replace(mention, code=mention.cameo_role, name=mention.text)
            resolved.append([mention])
        for group in resolved:
            if group[0].code is not None or group[0].kind == "adjective":
                index.add(group)
        resolved += _people(sentence, index, aliases)
        resolved += _references(sentence, index, history, number)
        for group in sorted(resolved, key=lambda g: g[0].start):
            if group[0].is_actor:
                history.extend((number, m) for m in group)
    return index


def _definite_singular(doc: Doc, agent: ActorMention) -> bool:
    """ "The official", "the Foreign Ministry": one known agent. "Officials", "sovereign states": anyone."""
    head = doc[agent.end - 1]
    if head.tag_ in ("NNS", "NNPS"):
        return False
    return (
        head.pos_ == "PROPN"
        or any(c.lower_ in ("the", "this", "that") for c in head.children)
        or (agent.start > 0 and doc[agent.start - 1].lower_ in ("the", "this", "that"))
    )


def _bare_agent(
    agent: ActorMention, history: list[tuple[int, ActorMention]], number: int, sentence: list[ActorMention]
) -> ActorMention | None:
    """The country of "the official": the last actor of the same sector; else the one country its
    own sentence names ("Vice-President Awori ... the Kenya Anti-Corruption Commission"); else
    the last country named nearby."""

    def joined(actor: ActorMention) -> ActorMention:
        return replace(agent, code=f"{actor.country}{agent.cameo_role}", country=actor.country, name=actor.name)

    for _seen_in, actor in reversed(history):
        if actor.cameo_role == agent.cameo_role and actor.country:
            return joined(actor)
    if agent.cameo_role not in _STATE_SECTORS:  # "the international community" is nobody's
        return None
    found = _sentence_country(agent, sentence)
    if found is not None:
        return found
    for seen_in, actor in reversed(history):
        if actor.country and number - seen_in <= _PRONOUN_REACH:
            return joined(actor)
    return None


def _sentence_country(agent: ActorMention, sentence: list[ActorMention]) -> ActorMention | None:
    countries = {m.country for m in sentence if m.country and m is not agent}
    if len(countries) != 1:
        return None
    country = countries.pop()
    name = next(m.name for m in sentence if m.country == country)
    return replace(agent, code=f"{country}{agent.cameo_role}", country=country, name=name)


def _chains(sentence: Span, index: ActorIndex) -> list[tuple[int, int]]:
    """Runs of proper nouns that no dictionary entry covers: candidate person names."""
    runs, start = [], None
    for token in sentence:
        free = token.pos_ == "PROPN" and not index.at(token) and token.text[:1].isupper()
        if free and start is None:
            start = token.i
        elif not free and start is not None:
            runs.append((start, token.i))
            start = None
    if start is not None:
        runs.append((start, sentence.end))
    return runs


def _people(
    sentence: Span, index: ActorIndex, aliases: dict[str, tuple[ActorMention, str]]
) -> list[list[ActorMention]]:
    """People named with a title, and later mentions of them by name (the mention's name is the full one)."""
    doc = sentence.doc
    found = []
    for start, end in _chains(sentence, index):
        text = doc[start:end].text
        actor, full_name = aliases.get(text, (None, text))
        if actor is None:
            actor = _title_actor(doc, start, end, index)
            if actor is None:
                continue
            names = {text, doc[start].text, doc[end - 1].text} if end - start > 1 else {text}
            for name in names:
                aliases.setdefault(name, (actor, text))
        mention = ActorMention(start, end, "alias", actor.code, actor.country, actor.cameo_role, full_name, text)
        index.add([mention])
        found.append([mention])
    return found


def _title_actor(doc: Doc, start: int, end: int, index: ActorIndex) -> ActorMention | None:
    """The actor a person's title names: "Jo Chol Su, director general ... at the Foreign Ministry"."""
    head = max((doc[i] for i in range(start, end)), key=lambda t: not (start <= t.head.i < end))
    for child in head.children:
        if child.dep_ not in _TITLE_DEPS or start <= child.i < end:
            continue
        for token in child.subtree:
            for actor in index.at(token):
                if actor.is_actor:
                    return actor
    if head.dep_ == "appos":  # "the minister, Sergei Lavrov,"
        for actor in index.at(head.head):
            if actor.is_actor:
                return actor
    return None


def _references(
    sentence: Span, index: ActorIndex, history: list[tuple[int, ActorMention]], number: int
) -> list[list[ActorMention]]:
    """Pronouns and "the two countries": the nearest fitting actors before them."""
    found = []
    for token in sentence:
        if index.at(token):
            continue
        lower = token.lower_
        group: list[ActorMention] = []
        if token.pos_ == "PRON" and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "dative"):
            before = _before(index, history, number, token)
            if lower in _PERSON_PRONOUNS:
                group = [m for m in before if m.kind in _PERSON_KINDS][:1]
            elif lower in _THING_PRONOUNS:
                group = [m for m in before if m.kind not in _PERSON_KINDS and m.kind != "people"][:1]
            elif lower in _GROUP_PRONOUNS and token.dep_ == "nsubj":
                group = [m for m in before if _plural(token.doc, m)][:1]
        elif token.lemma_ in _PLURAL_NOUNS and token.tag_ in ("NNS", "NNPS") and _is_pair(token):
            group = _distinct(_before(index, history, number, token, same_sentence=False), 2)
        if group:
            mentions = [
                ActorMention(token.i, token.i + 1, "reference", m.code, m.country, m.cameo_role, m.name, token.text)
                for m in group
            ]
            if token.lemma_ in _PLURAL_NOUNS:  # cover "the two countries" whole
                first = min(c.i for c in token.subtree if c.i <= token.i)
                mentions = [replace(m, start=first, text=token.doc[first : token.i + 1].text) for m in mentions]
            index.add(mentions)
            found.append(mentions)
    return found


def _is_pair(token: Token) -> bool:
    words = {c.lower_ for c in token.children if c.dep_ in ("nummod", "det", "predet", "amod")}
    return "two" in words or "both" in words


def _before(
    index: ActorIndex, history: list[tuple[int, ActorMention]], number: int, token: Token, same_sentence: bool = True
) -> list[ActorMention]:
    """Actors before this token, nearest first: earlier in its sentence, then in recent sentences."""
    near = []
    if same_sentence:
        start = token.sent.start
        near = [
            m for m in index.mentions[index.sentence_from :] if m.end <= token.i and m.start >= start and m.is_actor
        ]
        # nearest first, but a place-like mention ("in the UNSC") after the ones acting or acted on
        near.sort(key=lambda m: (_locative(token.doc[m.end - 1]), -m.start))
    far = []
    for seen_in, mention in reversed(history):  # newest first: stop once out of reach
        if number - seen_in > _PRONOUN_REACH:
            break
        if mention.is_actor:
            far.append(mention)
    return near + far


def _locative(token: Token) -> bool:
    return token.dep_ == "pobj" and token.head.lower_ in ("in", "at", "inside", "within")


def _distinct(mentions: list[ActorMention], count: int) -> list[ActorMention]:
    chosen: list[ActorMention] = []
    for mention in mentions:
        if all((m.country or m.code) != (mention.country or mention.code) for m in chosen):
            chosen.append(mention)
        if len(chosen) == count:
            return chosen
    return []


def _plural(doc: Doc, mention: ActorMention) -> bool:
    """A plural actor: "lawmakers", "the Russians", "European nations"."""
    return doc[mention.end - 1].tag_ in ("NNS", "NNPS") or mention.kind == "people"
