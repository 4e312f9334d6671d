"""Tuning constants of place recognition and resolution, each with what it trades off.

Scores add up in `resolution`: a reading's prior (kind or log10 population), then support from the
article's other names. Tune on ../shared/eval/geo_dev.jsonl and check the seed article after any
change.
"""

from __future__ import annotations

__all__ = [
    "ALT_NAME_PENALTY",
    "BIG_TOWN",
    "CELL",
    "COUNTRY_BASE",
    "COUNTRY_CAP",
    "DISTANCE_TIERS",
    "DWARF",
    "EMPTY_UNIT_PRIOR",
    "FAR_KM",
    "FOCUS_KM",
    "FOCUS_SHARE",
    "FOCUS_UNIT",
    "HAMLET",
    "KIND_PRIOR",
    "LOCAL_EVIDENCE",
    "MAX_NEAR",
    "MAX_TOKENS",
    "NAME_BONUS",
    "NATION_NEAR",
    "NATION_TOWN",
    "NEAR_BONUS",
    "NEAR_KM",
    "OFFICE_BONUS",
    "OTHER_PRIOR",
    "PERSON_VOTES",
    "QUALIFIED_ADMIN1",
    "QUALIFIED_COUNTRY",
    "REGION_KM",
    "REGION_POP",
    "ROUNDS",
    "SEAT_SHARE",
    "SERIES_BONUS",
    "SHADOW",
    "STRONG_POP",
    "UNIT_APPROX",
    "UNIT_BONUS",
    "UNIT_SUPPORT",
]

# priors: what a reading is worth before context; a city's is log10 of its people (a city of 1M: 6)
KIND_PRIOR = {
    "country": 10.0,
    "continent": 9.0,
    "region": 8.6,
    "water": 8.6,
    "admin1": 7.2,
    "border": 6.0,
}
OTHER_PRIOR = (
    3.0  # a kind with no prior of its own (landmark, other): below any town of 1,000 people
)
EMPTY_UNIT_PRIOR = (
    3.0  # a province with no cities500 town in it is a speck (Saint Louis, Seychelles)
)
NAME_BONUS = (
    1.0  # for a reading whose own name is the text's: ahead of readings by an alternate name
)
ALT_NAME_PENALTY = (
    1.5  # an alternate name ("Mexico" for Mexico City) is weaker; too high loses "Kiev"/"Kyiv"
)
REGION_POP = (
    10_000_000  # what a region, sea or continent weighs against its namesake towns (the EU, Eu)
)
STRONG_POP = (
    100_000  # people: a town this big is a place even when spaCy calls its name something else
)
BIG_TOWN = 1_000_000  # people: a town this big stays a place even where the name is also a person's
HAMLET = 10_000  # people: a town this small needs the article to vouch for it

# support from the article's other names
QUALIFIED_COUNTRY = 6.0  # "Paris, France": the country written after the name; less than a state's
QUALIFIED_ADMIN1 = (
    8.0  # "Paris, Texas": the admin-1 unit written after it, which outweighs any prior
)
COUNTRY_BASE, COUNTRY_CAP = (
    2.5,
    2.0,
)  # country support: base + log2(mentions), capped; higher favours locals
# km from a country's point within which the other names support it as its own country's would:
# the region a story is about (Israel, Syria, Gaza) backs the country of Lebanon against a US town
REGION_KM = 1000.0
UNIT_SUPPORT = 2.0  # another name in the same admin-1 unit
UNIT_APPROX = (
    6.0  # the same, for a reading the gazetteer only places approximately (it has no better cue)
)
UNIT_BONUS = (
    1.0  # local support beyond a town's own: its admin-1 unit is named in the article ("Kentucky")
)
DISTANCE_TIERS = ((50, 2.0), (200, 1.5), (600, 0.5))  # km to the nearest other place → support
NEAR_KM, CELL, NEAR_BONUS = (
    50.0,
    0.5,
    1.0,
)  # km, grid degrees, score per other name with a reading that near
MAX_NEAR = (
    2  # other names near a reading that count; more would let a list of suburbs outvote a capital
)
LOCAL_EVIDENCE = (
    1.5  # local support from settled names below which a shadowed hamlet's country support halves
)
# a reading this many times smaller needs a named town nearby, not just its state, to win (Paris)
DWARF = 200
# distance support and near-name support a town named like a country needs before any local support
# counts for it: a settled place within 50 km and a name that could lie near it ("Myerstown" for
# Lebanon, Pennsylvania), not its state or a far city; never for a city the name only calls
# ("Mexico"). Two near names would lose local obituaries' "of Lebanon"
NATION_TOWN, NATION_NEAR = 2.0, 1.0
SHADOW = 50  # a reading this many times smaller than the name's biggest gets half the local support
SEAT_SHARE = (
    0.1  # a city holding this share of its same-named unit's people is what the bare name means
)
OFFICE_BONUS = (
    3.0  # for the country reading of a name whose office is named ("Lebanon's Prime Minister")
)
SERIES_BONUS = 3.0  # for a reading of the one kind all names of its list share
# from the article's focus: too far for a town named like a square to be what a local story means
FAR_KM = 600.0
# of an article's place mentions its main country must hold to be where its unknown names lie
FOCUS_SHARE = 0.4
# of the towns, counties and states an article settles, the share that must lie in its focus's
# unit for an unknown name to be put there: geo dev's focus placements are right 4 times in 5 above
# it, 1 in 3 below; lower puts a story's bases and dams in another state
FOCUS_UNIT = 0.5
FOCUS_KM = 200.0  # km: a settled place this near the focus counts as in its unit (a city-state's)
# of context: each settles names on the readings of the last, until none changes; more costs time
ROUNDS = 4

# recognition
MAX_TOKENS = (
    6  # longest name looked up; longer spans are organisations or phrases, and cost lookups
)
PERSON_VOTES = (
    3  # person votes beyond twice the place cues that make a name a person's without a full name
)
