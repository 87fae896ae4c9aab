"""Every exception class dyad defines is one of the four kinds of DyadError."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import dyad
from dyad.errors import DataError, DyadError, InputError, NetworkError, SetupError

KINDS = (InputError, DataError, SetupError, NetworkError)
OPTIONAL = ("dyad.spark.job", "dyad.spark.session")  # need pyspark


def _exception_classes() -> dict[str, type]:
    found = {}
    for info in pkgutil.walk_packages(dyad.__path__, "dyad."):
        try:
            module = importlib.import_module(info.name)
        except ImportError:
            if info.name.startswith(OPTIONAL):
                continue
            raise
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, BaseException) and value.__module__ == info.name:
                found[f"{info.name}.{name}"] = value
    return found


def test_every_exception_class_is_a_kind_of_dyad_error():
    classes = _exception_classes()
    assert len(classes) >= 12
    strays = [name for name, cls in classes.items() if cls not in (DyadError, *KINDS) and not issubclass(cls, KINDS)]
    assert strays == []


@pytest.mark.parametrize(
    ("kind", "builtin", "status"),
    [
        (InputError, ValueError, 2),
        (DataError, ValueError, 2),
        (SetupError, RuntimeError, 2),
        (NetworkError, OSError, 1),
    ],
)
def test_kinds_keep_their_builtin_base_and_exit_status(kind, builtin, status):
    error = kind("disk.db: no such database file")
    assert isinstance(error, DyadError) and isinstance(error, builtin)
    assert str(error) == "disk.db: no such database file"
    assert kind.exit_status == status


def test_named_classes_are_the_expected_kinds():
    from dyad.config import ConfigError
    from dyad.eval import GoldError
    from dyad.events.codes import UnknownCode
    from dyad.nlp import ModelNotFound
    from dyad.readers.fetch import FetchError
    from dyad.store.db import StoreError

    assert issubclass(ConfigError, DataError) and issubclass(GoldError, DataError)
    assert issubclass(UnknownCode, DataError) and issubclass(UnknownCode, KeyError)
    assert issubclass(ModelNotFound, SetupError) and issubclass(StoreError, SetupError)
    assert issubclass(FetchError, NetworkError)
    assert FetchError("example.org: name not resolved", retry=True).retry is True
