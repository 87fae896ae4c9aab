"""The CAMEO event code table: names, Goldstein values, quad classes and PLOVER types.

Assigns nothing to documents; :class:`CameoTable` looks codes up for the event stage. The
table is `data/cameo.tsv`, written from the CAMEO codebook and the CAMEO→PLOVER map."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from dyad.errors import DataError


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad_class: int
    plover_type: str | None
    plover_mode: str | None

    @property
    def root(self) -> str:
        return self.code[:2]


class UnknownCode(DataError, KeyError):
    """A verb dictionary names a CAMEO code that the code table lacks."""


class CameoTable:
    """All CAMEO event codes by code string ("051", "0211")."""

    def __init__(self, rows: dict[str, CameoCode]):
        self.rows = rows

    def __getitem__(self, code: str) -> CameoCode:
        try:
            return self.rows[code]
        except KeyError:
            raise UnknownCode(f"unknown CAMEO event code {code!r}") from None

    def __contains__(self, code: str) -> bool:
        return code in self.rows

    def __len__(self) -> int:
        return len(self.rows)


@lru_cache(maxsize=1)
def load_cameo_table() -> CameoTable:
    path = resources.files("dyad") / "data" / "cameo.tsv"
    rows: dict[str, CameoCode] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            code = row["code"].strip()
            rows[code] = CameoCode(
                code=code,
                name=row["name"].strip(),
                goldstein=float(row["goldstein"]),
                quad_class=int(row["quad_class"]),
                plover_type=(row.get("plover_type") or "").strip() or None,
                plover_mode=(row.get("plover_mode") or "").strip() or None,
            )
    return CameoTable(rows)
