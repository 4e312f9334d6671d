"""Flags of an event (historical, hypothetical, negated), each decided by a learned model.

The features are the words around the trigger and above it in the parse (modals, negations,
"if", "denied", "plans"), the years and dates the sentence gives against the article's date, and
the parse rules' own reading of the flags, which the model may keep or overrule.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span, Token

from pipeline.indicators.linear import LinearModel

__all__ = ["FLAGS", "MODELS", "ArticleTimes", "article_times", "features", "load", "predict"]

FLAGS = ("historical", "hypothetical", "negated")
MODELS = Path(__file__).with_name("model")  # flag_<name>.npz
_YEAR = re.compile(r"^(19|20)\d\d$")
_WINDOW = 5  # tokens each side of the trigger whose lemmas are features
_OLD_DAYS = 60  # the codebook's "about two months" before the article: historical


@lru_cache(maxsize=1)
def load() -> dict[str, LinearModel]:
    """The trained flag models, loaded once per process."""
    return {flag: LinearModel.load(MODELS / f"flag_{flag}.npz") for flag in FLAGS}


def features(
    tok: Token,
    head: Token,
    sent: Span,
    typ: str,
    rule_flags: list[str],
    when,
    ref: date | None,
    times: ArticleTimes | None = None,
) -> dict[str, float]:
    """What the sentence says about whether the event `tok` triggers happened, when and for sure;
    `times` are the article's dates read once: how much of it is about the past and what the last
    date before the sentence was."""
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
            f[("l=" if j < tok.i else "r=") + doc[j].lemma_.lower()] = 1.0
    f[f"htag={head.tag_}|{typ}"] = 1.0
    for c in tok.children:
        if c.dep_ in ("amod", "det", "poss"):
            f[f"mod={c.lemma_.lower()}"] = 1.0
    verbs = [tok, *tok.ancestors][:5]
    marks = [
        f"{c.dep_}={c.lemma_.lower()}"
        for v in verbs
        for c in v.children
        if c.dep_ in ("aux", "neg", "mark")
    ]
    if marks:
        f["chain=" + "+".join(sorted(set(marks)))] = 1.0
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
        if when is not None and when.span[0] < when.span[1]:
            age = _age(when, ref)
            f["when=" + age] = 1.0
            f[f"when={age}|{typ}"] = 1.0
        elif when is not None:
            f["when=undated"] = 1.0
        _article_time(f, sent, times)
    return f


def _age(when, ref: date) -> str:
    """How long before the article's date a period lies: old (over two months), recent, future."""
    days = (ref - (when.start + (when.end - when.start) / 2)).days
    return "old" if days > _OLD_DAYS else "recent" if days >= 0 else "future"


@dataclass(frozen=True)
class ArticleTimes:
    """An article's dates as the flag models read them: the share of them that are old, and
    where each one ends in the text with its age, in text order."""

    old_share: str  # none, 0, low, mid or high
    ends: list[int]
    ages: list[str]


def article_times(dated: list, ref: date | None) -> ArticleTimes:
    """The article's dates (`dates.When`, in text order) against its date `ref`, read once."""
    if ref is None or not dated:
        return ArticleTimes("none", [], [])
    ages = [_age(w, ref) for w in dated]
    share = ages.count("old") / len(ages)
    bucket = "0" if share == 0 else "low" if share < 0.34 else "mid" if share < 0.67 else "high"
    return ArticleTimes(bucket, [w.span[1] for w in dated], ages)


def _article_time(f: dict[str, float], sent: Span, times: ArticleTimes | None) -> None:
    """Features of the article's other dates: the share of them that are old, and the age of the
    last one before the sentence (a narrative of the past goes on without repeating its date)."""
    if times is None or not times.ages:
        f["article_dates=none"] = 1.0
        return
    f["article_old=" + times.old_share] = 1.0
    before = bisect.bisect_right(times.ends, sent.start_char)
    if before:
        f["last_date=" + times.ages[before - 1]] = 1.0


def predict(feats: dict[str, float]) -> list[str]:
    """The flags whose models pass their thresholds."""
    out = []
    for flag, model in load().items():
        if model.probabilities(feats)["1"] >= model.thresholds.get("1", 0.5):
            out.append(flag)
    return out
