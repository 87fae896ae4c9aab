"""dyad: political event data from news text.

    >>> import dyad
    >>> coder = dyad.Coder()
    >>> events = coder.code(text, published="2022-10-04")

The public API is what this module exports; everything else is internal.
"""

from dyad.config import Config, load_config
from dyad.pipeline import Coder, Result
from dyad.records import Actor, Article, Event, Plover, event_schema

__all__ = ["Coder", "Result", "Config", "load_config", "Article", "Event", "Actor", "Plover", "event_schema"]
__version__ = "0.1.0"
