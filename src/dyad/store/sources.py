"""Local inputs for ingest: the readers of :mod:`dyad.readers`, named here for older imports.

Every format, the folder walk and the folder watcher live in :mod:`dyad.readers`; this
module only re-exports them (and :func:`wait`, the ingest loop's sleep).
"""

from __future__ import annotations

import time

from dyad.readers import read_file, read_inputs
from dyad.readers.walk import FolderWatcher, walk

__all__ = ["FolderWatcher", "read_file", "read_inputs", "wait", "walk"]


def wait(seconds: float, deadline: float | None) -> bool:
    """Sleep up to ``seconds`` without passing ``deadline``; False when the deadline has come."""
    now = time.monotonic()
    if deadline is not None:
        if now >= deadline:
            return False
        seconds = min(seconds, deadline - now)
    time.sleep(max(seconds, 0))
    return deadline is None or time.monotonic() < deadline
