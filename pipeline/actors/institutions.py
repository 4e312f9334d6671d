"""Generic institutions ("Supreme Court", "Foreign Ministry"): every country has one, so each takes
the country its article gives it and a per-country id (org:il:supreme-court), or is no actor.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from spacy.tokens import Doc

from pipeline import lexicon
from pipeline.actors.mentions import STATE_MARKS, ActorTable, Mark, owner_country
from pipeline.lexicon import Lexicon
from pipeline.records import Place

__all__ = ["INSTITUTION", "add_institutions", "dominant_country"]

INSTITUTION = "institution"  # organizations.tsv's type of a generic institution name
# the article's dominant country: named by at least this many places, this many times the next one
DOMINANT_LEAST = 3
DOMINANT_SHARE = 2


def dominant_country(places: list[Place], out: ActorTable) -> str | None:
    """The one country the article's places name far more than any other and its persons, by
    mentions, most often come from; else None (a US story set in Libya has none).
    """
    counts = Counter(p.country_codes[0] for p in places if len(p.country_codes) == 1)
    top = counts.most_common(2)
    if not top or top[0][1] < DOMINANT_LEAST:
        return None
    if len(top) > 1 and top[0][1] < DOMINANT_SHARE * top[1][1]:
        return None
    persons = Counter()
    for a in out.by_id.values():
        if a.type == "person" and a.country:
            persons[a.country] += len(a.mentions)
    home = persons.most_common(1)
    return top[0][0] if home and home[0][0] == top[0][0] else None


def add_institutions(
    doc: Doc,
    out: ActorTable,
    marks: list[Mark],
    owner: dict[int, Mark],
    lex: Lexicon,
    home: str | None,
) -> None:
    """Each generic institution mark as the body of the country its words give ("Israel's Supreme
    Court", "the Supreme Court of Israel"), else of the nearest mention of it that gives one, else
    of the article's dominant country `home`; a country's own listed body when the lexicon has one
    ("Russia's Foreign Ministry" is the Russian Foreign Ministry).
    """
    found = [
        m
        for m in marks
        if m.kind == "org" and lex.orgs[m.key][0] == INSTITUTION and not _longer_name(doc, m, lex)
    ]
    said = {m.start: _said_country(doc, m, owner, lex) for m in found}
    for m in found:
        country = said[m.start]
        if country is None:
            before = [s for s, c in said.items() if c and s < m.start and _same(found, s, m)]
            after = [s for s, c in said.items() if c and s > m.start and _same(found, s, m)]
            nearest = max(before) if before else min(after) if after else None
            country = said[nearest] if nearest is not None else home
        if country is None:
            continue
        span = doc[m.start : m.end]
        key = _listed_bodies().get((country, m.key)) or f"org:{country.lower()}:{m.key[4:]}"
        name = lex.orgs[key][2] if key in lex.orgs else span.text
        out.add(key, name, "organization", country, None, (span.start_char, span.end_char))


def _longer_name(doc: Doc, m: Mark, lex: Lexicon) -> bool:
    """The generic name opens a building's or a place's ("the Parliament building", "Parliament
    Hill"): a capitalised word that is no title, or a thing's noun, follows it.
    """
    if m.end >= len(doc):
        return False
    nxt = doc[m.end]
    if nxt.lower_ in lex.thing_words:
        return True
    return nxt.text[:1].isupper() and nxt.is_alpha and nxt.lower_ not in lex.title_words


def _same(found: list[Mark], start: int, m: Mark) -> bool:
    return any(f.start == start and f.key == m.key for f in found)


def _said_country(doc: Doc, m: Mark, owner: dict[int, Mark], lex: Lexicon) -> str | None:
    """The country right before the name ("Israel's", "the Israeli") or after it ("of Israel")."""
    before = owner_country(doc, m.start, owner, lex)
    if before is not None:
        return before
    after = owner.get(m.end + 1)
    of_state = after is not None and after.kind in STATE_MARKS and after.start == m.end + 1
    return after.key if of_state and doc[m.end].lower_ == "of" else None


@lru_cache(maxsize=1)
def _listed_bodies() -> dict[tuple[str, str], str]:
    """The lexicon's bodies of one country by (country, the institution key whose name theirs ends
    with): ("RU", "org:foreign-ministry") -> org:russian-foreign-ministry.
    """
    lex = lexicon.load()
    orgs = [(label[4:], text) for label, text in lex.patterns if label[:4] == "org|"]
    generic = {text: key for key, text in orgs if lex.orgs[key][0] == INSTITUTION}
    out: dict[tuple[str, str], str] = {}
    for key, text in orgs:
        country = lex.orgs[key][1]
        if country and lex.orgs[key][0] != INSTITUTION:
            for name, institution in generic.items():
                if text.endswith(" " + name):
                    out.setdefault((country, institution), key)
    return out
