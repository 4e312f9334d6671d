"""The sides of an event (source and target countries), chosen by a learned model among candidates.

Candidates are the actor, place, demonym, backer ("U.S.-backed") and "we" mentions of the
trigger's sentence, the parse's own choice of participants (which resolves pronouns and "its
forces"), the speaker of a statement holding the trigger, the subjects carried over from earlier
sentences, the countries the article names most and those earlier events had most often on a side
(a side a sentence leaves implicit, "the gunmen fired", is most often one of them). Each is scored
by a logistic model on how it relates to the trigger in the parse (its dependency path, whether it
speaks, acts, owns or backs the event), on how near it is against the other candidates, how often
the sentence, the sentence before and the article name its country, which sides the parse gave
that country in earlier events, and on the event type. The source is chosen first; the target
model is told which candidates have the source's country, as a domestic event has it on both
sides, and which are its counterparts (`counterparts`). The best candidate takes the side when it
scores above the side's threshold; else the side is unknown.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span, Token

from pipeline import lexicon
from pipeline.indicators.countries import own_country, state_code
from pipeline.indicators.linear import LinearModel
from pipeline.lexicon import FIRST_PERSON

__all__ = [
    "MODELS",
    "SIDES",
    "Candidate",
    "best",
    "candidates",
    "choose",
    "counterparts",
    "features",
    "load",
    "ranked_countries",
    "with_source",
]

MODELS = Path(__file__).with_name("model")  # sides_source.npz and sides_target.npz
SIDES = ("source", "target")
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_NEAR = 60  # tokens: a subject carried from this close is the previous sentence's or so
_ARTICLE_CANDIDATES = 3  # the article's most named countries, candidates in every sentence


@dataclass(frozen=True)
class Candidate:
    """A possible side: a country, the token naming it (None when carried over) and its origin."""

    country: str
    token: Token | None
    actor_id: str | None
    kind: str  # an actor type, place, demonym, carried (from before) or event_place
    rule: frozenset[str]  # the sides the parse's own reading gives this candidate
    recent: bool = False  # named in the sentence before
    prior: frozenset[str] = frozenset()  # the sides earlier events gave its country (`_prior`)
    speaks: bool = False  # its country is the speaker's of a statement holding the trigger


@lru_cache(maxsize=1)
def load() -> dict[str, LinearModel]:
    """The trained source and target models, loaded once per process."""
    return {side: LinearModel.load(MODELS / f"sides_{side}.npz") for side in SIDES}


def candidates(
    sent: Span,
    lookups,
    rule_source: list,
    rule_target: list,
    place_country: str | None,
    trigger: Token | None = None,
    typ: str | None = None,
) -> list[Candidate]:
    """Every country the sentence names through an actor, a place, a demonym, a backer
    ("U.S.-backed") or "we", plus the parse's participants (`rules.Who` lists), the speaker of a
    statement holding the `trigger`, the subjects carried over from earlier sentences, the
    countries the article names most and those earlier events of `typ` had on a side most often."""
    out: dict[tuple[str, int | None], Candidate] = {}
    rules = {}
    for side, whos in (("source", rule_source[:1]), ("target", rule_target[:1])):
        for w in whos:
            if w.country:
                rules.setdefault(w.country, set()).add(side)
    seen_actor: set[tuple[str, int]] = set()
    for tok in sent:
        actor = lookups.actor_at.get(tok.i)
        place = lookups.place_at.get(tok.i)
        if (cc := _compound_code(tok)) and (cc, tok.i) not in out:
            out[(cc, tok.i)] = Candidate(cc, tok, None, "backer", frozenset(rules.get(cc, ())))
        if tok.lower_ in FIRST_PERSON and tok.pos_ == "PRON":
            w = lookups.first_person(tok)
            if w is not None and (w.country, tok.i) not in out:
                rule = frozenset(rules.get(w.country, ()))
                out[(w.country, tok.i)] = Candidate(w.country, tok, w.actor_id, "we", rule)
            continue
        if actor is not None and tok.i > sent.start and lookups.actor_at.get(tok.i - 1) is actor:
            continue  # inside a mention already taken ("Moon Jae-in" is one)
        if actor is not None:
            root = _mention_root(tok, lambda t, a=actor: lookups.actor_at.get(t.i) is a)
            key = (actor.actor_id, root.i)
            if key in seen_actor:
                continue
            seen_actor.add(key)
            country, kind, actor_id = own_country(actor, root), actor.type, actor.actor_id
        elif place is not None and len(place.country_codes) == 1:
            root = _mention_root(tok, lambda t, p=place: lookups.place_at.get(t.i) is p)
            country, kind, actor_id = place.country_codes[0], "place", None
        elif tok.pos_ in ("ADJ", "PROPN", "NOUN") and (cc := state_code(tok)):
            root, country, kind, actor_id = tok, cc, "demonym", None
        else:
            continue
        if country and (country, root.i) not in out:
            rule = frozenset(rules.get(country, ()))
            out[(country, root.i)] = Candidate(country, root, actor_id, kind, rule)
    for w in rule_source[:1] + rule_target[:1]:
        if w.country and not any(c.country == w.country for c in out.values()):
            out[(w.country, None)] = Candidate(
                w.country, None, w.actor_id, "carried", frozenset(rules.get(w.country, ()))
            )
    speaker = lookups.speaker_at.get(trigger.i) if trigger is not None else None
    if speaker is not None and not any(c.country == speaker.country for c in out.values()):
        rule = frozenset(rules.get(speaker.country, ()))
        out[(speaker.country, None)] = Candidate(
            speaker.country, None, speaker.actor_id, "speaker", rule
        )
    if place_country and not any(c.country == place_country for c in out.values()):
        rule = frozenset(rules.get(place_country, ()))
        out[(place_country, None)] = Candidate(place_country, None, None, "event_place", rule)
    for person, w in lookups.last_subject.items():
        if w.country and not any(c.country == w.country for c in out.values()):
            back = "carried_" + ("person" if person else "other")
            back += "_near" if sent.start - w.token.i < _NEAR else "_far"
            out[(w.country, None)] = Candidate(w.country, None, w.actor_id, back, frozenset())
    for cc in lookups.ranked[:_ARTICLE_CANDIDATES]:
        if not any(c.country == cc for c in out.values()):
            out[(cc, None)] = Candidate(cc, None, None, "article", frozenset())
    for side in SIDES:
        for counts in (lookups.seen.get((side, typ)), lookups.seen.get((side, None))):
            cc = counts.most_common(1)[0][0] if counts else None
            if cc and not any(c.country == cc for c in out.values()):
                out[(cc, None)] = Candidate(cc, None, None, "prior", frozenset())
    speaks = speaker.country if speaker is not None else None
    return [
        replace(
            c,
            recent=c.country in lookups.recent,
            prior=_prior(c.country, lookups.seen, typ),
            speaks=c.country == speaks,
        )
        for c in out.values()
    ]


def _prior(country: str, seen: dict, typ: str | None) -> frozenset[str]:
    """The sides the parse gave `country` in the article's earlier events, of `typ` and of any
    type, each marked "top" when no country had that side more often."""
    out = set()
    for side in SIDES:
        for scope, key in (("type", typ), ("any", None)):
            counts = seen.get((side, key))
            if counts and counts[country]:
                out.add(f"{side}_{scope}")
                if counts[country] == max(counts.values()):
                    out.add(f"{side}_{scope}_top")
    return frozenset(out)


def _compound_code(tok: Token) -> str | None:
    """The country a hyphenated modifier names before its participle ("U.S.-backed")."""
    name, dash, rest = tok.text.rpartition("-")
    return lexicon.load().state_codes.get(name) if dash and name and rest.isalpha() else None


def _mention_root(tok: Token, same) -> Token:
    """The token of a multi-token mention whose head lies outside it."""
    while same(tok.head) and tok.head != tok:
        tok = tok.head
    return tok


def _path(a: Token, b: Token, limit: int = 3) -> str:
    """Dependency labels from `a` up to the lowest common ancestor, then down to `b`."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    ids_b = {t.i: k for k, t in enumerate(up_b)}
    for k, t in enumerate(up_a):
        if t.i in ids_b:
            left = [x.dep_ for x in up_a[:k]][:limit]
            right = [x.dep_ for x in up_b[: ids_b[t.i]]][:limit]
            return "/".join(left) + "^" + "/".join(reversed(right))
    return "none"


