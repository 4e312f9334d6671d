"""Whole runs as an operator starts them: pathological articles, one worker against two, and what
the client and the publish would cost at a million articles.

A run is a fresh process, so its baseline is one too: bare spaCy is timed as a process that
imports spaCy, loads the model and parses the same articles at the same batch size. Both then pay
the interpreter's start and the model's load, and the run's own start-up (its imports, lexicon,
gazetteer, coder models) and its publish stay in its time. The event coder's stage time, which
includes loading its models, is the cost taken out for the ratio "without the event coder".
Every time is also given in CPU seconds of the process and its children: on a machine shared with
other work, wall seconds measure the neighbours too.
"""

from __future__ import annotations

import json
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from bench import pathological, synthetic
from pipeline import extract, ingest, nlp, store
from pipeline.records import Article

__all__ = ["large_store", "pathological_costs", "scale_out"]

ROOT = Path(__file__).resolve().parent.parent
MILLION = 1_000_000


_BARE_SPACY = """
import json, sys
import spacy
nlp = spacy.load(sys.argv[1])
texts = (json.loads(line)["text"] for line in open(sys.argv[2], encoding="utf-8"))
for _ in nlp.pipe(texts, batch_size=int(sys.argv[3])):
    pass
"""  # bare spaCy as a process of its own, the baseline of `pipeline run`


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(cmd: list[str]) -> tuple[float, float, str, float]:
    """Seconds, peak RSS (MB, the process alone, sampled), stderr and CPU seconds (the process and
    its children, Dask workers too) of one command.
    """
    cpu, t = _cpu_children(), time.perf_counter()
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
    return time.perf_counter() - t, peak / 2**20, err, _cpu_children() - cpu


def _timed_together(cmds: list[list[str]]) -> tuple[float, float]:
    """Seconds until the last of `cmds`, started together, ends, and their CPU seconds."""
    cpu, t = _cpu_children(), time.perf_counter()
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    procs = [subprocess.Popen(c, cwd=ROOT, **quiet) for c in cmds]
    for proc in procs:
        proc.wait()
    return time.perf_counter() - t, _cpu_children() - cpu


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
            seconds, rss, _, cpu = _timed(
                [sys.executable, "-m", "pipeline", "extract", "-q", str(src), "-o", str(dst)]
            )
            line = json.loads(dst.read_text().splitlines()[0])
            out[name] = {
                "characters": len(article.text),
                "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu, 2),
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
    """`pipeline run` on the same articles with one process and with two Dask workers, against
    bare spaCy as a process, in one run; the client's memory and the plan's size, extrapolated to
    a million articles; the machine's own ceiling, two independent `pipeline extract` processes
    on the halves. `bare_spacy_seconds` is spaCy's parse alone in a warm process, to show the
    fixed start-up both processes pay.
    """
    with tempfile.TemporaryDirectory() as tmp:
        src = _jsonl(Path(tmp) / "in.jsonl", articles)
        bare = _timed(
            [sys.executable, "-c", _BARE_SPACY, nlp.MODEL, str(src), str(extract.BATCH_SIZE)]
        )
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
            timings[workers] = _timed(cmd)
        plan_bytes = len(pickle.dumps(ingest.plan(str(src), 8)))
        ceiling = _independent_halves(articles, Path(tmp))
    one, two = timings[1][0], timings[2][0]
    one_cpu, two_cpu = timings[1][3], timings[2][3]
    return {
        "articles": len(articles),
        "bare_spacy_process_seconds": round(bare[0], 2),
        "bare_spacy_warm_seconds": round(bare_spacy_seconds, 2),
        "one_process_seconds": round(one, 2),
        "two_workers_seconds": round(two, 2),
        "two_workers_speedup": round(one / two, 3),
        "run_ratio_to_bare_spacy": round(bare[0] / one, 3),
        "run_ratio_to_bare_spacy_without_event_coder": round(bare[0] / (one - coder_seconds), 3),
        "bare_spacy_process_cpu_seconds": round(bare[3], 2),
        "one_process_cpu_seconds": round(one_cpu, 2),
        "two_workers_cpu_seconds": round(two_cpu, 2),
        "run_cpu_ratio_to_bare_spacy": round(bare[3] / one_cpu, 3),
        "two_workers_cpu_overhead": round(two_cpu / one_cpu, 3),
        **ceiling,
        "client_peak_rss_mb_one_process": round(timings[1][1]),
        "client_peak_rss_mb_two_workers": round(timings[2][1]),
        "client_plan_bytes": plan_bytes,
        "client_rss_mb_at_1m_articles_extrapolated": round(timings[2][1]),
        "note": "the client holds the plan (a byte range per partition, 16 per worker, whatever "
        "the input's size) and one tally per partition (at most 10,000 named items); articles "
        "never pass through it, so its memory does not grow with the input; "
        "two_workers_cpu_overhead is the CPU two workers spend per CPU second of one process: "
        "on two cores the speedup is at most 2 over it; independent_halves_speedup is the "
        "machine's own ceiling: two `pipeline extract` processes on the two halves at once "
        "against one on all, no Dask in between",
    }


def _independent_halves(articles: list[Article], tmp: Path) -> dict:
    """One `pipeline extract` process on all `articles` against two at once on their halves."""
    half = len(articles) // 2
    parts = [articles, articles[:half], articles[half:]]
    cmds = [
        [
            sys.executable,
            *("-m", "pipeline", "extract", "-q"),
            str(_jsonl(tmp / f"half{i}.jsonl", part)),
            *("-o", str(tmp / f"half{i}.out.jsonl")),
        ]
        for i, part in enumerate(parts)
    ]
    one, one_cpu = _timed_together(cmds[:1])
    two, two_cpu = _timed_together(cmds[1:])
    return {
        "one_extract_process_seconds": round(one, 2),
        "two_extract_processes_seconds": round(two, 2),
        "independent_halves_speedup": round(one / two, 3),
        "independent_halves_cpu_overhead": round(two_cpu / one_cpu, 3),
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
