"""Textual tests on a name and its neighbours ("in Erie", "Paris, Texas", "Gov.") shared by
recognition and resolution.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
from spacy.attrs import LOWER
from spacy.tokens import Doc, Span, Token

from geo import gazetteer
from geo.gazetteer import Entry, Gazetteer
from geo.text import place_key
from pipeline import furniture, lexicon, nlp
from pipeline.lexicon import PLACE_LOCATIVE
from pipeline.names import HONORIFICS, SUFFIXES
from pipeline.places.weights import (
    BIG_TOWN,
    STRONG_POP,
)

__all__ = [
    "ABBREVIATION",
    "ACRONYM",
    "BIG_KINDS",
    "COMPASS",
    "CURATED_KINDS",
    "DASHED",
    "JOINERS",
    "LOCAL_KINDS",
    "NAME_CHARS",
    "NUMERIC_LABELS",
    "OTHER_LABELS",
    "PLACE_LABELS",
    "PUBLIC_SPACES",
    "abbreviation_slot",
    "bare",
    "capitalised",
    "capitalised_name",
    "company_names",
    "cued",
    "currency",
    "dateline",
    "dedication",
    "demonym",
    "feature_cue",
    "feature_word",
    "holiday",
    "inside",
    "known_names",
    "line_start",
    "located",
    "located_in",
    "locative",
    "modifier_of_thing",
    "office_of",
    "organisation_of",
    "part_of_name",
    "particle",
    "party_seat",
    "person_words",
    "portfolio",
    "qualifier",
    "represented",
    "saint",
    "speaker",
    "strong",
    "titled",
    "town",
    "unit_cue",
    "unknown_place",
    "words_at",
]

PLACE_LABELS = {"GPE", "LOC", "FAC"}

OTHER_LABELS = {"ORG", "PERSON", "NORP"}

TITLE_LABELS = {"ORG", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT"}  # what a quoted title may be

NUMERIC_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}

BIG_KINDS = {"country", "admin1", "region", "water", "continent"}

CURATED_KINDS = {
    "country",
    "region",
    "water",
    "admin1",
}  # whose other names are official or kept by hand

PUBLIC_SPACES = {
    "square",
    "park",
    "plaza",
    "garden",
    "gardens",
}  # a name ending so is more often the space than a town

LOCAL_KINDS = ("city", "admin1", "admin2")

JOINERS = {"and", "&", "of", "the", "de", "del", "la", "-"}  # words inside a place's name

COMPASS = {
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
}

DASHED = re.compile(r"^(.+?)\s*[-–—/]\s*(.+)$")

INITIAL = re.compile(r"^[A-Z]\.$")  # the "M." of "Tyrise M. Bell", whatever spaCy labelled it

ABBREVIATION = re.compile(r"^[A-Z](\.?[A-Z]){1,3}\.?$")  # "EU", "BC", "N.S.W."

ACRONYM = re.compile(r"^[A-Z][A-Za-z]?[A-Z]$")  # "AI", "CIS", "MoD"

ARTICLES = {"al", "el", "ad", "an", "ar", "as", "ash", "at", "az", "ed", "en", "er", "es", "ez"}

JOINED_NAME = re.compile(r" (?:of|in|for) ")  # "al-Qaeda in the Arabian Peninsula"
NAMED_KINDS = ("org", "media")  # the lexicon's names a place inside of is theirs

NAME_CHARS = re.compile(r"^[^\W\d_][\w .'’&()\-]*$")


def demonym(text: str) -> bool:
    """ "Ukrainian", "Afghans", "Canadian": a people's or a state's adjective is never a place, even
    where a town bears it (Canadian, Texas).
    """
    return place_key(text) in _demonyms()


@lru_cache(maxsize=1)
def _demonyms() -> frozenset[str]:
    """The folded demonyms of states.tsv and their plurals, less any that is also a state's name,
    capital or seat.
    """
    rows = lexicon.load().patterns
    names = {place_key(t) for k, t in rows if k.split("|")[0] in ("state", "capital", "seat")}
    people = {place_key(t) for k, t in rows if k.split("|")[0] in ("demonym", "people")}
    return frozenset(people - names)


def part_of_name(span: Span, entries: list[Entry], lex: dict) -> bool:
    """ "Boston Marathon", "Air France", "Radio Free Europe", "Joint Base Andrews": a name that a
    capitalised word before it opens into the longer name of something else (an event, an
    organisation, a building) is that thing's, no place, when it names no well-known place: spaCy's
    entity going on through it says so, or a name-compound before it. "Greater Boston", "Eastern
    Ukraine", "Iraqi Kurdistan", "Lake Cumberland" stay places.
    """
    doc = span.doc
    prev = doc[span.start - 1] if span.start else None
    if _opens_movement(span, entries, lex) or (
        prev is not None and prev.lower_ in lex["vessel_prefixes"]
    ):
        return True  # "Moro Islamic Liberation Front", "the USS Fort Worth"
    if (
        prev is None
        or prev.pos_ != "PROPN"
        or not prev.is_alpha
        or not capitalised(prev)
        or "\n" in prev.whitespace_
        or prev.lower_ in COMPASS | lex["name_prefixes"] | lex["feature_prefixes"]
        or prev.ent_type_ == "NORP"
        or demonym(prev.text)
        or line_start(span)
        or any(strong(e) or e.kind == "admin2" for e in entries)
        or span[-1].lower_ in lex["feature_words"]
        or prev.lower_ in lexicon.load().title_words
        or prev.lower_ in lex["building_words"] | lex["institution_heads"] | lex["dedication_heads"]
    ):
        return False  # "Air France", "Gun Barrel City", "Chief Kanawha Circuit Judge", "Church X"
    if span[0].ent_iob_ == "I":
        return span[0].ent_type_ not in ("GPE", "LOC")
    return (
        prev.dep_ == "compound"
        and prev.head.i >= span.start
        and not any(
            e.kind in ("admin1", "country") and place_key(e.name) == place_key(prev.text)
            for e in gazetteer.load().lookup(prev.text)
        )  # "Tennessee Colony": a town named after its state
    )


def holiday(span: Span, lex: dict) -> bool:
    """ "Bastille Day", "Christmas Eve": a name a calendar word closes names a day, no place."""
    return len(span) > 1 and span[-1].lower_ in lex["calendar_heads"]


def known_names(doc: Doc, names: list[tuple[str, int, int]]) -> list[tuple[int, int]]:
    """Token bounds of names that hold a place: the lexicon's organisation and outlet names with
    a place after "of", "in" or "for" ("al-Qaeda in the Arabian Peninsula", "Voice of America"),
    entities an acronym after them spells ("Islamic State of Iraq (ISI)") and titles in quotation
    marks ("the “Access Hollywood” tape").
    """
    joined = _joined_names()
    found = [
        (start, end)
        for label, start, end in names
        if tuple(t.text for t in doc[start:end]) in joined and label.split("|")[0] in NAMED_KINDS
    ]
    return found + _spelled(doc) + _quoted_titles(doc)


def _spelled(doc: Doc) -> list[tuple[int, int]]:
    """Entities (not places) followed by "(ACRONYM)" of their capitalised words' initials."""
    out = []
    for ent in doc.ents:
        end = ent.end - 1 if ent[-1].text == "(" else ent.end  # spaCy's entity may take the "("
        if ent.label_ in PLACE_LABELS or end + 2 >= len(doc) or doc[end].text != "(":
            continue
        acronym = doc[end + 1].text.replace(".", "")
        initials = "".join(t.text[0] for t in doc[ent.start : end] if t.is_alpha and t.is_title)
        if doc[end + 2].text == ")" and acronym.isupper() and acronym == initials:
            out.append((ent.start, end))
    return out


