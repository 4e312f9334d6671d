"""What the parse says of an event at a trigger the learned model found: its participants (the
side model's candidates), place, date, quantity, mode and context tags, and its flags as the
parse's cue words read them (a feature of the flag models).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Doc, Span, Token

from pipeline import dates, lexicon, quantities
from pipeline.context import ArticleContext
from pipeline.events import SYMMETRIC, event_id, with_place, without_place
from pipeline.indicators import flags as learned_flags
from pipeline.indicators import sides
from pipeline.indicators.countries import name_code, own_country, state_code
from pipeline.lexicon import ACTING_SUBJECTS, EVENT_PLACE, FIRST_PERSON, THIRD_PERSON, Trigger
from pipeline.records import Actor, Indicator, Place, Statement

__all__ = [
    "Lookups",
    "Who",
    "clause_head",
    "event_country",
    "events_at",
    "participants",
    "reading",
    "timing",
]

TARGET_PREPS = [
    "with",
    "on",
    "against",
    "to",
    "toward",
    "towards",
    "into",
    "upon",
    "for",
    "from",
    "of",
]
SPECIFICITY = [
    "landmark",
    "city",
    "admin2",
    "border",
    "water",
    "admin1",
    "country",
    "region",
    "other",
    "continent",
]
HISTORICAL_DAYS = 365


@dataclass
class Who:
    """A resolved participant: an actor id (when one is known) and a country."""

    actor_id: str | None
    country: str | None
    token: Token


def events_at(
    article: ArticleContext,
    actors: list[Actor],
    places: list[Place],
    found: list[tuple[Token, str]],
    statements: list[Statement] = (),
) -> list[Indicator]:
    """Events at triggers found elsewhere (the learned model): their sides, place, date, flags,
    quantity and mode read from the parse as for the lexicon's own triggers, in text order."""
    doc = article.doc
    ctx = Lookups(article, dates.parse_date(article.date), actors, places, statements)
    candidates = {tok.i: reading(tok, typ) for tok, typ in found}
    by_sentence: dict[int, list[Token]] = {}
    for tok, _ in found:
        by_sentence.setdefault(tok.sent.start, []).append(tok)
    out: list[Indicator] = []
    for sent in doc.sents:
        for tok in by_sentence.get(sent.start, []):
            out.append(_event(tok, candidates[tok.i], candidates, sent, ctx))
        ctx.note_subject(sent)
    return _share_places(out)


def reading(tok: Token, typ: str) -> Trigger:
    """The lexicon's reading of `tok` as an event of type `typ` (for its mode), else a bare one."""
    for pos in (tok.pos_, "VERB", "NOUN"):
        for trig in lexicon.load().triggers.get((tok.lemma_.lower(), pos), []):
            if trig.type == typ:
                return trig
    return Trigger(typ, None, {})


def _share_places(found: list[Indicator]) -> list[Indicator]:
    """Give an event's place to its other reports in the article that name none, so they share one
    id.
    """
    places: dict[tuple, set[str]] = {}
    for ind in found:
        if ind.place_id:
            key = (without_place(ind.event_id, ind.place_id), tuple(ind.flags))
            places.setdefault(key, set()).add(ind.place_id)
    for ind in found:
        known = places.get((ind.event_id, tuple(ind.flags)), set())
        if not ind.place_id and len(known) == 1:
            ind.place_id = next(iter(known))
            ind.event_id = with_place(ind.event_id, ind.place_id)
    return found


