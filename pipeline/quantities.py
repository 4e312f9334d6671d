"""Counts an event reports ("90,000 troops", "killed 14,000 people", "tens of thousands of
refugees").

A quantity is `{"value": 90000, "unit": "troops"}`, plus `"approx"` ("more than", "about", "at
least", "vague") or `"max"` for a range. Vague counts ("dozens", "tens of thousands") give no
number: their value is null, with `"approx": "vague"` and the words in `"text"`; a number the text
does not give is never made up.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from pipeline import lexicon
from pipeline.lexicon import NUMBER_WORDS

__all__ = ["APPROX", "SCALES", "VAGUE", "find_quantity", "parse_number", "unit_of_nouns"]

SCALES = {
    "dozen": 12,
    "hundred": 100,
    "thousand": 1000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "k": 1000,
    "m": 1_000_000,
    "bn": 1_000_000_000,
}
VAGUE = {"dozens", "scores", "hundreds", "thousands", "millions", "billions"}
APPROX = {
    "more than": "more than",
    "over": "more than",
    "at least": "at least",
    "about": "about",
    "around": "about",
    "some": "about",
    "nearly": "about",
    "almost": "about",
    "roughly": "about",
    "approximately": "about",
    "an estimated": "about",
    "up to": "up to",
    "fewer than": "less than",
    "less than": "less than",
    "under": "less than",
}


def unit_of_nouns(nouns: list[Token]) -> str | None:
    """The unit the first countable noun among `nouns` stands for ("troops" for soldiers), if
    any.
    """
    units = lexicon.load().units
    for n in nouns:
        unit = units.get(n.lemma_.lower()) or units.get(n.lower_)
        if unit and unit != "people":
            return unit
    return None


def parse_number(text: str) -> tuple[float | None, str | None]:
    """A number written in digits or words ("90,000", "2.5 million", "three"); vague amounts ("tens
    of thousands", "hundreds") give no value, only the "vague" mark.
    """
    t = text.lower().replace(",", "").replace("$", " ").strip()
    t = re.sub(r"\s+", " ", t)
    if t in VAGUE or re.fullmatch(r"(tens|hundreds|thousands) of (thousands|millions|billions)", t):
        return None, "vague"
    total, current, seen = 0.0, 0.0, False
    for w in re.split(r"[\s-]+", t):
        if not w or w == "and":
            continue
        if re.fullmatch(r"\d+(\.\d+)?", w):
            current += float(w)
        elif re.fullmatch(r"\d+(\.\d+)?(k|m|bn)", w):
            num, scale = re.fullmatch(r"(\d+(?:\.\d+)?)(k|m|bn)", w).groups()
            current += float(num) * SCALES[scale]
        elif w in NUMBER_WORDS:
            current += NUMBER_WORDS[w]
        elif w in SCALES:
            current = (current or 1) * SCALES[w]
            if SCALES[w] >= 1000:
                total, current = total + current, 0.0
        else:
            return None, None
        seen = True
    return (total + current, None) if seen else (None, None)


def _number_phrase(tok: Token) -> tuple[list[Token], float | None, str | None]:
    """The number tokens around `tok` (compound numbers, "tens of thousands") and their value."""
    doc = tok.doc
    i = j = tok.i
    while (
        i > 0
        and (doc[i - 1].like_num or doc[i - 1].lower_ in SCALES)
        and doc[i - 1].head.i in (tok.i, tok.head.i)
    ):
        i -= 1
    while j + 1 < len(doc) and doc[j + 1].lower_ in SCALES:
        j += 1
    if (
        tok.lower_ in ("tens", "hundreds", "thousands")
        and j + 2 < len(doc)
        and doc[j + 1].lower_ == "of"
        and doc[j + 2].lower_ in ("thousands", "millions", "billions")
    ):
        j += 2
    toks = list(doc[i : j + 1])
    value, approx = parse_number(" ".join(t.text for t in toks))
    return toks, value, approx


def _approx(first: Token) -> str | None:
    doc = first.doc
    for n in (2, 1):
        if first.i - n >= 0:
            words = doc[first.i - n : first.i].text.lower()
            if words in APPROX:
                return APPROX[words]
    return None


def _counted(tok: Token) -> Token | None:
    """The noun a number token counts: its head for nummod, itself for "tens of thousands of X"."""
    if tok.dep_ in ("nummod", "quantmod", "compound") and tok.head.pos_ in ("NOUN", "PROPN", "SYM"):
        head = tok.head
        while head.dep_ in ("nummod", "quantmod", "compound") and head.head.pos_ in (
            "NOUN",
            "PROPN",
            "SYM",
        ):
            head = head.head
        return head
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return objs[0]
    return None


def find_quantity(clause: Span, trigger: Token) -> dict | None:
    """The count the clause gives for its event, or None; the exact number nearest the trigger
    wins.
    """
    lex = lexicon.load()
    units, people_verbs = lex.units, lex.people_verbs
    context = {t.lemma_.lower() for t in clause} | {trigger.lemma_.lower()}
    best, consumed = None, set()
    for tok in clause:
        if tok.i in consumed or not (tok.like_num or tok.lower_ in VAGUE or tok.lower_ == "tens"):
            continue
        if tok.ent_type_ in ("DATE", "TIME", "PERCENT", "ORDINAL") or re.fullmatch(
            r"(19|20)\d\d", tok.text
        ):
            continue
        if tok.i > 0 and tok.doc[tok.i - 1].like_num:
            continue
        toks, value, vague = _number_phrase(tok)
        consumed.update(t.i for t in toks)
        if value is None and not vague:
            continue
        noun = _counted(toks[-1]) or _counted(tok)
        unit = None
        if (tok.i > 0 and tok.doc[tok.i - 1].text == "$") or tok.text.startswith("$"):
            unit = "usd"
        elif noun is not None:
            unit = units.get(noun.lemma_.lower()) or units.get(noun.lower_)
        if unit in ("people", "troops", "protesters", None) and noun is not None:
            verb = _people_unit(noun, trigger, context, people_verbs)
            if verb:
                unit = verb
        if unit in (None, "people"):
            continue
        q = {"value": _plain(value), "unit": unit}
        approx = vague or _approx(toks[0])
        if approx:
            q["approx"] = approx
        if vague:
            q["text"] = " ".join(t.text for t in toks)
        upper = _range_end(toks[-1])
        if upper is not None:
            q["max"] = upper
        rank = (value is None, abs(tok.i - trigger.i))
        if best is None or rank < best[0]:
            best = (rank, q)
    return best[1] if best else None


def _plain(value: float | None) -> float | int | None:
    """A whole number as int ("90000", not "90000.0"); None stays None."""
    return int(value) if value is not None and float(value).is_integer() else value


def _people_unit(
    noun: Token, trigger: Token, context: set[str], people_verbs: dict[str, str]
) -> str | None:
    """killed/injured/displaced/arrested when a verb governing the counted noun says so."""
    for t in [noun.head, noun.head.head, trigger, *noun.children]:
        unit = people_verbs.get(t.lemma_.lower())
        if unit:
            return unit
    return None


def _range_end(last: Token) -> float | int | None:
    """The upper end of "5,000 to 10,000" / "between 5,000 and 10,000"."""
    doc = last.doc
    if (
        last.i + 2 < len(doc)
        and doc[last.i + 1].lower_ in ("to", "-", "and", "–")
        and doc[last.i + 2].like_num
    ):
        value, _ = parse_number(doc[last.i + 2].text)
        if value is not None:
            return _plain(value)
    return None
