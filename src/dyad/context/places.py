"""Find the places an article names, resolve each to one gazetteer entry, and tie events to them.

Assigns :class:`Place` records: :func:`find_places` for the places in a parsed article,
:func:`resolve_dateline` for the place a story was filed from, and :func:`event_location`
for the place an event's sentence ties its action to. Names are looked up in
:mod:`dyad.context.gazetteer` (GeoNames cities, countries, ISO 3166-2 regions).

Same-named places are told apart by, in order of weight: an explicit qualifier ("Paris,
Texas"), cues in the sentence ("the regions of Donetsk", "the governor of Georgia"), the
countries the article is about (given by the caller, named in the article, or its dateline),
and population.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from dyad.context.gazetteer import MAX_TOKENS, Entry, Gazetteer, Hit, load_gazetteer, normalize
from dyad.records import Place

__all__ = ["Place", "find_places", "resolve_dateline", "event_location", "load_gazetteer"]


# ------------------------------------------------------------------------ word lists

_MONTHS_DAYS = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
}
# Lower-case words a multiword name may contain ("Bosnia and Herzegovina", "Rio de Janeiro").
_CONNECTORS = {
    "of",
    "and",
    "the",
    "de",
    "del",
    "la",
    "le",
    "el",
    "al",
    "da",
    "do",
    "dos",
    "das",
    "di",
    "du",
    "des",
    "van",
    "von",
    "am",
    "an",
    "im",
    "sur",
    "en",
    "y",
    "e",
    "on",
    "upon",
    "-",
    "'s",
}
# A capitalized word before a place name in the same run that leaves it a place ("Eastern Ukraine").
_DIRECTIONS = {
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "greater",
    "upper",
    "lower",
    "occupied",
    "new",
    "old",
}
# A capitalized word after a place name in the same run that leaves it a place ("Kharkiv
# Governor ...", "Gaza Health Ministry"); any other word makes the run a name ("Jordan
# Peterson", "New York Times").
_PLACE_HEADS = {
    "governor",
    "gov",
    "mayor",
    "region",
    "regions",
    "oblast",
    "oblasts",
    "province",
    "governorate",
    "city",
    "state",
    "strip",
    "regional",
    "administration",
    "military",
    "police",
    "border",
    "guard",
    "health",
    "interior",
    "ministry",
    "department",
    "office",
    "court",
    "prosecutor",
    "prosecutors",
    "attorney",
    "authorities",
    "airport",
    "port",
    "nuclear",
    "power",
    "plant",
    "station",
    "front",
    "offensive",
    "direction",
    "axis",
    "people",
    "republic",
    "council",
    "assembly",
    "committee",
    "government",
    "parliament",
    "congress",
    "senate",
    "president",
    "prime",
    "minister",
    "foreign",
    "defense",
    "defence",
    "secretary",
    "ambassador",
    "embassy",
    "consulate",
    "army",
    "navy",
    "air",
    "forces",
    "armed",
    "national",
    "security",
    "special",
    "chief",
    "general",
    "commander",
    "district",
    "county",
    "raion",
    "metro",
    "metropolitan",
    "area",
    "municipality",
    "town",
    "village",
    "mission",
    "delegation",
    "team",
    "officials",
    "official",
    "leader",
    "leaders",
    "lawmakers",
    "legislature",
    "legislators",
    "sen",
    "senator",
    "rep",
    "representative",
    "troops",
    "emergency",
    "emergencies",
    "civil",
    "electoral",
    "election",
    "central",
    "bank",
    "federal",
    "supreme",
    "constitutional",
    "opposition",
    "mp",
    "mps",
    "deputy",
    "vice",
    "lt",
    "coast",
    "treasury",
    "marine",
    "marines",
    "intelligence",
    "trade",
    "finance",
    "energy",
    "economy",
    "commerce",
    "justice",
    "education",
    "agriculture",
    "transport",
    "customs",
    "immigration",
    "cabinet",
    "envoy",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "authority",
    "agency",
    "stock",
    "governorship",
    "chamber",
    "legislative",
}
_REGION_WORDS = {
    "region",
    "oblast",
    "province",
    "governorate",
    "state",
    "prefecture",
    "territory",
    "republic",
    "regions",
    "oblasts",
    "provinces",
    "governorates",
    "states",
    "prefectures",
    "territories",
}
_PLURAL_REGION_WORDS = {w for w in _REGION_WORDS if w.endswith("s")}
# Words in a sentence that make "Georgia" the US state: its governor, legislature, counties.
_US_CUES = {
    "gov",
    "governor",
    "governors",
    "sen",
    "senator",
    "legislature",
    "statehouse",
    "county",
    "counties",
    "republican",
    "republicans",
    "democrat",
    "democrats",
    "gop",
}
# Prepositions that make a small, out-of-context place plausible ("in Krynky").
_LOCATIVE = {
    "in",
    "at",
    "near",
    "outside",
    "inside",
    "from",
    "to",
    "into",
    "toward",
    "towards",
    "around",
    "across",
    "through",
    "throughout",
    "along",
    "over",
    "within",
    "of",
    "between",
    "beyond",
    "via",
}
_SETTLEMENT_WORDS = {"village", "town", "city", "settlement", "hamlet", "township", "municipality"}

_TINY = 5000  # a city smaller than this needs a cue or the article's country
_LARGE = 100_000  # a city at least this big is taken even from an odd token


# ------------------------------------------------------------------------ candidates


@dataclass
class _Mention:
    start: int  # token indices [start, end)
    end: int
    key: str
    hits: list[Hit]
    propn: bool
    sent_start: int
    the: bool = False  # written "the X"
    upper: bool = False  # written in capitals: "START"
    possessive: bool = False  # its qualifier is a country's possessive: "Syria's Homs"
    qualifier: _Mention | None = None  # "Texas" in "Paris, Texas"
    qualifies: _Mention | None = None  # "Paris" for "Texas"
    region_cue: bool = False
    us_cue: bool = False  # words of a US state's politics in the sentence: governor, county
    us_places: bool = False  # other US places in the sentence: "Atlanta", "Texas"
    locative: bool = False
    region_set: bool = False  # one of regions_first named with another, or as "parts of"
    listed_regions: set[str] = field(default_factory=set)  # countries of regions it is listed with
    ranked: list[tuple[float, Entry]] = field(default_factory=list)
    choice: Entry | None = None
    confident: bool = False


def _capitalized(token: Token) -> bool:
    return token.text[:1].isupper() and any(c.isalpha() for c in token.text)


def _namelike(token: Token) -> bool:
    return _capitalized(token) and (token.pos_ == "PROPN" or token.tag_ in ("NNP", "NNPS"))


def _word(token: Token) -> str:
    return token.lower_.rstrip(".")


def _skipped(token: Token, skip: Iterable[tuple[int, int]]) -> bool:
    start, end = token.idx, token.idx + len(token.text)
    return any(s < end and start < e for s, e in skip)


def _match_at(doc: Doc, i: int, sent_end: int, gz: Gazetteer) -> tuple[int, str] | None:
    """The longest gazetteer name starting at token i: (end, key)."""
    best = None
    limit = min(sent_end, i + MAX_TOKENS)
    for j in range(i + 1, limit + 1):
        last = doc[j - 1]
        if j - 1 > i:
            inner = doc[j - 2]
            if "\n" in inner.whitespace_ or "\n" in last.text:
                break
            if not (_capitalized(last) or last.lower_ in _CONNECTORS):
                break
        if not _capitalized(last):
            continue
        key = normalize(doc[i : last.i + 1].text)  # Doc.text rebuilds the whole text: slice a span
        if key in gz.index:
            best = (j, key)
    return best


def _head(doc: Doc, start: int, end: int) -> Token:
    for token in doc[start:end]:
        if not (start <= token.head.i < end) or token.head.i == token.i:
            return token
    return doc[end - 1]


def _region_word(token: Token) -> bool:
    return token.lower_ in _REGION_WORDS or token.lemma_.lower() in _REGION_WORDS


def _direct_region_cue(token: Token) -> bool:
    """ "Sumy region", "Donetsk Oblast", "the regions of Donetsk", "the state of Georgia"."""
    head = token.head
    if token.dep_ in ("compound", "nmod", "amod", "poss", "npadvmod") and _region_word(head):
        return head.lower_ not in ("state", "states") or head.i == token.i + 1
    if token.dep_ == "pobj" and head.lower_ == "of" and _region_word(head.head):
        return True
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return following is not None and _region_word(following) and following.lower_ not in ("republic", "states")


_GOVERNOR_WORDS = {"governor", "gov", "governors", "legislature", "statehouse", "governorship"}


def _has_region_cue(doc: Doc, m: _Mention) -> bool:
    head = _head(doc, m.start, m.end)
    if m.end < len(doc) and _word(doc[m.end]) in _GOVERNOR_WORDS:
        return True  # "Washington Gov. Jay Inslee", "Kharkiv Governor Oleh Syniehubov"
    if head.dep_ == "pobj" and head.head.lower_ == "of" and _word(head.head.head) in _GOVERNOR_WORDS:
        return True  # "the governor of Georgia"
    if _direct_region_cue(head) or (
        m.end < len(doc) and _region_word(doc[m.end]) and doc[m.end].lower_ not in ("republic", "states")
    ):
        return True
    for other in head.conjuncts:
        if _direct_region_cue(other) or other.lower_ in _PLURAL_REGION_WORDS:
            return True
    return False


def _has_locative_cue(doc: Doc, m: _Mention) -> bool:
    before = doc[m.start - 1] if m.start > 0 else None
    if before is None:
        return False
    if before.lower_ == "of" and m.start > 1 and doc[m.start - 2].lower_ in _SETTLEMENT_WORDS:
        return True
    head = _head(doc, m.start, m.end)
    return before.lower_ in _LOCATIVE or (head.dep_ == "pobj" and head.head.lower_ in _LOCATIVE)


_PARTICLES = {
    "de",
    "la",
    "del",
    "da",
    "das",
    "do",
    "dos",
    "di",
    "du",
    "van",
    "von",
    "der",
    "den",
    "le",
    "bin",
    "ibn",
    "al",
    "el",
    "ben",
    "abu",
    "ould",
    "ter",
    "ten",
    "y",
}
_ARTICLES = {"al", "el", "ad", "as", "ash", "an", "ar", "az", "at", "ath", "ud", "bin", "ibn", "abu", "umm"}


def _tail_of_name(doc: Doc, i: int, gz: Gazetteer) -> bool:
    """A name that ends another one: "Al-Safir" (after an Arabic article and a hyphen), "de la
    Rosa" (after a surname particle that follows a given name)."""
    before = doc[i - 1]
    if not before.whitespace_ and before.text in ("-", "‐"):
        head = doc[i - 2]
        return (
            head.is_alpha
            and not head.whitespace_
            and (
                head.lower_ in _ARTICLES
                or (
                    _capitalized(head)
                    and normalize(head.text) not in gz.country_keys
                    and head.lower_ not in gz.demonyms
                )
            )
        )
    j = i - 1
    while j >= 0 and doc[j].lower_ in _PARTICLES and not _capitalized(doc[j]):
        j -= 1
    return j < i - 1 and j >= 0 and _namelike(doc[j])


