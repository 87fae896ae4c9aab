"""Resolve each place candidate to one gazetteer entry, and the dateline to its place.

Assigns :class:`~dyad.records.Place` records (:func:`find_places`, :func:`resolve_dateline`).
Same-named places are told apart by, in order of weight: an explicit qualifier ("Paris,
Texas"), cues in the sentence ("the regions of Donetsk", "the governor of Georgia"), the
countries the article is about (given by the caller, named in the article, or its dateline),
and population. The weights below are scores added to a candidate entry's base score (about
log10 of its population); each says why it has its size."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from dyad.actors.matcher import span_head
from dyad.context.gazetteer import Entry, Gazetteer, Hit, load_gazetteer, normalize
from dyad.context.places.candidates import LARGE, TINY, PlaceCandidate, find_candidates
from dyad.context.places.cues import has_locative_cue, has_region_cue, link_qualifiers, us_cue, us_places
from dyad.context.places.words import ARTICLES
from dyad.doccache import doc_text, tokens
from dyad.records import Place

# ------------------------------------------------------------------------ weights
# A base score is about log10 of the population (a city of 100,000 scores 5); the bonuses
# below are added to it, so each is worth that many powers of ten of population.

COUNTRY_BONUS = 2.0  # a country outranks a same-named city 100 times its size ("Georgia", "Jordan")
CAPITAL_BONUS = 1.5  # a capital outranks other same-named cities up to ~30 times its size
REGION_BASE = 5.0  # a region without a population scores like a city of 100,000
PREFERRED_REGION_BONUS = 2.0  # the region a name usually means (aliases.yaml: "Donbas", "Gaza Strip")
ALTERNATE_NAME_PENALTY = 2.0  # an alternate name (a GeoNames variant) counts 100 times less than a primary one
IN_CONTEXT_BONUS = 2.5  # a place in a country the article is about beats one ~300 times bigger elsewhere
SAME_REGION_BONUS = 3.0  # a city in a region the article names clearly ("Georgia ... Atlanta")
REGION_CUE_BONUS = 10.0  # "Sumy region", "the governor of Georgia": decisive, whatever the population
LISTED_WITH_REGIONS_BONUS = 6.0  # listed with regions of one country ("Washington, Oregon and Idaho")
REGION_SET_BONUS = 10.0  # two of a country's usual regions together ("Donetsk and Luhansk"): decisive
US_CUE_BONUS = 10.0  # a US state's politics in the sentence (governor, county, senator): decisive
US_PLACES_BONUS = 10.0  # other US places in the sentence ("Atlanta, Georgia"): decisive
CITY_OVER_REGION = 3.0  # "Kherson" alone is the city, "Kherson region" (a cue, +10) the region
CONFIDENT_MARGIN = 1.5  # a first choice this far ahead of any other country's is clear without context
ALTERNATE_CITY_MIN = 15_000  # an alternate name stands for a city in context only from this size
ALTERNATE_ALWAYS = 1_000_000  # ... and for any city of this size ("Kiev" for Kyiv)
SPELLING_SIMILARITY = 0.75  # difflib ratio of two spellings of one name ("izium", "izyum")


def _base_score(e: Entry, primary: bool) -> float:
    if e.kind == "country":
        s = math.log10(e.population + 10) + COUNTRY_BONUS
    elif e.kind == "city":
        s = math.log10(e.population + 10) + (CAPITAL_BONUS if e.capital else 0.0)
    else:
        s = REGION_BASE + (PREFERRED_REGION_BONUS if e.preferred else 0.0)
    return s if primary else s - ALTERNATE_NAME_PENALTY


def _score(e: Entry, primary: bool, m: PlaceCandidate, context: set[str], admins: set[str], gz: Gazetteer) -> float:
    s = _base_score(e, primary)
    if e.country in context:
        s += IN_CONTEXT_BONUS
    if e.kind == "city" and e.admin1 and e.admin1 in admins:
        s += SAME_REGION_BONUS
    if e.kind == "region":
        if m.region_cue:
            s += REGION_CUE_BONUS
        if e.country in m.listed_regions:
            s += LISTED_WITH_REGIONS_BONUS
        if e.id in gz.region_first and e.country in context and m.region_set:
            s += REGION_SET_BONUS
        if m.us_cue and e.country == "USA":
            s += US_CUE_BONUS
        if m.us_places and e.country == "USA":
            s += US_PLACES_BONUS
    return s


def _allowed(e: Entry, primary: bool, m: PlaceCandidate, context: set[str], surnames: set[str], gz: Gazetteer) -> bool:
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
        if (not m.propn or m.upper) and e.population < LARGE:
            return False  # "START" is a treaty, not Start, Louisiana
        if not primary and m.qualifier is None and e.population < ALTERNATE_ALWAYS:
            # another name of a city ("Hamas" is Hamm in Lithuanian): only a spelling of its
            # name ("Izium" for Izyum) in the article's country, or with a locative cue there
            if not (
                in_context and e.population >= ALTERNATE_CITY_MIN and (m.locative or _similar(m.key, normalize(e.name)))
            ):
                return False
        if e.population < TINY and not in_context:
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


@lru_cache(maxsize=20_000)
def _similar(a: str, b: str) -> bool:
    """Two spellings of one name ("izium", "izyum"; "hodeidah", "al hudaydah")."""
    a, b = (w.split(" ", 1)[1] if w.split(" ", 1)[0] in ARTICLES and " " in w else w for w in (a, b))
    return SequenceMatcher(None, a, b).ratio() >= SPELLING_SIMILARITY


def _ranked(
    m: PlaceCandidate, context: set[str], admins: set[str], surnames: set[str], gz: Gazetteer
) -> list[tuple[float, Entry]]:
    hits = [h for h in m.hits if _allowed(h.entry, h.primary, m, context, surnames, gz)]
    if any(h.primary and (h.entry.kind == "country" or h.entry.population >= LARGE) for h in hits):
        hits = [h for h in hits if h.primary]  # "Cancun" is Cancún, not Changchun
    towns = [h.entry for h in hits if h.entry.kind == "city" and h.entry.population >= TINY]
    scored = []
    for h in hits:
        e = h.entry
        s = _score(e, h.primary, m, context, admins, gz)
        if (
            e.kind == "region"
            and not e.preferred
            and any(
                t.country == e.country and (t.admin1 == e.admin1 or (t.admin1 is None and t.population >= LARGE))
                for t in towns
            )
        ):
            s -= CITY_OVER_REGION  # "Kherson" alone is the city; "Kherson region" the region
        scored.append((s, h.entry))
    scored.sort(key=lambda se: (-se[0], se[1].id))
    return scored


def contains(outer: Entry, inner: Entry) -> bool:
    """`outer` is a country or region that holds `inner` ("Texas" holds Paris, TX)."""
    if outer.id == inner.id or outer.kind == "city" or outer.country != inner.country:
        return False
    if outer.kind == "country":
        return inner.kind != "country"
    code = outer.subdivision or outer.admin1
    return inner.kind == "city" and code is not None and inner.admin1 == code


def _region_code(m: PlaceCandidate) -> str | None:
    """The region a confident mention's choice is, for the cities in it (None if no region)."""
    e = m.choice
    return (e.subdivision or e.admin1) if e is not None and e.kind == "region" else None


