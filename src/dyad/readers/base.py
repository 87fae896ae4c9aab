"""What every reader shares: the records a reader yields, the article id, and safe file reading.

Assigns an article's id when its input gives none: :func:`article_id`, 16 hex digits of the
SHA-1 of :func:`identity_text` (the text with newlines normalised and the title on a first
line of its own). It is the only place an article id is derived, so the same story read from
a ``.txt`` file, standard input, a JSON Lines line, a feed, a web page or ``POST
/api/articles`` gets the same id whether or not its title was given apart from its text.

Readers yield :class:`Item` records: an article with its input location, or a problem with
one input (``problem`` is one line; the rest of the batch goes on). Files are opened only
when they are regular files, and never more than the size limit is read from them.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from pydantic import BaseModel, ConfigDict

from dyad.errors import InputError
from dyad.records import Article

MB = 1_000_000  # bytes; size limits are given in MB
DEFAULT_MAX_MB = 20.0  # per article: a news story is a few kB, a whole page a few hundred
Severity = Literal["error", "warning"]

_SURROGATE = re.compile("[\ud800-\udfff]")


class InputProblem(InputError):
    """Raised by the parsing helpers; the readers turn it into a problem record."""


class ReadError(BaseModel):
    """A problem with one input (a file, or one line of a JSON Lines file).

    ``severity="warning"`` means the input was still read and its Article follows.
    """

    model_config = ConfigDict(frozen=True)

    input: str  # the path, "<stdin>", or "path:LINE" for a JSON Lines line
    problem: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.input}: {self.severity}: {self.problem}"


@dataclass
class Item:
    """One unit from an input: an article read from ``location``, or a problem with it.

    ``warning`` problems are reported but the article follows (not quarantined); ``known``
    marks an input its source already found stored (counted as skipped); ``retry`` marks a
    problem that may go away (a timeout, HTTP 5xx), so a feed poller tries it again later;
    ``stage`` is where the problem arose ("read", "fetch").
    """

    location: str
    article: Article | None = None
    problem: str | None = None
    stage: str = "read"
    retry: bool = False
    warning: bool = False
    known: bool = False

    def as_entry(self) -> Article | ReadError:
        """The article, or the problem as a :class:`ReadError` (for ``dyad code``)."""
        if self.article is not None:
            return self.article
        severity: Severity = "warning" if self.warning else "error"
        return ReadError(input=self.location, problem=self.problem or "not read", severity=severity)


# ---------------------------------------------------------------- text and ids


def clean_text(text: str) -> str:
    """``text`` with lone surrogates (from JSON escapes such as ``"\\ud800"``) replaced by U+FFFD.

    Such a string cannot be encoded as UTF-8, so hashing, storing or tokenizing it would fail."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def normalize_newlines(text: str) -> str:
    """Drop a leading BOM and turn CRLF and lone CR into LF."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def identity_text(text: str, title: str | None = None) -> str:
    """The text an article's id is derived from: headline on the first line, then the body.

    Newlines are normalised, the spaces of each line collapsed and blank lines dropped (layout
    is no part of a story's identity); a ``title`` is put on a line of its own before the text unless the
    text's first line already is that title, so a title given apart from the text or as its
    first line makes no difference.
    """
    lines = (" ".join(line.split()) for line in clean_text(normalize_newlines(text)).split("\n"))
    body = [line for line in lines if line]
    head = " ".join(clean_text(title).split()) if title else ""
    if head and not (body and body[0] == head):
        body.insert(0, head)
    return "\n".join(body)


def article_id(text: str, title: str | None = None) -> str:
    """An article's id when its input gives none: 16 hex digits of the SHA-1 of :func:`identity_text`."""
    return hashlib.sha1(identity_text(text, title).encode("utf-8")).hexdigest()[:16]


def given_id(value: object) -> str | None:
    """An id given by the input (a string or a finite number) as a string; None when absent or blank.

    Raises :class:`InputProblem` for objects, arrays, true/false and non-finite numbers
    (``NaN``, ``1e400``), which name no article."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise InputProblem("'id' must be a string or a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise InputProblem(f"'id' must be a finite number (got {value})")
    try:
        return clean_text(str(value)).strip() or None
    except ValueError:  # an integer too long to print
        raise InputProblem("'id' is too long a number") from None


# ---------------------------------------------------------------- problems


def size_problem(size: int, max_mb: float) -> str:
    return f"too large ({size / MB:.3g} MB > limit {max_mb:g} MB)"


def os_problem(exc: OSError) -> str:
    """A short description of why a file could not be read."""
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "is a directory (expected a file)"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return f"cannot read: {exc.strerror or exc}"


def first_line(error: BaseException) -> str:
    """The first line of an exception's message, else its type's name."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


# ---------------------------------------------------------------- files

_NOT_REGULAR = (
    (stat.S_ISDIR, "is a directory (expected a file)"),
    (stat.S_ISFIFO, "not a regular file (a named pipe)"),
    (stat.S_ISCHR, "not a regular file (a character device)"),
    (stat.S_ISBLK, "not a regular file (a block device)"),
    (stat.S_ISSOCK, "not a regular file (a socket)"),
)


def _check_regular(mode: int) -> None:
    for test, problem in _NOT_REGULAR:
        if test(mode):
            raise InputProblem(problem)
    if not stat.S_ISREG(mode):
        raise InputProblem("not a regular file")


def open_regular(path: Path) -> BinaryIO:
    """Open a regular file for reading (symbolic links followed).

    Raises :class:`InputProblem` for named pipes, devices, sockets and folders — without
    blocking on a pipe no one writes to — and ``OSError`` as ``open`` does."""
    _check_regular(os.stat(path).st_mode)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)  # O_NONBLOCK: a FIFO swapped in after the stat does not hang the open
    try:
        _check_regular(os.fstat(fd).st_mode)  # what was opened, not what the name pointed at before
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bounded(stream: BinaryIO, max_mb: float, what: str = "file") -> bytes:
    """Read a stream whole, but never more than ``max_mb`` (plus one byte to tell it is over).

    Raises :class:`InputProblem` when there is more."""
    limit = int(max_mb * MB)
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputProblem(f"{what} too large (> limit {max_mb:g} MB)")
    return data


def read_limited(path: Path, max_mb: float) -> bytes:
    """A regular file's bytes, at most ``max_mb``; :class:`InputProblem` when it is over the
    limit or no regular file, ``OSError`` as ``open``."""
    with open_regular(path) as stream:
        size = os.fstat(stream.fileno()).st_size
        if size > max_mb * MB:
            raise InputProblem("file " + size_problem(size, max_mb))
        return read_bounded(stream, max_mb)
