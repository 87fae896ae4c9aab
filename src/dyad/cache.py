"""Compiled forms of dyad's data files, kept between processes.

Reading the YAML dictionaries (with PyYAML's pure-Python loader) and building the gazetteer
cost seconds at every start. This module keeps what they compile to in the user's cache
folder, keyed by a digest of everything the result depends on (the files' own bytes, the
library versions, the building code), so a cached value is never stale: any change gives a
new key and a rebuild, and an old file is simply never read again.

* The folder: ``$DYAD_CACHE_DIR``, else ``$XDG_CACHE_HOME/dyad``, else ``~/.cache/dyad``.
* ``DYAD_CACHE=0`` turns caching off (every start reads and builds from the sources).
* Files are written with :mod:`marshal` (plain data only: reading one can run no code) to a
  temporary name and renamed into place, so two processes building at once are safe: a
  reader sees no file or a whole one. A file that cannot be read (truncated, another Python)
  is rebuilt.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import os
import sys
import tempfile
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import yaml

FORMAT = 1  # bump when the layout of cached files changes

_OFF = ("0", "no", "false", "off")
_DATE, _DATETIME = "\0date", "\0datetime"  # YAML never yields tuples, so these tags are unambiguous


def enabled() -> bool:
    """False when the user turned the cache off (``DYAD_CACHE=0``)."""
    return os.environ.get("DYAD_CACHE", "1").strip().lower() not in _OFF


def cache_dir() -> Path | None:
    """The folder cached files live in, or None when caching is off or there is no home."""
    if not enabled():
        return None
    if os.environ.get("DYAD_CACHE_DIR"):
        return Path(os.environ["DYAD_CACHE_DIR"])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "dyad"
    try:
        return Path.home() / ".cache" / "dyad"
    except RuntimeError:  # no home directory
        return None


def digest(*parts: bytes | str) -> str:
    """A key for a cached value: the digest of everything it is built from."""
    h = hashlib.sha1(repr((FORMAT, sys.version_info[:2], marshal.version)).encode())
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()[:20]


def read(name: str, key: str) -> Any | None:
    """The value stored under (name, key), or None when there is none that can be read.

    Values are plain data (what :mod:`marshal` stores); :func:`pack` and :func:`unpack`
    convert dates and arrays."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        return marshal.loads((folder / f"{name}-{key}.marshal").read_bytes())
    except Exception:  # missing, truncated or written by another Python: rebuild
        return None


def write(name: str, key: str, value: Any) -> None:
    """Store a value atomically; a folder that cannot be written is no error (no cache)."""
    folder = cache_dir()
    if folder is None:
        return
    path = folder / f"{name}-{key}.marshal"
    tmp = None
    try:
        data = marshal.dumps(value)
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)  # atomic: concurrent processes see no file or a whole one
    except (OSError, ValueError):
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


T = TypeVar("T")


def cached(name: str, key: str, build: Callable[[], Any]) -> Any:
    """The value under (name, key), built and stored on a miss (plain data: stored as it is)."""
    return cached_object(name, key, build, _as_is, _as_is)


def _as_is(value: Any) -> Any:
    return value


def cached_object(
    name: str, key: str | None, build: Callable[[], T], to_plain: Callable[[T], Any], from_plain: Callable[[Any], T]
) -> T:
    """An object kept in the cache as plain data: rebuilt from it under (name, key), else built
    and stored; a None key (the cache is off or the inputs could not be read) always builds."""
    plain = read(name, key) if key else None
    if plain is not None:
        return from_plain(plain)
    value = build()
    if key:
        write(name, key, to_plain(value))
    return value


def load_yaml(path: str | Path) -> Any:
    """A YAML file parsed with libyaml's safe loader, from the cache when its bytes were seen.

    Raises what reading and parsing raise (OSError, UnicodeDecodeError, yaml.YAMLError)."""
    raw = Path(path).read_bytes()
    key = digest(raw, yaml.__version__)
    value = read("yaml", key)
    if value is not None:
        return unpack(value[0])
    data = yaml.load(raw.decode("utf-8"), Loader=_LOADER)
    write("yaml", key, (pack(data),))
    return data


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def pack(value: Any) -> Any:
    """Marshal stores plain data only: dates become tagged tuples, arrays (typecode, bytes)."""
    if isinstance(value, dict):
        return {k: pack(v) for k, v in value.items()}
    if isinstance(value, list):
        return [pack(v) for v in value]
    if isinstance(value, tuple):
        return tuple(pack(v) for v in value)
    if isinstance(value, dt.datetime):
        return (_DATETIME, value.isoformat())
    if isinstance(value, dt.date):
        return (_DATE, value.isoformat())
    if isinstance(value, array):
        return ("\0array", value.typecode, value.tobytes())
    return value


def unpack(value: Any) -> Any:
    """The inverse of :func:`pack`."""
    if isinstance(value, dict):
        return {k: unpack(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unpack(v) for v in value]
    if isinstance(value, tuple):
        if value and value[0] == _DATETIME:
            return dt.datetime.fromisoformat(value[1])
        if value and value[0] == _DATE:
            return dt.date.fromisoformat(value[1])
        if value and value[0] == "\0array":
            column = array(value[1])
            column.frombytes(value[2])
            return column
        return tuple(unpack(v) for v in value)
    return value
