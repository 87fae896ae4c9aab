"""No cyclic garbage collection while dyad loads what lives as long as the process.

Loading spaCy and dyad's dictionaries creates some 200,000 long-lived objects; the collector
would walk them again and again and find nothing (a third of a second at each start).
``gc.disable()`` is not enough: spaCy's loaders (srsly's msgpack reader) call ``gc.enable()``
when they finish, whatever the state was before. A zero threshold stops automatic collection
whether the collector is enabled or not, and survives such calls.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_collection(freeze: bool = False) -> Iterator[None]:
    """No automatic collection inside the block; the thresholds and on/off state as before after it.

    With ``freeze``, every object alive at the end of the block moves to the collector's
    permanent generation (:func:`gc.freeze`), never to be walked again. Only for a process
    dyad owns (the ``dyad`` command): a cycle frozen there is never freed, the caller's
    objects included."""
    thresholds = gc.get_threshold()
    enabled = gc.isenabled()
    gc.set_threshold(0)
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        gc.set_threshold(*thresholds)
        if enabled:
            gc.enable()
        else:
            gc.disable()