def _quoted_titles(doc: Doc) -> list[tuple[int, int]]:
    """Quoted runs of two to six capitalised words that spaCy calls a work, an event or an
    organisation ("“Access Hollywood”", "“Meet the Press”"), not a slogan ("“Free Kashmir”").
    """
    out, start = [], None
    for tok in doc:
        if tok.text in ("“", '"') and start is None:
            start = tok.i + 1
        elif start is not None and tok.text in ("”", '"'):
            words = doc[start : tok.i]
            if (
                2 <= len(words) <= 6
                and all(capitalised(t) or t.lower_ in JOINERS for t in words)
                and words[0].ent_type_ in TITLE_LABELS
            ):
                out.append((start, tok.i))
            start = None
        elif start is not None and tok.i - start > 6:
            start = None
    return out


@lru_cache(maxsize=1)
def _joined_names() -> frozenset[tuple[str, ...]]:
    """The tokens of the lexicon's organisation and outlet names with "of", "in" or "for"."""
    model = nlp.load()
    texts = [
        text
        for label, text in lexicon.load().patterns
        if label.split("|")[0] in NAMED_KINDS and JOINED_NAME.search(text)
    ]
    return frozenset(tuple(t.text for t in d) for d in model.tokenizer.pipe(texts))


def organisation_of(span: Span, known: list[tuple[int, int]]) -> bool:
    """ "al-Qaeda in the Arabian Peninsula", "Voice of America", "The Times of Israel": a place
    inside a name of `known`, after its first word, or after the "of" of an outlet's last word,
    is that name's, no place. "The Bank of Canada" and "the University of Nottingham" keep theirs
    (geo dev's gold counts them), and "in" only joins a lexicon name: the "Embassy in Iraq" lies
    there.
    """
    doc = span.doc
    for a, b in known:
        while a < b and (doc[a].lower_ == "the" or doc[a].is_punct):
            a += 1
        if a < span.start and span.end <= b:
            return True  # not "the U.S. Department of Defense": the owner opens it
    i = span.start - 1
    if i > 0 and doc[i].lower_ == "the":
        i -= 1
    if i < 1 or doc[i].lower_ != "of":
        return False
    head = doc[i - 1]
    return head.is_title and head.lower_ in lexicon.load().media_words.get("last", set())


