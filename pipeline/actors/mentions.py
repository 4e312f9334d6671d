"""Typed name spans of an article (lexicon matches and entities), photo credits, and the actor table
being built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline import lexicon, nlp
from pipeline.dates import WEEKDAYS
from pipeline.furniture import inside
from pipeline.lexicon import Lexicon
from pipeline.names import HONORIFICS, SUFFIXES
from pipeline.records import Actor

__all__ = [
    "NAME_WORD",
    "NER_KINDS",
    "POSSESSIVE",
    "STATE_MARKS",
    "ActorTable",
    "Mark",
    "after_saint",
    "agent_matcher",
    "clean_name",
    "credit_spans",
    "find_marks",
    "mark_country",
    "owner_country",
]

POSSESSIVE = {"'s", "’s", "'", "’"}
STATE_MARKS = {"state", "demonym", "capital", "seat"}
# "Iran-backed rebels": the country backs the group, it is not the group's own
BACKER_WORDS = {
    "backed",
    "allied",
    "aligned",
    "supported",
    "funded",
    "sponsored",
    "armed",
    "friendly",
}
NAME_WORD = re.compile(r"[^\W\d_][\w.'’‐-]*", re.UNICODE)
NER_KINDS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
NOT_NAME_POS = {
    "VERB",
    "AUX",
    "ADV",
    "DET",
    "PRON",
    "ADP",
    "CCONJ",
    "SCONJ",
    "PART",
    "INTJ",
    "NUM",
    "ADJ",
}
WORD = r"[A-Z][\w.'’&-]*"
# a maximal run of capitalised words, maybe slash-joined: matched once per run, so linear in the
# text
CAPS_RUN = re.compile(rf"{WORD}(?:(?:[ \t]?/[ \t]?|[ \t]){WORD})*")
CREDIT = re.compile(r"\b(?:Photo|Image|Picture|Credit)s?(?: by|:)[^\n.;]{0,60}|Getty Images")
CREDIT_MARK = re.compile(r"\b[A-Z]{2,}\b|Images|Photo")


def credit_spans(text: str, furniture: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Photo credits ("JOHN DOE/AFP/Getty Images", "Photo by ...") and page `furniture`: names there
    are no actors.
    """
    runs = [
        m.span()
        for m in CAPS_RUN.finditer(text)
        if "/" in m.group() and CREDIT_MARK.search(m.group())
    ]
    return sorted(runs + [m.span() for m in CREDIT.finditer(text)] + furniture)


@lru_cache(maxsize=1)
def agent_matcher() -> PhraseMatcher:
    """A lower-case matcher of the agent terms ("officials", "rebels"), built once per process."""
    model = nlp.load()
    agents = PhraseMatcher(model.vocab, attr="LOWER")
    for term in lexicon.load().agents:
        agents.add(term, [model.make_doc(term)])
    return agents


@dataclass
class Mark:
    """A typed name span: a lexicon match (state/demonym/capital/seat/org/media/person) or an NER
    entity.
    """

    start: int
    end: int
    kind: str
    key: str


class ActorTable:
    """Actors of one article, keyed by actor_id, with their mention spans."""

    def __init__(self) -> None:
        self.by_id: dict[str, Actor] = {}

    def add(
        self,
        actor_id: str,
        name: str,
        type_: str,
        country: str | None,
        role: str | None,
        span: tuple[int, int],
    ) -> None:
        actor = self.by_id.get(actor_id)
        if actor is None:
            actor = self.by_id[actor_id] = Actor(actor_id, name, type_, country, role, [])
        actor.country = actor.country or country
        actor.role = actor.role or role
        if span not in actor.mentions:
            actor.mentions.append(span)

    def result(self, blocked: list[tuple[int, int]]) -> list[Actor]:
        """Actors in order of first mention; a mention inside another of the same actor, or
        overlapping a `blocked` span (photo credit, page furniture), is dropped, and so is an actor
        left without one.
        """
        out = []
        for actor in self.by_id.values():
            kept, reach = [], -1
            for s in sorted(set(actor.mentions), key=lambda m: (m[0], -m[1])):
                if reach >= s[1]:  # inside an earlier-starting mention that reaches past it
                    continue
                reach = s[1]
                if not inside(blocked, *s):
                    kept.append(s)
            actor.mentions = kept
            if actor.mentions:
                out.append(actor)
        return sorted(out, key=lambda a: a.mentions[0])