def _candidates(doc: Doc, gz: Gazetteer, skip) -> tuple[list[_Mention], set[str], set[str]]:
    """Every name the gazetteer knows, as mentions; demonym countries; surnames seen."""
    mentions: list[_Mention] = []
    demonyms: set[str] = set()
    surnames: set[str] = set()
    for sent in doc.sents:
        i = sent.start
        while i < sent.end:
            token = doc[i]
            if not _capitalized(token) or (token.is_stop and not _namelike(token)) or _skipped(token, skip):
                i += 1
                continue
            found = _match_at(doc, i, sent.end, gz)
            if found is None:
                if token.lower_ in gz.demonyms:
                    demonyms.add(gz.demonyms[token.lower_])
                i += 1
                continue
            end, key = found
            if key in gz.demonyms and end == i + 1:
                demonyms.add(gz.demonyms[key])
                i = end
                continue
            if (end == i + 1 and key in _MONTHS_DAYS) or _skipped(doc[end - 1], skip):
                i = end
                continue
            if (
                end + 1 < sent.end
                and doc[end].lower_ == "of"
                and _capitalized(doc[end + 1])
                and key not in gz.country_keys
            ):
                i = end  # "Sea of Japan", "University of Texas": the head of a longer name
                continue
            before = doc[i - 1] if i > sent.start else None
            if before is not None and i - 2 >= sent.start and _tail_of_name(doc, i, gz):
                i = end  # "Al-Safir", "Rafael de la Rosa": the end of another name
                continue
            if before is not None and before.lower_ in ("named", "nicknamed") and key not in gz.country_keys:
                i = end  # "a woman named Elizabeth"
                continue
            text = doc[token.i : end].text
            if len(text) <= 4 and text.replace(".", "").isupper() and key not in gz.abbreviations:
                i = end  # "UN", "PAR": acronyms, not places
                continue
            the = (
                before is not None
                and before.lower_ == "the"
                and "the " + key not in gz.index
                and _head(doc, i, end).dep_ not in ("compound", "amod", "nmod", "poss")
            )  # not "the Kabul office"
            mentions.append(
                _Mention(
                    i,
                    end,
                    key,
                    gz.lookup(key, normalized=True),
                    propn=_namelike(doc[end - 1]),
                    sent_start=sent.start,
                    the=the,
                    upper=text.isupper() and len(text) > 3,
                )
            )
            i = end

    # names in a run of capitalized words: a place only if the other words are titles or
    # offices of the place ("Kharkiv Governor Oleh Syniehubov"), not a person or a paper
    owner = {t: m for m in mentions for t in range(m.start, m.end)}

    def word_of_name(token: Token | None, side: str) -> bool:
        """A capitalized word next to a place name that makes the run a person or a title."""
        if token is None or not _namelike(token):
            return False
        other = owner.get(token.i)
        if other is not None:  # "Lloyd Austin", "Manuel Burgos": two names make a person's
            return not (other.key in gz.abbreviations or any(h.entry.kind == "country" for h in other.hits))
        return _word(token) not in (_DIRECTIONS if side == "left" else _PLACE_HEADS)

    kept = []
    for m in mentions:
        left = doc[m.start - 1] if m.start > m.sent_start and doc[m.start - 1].whitespace_ else None
        right = doc[m.end] if m.end < len(doc) and doc[m.end - 1].whitespace_ else None
        if word_of_name(left, "left") or word_of_name(right, "right"):
            run_end = m.end
            while run_end < len(doc) and _namelike(doc[run_end]) and doc[run_end - 1].whitespace_:
                run_end += 1
            surnames.add(normalize(doc[run_end - 1].text))
            continue
        kept.append(m)
    return kept, demonyms, surnames


