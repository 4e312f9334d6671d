"""Features of a token as a possible event trigger: its words, its place in the parse, the lexicon.

One definition for training (`train`) and extraction (`coder`), so the model sees the same features
in both. Every feature is a string; values are 1.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Span, Token

from pipeline import lexicon
from pipeline.indicators import lexical

__all__ = ["CANDIDATE_POS", "is_candidate", "sentence_lemmas", "token_features"]

CANDIDATE_POS = {
    "VERB",
    "NOUN",
    "ADJ",
    "PROPN",
    "AUX",
    "ADP",
    "NUM",
}  # parts of speech a trigger has
_CONTENT_POS = ("NOUN", "VERB", "PROPN")
# the arguments whose classes `_context` reads
_OBJECT_DEPS = ("dobj", "nsubjpass", "attr", "nsubj", "dative", "xcomp")
_SCOPE_DEPS = ("xcomp", "dobj", "pobj", "ccomp", "attr", "nsubjpass")  # under the head's negation
_ARGUMENT_DEPS = (
    "prep",
    "agent",
    "prt",
    "neg",
    "aux",
    "dobj",
    "acomp",
    "xcomp",
    "amod",
    "compound",
)


def is_candidate(tok: Token) -> bool:
    """Whether the coder scores `tok` at all (punctuation, pronouns and the like never trigger)."""
    return tok.pos_ in CANDIDATE_POS


def sentence_lemmas(sent: Span) -> Counter[str]:
    """The content words of a sentence (nouns, verbs, names), counted: every token's context."""
    return Counter(t.lemma_.lower() for t in sent if t.pos_ in _CONTENT_POS)


def token_features(tok: Token, sentence: Counter[str] | None = None) -> dict[str, float]:
    """The features of `tok` as a trigger: lemma, tags, dependency, governor, arguments, window,
    the sentence's other content words (`sentence_lemmas`, computed once per sentence by callers
    that score many tokens) and the event types the lexicon gives its lemma."""
    lem = tok.lemma_.lower()
    head = tok.head
    hlem = head.lemma_.lower()
    f = {
        "lem=" + lem: 1,
        "pos=" + tok.pos_: 1,
        "tag=" + tok.tag_: 1,
        "dep=" + tok.dep_: 1,
        "lem_dep=" + lem + "|" + tok.dep_: 1,
        "lem_pos=" + lem + "|" + tok.pos_: 1,
        "hlem=" + hlem: 1,
        "hdep=" + tok.dep_ + "|" + head.pos_: 1,
        "lem_hlem=" + lem + "|" + hlem: 1,
        "shape=" + tok.shape_[:4]: 1,
    }
    if head.dep_ in ("prep", "agent"):
        f["gov=" + head.lower_ + "|" + head.head.lemma_.lower()] = 1
        f["lem_gov=" + lem + "|" + head.lower_ + "|" + head.head.lemma_.lower()] = 1
    for c in tok.children:
        f["cdep=" + c.dep_] = 1
        f["lem_cdep=" + lem + "|" + c.dep_] = 1
        if c.dep_ in _ARGUMENT_DEPS:
            f["clem=" + c.dep_ + "|" + c.lemma_.lower()] = 1
            f["lem_clem=" + lem + "|" + c.lemma_.lower()] = 1
            if c.dep_ in ("prep", "agent"):
                for o in c.children:
                    if o.dep_ == "pobj":
                        f["pobj=" + c.lower_ + "|" + o.pos_] = 1
                        f["lem_pobj=" + lem + "|" + c.lower_ + "|" + o.lemma_.lower()] = 1
    reading = lexical.match(tok)
    if reading is not None:
        f["cond=" + reading.type] = 1
    for typ in _lexicon_types(tok):
        f["lex=" + typ] = 1
        f["lex_dep=" + typ + "|" + tok.dep_] = 1
    f.update(_context(tok, lem))
    doc = tok.doc
    sent = tok.sent
    for k in (-3, -2, -1, 1, 2, 3):
        j = tok.i + k
        if sent.start <= j < sent.end:
            f[f"w{k}=" + doc[j].lemma_.lower()] = 1
    if tok.i - 1 >= sent.start:
        f["bi=" + doc[tok.i - 1].lemma_.lower() + "|" + lem] = 1
    counts = sentence_lemmas(sent) if sentence is None else sentence
    own = lem if tok.pos_ in _CONTENT_POS else None
    for word, n in counts.items():
        if word != own or n > 1:
            f["s=" + word] = 1
    if "-" in tok.text:
        f["hyphen"] = 1
    if tok.is_title and tok.i > sent.start:
        f["title_case"] = 1
    return f