def find_marks(
    doc: Doc, names: list[tuple[str, int, int]], credits: list[tuple[int, int]], lex: Lexicon
) -> list[Mark]:
    """Lexicon matches and NER entities, overlaps resolved: the longest lexicon match wins, except
    over an ORG entity that adds an organisation word or a person's name around a country or
    capital.
    """
    spans = []
    for label, start, end in names:
        span = Span(doc, start, end, label=label)
        kind = label.split("|", 1)[0]
        if (
            kind in STATE_MARKS
            and start >= 2
            and doc[start - 1].text == "-"
            and doc[start - 2].lower_ in ("pro", "anti", "r", "d", "i")
        ):
            continue  # "pro-Russian" says nothing of affiliation; "R-Georgia" is a US state
        if (
            kind in STATE_MARKS
            and end + 1 < len(doc)
            and doc[end].text == "-"
            and doc[end + 1].lower_ in BACKER_WORDS
        ):
            continue  # "Iran-backed rebels" are not Iranian
        spans.append(span)
    lexical = filter_spans(spans)
    taken = {i: s for s in lexical for i in range(s.start, s.end)}
    dropped, marks = set(), []
    for ent in doc.ents:
        if ent.label_ not in NER_KINDS or "\n" in ent.text:  # a name never runs across paragraphs
            continue
        inner = {
            (taken[i].start, taken[i].end): taken[i].label_.split("|", 1)[0]
            for i in range(ent.start, ent.end)
            if i in taken
        }
        if not inner:
            marks.append(Mark(ent.start, ent.end, ent.label_, ent.text))
        elif ent.label_ == "ORG" and (
            (
                "person" not in inner.values()
                and any(t.lower_ in lex.org_words for t in ent if t.i not in taken)
                and not _after_possessive(doc, inner)
            )
            or _longer_than_institutions(doc, ent, inner, taken, lex)
        ):  # "House Homeland Security Committee", "European Central Bank"
            dropped |= inner.keys()
            marks.append(Mark(ent.start, ent.end, "ORG", ent.text))
        elif ent.label_ == "PERSON" and set(inner.values()) <= {
            "state",
            "capital",
            "media",
        }:  # "George Washington", "Michael Bloomberg"
            s, e = clean_name(doc, ent.start, ent.end, lex)
            if (
                e - s > 1
                and all(s <= a and b <= e for a, b in inner)
                and not any(a == s for (a, _), kind in inner.items() if kind == "media")
                and not any(t.text in POSSESSIVE or t.lower_ in lex.title_words for t in doc[s:e])
            ):  # a given name before the outlet's name: the person, not "Der Spiegel"
                dropped |= inner.keys()
                marks.append(Mark(s, e, "PERSON", doc[s:e].text))
    marks += [
        Mark(s.start, s.end, *s.label_.split("|", 1))
        for s in lexical
        if (s.start, s.end) not in dropped
    ]
    in_credit = lambda m: any(a <= doc[m.start].idx < b for a, b in credits)
    return sorted((m for m in marks if not in_credit(m)), key=lambda m: m.start)


def _after_possessive(doc: Doc, inner: dict[tuple[int, int], str]) -> bool:
    """A listed name right after a possessive inside the entity: its own name, the owner's
    before it ("the Communist Party's Global Times").
    """
    return any(s > 0 and doc[s - 1].text in POSSESSIVE for s, _ in inner)