# ------------------------------------------------------------------------ scoring


def _base_score(e: Entry, primary: bool) -> float:
    if e.kind == "country":
        s = math.log10(e.population + 10) + 2.0
    elif e.kind == "city":
        s = math.log10(e.population + 10) + (1.5 if e.capital else 0.0)
    else:
        s = 5.0 + (2.0 if e.preferred else 0.0)
    return s if primary else s - 2.0


def _score(e: Entry, primary: bool, m: _Mention, context: set[str], admins: set[str], gz: Gazetteer) -> float:
    s = _base_score(e, primary)
    if e.country in context:
        s += 2.5
    if e.kind == "city" and e.admin1 and e.admin1 in admins:
        s += 3.0
    if e.kind == "region":
        if m.region_cue:
            s += 10.0
        if e.country in m.listed_regions:
            s += 6.0
        if e.id in gz.region_first and e.country in context and m.region_set:
            s += 10.0
        if m.us_cue and e.country == "USA":
            s += 10.0
        if m.us_places and e.country == "USA":
            s += 10.0
    return s


def _allowed(e: Entry, primary: bool, m: _Mention, context: set[str], surnames: set[str], gz: Gazetteer) -> bool:
    """Whether a candidate may stand at all: small places need a cue, odd tokens a big place,
    and names that are usually something else ("White House", "Lincoln") a qualifier."""
    in_context = e.country in context
    common = m.key in gz.common_words
    if e.kind == "city":
        if common and m.qualifier is None:
            return False
        if m.key in surnames and not e.capital and m.qualifier is None:
            return False  # "Austin said", after "Lloyd Austin"
        if m.the and m.end - m.start == 1:  # "the Roma", "Feel the Bern"
            return False
        if (not m.propn or m.upper) and e.population < _LARGE:
            return False  # "START" is a treaty, not Start, Louisiana
        if not primary and m.qualifier is None and e.population < 1_000_000:
            # another name of a city ("Hamas" is Hamm in Lithuanian): only a spelling of its
            # name ("Izium" for Izyum) in the article's country, or with a locative cue there
            if not (in_context and e.population >= 15_000 and (m.locative or _similar(m.key, normalize(e.name)))):
                return False
        if e.population < _TINY and not in_context:
            if m.key in STOP_WORDS or not (m.locative or m.qualifier is not None):
                return False
    elif e.kind == "region":
        if m.key in surnames and not (e.preferred or m.region_cue):
            return False
        if common and not (e.preferred or m.region_cue or m.us_cue or m.qualifier is not None):
            return False
        if not m.propn and not (e.preferred or m.region_cue):
            return False
        if e.minor and not (m.region_cue or m.qualifier is not None or (in_context and m.locative)):
            return False  # "Grad" is a Slovenian municipality
    return True


