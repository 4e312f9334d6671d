"""The lexicon's own reading of a token as a trigger, its conditions checked in the parse.

`plover_triggers.tsv` gives trigger lemmas conditions on their context ("obj:troops", "notprt:up");
whether they hold is one of the learned trigger model's features, not a decision.
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline import lexicon
from pipeline.indicators.countries import name_code
from pipeline.lexicon import ACTING_SUBJECTS, Trigger

__all__ = ["match"]


def match(tok: Token) -> Trigger | None:
    """The lexicon reading of a token in its parse, or None when it is no trigger here."""
    pos = {"VERB": "VERB", "NOUN": "NOUN"}.get(tok.pos_)
    if pos is None or tok.dep_ == "amod" or (pos == "NOUN" and tok.dep_ == "compound"):
        return None
    for trig in lexicon.load().triggers.get(
        (tok.lemma_.lower(), pos), []
    ) or lexicon.load().triggers.get((tok.lower_, pos), []):
        if _holds(tok, trig.conditions):
            return trig
    return None


def _holds(tok: Token, conditions: dict[str, set[str]]) -> bool:
    """Whether every lexicon condition holds; a `not` prefix negates one (notobj:, notprt:)."""
    for key, words in conditions.items():
        negate = key.startswith("not")
        if _condition(tok, key[3:] if negate else key, words) == negate:
            return False
    return True


def _condition(tok: Token, key: str, words: set[str]) -> bool:
    if key == "obj":
        preps = ("of", "on", "against") if tok.pos_ == "NOUN" else ("of",)
        objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr")]
        objs += [
            o for c in tok.children if c.dep_ == "prep" and c.lower_ in preps for o in c.children
        ]
        objs += [a for c in objs for a in c.children if a.dep_ == "appos"]
        if tok.dep_ == "acl":
            objs.append(tok.head)
        inner = [
            o
            for c in objs
            for p in c.children
            if p.dep_ == "prep" and p.lower_ == "of"
            for o in p.children
            if o.dep_ == "pobj"
        ]
        plain = {w for w in words if not w.startswith("@")}
        return any(_word_in(o, words) for o in objs) or any(_word_in(o, plain) for o in inner)
    if key == "comp":
        return any(c.dep_ in ("xcomp", "ccomp") for c in tok.children)
    if key == "subj":
        return any(_word_in(s, words) for s in _subjects(tok))
    if key == "prt":
        return any(c.dep_ in ("prt", "advmod", "mark") and c.lower_ in words for c in tok.children)
    if key == "prep":
        marks = [
            m
            for c in tok.children
            if c.dep_ in ("advcl", "ccomp")
            for m in c.children
            if m.dep_ == "mark"
        ]
        return any(
            c.dep_ in ("prep", "agent", "dative") and c.lower_ in words for c in tok.children
        ) or any(m.lower_ in words for m in marks)
    if key == "mod":
        return any(
            c.dep_ in ("amod", "compound") and c.lemma_.lower() in words for c in tok.children
        )
    if key == "question":
        return any(
            c.dep_ == "ccomp"
            and any(
                m.lower_ in ("whether", "if") or m.tag_ in ("WRB", "WP", "WDT") for m in c.children
            )
            for c in tok.children
        )
    if key == "light":
        verb = (
            tok.head.head
            if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "into", "on", "to")
            else tok.head
        )
        return (
            tok.dep_ in ("dobj", "nsubjpass", "pobj")
            and verb.pos_ == "VERB"
            and ("*" in words or verb.lemma_.lower() in words)
        )
    if key == "threat":
        return _threatens(tok, words)
    return False


def _threatens(tok: Token, words: set[str]) -> bool:
    """Whether a warning threatens: it warns against something, of consequences, that someone would
    suffer them ("would face sanctions") or that the warner would act ("warned it might deploy"),
    not merely that something will happen ("warned that prices would rise").
    """
    modals = lexicon.load().cues["modals"]
    preps = [c for c in tok.children if c.dep_ == "prep"]
    if any(p.lower_ == "against" or (p.lower_ == "to" and tok.pos_ == "NOUN") for p in preps):
        return True
    comps = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp", "advcl", "acl", "parataxis")]
    comps += [p for p in preps if p.lower_ == "of"] + (
        [tok.head] if tok.dep_ == "parataxis" else []
    )
    for c in comps:
        subjects = [s for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]
        inside = {t.i for t in c.subtree} - {t.i for s in subjects for t in s.subtree}
        if tok.dep_ == "parataxis" and c == tok.head:
            inside -= {t.i for t in tok.subtree}
        if any(_word_in(t, words) for t in c.subtree if t.i in inside and t.lower_ not in modals):
            return True
        if any(
            a.dep_ == "aux" and a.lower_ in modals and a.lower_ in words for a in c.children
        ) and any(s.lower_ in lexicon.load().cues["speaker_pronouns"] for s in subjects):
            return True
    return False


def _word_in(tok: Token, words: set[str]) -> bool:
    """Whether a token is one of the lexicon words: by lemma or form, `*` for any, `@LABEL` by
    entity type.
    """
    plural = tok.lower_[:-1] if tok.lower_.endswith("s") else None
    return (
        "*" in words
        or tok.lemma_.lower() in words
        or tok.lower_ in words
        or plural in words
        or (bool(tok.ent_type_) and "@" + tok.ent_type_ in words)
        or (
            "@PERSON" in words
            and tok.pos_ == "PROPN"
            and name_code(tok, lexicon.load().person_countries) is not None
        )
    )


def _subjects(tok: Token) -> list[Token]:
    """Who does what a verb says: its subjects and passive agents, or the noun its participle or
    relative clause describes ("the storm that killed", "a coalition targeting")."""
    out = [c for c in tok.children if c.dep_ in ACTING_SUBJECTS]
    out += [o for c in tok.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
    if tok.dep_ in ("acl", "relcl") and (not out or out[0].tag_ in ("WDT", "WP")):
        out = [tok.head]
    return out
