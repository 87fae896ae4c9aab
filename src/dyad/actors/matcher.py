"""Find actor mentions in a parsed article.

Assigns :class:`ActorMention` spans: dictionary names (longest match over tokens), countries joined
with the generic agent they qualify ("the North Korean official" → PRKGOV, "Russia's lower
chamber of parliament" → RUSLEG), and people coded by the article's date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from spacy.attrs import ORTH
from spacy.tokens import Doc, Token

from dyad.actors.dictionary import ActorDictionary, ActorEntry
from dyad.actors.sectors import plover_sector
from dyad.doccache import by_id, column, heads, slice_text, tokens
from dyad.records import Actor

# Dependency labels by which a country word qualifies the noun it hangs on.
_MODIFIER_DEPS = {"amod", "compound", "poss", "nmod", "npadvmod", "nummod"}
_OF_PREPS = {"of", "from", "in"}
# Roles of non-state groups that keep their own code when an agent noun follows ("Hamas fighters").
_GROUP_ROLES = {"REB", "UAF", "PRM", "INS", "SEP", "IMG", "PTY", "CRM", "OPP"}
# Words before an agent that put it out of office.
_FORMER = {"former", "ex", "ex-"}
# Dependency labels by which a title hangs on the name after it.
_TITLE_DEPS = {"compound", "amod", "nmod", "poss"}


# Country codes where the gazetteer (ISO 3166) and CAMEO differ: Kosovo's user-assigned XKX is KOS.
_ISO_TO_CAMEO = {"XKX": "KOS"}


def cameo_country(iso: str) -> str:
    """The actor code of a country the gazetteer names by its ISO code (XKX -> KOS)."""
    return _ISO_TO_CAMEO.get(iso, iso)


@dataclass(frozen=True)
class ActorMention:
    """A span of tokens [start, end) that names an actor (or a generic agent, or a demonym)."""

    start: int
    end: int
    kind: str  # country, adjective, people, government, organization, agent, person, alias, reference, name
    code: str | None
    country: str | None
    cameo_role: str | None  # CAMEO role code from the dictionaries (MED = media); see `sector`
    name: str
    text: str
    identity: bool = False  # an ethnic or religious group, with its own code when no country is named

    @property
    def is_actor(self) -> bool:
        """A full actor, that can stand as source or target: a code, or a name of its own."""
        # a pronoun stands for the actor it refers to, coded or named ("Farc said it will ...")
        return (self.code is not None and self.kind != "adjective") or self.kind in ("name", "reference")

    @property
    def key(self) -> str:
        """What makes two mentions the same actor: the code, or for a code-less one its name."""
        return self.code or f"~{(self.name or self.text).lower()}"

    @property
    def sector(self) -> str | None:
        """PLOVER's sector (the records' `sector`): the CAMEO role as PLOVER names it."""
        return plover_sector(self.cameo_role)

    def actor(self) -> Actor:
        return Actor(
            text=self.text,
            code=self.code,
            country=self.country,
            sector=self.sector,
            name=self.name,
        )


def _mention(doc: Doc, start: int, end: int, entry: ActorEntry, day: dt.date | None) -> ActorMention:
    code, country, role = entry.on(day)
    text = slice_text(doc, start, end)
    return ActorMention(start, end, entry.kind, code, country, role, entry.name, text, entry.identity)


def span_head(doc: Doc, start: int, end: int) -> Token:
    """The token of [start, end) whose head lies outside it (the span's syntactic head)."""
    found, head_of = tokens(doc), heads(doc)
    for i in range(start, end):
        head = head_of[i]
        if not (start <= head < end) or head == i:
            return found[i]
    return found[end - 1]


def find_mentions(
    doc: Doc, dictionary: ActorDictionary, day: dt.date | None, skip: list[tuple[int, int]] = ()
) -> list[ActorMention]:
    """All actor mentions in a document, left to right, without overlaps.

    `skip` holds character spans (dateline, byline) where nothing is matched."""
    words, lowers, open_ = _word_forms(doc)
    firsts = dictionary.index  # a token no name starts with is passed over at once
    found: list[ActorMention] = []
    i = 0
    while i < len(doc):
        if lowers[i] == "the" or not open_[i] or (lowers[i] not in firsts and words[i] not in firsts):
            i += 1
            continue
        match = dictionary.longest_match(words, lowers, i)
        if match is None:
            i += 1
            continue
        end, entry = match
        if entry.kind == "agent" and _condition(words, end):
            i = end + 2  # "a state of emergency": no actor
            continue
        if not any(s <= doc[i].idx < e for s, e in skip):
            found.append(_mention(doc, i, end, _group_role(dictionary, words, lowers, end, entry), day))
        i = end
    return _join_titles(doc, _join_agents(doc, found))


def _word_forms(doc: Doc) -> tuple[list[str], list[str], list[bool]]:
    """Each token's word as names are keyed (a curly apostrophe straight), in lower case, and
    whether a name may start there (not a space or punctuation): each distinct word worked out
    once per process, from its id."""
    vocab = doc.vocab

    def forms_of(orth: int) -> tuple[str, str, bool]:
        lexeme = vocab[orth]
        word = lexeme.orth_.replace("\u2019", "'")
        return word, word.lower(), not (lexeme.is_space or lexeme.is_punct)

    forms = by_id(column(doc, ORTH), _FORMS, forms_of)
    words, lowers, open_ = zip(*forms) if forms else ((), (), ())
    return list(words), list(lowers), list(open_)


_FORMS: dict[int, tuple[str, str, bool]] = {}  # word id -> (word, lower case, a name may start there)


def _group_role(dictionary: ActorDictionary, words: list[str], lowers: list[str], end: int, entry: ActorEntry):
    """A region or group named with an agent noun takes the agent's role: "African diplomats"
    AFR with GOV, "European lawmakers" EUR with LEG (the region's entry lists the whole phrase)."""
    if entry.kind != "organization" or entry.country or entry.cameo_role or end < 2:
        return entry
    tail = dictionary.longest_match(words, lowers, end - 1)
    if tail is None or tail[0] != end or tail[1].kind != "agent" or tail[1].identity:
        return entry
    return replace(entry, cameo_role=tail[1].cameo_role)


def _condition(words: list[str], end: int) -> bool:
    """ "state of emergency", "state of siege", "state of war": a condition, not the state as
    actor ("the state of Israel", "the State of Qatar" name one)."""
    return (
        words[end - 1].lower() == "state"
        and end + 1 < len(words)
        and words[end] == "of"
        and words[end + 1].isalpha()
        and words[end + 1].islower()
        and words[end + 1] not in ("the", "a", "an", "its", "their")
    )


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
        # an IGO keeps its own code ("UN peacekeepers" stay IGOUNO), and so does an armed or
        # political group ("Boko Haram gunmen" are Boko Haram); a state gets the agent's sector
        code, role = f"{mention.country}{agent.cameo_role or ''}", agent.cameo_role
        if mention.country is None or mention.cameo_role in _GROUP_ROLES:
            code, role = mention.code, mention.cameo_role or agent.cameo_role
        start, end = min(mention.start, agent.start), max(mention.end, agent.end)
        joined[agent.start] = replace(
            agent,
            start=start,
            end=end,
            kind="agent",
            code=code,
            country=mention.country,
            cameo_role=role,
            name=mention.name,
            text=slice_text(doc, start, end),
        )
        absorbed.add(mention.start)
    result = []
    for mention in mentions:
        if mention.start in absorbed:
            continue
        result.append(_former(doc, joined.get(mention.start, mention)))
    return sorted(_foreign_bodies(doc, result), key=lambda m: m.start)


def _former(doc: Doc, mention: ActorMention) -> ActorMention:
    """ "A former CIA official", "ex-ministers": an agent out of office is the country's elite (ELI)."""
    if mention.kind != "agent" or mention.start == 0 or doc[mention.start - 1].lower_ not in _FORMER:
        return mention
    code = f"{mention.country}ELI" if mention.country else mention.code
    return replace(mention, code=code, cameo_role="ELI")


def _foreign_bodies(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """A state body named for one country but owned by another is the owner's: "Chile's Defense
    Department" is CHLGOV, not the US department the bare name stands for."""
    result = list(mentions)
    for i, owner in enumerate(mentions[:-1]):
        body = mentions[i + 1]
        if owner.kind not in ("country", "adjective") or body.kind != "organization" or not body.country:
            continue
        if body.country == owner.country or body.cameo_role in _GROUP_ROLES or not _modifies_next(doc, owner, body):
            continue
        code = f"{owner.country}{body.cameo_role or ''}"
        merged = replace(body, start=owner.start, code=code, country=owner.country, name=owner.name)
        result[i], result[i + 1] = None, replace(merged, text=slice_text(doc, owner.start, body.end))
    return [m for m in result if m is not None]


def _modifies_next(doc: Doc, owner: ActorMention, body: ActorMention) -> bool:
    head = span_head(doc, owner.start, owner.end)
    between = {t.lower_ for t in doc[owner.end : body.start]}
    return between <= {"'s", "'"} and head.dep_ in _MODIFIER_DEPS and body.start <= head.head.i < body.end


def _join_titles(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """Join each known person with the title written before the name, into one actor with the
    whole name ("Iranian Foreign Minister Mohammad Javad Zarif", "former U.S. President Bill
    Clinton"). The person's dated office gives the code; out of office (ELI) a title that names
    a country's agent gives it ("Kenyan leader William Ruto" when the dictionary has no term)."""
    covered = {t for m in mentions for t in range(m.start, m.end)}
    result: list[ActorMention] = []
    for mention in mentions:
        if mention.kind != "person":
            result.append(mention)
            continue
        start, title = mention.start, None
        while start > 0:
            before = doc[start - 1]
            if result and result[-1].end == start and _modifies(doc, result[-1], start, mention.end):
                absorbed = result.pop()
                start = absorbed.start
                if absorbed.kind == "agent" and absorbed.code and title is None:
                    title = absorbed
            elif before.i not in covered and before.text[:1].isupper() and _title_word(before, start, mention.end):
                start -= 1
            else:
                break
        code, country, role = mention.code, mention.country, mention.cameo_role
        if title is not None and (code or "").endswith("ELI"):
            code, country, role = title.code, title.country, title.cameo_role
        text = slice_text(doc, start, mention.end)
        result.append(replace(mention, start=start, code=code, country=country, cameo_role=role, text=text))
    return result


def _modifies(doc: Doc, mention: ActorMention, start: int, end: int) -> bool:
    """The mention (a title, a country) hangs on the words [start, end) that follow it."""
    if mention.kind not in ("agent", "country", "adjective", "government", "organization"):
        return False
    head = span_head(doc, mention.start, mention.end)
    return head.dep_ in _TITLE_DEPS and start <= head.head.i < end


def _title_word(token: Token, start: int, end: int) -> bool:
    """A capitalised word that titles the name after it: "President", "Gen.", "Sheikh"."""
    return token.dep_ in _TITLE_DEPS and start <= token.head.i < end and token.pos_ in ("PROPN", "NOUN")


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