def _similar(a: str, b: str) -> bool:
    """Two spellings of one name ("izium", "izyum"; "hodeidah", "al hudaydah")."""
    a, b = (w.split(" ", 1)[1] if w.split(" ", 1)[0] in _ARTICLES and " " in w else w for w in (a, b))
    return SequenceMatcher(None, a, b).ratio() >= 0.75


def _ranked(
    m: _Mention, context: set[str], admins: set[str], surnames: set[str], gz: Gazetteer
) -> list[tuple[float, Entry]]:
    hits = [h for h in m.hits if _allowed(h.entry, h.primary, m, context, surnames, gz)]
    if any(h.primary and (h.entry.kind == "country" or h.entry.population >= _LARGE) for h in hits):
        hits = [h for h in hits if h.primary]  # "Cancun" is Cancún, not Changchun
    towns = [h.entry for h in hits if h.entry.kind == "city" and h.entry.population >= _TINY]
    scored = []
    for h in hits:
        e = h.entry
        s = _score(e, h.primary, m, context, admins, gz)
        if (
            e.kind == "region"
            and not e.preferred
            and any(
                t.country == e.country and (t.admin1 == e.admin1 or (t.admin1 is None and t.population >= _LARGE))
                for t in towns
            )
        ):
            s -= 3.0  # "Kherson" alone is the city; "Kherson region" the region
        scored.append((s, h.entry))
    scored.sort(key=lambda se: (-se[0], se[1].id))
    return scored