def portfolio(span: Span, entries: list[Entry], lex: dict) -> bool:
    """ "French Europe Minister", "the Middle East envoy", "Africa correspondent": a region or
    continent before a remit's title names the office's field, not a place of the story; "Soviet
    Union leader" and "Middle East leaders" are places' leaders.
    """
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    key = place_key(span.text)
    return (
        nxt is not None
        and nxt.lemma_.lower() in lex["remit_titles"]
        and nxt.pos_ in ("NOUN", "PROPN")
        and any(e.kind in ("continent", "region") and place_key(e.name) == key for e in entries)
        and not any(e.kind in ("country", "admin1") for e in entries)
    )


def saint(span: Span) -> bool:
    """ "St. George", "Saint-Denis": a name a saint's title opens."""
    return span[0].lower_.rstrip(".") in ("st", "saint", "ste", "sainte")


def _opens_movement(span: Span, entries: list[Entry], lex: dict) -> bool:
    """ "Moro Islamic Liberation Front": a town's name that opens a movement's or party's longer
    name, spaCy's organisation entity, is no place unless the place is a big one ("Kurdistan
    Workers' Party" stays).
    """
    doc = span.doc
    if span[-1].ent_type_ != "ORG" or any(
        e.kind in BIG_KINDS or e.population >= BIG_TOWN for e in entries
    ):
        return False
    end = span.end
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return (
        end - span.end >= 2
        and all(capitalised(t) for t in doc[span.end : end])
        and doc[end - 1].lower_ in lex["movement_heads"]
    )


def capitalised_name(span: Span) -> bool:
    """Not "swan" or "red states": a place's name is capitalised, bar a particle ("al-Tanf") or a
    compass word ("east Africa").
    """
    return (
        not span.text[0].islower()
        or "-" in span[0].text
        or (span[0].lower_ in COMPASS and len(span) > 1 and span[1].text[0].isupper())
    )


