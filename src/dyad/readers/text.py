"""Plain-text input: bytes → text, and the layout of a wire story → :class:`Article`.

Assigns ``title`` (headline), ``subtitle`` (subheadline), ``dateline`` (place words only,
e.g. "MOSCOW" for "MOSCOW, Oct 4 (Reuters) -"), ``byline`` (the names of an opening
"By ..." line and of closing credits such as "Writing by X; Editing by Y", joined with
"; ") and ``skip_spans`` (the character spans of the dateline and the byline lines, which
the coder never codes). ``text`` is the whole input, headline included, after one
normalisation: a leading UTF-8 BOM is dropped and ``\\r\\n`` / ``\\r`` become ``\\n``.
All spans refer to that normalised text.

Also home of :func:`make_article`, the one way every reader turns a text and its metadata
into an Article (id from :func:`dyad.readers.base.article_id` when none is given), and of
:func:`decode_bytes` (UTF-8 with a flagged fallback for mis-encoded text).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from typing import BinaryIO

from dyad.readers.base import (
    InputProblem,
    Item,
    article_id,
    clean_text,
    normalize_newlines,
    read_bounded,
)
from dyad.records import Article

# ---------------------------------------------------------------- decoding

_MAGIC = (b"\x89PNG", b"%PDF", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"\x7fELF")
_CONTROL = {chr(c) for c in range(32) if chr(c) not in "\t\n\r\f\v"} | {"\x7f"}


def looks_binary(head: bytes) -> bool:
    """True for data that is no text: NUL bytes, or the signature of a common binary format."""
    return head.startswith(_MAGIC) or b"\x00" in head[:8192]


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str | None]:
    """Decode input bytes; returns ``(text, warning)``, the warning set for mis-encoded text.

    UTF-8 (with or without BOM), UTF-16 with a BOM and the ``declared`` encoding (an HTML
    page's charset) decode silently. Anything else is decoded anyway, so the article is
    still coded: with the non-Latin code page that charset-normalizer finds, or else as
    Windows-1252 (Latin-1), and flagged. Raises :class:`InputProblem` for empty and
    binary input.
    """
    if not data.strip():
        raise InputProblem("empty file")
    text, warning = None, None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputProblem("binary file (not text)") from None
    elif looks_binary(data):
        raise InputProblem("binary file (not text)")
    for encoding in filter(None, ("utf-8-sig", declared)) if text is None else ():
        try:
            text = data.decode(encoding)
            break
        except (UnicodeDecodeError, LookupError):
            pass
    if text is None:
        text, warning = decode_fallback(data)
    if not normalize_newlines(text).strip():  # e.g. a byte-order mark and nothing else
        raise InputProblem("empty file")
    head = text[:4096]
    if sum(ch in _CONTROL for ch in head) > len(head) / 10:
        raise InputProblem("binary file (not text)")
    return text, warning


def decode_fallback(data: bytes) -> tuple[str, str]:
    """Decode bytes that are not UTF-8; returns ``(text, warning)``."""
    from charset_normalizer import from_bytes  # installed with trafilatura

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding not in ("utf_8", "ascii"):
        try:
            guess = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            guess = ""
        # charset-normalizer tends to call short Western text cp1250; trust it for other scripts only
        if any(ch.isalpha() and not unicodedata.name(ch, "LATIN").startswith("LATIN") for ch in guess):
            return guess, f"not valid UTF-8 (looks like {best.encoding}; decoded as {best.encoding})"
    try:
        return data.decode("cp1252"), "not valid UTF-8 (looks like Latin-1; decoded as cp1252)"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not valid UTF-8 (looks like Latin-1; decoded as latin-1)"


# ---------------------------------------------------------------- layout

_WORD = r"[^\W\d_][\w'’.\-]*"
_PLACE = rf"{_WORD}(?:[ ]{_WORD}){{0,3}}"
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = rf"(?:{_MONTH}[ ]\d{{1,2}}(?:,?[ ]\d{{4}})?|\d{{1,2}}[ ]{_MONTH}(?:[ ]\d{{4}})?)"
_DATELINE = (
    rf"(?P<place>{_PLACE})(?:,[ ](?!{_DATE})(?P<region>{_PLACE}))?(?:,?[ ](?P<date>{_DATE}))?"
    r"(?:[ ]?\((?P<agency>[^()\n]{1,40})\))?"
)
_INLINE_DATELINE = re.compile(rf"{_DATELINE}[ ]?(?:--|[-–—:])(?=[ \t]*\S)")
_LINE_DATELINE = re.compile(rf"{_DATELINE}(?:[ ]?(?:--|[-–—:]))?")
_BY_LINE = re.compile(rf"(?:By|BY)[ ]+(?P<names>{_WORD}(?:(?:,?[ ]and[ ]|[ ]&[ ]|,?[ ]){_WORD}){{0,8}})")
_ROLE = (
    r"(?:(?:additional|further)[ ])?(?:reporting|writing|editing|compiled|written|edited|"
    r"translated|translation|research|produced)(?:[ ]and[ ](?:writing|editing|reporting))?[ ]by"
)
_CREDIT = re.compile(rf"(?i:{_ROLE})[ ]+(?P<names>[^\W\d_][^;()\n]*)")
_CREDIT_LINE = re.compile(rf"\*?[ ]*(?P<open>\()?[ ]*(?P<body>(?i:{_ROLE})[ ][^()\n]+?)[ ]*(?(open)\))")
_CREDIT_TAIL = re.compile(rf"\((?P<body>(?i:{_ROLE})[ ][^()\n]+?)\)\s*$")
_AGENCY = r"[A-Z][\w&.’']*(?:[ ][A-Z][\w&.’']*){0,2}"
_AGENCY_LINE = re.compile(rf"[-–—]{{1,2}}[ ]*(?P<dash>{_AGENCY})|\((?P<paren>{_AGENCY})\)")
_SPLIT_CREDITS = re.compile(rf"[ ]*[;,][ ]*(?=(?i:{_ROLE}))")


def _valid_dateline(m: re.Match[str]) -> bool:
    place, region, agency = m["place"], m["region"], m["agency"]
    letters = sum(ch.isalpha() for ch in place)
    if region and not all(w[0].isupper() for w in region.split()):
        return False
    rest = m.string[m.end() :].lstrip()
    if not (region or agency or m["date"]) and rest[:1].islower():
        return False  # "NATO - the alliance said ..." is a sentence, not a dateline
    if place.isupper():
        return letters >= 3 or bool(agency)
    # a place written "Kabul" is a dateline only with its agency: "Kabul (AA) -"
    return bool(agency) and all(w[0].isupper() for w in place.split())


def _ends_sentence(line: str, marks: str = ".!?") -> bool:
    return line.rstrip("\"'”’»)]").endswith(tuple(marks))


def _names(credit: str) -> list[str]:
    names = []
    for part in _SPLIT_CREDITS.split(credit):
        m = _CREDIT.match(part.strip())
        if not m:
            continue
        name = re.sub(r"[ ]in[ ][A-Z].*$", "", m["names"].strip()).rstrip(" ,")
        if name.endswith(".") and not re.search(r"\b\w\.$", name):
            name = name[:-1]
        if name and name[0].isupper() and name not in names:
            names.append(name)
    return names


def _credit(line: str, last: bool) -> tuple[int, list[str]] | None:
    """Where a closing credit starts in ``line``, and its names: "Writing by X", "(Reporting
    by X; Editing by Y)", on a line of its own or (last line only) ending it; "— AP"."""
    m = _CREDIT_LINE.fullmatch(line) or (_CREDIT_TAIL.search(line) if last else None)
    if m:
        names = _names(m["body"])
        return (m.start(), names) if names else None
    m = _AGENCY_LINE.fullmatch(line) if last else None
    return (0, [m["dash"] or m["paren"]]) if m else None