def _contains(outer: Entry, inner: Entry) -> bool:
    """`outer` is a country or region that holds `inner` ("Texas" holds Paris, TX)."""
    if outer.id == inner.id or outer.kind == "city" or outer.country != inner.country:
        return False
    if outer.kind == "country":
        return inner.kind != "country"
    code = outer.subdivision or outer.admin1
    return inner.kind == "city" and code is not None and inner.admin1 == code


def _context_for(m: _Mention, base: set[str], confident: list[_Mention]) -> set[str]:
    return base | {o.choice.country for o in confident if o is not m and o.choice and o.choice.country}


def _resolve(doc: Doc, mentions: list[_Mention], base: set[str], surnames: set[str], gz: Gazetteer) -> None:
    # first pass: the article's own context from the places that are clear without it
    for m in mentions:
        ranked = _ranked(m, base, set(), surnames, gz)
        if ranked:
            m.choice = ranked[0][1]
            countries = {e.country for _, e in ranked}
            m.confident = (
                len(countries) == 1 or ranked[0][0] - next(s for s, e in ranked if e.country != m.choice.country) >= 1.5
            )
    confident = [m for m in mentions if m.confident]
    heads = {_head(doc, m.start, m.end).i: m for m in mentions}
    for m in mentions:  # "in Washington, Oregon and Idaho": listed with regions, a region
        siblings = [heads.get(t.i) for t in _head(doc, m.start, m.end).conjuncts]
        m.listed_regions = {
            o.choice.country
            for o in siblings
            if o is not None
            and o is not m
            and o.confident
            and o.choice
            and o.choice.kind == "region"
            and o.choice.subdivision
            and not o.choice.preferred
        }
    for m in mentions:
        context = _context_for(m, base, confident)
        admins = {
            o.choice.subdivision or o.choice.admin1
            for o in confident
            if o is not m and o.choice and o.choice.kind == "region"
        } - {None}
        m.ranked = _ranked(m, context, admins, surnames, gz)
        m.choice = m.ranked[0][1] if m.ranked else None
    # qualifiers decide both names jointly: "Paris, Texas", "Atlanta, Georgia"
    for m in mentions:
        q = m.qualifier
        if q is None:
            continue
        pairs = [(sa + sb, a, b) for sa, a in m.ranked for sb, b in q.ranked if _contains(b, a)]
        if pairs:
            _, a, b = max(pairs, key=lambda p: (p[0], -p[1].id, -p[2].id))
            m.choice, q.choice = a, b
        elif m.possessive and m.choice is not None and m.choice.country != (q.choice and q.choice.country):
            m.choice = None  # "Ireland's Dail" is no Syrian town


