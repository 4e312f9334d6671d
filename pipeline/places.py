"""Place mentions in a parsed article: gazetteer-aware recognition, one reading per name, context ranking."""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span

from geo import gazetteer
from geo.gazetteer import Entry, Gazetteer
from geo.text import MAX_NAME, fold, slug
from pipeline.records import Place

CONTEXT = Path(__file__).resolve().parent.parent / "geo" / "data" / "context.json"
PLACE_LABELS = {"GPE", "LOC", "FAC"}
OTHER_LABELS = {"ORG", "PERSON", "NORP"}
BIG_KINDS = {"country", "admin1", "region", "water", "continent"}
KIND_PRIOR = {"country": 10.0, "continent": 9.0, "region": 8.6, "water": 8.6, "admin1": 7.2, "border": 6.0}
STRONG_POP = 100_000
MAX_TOKENS = 6
CREDIT = re.compile(r"(?:\b[A-Z][A-Z.'\-]+ ?)+(?:/ ?[\w.&' \-]+){1,3}")
DASHED = re.compile(r"^(.+?)\s*[-–—/]\s*(.+)$")
NAME_CHARS = re.compile(r"^[^\W\d_][\w .'’&()\-]*$")


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """The context word lists (geo/data/context.json) as sets."""
    raw = json.loads(CONTEXT.read_text(encoding="utf-8"))
    return {k: ({fold(w) for w in v} if k.endswith("names") else {w.lower() for w in v})
            for k, v in raw.items() if isinstance(v, list)}


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
    blocked = furniture(doc.text, lex)
    mentions = [m for m in candidates(doc, gaz, lex) if not inside(m.span, blocked)]
    keep = readings(doc, mentions, lex)
    mentions = [m for m in mentions if m.key in keep and not modifier_of_thing(m.span, lex)]
    chosen = resolve(doc, mentions)
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
        if ent.label_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"):
            continue
        taken.update(range(ent.start, ent.end))
        span = trim(ent)
        if span is None or len(span.text) > MAX_NAME:
            continue
        found = []
        if ent.label_ in PLACE_LABELS | OTHER_LABELS - {"NORP"}:
            for part in split_dashed(span, gaz) or [span]:
                key = fold(part.text)
                if key and key not in lex["not_place_names"] and NAME_CHARS.match(part.text):
                    entries = gaz.lookup(part.text) or generic_suffix(part.text, gaz, lex)
                    if entries or ent.label_ in PLACE_LABELS:
                        found.append(Mention(part, key, ent.label_, entries))
        if not any(m.entries for m in found) and len(span) > 1 and ent.label_ not in ("PERSON", "NORP"):
            inner = scan(doc, span.start, span.end, set(), gaz, lex, inside_entity=True)
            if inner:
                found = inner
        out.extend(found)
    out.extend(scan(doc, 0, len(doc), taken, gaz, lex))
    return out


def scan(doc: Doc, start: int, end: int, taken: set[int], gaz: Gazetteer, lex: dict,
         inside_entity: bool = False) -> list[Mention]:
    """Capitalised n-grams in doc[start:end] naming a well-known place (longest match first)."""
    out = []
    i = start
    while i < end:
        tok = doc[i]
        if i in taken or not (tok.is_title or tok.is_upper and len(tok) > 1) or (
                not inside_entity and tok.is_sent_start and tok.pos_ != "PROPN"):
            i += 1
            continue
        found = None
        for n in range(min(MAX_TOKENS, end - i), 0, -1):
            span = doc[i:i + n]
            if any(t in taken for t in range(i, i + n)) or not (span[-1].is_title or span[-1].is_upper):
                continue
            key = fold(span.text)
            if not key or key in lex["not_place_names"] or not NAME_CHARS.match(span.text):
                continue
            entries = gaz.lookup(span.text)
            if any(strong(e) and (fold(e.name) == key or e.kind == "country") for e in entries):
                found = Mention(span, key, "GAZ", entries)
                break
        if found:
            out.append(found)
            i = found.span.end
        else:
            i += 1
    return out