class Lookups:
    """Per-article lookups: token → actor, token → place, page furniture, the last named
    subjects.
    """

    def __init__(
        self,
        article: ArticleContext,
        ref: date | None,
        actors: list[Actor],
        places: list[Place],
        statements: list[Statement] = (),
    ):
        doc = article.doc
        self.doc, self.ref = doc, ref
        self.actor_at: dict[int, Actor] = {}
        for a in actors:
            for s, e in a.mentions:
                span = doc.char_span(s, e, alignment_mode="expand")
                for t in span or ():
                    self.actor_at.setdefault(t.i, a)
        self.state_actors = {
            a.country: a.actor_id for a in actors if a.type == "state" and a.country
        }
        self.place_at: dict[int, Place] = {}
        for p in places:
            span = doc.char_span(p.start, p.end, alignment_mode="expand")
            for t in span or ():
                self.place_at.setdefault(t.i, p)
        self.person_country = _person_countries(doc)
        self.last_subject: dict[bool, Who] = {}
        self.recent: set[str] = set()  # the countries the sentence before names
        self.article = article
        self.times = learned_flags.article_times(dates.find_dates(article.text, ref), ref, doc)
        self.ranked = sides.ranked_countries(self)  # the countries the article names most
        self.seen: dict[tuple[str, str | None], Counter] = {}  # (side, type or None) → countries
        self.paired: dict[str, Counter] = {}  # country → the countries events set against it
        self.speaker_at = _speakers(doc, actors, statements)

    def note_sides(self, typ: str, source: list[Who], target: list[Who]) -> None:
        """Count the countries the parse gives an event's sides, by type and over all types: a
        later report of the same events ("the attack lasted six hours") often names neither."""
        for side, whos in (("source", source[:1]), ("target", target[:1])):
            for w in whos:
                if w.country:
                    for key in ((side, typ), (side, None)):
                        self.seen.setdefault(key, Counter())[w.country] += 1
        ends = [w.country for w in source[:1] + target[:1] if w.country]
        if len(set(ends)) == 2:
            self.paired.setdefault(ends[0], Counter())[ends[1]] += 1
            self.paired.setdefault(ends[1], Counter())[ends[0]] += 1

    def partners(self) -> dict[str, str]:
        """Country → the one earlier events most often had on its other side."""
        return {cc: counts.most_common(1)[0][0] for cc, counts in self.paired.items()}

    def first_person(self, pron: Token) -> Who | None:
        """Whom "we" or "our" stands for: the speaker its sentence names (the subject of a speech
        verb), else the last person named as a subject, else the article's main country."""
        if (a := self.speaker_at.get(pron.i)) is not None:
            return Who(a.actor_id, a.country, pron)
        speech = lexicon.load().speech_cues
        for t in pron.sent:
            if t.lemma_.lower() not in speech:
                continue
            for c in t.children:
                if c.dep_ == "nsubj" and not any(x.lower_ in FIRST_PERSON for x in c.subtree):
                    for w in self.who(c)[:1]:
                        if w.country:
                            return Who(w.actor_id, w.country, pron)
        last = self.last_subject.get(True)
        if last is not None and last.country:
            return Who(last.actor_id, last.country, pron)
        return Who(None, self.ranked[0], pron) if self.ranked else None

    def note_subject(self, sent: Span) -> None:
        """Remember the sentence's main subjects (person, other) for pronouns in later sentences,
        and the countries it names."""
        self.recent = {cc for t in sent for cc in [self._country_at(t.i)] if cc is not None}
        for t in sent:
            if t.dep_ == "nsubj" and t.lower_ not in THIRD_PERSON:
                for w in self.who(t, follow=False)[:1]:
                    self.last_subject[_is_person(w)] = w

    def _country_at(self, i: int) -> str | None:
        """The country of the actor, or of the one-country place, at token `i`."""
        if (a := self.actor_at.get(i)) is not None:
            return a.country
        p = self.place_at.get(i)
        return p.country_codes[0] if p is not None and len(p.country_codes) == 1 else None

    def _antecedent(self, pron: Token) -> list[Who]:
        """A pronoun's referent: the nearest earlier subject of the sentence, else of the text
        before.
        """
        person = pron.lower_ in ("he", "she", "his", "her", "him")
        for t in reversed(pron.doc[pron.sent.start : pron.i]):
            if t.dep_ in ("nsubj", "nsubjpass") and t.lower_ not in THIRD_PERSON:
                found = [w for w in self.who(t, follow=False)[:1] if _is_person(w) == person]
                if found:
                    return found
        return [self.last_subject[person]] if person in self.last_subject else []

    def who(self, tok: Token, follow: bool = True) -> list[Who]:
        """The actors a noun phrase names, head first, then its conjuncts; `follow` resolves
        pronouns.
        """
        if tok.lower_ in THIRD_PERSON and tok.pos_ == "PRON":
            return self._antecedent(tok) if follow else []
        if tok.lower_ in FIRST_PERSON and tok.pos_ == "PRON":
            return [w for w in [self.first_person(tok)] if w] if follow else []
        found = [w for head in [tok, *tok.conjuncts] for w in [self._resolve(head, follow)] if w]
        for mod in (c for c in tok.children if c.dep_ in ("amod", "compound")):
            found += [Who(None, cc, tok) for cc in map(state_code, mod.conjuncts) if cc]
        unique = []
        for w in found:
            if all((w.actor_id, w.country) != (x.actor_id, x.country) for x in unique):
                unique.append(w)
        return unique

    def _resolve(self, head: Token, follow: bool = True) -> Who | None:
        """The actor a phrase head names: by the head and its modifiers, else a place it is "in"."""
        tokens = [head] + [
            t for c in head.children if c.dep_ in ("compound", "flat") for t in c.subtree
        ]
        tokens += [t for c in head.children if c.dep_ == "appos" for t in c.subtree]
        tokens += [
            t for c in head.children if c.dep_ in ("poss", "amod", "nmod") for t in c.subtree
        ]
        tokens += [
            t
            for c in head.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for o in c.children
            if o.dep_ == "pobj"
            for t in [o, *o.children]
            if t.dep_ != "prep"
        ]
        found = self._named(head, tokens)
        if found is None and follow:
            owner = next(
                (
                    c
                    for c in head.children
                    if c.dep_ == "poss" and c.lower_ in THIRD_PERSON | FIRST_PERSON
                ),
                None,
            )
            if owner is not None:
                first = owner.lower_ in FIRST_PERSON
                ante = [self.first_person(owner)] if first else self._antecedent(owner)
                ante = [w for w in ante if w]
                found = Who(ante[0].actor_id, ante[0].country, head) if ante else None
        if found is None:
            located = [
                o
                for c in head.children
                if c.dep_ == "prep" and c.lower_ in ("in", "from")
                for o in c.children
                if o.dep_ == "pobj" and o.i in self.place_at
            ]
            found = self._named(head, located) if located else None
        return found

    def _named(self, head: Token, tokens: list[Token]) -> Who | None:
        """The first actor, one-country place, introduced person or country word among `tokens`."""
        for t in tokens:
            a = self.actor_at.get(t.i)
            if a is not None:
                return Who(a.actor_id, own_country(a, head), head)
        for t in tokens:
            p = self.place_at.get(t.i)
            if (
                p is not None
                and len(p.country_codes) == 1
                and p.kind in ("country", "city", "admin1", "landmark")
            ):
                cc = p.country_codes[0]
                return Who(self.state_actors.get(cc, f"state:{cc}"), cc, head)
        for t in tokens:
            cc = self.person_country.get(t.text)
            if cc and t.ent_type_ == "PERSON":
                return Who(None, cc, head)
        for t in tokens:
            cc = name_code(t, lexicon.load().person_countries) if t.pos_ == "PROPN" else None
            if cc:
                return Who(None, cc, head)
        for t in sorted(set(tokens), key=lambda x: x.i):
            cc = state_code(t)
            if cc:
                is_name = t.pos_ == "PROPN" or t.dep_ not in ("amod",)
                return Who(
                    self.state_actors.get(cc, f"state:{cc}") if is_name and t == head else None,
                    cc,
                    head,
                )
        return None