def located(span: Span, key: str, entries: list[Entry], gaz: Gazetteer, lex: dict) -> bool:
    """ "in Huntsville", "Grovetown police", "Gainesville, Georgia" tagged ORG or PERSON: a town
    name
    after a locative preposition, before a civic noun or before a comma and its state or country is
    a place.
    """
    if not any(
        e.kind in ("city", "admin1", "country") and place_key(e.name) == key for e in entries
    ):
        return False
    return (
        locative(span, lex)
        or cued(span, lex)
        or feature_cue(span, lex)
        or bool(qualifier(span.doc, span, gaz))
    )


def locative(span: Span, lex: dict) -> bool:
    """A name after a locative preposition ("in Erie") or naming where a person is from ("Rebecca
    Sears, 41, of Grovetown", "Norb Mages of Lindsay").
    """
    doc = span.doc
    prev = doc[span.start - 1] if span.start else None
    if span.end < len(doc) and doc[span.end].tag_ == "POS":
        return False  # "from Georgia's hard work": the preposition governs what the name owns
    if prev is None or prev.lower_ != "of":
        return prev is not None and prev.lower_ in PLACE_LOCATIVE
    before = doc[span.start - 2] if span.start > 1 else None
    return before is not None and (
        before.ent_type_ == "PERSON"
        or (before.text == "," and span.end < len(doc) and doc[span.end].is_punct)
    )


def particle(doc: Doc, i: int) -> bool:
    """An Arabic article or patronymic at doc[i] ("al-Asad", "ez-Zor", "bin Laden"): the name goes
    on through it.
    """
    if i >= len(doc):
        return False
    t = doc[i].text
    return (
        (t in ARTICLES and i + 1 < len(doc) and doc[i + 1].text == "-")
        or t in ("bin", "ibn", "bint")
        or (t[:3] in ("al-", "el-") and len(t) > 3)
    )


def currency(tok) -> bool:
    """ "US$100", "$US 1.5 billion", "A$": a country code written onto a currency sign."""
    prev = tok.doc[tok.i - 1] if tok.i else None
    return (
        "$" in tok.text
        or tok.ent_type_ == "MONEY"
        or (prev is not None and prev.text.endswith("$") and not prev.whitespace_)
    )


def capitalised(tok) -> bool:
    """A token written like a name: "Kyiv", "NATO", "DeKalb", "McLean"."""
    return (
        tok.is_title
        or (tok.is_upper and len(tok) > 1)
        or (tok.is_alpha and tok.text[0].isupper() and tok.text[1:2].islower())
    )


def town(entries: list[Entry], key: str) -> bool:
    """Whether a name is exactly a town's name."""
    return any(e.kind == "city" and place_key(e.name) == key for e in entries)


def cued(span: Span, lex: dict) -> bool:
    """A town name in a telling slot: before "police"/"Mayor"/"residents", as a dateline or a
    legislator's seat.
    """
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    return (
        (span[-1].pos_ != "VERB" and nxt is not None and nxt.lower_ in lex["civic_words"])
        or dateline(span)
        or party_seat(span)
    )


def dateline(span: Span) -> bool:
    """ "TORRINGTON — A fire ...", "CARTHAGE, N.C. (AP) -": an upper-case name opening a line, then
    a
    dash, a colon, a comma or "(AP)".
    """
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    glued = (
        nxt is not None
        and not span[-1].whitespace_
        and not nxt.whitespace_
        and nxt.text in ("-", "–")
    )
    return (
        line_start(span)
        and nxt is not None
        and nxt.text in ("—", "–", "-", "--", ":", ",", "(")
        and not glued
    )


def line_start(span: Span) -> bool:
    """An upper-case span at the start of a line or right after a full stop."""
    prev = span.doc[span.start - 1] if span.start else None
    return span.text.isupper() and (prev is None or "\n" in prev.text or prev.text in (".", ":"))


