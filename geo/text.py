"""Place-name keys shared by the gazetteer build and lookups: case, diacritics, punctuation, "the",
"Saint".

Actor names fold by another rule (`pipeline.names.fold`): these keys would merge people that differ.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_LETTERS = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "æ": "ae",
        "œ": "oe",
        "ı": "i",
        "þ": "th",
        "ð": "d",
        "ħ": "h",
    }
)
_DROP = re.compile(r"[’'ʼ`´.]")
_SPLIT = re.compile(r"[^\w]+|_")
_WORDS = {"saint": "st", "sainte": "ste", "mount": "mt"}
_PARTICLE = re.compile(r"^(De|La|Le|Du) ([A-Z])")
MAX_NAME = 80

__all__ = ["MAX_NAME", "is_latin", "joined", "place_key", "place_slug"]


@lru_cache(maxsize=1 << 16)
def place_key(name: str) -> str:
    """A lookup key: lower-case ASCII-ish words, no accents or dots, no leading "the"."""
    if not name or len(name) > MAX_NAME:
        return ""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower().translate(_LETTERS)
    words = [w for w in _SPLIT.split(_DROP.sub("", s)) if w]
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(_WORDS.get(w, w) for w in words)


def joined(name: str) -> str:
    """The spelling with a leading particle run on ("De Soto Parish" → "DeSoto Parish"), or `name`
    itself.
    """
    return _PARTICLE.sub(r"\1\2", name)


def is_latin(name: str) -> bool:
    """True when every letter of `name` is Latin (basic, supplement or extended)."""
    return all(ord(c) < 0x250 or not c.isalpha() for c in name)


def place_slug(name: str) -> str:
    """A stable id fragment: folded words joined by dashes."""
    return place_key(name).replace(" ", "-")
