"""Code the events of one sentence: trigger, CAMEO code, source, target, modality, speaker.

Assigns :class:`Draft` events from verbs and event nouns that the verb dictionary knows, with
their roles from the parse (events/roles.py, events/phrases.py), one event per act (events/acts.py).
Future cooperation becomes CAMEO's intent codes (03x, events/rewrites.py); the one who reports an
act is its `attributed_to`, not the source of another event."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.attrs import POS
from spacy.parts_of_speech import AUX, NOUN, PROPN, VERB
from spacy.tokens import Span, Token

from dyad.actors.coref import ActorIndex
from dyad.actors.matcher import Mention, cameo_country
from dyad.doccache import children, column, sentence_of, tokens
from dyad.events.acts import (
    in_actor_name,
    is_background,
    names_earlier_act,
    participle_head,
    pressed_for,
    purpose_of,
)
from dyad.events.codes import CameoTable
from dyad.events.modality import may_happen, modality, obliged, unconfirmed
from dyad.events.rewrites import load_rewrites
from dyad.events.roles import condition_actors, noun_roles, open_sources, open_targets, place_targets, sources, targets
from dyad.events.speech import SPEECH_VERBS, in_ranges, quoted_ranges, speaker
from dyad.events.verbs import Pattern, VerbDictionary
from dyad.records import Place

# Announced words are the words: "will ask", "will demand", "will condemn" are the appeal, demand, criticism.
_VERBAL_ROOTS = {"01", "02", "09", "10", "11", "12"}
# Comments (make a statement, decline or give a pessimistic or optimistic comment): "gave a speech",
# "described it as", "raising fears" frame what else the sentence codes.
_COMMENTS = {"010", "011", "012", "013"}
# Acts done together: "X and Y met / agreed / signed" is X→Y and Y→X (CAMEO 03–06).
_RECIPROCAL_ROOTS = {"03", "04", "05", "06"}
# Protest and repression: at no one named, they are done to the actor's own country.
_DOMESTIC_ROOTS = {"14", "17"}
# ... and so are a yield (08) to someone named only by words, and the intents, refusals and threats of acts done
# at home: easing administrative sanctions or dissent (0351/0352, 1241/1242), restrictions, bans, curfews, martial
# law (1321-1324), dissent (133) and repression (137).
_AT_HOME_CODES = ("14", "17", "08", "0351", "0352", "1241", "1242", "1321", "1322", "1323", "1324", "133", "137")


@dataclass
class Draft:
    """An event before dating and record assembly."""

    sentence: Span
    trigger: list[Token]
    source: Mention
    target: Mention | None
    code: str
    modality: str
    attributed_to: str | None


class SentenceCoder:
    """Codes the events of one sentence; holds the dictionaries, shared read-only."""

    def __init__(self, verbs: VerbDictionary, table: CameoTable):
        self.verbs = verbs
        self.table = table
        self.rewrites = load_rewrites(table)

    def code(
        self, sentence: Span, index: ActorIndex, skip: list[tuple[int, int]], places: Iterable[Place] = ()
    ) -> list[Draft]:
        """The events of one sentence; `places` (the article's, from the gazetteer) can be targets."""
        quotes = quoted_ranges(sentence)
        where = place_mentions(sentence, places)
        matched: list[tuple[Token, Pattern, list[Token]]] = []
        for token in _tagged(sentence, _VERBS):
            if token.dep_ == "amod" or any(s <= token.idx < e for s, e in skip):
                continue  # a participle as an adjective ("Jordan's visiting King") names no act
            match = self.verbs.match(token)
            if match is not None:
                matched.append((token, *match))
        triggers = {token.i for token, _, _ in matched}
        used = {w.i for _, _, words in matched for w in words}  # tokens already part of a verb's pattern
        drafts: list[Draft] = []
        statements: list[Draft] = []
        for token, pattern, words in matched:
            if purpose_of(token, triggers):
                continue  # "met ... to discuss": one consultation
            found = self._verb_events(token, words, pattern.code, index, quotes, {pattern.head}, where)
            if pattern.code in _COMMENTS or (pattern.code.startswith("01") and token.lemma_ in SPEECH_VERBS):
                statements += found  # a statement counts only when nothing else is coded
            else:
                drafts += found
        drafts = _fold_inner(drafts, _inner_triggers(matched))
        if not any(d.modality == "asserted" for d in drafts):  # beside an asserted act, a noun names an earlier one
            drafts += self._nominal(sentence, index, quotes, skip, triggers, used)
        drafts, said = _statement_content(_lend_targets(drafts))
        main = [d for d in drafts if d.trigger[0].i in said or not is_background(d.trigger[0])]
        drafts = main or drafts  # the main clause's acts
        drafts = [d for d in drafts if not pressed_for(d.trigger[0])]  # the demand below is the event
        if any(d.source.code and d.modality == "asserted" for d in drafts):
            drafts = [d for d in drafts if d.source.code]  # a code-less name acts only where no coded actor does
        demands = self._demands(sentence, index, matched)
        drafts += [d for d in demands if not (drafts and is_background(d.trigger[0]))]
        if not drafts:  # "X said ..." is only the frame of what it reports, unless nothing else is coded
            drafts += [s for s in statements if s.target is not None or s.trigger[0].lemma_ not in SPEECH_VERBS]
        return _unique(drafts)

    def _nominal(
        self,
        sentence: Span,
        index: ActorIndex,
        quotes: list[tuple[int, int]],
        skip: list[tuple[int, int]],
        triggers: set[int],
        used: set[int],
    ) -> list[Draft]:
        """Events named by nouns: "a Taliban attack on a government compound killed ..."."""
        drafts = []
        nouns = self.verbs.nouns
        for token in _tagged(sentence, _NOUNS):
            if token.lemma_.lower() not in nouns:
                continue  # most nouns name no event: passed over before the tests below
            if token.i in used or any(s <= token.idx < e for s, e in skip):
                continue
            if in_actor_name(token, index) or names_earlier_act(token, triggers):
                continue
            match = self.verbs.match(token, noun=True)
            if match is not None:
                drafts += self._noun_events(token, match[1], match[0].code, index, quotes)
        return drafts

    def _verb_events(
        self,
        verb: Token,
        words: list[Token],
        code: str,
        index: ActorIndex,
        quotes: list[tuple[int, int]],
        own_words: set[str],
        where: dict[int, Mention],
    ) -> list[Draft]:
        acting = sources(verb, index)
        if not acting and not code.startswith("01"):  # a statement needs an actor the dictionaries know
            acting = open_sources(verb, index, plural=code[:2] not in _DOMESTIC_ROOTS)
        if not acting:
            return []
        speakers, _ = speaker(verb, index)
        acting = [_named(m, speakers) for m in acting]
        if code in self.rewrites.joint.codes and _several_subjects(verb):
            code = self.rewrites.joint.apply(code, self.table, default=code)  # "X and Y launched war games"
        mood = modality(verb, in_ranges(verb, quotes), own_words)
        code, mood = self._intent(code, mood, may_happen(verb))
        own = frozenset(a.key for a in acting)
        receiving = targets(verb, index, acting=own)
        if code[:2] in ("12", "13"):  # "threatened to stop talks if the US ...": not a place inside the object
            receiving = targets(verb, index, places=False, acting=own) or condition_actors(verb, index) or receiving
        if not receiving and verb.lemma_ in SPEECH_VERBS:  # "Powell said NATO would need to remain strong"
            clause = next((c for c in children(verb) if c.dep_ == "ccomp"), None)
            receiving = sources(clause, index) if clause is not None else []
        if not receiving and code[:2] in _RECIPROCAL_ROOTS and len({actor_key(a) for a in acting}) > 1:
            receiving = acting  # "Peru, Chile and Bolivia met": every pair
        if not receiving and not code.startswith("01"):
            receiving = place_targets(verb, index, where)
        if not receiving and not code.startswith("01"):  # the object, by its words
            receiving = open_targets(verb, index, {w.i for w in words})
        return self._combine(sentence_of(verb), words, acting, receiving, code, mood, speakers)

    def _noun_events(
        self, noun: Token, words: list[Token], code: str, index: ActorIndex, quotes: list[tuple[int, int]]
    ) -> list[Draft]:
        acting, receiving = noun_roles(noun, index)
        if not acting:
            return []
        head = noun.head if noun.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj") else noun
        mood = "hypothetical" if unconfirmed(noun) else modality(head, in_ranges(noun, quotes), set())
        speakers, _ = speaker(head, index)
        return self._combine(sentence_of(noun), words, acting, receiving, code, mood, speakers)

    def _intent(self, code: str, mood: str, conditional: bool = False) -> tuple[str, str]:
        """What a statement of intent or refusal amounts to in CAMEO: the intent, the threat, the rejection.

        `conditional` is true for an act that may happen ("may halt mediation", "would prohibit aid"),
        not for the condition itself ("if the UNSC violates ...")."""
        rewrites = self.rewrites
        if mood == "future" and code[:2] in _VERBAL_ROOTS:
            return code, "asserted"
        if mood == "hypothetical" and conditional and rewrites.threat.covers(code):
            return rewrites.threat.apply(code, self.table), "asserted"
        if mood == "future" and rewrites.intent.covers(code):
            return rewrites.intent.apply(code, self.table), "asserted"
        if mood == "future" and rewrites.threat.covers(code):
            return rewrites.threat.apply(code, self.table), "asserted"
        if mood == "negated" and rewrites.reject.covers(code):
            return rewrites.reject.apply(code, self.table), "asserted"
        return code, mood

    def _combine(
        self,
        sentence: Span,
        words: list[Token],
        acting: list[Mention],
        receiving: list[Mention],
        code: str,
        mood: str,
        speakers: list[Mention],
    ) -> list[Draft]:
        said_by = speakers[0].code if speakers else None
        statement = code.startswith("01")  # "the minister said the government is committed": no one addressed
        drafts = []
        for source in acting:
            others = [t for t in receiving if not same_actor(t, source, statement)] or [_home(source, code)]
            for target in others:
                target = _at_home(target, source, code)
                attributed = said_by if said_by and said_by != source.code else None
                drafts.append(Draft(sentence, words, source, target, code, mood, attributed))
        return drafts

    def _demands(
        self, sentence: Span, index: ActorIndex, matched: list[tuple[Token, Pattern, list[Token]]]
    ) -> list[Draft]:
        """ "Russia said Sudan must return the helicopter", "the UK pushed for the US (to) support the plan":
        the speaker or the one pressing demands (10x) the act of the other."""
        found = []
        for token, pattern, words in matched:
            if obliged(token):
                speakers, verb = speaker(token, index)
            else:
                verb = _pressing_verb(token)
                speakers = sources(verb, index) if verb is not None else []
            if not speakers:
                continue
            demand = self.rewrites.demand.apply(pattern.code, self.table, default="100")
            for who in speakers:
                for target in sources(token, index) or [None]:
                    if target is None or target.code != who.code:
                        found.append(Draft(sentence, [verb, *words], who, target, demand, "asserted", None))
        return found


_VERBS = frozenset({VERB, AUX})
_NOUNS = frozenset({NOUN, PROPN})


def _tagged(sentence: Span, parts: frozenset[int]) -> list[Token]:
    """The sentence's tokens of these parts of speech, in order, found by their ids."""
    every, tags = tokens(sentence.doc), column(sentence.doc, POS)
    return [every[i] for i in range(sentence.start, sentence.end) if tags[i] in parts]


_PRESSING = {"demand", "insist", "push", "press", "require", "lobby"}


def _pressing_verb(trigger: Token) -> Token | None:
    """The verb that presses for this act: "demanded that X withdraw", "pushed for the US (to) support"."""
    if trigger.tag_ != "VB" or not any(c.dep_ in ("nsubj", "nsubjpass") for c in children(trigger)):
        return None
    token = trigger
    for _ in range(3):
        if token.head.i == token.i:
            return None
        token = token.head
        if token.pos_ == "VERB" and token.lemma_ in _PRESSING:
            return token
        if token.pos_ == "VERB":
            return None
    return None


def _several_subjects(verb: Token) -> bool:
    """The verb's subject (or passive agent) names several actors: "US and Western allies", "French and
    Egyptian warships", "staged by U.S. marines and Jordanian forces"."""
    agents = [p for c in children(verb) if c.dep_ == "agent" for p in children(c) if p.dep_ == "pobj"]
    for subject in [*(c for c in children(verb) if c.dep_ in ("nsubj", "nsubjpass")), *agents]:
        modifiers = [m for m in children(subject) if m.dep_ in ("amod", "compound", "nmod")]
        if subject.conjuncts or any(m.conjuncts for m in modifiers):
            return True
    return False


def place_mentions(sentence: Span, places: Iterable[Place]) -> dict[int, Mention]:
    """Gazetteer places of this sentence as code-level actors by token: "Bamako" stands for MLI."""
    found = {}
    for place in places:
        if not place.country or place.char_span is None:
            continue
        start, end = place.char_span
        if sentence.start_char <= start and end <= sentence.end_char:
            span = sentence.doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                country = cameo_country(place.country)
                mention = Mention(span.start, span.end, "place", country, country, None, place.name, span.text)
                found.update({t.i: mention for t in span})
    return found


def _home(source: Mention, code: str) -> Mention | None:
    """A protest or a crackdown by a country's own people or organs, at no one named, is done to that country:
    "Egyptian demonstrators rioted" EGYOPP→EGY, "the junta imposed a curfew" MLIGOV→MLI (CAMEO's domestic
    convention). The target is implied: its text is the country's name."""
    if code[:2] not in _DOMESTIC_ROOTS or not source.code or not source.country or source.code == source.country:
        return None
    return replace(source, kind="country", code=source.country, cameo_role=None, text=source.name)


def _at_home(target: Mention | None, source: Mention, code: str) -> Mention | None:
    """Whom a country's own organs arrest, ban, protest against or yield to, named by its words only, is of that
    country: "Italian police arrested the captain of a rescue ship" ITACOP→ITA, "the court allowed candidate X to
    run" CIVJUD→CIV, "prepared to impose martial law" IRQGOV→IRQ, the target keeping its words (CAMEO's domestic
    convention, as in `_home`; `_AT_HOME_CODES`). A cyber attack (176) is no act at home."""
    if target is None or target.code or not code.startswith(_AT_HOME_CODES) or code == "176" or not source.country:
        return target
    return replace(target, code=source.country, country=source.country)


def _named(mention: Mention, speakers: list[Mention]) -> Mention:
    """ "Lebanon says it will not accept refugees": the pronoun is the speaker, named as the speaker is."""
    if mention.kind != "reference":
        return mention
    return next((s for s in speakers if actor_key(s) == actor_key(mention)), mention)


def actor_key(mention: Mention) -> str:
    """What makes two mentions the same actor: the code, or the words of a name with no code."""
    return mention.code or mention.text.lower()


def same_actor(one: Mention, other: Mention, by_code: bool = False) -> bool:
    """The same actor named twice ("Russia said it ..."), not two of one country's organs: "Romania's president
    refused a request from the justice minister" is ROUGOV→ROUGOV, two people of one government. With `by_code`,
    one code is one actor."""
    if actor_key(one) != actor_key(other):
        return False
    if by_code:
        return True
    overlap = one.start < other.end and other.start < one.end
    return overlap or "reference" in (one.kind, other.kind) or one.text.lower() == other.text.lower()


def _lend_targets(drafts: list[Draft]) -> list[Draft]:
    """ "Iraqi warplanes carried out a raid, targeting Islamic State commanders": the participle names the
    target of the act it goes with (which then stands alone; the participle is background)."""
    lent = {}
    for draft in drafts:
        head = participle_head(draft.trigger[0])
        if head is not None and draft.target is not None and draft.target.code:
            lent.setdefault((head.i, actor_key(draft.source)), draft.target)
    return [
        replace(d, target=lent.get((d.trigger[0].i, actor_key(d.source)), d.target)) if d.target is None else d
        for d in drafts
    ]


def _inner_triggers(matched: list[tuple[Token, Pattern, list[Token]]]) -> dict[int, int]:
    """Triggers that are words of another trigger's pattern ("prepared to resume shelling", "agreed to open its
    borders to"), each with the trigger whose pattern holds it; and triggers whose pattern reached into another
    trigger's phrase ("announced that it has called off a strike": the strike is what was called off), each
    with that trigger."""
    inner = {}
    for token, _, words in matched:
        for word in words:
            if word.i != token.i:
                inner.setdefault(word.i, token.i)
    heads = {t.i for t, _, _ in matched}
    inner = {i: outer for i, outer in inner.items() if i in heads}
    for token, _, words in matched:  # a pattern that reached into another trigger's phrase
        own = {w.i for w in words}
        for word in words:
            if word.i != token.i and word.head.i in heads and word.head.i not in own and token.i not in inner:
                inner[token.i] = word.head.i  # "announced (that it has called off) a strike"
    return inner


def _fold_inner(drafts: list[Draft], inner: dict[int, int]) -> list[Draft]:
    """A trigger inside another's pattern is part of that act (when that is asserted), not one of its own; its
    targets go to the act where that has none ("announced that he will withdraw inspectors from Iraq")."""
    if not inner:
        return drafts
    lent: dict[int, list[Draft]] = {}
    for draft in drafts:
        if draft.trigger[0].i in inner and draft.target is not None:
            lent.setdefault(inner[draft.trigger[0].i], []).append(draft)
    coded = {d.trigger[0].i for d in drafts if d.modality == "asserted"}
    folded = []
    for draft in drafts:
        if inner.get(draft.trigger[0].i) in coded:
            continue
        given = lent.get(draft.trigger[0].i, [])
        targets = [d.target for d in given if d.target is not None and not same_actor(d.target, draft.source, True)]
        if targets and draft.target is None:
            folded += [replace(draft, target=target) for target in targets]
        else:
            folded.append(draft)
    return folded


def _statement_content(drafts: list[Draft]) -> tuple[list[Draft], set[int]]:
    """ "sent a letter to the WHO threatening to pull funding": the threat is what the letter says, one act.
    The statement (01) gives way to the participle that says what it said; returns the drafts left and the
    triggers of those participles (which are no background)."""
    stated = {d.trigger[0].i for d in drafts if d.code.startswith("01")}
    content = {}
    for draft in drafts:
        head = participle_head(draft.trigger[0])
        if head is not None and head.i in stated and not draft.code.startswith("01"):
            content[draft.trigger[0].i] = head.i
    heads = set(content.values())
    return [d for d in drafts if d.trigger[0].i not in heads], set(content)


def _unique(drafts: list[Draft]) -> list[Draft]:
    seen, result = set(), []
    for draft in drafts:
        key = (actor_key(draft.source), actor_key(draft.target) if draft.target else None, draft.code, draft.modality)
        if key not in seen:
            seen.add(key)
            result.append(draft)
    return result