def _speakers(doc: Doc, actors: list[Actor], statements: list[Statement]) -> dict[int, Actor]:
    """Token index → the speaker (an actor with a country) of the statement that holds it."""
    known = {a.actor_id: a for a in actors if a.country}
    out: dict[int, Actor] = {}
    for st in statements:
        a = known.get(st.speaker_actor_id)
        span = doc.char_span(*st.content_span, alignment_mode="expand") if a else None
        for t in span or ():
            out.setdefault(t.i, a)
    return out


def _is_person(w: Who) -> bool:
    return (w.actor_id or "").startswith("person:") or w.token.ent_type_ == "PERSON"


def _person_countries(doc: Doc) -> dict[str, str]:
    """Person name (full and last) → country, when a mention is introduced as "Russian minister
    X".
    """
    out: dict[str, str] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        root = ent.root
        scope = [t for t in root.subtree if t.i < ent.start]
        if root.dep_ == "appos":
            scope += [t for t in root.head.subtree if t.i < root.head.i]
        if root.dep_ in ("compound", "appos") or root.head.dep_ == "appos":
            scope += [t for t in root.head.lefts for t in t.subtree]
        cc = next(
            (c for c in (state_code(t) for t in scope if t.pos_ in ("PROPN", "ADJ", "NOUN")) if c),
            None,
        )
        if cc:
            out.setdefault(ent.text, cc)
            out.setdefault(ent[-1].text, cc)
    return out