def features(
    c: Candidate,
    cands: list[Candidate],
    tok: Token,
    head: Token,
    typ: str,
    ranked: list[str],
    where: str | None,
) -> dict:
    """How candidate `c` (one of `cands`) relates to the trigger `tok` (clause head `head`) of an
    event of `typ` that happens in country `where`, in an article naming `ranked` countries most."""
    f = {
        "bias": 1.0,
        "kind=" + c.kind: 1.0,
        "n=" + str(min(len(cands), 4)): 1.0,
        f"type={typ}": 1.0,
    }
    f[f"kind={c.kind}|{typ}"] = 1.0
    if c.country == where:
        f["event_place"] = 1.0
        f[f"event_place|{typ}"] = 1.0
    for side in sorted(c.rule):
        f["rule=" + side] = 1.0
        f[f"rule={side}|{typ}"] = 1.0
    named = sum(1 for o in cands if o.token is not None and o.country == c.country)
    f["named=" + str(min(named, 3))] = 1.0
    if c.recent:
        f["recent"] = 1.0
        f[f"recent|{typ}"] = 1.0
    named_here = "named" if c.token is not None else "implicit"
    if c.speaks:
        f["quote_speaker"] = 1.0
        f[f"quote_speaker|{typ}"] = 1.0
        f[f"quote_speaker|{named_here}"] = 1.0
    for p in sorted(c.prior):
        f["prior=" + p] = 1.0
        f[f"prior={p}|{named_here}"] = 1.0
        if p.endswith("_top"):
            f[f"prior={p}|{typ}"] = 1.0
    rank = ranked.index(c.country) if c.country in ranked else None
    f["article_rank=" + (str(min(rank, 3)) if rank is not None else "none")] = 1.0
    if rank == 0:
        f["main_country"] = 1.0
        f[f"main_country|{typ}"] = 1.0
    m = c.token
    if m is None:
        f[f"carried|{typ}"] = 1.0
        return f
    path = _path(m, tok)
    f["path=" + path] = 1.0
    f[f"path={path}|{typ}"] = 1.0
    if head is not tok:
        f["hpath=" + _path(m, head)] = 1.0
    f["dep=" + m.dep_] = 1.0
    side = "before" if m.i < tok.i else "after"
    f[side] = 1.0
    f[f"{side}|{typ}"] = 1.0
    nearer = sum(
        1
        for o in cands
        if o.token is not None
        and o.country != c.country
        and (o.token.i < tok.i) == (m.i < tok.i)
        and abs(o.token.i - tok.i) < abs(m.i - tok.i)
    )
    f[f"nearer_{side}={min(nearer, 2)}"] = 1.0
    if not any(o.token is not None and o.token.i < m.i for o in cands):
        f["first_named"] = 1.0
    gap = abs(m.i - tok.i)
    f["gap=" + ("0-2" if gap <= 2 else "3-6" if gap <= 6 else "7-15" if gap <= 15 else "16+")] = 1.0
    if m.dep_ == "pobj":
        f["prep=" + m.head.lower_] = 1.0
        f[f"prep={m.head.lower_}|{typ}"] = 1.0
    if m.dep_ in _SUBJECTS and m.head in (tok, head):
        f["subject"] = 1.0
        f[f"subject|{typ}"] = 1.0
    if m.head == tok and m.dep_ in ("poss", "amod", "compound", "nmod"):
        f["modifies_trigger"] = 1.0
        f[f"modifies_trigger|{typ}"] = 1.0
    speech = lexicon.load().speech_cues
    for anc in tok.ancestors:
        if anc.lemma_.lower() in speech and m.dep_ in _SUBJECTS and m.head == anc:
            f["speaker"] = 1.0
            f[f"speaker|{typ}"] = 1.0
            break
    relation, role = _clause_role(m, tok, head)
    f[f"clause={relation}|role={role}"] = 1.0
    f[f"clause={relation}|role={role}|{typ}"] = 1.0
    f[f"clause={relation}|role={role}|{side}"] = 1.0
    if relation == "same" and any(c.dep_ == "nsubjpass" for c in _verb(head).children):
        f[f"passive|role={role}"] = 1.0
    word = _word(m)
    if word is not None:
        f[f"word={word}"] = 1.0
        f[f"word={word}|{typ}"] = 1.0
        f[f"word={word}|{role}"] = 1.0
    f[f"trigger={tok.lemma_.lower()}|{side}"] = 1.0
    f[f"trigger={tok.lemma_.lower()}|role={role}"] = 1.0
    return f