def _link_qualifiers(doc: Doc, mentions: list[_Mention]) -> None:
    """ "Paris, Texas": a place, a comma, and a country or region that may hold it; "Syria's
    Homs": a country, its possessive, and a place that must lie in it."""
    for a, b in zip(mentions, mentions[1:]):
        if (
            b.start == a.end + 1
            and doc[a.end].lower_ in ("'s", "’s")
            and any(h.entry.kind == "country" for h in a.hits)
        ):
            b.qualifier, a.qualifies, b.possessive = a, b, True
            continue
        if b.start != a.end + 1 or doc[a.end].text != ",":
            continue
        b_kinds = {h.entry.kind for h in b.hits}
        if not b_kinds & {"country", "region"} or any(h.entry.kind == "country" for h in a.hits):
            continue
        if _head(doc, b.start, b.end).dep_ in ("compound", "amod", "nmod"):
            continue  # "against Cuba, U.S. officials said"
        after = doc[b.end] if b.end < len(doc) else None
        listed = after is not None and (
            after.lower_ in ("and", "or")
            or (after.text == "," and b.end + 1 < len(doc) and doc[b.end + 1].lower_ in ("and", "or"))
        )
        us_state_or_country = any(
            h.entry.kind == "country" or (h.entry.kind == "region" and h.entry.country == "USA") for h in b.hits
        )
        if listed and not us_state_or_country:
            continue  # "Sloviansk, Donetsk and Kramatorsk": a list
        a.qualifier, b.qualifies = b, a


def _us_cue(doc: Doc, m: _Mention) -> bool:
    return any(_word(t) in _US_CUES for t in doc[m.start].sent)


def _us_places(m: _Mention, mentions: list[_Mention]) -> bool:
    return any(
        o is not m
        and o.sent_start == m.sent_start
        and o.choice is not None
        and o.choice.country == "USA"
        and o.choice.kind != "country"
        and o.confident
        for o in mentions
    )


def _place(doc: Doc, m: _Mention, e: Entry) -> Place:
    start, end = doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1].text)
    return Place(
        text=doc[m.start : m.end].text,
        name=e.name,
        country=e.country,
        admin1=e.admin1 if e.kind != "country" else None,
        admin1_name=e.admin1_name if e.kind != "country" else None,
        kind=e.kind,
        lat=e.lat,
        lon=e.lon,
        geonames_id=e.geonames_id,
        char_span=(start, end),
    )


# ------------------------------------------------------------------------ public API


def find_places(
    doc: Doc,
    skip: Iterable[tuple[int, int]] = (),
    context_countries: Iterable[str] = (),
    dateline: str | Place | None = None,
) -> list[Place]:
    """Every place the article names, in text order, each resolved to one gazetteer entry.

    `skip`: character spans never read (dateline, byline). `context_countries`: ISO3 codes
    the article is known to be about (e.g. from its actors). `dateline`: the place the story
    was filed from (a name or a resolved :class:`Place`), which adds its country to the context.
    """
    gz = load_gazetteer()
    skip = list(skip)
    mentions, demonyms, surnames = _candidates(doc, gz, skip)
    base = {c for c in context_countries if c} | demonyms
    if isinstance(dateline, str):
        dateline = resolve_dateline(dateline)
    if dateline is not None and dateline.country:
        base.add(dateline.country)
    _link_qualifiers(doc, mentions)
    first: dict[int, set[int]] = {m.sent_start: set() for m in mentions}
    for m in mentions:
        m.region_cue = _has_region_cue(doc, m)
        m.locative = _has_locative_cue(doc, m)
        first[m.sent_start].update(h.entry.id for h in m.hits if h.entry.id in gz.region_first)
    for m in mentions:  # "parts of Zaporizhzhia and Kherson": named together, or as parts
        part = m.start >= 2 and doc[m.start - 1].lower_ == "of" and doc[m.start - 2].lemma_.lower() == "part"
        m.region_set = len(first[m.sent_start]) >= 2 or part
    _resolve(doc, mentions, base, surnames, gz)  # a first choice, for the US cues below
    for m in mentions:  # "Georgia": the country, unless the sentence is about a US state
        if any(h.entry.kind == "country" and h.entry.country != "USA" for h in m.hits) and any(
            h.entry.kind == "region" and h.entry.country == "USA" for h in m.hits
        ):
            m.us_cue = _us_cue(doc, m)
            m.us_places = _us_places(m, mentions)
    _resolve(doc, mentions, base, surnames, gz)
    return [_place(doc, m, m.choice) for m in mentions if m.choice is not None]