def party_seat(span: Span) -> bool:
    """ "Rep. Earl Pomeroy, D-N.D.", "Sen. Tony Strickland, R-Moorpark": the place a US legislator
    represents.
    """
    doc = span.doc
    return (
        span.start > 1
        and doc[span.start - 1].text == "-"
        and doc[span.start - 2].text in ("D", "R", "I", "DFL")
        and doc[span.start - 1].idx == doc[span.start - 2].idx + len(doc[span.start - 2])
    )


def bare(span: Span) -> bool:
    """A title-case name that ends where its capitalised run ends and is no one's possessor or
    partner: not "Moody's", "Stevens & Wilkinson", "Franklin Elementary", "HIV"; and not after "at",
    mostly before a business.
    """
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    if span.start and doc[span.start - 1].lower_ == "at":
        return False
    return span[0].is_title and (
        nxt is None
        or not (
            nxt.is_title or nxt.is_upper or nxt.tag_ == "POS" or nxt.text in ("&", "+", "’s", "'s")
        )
    )


def abbreviation_slot(span: Span) -> bool:
    """Where a state's abbreviation stands for it: a legislator's seat ("D-N.D."), or after a town
    and a comma ("Churchill, Man.", "PLEASANTON, Calif.").
    """
    doc = span.doc
    return party_seat(span) or (
        span.start > 1
        and doc[span.start - 1].text == ","
        and (doc[span.start - 2].is_title or doc[span.start - 2].is_upper)
        and doc[span.start - 2].pos_ == "PROPN"
    )


def strong(e: Entry) -> bool:
    """An entry well known enough to count as a place without spaCy's say-so."""
    return e.kind in BIG_KINDS or (e.kind == "city" and e.population >= STRONG_POP)


def person_words(doc: Doc) -> Counter[str]:
    """How often each folded word occurs in multi-word person names ("Antony Blinken" → antony,
    blinken; "Tyrise M. Bell" however labelled), after any civic title they carry ("Huntsville Fire
    Chief Tom Grisham" → tom, grisham); not in a town's own name spaCy took for a person ("Avondale
    Estates").
    """
    civic = lexicon.load().place_words["civic_words"]
    gaz = gazetteer.load()
    out: Counter[str] = Counter()
    for e in doc.ents:
        if (e.label_ == "PERSON" and len(e) > 1) or (
            len(e) == 3 and INITIAL.match(e[1].text) and e[0].is_title
        ):
            if town(gaz.lookup(e.text), place_key(e.text)):
                continue
            start = max((t.i + 1 for t in e if t.lower_ in civic), default=e.start)
            out.update(place_key(t.text) for t in doc[start : e.end] if t.is_alpha)
    return out


def titled(span: Span) -> bool:
    """ "Queen Elizabeth", "Prime Minister Israel Katz", "Elizabeth II": a name that a person's
    title opens (a one-word title of agents.tsv or an honorific) or a generation suffix closes is
    a person's; but not one that opens the title's own longer name ("Chief Kanawha Circuit Judge").
    """
    doc = span.doc
    prev = doc[span.start - 1] if span.start else None
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and not nxt.is_lower and nxt.lower_ in SUFFIXES:
        return True
    if prev is None or not prev.is_title:
        return False
    _, kinds = lexicon.load().agents.get(prev.lower_, (None, ()))
    return (prev.lower_ in HONORIFICS or "title" in kinds) and (
        nxt is None or not nxt.is_title or span[0].ent_type_ == "PERSON"
    )


def speaker(span: Span, lex: dict) -> bool:
    """A name used like a person's: "said Noma", "Noma says", "Georgia's father", a transcript's
    "CRUZ: ..." (a person's name elsewhere in the article outvotes it as a dateline).
    """
    doc = span.doc
    prev = doc[span.start - 1] if span.start else None
    nxt = doc[span.end] if span.end < len(doc) else None
    kin = (
        span.end + 1 < len(doc)
        and nxt.tag_ == "POS"
        and doc[span.end + 1].lemma_.lower() in lex["kin_words"]
    )
    return (
        kin
        or (line_start(span) and nxt is not None and nxt.text == ":")
        or (prev is not None and prev.pos_ == "VERB" and prev.lemma_ in ("say", "tell", "add"))
        or (
            nxt is not None
            and nxt.lower_ in ("says", "said")
            and (span.end + 1 >= len(doc) or doc[span.end + 1].is_punct)
        )
    )


