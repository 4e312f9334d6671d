"""Flags of an event (historical, hypothetical, negated), each decided by a learned model.

The features are the words around the trigger and above it in the parse (modals, negations,
"if", "denied", "plans"), the years and dates the sentence gives against the article's date, and
the parse rules' own reading of the flags, which the model may keep or overrule.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span, Token

from pipeline.indicators.linear import LinearModel

__all__ = ["FLAGS", "MODELS", "features", "load", "predict"]

FLAGS = ("historical", "hypothetical", "negated")
MODELS = Path(__file__).with_name("model")  # flag_<name>.npz
_YEAR = re.compile(r"^(19|20)\d\d$")
_WINDOW = 5  # tokens each side of the trigger whose lemmas are features


@lru_cache(maxsize=1)
def load() -> dict[str, LinearModel]:
    """The trained flag models, loaded once per process."""
    return {flag: LinearModel.load(MODELS / f"flag_{flag}.npz") for flag in FLAGS}


def features(
    tok: Token, head: Token, sent: Span, typ: str, rule_flags: list[str], when, ref: date | None
) -> dict[str, float]:
    """What the sentence says about whether the event `tok` triggers happened, when and for sure."""
    f = {"bias": 1.0, "type=" + typ: 1.0, "tag=" + tok.tag_: 1.0, "htag=" + head.tag_: 1.0}
    for flag in rule_flags:
        f["rule=" + flag] = 1.0
    for node in (tok, head):
        for c in node.children:
            if c.dep_ in ("aux", "auxpass", "neg", "mark", "advmod", "prep"):
                f[f"{c.dep_}={c.lemma_.lower()}"] = 1.0
    for k, anc in enumerate(tok.ancestors):
        if k >= 4:
            break
        f["anc=" + anc.lemma_.lower()] = 1.0
        for c in anc.children:
            if c.dep_ in ("aux", "neg", "mark"):
                f[f"anc_{c.dep_}={c.lemma_.lower()}"] = 1.0
    doc = tok.doc
    for j in range(max(sent.start, tok.i - _WINDOW), min(sent.end, tok.i + _WINDOW + 1)):
        if j != tok.i:
            f["w=" + doc[j].lemma_.lower()] = 1.0
    years = [int(t.text) for t in sent if _YEAR.match(t.text)]
    if ref is None:
        f["no_date"] = 1.0
    else:
        for y in years:
            delta = y - ref.year
            f[
                "year="
                + (
                    "before2+"
                    if delta <= -2
                    else "before1"
                    if delta == -1
                    else "same"
                    if delta == 0
                    else "after"
                )
            ] = 1.0
        if when is not None:
            days = (ref - when.start).days
            f["when=" + ("old" if days > 60 else "recent" if days >= 0 else "future")] = 1.0
    return f


def predict(feats: dict[str, float]) -> list[str]:
    """The flags whose models pass their thresholds."""
    out = []
    for flag, model in load().items():
        if model.probabilities(feats)["1"] >= model.thresholds.get("1", 0.5):
            out.append(flag)
    return out