def _lexicon_types(tok: Token) -> set[str]:
    """The event types the lexicon gives a token's lemma (as its own part of speech, verb, noun)."""
    readings = lexicon.load().triggers
    lem = tok.lemma_.lower()
    return {r.type for pos in (tok.pos_, "VERB", "NOUN") for r in readings.get((lem, pos), [])[:3]}


def _context(tok: Token, lem: str) -> dict[str, float]:
    """What decides a trigger's type beyond its words: the lexicon types and entity types of its
    arguments ("released prisoners", "withdrew from the accord"), the lexicon types of the word it
    depends on ("reached an agreement"), a negation or modal over it, and the hyphenated word it is
    part of ("cease-fire")."""
    f: dict[str, float] = {}
    head = tok.head
    args = [(c.dep_, c) for c in tok.children if c.dep_ in _OBJECT_DEPS]
    args += [
        (c.lower_, o)
        for c in tok.children
        if c.dep_ in ("prep", "agent")
        for o in c.children
        if o.dep_ == "pobj"
    ]
    if tok.dep_ in ("acl", "relcl"):
        args.append(("headnoun", head))
    for dep, arg in args:
        kind = arg.ent_type_ or ("PRON" if arg.pos_ == "PRON" else "")
        if kind:
            f["arg_ent=" + dep + "|" + kind] = 1
            f["lem_arg_ent=" + lem + "|" + dep + "|" + kind] = 1
        for typ in _lexicon_types(arg):
            f["arg_lex=" + dep + "|" + typ] = 1
            f["lem_arg_lex=" + lem + "|" + dep + "|" + typ] = 1
    if head is not tok:
        for typ in _lexicon_types(head):
            f["hlex=" + tok.dep_ + "|" + typ] = 1
            f["lem_hlex=" + lem + "|" + typ] = 1
        if head.dep_ in ("prep", "agent"):
            for typ in _lexicon_types(head.head):
                f["glex=" + head.lower_ + "|" + typ] = 1
    scope = [tok, head] if tok.dep_ in _SCOPE_DEPS else [tok]
    negators = lexicon.load().cues["negators"]
    if any(c.dep_ == "neg" or c.lower_ in negators for s in scope for c in s.children):
        f["negated"] = 1
        f["lem_negated=" + lem] = 1
    if any(c.tag_ == "MD" for s in scope for c in s.children):
        f["modal"] = 1
        f["lem_modal=" + lem] = 1
    word = _hyphenated(tok)
    if word is not None:
        f["word=" + word] = 1
    return f


def _hyphenated(tok: Token) -> str | None:
    """The hyphenated word a token is part of ("cease-fire" for "fire"), lowercased, or None."""
    doc = tok.doc
    i = j = tok.i
    while (
        i >= 2
        and doc[i - 1].text == "-"
        and not doc[i - 1].whitespace_
        and not doc[i - 2].whitespace_
    ):
        i -= 2
    while (
        j + 2 < len(doc)
        and doc[j + 1].text == "-"
        and not doc[j].whitespace_
        and not doc[j + 1].whitespace_
    ):
        j += 2
    return doc[i : j + 1].text.lower() if j > i else None