def clause_head(tok: Token, candidates: dict[int, Trigger]) -> Token:
    """The verb whose clause carries a noun trigger ("imposed sanctions", "held talks", "sent 50
    tonnes of aid"), else the trigger.
    """
    if tok.pos_ != "NOUN":
        return tok
    node = tok
    if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "of"):
        measure = tok.head.head
        if (
            measure.like_num
            or measure.pos_ == "NUM"
            or measure.lemma_.lower() in lexicon.load().cues["measure_nouns"]
        ):
            node = measure
    if (
        node.dep_ in ("dobj", "attr", "nsubjpass", "nsubj")
        and node.head.pos_ in ("VERB", "AUX")
        and node.head.i not in candidates
        and not (node.dep_ == "nsubj" and node.head.lemma_ == "be")
    ):
        return node.head
    return tok


def _content_of(tok: Token, max_depth: int) -> set[int]:
    """Tokens within `max_depth` edges of a speech act's complement: what is threatened, asked,
    ...
    """
    c = lexicon.load().cues
    roots = [ch for ch in tok.children if ch.dep_ in ("xcomp", "ccomp")]
    roots += [
        ch
        for ch in tok.children
        if ch.dep_ == "advcl" and any(m.lower_ in c["conditional_marks"] for m in ch.children)
    ]
    roots += [ch for ch in tok.children if ch.dep_ == "prep" and ch.lower_ in c["content_preps"]]
    out: set[int] = set()
    frontier = [(r, 1) for r in roots]
    while frontier:
        t, depth = frontier.pop()
        out.add(t.i)
        if depth < max_depth:
            frontier += [(ch, depth + 1) for ch in t.children]
    return out


def _event(
    tok: Token,
    trig: Trigger,
    candidates: dict[int, Trigger],
    sent: Span,
    ctx: Lookups,
) -> Indicator:
    head = clause_head(tok, candidates)
    source, target = participants(tok, head, trig.type, ctx)
    clause = sent.doc[max(head.left_edge.i, sent.start) : min(head.right_edge.i + 1, sent.end)]
    used = {w.token.i for w in source + target}
    place, place_country = _place(clause, head, used, ctx)
    when, flags = timing(tok, trig.type, head, sent, ctx)
    flags = learned_flags.predict(
        learned_flags.features(tok, head, sent, trig.type, flags, when, ctx.ref, ctx.times)
    )
    quantity = quantities.find_quantity(clause, tok)
    mode = _mode(trig, tok, quantity, sent)
    contexts = sorted(
        {
            lexicon.load().contexts[t.lemma_.lower()]
            for t in sent
            if t.lemma_.lower() in lexicon.load().contexts
        }
        | ({"cyber"} if mode == "cyber" else set())
    )
    src, tgt = _learned_sides(tok, head, trig.type, sent, ctx, source, target, place_country)
    ev_date = when.start.isoformat() if when else None
    return Indicator(
        type=trig.type,
        span=(clause.start_char, clause.end_char),
        source_actor_id=src.actor_id if src else None,
        target_actor_id=tgt.actor_id if tgt else None,
        source_country=src.country if src else None,
        target_country=tgt.country if tgt else None,
        place_id=place.place_id if place else None,
        quantity=quantity,
        date=ev_date,
        mode=mode,
        contexts=contexts,
        flags=flags,
        event_id=event_id(
            trig.type,
            src.country or src.actor_id if src else None,
            tgt.country or tgt.actor_id if tgt else None,
            when.key() if when else None,
            place.place_id if place else None,
            clause.text,
        ),
        cue=tok.text,
    )


