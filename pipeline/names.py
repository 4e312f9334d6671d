"""How names of actors are compared: one folding rule, one slug rule, surname keys and given-name
fit.

Place names have their own lookup key (`geo.text.place_key`): it drops "the" and spells "Saint" as
"st", which would merge people that differ. Everything here is pure and needs no model.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "HONORIFICS",
    "NAME_PARTICLES",
    "SUFFIXES",
    "fold",
    "given_compatible",
    "middles_agree",
    "slug",
    "surname_key",
]

NAME_PARTICLES = {
    "al",
    "el",
    "bin",
    "ibn",
    "de",
    "da",
    "di",
    "du",
    "van",
    "von",
    "der",
    "den",
    "la",
    "le",
    "del",
    "y",
}
HONORIFICS = {
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "dr",
    "dr.",
    "sir",
    "dame",
    "lord",
    "lady",
    "madam",
}
SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-cased ASCII form with straight apostrophes and no intra-word hyphens, for name
    comparison.
    """
    text = text.replace("’", "'")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"\s+", " ", re.sub(r"(?<=\w)-(?=\w)", "", text)).strip()


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens, for ids."""
    text = (
        unicodedata.normalize("NFKD", text.replace("’", ""))
        .encode("ascii", "ignore")
        .decode()
        .lower()
    )
    return re.sub(r"[^a-z0-9]+", "-", text.replace("'", "")).strip("-")


@lru_cache(maxsize=65536)
def surname_key(word: str) -> str:
    """Folded surname without an Arabic article ("al-Assad" → "assad")."""
    return fold(re.sub(r"^(?:al|el|as|ash|ad)[-‐ ]", "", word, flags=re.IGNORECASE))


def given_compatible(a: str, b: str, nicknames: dict[str, str]) -> bool:
    """Same given name, an initial of it, or a listed short form ("Joe"/"Joseph") in `nicknames`."""
    a, b = fold(a).rstrip("."), fold(b).rstrip(".")
    if a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
        return True
    return a in nicknames and nicknames.get(a) == nicknames.get(b)


def middles_agree(a: list[str], b: list[str]) -> bool:
    """Middle names or initials, when both names give them, agree: George W. Bush is not George H.
    W. Bush.
    """
    mid_a, mid_b = [w.rstrip(".")[:1] for w in a[1:-1]], [w.rstrip(".")[:1] for w in b[1:-1]]
    return not mid_a or not mid_b or mid_a == mid_b
