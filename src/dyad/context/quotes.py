"""Extract quotes and their speakers from a parsed article.

Assigns :class:`~dyad.records.Quote` records: direct quotes in straight or curly quotation
marks (split around "said X", or running over several paragraphs, each reopened with a mark)
and indirect speech ("X said that ..."), each with its speaker's name, title and actor. Later
mentions ("Jo said", "the official added", "he concluded") take the speaker they refer to.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from spacy.attrs import LEMMA
from spacy.tokens import Doc, Span, Token

from dyad.actors.coref import ActorIndex
from dyad.doccache import children, doc_text, sentence_of, slice_text, span_tokens, tokens, word_indices
from dyad.events.speech import SPEECH_VERBS
from dyad.lexicon import QUOTE_MARKS
from dyad.records import Quote, Speaker

_MIN_WORDS = 4  # shorter quoted words with no speech verb are scare quotes: a "sham"
_SPEAKER_DEPS = ("nsubj", "nsubjpass")


@dataclass
class _Segment:
    start: int  # first token inside the marks
    end: int  # token index after the last quoted token


def _marks_and_breaks(doc: Doc) -> list[int]:
    """The indices of the tokens that are quotation marks or hold a line break (each distinct
    word's text is looked at once, not each token's: :func:`dyad.doccache.word_indices`)."""
    return word_indices(doc, _mark_or_break)


def _mark_or_break(text: str) -> bool:
    return text in QUOTE_MARKS or "\n" in text


def _segments(doc: Doc) -> list[list[_Segment]]:
    """Quoted token ranges, grouped when one quote runs over several paragraphs."""
    groups: list[list[_Segment]] = []
    open_at: int | None = None
    continuing = False
    for i in _marks_and_breaks(doc):  # every other token changes nothing below
        token = doc[i]
        if token.text not in QUOTE_MARKS:
            if open_at is not None and ("\n" in token.text) and token.i > open_at:
                # a paragraph ends inside a quote: it continues if the next paragraph reopens it
                end = token.i
                following = next((t for t in doc[token.i + 1 :] if not t.is_space), None)
                segment = _Segment(open_at, end)
                _add(groups, segment, continuing)
                continuing = following is not None and following.text in QUOTE_MARKS
                open_at = None if not continuing else -1
            continue
        if open_at == -1:  # the reopening mark of a continued quote
            open_at = token.i + 1
            continue
        if open_at is None:
            open_at = token.i + 1
        else:
            _add(groups, _Segment(open_at, token.i), continuing)
            continuing = False
            open_at = None
    return [g for g in groups if any(s.end > s.start for s in g)]


def _add(groups: list[list[_Segment]], segment: _Segment, continuing: bool) -> None:
    if continuing and groups:
        groups[-1].append(segment)
    else:
        groups.append([segment])


def _speech_verb(doc: Doc, segments: list[_Segment]) -> Token | None:
    """The speech verb outside the marks that introduces the quote: "said Jo", "Jo said", "he added"."""
    inside = {i for s in segments for i in range(s.start, s.end)}
    sentences: list[Span] = []
    for segment in (segments[-1], segments[0]):
        for i in (segment.start, max(segment.start, segment.end - 1), min(len(doc) - 1, segment.end + 1)):
            sentence = sentence_of(tokens(doc)[i])
            if sentence not in sentences:
                sentences.append(sentence)
    for sentence in sentences:
        for token in span_tokens(sentence):
            if (
                token.i not in inside
                and token.lemma_ in SPEECH_VERBS
                and token.pos_ in ("VERB", "AUX")
                and _subject(token) is not None
            ):
                return token
    return None


def _subject(verb: Token) -> Token | None:
    """The speaker's word: the verb's subject, or the subject of the verb it is coordinated with."""
    for _ in range(3):
        subject = next((c for c in children(verb) if c.dep_ in _SPEAKER_DEPS), None)
        if subject is not None or verb.dep_ != "conj":
            return subject
        verb = verb.head
    return None


class SpeakerMemory:
    """Speakers seen so far in an article, so "the official" or "he" can be named."""

    def __init__(self) -> None:
        self.last: Speaker | None = None

    def speaker(self, subject: Token, index: ActorIndex) -> Speaker:
        doc = subject.doc
        actors = [m for m in index.at(subject) if m.code] or [m for t in subject.subtree for m in index.at(t) if m.code]
        actor = actors[0] if actors else None
        start = min(t.i for t in subject.subtree if t.dep_ not in ("appos", "punct") or t.i <= subject.i)
        appos = next((c for c in children(subject) if c.dep_ == "appos"), None)
        words = slice_text(doc, start, subject.i + 1)
        title = slice_text(doc, appos.left_edge.i, appos.right_edge.i + 1) if appos is not None else None
        person = subject.pos_ == "PROPN" and (actor is None or actor.kind in ("alias", "person"))
        name = None
        if person:
            name = actor.name if actor is not None else words
            if self.last is not None and name == self.last.name:
                title = title or self.last.title
        elif subject.pos_ != "PROPN" and self.last is not None and (actor is None or actor.code == self.last.code):
            name, title = self.last.name, title or self.last.title  # "the official", "he"
        elif actor is not None:
            name = words[4:] if words.lower().startswith("the ") else words  # an institution speaks
        speaker = Speaker(
            name=name,
            title=title,
            text=words,
            code=actor.code if actor else None,
            country=actor.country if actor else None,
            sector=actor.sector if actor else None,
        )
        if person:
            self.last = speaker
        return speaker


def _speech_lemmas(doc: Doc) -> set[int]:
    """The ids of the speech verbs' lemmas in this document's string store."""
    strings = doc.vocab.strings
    return {strings[lemma] for lemma in SPEECH_VERBS if lemma in strings}


def extract_quotes(doc: Doc, index: ActorIndex, article_id: str) -> list[Quote]:
    """Direct quotes and indirect speech, in text order, with their speakers."""
    memory = SpeakerMemory()
    full_text = doc_text(doc)  # Doc.text joins every token: built once per doc
    quotes: list[Quote] = []
    covered: set[int] = set()  # speech verbs that introduce a direct quote
    direct = []
    has_marks = any(mark in full_text for mark in QUOTE_MARKS)
    for segments in _segments(doc) if has_marks else []:
        verb = _speech_verb(doc, segments)
        words = sum(1 for s in segments for t in doc[s.start : s.end] if t.is_alpha)
        if words < _MIN_WORDS and (
            verb is None or not any(t.head.i == verb.i for s in segments for t in doc[s.start : s.end])
        ):
            continue  # a scare quote: calling them a "sham"
        direct.append((segments, verb))
        if verb is not None:
            covered.add(verb.i)
    speech = _speech_lemmas(doc)
    lemmas = doc.to_array(LEMMA).tolist()
    indirect = [
        v
        for v in (doc[i] for i, lemma in enumerate(lemmas) if lemma in speech)
        if v.lemma_ in SPEECH_VERBS
        and v.pos_ == "VERB"
        and v.i not in covered
        and _subject(v) is not None
        and any(c.dep_ == "ccomp" for c in children(v))
    ]
    items = [(s[0].start, "direct", s, v) for s, v in direct] + [(v.i, "indirect", None, v) for v in indirect]
    previous: Speaker | None = None
    for _, kind, segments, verb in sorted(items, key=lambda item: item[0]):
        subject = _subject(verb) if verb is not None else None
        speaker = memory.speaker(subject, index) if subject is not None else previous
        if kind == "direct":
            start, end = doc[segments[0].start].idx, doc[segments[-1].end - 1].idx + len(doc[segments[-1].end - 1])
            text = full_text[start:end]
        else:
            clause = next(c for c in children(verb) if c.dep_ == "ccomp")
            if any(doc[i].text in QUOTE_MARKS for i in range(clause.left_edge.i, clause.right_edge.i + 1)):
                continue  # partly quoted: the direct quote covers it
            first = clause.left_edge
            if first.dep_ == "mark" and first.lower_ == "that":
                first = doc[first.i + 1]
            start, end = first.idx, clause.right_edge.idx + len(clause.right_edge)
            text = full_text[start:end]
        while text and text[-1] in ",;: ":  # the comma before "he said" is punctuation, not words
            text, end = text[:-1], end - 1
        previous = speaker
        quote_id = hashlib.sha1(f"{article_id}|{start}|{end}".encode()).hexdigest()[:16]
        quotes.append(
            Quote(
                quote_id=quote_id,
                article_id=article_id,
                direct=kind == "direct",
                text=text,
                char_span=(start, end),
                speaker=speaker,
            )
        )
    return quotes
