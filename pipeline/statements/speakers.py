"""Who a statement's speaker is: an actor of the article, a resolved pronoun, or the name as
written.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span

from pipeline.lexicon import PRONOUNS, SUBJECTS
from pipeline.records import Actor, Place, Statement
from pipeline.statements.cues import PERSONAL
from pipeline.statements.quotes import Found

__all__ = ["Resolver", "to_statement"]


class Resolver:
    """Maps a speaker phrase to an actor (or a name), resolving personal pronouns backwards."""

    def __init__(self, doc: Doc, actors: list[Actor], in_quote: list[bool]):
        self.mentions = sorted(
            ((s, e, a) for a in actors for s, e in a.mentions), key=lambda m: m[:2]
        )
        self._starts = [m[0] for m in self.mentions]
        self._longest = max((e - s for s, e, _ in self.mentions), default=0)
        self.persons = [
            ent for ent in doc.ents if ent.label_ == "PERSON" and not in_quote[ent.start]
        ]
        self.last_speaker: tuple[int, str | None, str | None] | None = (
            None  # (offset, name, actor_id)
        )

    def actor_at(self, start: int, end: int) -> Actor | None:
        """The actor with a mention overlapping [start, end), if any (the first in text order)."""
        lo = bisect.bisect_left(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, end)
        for s, e, a in self.mentions[lo:hi]:
            if s < end and e > start:
                return a
        return None

    def name_of(self, span: Span) -> tuple[str, str | None]:
        """Name and actor_id for a speaker phrase ('he' resolved, ', who' dropped)."""
        while len(span) > 1 and (span[-1].is_punct or span[-1].lower_ in ("who", "that", "which")):
            span = span[:-1]
        root = span.root
        actor = self.actor_at(root.idx, root.idx + len(root)) or self.actor_at(
            span.start_char, span.end_char
        )
        if actor is not None:
            return actor.name, actor.actor_id
        if span.root.lower_ in PERSONAL:
            return self.antecedent(span.start_char)
        return self._full_name(span), None

    def antecedent(self, pos: int) -> tuple[str, str | None]:
        """The person a he/she at `pos` refers to: the latest person subject or speaker before
        it.
        """
        best = None
        for ent in self.persons:
            if ent.start_char >= pos:
                break
            if pos - ent.start_char > 1500:
                continue
            if ent.root.dep_ in SUBJECTS or best is None or best.root.dep_ not in SUBJECTS:
                best = ent
        last = self.last_speaker
        recent = last is not None and last[1] and pos - last[0] < 1500
        if recent and (best is None or last[0] > best.start_char):
            return last[1], last[2]
        if best is None:
            for _, e, a in reversed(self.mentions):
                if e <= pos and a.type == "person":
                    return a.name, a.actor_id
            return "", None
        actor = self.actor_at(best.start_char, best.end_char)
        if actor is not None:
            return actor.name, actor.actor_id
        return self._full_name(best), None

    def _full_name(self, span: Span) -> str:
        """The longest PERSON name in the article ending in the same word as `span`."""
        last = span[-1].text
        names = [e.text for e in self.persons if e[-1].text == last]
        return max(names, key=len) if names else span.text


def to_statement(
    doc: Doc, text: str, f: Found, resolve: Resolver, places: list[Place], starts: list[int]
) -> Statement:
    """The output record: speaker resolved to an actor, places of the statement's sentences
    (`places` sorted by start, `starts` their first characters).
    """
    speaker = speaker_id = None
    speaker_span = None
    if f.speaker is not None:
        speaker, speaker_id = resolve.name_of(f.speaker)
        speaker_span = (f.speaker.start_char, f.speaker.end_char)
        if not speaker:
            speaker = f.speaker.text
        root = f.speaker.root
        actor = resolve.actor_at(root.idx, root.idx + len(root))
        if actor is not None:
            person = actor.type == "person"
        else:
            person = root.ent_type_ == "PERSON" or root.pos_ == "PROPN" or root.lower_ in PERSONAL
        if (
            person and speaker.lower() not in PRONOUNS
        ):  # an unresolved 'he' is no antecedent for 'she'
            resolve.last_speaker = (speaker_span[0], speaker, speaker_id)
    elif resolve.last_speaker is not None and (
        f.cue is None or f.cue.tag_ == "VBG"
    ):  # '... Adding, “...”'
        _, speaker, speaker_id = resolve.last_speaker
    first = doc.char_span(f.start, f.end, alignment_mode="expand")
    lo, hi = f.start, f.end
    if first is not None and len(first):
        lo, hi = min(lo, first[0].sent.start_char), max(hi, first[-1].sent.end_char)
    if speaker_span is not None:
        lo, hi = min(lo, speaker_span[0]), max(hi, speaker_span[1])
    place_ids = []
    for p in places[bisect.bisect_left(starts, lo) : bisect.bisect_right(starts, hi)]:
        if p.end <= hi and p.place_id not in place_ids:
            place_ids.append(p.place_id)
    cue = None
    if f.cue is not None:
        cue = "according to" if f.cue.lower_ == "according" else f.cue.text
    return Statement(
        speaker=speaker or None,
        speaker_actor_id=speaker_id,
        speaker_span=speaker_span,
        cue=cue,
        content=text[f.start : f.end],
        content_span=(f.start, f.end),
        direct=f.direct,
        place_ids=place_ids,
    )
