"""`python -m bench`: time the pipeline's stages against bare spaCy on the same articles, write JSON."""
from __future__ import annotations

import argparse
import itertools
import json
import resource
import time
from pathlib import Path

from pipeline import actors, extract, indicators, ingest, nlp, places, statements
from pipeline.records import Article


def corpus(shared: Path, n: int) -> list[Article]:
    """The first `n` articles of the shared corpus, or the sample data when it is absent."""
    path = shared / "corpus" / "allsides_intl.jsonl.gz"
    source = str(path) if path.exists() else "data/samples/seed.jsonl"
    return [a for a in itertools.islice(ingest.read(source), n) if isinstance(a, Article)]


def stage_times(articles: list[Article]) -> dict:
    """Seconds for bare `nlp.pipe`, then each extraction stage on the same parsed docs."""
    model = nlp.load()
    t0 = time.perf_counter()
    docs = list(model.pipe(a.text for a in articles))
    spacy_s = time.perf_counter() - t0
    secs = dict.fromkeys(("places", "actors", "statements", "indicators"), 0.0)
    for a, doc in zip(articles, docs):
        t = time.perf_counter()
        ps = places.find_places(doc)
        secs["places"] += (t2 := time.perf_counter()) - t
        acts = actors.find_actors(doc, ps)
        secs["actors"] += (t3 := time.perf_counter()) - t2
        sts = statements.find_statements(doc, acts, ps)
        secs["statements"] += (t4 := time.perf_counter()) - t3
        indicators.find_indicators(doc, a.date, acts, ps, sts)
        secs["indicators"] += time.perf_counter() - t4
    t0 = time.perf_counter()
    for _ in extract.extract(articles):
        pass
    full_s = time.perf_counter() - t0
    words = sum(len(d) for d in docs)
    return {
        "articles": len(articles),
        "tokens": words,
        "spacy_seconds": round(spacy_s, 3),
        "spacy_tokens_per_second": round(words / spacy_s),
        "stage_seconds": {k: round(v, 3) for k, v in secs.items()},
        "stage_ratio_to_spacy": {k: round(v / spacy_s, 4) for k, v in secs.items()},
        "full_extract_seconds": round(full_s, 3),
        "throughput_ratio_to_bare_spacy": round(spacy_s / full_s, 4),
        "with_statements_ratio_to_bare_spacy": round(spacy_s / (spacy_s + secs["statements"]), 4),
    }


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--shared", default="../shared", type=Path)
    p.add_argument("--articles", type=int, default=300)
    p.add_argument("--out", default="build/bench.json", type=Path)
    args = p.parse_args()
    from bench import geo

    report = {"geo": geo.measure()}
    report["pipeline"] = stage_times(corpus(args.shared, args.articles))
    report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