class _Context:
    """The countries and regions of the confident mentions, counted, so that each mention's
    context ("the others'") is read in constant time as choices change, not rebuilt."""

    def __init__(self, confident: list[PlaceCandidate]):
        self.countries = Counter(m.choice.country for m in confident if m.choice and m.choice.country)
        self.regions = Counter(code for code in map(_region_code, confident) if code is not None)

    def of_others(self, m: PlaceCandidate, base: set[str]) -> tuple[set[str], set[str]]:
        """(countries, regions) of the confident mentions other than m."""
        countries, regions = set(self.countries), set(self.regions)
        if m.confident:
            if m.choice and m.choice.country and self.countries[m.choice.country] == 1:
                countries.discard(m.choice.country)
            code = _region_code(m)
            if code is not None and self.regions[code] == 1:
                regions.discard(code)
        return base | countries, regions

    def change(self, m: PlaceCandidate, choice: Entry | None) -> None:
        """m (confident) now chooses `choice`."""
        for sign, e in ((-1, m.choice), (1, choice)):
            if e is not None and e.country:
                _count(self.countries, e.country, sign)
            code = (e.subdivision or e.admin1) if e is not None and e.kind == "region" else None
            if code is not None:
                _count(self.regions, code, sign)


def _count(counts: Counter, key: str, sign: int) -> None:
    """Add `sign` to the count of `key`, dropping a count that falls to zero (every count held
    stays positive: the context is the keys), without copying the counter."""
    n = counts.get(key, 0) + sign
    if n > 0:
        counts[key] = n
    else:
        counts.pop(key, None)


def _first_choices(mentions: list[PlaceCandidate], base: set[str], surnames: set[str], gz: Gazetteer) -> None:
    """The choice each place has without the article's other places; confident if clear."""
    for m in mentions:
        ranked = _ranked(m, base, set(), surnames, gz)
        if ranked:
            m.choice = ranked[0][1]
            countries = {e.country for _, e in ranked}
            m.confident = (
                len(countries) == 1
                or ranked[0][0] - next(s for s, e in ranked if e.country != m.choice.country) >= CONFIDENT_MARGIN
            )


