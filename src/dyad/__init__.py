"""dyad: political event data from news text.

    >>> import dyad
    >>> coder = dyad.Coder()
    >>> events = coder.code(text, published="2022-10-04")

The public API is what this module exports; everything else is internal.
"""

from dyad.gcpause import paused_collection as _paused_collection

# spaCy and dyad create some 190,000 long-lived objects on import: the cyclic garbage collector
# would walk them all again and again for nothing (about a tenth of a second at each start).
with _paused_collection():
    from dyad.config import Config, load_config
    from dyad.pipeline import Coder, Result
    from dyad.records import Actor, Article, Event, Plover, event_schema

__all__ = ["Coder", "Result", "Config", "load_config", "Article", "Event", "Actor", "Plover", "event_schema"]
__version__ = "0.1.0"
