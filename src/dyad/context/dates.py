"""Date each event from its article's publication date and the event's own clause.

Assigns `date`, `date_precision`, `date_source` and `end_date`. The date comes from the time
expression (see `dyad.context.timex`) that attaches to the trigger:

1. one in the trigger's own clause: the object of a time preposition ("on Tuesday", "in
   May") or a bare adverbial ("yesterday", "last week") hanging on the trigger, on the verbs
   it hangs on through xcomp/conj, or on a participle's verb ("..., supporting");
2. else, unless the event is background, one that opens the sentence ("In May, the two
   countries vetoed ... to impose ...") and governs the trigger, outside relative clauses;
3. else the publication date (`date_source` "published"), or no date at all for background
   deeds ("after it launched a missile", modality historical) rather than a wrong one.

A time expression in another clause (a relative clause, a clause about something else)
never dates the event. Months, weekdays and relative words are read forward when the
clause is future ("will meet on Friday", "agreed to meet in December")."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Span, Token

from dyad.context.timex import UNKNOWN, EventDate, TimeExpression, find_expressions, resolve
from dyad.doccache import children, memo, sentence_of, span_text
from dyad.lexicon import FUTURE_AUX

__all__ = ["EventDate", "UNKNOWN", "date_event", "is_background", "attached_expression"]

_BACKGROUND_MARKS = {"after", "before", "since", "when", "once", "as"}
# Prepositions whose object dates the verb they hang on ("with May" is Theresa May).
_TIME_PREPS = {"on", "in", "at", "during", "since", "by", "over", "throughout", "from", "between", "around", "of"}
_ADVERBIAL = {"npadvmod", "tmod", "obl", "obl:tmod", "nmod:tmod", "advmod", "dep"}
# "at the end of May", "on the morning of Oct. 3": the outer noun is a time part.
_TIME_PARTS = {
    "end",
    "beginning",
    "start",
    "middle",
    "morning",
    "afternoon",
    "evening",
    "night",
    "weekend",
    "week",
    "day",
    "half",
    "part",
    "close",
    "course",
    "turn",
    "eve",
}
_EDGE_ADVERBS = {"early", "late", "earlier", "later", "just", "only", "as", "since", "again"}
_PRECISION_RANK = {"day": 0, "month": 1, "year": 2, None: 3}


def is_background(trigger: Token) -> bool:
    """A past-tense clause introduced by "after", "since", "before": background, not the news."""
    token = trigger
    for _ in range(4):
        if token.tag_ in ("VBD", "VBN") and any(
            c.dep_ == "mark" and c.lower_ in _BACKGROUND_MARKS for c in children(token)
        ):
            return True
        if token.dep_ not in ("xcomp", "conj") or token.head.i == token.i:
            return False
        token = token.head
    return False


def _clause(trigger: Token) -> list[Token]:
    """The trigger, then the words whose time adverbials date it: the verbs it hangs on
    through xcomp/conj, the verb of a participle without a subordinator ("..., supporting
    the decision"), the verb of an event noun ("held talks")."""
    chain, token = [trigger], trigger
    for _ in range(6):
        head = token.head
        if head.i == token.i:
            break
        if (
            token.dep_ in ("xcomp", "conj")
            or token.dep_ == "advcl"
            and token.tag_ == "VBG"
            and not any(c.dep_ == "mark" for c in children(token))
            or token.pos_ in ("NOUN", "PROPN")
            and token.dep_ in ("dobj", "nsubj", "nsubjpass", "attr")
            and token is trigger
        ):
            pass
        else:
            break
        chain.append(head)
        token = head
    return chain


def _governor(span: Span) -> Token | None:
    """The word a time expression modifies, or None when it is no adverbial (a name, a
    noun modifier: "Theresa May", "Sept. 30-Oct. 2 talks")."""
    token = span.root
    for _ in range(3):
        if token.dep_ in ("pobj", "pcomp") and token.head.lower_ in _TIME_PREPS:
            governor = token.head.head
            if token.head.lower_ == "of":  # "at the end of May": climb to "end"
                if governor.lower_ not in _TIME_PARTS:
                    return None
                token = governor
                continue
        elif token.dep_ in _ADVERBIAL:
            governor = token.head
        else:
            return None
        break
    else:
        return None
    if governor.i == token.i:
        return None
    # "early on Tuesday": the adverb hangs on the verb
    if governor.dep_ == "advmod" and governor.lower_ in _EDGE_ADVERBS:
        governor = governor.head
    # "the State Duma on Monday ratified": a time phrase parsed onto the subject dates its verb
    while governor.dep_ == "appos":
        governor = governor.head
    if governor.dep_ in ("nsubj", "nsubjpass") and governor.pos_ in ("NOUN", "PROPN", "PRON"):
        governor = governor.head
    return governor


def _expressions(sentence: Span) -> list[tuple[TimeExpression, Span, Token | None]]:
    """The sentence's time expressions, each with its words and the word it hangs on (found once
    per sentence: every event of the sentence asks)."""
    known = memo(sentence.doc)
    key = ("time expressions", sentence.start)
    found = known.get(key)
    if found is None:
        found = known[key] = _find_expressions(sentence)
    return found


def _find_expressions(sentence: Span) -> list[tuple[TimeExpression, Span, Token | None]]:
    found = []
    base = sentence.start_char
    for expression in find_expressions(span_text(sentence)):
        span = sentence.doc.char_span(base + expression.start_char, base + expression.end_char, alignment_mode="expand")
        if span is not None and len(span):
            found.append((expression, span, _governor(span)))
    return found


def _best(
    candidates: list[tuple[TimeExpression, Span, Token | None]], published: dt.date | None
) -> tuple[TimeExpression, Span, Token | None]:
    """The most precise of several expressions on one word ("on Monday ... last week")."""
    return min(candidates, key=lambda c: (_PRECISION_RANK[resolve(c[0], published).precision], c[1].start))


def attached_expression(trigger: Token, published: dt.date | None = None) -> tuple[TimeExpression, Token] | None:
    """The time expression of the trigger's own clause and the word it hangs on, if any."""
    found = _expressions(sentence_of(trigger))
    for word in _clause(trigger):
        on_word = [c for c in found if c[2] is not None and c[2].i == word.i and not c[1].start <= trigger.i < c[1].end]
        if on_word:
            expression, _, governor = _best(on_word, published)
            return expression, governor
    return None


def _opening_expression(trigger: Token) -> tuple[TimeExpression, Token] | None:
    """A time expression that opens the sentence ("In May, ...", "Late on Monday, ...")
    and hangs on a verb governing the trigger, not through a relative clause."""
    sentence = sentence_of(trigger)
    for expression, span, governor in _expressions(sentence):
        lead = sentence.doc[sentence.start : span.start]
        if len(lead) > 4 or any(
            t.pos_ not in ("ADP", "ADV", "DET", "PUNCT") and t.lower_ not in _TIME_PARTS for t in lead
        ):
            return None
        if governor is None or governor.pos_ not in ("VERB", "AUX"):
            continue
        token = trigger
        while token.i != governor.i:
            if token.dep_ in ("relcl", "acl", "amod", "appos") or token.head.i == token.i:
                break
            token = token.head
        if token.i == governor.i:
            return expression, governor
    return None


def _is_future(trigger: Token, modality: str, governor: Token) -> bool:
    """Does the clause the expression hangs on look forward: "will meet", "agreed to meet"?"""
    if modality == "future" and governor.i == trigger.i:
        return True
    word = governor
    for _ in range(4):  # "will send troops and attack on Friday": conjuncts share the aux
        auxes = [c.lower_ for c in children(word) if c.dep_ in ("aux", "auxpass")]
        if any(a in FUTURE_AUX for a in auxes):
            return True
        if (
            "have" not in auxes
            and word.tag_ == "VB"
            and ("to" in auxes or (modality == "hypothetical" and word.i == trigger.i))
        ):
            return True  # an infinitive points forward ("plans to visit in December"), "could meet"
        if word.dep_ != "conj" or word.head.i == word.i:
            break
        word = word.head
    return False


def date_event(trigger: Token, modality: str, published: dt.date | None) -> EventDate:
    """The event's date: from its own clause's words, else publication, else unknown."""
    found = attached_expression(trigger, published)
    if found is not None:
        expression, governor = found
        return resolve(expression, published, future=_is_future(trigger, modality, governor))
    if modality == "historical" or is_background(trigger):
        return UNKNOWN
    opening = _opening_expression(trigger)
    if opening is not None:
        expression, governor = opening
        return resolve(expression, published, future=_is_future(trigger, modality, governor))
    if published is None:
        return UNKNOWN
    return EventDate(published.isoformat(), "day", "published")


def published_date(published: dt.date | None) -> EventDate:
    """The publication date as the event date: what GDELT and ICEWS do for every event."""
    return EventDate(published.isoformat(), "day", "published") if published else UNKNOWN
