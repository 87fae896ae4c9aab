"""Resolve references to actors within one article.

Assigns actors to words that do not name them: a bare agent ("the official", "the Foreign
Ministry") takes the country of the last actor of its sector; a person not in the dictionary
takes the actor of their title ("Jo Chol Su, director general ... at the Foreign Ministry")
and keeps it for later mentions ("Jo said"); "the two countries" are the last two actors
named; "it", "they", "he" and "she" are the nearest fitting actor before them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.attrs import LEMMA, POS
from spacy.parts_of_speech import PRON
from spacy.tokens import Doc, Span, Token

from dyad.actors.matcher import ActorMention, span_head
from dyad.actors.names import free_runs, open_name, place_agent
from dyad.actors.sectors import sectors
from dyad.doccache import children, column, sentence_of, sentences, slice_text, strings, tokens

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
_TITLE_DEPS = {"appos", "compound", "amod", "nmod", "poss"}
_STATE_SECTORS = {"GOV", "MIL", "LEG", "JUD", "COP", "SPY"}
_LOCATIVE_PREPS = {"in", "at", "inside", "within", "across", "throughout"}


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

    def drop(self, mention: ActorMention) -> None:
        """Forget a mention that a longer one took in ("Iceland's President" in its holder's name)."""
        self.mentions = [m for m in self.mentions if m is not mention]

    def at(self, token: Token | int) -> Sequence[ActorMention]:
        """The mentions covering this token (or token index); read, never change."""
        return self.by_token.get(token if token.__class__ is int else token.i, ())


def resolve_article(doc: Doc, mentions: list[ActorMention]) -> ActorIndex:
    """Turn dictionary mentions into resolved actors, adding the references they explain."""
    index = ActorIndex()
    history: list[tuple[int, ActorMention]] = []  # (sentence number, resolved actor)
    aliases: dict[str, tuple[ActorMention, str]] = {}  # name -> (actor, full name)
    pending = sorted(mentions, key=lambda m: m.start)
    position = 0
    for number, sentence in enumerate(sentences(doc)):
        index.sentence_from = len(index.mentions)
        here: list[ActorMention] = []
        while position < len(pending) and pending[position].start < sentence.end:
            here.append(pending[position])
            position += 1
        resolved: list[list[ActorMention]] = []
        titles: dict[int, ActorMention] = {}  # bare titles of names ("President" Nayib Bukele), by token
        starts = {m.start for m in here}
        for mention in here:  # bare agents first: titles of people depend on them
            if mention.kind == "agent" and mention.code is None and _titles_name(doc, mention, starts):
                # the name says whose title it is: never a country from another mention
                titles.update((t, mention) for t in range(mention.start, mention.end))
            elif mention.kind == "agent" and mention.code is None:
                taken = frozenset(t for m in here if m is not mention for t in range(m.start, m.end))
                mention = place_agent(doc, mention, taken) or mention  # "the mayor of Hebron": PSEGOV
                if mention.code is None and _definite_singular(doc, mention):
                    mention = _bare_agent(doc, mention, history, number, here) or mention
                elif mention.code is None and doc[mention.end - 1].tag_ in ("NNS", "NNPS"):
                    # "thousands of workers ... in Serbia": the one country their sentence names
                    mention = _sentence_country(doc, mention, here) or mention
                if mention.code is None and mention.identity:  # "ethnic Albanians": ABN
                    mention = replace(mention, code=mention.cameo_role, name=mention.text)
            resolved.append([mention])
        for group in resolved:
            if group[0].code is not None or group[0].kind == "adjective":
                index.add(group)
        title_country = _untitled_country(doc, here, titles) if titles else None
        unresolved = [g[0] for g in resolved if g[0].kind == "agent" and g[0].code is None and g[0].start not in titles]
        resolved += _people(sentence, index, aliases, titles, title_country, unresolved)
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
        or any(c.lower_ in ("the", "this", "that") for c in children(head))
        or (agent.start > 0 and doc[agent.start - 1].lower_ in ("the", "this", "that"))
    )