def generic_suffix(text: str, gaz: Gazetteer, lex: dict) -> list[Entry]:
    """"Orange County", "Kherson Oblast": the namesake place, marked approximate, when the full name is unknown."""
    words = text.split()
    if len(words) < 2 or words[-1].lower() not in lex["generic_suffixes"]:
        return []
    base = " ".join(words[:-1])
    kind = "admin2" if words[-1].lower() in ("county", "parish", "district", "borough") else None
    out = []
    for e in gaz.lookup(base):
        if e.kind in ("city", "admin1") and fold(e.name) == fold(base):
            out.append(replace(e, name=text, kind=kind or e.kind, geonameid=None,
                               place_id=f"{e.place_id}~{slug(words[-1])}",
                               label=f"approximate: located at {e.name}"))
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


def person_words(doc: Doc) -> set[str]:
    """Folded words of multi-word person names ("Antony Blinken" → antony, blinken)."""
    return {fold(t.text) for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 for t in e if t.is_alpha}


def readings(doc: Doc, mentions: list[Mention], lex: dict) -> set[str]:
    """One reading per name and document: the keys that name places."""
    names = person_words(doc)
    by_key: dict[str, list[Mention]] = {}
    for m in mentions:
        by_key.setdefault(m.key, []).append(m)
    keep = set()
    for key, ms in by_key.items():
        labels = {m.label for m in ms}
        entries = ms[0].entries
        is_strong = any(strong(e) for e in entries)
        person = key in names or "PERSON" in labels and not labels & PLACE_LABELS
        if all(m.span.text.isupper() and len(m.span.text) > 3 for m in ms) and not is_strong:
            continue
        if not entries:
            if labels & {"GPE", "LOC"} and not person and key not in names:
                keep.add(key)
            continue
        if person and not any(e.kind in BIG_KINDS or e.population >= 1_000_000 for e in entries):
            continue
        if labels & {"GPE", "LOC"}:
            keep.add(key)
        elif is_strong and (labels - {"ORG"} or any(e.kind in BIG_KINDS or e.population >= 1_000_000
                                                    for e in entries if fold(e.name) == key or e.kind == "country")):
            keep.add(key)
        elif "FAC" in labels and any(e.kind != "city" for e in entries):
            keep.add(key)
    return keep


def modifier_of_thing(span: Span, lex: dict) -> bool:
    """"The Minsk peace process": a name that modifies an agreement, a newspaper or the like is no place."""
    root = span.root
    if root.dep_ not in ("compound", "amod", "nmod") or root.head.i < span.end:
        return False
    head = root.head
    return head.lemma_.lower() in lex["not_place_heads"] or head.lower_ in lex["not_place_heads"]


def furniture(text: str, lex: dict) -> list[tuple[int, int]]:
    """Character ranges of page furniture: photo credits and short boilerplate lines."""
    ranges = [(m.start(), m.end()) for m in CREDIT.finditer(text) if "/" in m.group()]
    pos = 0
    for line in text.split("\n"):
        low = line.lower()
        if len(line) < 200 and any(w in low for w in lex["furniture_lines"]):
            ranges.append((pos, pos + len(line)))
        pos += len(line) + 1
    return ranges


def inside(span: Span, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= span.start_char and span.end_char <= b for a, b in ranges)


# ---------------------------------------------------------------- resolution
def prior(e: Entry, key: str) -> float:
    """Context-free plausibility: kind, population, capital status, exact name."""
    if e.kind == "city":
        score = math.log10(e.population + 1) + (1.5 if e.feature_code == "PPLC" else 0.0)
    else:
        score = KIND_PRIOR.get(e.kind, 3.0)
    if e.kind != "city" or fold(e.name) == key:
        return score + 1.0
    return score - 1.5  # an alternate name ("Mexico" for Mexico City) is a weaker reading


def km(a: Entry, lat: float, lon: float) -> float:
    p1, p2 = math.radians(a.lat), math.radians(lat)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon - a.lon) / 2) ** 2)
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def qualifier(doc: Doc, span: Span, gaz: Gazetteer) -> list[Entry]:
    """The admin-1 or country after a comma ("Paris, Texas"), if any."""
    if span.end + 1 >= len(doc) or doc[span.end].text != ",":
        return []
    for n in (3, 2, 1):
        q = doc[span.end + 1:span.end + 1 + n]
        if len(q) == n and q[0].is_title:
            hits = [e for e in gaz.lookup(q.text) if e.kind in ("admin1", "country")]
            if hits:
                return hits
    return []


