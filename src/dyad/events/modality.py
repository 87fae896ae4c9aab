"""Decide whether an event is asserted, negated, hypothetical, future or historical.

Assigns the `modality` of an event from its trigger's clause: negation ("did not", "never",
"refused to"), conditions ("if", "unless", "could"), the future ("will", "plans to") and past
deeds recounted inside a quote ("The US unleashed wars ... in the 20th century")."""

from __future__ import annotations

import re

from spacy.tokens import Token

from dyad.doccache import children, sentence_of, span_text
from dyad.lexicon import FUTURE_AUX

_NEGATORS = {"not", "n't", "never", "no"}
_NEGATING_VERBS = {"refuse", "decline", "fail", "deny", "reject", "avoid", "cease", "stop", "halt"}
_CONDITIONS = {"if", "unless", "whether", "lest"}
_HYPOTHETICAL_AUX = {"could", "might", "may", "should", "would", "ought"}
_FUTURE_VERBS = {"plan", "intend", "expect", "prepare", "aim", "schedule", "set", "hope", "want", "seek"}
# Words that place a recounted deed in the past, not in the news of the day.
_PAST_CUES = re.compile(
    r"\b(former|century|centuries|decades?|in the past|history|historically|"
    r"(?:19|20)\d\d|ago|once|used to)\b",
    re.I,
)
_CLAUSE_EDGE = {"ccomp", "parataxis", "ROOT"}
# Verbs whose infinitive happened ("managed to flee"); after any other, it is intended or planned.
_IMPLICATIVE = {
    "manage",
    "begin",
    "start",
    "continue",
    "proceed",
    "go",
    "resume",
    "dare",
    "force",
    "use",
    "decide",
    "vote",
    "move",
}


def _clause(trigger: Token) -> list[Token]:
    """The trigger and the verbs it hangs on within its own clause (xcomp, conj chains)."""
    chain = [trigger]
    token = trigger
    while token.dep_ in ("xcomp", "conj", "acomp", "pcomp", "prep", "pobj", "dobj") and token.head.i != token.i:
        token = token.head
        chain.append(token)
        if token.pos_ in ("VERB", "AUX") and token.dep_ in _CLAUSE_EDGE:
            break
    return chain


def modality(trigger: Token, in_quote: bool, pattern_words: set[str]) -> str:
    """The event's modality; `pattern_words` are the trigger's own words (so "refuse" itself is not a negation)."""
    chain = _clause(trigger)
    for token in chain + _governors(trigger):  # "if the Syrian government does not withdraw": a condition
        for child in children(token):
            if child.dep_ == "mark" and (child.lower_ in _CONDITIONS or _pending(token, child)):
                return "hypothetical"
    for token in chain:
        for child in children(token):
            word = child.lower_
            if child.dep_ == "neg" or (word in _NEGATORS and child.dep_ in ("advmod", "det")):
                return "negated"
        if token is not trigger and token.lemma_ in _NEGATING_VERBS and token.lemma_ not in pattern_words:
            return "negated"
    if obliged(trigger) or _subjunctive(trigger):
        return "hypothetical"
    for token in chain:
        for child in children(token):
            if child.dep_ == "aux" and child.lower_ in _HYPOTHETICAL_AUX:
                return "hypothetical" if child.lower_ != "would" or not _reported(token) else "future"
    for token in chain:
        for child in children(token):
            if child.dep_ == "aux" and child.lower_ in FUTURE_AUX:
                return "future"
            if (
                child.dep_ == "aux"
                and child.lower_ == "to"
                and token.head.lemma_ in _FUTURE_VERBS
                and token.dep_ == "xcomp"
            ):
                return "future"
        if token.lemma_ == "go" and any(c.lower_ == "to" for c in token.subtree) and token is not trigger:
            return "future"
    if _intended(trigger):
        if trigger.dep_ == "xcomp" and not any(c.dep_ in ("dobj", "dative") for c in children(trigger.head)):
            return "future"  # "agreed to meet": the actor's own plan
        return "hypothetical"  # "a resolution to impose sanctions", "asked banks to finance"
    if in_quote and trigger.tag_ in ("VBD", "VBN") and _PAST_CUES.search(span_text(sentence_of(trigger))):
        return "historical"
    return "asserted"


# Marks of a clause whose act is still awaited when its verb is in the present: "until the authorities fulfil".
_AWAITED = {"until", "till", "before", "once"}


def _pending(verb: Token, mark: Token) -> bool:
    """ "will not end the strike until the authorities fulfill its demands": not done yet."""
    return mark.lower_ in _AWAITED and verb.tag_ in ("VBP", "VBZ", "VB")


_OBLIGATION_AUX = {"must", "should", "ought"}
_OBLIGATION_VERBS = {"need", "have"}


def _subjunctive(trigger: Token) -> bool:
    """ "demanded that Burundi's government grant rights": a base-form verb with its own subject."""
    return (
        trigger.tag_ == "VB"
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in children(trigger))
        and not any(c.dep_ in ("aux", "auxpass") for c in children(trigger))
    )


# Modifiers of an event noun that leave the act unconfirmed or still to come: "the alleged violations".
_UNCONFIRMED = {"alleged", "suspected", "possible", "potential", "planned", "proposed", "rumored", "rumoured"}


def unconfirmed(noun: Token) -> bool:
    """ "alleged human rights violations", "a planned visit", "a possible attack": not asserted."""
    return any(c.dep_ in ("amod", "advmod") and c.lower_ in _UNCONFIRMED for c in children(noun))


def may_happen(trigger: Token) -> bool:
    """An act announced as possible ("may halt", "might withdraw", "would impose"), outside any "if" clause."""
    if any(c.dep_ == "mark" and c.lower_ in _CONDITIONS for t in [trigger, *_governors(trigger)] for c in children(t)):
        return False
    if any(c.dep_ == "aux" and c.lemma_ == "have" for c in children(trigger)):
        return False  # "may have launched cyber attacks": an uncertain past act, no threat
    return any(c.dep_ == "aux" and c.lower_ in ("may", "might", "would") for c in children(trigger))


def obliged(trigger: Token) -> bool:
    """A demand on the actor rather than its act: "China must drop barriers", "Japan needs to enact reforms"."""
    token = trigger
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in _OBLIGATION_AUX for c in children(token)):
            return True
        if token is not trigger and token.lemma_ in _OBLIGATION_VERBS and trigger.dep_ == "xcomp":
            return True
        if token.dep_ not in ("xcomp", "acomp") or token.head.i == token.i:
            return False
        token = token.head
    return False


def _intended(trigger: Token) -> bool:
    """An infinitive of purpose or plan: "agreed to meet", "a resolution to impose sanctions"."""
    if trigger.tag_ != "VB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in children(trigger)):
        return False
    head = trigger.head
    return not (trigger.dep_ == "xcomp" and head.lemma_ in _IMPLICATIVE)


def _governors(trigger: Token) -> list[Token]:
    """Verbs above the trigger up to its clause edge (for "if" attached higher up)."""
    found, token = [], trigger
    while token.head.i != token.i and token.dep_ not in _CLAUSE_EDGE:
        token = token.head
        found.append(token)
    return found


def _reported(token: Token) -> bool:
    while token.head.i != token.i:
        if token.dep_ == "ccomp":
            return True
        token = token.head
    return False
