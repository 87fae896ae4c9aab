"""The errors dyad raises on purpose: one family under :class:`DyadError`.

Every exception class of the package derives from one of the four kinds below, so a caller
(the CLI, the web app, a script) can catch ``DyadError`` and show its message, which is one
line naming the thing at fault and what to do. Anything else that escapes is a bug.

Each kind also derives from the built-in exception it replaces (``ValueError``,
``RuntimeError``, ``OSError``), so code written against those keeps working.
Assigns nothing to documents.
"""

from __future__ import annotations


class DyadError(Exception):
    """An error dyad reports to its user as one line; ``exit_status`` is the CLI's exit code."""

    exit_status = 1


class InputError(DyadError, ValueError):
    """What the user gave is wrong: an argument, an option's value, an article, a query."""

    exit_status = 2


class DataError(DyadError, ValueError):
    """A data file cannot be used: a dictionary, a config file, a gold set, a code table."""

    exit_status = 2


class SetupError(DyadError, RuntimeError):
    """The environment lacks something dyad needs: a spaCy model, pyspark, a usable database."""

    exit_status = 2


class NetworkError(DyadError, OSError):
    """A remote host could not be reached or refused the request (DNS, timeout, HTTP status, robots.txt)."""

    exit_status = 1


__all__ = ["DataError", "DyadError", "InputError", "NetworkError", "SetupError"]
