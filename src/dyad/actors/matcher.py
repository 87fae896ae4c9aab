"""Find actor mentions in a parsed article.

Assigns :class:`ActorMention` spans: dictionary names (longest match over tokens), countries joined
with the generic agent they qualify ("the North Korean official" → PRKGOV, "Russia's lower
chamber of parliament" → RUSLEG), and people coded by the article's date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from dyad.actors.dictionary import ActorDictionary, ActorEntry
from dyad.actors.sectors import plover_sector
from dyad.records import Actor

# Dependency labels by which a country word qualifies the noun it hangs on.
_MODIFIER_DEPS = {"amod", "compound", "poss", "nmod", "npadvmod", "nummod"}
_OF_PREPS = {"of", "from", "in"}


@dataclass(frozen=True)
class ActorMention:
    """A span of tokens [start, end) that names an actor (or a generic agent, or a demonym)."""

    start: int
    end: int
    kind: str  # country, adjective, people, government, organization, agent, person, alias, reference
    code: str | None
    country: str | None
    cameo_role: str | None  # CAMEO role code from the dictionaries (MED = media); see `sector`
    name: str
    text: str
    identity: bool = False  # an ethnic or religious group, with its own code when no country is named

    @property
    def is_actor(self) -> bool:
        """A full actor: a code that can stand as source or target."""
        return self.code is not None and self.kind != "adjective"

    @property
    def sector(self) -> str | None:
        """PLOVER's sector (the records' `sector`): the CAMEO role as PLOVER names it."""
        return plover_sector(self.cameo_role)

    def actor(self) -> Actor:
        return Actor(
            text=self.text,
            code=self.code or "",
            country=self.country,
            sector=self.sector,
            name=self.name,
        )


def _mention(doc: Doc, start: int, end: int, entry: ActorEntry, day: dt.date | None) -> ActorMention:
    code, country, role = entry.on(day)
    text = doc[start:end].text
    return ActorMention(start, end, entry.kind, code, country, role, entry.name, text, entry.identity)


def span_head(doc: Doc, start: int, end: int) -> Token:
    """The token of [start, end) whose head lies outside it (the span's syntactic head)."""
    for token in doc[start:end]:
        if not (start <= token.head.i < end) or token.head.i == token.i:
            return token
    return doc[end - 1]


def find_mentions(
    doc: Doc, dictionary: ActorDictionary, day: dt.date | None, skip: list[tuple[int, int]] = ()
) -> list[ActorMention]:
    """All actor mentions in a document, left to right, without overlaps.

    `skip` holds character spans (dateline, byline) where nothing is matched."""
    words = [t.text.replace("\u2019", "'") for t in doc]
    lowers = [w.lower() for w in words]
    found: list[ActorMention] = []
    i = 0
    while i < len(doc):
        if lowers[i] == "the" or doc[i].is_space or doc[i].is_punct:
            i += 1
            continue
        match = dictionary.longest_match(words, lowers, i)
        if match is None:
            i += 1
            continue
        end, entry = match
        if not any(s <= doc[i].idx < e for s, e in skip):
            found.append(_mention(doc, i, end, entry, day))
        i = end
    return _join_agents(doc, found)


def _join_agents(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """Join each generic agent with the country that qualifies it in the same noun phrase."""
    by_token = {t: m for m in mentions for t in range(m.start, m.end)}
    joined: dict[int, ActorMention] = {}  # agent mention start -> joined mention
    absorbed: set[int] = set()  # starts of country mentions folded into an agent
    for mention in mentions:
        if mention.kind not in ("country", "adjective", "government", "people", "organization"):
            continue
        agent = _qualified_agent(doc, mention, by_token)
        if agent is None or agent.start in joined:
            continue
        # an IGO keeps its own code ("UN peacekeepers" stay IGOUNO); a state gets the agent's sector
        code = mention.code if mention.country is None else f"{mention.country}{agent.cameo_role or ''}"
        start, end = min(mention.start, agent.start), max(mention.end, agent.end)
        joined[agent.start] = replace(
            agent,
            start=start,
            end=end,
            kind="agent",
            code=code,
            country=mention.country,
            name=mention.name,
            text=doc[start:end].text,
        )
        absorbed.add(mention.start)
    result = []
    for mention in mentions:
        if mention.start in absorbed:
            continue
        result.append(joined.get(mention.start, mention))
    return sorted(result, key=lambda m: m.start)


def _qualified_agent(doc: Doc, mention: ActorMention, by_token: dict[int, ActorMention]) -> ActorMention | None:
    """The agent mention that this country mention qualifies, if any."""
    head = span_head(doc, mention.start, mention.end)
    token = head
    for _ in range(3):  # up through modifiers: "North Korean Foreign Ministry"
        if token.dep_ not in _MODIFIER_DEPS or token.head.i == token.i:
            break
        token = token.head
        found = by_token.get(token.i)
        if found is not None and found.kind == "agent" and found is not mention:
            return found
    # "the foreign minister of Iran", "officials from Russia", "doctors from two American aid groups"
    if token.dep_ == "pobj" and token.head.lower_ in _OF_PREPS:
        found = by_token.get(token.head.head.i)
        if found is not None and found.kind == "agent":
            return found
    return None


# Deprecated: the name before ActorMention (store.dedup and context.places have Mentions of their own).
Mention = ActorMention