def _learned_sides(
    tok: Token,
    head: Token,
    typ: str,
    sent: Span,
    ctx: Lookups,
    source: list[Who],
    target: list[Who],
    place_country: str | None,
) -> tuple[Who | None, Who | None]:
    """The sides the learned model picks among the sentence's candidates and the parse's own."""
    cands = sides.candidates(sent, ctx, source, target, place_country, tok, typ)
    src, tgt = sides.choose(cands, tok, head, typ, ctx.ranked, place_country, ctx.partners())
    ctx.note_sides(typ, source, target)

    def who(c: sides.Candidate | None) -> Who | None:
        if c is None:
            return None
        actor_id = c.actor_id or ctx.state_actors.get(c.country, f"state:{c.country}")
        return Who(actor_id, c.country, c.token if c.token is not None else tok)

    source, target = who(src), who(tgt)
    if source is not None and target is not None and source.actor_id == target.actor_id:
        target = Who(None, target.country, target.token)  # at home: the country, not the actor
    return source, target


def participants(tok: Token, head: Token, typ: str, ctx: Lookups) -> tuple[list[Who], list[Who]]:
    """Acting and receiving actors of a trigger from its (or its clause verb's) dependents."""
    verb = head if head.pos_ in ("VERB", "AUX") else None
    source: list[Who] = []
    target: list[Who] = []
    if tok.pos_ == "NOUN":
        owners = [tok]
        measure = tok.head.head
        if (
            tok.dep_ == "pobj"
            and tok.head.lower_ == "of"
            and measure.lemma_.lower() in lexicon.load().cues["measure_nouns"]
        ):
            owners.append(measure)
        kids = [c for o in owners for c in o.children]
        mods = [c for c in kids if c.dep_ in ("poss", "amod", "compound")]
        mods += [o for c in kids if c.dep_ == "prep" and c.lower_ == "by" for o in c.children]
        mods += [
            o
            for a in kids
            if a.dep_ == "acl"
            for c in a.children
            if c.dep_ == "agent"
            for o in c.children
        ]
        mods += [
            c
            for r in kids
            if r.dep_ == "relcl"
            for c in r.children
            if c.dep_ == "nsubj" and c.tag_ not in ("WDT", "WP")
        ]
        givers = [
            o
            for c in kids
            if c.dep_ == "prep" and c.lower_ == "from" and typ in lexicon.load().cues["given_types"]
            for o in c.children
            if o.dep_ == "pobj"
        ]
        mods += givers + [
            o
            for c in kids
            if c.dep_ == "prep" and c.lower_ == "between"
            for o in c.children
            if o.dep_ == "pobj"
        ]
        source = [w for m in mods for w in ctx.who(m)]
        target = [w for o in owners for w in _prep_objects(o, ctx) if w.token not in givers]
        for acl in (c for c in kids if c.dep_ == "acl"):
            target += _prep_objects(acl, ctx)
    if verb is None and typ == "CONSULT":
        gov = _governing_verb(tok)
        if gov is not None and not source:
            source = _verb_participants(gov, tok, typ, ctx)[0]
    if verb is not None:
        vs, vt = _verb_participants(verb, tok, typ, ctx)
        if tok != verb and verb.lemma_.lower() in lexicon.load().cues["patient_verbs"]:
            vs, vt = vt, vs
        source = source or vs
        target = target or vt
    if not target and typ in lexicon.load().cues["content_types"] and verb is not None:
        for comp in (c for c in verb.children if c.dep_ in ("ccomp", "xcomp")):
            subj = [
                w for c in comp.children if c.dep_ in ("nsubj", "nsubjpass") for w in ctx.who(c)
            ]
            objs = [
                w for c in comp.children if c.dep_ == "dobj" for w in ctx.who(c)
            ] + _prep_objects(comp, ctx)
            if comp.dep_ == "ccomp" and (
                comp.lemma_.lower() in lexicon.load().cues["patient_verbs"] or not source
            ):
                target = (
                    subj if comp.lemma_.lower() in lexicon.load().cues["patient_verbs"] else objs
                )
                source = source or subj
            else:
                target = objs
            if target:
                break
    source = [w for w in source if w.country or w.actor_id]
    target = [w for w in target if w.country or w.actor_id]
    if len(source) > 1 and (not target or typ in SYMMETRIC):
        source, target = source[:1], source[1:] + target
    return source, target


