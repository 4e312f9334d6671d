"""`make train`: rebuild the event coder from the committed annotations and the corpus texts.

The annotations (`data/annotations/events.jsonl`) hold article ids and offsets only; the texts are
read from `../shared/corpus`. Every annotated article is parsed once with the pipeline's spaCy model
(cached in build/train), so the models learn on the same tokens, lemmas and parses they meet when
extracting. A tenth of the annotated articles tunes the thresholds; the shared dev set is never
used.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.tokens import Doc, DocBin

from pipeline import actors, context, dates, nlp, places, statements
from pipeline.indicators import features, flags, linear, ranking, rules, sides, triggers
from pipeline.indicators.linear import LinearModel

__all__ = [
    "ANNOTATIONS",
    "SideExample",
    "annotated",
    "article_examples",
    "main",
    "parsed",
    "side_accuracy",
    "split_examples",
    "told_source",
    "train_flags",
    "train_sides",
    "train_triggers",
    "trigger_report",
]

ROOT = Path(__file__).resolve().parents[2]
ANNOTATIONS = ROOT / "data" / "annotations" / "events.jsonl"
MODEL_DIR = Path(__file__).with_name("model")
WORK = ROOT / "build" / "train"
MODELS = ("triggers", "sides", "flags")  # what `--only` may name
HELD_OUT = 10  # one article in this many is held out to tune the decision thresholds
MIN_TUNING_EVENTS = 100  # held-out events a type needs for a threshold of its own
TRIGGER_C = 0.5  # inverse L2 strength of the trigger models (one per type): lower generalises
SIDE_C = 0.1  # the same for the side models (held-out accuracy: 0.1 above 1.0)
FLAG_C = 0.2  # and for the flag models (their cross-validated F1 peaks near 0.2)
FLAG_FOLDS = 5  # blocks of articles whose out-of-fold probabilities tune the flag thresholds
FLAG_BETA = 1.0  # the F-beta flag thresholds maximise: above 1 favours recall (a missed flag counts
# a past, planned or denied event as today's tension), below 1 precision (a false one hides one);
# both harm a reader alike, so F1 (out of fold on the annotations: 1.0 gives precision 0.62, recall
# 0.66; 1.25: 0.58, 0.70; 1.5: 0.53, 0.74; 2.0: 0.45, 0.81)


@dataclass(frozen=True)
class SideExample:
    """One annotated event's candidates for one side: their features, countries and labels ("1"
    when the candidate's country is the annotated side's), the annotated country, the type, and
    what `sides.counterparts` reads: the article's countries by mentions, earlier events' pairs."""

    features: list[dict]
    countries: list[str]
    labels: list[str]
    gold: str | None
    type: str
    ranked: list[str]
    partners: dict[str, str]


def annotated(shared: Path) -> Iterator[tuple[dict, dict]]:
    """(article, annotation) for every annotated article whose text the corpus holds."""
    wanted = {
        json.loads(line)["id"]: json.loads(line) for line in ANNOTATIONS.open(encoding="utf-8")
    }
    with gzip.open(shared / "corpus" / "allsides_intl.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            article = json.loads(line)
            if article["id"] in wanted:
                yield article, wanted[article["id"]]


def trigger_labels(doc: Doc, events: list[dict]) -> dict[int, str]:
    """Token index → event type: the key token of each annotated trigger (the first event wins)."""
    labels: dict[int, str] = {}
    for e in events:
        span = doc.char_span(*e["trigger"], alignment_mode="expand")
        if span is not None:
            labels.setdefault(triggers.key_token(span, e["type"]).i, e["type"])
    return labels


def trigger_examples(articles: list[tuple[dict, dict, Doc]]) -> tuple[list[dict], list[str]]:
    """Features and type (or NONE) of every candidate token of the articles."""
    xs, ys = [], []
    for _, ann, doc in articles:
        labels = trigger_labels(doc, ann["events"])
        for sent in doc.sents:
            context = features.sentence_lemmas(sent)
            for tok in sent:
                if features.is_candidate(tok):
                    xs.append(features.token_features(tok, context))
                    ys.append(labels.get(tok.i, triggers.NONE))
    return xs, ys


def sentence_matches(
    articles: list[tuple[dict, dict, Doc]], predicted: list[list[tuple[str, tuple[int, int]]]]
) -> dict[str, list[int]]:
    """Per type [matched, gold, predicted] when events match on type and overlapping sentence
    span, one to one, as ../shared/eval/score.py counts them."""
    out: dict[str, list[int]] = {}
    for (_, ann, _), preds in zip(articles, predicted):
        used: set[int] = set()
        for g in ann["events"]:
            row = out.setdefault(g["type"], [0, 0, 0])
            row[1] += 1
            for k, (typ, (s, e)) in enumerate(preds):
                if k not in used and typ == g["type"] and s < g["span"][1] and g["span"][0] < e:
                    used.add(k)
                    row[0] += 1
                    break
        for typ, _ in preds:
            out.setdefault(typ, [0, 0, 0])[2] += 1
    return out


def _f1(row: list[int]) -> float:
    return 2 * row[0] / (row[1] + row[2]) if row[1] + row[2] else 0.0


def tune_thresholds(model: LinearModel, articles: list[tuple[dict, dict, Doc]]) -> dict[str, float]:
    """Per type, the threshold with the best sentence-level F1 on `articles` (held out from
    fitting); a type with too few examples there keeps the threshold that is best for all."""
    scored = _scored(model, articles)
    types = [c for c in model.classes if c != triggers.NONE]
    grid = [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6]
    micro = {g: _matches(scored, articles, dict.fromkeys(types, g)) for g in grid}
    best_all = max(
        grid, key=lambda g: _f1([sum(r[i] for r in micro[g].values()) for i in range(3)])
    )
    out = {}
    for typ in types:
        rows = {g: micro[g].get(typ, [0, 0, 0]) for g in grid}
        enough = rows[best_all][1] >= MIN_TUNING_EVENTS
        out[typ] = (
            max(grid, key=lambda g: (_f1(rows[g]), -abs(g - best_all))) if enough else best_all
        )
    return out


def trigger_report(
    model: LinearModel, articles: list[tuple[dict, dict, Doc]], thresholds: dict[str, float]
) -> str:
    """Per type F1, precision and recall of `model` on `articles` as score.py counts them, and
    the macro and micro F1: what `make train` prints for the held-out tenth."""
    rows = _matches(_scored(model, articles), articles, thresholds)
    lines = [
        f"  {typ:10s} F1 {_f1(r):.3f} P {r[0] / max(1, r[2]):.3f} R {r[0] / max(1, r[1]):.3f}"
        f" (gold {r[1]}, predicted {r[2]})"
        for typ, r in sorted(rows.items())
    ]
    total = [sum(r[i] for r in rows.values()) for i in range(3)]
    macro = sum(_f1(r) for r in rows.values()) / max(1, len(rows))
    return "\n".join([f"macro F1 {macro:.4f}, micro F1 {_f1(total):.4f}", *lines])


def _scored(model: LinearModel, articles: list[tuple[dict, dict, Doc]]) -> list[list]:
    """Per article, (token, type probabilities) of every candidate token."""
    scored = []
    for _, _, doc in articles:
        contexts = {s.start: features.sentence_lemmas(s) for s in doc.sents}
        toks = [t for t in doc if features.is_candidate(t)]
        feats = [features.token_features(t, contexts[t.sent.start]) for t in toks]
        scored.append(list(zip(toks, model.probabilities_of(feats))))
    return scored


def _matches(
    scored: list[list], articles: list[tuple[dict, dict, Doc]], thresholds: dict[str, float]
) -> dict[str, list[int]]:
    """`sentence_matches` of the tokens `scored` in `articles` under `thresholds`."""
    preds = []
    for toks in scored:
        row = []
        for tok, p in toks:
            typ = triggers.choose(p, thresholds)
            if typ is not None:
                row.append((typ, (tok.sent.start_char, tok.sent.end_char)))
        preds.append(row)
    return sentence_matches(articles, preds)


def train_triggers(articles: list[tuple[dict, dict, Doc]]) -> LinearModel:
    """Fit on nine tenths, tune thresholds on the rest, refit on all with those thresholds."""
    fitting = [a for a in articles if not _held_out(a[0]["id"])]
    held = [a for a in articles if _held_out(a[0]["id"])]
    model = linear.fit_one_vs_rest(*trigger_examples(fitting), triggers.NONE, c=TRIGGER_C)
    thresholds = tune_thresholds(model, held)
    print(f"trigger thresholds, tuned on {len(held)} held-out articles:", thresholds)
    print("held-out triggers,", trigger_report(model, held, thresholds), flush=True)
    final = linear.fit_one_vs_rest(*trigger_examples(articles), triggers.NONE, c=TRIGGER_C)
    return replace(final, thresholds=thresholds)


def event_examples(articles: list[tuple[dict, dict, Doc]]) -> dict[str, list]:
    """Per annotated event, for each side: its candidates' features, their labels ("1" when the
    candidate's country is the annotated side's) and the annotated country; under "flags": the
    event's flag features and its annotated flags."""
    out: dict[str, list] = {side: [] for side in sides.SIDES} | {"flags": []}
    for article, ann, doc in articles:
        ctx = context.build(doc, article.get("date"))
        found_places = places.find_places(ctx)
        found_actors = actors.find_actors(ctx, found_places)
        lookups = rules.Lookups(
            ctx,
            dates.parse_date(ctx.date),
            found_actors,
            found_places,
            statements.find_statements(ctx, found_actors, found_places),
        )
        for key, rows in article_examples(ann, doc, lookups).items():
            out[key] += rows
    return out


