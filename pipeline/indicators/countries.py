"""Countries a token or an actor names: state names, demonyms, capitals and seats, known persons.

Shared by the parse rules (`rules`), the side model's candidates (`sides`) and the lexicon's
trigger conditions (`lexical`).
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline import lexicon
from pipeline.records import Actor

__all__ = ["name_code", "own_country", "state_code"]


def own_country(actor: Actor, head: Token) -> str | None:
    """A group's country, unless the phrase names another ("the Pakistani Taliban", "Iraqi
    Kurds").
    """
    if actor.type in ("group", "organization"):
        for mod in (c for c in head.children if c.dep_ in ("amod", "compound")):
            cc = state_code(mod)
            if cc and cc != actor.country and mod.lower_ not in actor.name.lower():
                return cc
    return actor.country


def state_code(tok: Token) -> str | None:
    """The ISO code a token (with its multiword name neighbours) names as country, demonym or
    seat.
    """
    return name_code(tok, lexicon.load().state_codes)


def name_code(tok: Token, names: dict[str, str]) -> str | None:
    """The code of the longest lexicon name (up to four words) that covers the token."""
    doc, i = tok.doc, tok.i
    starts = [j for j in range(max(0, i - 3), i + 1) if doc[j].text[:1].isupper()]  # names' starts
    for n in (4, 3, 2, 1):
        for start in starts:
            if (
                i - n < start
                and start + n <= len(doc)
                and (text := doc[start : start + n].text) in names
            ):
                return names[text]
    return None