def company_names(doc: Doc, lex: dict) -> set[str]:
    """The folded names inside company names ("Metz Fresh LLC", "Titan Operating", "Newmont
    Mining"): a small town called so elsewhere in the article is the company.
    """
    out = set()
    for ent in doc.ents:
        if (
            ent.label_ == "ORG"
            and len(ent) > 1
            and any(t.lower_.rstrip(".") in lex["company_words"] for t in ent)
        ):
            out.update(
                place_key(ent[i:j].text)
                for i in range(len(ent))
                for j in range(i + 1, min(len(ent), i + 3) + 1)
            )
    return out


def dedication(span: Span, gaz: Gazetteer, lex: dict) -> bool:
    """ "St. Patrick's Day", "St. John's Lutheran School", "St George's Chapel": a saint's
    possessive
    names a feast or a building, unless the whole is a town ("St. John's", Newfoundland) and no such
    noun follows.
    """
    doc = span.doc
    if not saint(span) or span.end >= len(doc) or doc[span.end].tag_ != "POS":
        return False
    whole = doc[span.start : span.end + 1]
    after = doc[whole.end : whole.end + 3]
    if any(t.lower_ in lex["dedication_heads"] for t in after if t.is_title):
        return True
    return not any(
        strong(e) and place_key(e.name) == place_key(span.text) for e in gaz.lookup(span.text)
    ) and not any(
        e.kind == "city" and place_key(e.name) == place_key(whole.text)
        for e in gaz.lookup(whole.text)
    )


def modifier_of_thing(span: Span, lex: dict) -> bool:
    """ "The Minsk peace process", "the Washington Post", "the Russia inquiry": a name that
    modifies an agreement or, right before it, an inquiry, or names a newspaper, university or
    team, is no place; "California colleges" and "the Dublin post" name places.
    """
    root = span.root
    if root.dep_ not in ("compound", "amod", "nmod") or root.head.i < span.end:
        return False
    chain = [root.head]  # "a Boston University study": "University" and "study"
    while (last := chain[-1]).dep_ == "compound" and last.head.i > last.i and last.is_title:
        chain.append(last.head)
    nxt = span.doc[span.end]
    return any(_names_thing(head, lex) for head in chain) or (
        nxt.i == root.head.i and nxt.lemma_.lower() in lex["inquiry_heads"]
    )  # "the Russia inquiry", not "the Nice attack investigation"


def _names_thing(head: Token, lex: dict) -> bool:
    """Whether a word a place name modifies makes it a thing's name: an agreement, a war ("Gulf
    War syndrome"), or, capitalised, an institution."""
    words = {head.lemma_.lower(), head.lower_, head.lower_.removesuffix("s")}  # "Conventions"
    return bool(words & lex["not_place_heads"]) or (
        capitalised(head) and bool(words & lex["institution_heads"])
    )  # "USA TODAY" too


def inside(span: Span, ranges: list[tuple[int, int]]) -> bool:
    """Whether `span` touches page furniture."""
    return furniture.inside(ranges, span.start_char, span.end_char)


def office_of(span: Span, lex: dict) -> bool:
    """ "Lebanon's Prime Minister", "Lebanon's government": a state office after the name names a
    country.
    """
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].tag_ != "POS":
        return False
    words = doc[span.end + 1 : span.end + 3]
    return any(t.lower_ in lex["office_words"] for t in words)