def article_examples(ann: dict, doc: Doc, lookups: rules.Lookups) -> dict[str, list]:
    """`event_examples` of one article, given its lookups."""
    out: dict[str, list] = {side: [] for side in sides.SIDES} | {"flags": []}
    keyed = []
    for e in ann["events"]:
        span = doc.char_span(*e["trigger"], alignment_mode="expand")
        if span is not None:
            keyed.append((triggers.key_token(span, e["type"]), e))
    readings = {tok.i: rules.reading(tok, e["type"]) for tok, e in keyed}
    by_sentence: dict[int, list] = {}
    for tok, e in keyed:
        by_sentence.setdefault(tok.sent.start, []).append((tok, e))
    for sent in doc.sents:
        for tok, e in by_sentence.get(sent.start, []):
            head = rules.clause_head(tok, readings)
            source, target = rules.participants(tok, head, e["type"], lookups)
            used = {w.token.i for w in source + target}
            where = rules.event_country(tok, head, sent, used, lookups)
            cands = sides.candidates(sent, lookups, source, target, where, tok, e["type"])
            partners = lookups.partners()
            lookups.note_sides(e["type"], source, target)
            xs = [
                sides.features(c, cands, tok, head, e["type"], lookups.ranked, where) for c in cands
            ]
            countries = [c.country for c in cands]
            for side in sides.SIDES:
                gold = e[f"{side}_country"]
                ys = ["1" if c.country == gold else "0" for c in cands]
                out[side].append(
                    SideExample(xs, countries, ys, gold, e["type"], lookups.ranked, partners)
                )
            when, rule_flags = rules.timing(tok, e["type"], head, sent, lookups)
            feats = flags.features(
                tok, head, sent, e["type"], rule_flags, when, lookups.ref, lookups.times
            )
            out["flags"].append((feats, set(e["flags"])))
        lookups.note_subject(sent)
    return out


