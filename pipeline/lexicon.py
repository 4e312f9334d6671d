"""Every data file of `pipeline/lexicon/`, read once into one frozen `Lexicon` that all stages
share.

Extend the vocabulary by editing those files, not code. Word lists that more than one stage needs
(locative prepositions, pronouns, state names) are defined here once. Reading needs no model, so the
store and the app may use it too.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.names import fold, name_key

__all__ = [
    "ACTING_SUBJECTS",
    "DIR",
    "EVENT_PLACE",
    "FIRST_PERSON",
    "FURNITURE_KINDS",
    "LOCATIVE",
    "PLACE_LOCATIVE",
    "PRONOUNS",
    "SUBJECTS",
    "THIRD_PERSON",
    "Lexicon",
    "Trigger",
    "load",
]

DIR = Path(__file__).parent / "lexicon"
# prepositions after which a place name is a location, not an actor or a party ("troops in Ukraine")
LOCATIVE = frozenset(
    {
        "in",
        "into",
        "inside",
        "near",
        "across",
        "throughout",
        "within",
        "at",
        "to",
        "through",
        "around",
        "toward",
        "towards",
        "outside",
        "via",
        "along",
        "beyond",
        "off",
        "onto",
        "from",
        "of",
    }
)
# the prepositions of LOCATIVE that make an unknown or ambiguous name a place, and "between" ("the
# border
# between Belarus and Poland"; between two states it is a relation, so actors leave it out). "of",
# "within" and the like precede too many non-places ("the president of ...") to count as place cues.
PLACE_LOCATIVE = LOCATIVE - {"of", "inside", "within", "beyond", "off", "onto", "along"} | {
    "between"
}
# prepositions that say where an event happened; "to", "from" and "into" say whom it was aimed at
# instead
EVENT_PLACE = frozenset(
    {
        "in",
        "at",
        "near",
        "outside",
        "inside",
        "along",
        "across",
        "around",
        "off",
        "within",
        "through",
        "throughout",
        "on",
    }
)
# pronouns: never a name, so never a speaker's name; THIRD_PERSON ones refer back to an actor named
# before
THIRD_PERSON = frozenset({"it", "they", "he", "she", "its", "their", "his", "her", "them", "him"})
PRONOUNS = THIRD_PERSON - {"its", "their", "his"} | {"we", "i", "you", "this", "that"}
# first-person plural pronouns: the speaker's side ("we will respond"), else the author's
FIRST_PERSON = frozenset({"we", "us", "our", "ours"})
# dependency labels of a clause's subject: any subject (a speaker may be passive), and the acting
# one
SUBJECTS = ("nsubj", "nsubjpass")
ACTING_SUBJECTS = ("nsubj", "csubj")
FURNITURE_KINDS = ("line", "head", "tail", "inline", "top", "block")
# number words, for counts ("two dozen") and spans of time ("three weeks ago")
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a": 1,
    "an": 1,
}


@dataclass(frozen=True)
class Trigger:
    """One lexicon reading of an event trigger token."""

    type: str
    mode: str | None
    conditions: dict[str, set[str]]


@dataclass(frozen=True)
class Lexicon:
    """Everything read from `lexicon/`, indexed for lookup. Build it with `load()`."""

    # actors (states.tsv, organizations.tsv, media.tsv, persons.tsv, agents.tsv, *_words,
    # nicknames.tsv)
    state_names: dict[str, str] = field(default_factory=dict)  # ISO2 -> canonical name
    orgs: dict[str, tuple[str, str | None, str]] = field(
        default_factory=dict
    )  # id -> type, country, name
    # names.name_key of a group's name -> id: groups' names are romanised many ways ("al-Qaeda",
    # "Al Qaida"); organisations' are English, where "Labor" and "Labour" name different parties
    org_keys: dict[str, str] = field(default_factory=dict)
    media: dict[str, tuple[str | None, str]] = field(default_factory=dict)  # id -> country, name
    persons: dict[str, tuple[str, str | None, str | None]] = field(
        default_factory=dict
    )  # folded -> canon
    agents: dict[str, tuple[str, set[str]]] = field(default_factory=dict)  # term -> sector, kinds
    title_words: set[str] = field(default_factory=set)
    # title_countries.tsv: lower-cased title phrase -> the one country whose press uses it ("" for
    # an exception to a shorter phrase)
    title_countries: dict[str, str] = field(default_factory=dict)
    genders: dict[str, str] = field(default_factory=dict)  # gendered_words.tsv: noun -> he/she
    org_words: set[str] = field(default_factory=set)
    seated_org_words: frozenset[str] = frozenset()  # institutions named after their seat
    media_words: dict[str, set[str]] = field(default_factory=dict)  # before/after/last -> words
    not_actors: set[str] = field(default_factory=set)  # folded
    name_noise: set[str] = field(default_factory=set)  # page words that run into a name, lower
    thing_words: set[str] = field(default_factory=set)  # last words of names of things, lower
    document_words: set[str] = field(default_factory=set)
    nicknames: dict[str, str] = field(default_factory=dict)  # folded given name -> its formal form
    patterns: list[tuple[str, str]] = field(default_factory=list)  # label, text (case-sensitive)
    places: dict[str, str] = field(
        default_factory=dict
    )  # folded state name/capital/seat/demonym -> ISO2
    state_codes: dict[str, str] = field(
        default_factory=dict
    )  # verbatim state name/capital/seat/demonym -> ISO2
    person_countries: dict[str, str] = field(
        default_factory=dict
    )  # verbatim person name or alias -> ISO2
    # events (plover_*.tsv, plover_cues.json)
    triggers: dict[tuple[str, str], list[Trigger]] = field(
        default_factory=dict
    )  # (lemma, VERB|NOUN)
    cues: dict = field(default_factory=dict)
    contexts: dict[str, str] = field(default_factory=dict)  # lemma -> PLOVER context tag
    units: dict[str, str] = field(default_factory=dict)  # noun lemma -> quantity unit
    people_verbs: dict[str, str] = field(
        default_factory=dict
    )  # verb/noun lemma -> unit of counted people
    # statements (speech_*.txt)
    speech_cues: frozenset[str] = frozenset()  # report speech with or without quotation marks
    quote_cues: frozenset[str] = frozenset()  # may attribute a quotation
    phrase_cues: frozenset[str] = frozenset()  # may attribute a quoted phrase they characterise
    speech_object_cues: frozenset[str] = frozenset()
    refused_objects: frozenset[str] = frozenset()  # objects that make "deny" a refusal
    mute_speakers: frozenset[str] = frozenset()  # data and findings, which make no statement
    infinitive_heads: frozenset[str] = frozenset()  # 'went on to say': the speech took place
    seized_objects: frozenset[str] = frozenset()  # objects that make "claim" a taking
    # places (places.json): recognition and role vocabulary
    place_words: dict = field(default_factory=dict)
    # furniture.txt, compiled
    furniture: dict[str, re.Pattern] = field(default_factory=dict)
    furniture_lines: frozenset[str] = frozenset()  # furniture_lines.txt: keys of repeated lines
    # stopwords.tsv: word -> languages, for ingest's language check
    stopwords: dict[str, list[str]] = field(default_factory=dict)


@lru_cache(maxsize=1)
def load() -> Lexicon:
    """Read and index every lexicon file, once per process."""
    lex = Lexicon(
        triggers=_triggers(),
        cues=_cues(),
        contexts=_tagged("plover_contexts.tsv"),
        units=_tagged("plover_units.tsv"),
        people_verbs=_tagged("plover_people_verbs.tsv"),
        speech_cues=_words("speech_cues.txt"),
        quote_cues=_words("speech_cues.txt") | _words("speech_quote_cues.txt"),
        phrase_cues=_words("speech_cues.txt") | _words("speech_phrase_cues.txt"),
        speech_object_cues=_words("speech_object_cues.txt"),
        refused_objects=_words("speech_refused_objects.txt"),
        mute_speakers=_words("speech_mute_speakers.txt"),
        infinitive_heads=_words("speech_infinitive_heads.txt"),
        seized_objects=_words("speech_seized_objects.txt"),
        place_words=_place_words(),
        furniture=_furniture(),
        furniture_lines=_words("furniture_lines.txt"),
        stopwords=_stopwords(),
        seated_org_words=_words("seated_org_words.txt"),
    )
    _read_actors(lex)
    return lex


def _rows(name: str) -> list[list[str]]:
    """Tab-separated data rows of a lexicon file, comments and blank lines skipped."""
    with open(DIR / name, encoding="utf-8") as f:
        return [
            [c.strip() for c in line.rstrip("\n").split("\t")]
            for line in f
            if line.strip() and not line.startswith("#")
        ]


def _alts(row: list[str], i: int) -> list[str]:
    return [x for x in row[i].split("|") if x] if len(row) > i and row[i] else []


def _words(name: str) -> frozenset[str]:
    """One lexicon file as a set of lower-cased lines."""
    return frozenset(r[0].lower() for r in _rows(name))


def _read_actors(lex: Lexicon) -> None:
    """Fill the actor tables of `lex` (its dicts, while `load` builds it)."""
    for row in _rows("states.tsv"):
        code = row[0]
        lex.state_names[code] = _alts(row, 1)[0]
        for col, kind in ((1, "state"), (2, "demonym"), (3, "capital"), (4, "seat")):
            for text in _alts(row, col):
                lex.patterns.append((f"{kind}|{code}", text))
                lex.places.setdefault(fold(text), code)
                lex.state_codes.setdefault(text, code)
                if text.startswith("the "):
                    lex.state_codes.setdefault(text[4:], code)
                if kind == "demonym" and text.endswith(("an", "i")):
                    lex.patterns.append((f"people|{code}", text + "s"))  # "the Russians said"
    for row in _rows("organizations.tsv"):
        names = _alts(row, 3) + _alts(row, 4)  # an acronym, when there is one, is the display name
        lex.orgs[row[0]] = (row[1], row[2] or None, names[0])
        for text in names:
            lex.patterns.append((f"org|{row[0]}", text))
            if row[1] == "group" and not text.replace(".", "").isupper():
                lex.org_keys.setdefault(name_key(text), row[0])
    for row in _rows("media.tsv"):
        names = _alts(row, 2)
        lex.media[row[0]] = (row[1] or None, names[0])
        for text in names:
            lex.patterns.append((f"media|{row[0]}", text))
    for row in _rows("persons.tsv"):
        entry = (row[0], row[1] or None, (row[2] if len(row) > 2 else "") or None)
        for text in [row[0]] + _alts(row, 3):
            lex.persons.setdefault(fold(text), entry)
            if row[1]:
                lex.person_countries.setdefault(text, row[1])
            if len(text.split()) > 1:
                lex.patterns.append((f"person|{row[0]}", text))
    for row in _rows("title_countries.tsv"):
        lex.title_countries[row[0]] = row[1] if len(row) > 1 else ""
    lex.genders.update((row[0], row[1]) for row in _rows("gendered_words.tsv"))
    for row in _rows("agents.tsv"):
        sector, kinds = lex.agents.get(row[0], (row[1], set()))
        kinds.add(row[2])
        lex.agents[row[0]] = (sector, kinds)
        if row[2] == "title":
            lex.title_words.update(row[0].split())
    lex.title_words.update(
        {
            "former",
            "deputy",
            "acting",
            "then",
            "vice",
            "senior",
            "top",
            "first",
            "lady",
            "assistant",
            "majority",
            "minority",
            "foreign",
            "affairs",
            "state",
            "defense",
            "defence",
        }
    )
    lex.org_words.update(r[0] for r in _rows("org_words.txt"))
    for row in _rows("media_words.tsv"):
        lex.media_words.setdefault(row[1], set()).add(row[0])
    lex.not_actors.update(fold(r[0]) for r in _rows("not_actors.txt"))
    lex.name_noise.update(r[0].lower() for r in _rows("name_noise.txt"))
    lex.thing_words.update(r[0].lower() for r in _rows("thing_words.txt"))
    lex.document_words.update(r[0] for r in _rows("document_words.txt"))
    for row in _rows("nicknames.tsv"):
        for name in [row[0]] + _alts(row, 1):
            lex.nicknames[fold(name)] = fold(row[0])


def _triggers() -> dict[tuple[str, str], list[Trigger]]:
    """(lemma, VERB|NOUN) → readings, in lexicon order (plover_triggers.tsv)."""
    out: dict[tuple[str, str], list[Trigger]] = {}
    with open(DIR / "plover_triggers.tsv", encoding="utf-8") as f:
        for row in csv.reader(
            (ln for ln in f if ln.strip() and not ln.startswith("#")), delimiter="\t"
        ):
            row += [""] * (5 - len(row))
            lemma, pos, typ, mode, cond = (c.strip() for c in row[:5])
            conditions = {}
            for part in cond.split():
                key, _, words = part.partition(":")
                conditions[key] = set(words.split(","))
            for p in ("VERB", "NOUN") if pos == "ANY" else (pos,):
                out.setdefault((lemma, p), []).append(Trigger(typ, mode or None, conditions))
    return out


def _cues() -> dict:
    """Hypothetical, negation and content cue words (plover_cues.json)."""
    data = json.loads((DIR / "plover_cues.json").read_text(encoding="utf-8"))
    return {k: set(v) if isinstance(v, list) else v for k, v in data.items()}


def _tagged(name: str) -> dict[str, str]:
    """A `TAG<TAB>word,word,...` file as word → tag."""
    out = {}
    with open(DIR / name, encoding="utf-8") as f:
        for row in csv.reader((ln for ln in f if not ln.startswith("#")), delimiter="\t"):
            if len(row) >= 2:
                out.update({w.strip(): row[0] for w in row[1].split(",") if w.strip()})
    return out


def _place_words() -> dict:
    """The place-recognition word lists (places.json) as sets; `*names` lists folded, others lower-
    cased.
    """
    from geo.text import place_key

    raw = json.loads((DIR / "places.json").read_text(encoding="utf-8"))
    out = {
        k: ({place_key(w) for w in v} if k.endswith("names") else {w.lower() for w in v})
        for k, v in raw.items()
        if isinstance(v, list)
    }
    out.update(
        {k: {w.lower(): x for w, x in v.items()} for k, v in raw.items() if isinstance(v, dict)}
    )
    return out


def _furniture() -> dict[str, re.Pattern]:
    """One compiled alternation per furniture kind and the quick tests, from furniture.txt."""
    path = DIR / "furniture.txt"
    defines: dict[str, str] = {}
    hints: dict[str, str] = {}
    found: dict[str, list[str]] = {kind: [] for kind in FURNITURE_KINDS}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, _, regex = line.partition("\t")
        if kind in ("hint", "define"):
            name, _, value = regex.partition("\t")
            (hints if kind == "hint" else defines)[name] = value
            continue
        if kind not in found:
            raise ValueError(f"{path.name}:{number}: unknown kind {kind!r}")
        for name, value in defines.items():
            regex = regex.replace("{" + name + "}", value)
        if regex.startswith("(?i)"):
            regex = f"(?i:{regex[4:]})"
        try:
            re.compile(regex)
        except re.error as exc:
            raise ValueError(f"{path.name}:{number}: {exc}") from exc
        found[kind].append(regex)
    alternation = {kind: "|".join(f"(?:{r})" for r in rs) or "(?!)" for kind, rs in found.items()}
    return {
        "line": re.compile(rf"(?:{alternation['line']})"),
        "head": re.compile(rf"(?:{alternation['head']})"),
        "tail": re.compile(rf"(?:{alternation['tail']})\s*$"),
        "inline": re.compile(alternation["inline"]),
        "top": re.compile(alternation["top"]),
        "block": re.compile(alternation["block"]),
        **{f"{kind}_hint": re.compile(hints.get(kind, "(?s:.)")) for kind in ("tail", "inline")},
    }


def _stopwords() -> dict[str, list[str]]:
    """Languages of each frequent function word (stopwords.tsv)."""
    out: dict[str, list[str]] = {}
    for language, words in ((r[0], r[1]) for r in _rows("stopwords.tsv")):
        for word in words.split():
            out.setdefault(word, []).append(language)
    return out