def unit_cue(span: Span, lex: dict) -> bool:
    """A use that names an admin-1 unit: after "Town," or "state of", before "state", "Gov.",
    "legislature", or listed under "states such as" or "provinces including". A legislator's state
    ("Washington Democrat") names only itself: see `represented`.
    """
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    if (nxt is not None and nxt.lower_.rstrip(".") in lex["unit_words"]) or units_listed(span, lex):
        return True
    before = doc[max(0, span.start - 2) : span.start]
    after = doc[span.end + 1] if span.end + 1 < len(doc) else None
    listed = nxt is not None and (
        nxt.lower_ in ("and", "or")
        or (
            nxt.text == ","
            and after is not None
            and (after.lower_ in ("and", "or") or capitalised(after))
        )
    )  # "Miami, New York, and Detroit"
    return len(before) == 2 and (
        (
            before[1].text == ","
            and before[0].is_title
            and before[0].ent_type_ != "PERSON"
            and not _ends_country(before[0])
            and not listed
        )  # "Buffalo, New York"; not "Kevin Carroll, Washington Examiner", "North Korea, Pyongyang"
        or (before[1].lower_ == "of" and before[0].lower_ in lex["unit_words"])
    )


def _ends_country(tok: Token) -> bool:
    """Whether `tok` closes a country's name ("North Korea"): no town a unit's name may follow."""
    doc, start = tok.doc, tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    name = doc[start : tok.i + 1].text
    return any(e.kind == "country" for e in gazetteer.load().lookup(name))


def represented(span: Span, lex: dict) -> bool:
    """ "Wisconsin Republican", "Republican of Georgia", "Sen. James M. Inhofe of Oklahoma": the
    state a US legislator or governor stands for.
    """
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and nxt.is_title and nxt.lower_ in lex["party_words"]:
        return True
    if span.start < 2 or doc[span.start - 1].lower_ != "of":
        return False
    owner = doc[span.start - 2]
    if owner.is_title and owner.lower_ in lex["party_words"]:
        return True
    person = _person_ending(doc, owner.i + 1)
    while person is not None and person.start > 1 and doc[person.start - 1].lower_ in ("and", ","):
        before = _person_ending(doc, person.start - 1)  # "Senators A and B of Georgia"
        if before is None:
            break
        person = before
    title = doc[person.start - 1] if person is not None and person.start else None
    word = title.lower_.rstrip(".") if title is not None else ""
    return word in lex["legislator_titles"] or word.removesuffix("s") in lex["legislator_titles"]


def _person_ending(doc: Doc, end: int) -> Span | None:
    """The person entity that ends at token `end`, if any."""
    return next((e for e in doc.ents if e.end == end and e.label_ == "PERSON"), None)


def units_listed(span: Span, lex: dict) -> bool:
    """ "states such as California or Washington", "provinces, including Ontario": a list under a
    plural unit noun.
    """
    t = span.root
    while t.dep_ == "conj" and t.head != t:
        t = t.head
    head = (
        t.head.head if t.dep_ == "pobj" and t.head.lower_ in ("as", "like", "including") else None
    )
    return head is not None and head.tag_ == "NNS" and head.lemma_.lower() in lex["unit_words"]


def qualifier(doc: Doc, span: Span, gaz: Gazetteer) -> list[Entry]:
    """The admin-1 or country after a comma ("Paris, Texas"), if any; not the next item of a list
    ("Washington, New York and Boston", "Georgia, Illinois, Missouri")."""
    if span.end + 1 >= len(doc) or doc[span.end].text != ",":
        return []
    own = {
        e.kind
        for e in gaz.lookup(span.text)
        if e.kind == "country" or (e.kind == "admin1" and place_key(e.name) == place_key(span.text))
    }
    peers = span.start > 0 and doc[span.start - 1].text == "," and bool(own)
    for n in (3, 2, 1):
        q = doc[span.end + 1 : span.end + 1 + n]
        after = doc[q.end].lower_ if q.end < len(doc) else ""
        listed = after in ("and", "or", "&") or (peers and after == ",")
        if len(q) == n and q[0].is_title and not q[-1].is_punct and not listed and not _opens(q):
            hits = [
                e
                for e in gaz.lookup(
                    q.text
                )  # "China, Japan, Mexico": a country is no country's qualifier
                if e.kind == "admin1" or (e.kind == "country" and "country" not in own)
            ]
            if hits:
                return hits
    return []


