"""How names of actors are compared: one folding rule, one slug rule, a spelling key for
transliterations, surname keys and given-name fit.

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
    "name_key",
    "slug",
    "spelling_key",
    "surname_first",
    "surname_key",
    "usual_name",
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


# an Arabic article written apart or hyphenated: "al-Qaeda", "el Sisi", "Ash-Shabab"
ARTICLE = re.compile(r"^(?:al|el|as|ash|ad|an|ar|at|az)[-‐ ]", re.IGNORECASE)
# spellings one romanisation writes one way and another the other: "ou"/"u", "ee"/"i", "ph"/"f"
_DIGRAPHS = (("ph", "f"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("ck", "k"))
_INNER_VOWELS = re.compile(r"(?<=[a-z])[aeiouy]+(?=[a-z])")
# a vowel run by its first vowel: "e" and "a", "i" and "y", "o" and "u" romanise one sound, but
# "Hussein" is not "Hassan"
_VOWEL_CLASS = {"a": "a", "e": "a", "i": "i", "y": "i", "o": "u", "u": "u"}
_NAME_KEY_SKIP = {"al", "el", "the"}
SPELLING_MIN = 5  # shorter words keep their vowels: "Hill" is not "Hall", "Jon" not "Jan"


@lru_cache(maxsize=65536)
def spelling_key(word: str) -> str:
    """One key for the romanisations of one word ("Morsi"/"Morsy", "Mohamed"/"Muhammad",
    "Qaeda"/"Qaida"): folded letters, doubled letters once, a final "y" as "i" and, in words of
    `SPELLING_MIN` letters or more, every inner vowel run as one vowel of its class; the first and
    last letters stay, so "Mario" is not "Maria".
    """
    w = re.sub(r"[^a-z]", "", fold(word))
    for a, b in _DIGRAPHS:
        w = w.replace(a, b)
    w = re.sub(r"(.)\1+", r"\1", w)
    if len(w) > 2:  # a final "y" is an "i": "Morsy", "Sergey", "Zelenskiy"
        w = re.sub(r"(.)\1+", r"\1", re.sub(r"(?<=[a-z])y(?=[aeiou]*$)", "i", w))
    if len(w) < SPELLING_MIN:
        return w
    return _INNER_VOWELS.sub(lambda m: _VOWEL_CLASS[m.group()[0]], w)


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """Spelling keys of a name's words without articles, for names of groups and organisations:
    "al-Qaeda", "Al Qaida" and "al-Qa'ida" → "qada".
    """
    words = re.findall(r"[^\W\d_]+", text.replace("'", "").replace("’", ""))
    return " ".join(spelling_key(w) for w in words if fold(w) not in _NAME_KEY_SKIP)


@lru_cache(maxsize=65536)
def surname_key(word: str) -> str:
    """Spelling key of a surname without an Arabic article ("al-Assad" → "asad", "Morsy" and
    "Morsi" → "marsi").
    """
    return spelling_key(ARTICLE.sub("", word))


def surname_first(name: list[str]) -> bool:
    """A name of three words and no initial ("Kim Jong Un", "Kim Il Sung"), as Korean and Chinese
    names are written: the first word is the family name.
    """
    return len(name) == 3 and all(len(w.rstrip(".")) > 1 and "." not in w for w in name)


def given_compatible(a: str, b: str, nicknames: dict[str, str]) -> bool:
    """Same given name or spelling of it ("Mohamed"/"Mohammed"), an initial of it, or a listed short
    form ("Joe"/"Joseph") in `nicknames`.
    """
    a, b = fold(a).rstrip("."), fold(b).rstrip(".")
    if a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
        return True
    if len(a) > 1 and len(b) > 1 and spelling_key(a) == spelling_key(b):
        return True
    return a in nicknames and nicknames.get(a) == nicknames.get(b)


def middles_agree(a: list[str], b: list[str]) -> bool:
    """Middle names or initials, when both names give them, agree: George W. Bush is not George H.
    W. Bush.
    """
    mid_a, mid_b = [w.rstrip(".")[:1] for w in a[1:-1]], [w.rstrip(".")[:1] for w in b[1:-1]]
    return not mid_a or not mid_b or mid_a == mid_b


def usual_name(words: list[str]) -> list[str]:
    """A name without a leading initial before a full given name ("J. Christopher Stevens" →
    "Christopher Stevens"), the form other reports use.
    """
    initial = lambda w: len(w.rstrip(".")) == 1
    if len(words) > 2 and initial(words[0]) and not initial(words[1]):
        return words[1:]
    return words
