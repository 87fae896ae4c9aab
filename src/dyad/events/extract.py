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
from dyad.events.modality import may_happen, modality, obliged
from dyad.events.roles import noun_roles, sources, targets
from dyad.events.speech import SPEECH_VERBS, in_ranges, quoted_ranges, speaker
from dyad.events.verbs import Pattern, VerbDictionary

# Future cooperation is an intent to cooperate (CAMEO 03x; PLOVER: AGREE).
_INTENT_FOR_ROOT = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035"}
_INTENT_FOR_CODE = {
    "061": "0311",
    "062": "0312",
    "063": "0313",
    "064": "0314",
    "071": "0331",
    "072": "0332",
    "073": "0333",
    "074": "0334",
    "081": "0351",
    "082": "0352",
    "083": "034",
    "084": "0353",
    "085": "0354",
    "086": "0355",
    "087": "0356",
    "0831": "0341",
    "0832": "0342",
    "0833": "0343",
    "0834": "0344",
}
# A refusal to cooperate is a rejection (CAMEO 12x): "will not accept refugees" is 1223.
_REJECT_FOR_CODE = {
    "031": "121",
    "0311": "1211",
    "0312": "1212",
    "032": "120",
    "033": "122",
    "0331": "1221",
    "0332": "1222",
    "0333": "1223",
    "0334": "1224",
    "034": "123",
    "0341": "1231",
    "0342": "1232",
    "0343": "1233",
    "0344": "1234",
    "035": "124",
    "0351": "1241",
    "0352": "1242",
    "0353": "1243",
    "0354": "1244",
    "0355": "1245",
    "0356": "1246",
    "036": "125",
    "037": "127",
    "038": "126",
    "039": "126",
    "061": "1211",
    "062": "1212",
    "071": "1221",
    "072": "1222",
    "073": "1223",
    "074": "1224",
    "081": "1241",
    "082": "1242",
    "083": "123",
    "084": "1243",
    "085": "1244",
    "086": "1245",
    "087": "1246",
    "057": "127",
    "0831": "1231",
    "0832": "1232",
    "0833": "1233",
    "0834": "1234",
}
_REJECT_FOR_ROOT = {"03": "120", "04": "125", "05": "120", "06": "121", "07": "122", "08": "124"}
# An announced hostile act is a threat (CAMEO 13x): "will withdraw inspectors" is 136.
_THREAT_FOR_CODE = {
    "161": "1313",
    "162": "1311",
    "163": "1312",
    "164": "134",
    "165": "135",
    "166": "136",
    "172": "132",
    "1721": "1321",
    "1722": "1322",
    "1723": "1323",
    "1724": "1324",
    "173": "137",
    "174": "137",
    "175": "137",
    "191": "1381",
    "192": "1382",
    "204": "1385",
    "201": "1383",
    "202": "1383",
    "203": "1383",
}
_THREAT_FOR_ROOT = {"14": "133", "15": "138", "16": "130", "17": "137", "18": "1384", "19": "1384", "20": "1383"}
# Announced words are the words: "will ask", "will demand", "will condemn" are the appeal, demand, criticism.
_VERBAL_ROOTS = {"01", "02", "09", "10", "11", "12"}
# What a speaker says another actor must do is a demand (CAMEO 10x) on that actor.
_DEMAND_FOR_CODE = {
    "061": "1011",
    "062": "1012",
    "063": "1013",
    "064": "1014",
    "071": "1031",
    "072": "1032",
    "073": "1033",
    "074": "1034",
    "0341": "1041",
    "0342": "1042",
    "0343": "1043",
    "0344": "1044",
    "034": "104",
    "081": "1051",
    "082": "1052",
    "083": "104",
    "084": "1053",
    "085": "1054",
    "086": "1055",
    "087": "1056",
    "057": "107",
    "037": "107",
    "038": "108",
    "039": "108",
    "0831": "1041",
    "0832": "1042",
    "0833": "1043",
    "0834": "1044",
}
_DEMAND_FOR_ROOT = {"03": "100", "04": "106", "05": "102", "06": "101", "07": "103", "08": "105"}
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
        matched: list[tuple[Token, Pattern, list[Token]]] = []
        for token in sentence:
            if token.pos_ not in ("VERB", "AUX") or any(s <= token.idx < e for s, e in skip):
                continue
            match = self.verbs.match(token)
            if match is None:
                continue
            pattern, words = match
            matched.append((token, pattern, words))
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
        drafts += self._demands(sentence, index, matched)
        if not drafts:  # "X said ..." is only the frame of what it reports, unless nothing else is coded
            drafts += [s for s in statements if s.target is not None]
        return _unique(drafts)

    def _verb_events(
        self,
        verb: Token,
        words: list[Token],
        code: str,
        index: ActorIndex,
        quotes: list[tuple[int, int]],
        own_words: set[str],
    ) -> list[Draft]:
        acting = sources(verb, index)
        if not acting:
            return []
        exclude = {w.i for w in words}
        receiving = targets(verb, index, exclude={c.i for c in verb.children if c.i in exclude and c.dep_ == "dobj"})
        if not receiving and verb.lemma_ in SPEECH_VERBS:  # "Powell said NATO would need to remain strong"
            clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
            receiving = sources(clause, index) if clause is not None else []
        mood = modality(verb, in_ranges(verb, quotes), own_words)
        code, mood = self._intent(code, mood, may_happen(verb))
        speakers, _ = speaker(verb, index)
        return self._combine(verb.sent, words, acting, receiving, code, mood, speakers)

    def _noun_events(
        self, noun: Token, words: list[Token], code: str, index: ActorIndex, quotes: list[tuple[int, int]]
    ) -> list[Draft]:
        acting, receiving = noun_roles(noun, index)
        if not acting:
            return []
        head = noun.head if noun.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj") else noun
        mood = modality(head, in_ranges(noun, quotes), set())
        speakers, _ = speaker(head, index)
        return self._combine(noun.sent, words, acting, receiving, code, mood, speakers)

    def _intent(self, code: str, mood: str, conditional: bool = False) -> tuple[str, str]:
        """What a statement of intent or refusal amounts to in CAMEO: the intent, the threat, the rejection.

        `conditional` is true for an act that may happen ("may halt mediation", "would prohibit aid"),
        not for the condition itself ("if the UNSC violates ...")."""
        if mood == "future" and code[:2] in _VERBAL_ROOTS:
            return code, "asserted"
        if mood == "hypothetical" and conditional and code[:2] in _THREAT_FOR_ROOT:
            return self._mapped(code, _THREAT_FOR_CODE, _THREAT_FOR_ROOT), "asserted"
        if mood == "future" and code[:2] in _INTENT_FOR_ROOT:
            return self._mapped(code, _INTENT_FOR_CODE, _INTENT_FOR_ROOT), "asserted"
        if mood == "future" and code[:2] in _THREAT_FOR_ROOT:
            return self._mapped(code, _THREAT_FOR_CODE, _THREAT_FOR_ROOT), "asserted"
        if mood == "negated" and code[:2] in _REJECT_FOR_ROOT:
            return self._mapped(code, _REJECT_FOR_CODE, _REJECT_FOR_ROOT), "asserted"
        return code, mood

    def _mapped(self, code: str, by_code: dict[str, str], by_root: dict[str, str]) -> str:
        mapped = by_code.get(code) or by_code.get(code[:3]) or by_root[code[:2]]
        return mapped if mapped in self.table else by_root[code[:2]]

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
        drafts = []
        for source in acting:
            if not source.code:
                continue
            others = [t for t in receiving if t.code and t.code != source.code] or [None]
            for target in others:
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
            code = pattern.code
            demand = (
                _DEMAND_FOR_CODE.get(code) or _DEMAND_FOR_CODE.get(code[:3]) or _DEMAND_FOR_ROOT.get(code[:2], "100")
            )
            demand = demand if demand in self.table else "100"
            for who in speakers:
                for target in sources(token, index) or [None]:
                    if target is None or target.code != who.code:
                        found.append(Draft(sentence, [verb, *words], who, target, demand, "asserted", None))
        return found

    def _accusations(self, drafts: list[Draft], index: ActorIndex) -> list[Draft]:
        """ "Jo said Washington interferes ...": the speaker accuses the actor he reports on."""
        found = []
        for draft in drafts:
            if (
                draft.attributed_to is None
                or draft.code[:2] not in _HOSTILE_ROOTS
                or draft.modality not in ("asserted", "historical")
            ):
                continue
            speakers, verb = speaker(draft.trigger[0], index)
            for who in speakers:
                if who.code and who.code != draft.source.code:
                    found.append(Draft(draft.sentence, [verb], who, draft.source, _ACCUSE, "asserted", None))
        return found


_PRESSING = {"demand", "insist", "push", "press", "require", "lobby"}


def _pressing_verb(trigger: Token) -> Token | None:
    """The verb that presses for this act: "demanded that X withdraw", "pushed for the US (to) support"."""
    if trigger.tag_ != "VB" or not any(c.dep_ in ("nsubj", "nsubjpass") for c in trigger.children):
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


def _unique(drafts: list[Draft]) -> list[Draft]:
    seen, result = set(), []
    for draft in drafts:
        key = (draft.source.code, draft.target.code if draft.target else None, draft.code, draft.modality)
        if key not in seen:
            seen.add(key)
            result.append(draft)
    return result
