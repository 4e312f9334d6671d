"""Flags of an event (historical, hypothetical, negated), each decided by a learned model.

The features are the words around the trigger and above it in the parse (modals, negations,
"if", "denied", "plans") and the lexicon's cue classes of those words, the tense and aspect of its
verb chain ("had launched", "used to"), the years and dates the sentence gives against the
article's date and where they sit against the trigger, the dates before the sentence, and the
parse rules' own reading of the flags, which the model may keep or overrule.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from pipeline import lexicon
from pipeline.dates import When
from pipeline.indicators.linear import LinearModel

__all__ = ["FLAGS", "MODELS", "ArticleTimes", "article_times", "features", "load", "predict"]

FLAGS = ("historical", "hypothetical", "negated")
MODELS = Path(__file__).with_name("model")  # flag_<name>.npz
_YEAR = re.compile(r"^((?:19|20)\d\d)$|^((?:19|20)\d)0s$")  # a year, or a decade ("1990s")
_WINDOW = 5  # tokens each side of the trigger whose lemmas are features
_OLD_DAYS = 60  # the codebook's "about two months" before the article: historical
_UP = 6  # parse steps above the trigger whose words and cue classes are features
_NEAR = 400  # characters: a date this close before the sentence still dates its story
_CUE_DEPS = ("aux", "auxpass", "neg", "mark", "advmod", "amod", "det", "acomp", "prt", "npadvmod")
_AGES = ("year", "years", "month", "months", "week", "weeks", "day", "days")  # "29-year-old"
_SUBJECTS = ("nsubj", "nsubjpass")  # "none of them attacked": a subject that negates
_HAVE = {
    "have": "perfect",
    "has": "perfect",
    "'ve": "perfect",
    "had": "pluperfect",
    "'d": "pluperfect",
}
_BE = {"is": "present", "are": "present", "am": "present", "'s": "present", "'re": "present"}
_BE |= {"was": "past", "were": "past"}


@lru_cache(maxsize=1)
def load() -> dict[str, LinearModel]:
    """The trained flag models, loaded once per process."""
    return {flag: LinearModel.load(MODELS / f"flag_{flag}.npz") for flag in FLAGS}


@lru_cache(maxsize=1)
def _classes() -> dict[str, tuple[str, ...]]:
    """Word or lemma → the lexicon's flag cue classes of it (negating, prospective, past)."""
    out: dict[str, list[str]] = {}
    for name, words in lexicon.load().cues["flag_cues"].items():
        if isinstance(words, list):
            for w in words:
                out.setdefault(w, []).append(name)
    return {w: tuple(names) for w, names in out.items()}


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
    `times` are the article's dates read once: how much of it is about the past and where its
    dates sit."""
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
    _cue_classes(f, tok, sent, typ)
    _aspect(f, tok, head)
    if ref is None:
        f["no_date"] = 1.0
        return f
    for t in sent:
        if m := _YEAR.match(t.text):
            year = int(m[1]) if m[1] else int(m[2]) * 10 + 9  # a decade ends in its ninth year
            delta = year - ref.year
            bucket = "before2+" if delta <= -2 else "before1" if delta == -1 else "same"
            since = t.i > sent.start and t.nbor(-1).lower_ == "since"  # begun then, still going on
            f["year=" + ("since" if since else bucket if delta <= 0 else "after")] = 1.0
    if when is not None and when.span[0] < when.span[1]:
        age = _age(when, ref)
        f["when=" + age] = 1.0
        f[f"when={age}|{typ}"] = 1.0
        f[f"when={age}|{'before' if when.span[0] < tok.idx else 'after'}"] = 1.0
        at = when.span[0] - sent.start_char
        if 0 <= at < len(sent.text) and sent.text[at:].lower().startswith("since"):
            f["when=since"] = 1.0  # "since 2011": begun long ago, maybe still going on
    elif when is not None:
        f["when=undated"] = 1.0
    _article_time(f, tok, head, sent, times)
    _conjoined(f)
    return f


def _conjoined(f: dict[str, float]) -> None:
    """Pairs of a tense and a dating: "attacked" after an old date is over, "attacks" may not be."""
    tenses = [k for k in f if k.startswith("aspect=")]
    datings = [
        k for k in f if k.startswith(("last_date=", "near_date=", "article_old=", "first_use="))
    ]
    for a in tenses:
        for d in datings:
            f[f"{a}&{d}"] = 1.0


def _cue_classes(f: dict[str, float], tok: Token, sent: Span, typ: str) -> None:
    """The lexicon's cue classes of the words on the trigger and up its parse ("failed to", "plans
    to", "former"), by how far up they sit, and of the words beside it."""
    classes = _classes()
    nodes = [tok, *list(tok.ancestors)[:_UP]]
    for depth, node in enumerate(nodes):
        where = "tok" if depth == 0 else "near" if depth <= 2 else "far"
        words = [] if depth == 0 else [_phrase(node)]
        words += [_phrase(c) for c in node.children if c.dep_ in _CUE_DEPS]
        words += [c.lower_ for c in node.children if c.dep_ in _SUBJECTS]
        for w in words:
            for name in classes.get(w, ()):
                f[f"cue={name}@{where}"] = 1.0
                f[f"cue={name}|{typ}"] = 1.0
    doc = tok.doc
    for j in range(max(sent.start, tok.i - _WINDOW), min(sent.end, tok.i + _WINDOW + 1)):
        for name in classes.get("" if _of_age(doc[j]) else doc[j].lemma_.lower(), ()):
            f[f"cue={name}@window"] = 1.0
    words = f" {' '.join(t.lower_ for t in sent)} "
    if any(f" {p} " in words for p in lexicon.load().cues["past_phrases"]):
        f["cue=past_phrase@sentence"] = 1.0


