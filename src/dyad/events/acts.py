"""One event per act: which candidate triggers of a sentence are acts of their own.

Assigns nothing new; it tells the sentence coder which candidates to drop so that one act
gives one event, as CAMEO and PETRARCH code it:

* an event noun inside an actor's name ("the Organization of Islamic Cooperation") or naming
  an act another trigger already speaks about ("condemned the attack", "rejected the
  declaration") is not a second event;
* the one who reports an act ("Rebels shelled the town, the army said") is its `attributed_to`,
  not the source of an accusation (the sentence coder codes no accusation from a speech verb);
* another's act that a demand presses for ("demanded that X end curbs") is the demand's content;
* acts in background and subordinate clauses ("after it launched a missile", "a group seeking
  to overthrow ...", "protesters who defied a curfew", "..., calling him a murderer") count only
  when the main clause codes nothing; a participle's coded target goes to the act it describes;
* an event noun that no trigger speaks about ("in violation of EU sanctions") names an earlier
  act: it counts only when no verb asserts one;
* a meeting held "to discuss" something is one consultation, not two."""

from __future__ import annotations

from spacy.tokens import Token

from dyad.actors.coref import ActorIndex
from dyad.doccache import children, sentence_of

# Clause marks of background and circumstance: "after X attacked", "as troops withdrew".
_BACKGROUND_MARKS = {"after", "before", "since", "as", "while", "when", "because", "until", "once", "following"}


def in_actor_name(token: Token, index: ActorIndex) -> bool:
    """ "Cooperation" in "the Organization of Islamic Cooperation", "protesters" named as actors."""
    return any(m.end - m.start > 1 or m.is_actor for m in index.at(token))


def names_earlier_act(noun: Token, triggers: set[int]) -> bool:
    """An event noun that another trigger speaks about: "condemned the attack", "welcomed the visit",
    "rejected a bid", "expressed condemnation of the declaration"."""
    head = noun.head
    if noun.dep_ in ("dobj", "nsubjpass", "attr"):
        return head.i in triggers
    if noun.dep_ != "pobj":
        return False
    return head.head.i in triggers or (head.head.dep_ == "dobj" and head.head.head.i in triggers)


def is_background(trigger: Token) -> bool:
    """A trigger in a background or subordinate clause: "after it launched", "a group seeking to overthrow".

    A relative clause set off by a comma is news ("the resolution, which was vetoed by Russia") unless in the
    past perfect ("the minister, whom they had kidnapped"); what a background clause reports is background too
    ("even as the Kurds said Baghdad's forces had attacked")."""
    token = trigger
    for _ in range(6):
        if token.dep_ == "acl" and token.pos_ in ("VERB", "AUX") and token.tag_ != "VBN":
            return True  # "a group seeking to overthrow", "a decision to annex"; not "a plan approved by X"
        if token.dep_ == "advcl" and any(
            c.dep_ in ("mark", "advmod") and c.lower_ in _BACKGROUND_MARKS and c.i < token.i for c in children(token)
        ):
            return True  # "when the U.S. president visited Cuba" (when: advmod)
        if token.dep_ == "pcomp" and token.head.lower_ in _BACKGROUND_MARKS:
            return True
        if token.dep_ in ("acl", "ccomp") and token.head.pos_ in ("NOUN", "PROPN") and _marked_that(token):
            return True  # "an allegation that the NPFL had taken over the city": what the allegation says
        if token.dep_ == "relcl":  # "protesters who defied a curfew"; not "the resolution, which was vetoed"
            return not _set_off(token) or any(c.dep_ == "aux" and c.lower_ == "had" for c in children(token))
        if _participial(token):
            return True  # "rioted, setting fire to their mattresses", "blocked roads demanding that ..."
        if token.dep_ == "ccomp" and _participial(token.head):
            return True  # "rejected the calls, saying it was withholding aid": what the participle says
        if token.dep_ in ("ROOT", "parataxis") or token.head.i == token.i:
            return False
        token = token.head
    return False


def _marked_that(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in children(clause))


def _set_off(clause: Token) -> bool:
    """A clause set off by a comma ("the resolution, which was vetoed by Russia"): it adds news of its own."""
    start = clause.left_edge.i
    return start > sentence_of(clause).start and clause.doc[start - 1].text in (",", "--", "\u2014", "(")


def participle_head(trigger: Token) -> Token | None:
    """The verb whose act a participle clause goes with: "carried out a raid, targeting X" → "carried"."""
    return trigger.head if _participial(trigger) else None


def _participial(token: Token) -> bool:
    """A participle clause of circumstance, with no subject or mark of its own: "..., calling him a murderer"."""
    return (
        token.dep_ == "advcl"
        and token.tag_ == "VBG"
        and not any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in children(token))
    )


def purpose_of(trigger: Token, triggers: set[int]) -> bool:
    """ "met in Cairo to discuss the border": the purpose clause of a coded act is that act, not another."""
    return (
        trigger.dep_ in ("advcl", "xcomp", "acl")
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in children(trigger))
        and trigger.head.i in triggers
    )


# Verbs and nouns that press another actor to act: what they press for has not happened.
_PRESSING = {"demand", "insist", "urge", "ask", "request", "call", "press", "push", "require", "appeal", "plead"}


def pressed_for(trigger: Token) -> bool:
    """ "demanded that the Sudanese government end curbs", "its demands that Burundi grant rights":
    another actor's act that a demand presses for is the demand's content, not an act of its own."""
    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in children(trigger)):
        return False
    token = trigger
    for _ in range(3):
        if token.dep_ not in ("ccomp", "acl", "xcomp", "advcl") or token.head.i == token.i:
            return False
        token = token.head
        if token.lemma_.lower() in _PRESSING:
            return True
    return False