def tune_side(model: LinearModel, events: list[SideExample]) -> float:
    """The threshold under which the best candidate is no side: the most events right, unknown
    sides included, on held-out articles."""
    best = []
    for e in events:
        p, k = sides.best(model, e.features)
        best.append((p, k is not None and e.labels[k] == "1", e.gold))
    grid = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6]
    right = {
        g: sum((p >= g and ok) or (p < g and gold is None) for p, ok, gold in best) for g in grid
    }
    return max(grid, key=right.get)


def side_accuracy(model: LinearModel, events: list[SideExample]) -> float:
    """The share of annotated sides with a country that the model gets right, as score.py counts
    dyads (an unknown side where the annotation has one is wrong)."""
    right = total = 0
    for e in events:
        if e.gold is None:
            continue
        p, k = sides.best(model, e.features)
        right += k is not None and p >= model.thresholds.get("1", 0.5) and e.labels[k] == "1"
        total += 1
    return right / total if total else 0.0


def told_source(model: LinearModel, sources: list[SideExample], targets: list[SideExample]):
    """The target examples with each candidate told whether it has the country of the source
    `model` picks for the event (the same candidates) and whether it is that very candidate, as
    `sides.choose` tells it."""
    out = []
    for s, t in zip(sources, targets):
        p, k = sides.best(model, s.features)
        first = k if k is not None and p >= model.thresholds.get("1", 0.5) else None
        source = t.countries[first] if first is not None else None
        against = sides.counterparts(source, t.ranked, t.partners)
        feats = [
            sides.with_source(x, c, t.type, source, j == first, against)
            for j, (x, c) in enumerate(zip(t.features, t.countries))
        ]
        out.append(replace(t, features=feats))
    return out


