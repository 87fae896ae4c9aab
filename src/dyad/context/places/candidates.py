"""Place candidates: every run of capitalized words in an article that the gazetteer knows.

Assigns :class:`PlaceCandidate` records (token span, gazetteer hits, how the name is written),
and collects the countries of demonyms ("Ukrainian") and the surnames of people seen, which
:mod:`dyad.context.places.resolve` uses to tell places from people ("Austin said")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from dyad.actors.matcher import span_head
from dyad.context.gazetteer import MAX_TOKENS, Entry, Gazetteer, Hit, normalize
from dyad.context.places.words import ARTICLES, CONNECTORS, DIRECTIONS, MONTHS_DAYS, PARTICLES, PLACE_HEADS
from dyad.doccache import doc_text, sentences, slice_text, tokens, word_indices, word_passes

TINY = 5000  # a city smaller than this needs a cue or the article's country
LARGE = 100_000  # a city at least this big is taken even from an odd token


@dataclass
class PlaceCandidate:
    """A name in the text that the gazetteer knows, with what resolution needs to know of it."""

    start: int  # token indices [start, end)
    end: int
    key: str
    hits: list[Hit]
    propn: bool
    sent_start: int
    the: bool = False  # written "the X"
    upper: bool = False  # written in capitals: "START"
    possessive: bool = False  # its qualifier is a country's possessive: "Syria's Homs"
    qualifier: PlaceCandidate | None = None  # "Texas" in "Paris, Texas"
    qualifies: PlaceCandidate | None = None  # "Paris" for "Texas"
    region_cue: bool = False
    us_cue: bool = False  # words of a US state's politics in the sentence: governor, county
    us_places: bool = False  # other US places in the sentence: "Atlanta", "Texas"
    locative: bool = False
    region_set: bool = False  # one of regions_first named with another, or as "parts of"
    listed_regions: set[str] = field(default_factory=set)  # countries of regions it is listed with
    ranked: list[tuple[float, Entry]] = field(default_factory=list)
    choice: Entry | None = None
    confident: bool = False


def capitalized(token: Token) -> bool:
    return word_passes(token, _is_capitalized)  # each distinct word's text looked at once


def _is_capitalized(text: str) -> bool:
    return text[:1].isupper() and any(c.isalpha() for c in text)


def namelike(token: Token) -> bool:
    return capitalized(token) and (token.pos_ == "PROPN" or token.tag_ in ("NNP", "NNPS"))


def lower_word(token: Token) -> str:
    return token.lower_.rstrip(".")


def skipped(token: Token, skip: Iterable[tuple[int, int]]) -> bool:
    start, end = token.idx, token.idx + len(token.text)
    return any(s < end and start < e for s, e in skip)


def match_at(doc: Doc, i: int, sent_end: int, gz: Gazetteer) -> tuple[int, str] | None:
    """The longest gazetteer name starting at token i: (end, key)."""
    best = None
    limit = min(sent_end, i + MAX_TOKENS)
    found, text = tokens(doc), doc_text(doc)
    first = found[i].idx
    for j in range(i + 1, limit + 1):
        last = found[j - 1]
        if j - 1 > i:
            inner = found[j - 2]
            if "\n" in inner.whitespace_ or "\n" in last.text:
                break
            if not (capitalized(last) or last.lower_ in CONNECTORS):
                break
        if not capitalized(last):
            continue
        key, known, extends = gz.find_written(text[first : last.idx + len(last)])
        if known:
            best = (j, key)
        elif not extends:
            break  # a longer name's key would start with this one: no key does
    return best


def tail_of_name(doc: Doc, i: int, gz: Gazetteer) -> bool:
    """A name that ends another one: "Al-Safir" (after an Arabic article and a hyphen), "de la
    Rosa" (after a surname particle that follows a given name)."""
    before = doc[i - 1]
    if not before.whitespace_ and before.text in ("-", "‐"):
        head = doc[i - 2]
        return (
            head.is_alpha
            and not head.whitespace_
            and (
                head.lower_ in ARTICLES
                or (
                    capitalized(head) and normalize(head.text) not in gz.country_keys and head.lower_ not in gz.demonyms
                )
            )
        )
    j = i - 1
    while j >= 0 and doc[j].lower_ in PARTICLES and not capitalized(doc[j]):
        j -= 1
    return j < i - 1 and j >= 0 and namelike(doc[j])