def _resolve(doc: Doc, mentions: list[PlaceCandidate], base: set[str], surnames: set[str], gz: Gazetteer) -> None:
    # first pass: the article's own context from the places that are clear without it
    _first_choices(mentions, base, surnames, gz)
    confident = [m for m in mentions if m.confident]
    heads = {span_head(doc, m.start, m.end).i: m for m in mentions}
    for m in mentions:  # "in Washington, Oregon and Idaho": listed with regions, a region
        siblings = [heads.get(t.i) for t in span_head(doc, m.start, m.end).conjuncts]
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
    context = _Context(confident)
    for m in mentions:  # in text order, each with the others' choices as they stand
        countries, admins = context.of_others(m, base)
        m.ranked = _ranked(m, countries, admins, surnames, gz)
        choice = m.ranked[0][1] if m.ranked else None
        if m.confident:
            context.change(m, choice)
        m.choice = choice
    # qualifiers decide both names jointly: "Paris, Texas", "Atlanta, Georgia"
    for m in mentions:
        q = m.qualifier
        if q is None:
            continue
        pairs = [(sa + sb, a, b) for sa, a in m.ranked for sb, b in q.ranked if contains(b, a)]
        if pairs:
            _, a, b = max(pairs, key=lambda p: (p[0], -p[1].id, -p[2].id))
            m.choice, q.choice = a, b
        elif m.possessive and m.choice is not None and m.choice.country != (q.choice and q.choice.country):
            m.choice = None  # "Ireland's Dail" is no Syrian town


def place_record(doc: Doc, m: PlaceCandidate, e: Entry) -> Place:
    found = tokens(doc)
    start, end = found[m.start].idx, found[m.end - 1].idx + len(found[m.end - 1])
    return entry_place(e, doc_text(doc)[start:end], (start, end))


def entry_place(e: Entry, text: str, char_span: tuple[int, int] | None) -> Place:
    """The gazetteer entry ``e`` as the record of a place written ``text`` (a country has no admin1)."""
    return Place(
        text=text,
        name=e.name,
        country=e.country,
        admin1=e.admin1 if e.kind != "country" else None,
        admin1_name=e.admin1_name if e.kind != "country" else None,
        kind=e.kind,
        lat=e.lat,
        lon=e.lon,
        geonames_id=e.geonames_id,
        char_span=char_span,
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
    mentions, demonyms, surnames = find_candidates(doc, gz, skip)
    base = {c for c in context_countries if c} | demonyms
    if isinstance(dateline, str):
        dateline = resolve_dateline(dateline)
    if dateline is not None and dateline.country:
        base.add(dateline.country)
    link_qualifiers(doc, mentions)
    first: dict[int, set[int]] = {m.sent_start: set() for m in mentions}
    for m in mentions:
        m.region_cue = has_region_cue(doc, m)
        m.locative = has_locative_cue(doc, m)
        first[m.sent_start].update(h.entry.id for h in m.hits if h.entry.id in gz.region_first)
    for m in mentions:  # "parts of Zaporizhzhia and Kherson": named together, or as parts
        part = m.start >= 2 and doc[m.start - 1].lower_ == "of" and doc[m.start - 2].lemma_.lower() == "part"
        m.region_set = len(first[m.sent_start]) >= 2 or part
    _resolve(doc, mentions, base, surnames, gz)  # a first choice, for the US cues below
    by_sentence: dict[int, list[PlaceCandidate]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sent_start, []).append(m)
    for m in mentions:  # "Georgia": the country, unless the sentence is about a US state
        if any(h.entry.kind == "country" and h.entry.country != "USA" for h in m.hits) and any(
            h.entry.kind == "region" and h.entry.country == "USA" for h in m.hits
        ):
            m.us_cue = us_cue(doc, m)
            m.us_places = us_places(m, by_sentence[m.sent_start])
    _resolve(doc, mentions, base, surnames, gz)
    return [place_record(doc, m, m.choice) for m in mentions if m.choice is not None]


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
        inside = [h for h in hits if any(contains(w, h.entry) for w in within)]
        hits = inside or hits

    def rank(h: Hit) -> tuple:
        e = h.entry
        kind = {"city": 0, "region": 1, "country": 2}[e.kind]
        return (kind, not e.capital, not h.primary, -e.population, e.id)

    return entry_place(min(hits, key=rank).entry, name.strip(), None)