def _verb(tok: Token) -> Token:
    """The verb whose clause holds `tok`: itself, else its nearest verb ancestor, else the root."""
    node = tok
    while node.pos_ not in ("VERB", "AUX") and node.head != node:
        node = node.head
    return node


def _clause_role(m: Token, tok: Token, head: Token) -> tuple[str, str]:
    """Where mention `m` sits against the clause (verb `head`) of trigger `tok`: inside a noun
    trigger's phrase ("Russia's annexation"), in the same clause, in one governing it as a
    speaker's does, in one under it, or apart; and its role there: the dependency that joins it to
    the noun or its clause verb, with the preposition ("prep:by")."""
    own, verb = _verb(m), _verb(head)
    node = m
    while node.head != node and node.head != own and node != own:
        node = node.head
    role = node.dep_ if node != own else "verb"
    if role == "prep":
        role = "prep:" + node.lower_
    elif role == "agent":
        role = "prep:by"
    if tok.pos_ == "NOUN" and any(a == tok for a in m.ancestors):
        return "in_trigger", (m.dep_ if m.dep_ != "pobj" else "pobj:" + m.head.lower_)
    if own == verb:
        return "same", role
    if any(a == own for a in verb.ancestors):
        return "governs", role
    if any(a == verb for a in own.ancestors):
        return "under", role
    return "apart", role