def resolve_dateline(name: str) -> Place | None:
    """The place a dateline names ("ANKARA", "KYIV, Ukraine"): the capital or the largest
    city of that name (in the named country or region, if one is given); else a region or
    country of that name."""
    gz = load_gazetteer()
    text = name.split("(")[0].strip().strip("-–—:").strip()
    if not text:
        return None
    head, _, rest = text.partition(",")
    hits = gz.lookup(head.strip())
    if not hits:
        return None
    within = [h.entry for h in gz.lookup(rest.strip())] if rest.strip() else []
    if within:
        inside = [h for h in hits if any(_contains(w, h.entry) for w in within)]
        hits = inside or hits

    def rank(h: Hit) -> tuple:
        e = h.entry
        kind = {"city": 0, "region": 1, "country": 2}[e.kind]
        return (kind, not e.capital, not h.primary, -e.population, e.id)

    e = min(hits, key=rank).entry
    return Place(
        text=name.strip(),
        name=e.name,
        country=e.country,
        admin1=e.admin1 if e.kind != "country" else None,
        admin1_name=e.admin1_name if e.kind != "country" else None,
        kind=e.kind,
        lat=e.lat,
        lon=e.lon,
        geonames_id=e.geonames_id,
        char_span=None,
    )


# ------------------------------------------------------------------------ event location

_LOCATIVE_PREPS = {
    "in",
    "at",
    "near",
    "outside",
    "inside",
    "across",
    "into",
    "around",
    "throughout",
    "along",
    "over",
    "within",
    "on",
    "from",
    "toward",
    "towards",
    "through",
    "off",
    "beyond",
    "to",
}
_COUNTRY_PREPS = {"in", "into", "across", "inside", "throughout"}
_MOVEMENT_ONLY = {"from", "to", "toward", "towards", "through"}  # need a movement or attack
_ON_NOUNS = {"outskirts", "border", "frontline", "front", "coast", "edge", "territory", "soil", "outskirt"}
_PLACE_OBJECT_VERBS = {
    "attack",
    "shell",
    "strike",
    "bomb",
    "hit",
    "capture",
    "seize",
    "take",
    "enter",
    "invade",
    "occupy",
    "raid",
    "besiege",
    "storm",
    "liberate",
    "recapture",
    "retake",
    "visit",
    "surround",
    "encircle",
    "target",
    "pound",
    "bombard",
    "reach",
    "evacuate",
    "blockade",
    "control",
    "hold",
    "assault",
    "overrun",
    "shoot",
    "fire",
    "rocket",
    "drone",
    "tour",
    "leave",
    "flee",
    "annex",
}
_MOVEMENT_VERBS = {
    "move",
    "advance",
    "withdraw",
    "retreat",
    "push",
    "march",
    "deploy",
    "send",
    "fly",
    "travel",
    "arrive",
    "return",
    "leave",
    "flee",
    "fire",
    "launch",
    "cross",
    "enter",
    "pull",
    "evacuate",
    "come",
    "go",
    "head",
    "transfer",
    "airlift",
    "smuggle",
    "infiltrate",
    "drive",
    "sail",
}


def _np_root(token: Token) -> Token:
    """Climb from a name to the noun phrase that holds it: "the city of Kharkiv" -> "city",
    "Donetsk and Luhansk" -> "Donetsk", "Kharkiv region" -> "region"."""
    for _ in range(6):
        if (
            token.dep_ == "conj"
            or token.dep_ == "appos"
            or token.dep_ in ("compound", "nmod", "amod")
            and token.head.pos_ in ("NOUN", "PROPN")
            and token.head.lower_ in _REGION_WORDS | _SETTLEMENT_WORDS | {"outskirts", "area", "areas"}
        ):
            token = token.head
        elif (
            token.dep_ == "pobj"
            and token.head.lower_ == "of"
            and token.head.head.lower_
            in (
                _REGION_WORDS
                | _SETTLEMENT_WORDS
                | _ON_NOUNS
                | {"area", "areas", "part", "parts", "center", "centre", "suburbs", "suburb"}
            )
        ):
            token = token.head.head
        else:
            break
    return token


