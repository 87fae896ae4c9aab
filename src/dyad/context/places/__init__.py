"""Find the places an article names, resolve each to one gazetteer entry, and tie events to them.

Assigns :class:`~dyad.records.Place` records: :func:`find_places` for the places in a parsed
article, :func:`resolve_dateline` for the place a story was filed from, and
:func:`event_location` for the place an event's sentence ties its action to. Names are looked
up in :mod:`dyad.context.gazetteer` (GeoNames cities, countries, ISO 3166-2 regions).

Modules, by job: ``words`` (word lists, from data/places/words.yaml), ``candidates`` (names
the gazetteer knows), ``cues`` (what the words around a name say of it), ``resolve`` (one
entry per name; the dateline), ``location`` (an event's place).
"""

from dyad.context.gazetteer import load_gazetteer
from dyad.context.places.location import PlaceIndex, event_location
from dyad.context.places.resolve import find_places, resolve_dateline
from dyad.records import Place

__all__ = ["Place", "PlaceIndex", "find_places", "resolve_dateline", "event_location", "load_gazetteer"]