def located_in(doc: Doc, span: Span, gaz: Gazetteer) -> list[Entry]:
    """The country a name with gazetteer readings is said to lie in ("Palmyra in Syria"): right
    after it, "in" and the country's name. Not for a name that is a country itself ("Russia in
    Syria" is Russia acting there), nor an admin-1 unit ("West 11th Street in San Pedro" is no
    Paraguayan department), nor a name the gazetteer lacks ("Baha'i in Iran" is no place)."""
    if span.end + 2 >= len(doc) or doc[span.end].lower_ != "in":
        return []
    own = gaz.lookup(span.text)
    if not own or any(e.kind == "country" for e in own):
        return []
    start = span.end + 1 + (doc[span.end + 1].lower_ == "the")
    for n in (3, 2, 1):
        q = doc[start : start + n]
        if len(q) == n and q[0].is_title and not q[-1].is_punct:
            nxt = doc[q.end] if q.end < len(doc) else None
            if nxt is not None and (nxt.is_title or nxt.lower_ in ("'s", "’s")):
                continue  # "in Syria Deeply", "in Iraq's north": no unit of its own
            hits = [e for e in gaz.lookup(q.text) if e.kind == "country"]
            if hits:
                return hits
    return []


def _opens(q: Span) -> bool:
    """ "Nehru, India's first prime minister", "the Yazidis, U.S. warplanes": the name after the
    comma opens a noun phrase of its own (a possessive, a modifier), so it qualifies nothing."""
    last = q[-1]
    return last.head.i >= q.end and last.dep_ in ("poss", "compound", "amod", "nmod")


def feature_cue(span: Span, lex: dict) -> bool:
    """ "the village of Prisi", "the Kisima area": a place-feature noun names what the span is."""
    return _named_around(span, lex["feature_words"]) is not None


def feature_word(span: Span, lex: dict) -> str | None:
    """The place-feature or street noun that names what the span is, in it or around it: "Mahim
    Creek", "Camp David", "Pingle Drive", "Sheremetyevo airport", "the village of Prisi"; None for
    a bare name."""
    words = lex["feature_words"] | lex["street_words"]
    if len(span) > 1 and span[-1].lower_ in words:
        return span[-1].lower_
    if len(span) > 1 and span[0].lower_ in lex["feature_prefixes"]:
        return span[0].lower_
    return _named_around(span, words)


def _named_around(span: Span, words: set[str]) -> str | None:
    """The word of `words` right after the span ("the Kisima area") or before its "of" ("the
    village of Prisi")."""
    doc = span.doc
    if span.end < len(doc) and doc[span.end].lower_ in words:
        return doc[span.end].lower_
    before = doc[span.start - 2].lower_ if span.start > 1 else ""
    return before if before in words and doc[span.start - 1].lower_ == "of" else None


def unknown_place(span: Span, lex: dict) -> bool:
    """A name the gazetteer lacks is kept when it looks like one: "Mahim Creek", "Lake Manassas",
    "Fort Hood", "Abu Shok" after "in", "the village of Prisi", "the Kisima area".
    """
    prev = span.doc[span.start - 1] if span.start else None
    after_locative = prev is not None and prev.lower_ in PLACE_LOCATIVE
    return feature_cue(span, lex) or (
        len(span) > 1
        and (
            span[-1].lower_ in lex["feature_words"]
            or span[0].lower_ in lex["feature_prefixes"]
            or after_locative
        )
    )


def words_at(doc: Doc, words: Iterable[str]) -> list[int]:
    """Where the doc has one of the lower-case `words`, read from one array of the tokens' forms
    rather than a Token object made for every token of the article.
    """
    wanted = np.array([doc.vocab.strings[w] for w in words], dtype=np.uint64)
    return np.flatnonzero(np.isin(doc.to_array(LOWER), wanted)).tolist()
