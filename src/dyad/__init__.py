"""dyad: political event data from news text.

    >>> import dyad
    >>> coder = dyad.Coder()
    >>> events = coder.code(text, published="2022-10-04")

The public API is what this module exports; everything else is internal.

The names below are imported on first use (PEP 562), so that ``import dyad.cache`` or the
``dyad`` command's own start-up does not load spaCy before it needs it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dyad.config import Config, load_config
    from dyad.pipeline import Coder, Result
    from dyad.records import Actor, Article, Event, Plover, event_schema

_EXPORTS = {
    "Coder": "dyad.pipeline",
    "Result": "dyad.pipeline",
    "Config": "dyad.config",
    "load_config": "dyad.config",
    "Article": "dyad.records",
    "Event": "dyad.records",
    "Actor": "dyad.records",
    "Plover": "dyad.records",
    "event_schema": "dyad.records",
}

__all__ = ["Coder", "Result", "Config", "load_config", "Article", "Event", "Actor", "Plover", "event_schema"]
__version__ = "0.1.0"


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'dyad' has no attribute {name!r}")
    from dyad.gcpause import paused_collection

    # spaCy and dyad create some 190,000 long-lived objects on import: the cyclic garbage
    # collector would walk them all again and again for nothing.
    with paused_collection():
        value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