def _lines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every non-blank line, with surrounding whitespace excluded."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        if line.strip():
            start = m.start() + len(line) - len(line.lstrip())
            spans.append((start, m.start() + len(line.rstrip())))
    return spans


def parse_text(
    text: str,
    article_id: str,
    published: dt.date | None = None,
    *,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    language: str | None = "en",
) -> Article:
    """Read a wire story's layout from ``text`` and return it as an :class:`Article`.

    Without ``title`` the first line is taken as the headline when it looks like one
    (more lines follow, at most 250 characters, no full stop at the end); a subheadline
    may follow it. With ``title`` (from JSON Lines or HTML metadata) the first line is the
    headline only if it equals the title; the title is never added to the text.
    """
    text = normalize_newlines(text)
    lines = _lines(text)
    line = [text[s:e] for s, e in lines]
    skip: list[tuple[int, int]] = []
    bylines: list[str] = []
    dateline = subtitle = None
    i = 0

    def is_dateline_line(k: int) -> re.Match[str] | None:
        m = _LINE_DATELINE.fullmatch(line[k]) if k < len(line) else None
        return m if m and _valid_dateline(m) and m["place"].isupper() else None

    def is_plain(k: int) -> bool:  # not a dateline, byline or dateline-led paragraph
        m = _INLINE_DATELINE.match(line[k])
        return not (is_dateline_line(k) or _BY_LINE.fullmatch(line[k]) or (m and _valid_dateline(m)))

    def take_by_line() -> None:
        nonlocal i
        m = _BY_LINE.fullmatch(line[i]) if i < len(line) - 1 else None
        if m and len(line[i]) <= 100 and all(w[0].isupper() or w == "and" for w in m["names"].split()):
            bylines.append(m["names"].rstrip(","))
            skip.append(lines[i])
            i += 1

    if title is not None:
        title = title.strip() or None
        headline = bool(line) and title is not None and line[0] == title
    else:
        headline = len(line) > 1 and len(line[0]) <= 250 and not _ends_sentence(line[0], ".:;,") and is_plain(0)
        title = line[0] if headline else None
    if headline:
        i = 1
        if i < len(line) - 1 and len(line[i]) <= 300 and not _ends_sentence(line[i], ".!?:;,") and is_plain(i):
            subtitle, i = line[i], i + 1
    take_by_line()
    m = is_dateline_line(i) if i < len(line) - 1 else None
    if m:
        dateline = m["place"]
        skip.append(lines[i])
        i += 1
        take_by_line()
    elif i < len(line):
        m = _INLINE_DATELINE.match(line[i])
        if m and _valid_dateline(m):
            dateline = m["place"]
            skip.append((lines[i][0], lines[i][0] + m.end()))

    _closing_credits(line, lines, i + 1, bylines, skip)
    return Article(
        id=article_id,
        text=text,
        title=title,
        subtitle=subtitle,
        published=published,
        url=url,
        source=source,
        language=language,
        dateline=dateline,
        byline="; ".join(bylines) or None,
        skip_spans=sorted(skip),
    )