def _longer_than_institutions(doc: Doc, ent: Span, inner: dict, taken: dict, lex: Lexicon) -> bool:
    """An ORG entity whose only listed names are generic institutions and that adds a capitalised
    word of its own ("European Central Bank"): a longer name, no country's generic body.
    """
    keys = {taken[i].label_.split("|", 1)[1] for i in range(ent.start, ent.end) if i in taken}
    return (
        set(inner.values()) == {"org"}
        and all(lex.orgs[k][0] == "institution" for k in keys)
        and any(
            t.text[:1].isupper() and t.is_alpha and not t.is_stop and t.i not in taken for t in ent
        )
    )


def clean_name(doc: Doc, start: int, end: int, lex: Lexicon) -> tuple[int, int]:
    """Trim titles, honorifics, articles, stray leading words ("Follow", "Will"), page words
    ("Story highlights", "Hardcover"), possessives, a trailing weekday ("Raul Castro Tuesday"), a
    headline's verb ("Obama Says", "X Was"), a split possessive's letter ("Alexander s") and a glued
    credit ("Liu He AFP") off a name.
    """
    while start < end and (
        doc[start].lower_ in HONORIFICS
        or doc[start].lower_ in lex.title_words
        or doc[start].lower_ in ("the", "a", "an")
        or doc[start].lower_ in lex.name_noise
        or not doc[start].text[:1].isalpha()
        or (end - start > 1 and doc[start].pos_ in NOT_NAME_POS)
    ):
        start += 1
    while end > start and (
        doc[end - 1].text in POSSESSIVE
        or not doc[end - 1].text[:1].isalnum()
        or doc[end - 1].lower_ in SUFFIXES
        or doc[end - 1].lower_ in WEEKDAYS
        or doc[end - 1].lower_ in lex.name_noise
        or (end - start > 1 and _speech_verb(doc[end - 1].lower_, lex))  # "Obama Says"
        or (end - start > 1 and _function_word(doc[end - 1]))  # "X Was Sued", "X MORE"
        or (end - start > 1 and len(doc[end - 1]) == 1 and doc[end - 1].is_lower)
        or (end - start > 2 and len(doc[end - 1]) > 1 and doc[end - 1].is_upper)
    ):
        end -= 1
    return start, end


def _speech_verb(word: str, lex: Lexicon) -> bool:
    """A headline's speech verb in the third person ("says", "warns", "announces")."""
    return word.endswith("s") and word[:-1] in lex.speech_cues


def _function_word(tok) -> bool:
    """A headline's verb or a widget's shout after a name ("Was", "MORE"): a stop word read as no
    noun, or in capitals; "May" of "Theresa May" reads as a name.
    """
    return tok.is_stop and (tok.pos_ in ("AUX", "VERB", "ADJ", "ADV") or tok.is_upper)


def after_saint(doc: Doc, start: int) -> bool:
    """A name after a saint's possessive names a building ("St. John's Episcopal Church")."""
    return (
        start >= 3
        and doc[start - 1].text in POSSESSIVE
        and doc[start - 3].lower_ in ("st.", "st", "saint")
    )


def mark_country(m: Mark, lex: Lexicon) -> str | None:
    """The country a lexicon mark gives the words around it: a state's, an organisation's or an
    outlet's ("Der Spiegel journalist X").
    """
    if m.kind in STATE_MARKS:
        return m.key
    if m.kind == "org":
        return lex.orgs[m.key][1]
    if m.kind == "media":
        return lex.media[m.key][0]
    return None


def owner_country(doc: Doc, start: int, owner: dict[int, Mark], lex: Lexicon) -> str | None:
    """The country naming an institution's owner right before it: "Canada's", "the Canadian"."""
    j = start - 1
    if j >= 0 and doc[j].text in POSSESSIVE:
        j -= 1
    m = owner.get(j)
    return m.key if m is not None and m.kind in ("state", "demonym") and m.end == j + 1 else None
