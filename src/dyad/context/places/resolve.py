"""Resolve each place candidate to one gazetteer entry, and the dateline to its place.

Assigns :class:`~dyad.records.Place` records (:func:`find_places`, :func:`resolve_dateline`).
Same-named places are told apart by, in order of weight: an explicit qualifier ("Paris,
Texas"), cues in the sentence ("the regions of Donetsk", "the governor of Georgia"), the
countries the article is about (given by the caller, named in the article, or its dateline),
and population. The weights below are scores added to a candidate entry's base score (about
log10 of its population); each says why it has its size."""

from __future__ import annotations

import math
from collections.abc import Iterable
from difflib import SequenceMatcher

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from dyad.context.gazetteer import Entry, Gazetteer, Hit, load_gazetteer, normalize
from dyad.context.places.candidates import LARGE, TINY, PlaceCandidate, find_candidates, name_head
from dyad.context.places.cues import has_locative_cue, has_region_cue, link_qualifiers, us_cue, us_places
from dyad.context.places.words import ARTICLES
from dyad.records import Place


def _base_score(e: Entry, primary: bool) -> float:
    if e.kind == "country":
        s = math.log10(e.population + 10) + 2.0
    elif e.kind == "city":
        s = math.log10(e.population + 10) + (1.5 if e.capital else 0.0)
    else:
        s = 5.0 + (2.0 if e.preferred else 0.0)
    return s if primary else s - 2.0


def _score(e: Entry, primary: bool, m: PlaceCandidate, context: set[str], admins: set[str], gz: Gazetteer) -> float:
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
        if not primary and m.qualifier is None and e.population < 1_000_000:
            # another name of a city ("Hamas" is Hamm in Lithuanian): only a spelling of its
            # name ("Izium" for Izyum) in the article's country, or with a locative cue there
            if not (in_context and e.population >= 15_000 and (m.locative or _similar(m.key, normalize(e.name)))):
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


def _similar(a: str, b: str) -> bool:
    """Two spellings of one name ("izium", "izyum"; "hodeidah", "al hudaydah")."""
    a, b = (w.split(" ", 1)[1] if w.split(" ", 1)[0] in ARTICLES and " " in w else w for w in (a, b))
    return SequenceMatcher(None, a, b).ratio() >= 0.75


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
            s -= 3.0  # "Kherson" alone is the city; "Kherson region" the region
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


def _context_for(m: PlaceCandidate, base: set[str], confident: list[PlaceCandidate]) -> set[str]:
    return base | {o.choice.country for o in confident if o is not m and o.choice and o.choice.country}


def _resolve(doc: Doc, mentions: list[PlaceCandidate], base: set[str], surnames: set[str], gz: Gazetteer) -> None:
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
    heads = {name_head(doc, m.start, m.end).i: m for m in mentions}
    for m in mentions:  # "in Washington, Oregon and Idaho": listed with regions, a region
        siblings = [heads.get(t.i) for t in name_head(doc, m.start, m.end).conjuncts]
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
        pairs = [(sa + sb, a, b) for sa, a in m.ranked for sb, b in q.ranked if contains(b, a)]
        if pairs:
            _, a, b = max(pairs, key=lambda p: (p[0], -p[1].id, -p[2].id))
            m.choice, q.choice = a, b
        elif m.possessive and m.choice is not None and m.choice.country != (q.choice and q.choice.country):
            m.choice = None  # "Ireland's Dail" is no Syrian town


def place_record(doc: Doc, m: PlaceCandidate, e: Entry) -> Place:
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
    for m in mentions:  # "Georgia": the country, unless the sentence is about a US state
        if any(h.entry.kind == "country" and h.entry.country != "USA" for h in m.hits) and any(
            h.entry.kind == "region" and h.entry.country == "USA" for h in m.hits
        ):
            m.us_cue = us_cue(doc, m)
            m.us_places = us_places(m, mentions)
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