def _closing_credits(
    line: list[str], lines: list[tuple[int, int]], first: int, bylines: list[str], skip: list[tuple[int, int]]
) -> None:
    """Bylines credited in the last three lines (from ``first`` on): add the names, skip the credit."""
    for k in range(max(first, len(line) - 3), len(line)):
        found = _credit(line[k], last=k == len(line) - 1)
        if found:
            bylines.extend(n for n in found[1] if n not in bylines)
            skip.append((lines[k][0] + found[0], lines[k][1]))


def make_article(
    text: str,
    *,
    id: str | None = None,
    title: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
    source: str | None = None,
    language: str | None = "en",
) -> Article:
    """The one way an input becomes an :class:`Article`: its layout read by :func:`parse_text`,
    its id the given one, else :func:`~dyad.readers.base.article_id` of its text and headline.

    A given ``title`` is never added to ``text`` (character spans refer to the text as given);
    it is the headline, and part of the id as if it were the text's first line.
    """
    clean = {k: clean_text(v) if v else v for k, v in (("title", title), ("url", url), ("source", source))}
    article = parse_text(clean_text(text), "", published, language=language, **clean)
    return article.model_copy(update={"id": id or article_id(article.text, article.title)})


def read_text(stream: BinaryIO, name: str, published: dt.date | None = None, *, max_mb: float = 20.0) -> Iterator[Item]:
    """Read one plain-text article (at most ``max_mb``) from an open binary stream."""
    try:
        text, warning = decode_bytes(read_bounded(stream, max_mb))
    except InputProblem as exc:
        yield Item(location=name, problem=str(exc))
        return
    if warning:
        yield Item(location=name, problem=warning, warning=True)
    yield Item(location=name, article=make_article(text, published=published))
