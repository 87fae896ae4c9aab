"""Resolve a short text that names one actor ("the Mongolian President", "Los Zetas") to it.

Assigns nothing to articles: it runs the actor stages (dictionary, open names, titles, coref)
over the text alone and returns the actor that the text's head word belongs to. Used to score
actor resolution on its own (``dyad eval`` on a set of actor cases).
"""

from __future__ import annotations

import datetime as dt

from spacy.language import Language
from spacy.tokens import Doc

from dyad.actors.coref import resolve_article
from dyad.actors.dictionary import ActorDictionary
from dyad.actors.matcher import ActorMention, cameo_country, find_mentions
from dyad.actors.names import place_country


def resolve_text(text: str, nlp: Language, dictionary: ActorDictionary, day: dt.date | None) -> ActorMention | None:
    """The actor the text names: the one over its syntactic head, else the longest one in it."""
    doc = nlp(text)
    mentions = find_mentions(doc, dictionary, day)
    index = resolve_article(doc, mentions)
    # resolved actors first; then an agent of no known country ("soldiers": its role alone)
    found = [m for m in index.mentions if m.is_actor] + [m for m in mentions if m.cameo_role and not m.code]
    found += [m for m in mentions if m.kind == "adjective"]  # "German" alone names its country
    for root in (t for t in doc if t.head.i == t.i):
        here = [m for m in found if m.start <= root.i < m.end]
        if here:
            return here[0]
    best = max(found, key=lambda m: (m.end - m.start, m.is_actor), default=None)
    return best if best is not None else _place(doc)


def _place(doc: Doc) -> ActorMention | None:
    """A text that is only a place's name ("Mariupol", "Puerto Penasco") names its country, as a
    place does where the event coder takes it for an actor."""
    names = [t for t in doc if not t.is_punct]
    if not names or any(not t.text[:1].isupper() for t in names):
        return None
    country = place_country(doc.text.strip())
    if country is None:
        return None
    country = cameo_country(country)
    return ActorMention(0, len(doc), "place", country, country, None, doc.text.strip(), doc.text.strip())
