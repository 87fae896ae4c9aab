"""The place-name gazetteer that :mod:`dyad.context.places` looks names up in.

Built once per process, lazily (:func:`load_gazetteer`), from data that ships with installed
packages, so nothing is downloaded; every name is indexed by its normalized form
(:func:`normalize`), so a lookup is one dict access. Building takes seconds, so the built
tables are kept in dyad's cache folder (:mod:`dyad.cache`) and read from there by later
processes; ``DYAD_CACHE=0`` (or ``DYAD_GAZETTEER_CACHE=0``) turns that off, and the file is
rebuilt whenever the package versions, the Python version, this package or aliases.yaml change.

Modules, by job: ``names`` (lookup keys), ``build`` (the tables, from GeoNames, pycountry and
aliases.yaml), ``index`` (the :class:`Gazetteer` over the tables, and loading them).
"""

from dyad.context.gazetteer.build import CITY_FILE, build_tables
from dyad.context.gazetteer.index import (
    CITY,
    COUNTRY,
    FORMAT,
    KINDS,
    MAX_TOKENS,
    REGION,
    Entry,
    Gazetteer,
    Hit,
    Kind,
    load_gazetteer,
)
from dyad.context.gazetteer.names import normalize

__all__ = [
    "CITY",
    "CITY_FILE",
    "COUNTRY",
    "FORMAT",
    "KINDS",
    "MAX_TOKENS",
    "REGION",
    "Entry",
    "Gazetteer",
    "Hit",
    "Kind",
    "build_tables",
    "load_gazetteer",
    "normalize",
]