def tune_flag(scored: list[tuple[float, bool]]) -> float:
    """The threshold with the best F-beta (FLAG_BETA) for one flag, given (probability, flagged)
    of events the model was not fit on."""
    grid = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6]
    gold = sum(y for _, y in scored)

    def fbeta(g: float) -> float:
        found = sum(p >= g and y for p, y in scored)
        flagged = sum(p >= g for p, _ in scored)
        b2 = FLAG_BETA**2
        return (1 + b2) * found / (b2 * gold + flagged) if gold + flagged else 0.0

    return max(grid, key=fbeta)


def split_examples(articles: list[tuple[dict, dict, Doc]]) -> tuple[dict, dict, dict]:
    """`event_examples` of the nine tenths fitted, of the tenth held out, and of all."""
    fitting = event_examples([a for a in articles if not _held_out(a[0]["id"])])
    held = event_examples([a for a in articles if _held_out(a[0]["id"])])
    return fitting, held, {k: fitting[k] + held[k] for k in fitting}


def train_flags(fitting: dict, held: dict, everything: dict) -> dict[str, LinearModel]:
    """A model per flag, fit on all; its threshold tuned on out-of-fold probabilities of every
    annotated event (FLAG_FOLDS blocks of articles: a tenth alone gives a noisy threshold), and its
    precision and recall reported on the tenth held out from a fit on the rest; keys are the model
    files' stems (flag_negated, ...)."""
    out = {}
    events = everything["flags"]
    folds = [
        range(k * len(events) // FLAG_FOLDS, (k + 1) * len(events) // FLAG_FOLDS)
        for k in range(FLAG_FOLDS)
    ]
    for flag in flags.FLAGS:
        label = lambda evs, f=flag: ([x for x, _ in evs], ["1" if f in y else "0" for _, y in evs])
        scored = []
        for fold in folds:
            rest = events[: fold.start] + events[fold.stop :]
            model = linear.fit(*label(rest), c=FLAG_C)
            scored += [
                (model.probabilities(x)["1"], flag in y) for x, y in events[fold.start : fold.stop]
            ]
        threshold = tune_flag(scored)
        model = linear.fit(*label(fitting["flags"]), c=FLAG_C)
        said = [(model.probabilities(x)["1"] >= threshold, flag in y) for x, y in held["flags"]]
        found = sum(p and y for p, y in said)
        print(
            f"{flag} threshold {threshold}: held-out precision"
            f" {found / max(1, sum(p for p, _ in said)):.3f},"
            f" recall {found / max(1, sum(y for _, y in said)):.3f}"
        )
        out[f"flag_{flag}"] = replace(
            linear.fit(*label(events), c=FLAG_C), thresholds={"1": threshold}
        )
    return out


def train_sides(fitting: dict, held: dict, everything: dict) -> dict[str, LinearModel]:
    """The source model, then the target model told the source, each ranking an event's
    candidates (`ranking.fit`): fit on nine tenths, threshold tuned on the rest, refit on all; keys
    are the model files' stems (sides_source, ...)."""
    out = {}
    flat = lambda evs: [(e.features, [y == "1" for y in e.labels]) for e in evs]
    source = ranking.fit(flat(fitting["source"]), c=SIDE_C)
    source = replace(source, thresholds={"1": tune_side(source, held["source"])})
    fit_targets = told_source(source, fitting["source"], fitting["target"])
    target = ranking.fit(flat(fit_targets), c=SIDE_C)
    held_targets = told_source(source, held["source"], held["target"])
    target_threshold = tune_side(target, held_targets)
    target = replace(target, thresholds={"1": target_threshold})
    print(
        f"held-out side accuracy: source {side_accuracy(source, held['source']):.4f},"
        f" target {side_accuracy(target, held_targets):.4f}"
    )
    out["sides_source"] = replace(
        ranking.fit(flat(everything["source"]), c=SIDE_C), thresholds=source.thresholds
    )
    all_targets = told_source(out["sides_source"], everything["source"], everything["target"])
    out["sides_target"] = replace(
        ranking.fit(flat(all_targets), c=SIDE_C), thresholds={"1": target_threshold}
    )
    print(f"side thresholds: source {source.thresholds['1']}, target {target_threshold}")
    return out


def _held_out(article_id: str) -> bool:
    return int(hashlib.sha1(article_id.encode()).hexdigest(), 16) % HELD_OUT == 0


def parsed(shared: Path) -> list[tuple[dict, dict, Doc]]:
    """Every annotated article with its annotation and the pipeline's parse, cached in build/."""
    model = nlp.load()
    pairs = list(annotated(shared))
    cache, ids = WORK / "parsed.spacy", WORK / "parsed.json"
    if ids.exists() and json.loads(ids.read_text()) == [a["id"] for a, _ in pairs]:
        docs = list(DocBin().from_disk(cache).get_docs(model.vocab))
    else:
        WORK.mkdir(parents=True, exist_ok=True)
        docs = list(model.pipe((a["text"] for a, _ in pairs), batch_size=16))
        DocBin(docs=docs).to_disk(cache)
        ids.write_text(json.dumps([a["id"] for a, _ in pairs]))
    return [(a, ann, doc) for (a, ann), doc in zip(pairs, docs)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--shared", default=str(ROOT.parent / "shared"), help="the shared folder with corpus/"
    )
    ap.add_argument(
        "--only",
        nargs="+",
        choices=MODELS,
        default=list(MODELS),
        help="the models to rebuild",
    )
    args = ap.parse_args(argv)
    shared = Path(args.shared)
    if not (shared / "corpus").is_dir():
        print(f"make train: {shared}/corpus not found, nothing to train on", file=sys.stderr)
        return 1
    articles = parsed(shared)
    MODEL_DIR.mkdir(exist_ok=True)
    if "triggers" in args.only:
        train_triggers(articles).save(triggers.MODEL)
    if {"sides", "flags"} & set(args.only):
        examples = split_examples(articles)
        models = train_sides(*examples) if "sides" in args.only else {}
        models |= train_flags(*examples) if "flags" in args.only else {}
        for stem, model in models.items():
            model.save(MODEL_DIR / f"{stem}.npz")
    return 0


if __name__ == "__main__":
    sys.exit(main())
