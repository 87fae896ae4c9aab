"""What an act becomes when it is announced, refused or demanded rather than done.

Assigns the rewritten CAMEO code: future cooperation is an intent (03x), a refusal to
cooperate a rejection (12x), an announced hostile act a threat (13x), and another's act
that a speaker says must happen a demand (10x), a show of force by several actors together a joint
exercise (062). The tables are data:
`data/events/rewrites.yaml`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from dyad.cache import load_yaml
from dyad.errors import DataError
from dyad.events.codes import CameoTable


class RewriteTableError(DataError):
    """The rewrite tables are malformed or name a code the CAMEO table lacks."""


@dataclass(frozen=True)
class Rewrite:
    """One table: code (or its first three digits) → new code, then root → new code."""

    name: str
    codes: dict[str, str]
    roots: dict[str, str]

    def covers(self, code: str) -> bool:
        return code[:2] in self.roots

    def apply(self, code: str, table: CameoTable, default: str | None = None) -> str:
        """The rewritten code; the root's code when the specific one is missing from the CAMEO table."""
        fallback = self.roots.get(code[:2], default)
        if fallback is None:
            raise KeyError(f"rewrite {self.name!r} has no code for root {code[:2]!r}")
        mapped = self.codes.get(code) or self.codes.get(code[:3]) or fallback
        return mapped if mapped in table else fallback


@dataclass(frozen=True)
class Rewrites:
    intent: Rewrite
    reject: Rewrite
    threat: Rewrite
    demand: Rewrite
    joint: Rewrite


@lru_cache(maxsize=1)
def load_rewrites(table: CameoTable) -> Rewrites:
    """The built-in rewrite tables, every code checked against the CAMEO table."""
    path = resources.files("dyad") / "data" / "events" / "rewrites.yaml"
    data = load_yaml(str(path)) or {}  # libyaml, from the cache: PyYAML's own loader cost ~0.05 s a start
    found = {}
    for name in ("intent", "reject", "threat", "demand", "joint"):
        part = data.get(name)
        if not isinstance(part, dict):
            raise RewriteTableError(f"{path}: missing table {name!r} (with 'codes' and 'roots')")
        codes = {str(k): str(v) for k, v in (part.get("codes") or {}).items()}
        roots = {str(k): str(v) for k, v in (part.get("roots") or {}).items()}
        unknown = sorted(v for v in [*codes.values(), *roots.values()] if v not in table)
        if unknown:
            raise RewriteTableError(f"{path}: table {name!r} names unknown CAMEO codes {unknown}")
        found[name] = Rewrite(name, codes, roots)
    return Rewrites(**found)
