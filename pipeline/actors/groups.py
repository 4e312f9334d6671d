"""States, organisations, media and unnamed agents ("a senior U.S. official", "the separatists")."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from geo import gazetteer
from pipeline import lexicon
from pipeline.actors.mentions import (
    NER_KINDS,
    POSSESSIVE,
    STATE_MARKS,
    ActorTable,
    Mark,
    after_saint,
    agent_matcher,
    mark_country,
    owner_country,
)
from pipeline.actors.persons import ROLE_EDGE, US_PARTY
from pipeline.dates import MONTHS, WEEKDAYS
from pipeline.lexicon import LOCATIVE, Lexicon
from pipeline.names import HONORIFICS, fold, name_key, slug
from pipeline.records import Place

__all__ = ["add_agents", "add_unknown_orgs", "is_state_actor"]

# prepositions after which a capital stands for its government ("dialogue with Kyiv")
AGENTIVE_PREP = {"with", "between", "against", "by", "on", "for", "from"}
LITERAL_VERBS = {
    "visit",
    "reach",
    "strike",
    "hit",
    "attack",
    "enter",
    "leave",
    "bomb",
    "shell",
    "capture",
    "take",
    "seize",
    "surround",
    "encircle",
    "approach",
    "tour",
    "fly",
    "travel",
    "target",
}
MOTION_VERBS = {
    "visit",
    "enter",
    "leave",
    "flee",
    "tour",
    "travel",
    "fly",
    "reach",
    "approach",
    "return",
    "come",
    "arrive",
    "depart",
    "move",
    "drive",
    "sail",
    "escape",
}
# nouns of a journey: "a flight from Moscow" leaves a place, "a call from Moscow" comes from a state
JOURNEY_NOUNS = {"flight", "trip", "train", "journey", "route", "road", "ride", "drive", "return"}
BORDER_NOUNS = {"border", "frontier", "boundary"}
# a namesake in the story's country a quarter the size of the capital is the one an org is named for
NAMESAKE_SHARE = 4
# the least population of a city an institution is named after ("Temple University", not a hamlet)
SEAT_POPULATION = 15000
# a country given as an example of a place is no actor ("a hot place like Afghanistan", "places
# including Yemen")
EXAMPLE_PREP = {"like", "unlike", "including", "as"}
# modifiers that give an unnamed source another country than the story's
ABROAD_WORDS = {"foreign", "international", "overseas", "visiting"}
DEFINITE = {"the", "that", "this", "these", "those"}
PLACE_NOUNS = {
    "place",
    "area",
    "region",
    "world",
    "spot",
    "location",
    "destination",
    "territory",
    "zone",
}


def _first_conjunct(tok):
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    return tok


def is_state_actor(span: Span, kind: str, place: Place | None) -> bool:
    """Whether a country, capital or seat name stands for the state here (by place role or
    syntax).
    """
    if place is not None and place.role == "metonymic":
        return True
    root = _first_conjunct(span.root)
    dep, head = root.dep_, root.head
    if dep in ("compound", "amod", "nmod"):
        return kind != "seat" and head.lemma_.lower() in (
            "government",
            "force",
            "authority",
            "regime",
            "leadership",
            "administration",
        )
    if kind == "seat":
        return True
    if dep == "appos" and head.dep_ == "pobj" and head.head.lower_ in LOCATIVE:
        return False  # "near Karak, Jordan"
    if kind == "state":
        example = head.lower_ in EXAMPLE_PREP and head.head.lemma_.lower() in PLACE_NOUNS
        border = head.lower_ == "with" and head.head.lemma_.lower() in BORDER_NOUNS
        if dep == "dobj":  # "fleeing Cuba", "visited Iraq"; "attack Iran" names a target
            return head.lemma_.lower() not in MOTION_VERBS
        return not (dep == "pobj" and (head.lower_ in LOCATIVE or example or border))
    if dep in ("nsubj", "nsubjpass", "poss", "agent"):
        return True
    if dep == "pobj":
        return head.lower_ in AGENTIVE_PREP and not _journey(head)
    if dep == "dobj":
        return head.lemma_.lower() not in LITERAL_VERBS
    return False


def _journey(prep) -> bool:
    """ "traveling from Amsterdam to Paris", "a flight from Moscow": the capital is where a journey
    starts or ends, no government.
    """
    if prep.lower_ not in ("from", "to"):
        return False
    went = prep.head.lemma_.lower()
    route = any(ch.dep_ == "prep" and ch.lower_ in ("from", "to") for ch in prep.children)
    return route or went in MOTION_VERBS or went in JOURNEY_NOUNS


def add_unknown_orgs(
    doc: Doc,
    out: ActorTable,
    marks: list[Mark],
    owner: dict[int, Mark],
    place_chars: list[tuple[int, int]],
    lex: Lexicon,
    homes: dict[int, str],
) -> None:
    """ORG entities outside the lexicon that look like organisations or outlets; acronyms pair with
    names. `homes` is the article's main country at each place of it by its first character: an
    organisation named after such a place is of that country ("Minnesota Department of Human
    Services", "Boston Law Group"; not "Benghazi Accountability Review Board" in a US story).
    """
    known = {fold(a.name): a.actor_id for a in out.by_id.values()}
    main = next(iter(homes.values()), None)
    acronyms = Counter(doc[m.start].text for m in marks if m.kind == "ORG" and m.end - m.start == 1)
    documents: set[str] = set()
    for m in marks:
        if m.kind not in ("ORG", "PERSON") or (m.kind == "PERSON" and not _listed(m.key, lex)):
            continue
        s, e = m.start, m.end
        while s < e and (doc[s].lower_ == "the" or not doc[s].text[:1].isalnum()):
            s += 1
        while e > s and (
            doc[e - 1].text in POSSESSIVE
            or not doc[e - 1].text[:1].isalnum()
            or doc[e - 1].lower_ in ROLE_EDGE
            or _abbreviated_title(doc, e - 1, lex)  # "Army Sgt. X": a rank, no "Army Sgt"
        ):
            e -= 1
        if after_saint(doc, s):
            continue
        head = e  # the words before "of", "on", "for": "Committee on Benghazi" is no Libyan one
        if s < e and doc[e - 1].lower_ in lex.org_words:
            tail = _name_tail(doc, e, owner, lex)
            if tail is None:
                continue  # "U.S. Department" of a listed "Department of Homeland Security"
            e = tail  # "Washington Office on Latin America", "U.S. Bureau of Labor Statistics"
        if s >= e or any(
            a.type == "person"
            and any(
                doc[s].idx < b and a0 < doc[e - 1].idx + len(doc[e - 1]) for a0, b in a.mentions
            )
            for a in out.by_id.values()
        ):
            continue
        country = None
        if (
            e - s > 2
            and doc[s + 1].text in POSSESSIVE
            and s in owner
            and owner[s].kind in STATE_MARKS
        ):
            country, s = owner[s].key, s + 2  # "Mexico's National Migration Institute"
        span = doc[s:e]
        text = span.text
        chars = (span.start_char, span.end_char)
        if (
            fold(text) in lex.places
            or fold(text) in lex.not_actors
            or any(a <= chars[0] and chars[1] <= b for a, b in place_chars)
        ):
            continue
        listed = _listed(text, lex)
        if listed is not None:  # a spelling the lexicon does not list: "Al Qa'ida"
            type_, org_country, name = lex.orgs[listed]
            type_ = "group" if type_ == "group" else "organization"
            out.add(listed, name, type_, country or org_country, None, chars)
            known[fold(text)] = listed
            continue
        acronym = _acronym_after(doc, e)
        media = _media_name(doc, s, e, lex)
        if doc[e - 1].lower_ in lex.document_words or (acronym and acronym in documents):
            documents.add(acronym or text)
            continue
        if len(span) == 1 and _names_document(doc, s, lex):
            documents.add(text)  # "the Iran Sanctions Act (ISA)", whatever the parse made of it
            continue
        if len(span) == 1:
            if (
                not (text.isupper() and text.isalpha() and 2 <= len(text) <= 8)
                or _shouted(doc, s)
                or (e < len(doc) and doc[e].text == ":")  # a field's label: "TARGET: ..."
                or text in documents
                or doc.vocab[text.lower()].is_stop
                or (fold(text) not in known and acronyms[text] < 2)
            ):
                continue
        elif not (
            acronym
            or media
            or any(t.lower_ in lex.org_words or t.lower_[:-1] in lex.org_words for t in span)
        ):
            continue
        key = (
            known.get(fold(text))
            or known.get(fold(acronym or ""))
            or f"{'media' if media else 'org'}:{slug(acronym or text)}"
        )
        country = (
            country
            or owner_country(doc, s, owner, lex)  # "Cuba's National Assembly"
            or _based_country(doc, e + 3 if acronym else e, lex)
            or _described_country(doc, e + 3 if acronym else e, owner)
            or next((c for t in doc[s:head] if (c := _named_country(t.text, lex, main))), None)
            or _parent_country(_unpossessed(doc[s:head].text.split()), lex)
            or _namesake_country(text.split(), lex)
            or homes.get(chars[0])
            or _seat_country(text.split(), lex, main)
        )
        type_ = "media" if key.startswith("media:") else "organization"
        out.add(key, text, type_, country, None, chars)
        known[fold(text)] = key
        if acronym:
            known[fold(acronym)] = key
            a = doc[e + 1]
            out.add(key, text, type_, country, None, (a.idx, a.idx + len(a)))


def _abbreviated_title(doc: Doc, i: int, lex: Lexicon) -> bool:
    """An abbreviated title at i: "Sgt.", or "Sgt" before its split-off period."""
    tok = doc[i]
    low = tok.lower_.rstrip(".")
    dotted = tok.text.endswith(".") or (i + 1 < len(doc) and doc[i + 1].text == ".")
    return dotted and low in lex.title_words and len(low) <= 5


def _unpossessed(words: list[str]) -> list[str]:
    """The words of a name with a possessive's ending cut ("Justice Department's Office")."""
    return [w.removesuffix("'s").removesuffix("’s") for w in words]


def _name_tail(doc: Doc, e: int, owner: dict[int, Mark], lex: Lexicon) -> int | None:
    """The end of an organisation's name that the parse cut before "of", "on" or "for" and
    capitalised words ("Office [on Latin America]"), `e` when none follow, None when a listed
    organisation or outlet does (the name is part of that one's).
    """
    if e + 1 >= len(doc) or doc[e].lower_ not in ("of", "on", "for"):
        return e
    k = e + 1
    while k < min(len(doc), e + 6) and _name_word(doc[k], lex):
        if k in owner and owner[k].kind in ("org", "media"):
            return None if k == e + 1 else e
        if k in owner and owner[k].kind not in NER_KINDS | STATE_MARKS:
            break
        k += 1
    return k if k > e + 1 else e


def _name_word(tok, lex: Lexicon) -> bool:
    """A capitalised word that can go on a name: no weekday, month, honorific or title."""
    low = tok.lower_.rstrip(".")
    return (
        tok.text[:1].isupper()
        and tok.is_alpha
        and low not in WEEKDAYS
        and low not in MONTHS
        and low not in HONORIFICS
        and low not in lex.title_words
    )


def _based_country(doc: Doc, e: int, lex: Lexicon) -> str | None:
    """The country of the place an apposition says an organisation is based in (", a
    Washington-based research organization"): a country, a capital or a city or state the
    gazetteer reads as one country's.
    """
    if e + 4 >= len(doc) or doc[e].text != "," or doc[e + 1].lower_ not in ("a", "an", "the"):
        return None
    k = e + 2
    while k < min(len(doc), e + 6) and doc[k].text[:1].isupper() and doc[k].is_alpha:
        k += 1
    if (
        k == e + 2
        or k + 1 >= len(doc)
        or doc[k].text not in ("-", "‐")
        or doc[k + 1].lower_ != "based"
    ):
        return None
    place = doc[e + 2 : k].text
    code = lex.places.get(fold(place))
    if code is not None:
        return code
    entries = [x for x in gazetteer.lookup(place) if x.kind in ("admin1", "city")]
    top = max(entries, key=lambda x: x.population, default=None)
    if top is None or len(top.country_codes) != 1:
        return None
    return (
        top.country_codes[0] if top.kind == "admin1" or top.population >= SEAT_POPULATION else None
    )


def _described_country(doc: Doc, e: int, owner: dict[int, Mark]) -> str | None:
    """The country of a nationality an apposition gives an organisation (", an Afghan television
    channel", ", the Russian energy giant").
    """
    if e + 3 >= len(doc) or doc[e].text != "," or doc[e + 1].lower_ not in ("a", "an", "the"):
        return None
    k = e + 2
    while k < min(len(doc), e + 5) and doc[k].is_lower and doc[k].pos_ in ("ADJ", "ADV"):
        k += 1  # "a leading Russian ..."
    m = owner.get(k)
    if m is None or m.kind != "demonym" or m.start != k or m.end >= len(doc):
        return None
    k = m.end
    while k < min(len(doc), m.end + 5) and doc[k].is_lower and doc[k].pos_ in ("NOUN", "ADJ"):
        k += 1
    closed = k == len(doc) or doc[k].is_punct  # an apposition, not the next clause's subject
    return m.key if k > m.end and closed else None


def _parent_country(words: list[str], lex: Lexicon) -> str | None:
    """The country of a listed organisation whose name opens this one's: a body of that body
    ("Senate Foreign Relations Committee" of the Senate).
    """
    names = _org_names()
    for k in range(len(words) - 1, 0, -1):
        key = names.get(" ".join(words[:k]))
        if key is not None:
            return lex.orgs[key][1]
    return None


@lru_cache(maxsize=1)
def _org_names() -> dict[str, str]:
    """The lexicon's organisations by each name they are written as."""
    patterns = lexicon.load().patterns
    return {text: label.split("|", 1)[1] for label, text in patterns if label[:4] == "org|"}


def _named_country(word: str, lex: Lexicon, main: str | None) -> str | None:
    """The country a word of an organisation's name names ("Tehran Times"); a capital with a
    namesake of comparable size in the article's `main` country names that ("Georgetown
    University" in a US story), as a namesake reading of a place would.
    """
    code = lex.places.get(fold(word))
    if code is None or main is None or code == main:
        return code
    entries = gazetteer.lookup(word)
    theirs = max((e.population for e in entries if code in e.country_codes), default=0)
    ours = max((e.population for e in entries if main in e.country_codes), default=0)
    return main if ours and ours * NAMESAKE_SHARE >= theirs else code


def _namesake_country(words: list[str], lex: Lexicon) -> str | None:
    """The country of a listed person whose name opens the organisation's ("Obama Administration",
    "Reagan National Defense Forum").
    """
    return next(
        (
            c
            for k in (2, 1)
            if len(words) > k and (c := lex.person_countries.get(" ".join(words[:k])))
        ),
        None,
    )


def _seat_country(words: list[str], lex: Lexicon, main: str | None) -> str | None:
    """The article's `main` country for an institution named after a place whose largest reading
    lies there ("University of Maryland", "Columbia University" in a US story); none elsewhere, as
    a name the article's places do not support is not placed.
    """
    low = [w.lower() for w in words]
    if len(words) > 2 and low[0] in lex.seated_org_words and low[1] == "of":
        place = words[2:]
    elif len(words) > 1 and low[-1] in lex.seated_org_words:
        place = words[:-2] if low[-2] == "state" else words[:-1]  # "Arizona State University"
    else:
        return None
    entries = gazetteer.lookup(" ".join(place)) if place and main else []
    if not entries or any(e.kind not in ("admin1", "city") for e in entries):
        return None  # an unknown name or a region's ("Middle East Institute")
    top = max(entries, key=lambda e: e.population)
    big = top.kind == "admin1" or top.population >= SEAT_POPULATION
    return main if big and top.country_codes == (main,) else None


def _listed(text: str, lex: Lexicon) -> str | None:
    """The lexicon organisation a capitalised name spells another way ("Al Qa'ida", "Hezbolllah");
    not for all-caps headline words.
    """
    if not text[:1].isupper() or text.isupper():
        return None
    return lex.org_keys.get(name_key(text))


def _shouted(doc: Doc, i: int) -> bool:
    """An all-caps word inside an all-caps run or after a number ("READ MORE", "737 MAX"): no
    acronym.
    """
    near = [t for t in doc[max(0, i - 1) : i + 2] if t.i != i and t.is_alpha]
    return (i > 0 and doc[i - 1].like_num) or any(t.is_upper and len(t) > 1 for t in near)


def _names_document(doc: Doc, i: int, lex: Lexicon) -> bool:
    """Token `i` is bracketed just after a law's name ("the Iran Sanctions Act (ISA)")."""
    return i >= 2 and doc[i - 1].text == "(" and doc[i - 2].lower_ in lex.document_words


def _acronym_after(doc: Doc, e: int) -> str | None:
    """ "(ABC)" right after a name."""
    if e + 2 < len(doc) and doc[e].text == "(" and doc[e + 2].text == ")":
        t = doc[e + 1].text
        if t.isupper() and t.replace(".", "").isalpha() and 2 <= len(t) <= 8:
            return t
    return None


def _media_name(doc: Doc, s: int, e: int, lex: Lexicon) -> bool:
    """A news outlet by its name's last word or the word next to it ("the Kommersant newspaper")."""
    before = doc[max(0, s - 2) : s].text.lower()
    after = doc[e : e + 2].text.lower()
    words = lex.media_words
    return (
        doc[e - 1].lower_ in words.get("last", set())
        or any(before.endswith(w) for w in words.get("before", ()))
        or any(after == w or after.startswith(w + " ") for w in words.get("after", ()))
    )


def _np_left(doc: Doc, s: int, head) -> int:
    """Start of the noun phrase that ends in the agent term at s; a plural noun that modifies no
    word right after it, or a participle's object, ends it ("Echoing arguments [administration
    officials] have made").
    """
    j = s
    while (
        j - 1 >= max(head.left_edge.i, s - 6)
        and doc[j - 1].dep_
        in (
            "amod",
            "compound",
            "nummod",
            "det",
            "poss",
            "case",
            "punct",
            "npadvmod",
            "advmod",
            "quantmod",
            "nmod",
        )
        and doc[j - 1].text not in (",", "(", ")", '"', "“", "”")
        and not (
            doc[j - 1].tag_ == "NNS"
            and (doc[j - 1].head.i != j or (j > 1 and doc[j - 2].tag_ == "VBG"))
        )
    ):
        j -= 1
    return j


def add_agents(
    doc: Doc,
    out: ActorTable,
    owner: dict[int, Mark],
    person_tokens: set[int],
    lex: Lexicon,
    places: list[Place],
    home: str | None,
    foreign: set[int],
) -> None:
    """Unnamed sources, unnamed non-state groups and national bodies ("Russian troops") from agent
    terms; an unnamed source its words do not place is of the article's dominant country `home`
    unless a sentence naming it names another country's place (`foreign`).
    """
    matcher = agent_matcher()
    place_cc = _place_countries(doc, places)
    person_cc = _person_countries(doc, out)
    homed, unhomed = set(), set()
    found = filter_spans([Span(doc, s, e) for _, s, e in matcher(doc)])
    for span in found:
        s, e = span.start, span.end
        if any(i in owner or i in person_tokens for i in range(s, e)):
            continue
        term = span.text.lower()
        sector, kinds = lex.agents[term]
        head = doc[e - 1]
        if head.dep_ == "amod" and head.head.i > head.i:
            continue  # "official documents"
        k = e
        while k < min(len(doc), e + 6) and (
            _title_word(doc[k], lex) or (doc[k].text == "." and k > e)
        ):
            k += 1  # "IDF spokesman Lt. Col. Peter Lerner": the titled person, no unnamed one
        nxt = doc[e] if e < len(doc) else None
        if nxt is not None and (
            (k in person_tokens and (k == e or doc[e].text[:1].isupper()))
            or nxt.lower_ == "of"
            or (nxt.text == "," and _titled_person_at(doc, e + 1, person_tokens, lex))
            or ("group" in kinds and nxt.lower_ == "to")
        ):
            continue  # "opposition to military action" names no group
        if s > 0 and doc[s - 1].text == "-" and not doc[s - 2].whitespace_:
            continue  # "the campaign-opposition arm"
        left = _np_left(doc, s, head)
        while left < s and (doc[left].lower_ in lex.name_noise or doc[left].lower_ == "of"):
            left += 1  # "Story highlights Official says", "Group Of 44 Diplomats"
        np_tokens = doc[left:e]
        markers = [t for t in np_tokens if t.i in owner]
        if any(owner[t.i].kind in ("PERSON", "person", "media") for t in markers) or any(
            t.i in person_tokens for t in np_tokens
        ):
            continue
        pro = any(t.lower_ in ("pro", "anti") for t in np_tokens)
        country = None if pro else next((mark_country(owner[t.i], lex) for t in markers), None)
        chars = (doc[left].idx, head.idx + len(head))
        name = doc[left:e].text
        if "anonymous" in kinds and not _named_agent(head) and not _of_named(head, person_tokens):
            if _role_only(head):
                continue  # "served as a State Department diplomat", "he was an official": a role
            affiliated = _other_affiliation(np_tokens, s, owner)
            if not affiliated:
                country = (
                    country
                    or _country_after(head, owner, place_cc, lex)
                    or _principal_country(head, person_cc)
                )
            if (
                term.startswith("source")
                and head.dep_ not in ("nsubj", "nsubjpass", "appos")
                and head.head.lower_ not in ("to", "by", "citing", "cited", "from", "with")
            ):
                continue
            mods = [
                t.lower_
                for t in np_tokens
                if t.i < s
                and t.i not in owner
                and t.is_alpha
                and t.dep_ in ("amod", "compound", "npadvmod", "advmod")
                and t.pos_ != "DET"
            ]
            if country is None and any(
                t.text[:1].isupper() and t.lower_ in US_PARTY for t in np_tokens
            ):
                country = "US"  # "a Republican aide"
            noun = _singular(term, lex)
            cc = (country or "xx").lower()
            definite = doc[left].lower_ in DEFINITE
            earlier = [
                a
                for a in out.by_id.values()
                if a.type == "anonymous"
                and a.actor_id.endswith(slug(noun))
                and (country is None or a.country == country)
            ]
            if definite and earlier:
                actor = max(earlier, key=lambda a: max(m[0] for m in a.mentions))
                actor_id = actor.actor_id
                out.add(actor_id, actor.name, "anonymous", actor.country, None, chars)
            else:
                actor_id = f"anon:{cc}:{slug(' '.join(mods + [noun]))}"
                out.add(actor_id, name, "anonymous", country, None, chars)
            if pro or markers or affiliated or _abroad_word(np_tokens):
                unhomed.add(actor_id)  # "a UN spokesman", "a visiting foreign official"
            else:
                homed.add(actor_id)
        elif (
            "group" in kinds and sector == "STA"
        ):  # "Western nations": only with a capitalised modifier
            mods = [
                t.text
                for t in np_tokens
                if t.i < s
                and t.text[:1].isupper()
                and t.is_alpha
                and (t.i not in owner or owner[t.i].kind in NER_KINDS)
            ]
            if mods:
                out.add(
                    f"group:xx:{slug(' '.join(mods + [term]))}", name, "group", None, None, chars
                )
        elif "group" in kinds:
            if "stance" in kinds and not _group_reading(doc, s, left, owner, lex):
                continue  # "strong opposition to", "Russia's opposition", "opposition research"
            if (
                country is None
                and not pro
                and "local" in kinds
                and not _other_affiliation(np_tokens, s, owner)
            ):
                country = _country_after(head, owner, place_cc, lex)
                earlier = [
                    a
                    for a in out.by_id.values()
                    if a.type == "group" and a.actor_id.endswith(f":{slug(term)}")
                ]
                if country is None and doc[left].lower_ in DEFINITE and earlier:
                    country = max(earlier, key=lambda a: max(m[0] for m in a.mentions)).country
            cc = (country or "xx").lower()
            out.add(f"group:{cc}:{slug(term)}", name, "group", country, None, chars)
        elif "collective" in kinds and country and markers:
            out.add(
                f"state:{country}",
                lex.state_names.get(country, country),
                "state",
                country,
                None,
                chars,
            )
    if home is not None:
        _add_home(doc, out, homed - unhomed, home, foreign)


def _add_home(doc: Doc, out: ActorTable, ids: set[str], home: str, foreign: set[int]) -> None:
    """Each unnamed source of `ids` with no country and no sentence naming another country's place
    is of the article's dominant country `home` (its "officials", "aides" and "a spokesman"),
    unless the sources the article does place are all of other countries ("U.S. officials" in a
    story set in North Korea).
    """
    placed = {a.country for a in out.by_id.values() if a.type == "anonymous" and a.country}
    if placed and home not in placed:
        return
    for actor_id in sorted(ids):
        a = out.by_id.get(actor_id)
        if a is None or a.country or not actor_id.startswith("anon:xx:"):
            continue
        spans = [doc.char_span(s, e, alignment_mode="expand") for s, e in a.mentions]
        if any(span is None or span.sent.start_char in foreign for span in spans):
            continue
        del out.by_id[actor_id]
        for span in a.mentions:
            out.add(f"anon:{home.lower()}:{actor_id[8:]}", a.name, a.type, home, a.role, span)


def _titled_person_at(doc: Doc, k: int, person_tokens: set[int], lex: Lexicon) -> bool:
    """A person's name at k, maybe after titles ("spokesman, Brig. Gen. X")."""
    stop = min(len(doc), k + 6)
    while (
        k < stop
        and k not in person_tokens
        and (doc[k].lower_.rstrip(".") in lex.title_words or doc[k].text == ".")
    ):  # no honorific: "to Syrian rebels, Ms. Clinton said"
        k += 1
    return k in person_tokens


def _title_word(tok, lex: Lexicon) -> bool:
    """A title or honorific, maybe abbreviated ("Lt.", "Col.", "Mr.")."""
    low = tok.lower_
    return low in lex.title_words or low in HONORIFICS or low.rstrip(".") in lex.title_words


def _group_reading(doc: Doc, s: int, left: int, owner: dict[int, Mark], lex: Lexicon) -> bool:
    """Whether a term that also names a stance ("opposition") names the group here: "the
    opposition", "the Syrian opposition", "opposition parties"; not "his opposition", "strong
    opposition", "Russia's opposition", "opposition-led", "opposition research".
    """
    tok = doc[s]
    nxt = doc[s + 1] if s + 1 < len(doc) else None
    if nxt is not None and nxt.lower_ in ("-", "from", "against"):
        return False
    if tok.dep_ == "compound" and tok.head.i > s:
        words = (tok.head.lower_, tok.head.lemma_.lower())
        if any("title" in lex.agents.get(w, ("", set()))[1] for w in words):
            return False  # "opposition leaders", "opposition figures": persons of it
        return any(w in lex.agents or w in lex.org_words for w in words)
    mods = doc[left:s]
    return (
        bool(mods)
        and mods[0].lower_ == "the"
        and all(t.i in owner and owner[t.i].kind in ("state", "demonym") for t in mods[1:])
        and not any(t.text in POSSESSIVE for t in mods)
    )


def _named_agent(head) -> bool:
    """An agent noun with a name in apposition or compound ("spokesman Dmitry Peskov")."""
    return any(
        ch.dep_ in ("appos", "compound") and ch.ent_type_ == "PERSON" and ch.i > head.i
        for ch in head.children
    )


def _of_named(head, person_tokens: set[int]) -> bool:
    """An agent noun in apposition to a person's name ("Maria Zakharova, a spokeswoman"): that
    person, no unnamed source.
    """
    return head.dep_ == "appos" and head.head.i in person_tokens


def _role_only(head) -> bool:
    """An agent noun that names a role, not a source: after "as", or a copula's complement ("she
    became the first official to ..."), but not in "there were officials ...".
    """
    if head.dep_ == "pobj" and head.head.lower_ == "as":
        return True
    return head.dep_ == "attr" and not any(c.dep_ == "expl" for c in head.head.children)


def _other_affiliation(np_tokens: Span, s: int, owner: dict[int, Mark]) -> bool:
    """A capitalised modifier no country mark covers ("a veteran Western official", "a European
    diplomat"): the source's affiliation is given, so the place it is in is not its country.
    """
    return any(
        t.i < s
        and t.text[:1].isupper()
        and t.is_alpha
        and not t.is_sent_start
        and (t.i not in owner or owner[t.i].kind in NER_KINDS)
        for t in np_tokens
    )


def _country_after(
    head, owner: dict[int, Mark], place_cc: dict[int, str], lex: Lexicon
) -> str | None:
    """Country from "officials in Kyiv", "sources at the Kremlin", "officials within the White
    House", "militants in Gaza".
    """
    doc = head.doc
    objs = [
        obj
        for prep in head.children
        if prep.dep_ == "prep" and prep.lower_ in ("in", "from", "at", "with", "within", "inside")
        for obj in prep.children
    ]
    k = head.i + 1
    if k + 1 < len(doc) and doc[k].lower_ in ("in", "from"):
        k += 2 if doc[k + 1].lower_ == "the" and k + 2 < len(doc) else 1
        objs.append(doc[k])  # "to stop militants in Gaza from firing": "in Gaza" hangs on the verb
    for obj in objs:
        country = mark_country(owner[obj.i], lex) if obj.i in owner else None
        if country or obj.i in place_cc:
            return country or place_cc[obj.i]
    return None


def _principal_country(head, person_cc: dict[int, str]) -> str | None:
    """Country of the person an aide serves: "Mr. Obama and top aides", "aides to Obama"."""
    if head.dep_ == "conj" and _first_conjunct(head).i in person_cc:
        return person_cc[_first_conjunct(head).i]
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "to":
            for obj in prep.children:
                if obj.i in person_cc:
                    return person_cc[obj.i]
    return None


def _abroad_word(np_tokens: Span) -> bool:
    """A modifier that puts the source abroad ("a foreign diplomat", "international officials")."""
    return any(t.lower_ in ABROAD_WORDS for t in np_tokens)


def _place_countries(doc: Doc, places: list[Place]) -> dict[int, str]:
    """Token index -> country of each one-country place the article names."""
    out = {}
    for p in places:
        span = doc.char_span(p.start, p.end, alignment_mode="expand")
        if span is not None and len(p.country_codes) == 1:
            out.update((i, p.country_codes[0]) for i in range(span.start, span.end))
    return out


def _person_countries(doc: Doc, out: ActorTable) -> dict[int, str]:
    """Token index -> country of each countried person's mentions."""
    found = {}
    for a in out.by_id.values():
        if a.type != "person" or not a.country:
            continue
        for s, e in a.mentions:
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is not None:
                found.update((i, a.country) for i in range(span.start, span.end))
    return found


def _singular(term: str, lex: Lexicon) -> str:
    if term.startswith("people "):
        return "person " + term.split(" ", 1)[1]
    if term.endswith("s") and term[:-1] in lex.agents:
        return term[:-1]
    return term