def _attached(prep: Token, trigger: Token) -> int | None:
    """How closely a preposition hangs on the action: 0 the trigger, 1 its object, 2 its
    subject; None if elsewhere."""
    host = prep.head
    if prep.dep_ == "conj":  # "in the city ... and on the outskirts of"
        while host.dep_ == "conj" and host.head.i != host.i:
            host = host.head
        host = host.head
    if host.i == trigger.i:
        return 0
    for child in trigger.children:
        if child.i == host.i and child.dep_ in ("dobj", "pobj", "attr", "oprd", "dative", "nsubjpass"):
            return 1
        if child.i == host.i and child.dep_ in ("nsubj", "agent"):
            return 2
        if child.dep_ == "prep" and any(g.i == host.i and g.dep_ == "pobj" for g in child.children):
            return 1  # "the attack on the city near Kharkiv"
    return None


def event_location(trigger: Token, places: list[Place]) -> Place | None:
    """The place the trigger's sentence ties the action to, or None.

    A place in a locative phrase ("in", "at", "near", "outside", "across", and "from"/"to"
    with a movement) that hangs on the trigger, its object or its subject; a city or region
    that is the trigger's object ("shelled Kharkiv") or modifies the event noun ("the Kharkiv
    counteroffensive"). A bare country counts only as the object of "in", "into", "across"
    ("troops in Ukraine shelled ...", not "Russia vetoed ..."). Never the dateline.
    """
    doc = trigger.doc
    sent = trigger.sent
    best: tuple[tuple, Place] | None = None
    movement = trigger.lemma_.lower() in _MOVEMENT_VERBS
    for place in places:
        if place.char_span is None:
            continue  # the dateline, or any place not in the text
        start, end = place.char_span
        if not (sent.start_char <= start and end <= sent.end_char):
            continue
        span: Span | None = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        head = span.root
        root = _np_root(head)
        rank: tuple | None = None
        if root.dep_ == "pobj" and root.head.dep_ in ("prep", "conj", "agent") and root.head.pos_ == "ADP":
            prep = root.head
            word = prep.lower_
            closeness = _attached(prep, trigger)
            if closeness is not None and word in _LOCATIVE_PREPS:
                allowed = True
                if place.kind == "country":  # "troops in Ukraine shelled", not "integration into Russia"
                    allowed = word in _COUNTRY_PREPS and (closeness != 1 or word != "into")
                elif word in _MOVEMENT_ONLY:
                    allowed = movement or trigger.lemma_.lower() in _PLACE_OBJECT_VERBS
                elif word == "on":
                    allowed = root.lower_ in _ON_NOUNS or trigger.pos_ == "NOUN" or closeness == 0
                if allowed:
                    rank = (0, closeness, abs(root.i - trigger.i))
        if rank is None and place.kind != "country":
            if (
                root.head.i == trigger.i
                and root.dep_ in ("dobj", "nsubjpass")
                and trigger.lemma_.lower() in _PLACE_OBJECT_VERBS
            ):
                rank = (1, 0, abs(root.i - trigger.i))  # "shelled Kharkiv", "Kharkiv was shelled"
            elif (
                head.head.i == trigger.i
                and head.dep_ in ("compound", "amod", "nmod", "poss")
                and trigger.pos_ in ("NOUN", "PROPN")
            ):
                rank = (1, 1, abs(head.i - trigger.i))  # "the Kharkiv counteroffensive"
            elif (
                head.dep_ == "pobj"
                and head.head.lower_ == "of"
                and head.head.head.i == trigger.i
                and trigger.pos_ in ("NOUN", "VERB")
                and trigger.tag_ in ("NN", "NNS", "VBG")
            ):
                rank = (1, 2, abs(head.i - trigger.i))  # "the shelling of Donetsk"
        if rank is not None and (best is None or rank < best[0]):
            best = (rank, place)
    return best[1] if best else None
