"""Event triggers found by a learned model: one token per event, labelled with its PLOVER type.

The model (`model/triggers.npz`, built by `make train`) is a binary logistic regression per event
type (one-vs-rest: a softmax shared with "no trigger" left rare types' probabilities too small to
threshold) over each candidate token's features (`features.token_features`): its words, its place
in the parse and the lexicon's readings. A token triggers the event type it scores highest, when
that score passes the type's threshold, tuned on held-out annotated articles.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from pipeline import lexicon
from pipeline.indicators.features import is_candidate, sentence_lemmas, token_features
from pipeline.indicators.linear import LinearModel

__all__ = ["MODEL", "NONE", "REPEAT_MARGIN", "choose", "find_triggers", "key_token", "load"]

MODEL = Path(__file__).with_name("model") / "triggers.npz"
NONE = "O"  # the class of a token that triggers nothing
_COMPLEMENTS = ("acomp", "attr", "oprd")  # what a copula's phrase is about: its trigger word
REPEAT_MARGIN = 0.1  # what each further event of one type in one sentence must score above the
# type's threshold: a sentence most often reports one event of a type, named by several words


@lru_cache(maxsize=1)
def load() -> LinearModel:
    """The trained trigger model, loaded once per process."""
    return LinearModel.load(MODEL)


def key_token(span: Span, typ: str) -> Token:
    """The token that carries a trigger phrase of type `typ`: the first the lexicon reads as that
    type ("launched an attack" → attack), else its syntactic root ("the assault" → assault), the
    root's complement when the root is a copula ("were critical of" → critical), and the phrase's
    highest word the coder scores when the root is none it scores (a quotation mark, a pronoun)."""
    readings = lexicon.load().triggers
    for tok in span:
        for pos in ("VERB", "NOUN"):
            if any(t.type == typ for t in readings.get((tok.lemma_.lower(), pos), ())):
                return tok
    root = span.root
    if root.lemma_.lower() == "be":
        inside = (c for c in root.children if c.dep_ in _COMPLEMENTS and c in span)
        root = next(inside, root)
    if not is_candidate(root):
        scored = [t for t in span if is_candidate(t)]
        root = min(scored, key=lambda t: sum(1 for _ in t.ancestors), default=root)
    return root


def choose(probabilities: dict[str, float], thresholds: dict[str, float]) -> str | None:
    """The event type a token triggers: its best type, when that passes the type's threshold."""
    best = max((k for k in probabilities if k != NONE), key=probabilities.get)
    return best if probabilities[best] >= thresholds.get(best, 0.5) else None


def find_triggers(doc: Doc, sentences: list[Span]) -> list[tuple[Token, str]]:
    """(token, PLOVER type) for every trigger in `sentences` of `doc`, in text order.

    Two triggers of one type where one governs the other ("carried out an attack") name one event,
    as the codebook counts it, and the likelier one stays; a further event of a type its sentence
    already has must score REPEAT_MARGIN more; but casualties and arrests (the lexicon's
    counted-people words) are events of their own ("the shelling killed 12": two ASSAULTs).
    """
    model = load()
    found = []
    for sent in sentences:
        context = sentence_lemmas(sent)
        toks = [tok for tok in sent if is_candidate(tok)]
        scored = model.probabilities_of([token_features(tok, context) for tok in toks])
        for tok, p in zip(toks, scored):
            typ = choose(p, model.thresholds)
            if typ is not None:
                found.append((p[typ], tok, typ))
    counted = lexicon.load().people_verbs
    kept: list[tuple[Token, str]] = []
    at: set[tuple[int, str]] = set()  # (token, type) of the kept triggers that are not counted
    under: set[tuple[int, str]] = set()  # (their heads, type)
    repeats: Counter[tuple[int, str]] = Counter()  # kept triggers per (sentence, type)
    for p, tok, typ in sorted(found, key=lambda x: -x[0]):
        if tok.lemma_.lower() in counted:
            kept.append((tok, typ))
        elif (
            (tok.head.i, typ) not in at
            and (tok.i, typ) not in under
            and p >= model.thresholds.get(typ, 0.5) + REPEAT_MARGIN * repeats[tok.sent.start, typ]
        ):
            kept.append((tok, typ))
            at.add((tok.i, typ))
            under.add((tok.head.i, typ))
            repeats[tok.sent.start, typ] += 1
    return sorted(kept, key=lambda x: x[0].i)