def _of_age(t: Token) -> bool:
    """The "old" of a person's age ("a 29-year-old man"), which says nothing of the past."""
    return t.lower_ == "old" and t.i >= 2 and t.nbor(-1).text == "-" and t.nbor(-2).lower_ in _AGES


def _phrase(t: Token) -> str:
    """A word's lemma with its particle ("call off"), or before "to" ("used to"); none for ages."""
    if _of_age(t):
        return ""
    prt = [c.lower_ for c in t.children if c.dep_ == "prt"]
    if prt:
        return f"{t.lemma_.lower()} {prt[0]}"
    deps = {c.dep_ for c in t.children}
    if t.lower_ == "used" and "xcomp" in deps and "dobj" not in deps:
        return "used to"
    return t.lemma_.lower()


def _aspect(f: dict[str, float], tok: Token, head: Token) -> None:
    """Tense and aspect of the event's verb and of the verb it depends on: "had launched" is over
    before the story, "has launched" reaches into it, "is launching" goes on."""
    verb = next((v for v in (tok, head, *head.ancestors) if v.pos_ in ("VERB", "AUX")), None)
    gov = verb.head if verb is not None and verb.head != verb else None
    for name, v in (("aspect", verb), ("gov_aspect", gov)):
        if v is not None:
            f[f"{name}={_tense(v)}"] = 1.0


def _tense(v: Token) -> str:
    """The tense and aspect a verb's auxiliaries and tag give it."""
    aux = [c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass")]
    modal = lexicon.load().cues["modals"]
    if any(a in modal for a in aux) or "going" in aux:
        return "modal"
    for a in aux:
        if a in _HAVE:
            return _HAVE[a]
    for a in aux:
        if a in _BE:
            return _BE[a] + ("_progressive" if v.tag_ == "VBG" else "_passive")
    if "did" in aux or v.tag_ == "VBD":
        return "past"
    if "do" in aux or "does" in aux or v.tag_ in ("VBZ", "VBP"):
        return "present"
    return "nonfinite=" + v.tag_


def _age(when, ref: date) -> str:
    """How long before the article's date a period lies: old (over two months), recent, future."""
    end = min(when.end, ref) if when.start <= ref else when.end  # "earlier this month": by now
    days = (ref - (when.start + (end - when.start) / 2)).days
    return "old" if days > _OLD_DAYS else "recent" if days >= 0 else "future"


@dataclass(frozen=True)
class ArticleTimes:
    """An article's dates, read once: each with its age against the article's date, in text order
    (their starts and ends to bisect), the share of them that are old, and where each noun is used
    (a later "the attack" is most often the one an earlier sentence dated)."""

    old_share: str  # none, 0, low, mid or high
    dates: list[When]
    ages: list[str]  # old, recent or future; unknown without an article date
    starts: list[int]
    ends: list[int]
    nouns: dict[str, list[int]]  # lemma → the token indices of its uses as a noun

    def indices(self, start: int, end: int) -> range:
        """Where the dates that start in the characters [start, end) stand in `dates`."""
        return range(bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end))

    def within(self, start: int, end: int) -> list[When]:
        """The dates that start in the characters [start, end)."""
        found = self.indices(start, end)
        return self.dates[found.start : found.stop]