def find_candidates(doc: Doc, gz: Gazetteer, skip) -> tuple[list[PlaceCandidate], set[str], set[str]]:
    """Every name the gazetteer knows, as mentions; demonym countries; surnames seen."""
    mentions: list[PlaceCandidate] = []
    demonyms: set[str] = set()
    starts = _capitalized_tokens(doc)  # no other token can start a candidate
    position = 0
    for sent in sentences(doc):
        i = sent.start
        while position < len(starts) and starts[position] < sent.start:
            position += 1
        while position < len(starts) and starts[position] < sent.end:
            if starts[position] >= i:
                i, candidate = _candidate_at(doc, starts[position], sent.start, sent.end, gz, skip, demonyms)
                if candidate is not None:
                    mentions.append(candidate)
            position += 1
    surnames: set[str] = set()
    return _drop_name_runs(doc, mentions, gz, surnames), demonyms, surnames


def _capitalized_tokens(doc: Doc) -> list[int]:
    """The indices of the capitalized tokens (each distinct word's text is looked at once, not
    each token's)."""
    return word_indices(doc, _is_capitalized)


def _candidate_at(
    doc: Doc, i: int, sent_start: int, sent_end: int, gz: Gazetteer, skip, demonyms: set[str]
) -> tuple[int, PlaceCandidate | None]:
    """The candidate starting at token i, if any, and the token to look at next."""
    token = doc[i]
    if not capitalized(token) or (token.is_stop and not namelike(token)) or skipped(token, skip):
        return i + 1, None
    found = match_at(doc, i, sent_end, gz)
    if found is None:
        if token.lower_ in gz.demonyms:
            demonyms.add(gz.demonyms[token.lower_])
        return i + 1, None
    end, key = found
    if key in gz.demonyms and end == i + 1:
        demonyms.add(gz.demonyms[key])
        return end, None
    if (end == i + 1 and key in MONTHS_DAYS) or skipped(doc[end - 1], skip):
        return end, None
    if end + 1 < sent_end and doc[end].lower_ == "of" and capitalized(doc[end + 1]) and key not in gz.country_keys:
        return end, None  # "Sea of Japan", "University of Texas": the head of a longer name
    before = doc[i - 1] if i > sent_start else None
    if before is not None and i - 2 >= sent_start and tail_of_name(doc, i, gz):
        return end, None  # "Al-Safir", "Rafael de la Rosa": the end of another name
    if before is not None and before.lower_ in ("named", "nicknamed") and key not in gz.country_keys:
        return end, None  # "a woman named Elizabeth"
    text = slice_text(doc, token.i, end)
    if len(text) <= 4 and text.replace(".", "").isupper() and key not in gz.abbreviations:
        return end, None  # "UN", "PAR": acronyms, not places
    the = (
        before is not None
        and before.lower_ == "the"
        and "the " + key not in gz.index
        and span_head(doc, i, end).dep_ not in ("compound", "amod", "nmod", "poss")
    )  # not "the Kabul office"
    candidate = PlaceCandidate(
        i,
        end,
        key,
        gz.lookup(key, normalized=True),
        propn=namelike(doc[end - 1]),
        sent_start=sent_start,
        the=the,
        upper=text.isupper() and len(text) > 3,
    )
    return end, candidate


def _drop_name_runs(
    doc: Doc, mentions: list[PlaceCandidate], gz: Gazetteer, surnames: set[str]
) -> list[PlaceCandidate]:
    """Names in a run of capitalized words are places only if the other words are titles or
    offices of the place ("Kharkiv Governor Oleh Syniehubov"), not a person or a paper; the
    last word of a dropped run is a surname."""
    owner = {t: m for m in mentions for t in range(m.start, m.end)}

    def word_of_name(token: Token | None, side: str) -> bool:
        """A capitalized word next to a place name that makes the run a person or a title."""
        if token is None or not namelike(token):
            return False
        other = owner.get(token.i)
        if other is not None:  # "Lloyd Austin", "Manuel Burgos": two names make a person's
            return not (other.key in gz.abbreviations or any(h.entry.kind == "country" for h in other.hits))
        return lower_word(token) not in (DIRECTIONS if side == "left" else PLACE_HEADS)

    kept = []
    for m in mentions:
        left = doc[m.start - 1] if m.start > m.sent_start and doc[m.start - 1].whitespace_ else None
        right = doc[m.end] if m.end < len(doc) and doc[m.end - 1].whitespace_ else None
        if word_of_name(left, "left") or word_of_name(right, "right"):
            run_end = m.end
            while run_end < len(doc) and namelike(doc[run_end]) and doc[run_end - 1].whitespace_:
                run_end += 1
            surnames.add(normalize(doc[run_end - 1].text))
            continue
        kept.append(m)
    return kept