def _verb_participants(
    verb: Token, tok: Token, typ: str, ctx: Lookups
) -> tuple[list[Who], list[Who]]:
    """Subject (or passive agent) and objects, datives and prepositional targets of a verb; for a
    type that comes from its giver ("fired rockets from Gaza"), the object of "from" is a source
    when the clause names no other, never a target (after a verb of receiving it is the
    object's, which `participants` swaps: "received aid from")."""
    cues = lexicon.load().cues
    given = typ in cues["given_types"] and verb.lemma_.lower() not in cues["patient_verbs"]
    preps = [p for p in TARGET_PREPS if p != "from"] if given else TARGET_PREPS
    source: list[Who] = []
    target: list[Who] = []
    passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
    agent = [o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
    subj = _subject(verb)
    if passive:
        source = [w for a in agent for w in ctx.who(a)]
        target = [w for p in passive if p != tok for w in ctx.who(p)]
    elif subj is not None and subj != tok:
        source = ctx.who(subj)
    for o in verb.children:
        if o.dep_ == "dobj":
            if o != tok:
                target += ctx.who(o)
            target += _prep_objects(o, ctx, preps)
        elif o.dep_ == "dative":
            for x in [c for c in o.children if c.dep_ == "pobj"] if o.pos_ == "ADP" else [o]:
                target += ctx.who(x)
    target += _prep_objects(verb, ctx, preps)
    if given and not source:
        source = _prep_objects(verb, ctx, ["from"])
    return source, target


def _governing_verb(tok: Token) -> Token | None:
    """The verb a noun trigger hangs from through prepositions and objects ("announced ... in
    aid").
    """
    node = tok
    for _ in range(4):
        if node.dep_ not in ("pobj", "prep", "dobj", "conj", "appos", "attr") or node.head == node:
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
    return None


def _subject(verb: Token, inherit: bool = True) -> Token | None:
    """The verb's subject, or for a conjoined / controlled verb its governor's ("has the power to
    ease"), the owner of a noun it completes ("Moscow's decision to send"), the noun a relative
    clause's "who" or "which" stands for ("an immigrant who tried to detonate").
    """
    for c in verb.children:
        if c.dep_ in ACTING_SUBJECTS:
            relative = c.tag_ in ("WDT", "WP") and verb.dep_ == "relcl"
            return verb.head if relative else c
    if inherit and verb.dep_ in ("conj", "xcomp", "advcl", "acomp") and verb.head != verb:
        return _subject(verb.head)
    holder = verb.head
    if inherit and verb.dep_ == "acl" and holder.pos_ == "NOUN":
        owner = next((c for c in holder.children if c.dep_ == "poss"), None)
        if owner is not None:
            return owner
    if (
        inherit
        and verb.dep_ == "acl"
        and holder.dep_ in ("dobj", "attr")
        and holder.head.pos_ in ("VERB", "AUX")
    ):
        return _subject(holder.head)
    return None


def _prep_objects(tok: Token, ctx: Lookups, preps: list[str] = TARGET_PREPS) -> list[Who]:
    """The actors under `tok`'s prepositions of `preps`, in that list's order."""
    out = []
    found = sorted(
        (c for c in tok.children if c.dep_ == "prep" and c.lower_ in preps),
        key=lambda c: preps.index(c.lower_),
    )
    for p in found:
        for o in p.children:
            if o.dep_ == "pobj":
                out += ctx.who(o)
    return out


def event_country(tok: Token, head: Token, sent: Span, used: set[int], ctx: Lookups) -> str | None:
    """The country where the event happens, as `_event` reads it (for training the side model)."""
    clause = sent.doc[max(head.left_edge.i, sent.start) : min(head.right_edge.i + 1, sent.end)]
    return _place(clause, head, used, ctx)[1]


def _place(
    clause: Span, head: Token, used: set[int], ctx: Lookups
) -> tuple[Place | None, str | None]:
    """Where the event happens: the most specific literal place under a locative preposition of the
    clause (not inside an actor's name), and its country (else a country named in such a phrase)."""
    found: list[Place] = []
    country = None
    for t in clause:
        if t.i in used or t.i in ctx.actor_at:
            continue
        prep = _locative(t, head)
        if prep is None:
            continue
        p = ctx.place_at.get(t.i)
        if p is not None and p.role == "literal" and p not in found:
            if prep != "on" or p.kind not in ("country", "city"):
                found.append(p)
        elif p is None and country is None:
            country = state_code(t)
    if not found:
        return None, country
    best = min(
        found,
        key=lambda p: SPECIFICITY.index(p.kind) if p.kind in SPECIFICITY else len(SPECIFICITY),
    )
    return best, best.country_codes[0] if len(best.country_codes) == 1 else None


def _locative(tok: Token, head: Token) -> str | None:
    """The locative preposition ("in southern Lebanon") the token sits under in the clause, if
    any.
    """
    node = tok
    while node != head and node.head != node and node.dep_ not in ("prep", "ccomp", "relcl"):
        node = node.head
    return node.lower_ if node.dep_ == "prep" and node.lower_ in EVENT_PLACE else None


def _when(tok: Token, head: Token, clause: Span, ctx: Lookups, skip: set[int]) -> dates.When | None:
    """The date expression nearest the trigger in its own clause, else in its whole clause (outside
    the content of a speech act, whose dates are the content's), else in its governor's clause,
    else the article date; the dates are the article's, read once."""
    own = {t.idx for t in _own_clause(head)}
    for scope in (clause, _governor_clause(head)):
        if scope is None:
            continue
        found = [
            w for w in ctx.times.within(scope.start_char, scope.end_char) if w.span[0] not in skip
        ]
        if found:
            mine = [w for w in found if w.span[0] in own] or found
            return min(mine, key=lambda w: abs(w.span[0] - tok.idx))
    if ctx.ref is None:
        return None
    return dates.When(ctx.ref, "day", (tok.idx, tok.idx))


def _governor_clause(head: Token) -> Span | None:
    """The clause of the verb a conjoined, controlled, reported or nominal trigger depends on."""
    gov = None
    if head.dep_ in ("conj", "xcomp", "advcl", "relcl", "acl", "ccomp") and head.head != head:
        gov = head.head.head if head.head.dep_ == "pobj" else head.head
    elif head.pos_ == "NOUN":
        gov = _governing_verb(head)
    return head.doc[gov.left_edge.i : gov.right_edge.i + 1] if gov is not None else None


def timing(tok: Token, typ: str, head: Token, sent: Span, ctx: Lookups) -> tuple:
    """The event's date as the clause gives it, and the parse rules' flags: what `_event` reads."""
    clause = sent.doc[max(head.left_edge.i, sent.start) : min(head.right_edge.i + 1, sent.end)]
    content = (
        _content_of(tok, 99) | _content_of(head, 99)
        if typ in lexicon.load().cues["content_types"]
        else set()
    )
    when = _when(tok, head, clause, ctx, {sent.doc[i].idx for i in content})
    return when, _flags(tok, head, when, ctx.ref)


def _flags(tok: Token, head: Token, when: dates.When | None, ref: date | None) -> list[str]:
    c = lexicon.load().cues
    flags = []
    if _negated(tok, head, c):
        flags.append("negated")
    if _hypothetical(tok, head, c):
        flags.append("hypothetical")
    if _historical(head, when, ref, c):
        flags.append("historical")
    return flags


def _negated(tok: Token, head: Token, c: dict) -> bool:
    """ "not", "never", "no" on the event, or a verb or noun that denies it ("failed to", "refusal
    to").
    """
    own = list(tok.children) + (list(head.children) if head != tok else [])
    args = [a for a in own if a.dep_ in ("nsubj", "nsubjpass", "dobj")]
    governor = (
        head.head.head if head.dep_ in ("pcomp", "pobj") and head.head.dep_ == "prep" else head.head
    )
    return (
        any(ch.dep_ == "neg" or ch.lower_ in ("never",) for ch in own)
        or any(d.lower_ == "no" and d.dep_ == "det" for a in args + [tok] for d in a.children)
        or (head.dep_ == "xcomp" and head.head.lemma_.lower() in c["negating_verbs"])
        or (
            tok.pos_ == "NOUN"
            and tok.dep_ == "dobj"
            and tok.head.lemma_.lower() in c["negating_verbs"]
        )
        or (
            head.dep_ in ("acl", "pcomp", "pobj") and governor.lemma_.lower() in c["negating_nouns"]
        )
    )


def _historical(head: Token, when: dates.When | None, ref: date | None, c: dict) -> bool:
    """Background: the event's period lies mostly a year or more before the article, or its own
    clause says so without a date ("has threatened ... in the past")."""
    if ref is None:
        return False
    if when is not None and when.span[0] < when.span[1]:
        middle = when.start + (when.end - when.start) / 2
        return middle < ref - timedelta(days=HISTORICAL_DAYS)
    own = " ".join(t.lower_ for t in _own_clause(head))
    return any(f" {p} " in f" {own} " for p in c["past_phrases"])


def _own_clause(head: Token) -> list[Token]:
    """The tokens of a verb's own clause, without its subordinate and conjoined clauses."""
    skip = {
        t.i
        for ch in head.children
        if ch.dep_ in ("relcl", "ccomp", "advcl", "acl", "parataxis", "conj", "xcomp")
        for t in ch.subtree
    }
    return [t for t in head.subtree if t.i not in skip]


def _hypothetical(tok: Token, head: Token, c: dict) -> bool:
    """Modal, conditional ("if", "in case of"), intended ("plans to") or "possible" events."""
    if any(ch.lower_ in c["hypothetical_words"] for ch in tok.children):
        return True
    node, steps = tok, 0
    while steps < 8:
        if any(ch.dep_ in ("aux", "auxpass") and ch.lower_ in c["modals"] for ch in node.children):
            return True
        if any(ch.dep_ == "mark" and ch.lower_ in c["conditional_marks"] for ch in node.children):
            return True
        if (
            node.lemma_.lower() in c["conditional_nouns"]
            and node.dep_ == "pobj"
            and node.head.lower_ == "in"
        ):
            return True
        if node != tok and (
            node.lemma_.lower() in c["intent_verbs"] or node.lower_ in c["intent_verbs"]
        ):
            return True
        if node.dep_ in ("ROOT", "ccomp", "relcl", "parataxis") or node.head == node:
            return False
        node, steps = node.head, steps + 1
    return False


def _mode(trig: Trigger, tok: Token, quantity: dict | None, sent: Span) -> str | None:
    """The lexicon's mode, refined: cyber when the sentence is about hacking, troops or weapons by
    what is moved."""
    if trig.type in ("COERCE", "ASSAULT") and any(
        t.lemma_.lower() in ("cyber", "cyberattack", "hack", "hacker") for t in sent
    ):
        return "cyber"
    if trig.type in ("MOBILIZE", "RETREAT"):
        units = quantities.unit_of_nouns(
            [c for c in tok.children if c.dep_ in ("dobj", "nsubj", "nsubjpass")]
        )
        unit = (quantity or {}).get("unit") or units
        if unit in ("missiles", "weapons"):
            return "weapons"
        if unit == "troops":
            return "troops"
    return trig.mode