def _word(m: Token) -> str | None:
    """The common noun a mention is or qualifies ("troops" of "Russian troops", "police")."""
    if m.pos_ == "NOUN":
        return m.lemma_.lower()
    if m.dep_ in ("amod", "compound", "poss", "nmod") and m.head.pos_ == "NOUN":
        return m.head.lemma_.lower()
    return None


def with_source(
    f: dict, country: str, typ: str, source: str | None, own: bool, against: dict[str, list[str]]
) -> dict:
    """A target candidate's features `f`, told whether its `country` is the chosen source's and
    whether it is the source's `own` mention (rarely its target, unless nothing else is named),
    and how it stands `against` the source (`counterparts`)."""
    if source is None:
        return f
    extra = {}
    for tag in against.get(country, ()):
        extra |= {f"counterpart={tag}": 1.0, f"counterpart={tag}|{typ}": 1.0}
    if country == source:
        kind = "source_own" if own else "source_other"
        extra |= {"source": 1.0, f"source|{typ}": 1.0, kind: 1.0, f"{kind}|{typ}": 1.0}
    return f | extra if extra else f


def counterparts(
    source: str | None, ranked: list[str], partners: dict[str, str]
) -> dict[str, list[str]]:
    """The countries likeliest on the other side of `source`, tagged: the article's most named
    other country ("article") and the one earlier events most often set against it ("paired")."""
    out: dict[str, list[str]] = {}
    if source is None:
        return out
    other = next((cc for cc in ranked if cc != source), None)
    if other is not None:
        out.setdefault(other, []).append("article")
    if (partner := partners.get(source)) is not None:
        out.setdefault(partner, []).append("paired")
    return out


def choose(
    cands: list[Candidate],
    tok: Token,
    head: Token,
    typ: str,
    ranked: list[str],
    where: str | None,
    partners: dict[str, str],
) -> tuple[Candidate | None, Candidate | None]:
    """The source, then the target knowing the source's country (a domestic event has the same
    country on both sides) and its `counterparts`, each only when the model trusts it above its
    threshold."""
    models = load()
    base = [features(c, cands, tok, head, typ, ranked, where) for c in cands]
    chosen: dict[str, Candidate | None] = {}
    for side in SIDES:
        first = chosen.get("source")
        source = first.country if first is not None else None
        against = counterparts(source, ranked, partners)
        feats = [
            with_source(f, c.country, typ, source, c is first, against) for f, c in zip(base, cands)
        ]
        p, k = best(models[side], feats)
        trusted = k is not None and p >= models[side].thresholds.get("1", 0.5)
        chosen[side] = cands[k] if trusted else None
    return chosen["source"], chosen["target"]


def best(model: LinearModel, feats: list[dict]) -> tuple[float, int | None]:
    """The candidate a side model scores highest (the first on a tie) and its probability; (0, None)
    when there is none. Extraction and training pick a side by this alone."""
    scored = [(p["1"], k) for k, p in enumerate(model.probabilities_of(feats))]
    return max(scored, key=lambda x: x[0], default=(0.0, None))


def ranked_countries(lookups) -> list[str]:
    """The countries the article's actors and places name, most often named first."""
    counts = Counter(
        a.country for a in {id(a): a for a in lookups.actor_at.values()}.values() if a.country
    )
    counts.update(
        p.country_codes[0]
        for p in {id(p): p for p in lookups.place_at.values()}.values()
        if len(p.country_codes) == 1
    )
    return [cc for cc, _ in counts.most_common()]
