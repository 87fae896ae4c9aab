"""Place names as gazetteer keys: :func:`normalize` (accents, punctuation and case folded)
and which alternate names are usable at all."""

from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ı": "i",
        "þ": "th",
        "Þ": "Th",
        "ð": "d",
        "Ð": "D",
        "ħ": "h",
        "Ħ": "H",
    }
)
_PUNCT = str.maketrans(
    {
        "-": " ",
        "‐": " ",
        "‑": " ",
        "–": " ",
        "—": " ",
        "/": " ",
        ",": " ",
        "(": " ",
        ")": " ",
        "'": None,
        "’": None,
        "‘": None,
        "ʼ": None,
        "ʻ": None,
        "ʹ": None,
        "`": None,
        ".": None,
        '"': None,
    }
)
# what an alternate name may not contain: other scripts, digits, commas
_UNUSABLE = re.compile(r"[^\x20-\x2b\x2d-\x2f\x3a-\x7e\u00a0-\u024f\u1e00-\u1eff\u2018\u2019\u02b9-\u02bc]")


def normalize(name: str) -> str:
    """Lookup key of a name: accents and punctuation dropped, hyphens as spaces, lower case.

    "Donets'k", "Donetsk" -> "donetsk"; "Ivano-Frankivsk" -> "ivano frankivsk";
    "U.S." -> "us"; "Ḩalab" -> "halab".
    """
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name.translate(_FOLD)).encode("ascii", "ignore").decode()
    return " ".join(name.lower().translate(_PUNCT).split())


def usable_alternate(name: str) -> bool:
    """Latin-script, capitalized names only: no transliteration stubs ("swldw"), no airport
    codes ("KBP"), no names in other scripts."""
    return (
        len(name) >= 3
        and name[0].isupper()
        and not (len(name) <= 4 and name.isupper())
        and _UNUSABLE.search(name) is None
    )
