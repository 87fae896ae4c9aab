"""Code the events of one sentence: trigger, CAMEO code, source, target, modality, speaker.

Assigns :class:`Draft` events from verbs and event nouns that the verb dictionary knows, with
their roles from the parse. Future cooperation becomes CAMEO's intent codes (03x); a
speaker who reports someone's hostile act is coded as accusing them."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from dyad.actors.coref import ActorIndex
from dyad.actors.matcher import Mention
from dyad.events.codes import CameoTable
from dyad.events.modality import modality
from dyad.events.roles import noun_roles, sources, targets
from dyad.events.speech import SPEECH_VERBS, in_ranges, quoted_ranges, speaker
from dyad.events.verbs import VerbDictionary

# Future cooperation is an intent to cooperate (CAMEO 03x; PLOVER: AGREE).
_INTENT_FOR_ROOT = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035"}
_INTENT_FOR_CODE = {"061": "0311", "062": "0312", "063": "0313", "064": "0314", "071": "0331",
                    "072": "0332", "073": "0333", "074": "0334", "081": "0351", "082": "0352",
                    "083": "034", "084": "0353", "085": "0354", "086": "0355", "087": "0356"}
# Roots of hostile acts: a speaker reporting one is accusing its author.
_HOSTILE_ROOTS = {"12", "13", "14", "15", "16", "17", "18", "19", "20"}
_ACCUSE = "112"


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

    @property
    def key(self) -> tuple:
        return (self.source.code, self.target.code if self.target else None, self.code, self.trigger[0].i)


class SentenceCoder:
    """Codes the events of one sentence; holds the dictionaries, shared read-only."""

    def __init__(self, verbs: VerbDictionary, table: CameoTable):
        self.verbs = verbs
        self.table = table

    def code(self, sentence: Span, index: ActorIndex, skip: list[tuple[int, int]]) -> list[Draft]:
        quotes = quoted_ranges(sentence)
        drafts: list[Draft] = []
        used: set[int] = set()  # tokens already part of a verb's pattern
        statements: list[Draft] = []
        for token in sentence:
            if token.pos_ not in ("VERB", "AUX") or any(s <= token.idx < e for s, e in skip):
                continue
            match = self.verbs.match(token)
            if match is None:
                continue
            pattern, words = match
            used.update(w.i for w in words)
            found = self._verb_events(token, words, pattern.code, index, quotes, {pattern.head})
            if pattern.code.startswith("01") and token.lemma_ in SPEECH_VERBS:
                statements += found  # a statement counts only when nothing else is coded
            else:
                drafts += found
        for token in sentence:
            if token.pos_ not in ("NOUN", "PROPN") or token.i in used or any(s <= token.idx < e for s, e in skip):
                continue
            match = self.verbs.match(token, noun=True)
            if match is not None:
                drafts += self._noun_events(token, match[1], match[0].code, index, quotes)
        drafts += self._accusations(drafts, index)
        coded_sources = {d.source.code for d in drafts}
        drafts += [s for s in statements if s.target is not None and s.source.code not in coded_sources]
        return _unique(drafts)

    def _verb_events(self, verb: Token, words: list[Token], code: str, index: ActorIndex,
                     quotes: list[tuple[int, int]], own_words: set[str]) -> list[Draft]:
        acting = sources(verb, index)
        if not acting:
            return []
        exclude = {w.i for w in words}
        receiving = targets(verb, index, exclude={c.i for c in verb.children if c.i in exclude and c.dep_ == "dobj"})
        mood = modality(verb, in_ranges(verb, quotes), own_words)
        code, mood = self._intent(code, mood)
        speakers, _ = speaker(verb, index)
        return self._combine(verb.sent, words, acting, receiving, code, mood, speakers)

    def _noun_events(self, noun: Token, words: list[Token], code: str, index: ActorIndex,
                     quotes: list[tuple[int, int]]) -> list[Draft]:
        acting, receiving = noun_roles(noun, index)
        if not acting:
            return []
        head = noun.head if noun.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj") else noun
        mood = modality(head, in_ranges(noun, quotes), set())
        speakers, _ = speaker(head, index)
        return self._combine(noun.sent, words, acting, receiving, code, mood, speakers)

    def _intent(self, code: str, mood: str) -> tuple[str, str]:
        if mood == "future" and code[:2] in _INTENT_FOR_ROOT:
            intent = _INTENT_FOR_CODE.get(code[:3], _INTENT_FOR_ROOT[code[:2]])
            return (intent if intent in self.table else _INTENT_FOR_ROOT[code[:2]]), "asserted"
        return code, mood

    def _combine(self, sentence: Span, words: list[Token], acting: list[Mention], receiving: list[Mention],
                 code: str, mood: str, speakers: list[Mention]) -> list[Draft]:
        said_by = speakers[0].code if speakers else None
        drafts = []
        for source in acting:
            if not source.code:
                continue
            others = [t for t in receiving if t.code and t.code != source.code] or [None]
            for target in others:
                attributed = said_by if said_by and said_by != source.code else None
                drafts.append(Draft(sentence, words, source, target, code, mood, attributed))
        return drafts

    def _accusations(self, drafts: list[Draft], index: ActorIndex) -> list[Draft]:
        """"Jo said Washington interferes ...": the speaker accuses the actor he reports on."""
        found = []
        for draft in drafts:
            if draft.attributed_to is None or draft.code[:2] not in _HOSTILE_ROOTS \
                    or draft.modality not in ("asserted", "historical"):
                continue
            speakers, verb = speaker(draft.trigger[0], index)
            for who in speakers:
                if who.code and who.code != draft.source.code:
                    found.append(Draft(draft.sentence, [verb], who, draft.source, _ACCUSE, "asserted", None))
        return found


def _unique(drafts: list[Draft]) -> list[Draft]:
    seen, result = set(), []
    for draft in drafts:
        key = (draft.source.code, draft.target.code if draft.target else None, draft.code, draft.modality)
        if key not in seen:
            seen.add(key)
            result.append(draft)
    return result