def resolve(doc: Doc, mentions: list[Mention]) -> dict[str, Entry | None]:
    """Pick one entry per name: prior, qualifiers ("Paris, Texas"), then rounds of document context
    (countries and admin-1 units the other names resolve to, nearness to the other places)."""
    gaz = gazetteer.load()
    by_key: dict[str, list[Mention]] = {}
    for m in mentions:
        by_key.setdefault(m.key, []).append(m)
    for ms in by_key.values():
        entries = subsumed(ms[0].entries)
        for m in ms:
            m.entries = entries
    quals = {k: [q for m in ms for q in qualifier(doc, m.span, gaz)] for k, ms in by_key.items()}
    count = {k: len(ms) for k, ms in by_key.items()}
    chosen = {k: max(ms[0].entries, key=lambda e: prior(e, k) + qualified(e, quals[k]), default=None)
              for k, ms in by_key.items()}
    for _ in range(2):
        ctx = Context(chosen, count, quals)
        for k, ms in by_key.items():
            if len(ms[0].entries) > 1:
                chosen[k] = max(ms[0].entries, key=lambda e: prior(e, k) + qualified(e, quals[k]) + ctx.bonus(e, k))
    for k, e in chosen.items():
        if e is not None and approximate(e) and e.kind == "admin2" and not ctx.admin1.get((e.country_codes[0], e.admin1)):
            chosen[k] = replace(e, lat=None, lon=None, place_id=f"unresolved:{slug(e.name)}",
                                label="unresolved: no gazetteer entry fits the context")
    return chosen


def subsumed(entries: list[Entry]) -> list[Entry]:
    """Drop an admin-1 unit named like its own country ("Mexico", "Luxembourg"): the country reading wins."""
    over = {cc for e in entries if e.kind == "country" for cc in e.country_codes[:1]}
    return [e for e in entries if not (e.kind == "admin1" and e.country_codes[:1] and e.country_codes[0] in over)]


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

    def __init__(self, chosen: dict[str, Entry | None], count: dict[str, int], quals: dict[str, list[Entry]]):
        self.countries: dict[str, dict[str, int]] = {}
        self.admin1: dict[tuple, set[str]] = {}
        self.anchors: list[tuple[str, float, float]] = []
        for k, e in chosen.items():
            for q in [e] + quals.get(k, []) if e is not None else quals.get(k, []):
                for cc in q.country_codes[:3]:
                    self.countries.setdefault(cc, {})[k] = count[k]
                if q.kind == "admin1" and q.country_codes:
                    self.admin1.setdefault((q.country_codes[0], q.admin1), set()).add(k)
                if q.kind == "city" and q.country_codes:
                    self.admin1.setdefault((q.country_codes[0], q.admin1), set()).add(k)
            if e is not None and e.kind in ("city", "admin1") and e.lat is not None:
                self.anchors.append((k, e.lat, e.lon))

    def bonus(self, e: Entry, key: str) -> float:
        s = 0.0
        weight = max((sum(n for k, n in self.countries.get(cc, {}).items() if k != key) for cc in e.country_codes),
                     default=0)
        if weight:
            s += 2.5 + min(2.0, math.log2(weight))
        if e.kind in ("city", "admin1", "admin2") and e.country_codes and \
                self.admin1.get((e.country_codes[0], e.admin1), set()) - {key}:
            s += 6.0 if approximate(e) else 2.0
        if e.kind in ("city", "admin1") and e.lat is not None:
            d = min((km(e, lat, lon) for k, lat, lon in self.anchors if k != key), default=None)
            if d is not None:
                s += 2.0 if d < 50 else 1.5 if d < 200 else 0.5 if d < 600 else 0.0
        return s


# ---------------------------------------------------------------- output
def role(span: Span, e: Entry, lex: dict) -> str:
    """"metonymic" when the place acts or is acted on as a government ("Moscow said", "sanctions on Minsk")."""
    if e.kind not in ("city", "country", "admin1"):
        return "literal"
    tok = span.root
    while tok.dep_ == "conj" and tok.head != tok:
        tok = tok.head
    head = tok.head
    if tok.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in lex["metonymy_verbs"]:
        return "metonymic"
    if tok.dep_ == "dobj" and head.lemma_.lower() in lex["metonymy_object_verbs"]:
        return "metonymic"
    if tok.dep_ == "pobj" and head.lower_ in ("on", "against", "with", "between", "from", "to"):
        noun = head.head
        if noun.dep_ in ("acl", "relcl") and noun.pos_ == "VERB":  # "sanctions imposed on Minsk"
            noun = noun.head
        if noun.lemma_.lower() in lex["metonymy_nouns"] and noun.pos_ == "NOUN":
            return "metonymic"
    return "literal"


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