def _bare_agent(
    doc: Doc, agent: ActorMention, history: list[tuple[int, ActorMention]], number: int, sentence: list[ActorMention]
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
    found = _sentence_country(doc, agent, sentence, peers=True)
    if found is not None:
        return found
    for seen_in, actor in reversed(history):
        if actor.country and number - seen_in <= _PRONOUN_REACH:
            return joined(actor)
    return None


def _sentence_country(
    doc: Doc, agent: ActorMention, sentence: list[ActorMention], peers: bool = False
) -> ActorMention | None:
    """The one country the agent's sentence names; with `peers`, leaving out any counterpart
    the act is done to or with ("The foreign ministry summoned the American ambassador", "The
    minister received assurances from Washington", "The minister condemned Israel": not theirs)."""
    countries = {m.country for m in sentence if m.country and m is not agent and not (peers and _peer(doc, agent, m))}
    if len(countries) != 1:
        return None
    country = countries.pop()
    name = next(m.name for m in sentence if m.country == country)
    return replace(agent, code=f"{country}{agent.cameo_role}", country=country, name=name)


def _peer(doc: Doc, agent: ActorMention, other: ActorMention) -> bool:
    head = span_head(doc, other.start, other.end)
    if head.dep_ == "pobj" and head.head.lower_ in _LOCATIVE_PREPS:  # "the curfew in Bamako": where
        return False
    return head.dep_ in ("dobj", "pobj", "dative")


def _untitled_country(doc: Doc, mentions: list[ActorMention], titles: dict[int, ActorMention]) -> str | None:
    """The one country a sentence names, for a bare title of an unknown person ("President Levy
    Mwanawasa ... the Zambian people"), unless it belongs to another person, their title or an
    actor of the title's own kind ("President X welcomed Kenyan leader Y", "... met Kenyan
    officials": none)."""
    roles = {t.cameo_role for t in titles.values()}
    starts = {m.start for m in mentions}
    first = min(titles)
    countries = {
        m.country
        for m in mentions
        if m.country
        and m.kind != "person"
        and m.cameo_role not in roles
        and not (m.kind == "agent" and _titles_name(doc, m, starts))
        and not (m.start > first and _counterpart(doc, m))
    }
    return countries.pop() if len(countries) == 1 else None


def _counterpart(doc: Doc, mention: ActorMention) -> bool:
    """A state named whole as the object of the act, after the title: the title holder's
    counterpart, not their country ("President Reagan threatened action against the Soviet
    Union", "Secretary-General Boutros-Ghali expressed condolences to the United States")."""
    if mention.kind not in ("country", "government"):
        return False
    head = span_head(doc, mention.start, mention.end)
    if head.dep_ == "pobj" and head.head.lower_ in _LOCATIVE_PREPS:  # "a state of siege in Haiti": where
        return False
    return head.dep_ in ("pobj", "dobj", "dative")


def _titles_name(doc: Doc, agent: ActorMention, starts: set[int]) -> bool:
    """A title written before a person's name it belongs to: "President" Nayib Bukele, "General"
    Ana Ruiz, "Kenyan leader" William Ruto; not "Senate" President or "Police" Bureau (`starts`:
    where the sentence's dictionary mentions start)."""
    head = doc[agent.end - 1]
    return (
        agent.end < len(doc)
        and doc[agent.end].pos_ == "PROPN"
        and agent.end not in starts
        and _person_like(doc, agent.end)
        and head.dep_ in ("compound", "amod", "nmod")
        and head.head.i >= agent.end
        and head.head.pos_ == "PROPN"
    )


def _person_like(doc: Doc, start: int) -> bool:
    """The proper nouns from `start` look like a person's name: no institution's word ends them."""
    end = start
    while end < len(doc) and doc[end].pos_ == "PROPN":
        end += 1
    return doc[end - 1].lower_ not in sectors().name_heads


def _people(
    sentence: Span,
    index: ActorIndex,
    aliases: dict[str, tuple[ActorMention, str]],
    titles: dict[int, ActorMention],
    title_country: str | None = None,
    sentence_agents: list[ActorMention] = (),
) -> list[list[ActorMention]]:
    """Names no dictionary covers: people named with a title take its actor ("Jo Chol Su,
    director general ... at the Foreign Ministry"), other names are open actors
    (:mod:`dyad.actors.names`); later mentions by name or surname are the same actor (the
    mention's name is the full one, its text the words written there)."""
    doc = sentence.doc
    found = []
    bare = {t for m in sentence_agents for t in range(m.start, m.end)}  # "Defence Minister" alone: no name
    for start, end in free_runs(sentence, index.at):
        if all(t in bare for t in range(start, end)):
            continue
        text = slice_text(doc, start, end)
        actor, full_name = aliases.get(text, (None, text))
        if actor is None:
            actor = _title_actor(doc, start, end, index)
            title = next((titles[t] for t in range(start, end) if t in titles), None)
            if actor is None and title is not None and title_country:
                code = f"{title_country}{title.cameo_role}"
                actor = replace(title, code=code, country=title_country, name=title.text)
            if actor is None:
                role = title.cameo_role if title else None
                actor = open_name(doc, start, end, _opener(index, start), role, _closer(index, end))
                start, end, text, full_name = actor.start, actor.end, actor.text, actor.text
            elif title is not None and actor.country and not actor.cameo_role:  # El Salvador's President X
                actor = replace(actor, code=f"{actor.country}{title.cameo_role}", cameo_role=title.cameo_role)
            for name in _alias_names(doc, start, end, actor):
                aliases.setdefault(name, (actor, text))
        misspelt = actor.kind == "country" and (actor.start, actor.end) == (start, end)  # "Ethopia"
        kind = actor.kind if actor.kind == "name" or misspelt else "alias"
        title = _title_before(index, start, actor)
        if title is not None:  # "Iceland's President Gudni Th Johannesson": one actor, its whole name
            start = title.start
            index.drop(title)
        mention = ActorMention(
            start, end, kind, actor.code, actor.country, actor.cameo_role, full_name, slice_text(doc, start, end)
        )
        index.add([mention])
        found.append([mention])
    return found


def _alias_names(doc: Doc, start: int, end: int, actor: ActorMention) -> set[str]:
    """The names a later sentence may use for this one: a person's first or last name ("Jo",
    "Ruiz") as well as the full one; an organisation only by its full name."""
    text = slice_text(doc, start, end)
    if actor.kind == "name" and (actor.cameo_role or actor.country or not 2 <= end - start <= 4):
        return {text}
    return {text, doc[start].text, doc[end - 1].text} if end - start > 1 else {text}


def _opener(index: ActorIndex, start: int) -> ActorMention | None:
    """The country word right before a name, if any ("American" Civil Liberties Union)."""
    before = [m for m in index.at(start - 1) if m.end == start] if start > 0 else []
    return before[0] if before else None


def _closer(index: ActorIndex, end: int) -> ActorMention | None:
    """The country named in "of (the) X" right after a name, if any ("Bank of Japan")."""
    for gap in (1, 2):
        after = [m for m in index.at(end + gap) if m.start == end + gap]
        if after:
            return after[0]
    return None


def _title_before(index: ActorIndex, start: int, actor: ActorMention) -> ActorMention | None:
    """The title written right before a person's name that gave the person's actor."""
    before = [m for m in index.at(start - 1) if m.end == start and m.kind == "agent"] if start > 0 else []
    return before[0] if before and before[0].code == actor.code else None


def _title_actor(doc: Doc, start: int, end: int, index: ActorIndex) -> ActorMention | None:
    """The actor a person's title names: "Jo Chol Su, director general ... at the Foreign Ministry"."""
    head = max((doc[i] for i in range(start, end)), key=lambda t: not (start <= t.head.i < end))
    for child in children(head):
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
    doc = sentence.doc
    parts, lemmas, every = column(doc, POS), strings(doc, LEMMA), tokens(doc)
    for i in range(sentence.start, sentence.end):
        # only a pronoun or a plural noun ("the two countries") can refer: the rest is passed over by id
        if (parts[i] != PRON and lemmas[i] not in _PLURAL_NOUNS) or index.at(i):
            continue
        token = every[i]
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
                # a pronoun's record carries the name it stands for, as written ("it": "Farc")
                ActorMention(token.i, token.i + 1, "reference", m.code, m.country, m.cameo_role, m.name, m.text)
                for m in group
            ]
            if token.lemma_ in _PLURAL_NOUNS:  # cover "the two countries" whole
                first = min(c.i for c in token.subtree if c.i <= token.i)
                mentions = [replace(m, start=first, text=slice_text(token.doc, first, token.i + 1)) for m in mentions]
            index.add(mentions)
            found.append(mentions)
    return found


def _is_pair(token: Token) -> bool:
    words = {c.lower_ for c in children(token) if c.dep_ in ("nummod", "det", "predet", "amod")}
    return "two" in words or "both" in words


def _before(
    index: ActorIndex, history: list[tuple[int, ActorMention]], number: int, token: Token, same_sentence: bool = True
) -> list[ActorMention]:
    """Actors before this token, nearest first: earlier in its sentence, then in recent sentences."""
    near = []
    if same_sentence:
        start = sentence_of(token).start
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
