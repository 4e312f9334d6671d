"""`python -m bench`: speed and memory of every stage as ratios to a baseline in the same run, as
JSON.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import resource
import tempfile
import time
from pathlib import Path

from pipeline import actors, context, extract, indicators, ingest, nlp, places, statements, store
from pipeline.records import Article

SAMPLE = "data/samples/seed.jsonl"


def source(shared: Path) -> str:
    """The shared corpus when present, else the sample data."""
    path = shared / "corpus" / "allsides_intl.jsonl.gz"
    return str(path) if path.exists() else SAMPLE


def corpus(src: str, n: int) -> list[Article]:
    """The first `n` readable articles of `src`."""
    return [a for a in itertools.islice(ingest.read(src), n) if isinstance(a, Article)]


def ingest_rate(src: str, n: int) -> dict:
    """Articles per second through `ingest.read` (checks, language, dates) against bare
    `json.loads`.
    """
    opener = gzip.open if src.endswith(".gz") else open
    t = time.perf_counter()
    with opener(src, "rt", encoding="utf-8") as f:
        _ = [
            json.loads(line) for line in itertools.islice(f, n)
        ]  # the baseline: bare JSON decoding
    bare_s = time.perf_counter() - t
    t = time.perf_counter()
    read = list(itertools.islice(ingest.read(src), n))
    ingest_s = time.perf_counter() - t
    return {
        "articles": len(read),
        "bare_json_seconds": round(bare_s, 3),
        "ingest_seconds": round(ingest_s, 3),
        "articles_per_second": round(len(read) / ingest_s),
        "ratio_to_bare_json": round(ingest_s / bare_s, 2),
    }


def stage_times(articles: list[Article]) -> tuple[dict, list]:
    """Seconds for bare `nlp.pipe`, then each extraction stage on the same parsed docs; also the
    extractions.
    """
    model = nlp.load()
    list(model.pipe(a.text for a in articles[:10]))
    t0 = time.perf_counter()
    docs = list(model.pipe((a.text for a in articles), batch_size=extract.BATCH_SIZE))
    spacy_s = time.perf_counter() - t0
    secs = dict.fromkeys(("places", "actors", "statements", "indicators"), 0.0)
    for a, doc in zip(articles, docs):
        t = time.perf_counter()
        ctx = context.build(doc, a.date)
        ps = places.find_places(ctx)
        secs["places"] += (t2 := time.perf_counter()) - t
        acts = actors.find_actors(ctx, ps)
        secs["actors"] += (t3 := time.perf_counter()) - t2
        sts = statements.find_statements(ctx, acts, ps)
        secs["statements"] += (t4 := time.perf_counter()) - t3
        indicators.find_indicators(ctx, acts, ps, sts)
        secs["indicators"] += time.perf_counter() - t4
    t0 = time.perf_counter()
    extractions = list(extract.extract(articles))
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
        "event_coder_ratio_to_bare_spacy": round(secs["indicators"] / spacy_s, 4),
        "with_statements_ratio_to_bare_spacy": round(spacy_s / (spacy_s + secs["statements"]), 4),
    }, extractions


def store_and_app(articles: list[Article], extractions: list, extract_s: float) -> dict:
    """Writing the extractions to a fresh DuckDB file, then the dashboard's first run on it
    (AppTest).
    """
    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        t = time.perf_counter()
        rows = store.write(db, zip(articles, extractions))
        write_s = time.perf_counter() - t
        os.environ["FAULTLINE_DB"] = str(db)
        t = time.perf_counter()
        app = AppTest.from_file(
            str(Path(__file__).resolve().parent.parent / "streamlit_app.py"), default_timeout=300
        ).run()
        app_s = time.perf_counter() - t
        return {
            "rows": rows,
            "store_bytes": db.resolve().stat().st_size,
            "write_and_publish_seconds": round(write_s, 3),
            "rows_per_second": round(rows / write_s),
            "write_ratio_to_extract": round(write_s / extract_s, 4),
            "app_first_run_seconds": round(app_s, 3),
            "app_exceptions": len(app.exception),
        }


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--shared", default="../shared", type=Path)
    p.add_argument("--articles", type=int, default=300)
    p.add_argument("--out", default="build/bench.json", type=Path)
    args = p.parse_args()
    from bench import dashboard, geo, runs

    src = source(args.shared)
    articles = corpus(src, args.articles)
    report = {"source": src, "ingest": ingest_rate(src, 2000)}
    report["geo"] = geo.measure([a.text for a in articles[:100]])
    report["pipeline"], extractions = stage_times(articles)
    report["store"] = store_and_app(
        articles, extractions, report["pipeline"]["full_extract_seconds"]
    )
    spacy_s, secs = report["pipeline"]["spacy_seconds"], report["pipeline"]["stage_seconds"]
    report["runs"] = runs.scale_out(articles, spacy_s, secs["indicators"])
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "large.duckdb"
        report["publish"] = runs.large_store(articles, big)
        report["dashboard"] = dashboard.measure(big)
    report["pathological"] = runs.pathological_costs(articles[0])
    report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
