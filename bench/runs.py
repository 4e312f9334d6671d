"""Whole runs as an operator starts them: pathological articles, one worker against two, and what
the client and the publish would cost at a million articles.
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from bench import pathological, synthetic
from pipeline import ingest, store
from pipeline.records import Article

__all__ = ["large_store", "pathological_costs", "scale_out"]

ROOT = Path(__file__).resolve().parent.parent
MILLION = 1_000_000


def _timed(cmd: list[str]) -> tuple[float, float, str]:
    """Seconds, peak RSS (MB, the process alone, sampled) and stderr of one command."""
    t = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    watched, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        try:
            peak = max(peak, watched.memory_info().rss)
        except psutil.NoSuchProcess:
            break
        time.sleep(0.05)
    _, err = proc.communicate()
    return time.perf_counter() - t, peak / 2**20, err


def _jsonl(path: Path, articles: list[Article]) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for a in articles:
            f.write(
                json.dumps(
                    {
                        "id": a.id,
                        "text": a.text,
                        "date": a.date,
                        "title": a.title,
                        "source": a.source,
                        "url": a.url,
                    }
                )
                + "\n"
            )
    return path


def pathological_costs(normal: Article) -> dict:
    """Each pathological article run alone (`pipeline extract`, a fresh process), against a normal
    article run the same way.
    """
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        cases = {"normal": normal, **pathological.articles()}
        for name, article in cases.items():
            src = _jsonl(Path(tmp) / f"{name}.jsonl", [article])
            dst = Path(tmp) / f"{name}.out.jsonl"
            seconds, rss, _ = _timed(
                [sys.executable, "-m", "pipeline", "extract", "-q", str(src), "-o", str(dst)]
            )
            line = json.loads(dst.read_text().splitlines()[0])
            out[name] = {
                "characters": len(article.text),
                "seconds": round(seconds, 2),
                "peak_rss_mb": round(rss),
                "statements": len(line["statements"]),
                "error": line.get("error"),
            }
    for name in pathological.articles():
        out[name]["seconds_ratio_to_normal"] = round(
            out[name]["seconds"] / out["normal"]["seconds"], 2
        )
    return out


def scale_out(articles: list[Article], bare_spacy_seconds: float, coder_seconds: float) -> dict:
    """`pipeline run` on the same articles with one process and with two Dask workers, in one
    run; the client's memory and the plan's size, extrapolated to a million articles.
    """
    with tempfile.TemporaryDirectory() as tmp:
        src = _jsonl(Path(tmp) / "in.jsonl", articles)
        timings = {}
        for workers in (1, 2):
            db = Path(tmp) / f"w{workers}.duckdb"
            cmd = [
                sys.executable,
                "-m",
                "pipeline",
                "run",
                "-q",
                "--input",
                str(src),
                "--db",
                str(db),
                "--workers",
                str(workers),
            ]
            seconds, rss, _ = _timed(cmd)
            timings[workers] = (seconds, rss)
        plan_bytes = len(pickle.dumps(ingest.plan(str(src), 8)))
    one, two = timings[1][0], timings[2][0]
    return {
        "articles": len(articles),
        "one_process_seconds": round(one, 2),
        "two_workers_seconds": round(two, 2),
        "two_workers_speedup": round(one / two, 3),
        "run_ratio_to_bare_spacy": round(bare_spacy_seconds / one, 3),
        "run_ratio_to_bare_spacy_without_event_coder": round(
            bare_spacy_seconds / (one - coder_seconds), 3
        ),
        "client_peak_rss_mb_one_process": round(timings[1][1]),
        "client_peak_rss_mb_two_workers": round(timings[2][1]),
        "client_plan_bytes": plan_bytes,
        "client_rss_mb_at_1m_articles_extrapolated": round(timings[2][1]),
        "note": "the client holds the plan (a byte range per partition, 16 per worker, whatever "
        "the input's size) and one tally per partition (at most 10,000 named items); articles "
        "never pass through it, so its memory does not grow with the input",
    }


def large_store(articles: list[Article], db: Path, events: int = MILLION) -> dict:
    """A store of at least `events` event rows at `db`: the articles run, their parts copied under
    new ids and dates (`bench.synthetic`); publish times of both, extrapolated to a million
    articles.
    """
    src = _jsonl(db.parent / "in.jsonl", articles)
    cmd = [sys.executable, "-m", "pipeline", "run", "-q", "--input", str(src), "--db", str(db)]
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    con = store.connect(db)
    rows = con.execute("SELECT count(*) FROM indicators").fetchone()[0]
    con.close()
    copies = -(-events // max(1, rows))
    t = time.perf_counter()
    store.publish(db)
    small = time.perf_counter() - t
    synthetic.replicate(db, copies)
    t = time.perf_counter()
    store.publish(db)
    large = time.perf_counter() - t
    n, m = len(articles), len(articles) * copies
    per_article = (large - small) / (m - n)
    return {
        "articles": [n, m],
        "event_rows": [rows, rows * copies],
        "publish_seconds": [round(small, 2), round(large, 2)],
        "seconds_per_1000_articles": round(per_article * 1000, 3),
        "publish_seconds_at_1m_articles_extrapolated": round(small + per_article * (MILLION - n)),
    }
