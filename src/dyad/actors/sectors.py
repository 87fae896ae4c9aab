"""Sectors of actors, read from ``data/sectors.yaml``.

Assigns nothing to documents: it answers which PLOVER sector a CAMEO role code is (HLH → MED,
MED → JRN) and which role the last word of an uncoded name gives ("Regional Court" → JUD).
Loaded once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from dyad.cache import load_yaml
from dyad.errors import DataError


class SectorFileError(DataError):
    """data/sectors.yaml is malformed; the message says which part."""


@dataclass(frozen=True)
class Sectors:
    plover: frozenset[str]
    cameo_to_plover: dict[str, str]
    name_heads: dict[str, str]  # lower-case head word -> CAMEO role code

    def plover_sector(self, cameo_role: str | None) -> str | None:
        """PLOVER's sector for a CAMEO role code, or None if PLOVER has none."""
        if not cameo_role:
            return None
        sector = self.cameo_to_plover.get(cameo_role, cameo_role)
        return sector if sector in self.plover else None


@cache
def sectors() -> Sectors:
    """The built-in sector tables."""
    path = Path(__file__).resolve().parent.parent / "data" / "sectors.yaml"
    data = load_yaml(path)
    try:
        plover = frozenset(data["plover_sectors"])
        mapping = {str(k): str(v) for k, v in data["cameo_to_plover"].items()}
        heads = {str(word).lower(): str(role) for role, words in data["name_heads"].items() for word in words}
    except (KeyError, TypeError, AttributeError) as error:
        raise SectorFileError(f"{path}: needs plover_sectors, cameo_to_plover and name_heads: {error}") from None
    bad = sorted(v for v in mapping.values() if v not in plover)
    if bad:
        raise SectorFileError(f"{path}: cameo_to_plover maps to codes that are not PLOVER sectors: {bad}")
    return Sectors(plover, mapping, heads)


def plover_sector(cameo_role: str | None) -> str | None:
    """PLOVER's sector for a CAMEO role code (HLH → MED, MED → JRN), or None if PLOVER has none."""
    return sectors().plover_sector(cameo_role)