def article_times(dated: list[When], ref: date | None, doc: Doc | None = None) -> ArticleTimes:
    """The article's dates (`dates.find_dates` of its text) against its date `ref`, and the nouns
    of its parse `doc`, read once."""
    ages = [_age(w, ref) if ref is not None else "unknown" for w in dated]
    share = ages.count("old") / len(ages) if ages and ref is not None else None
    bucket = (
        "none"
        if share is None
        else "0"
        if share == 0
        else "low"
        if share < 0.34
        else "mid"
        if share < 0.67
        else "high"
    )
    nouns: dict[str, list[int]] = {}
    for t in doc if doc is not None else ():
        if t.pos_ == "NOUN":
            nouns.setdefault(t.lemma_.lower(), []).append(t.i)
    starts, ends = [w.span[0] for w in dated], [w.span[1] for w in dated]
    return ArticleTimes(bucket, list(dated), ages, starts, ends, nouns)


def _article_time(
    f: dict[str, float], tok: Token, head: Token, sent: Span, times: ArticleTimes | None
) -> None:
    """Features of the article's dates: the share of them that are old; the ages of the sentence's
    own dates, of those in the trigger's clause and of the nearest to it; in an undated sentence,
    the age of the last date before it and whether it is near (a narrative of the past goes on
    without repeating its date); the age of the date nearest an earlier use of its noun."""
    if times is None or not times.ages:
        f["article_dates=none"] = 1.0
        return
    f["article_old=" + times.old_share] = 1.0
    _earlier_use(f, tok, sent, times)
    first = bisect.bisect_right(times.ends, sent.start_char)
    last = bisect.bisect_left(times.starts, sent.end_char)
    if first >= last:
        f["sent_dates=none"] = 1.0
        if first:  # an undated sentence goes on with the last date before it
            age = times.ages[first - 1]
            f["last_date=" + age] = 1.0
            near = sent.start_char - times.ends[first - 1] <= _NEAR
            f[f"last_date={age}|{'near' if near else 'far'}"] = 1.0
        return
    clause = (head.left_edge.idx, head.right_edge.idx + len(head.right_edge))
    for k in range(first, last):
        f["sent_date=" + times.ages[k]] = 1.0
        if clause[0] <= times.starts[k] < clause[1]:
            f["clause_date=" + times.ages[k]] = 1.0
    nearest = min(range(first, last), key=lambda k: abs(times.starts[k] - tok.idx))
    f[f"near_date={times.ages[nearest]}"] = 1.0


def _earlier_use(f: dict[str, float], tok: Token, sent: Span, times: ArticleTimes) -> None:
    """The age of the date nearest the first and the last earlier use of a noun trigger's lemma,
    in their own sentences, and whether this use is definite ("the attack", "those attacks")."""
    uses = times.nouns.get(tok.lemma_.lower(), []) if tok.pos_ == "NOUN" else []
    k = bisect.bisect_left(uses, sent.start)
    if not k:
        return
    definite = any(c.dep_ in ("det", "poss") and c.lower_ != "a" for c in tok.children)
    for name, i in (("first_use", uses[0]), ("last_use", uses[k - 1])):
        other = tok.doc[i].sent
        found = times.indices(other.start_char, other.end_char)
        age = (
            times.ages[min(found, key=lambda j: abs(times.starts[j] - tok.doc[i].idx))]
            if found
            else "undated"
        )
        f[f"{name}={age}"] = 1.0
        if definite:
            f[f"{name}={age}|definite"] = 1.0


def predict(feats: dict[str, float]) -> list[str]:
    """The flags whose models pass their thresholds."""
    out = []
    for flag, model in load().items():
        if model.probabilities(feats)["1"] >= model.thresholds.get("1", 0.5):
            out.append(flag)
    return out
