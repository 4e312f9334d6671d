"""The store's promises, for real: every item answered, reruns and killed runs equal a clean run,
ids independent of reading order, a dashboard serving through publishes, real Dask processes.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from pipeline import store
from pipeline.cli import main

SENTENCES = ROOT / "tests" / "data" / "indicators_eval.jsonl"
GOOD = 40  # articles of the input: enough for several parts, few enough for a fast suite
BAD = [  # items that are no article, at fixed lines so every input below numbers them alike
    "{broken json",
    json.dumps({"id": "no-text", "text": ""}),
    json.dumps({"id": "twice", "text": "Talks resumed in Vienna on Monday.", "date": "2022-01-10"}),
    json.dumps({"id": "twice", "text": "A second text under the same id."}),
    json.dumps({"id": "far-future", "text": "Troops left Kabul.", "date": "9999-01-01"}),
    json.dumps({"id": "bad-\ud800", "text": "Talks on Kosovo resumed in Brussels on Monday."}),
]


def _articles() -> list[str]:
    lines = SENTENCES.read_text(encoding="utf-8").splitlines()[:GOOD]
    return [
        json.dumps({k: v for k, v in json.loads(x).items() if k != "indicators"}) for x in lines
    ]


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(BAD + lines) + "\n", encoding="utf-8", errors="surrogatepass")
    return path


def _sums(db: Path) -> dict[str, str]:
    con = store.connect(db)
    try:
        return store.checksums(con)
    finally:
        con.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return _write(tmp_path_factory.mktemp("in") / "articles.jsonl", _articles())


@pytest.fixture(scope="module")
def clean(corpus, tmp_path_factory) -> Path:
    """A store made by one uninterrupted run."""
    db = tmp_path_factory.mktemp("clean") / "clean.duckdb"
    assert main(["run", "--input", str(corpus), "--db", str(db), "-q", "--batch", "8"]) == 0
    return db


def test_every_item_is_answered_with_a_row(clean):
    con = store.connect(clean)
    rows = dict(con.execute("SELECT article_id, status FROM articles").fetchall())
    con.close()
    assert sum(s == "ok" for s in rows.values()) == GOOD + 3  # twice, far-future, bad-\ufffd
    assert rows["articles.jsonl:1"] == rows["no-text"] == rows["articles.jsonl:4"] == "skipped"
    assert rows["twice"] == rows["far-future"] == rows["bad-\ufffd"] == "ok"


def test_summary_separates_skipped_from_failed_with_reasons(corpus, tmp_path, capsys):
    assert main(["extract", str(corpus), "-o", str(tmp_path / "out.jsonl"), "-q"]) == 0
    err = capsys.readouterr().err
    assert f"articles processed: {GOOD + 3}" in err and "articles failed: 0" in err
    assert "items skipped: 3" in err and "page furniture removed: " in err
    for reason in ("invalid JSON", "missing text", "duplicate id"):
        assert f"1  {reason}" in err
    lines = (tmp_path / "out.jsonl").read_text().splitlines()
    assert len(lines) == GOOD + len(BAD)
    assert json.loads(lines[0])["error"].startswith("skipped: invalid JSON")


def test_rerun_extracts_nothing_and_changes_nothing(corpus, clean, tmp_path, capsys):
    db = tmp_path / "again.duckdb"
    assert main(["run", "--input", str(corpus), "--db", str(db), "-q", "--batch", "8"]) == 0
    first = store.version(db)
    capsys.readouterr()
    assert main(["run", "--input", str(corpus), "--db", str(db), "-q"]) == 0
    assert f"articles unchanged (already stored): {GOOD + 6}" in capsys.readouterr().err
    assert store.version(db) == first
    assert _sums(db) == _sums(clean)


def test_reading_order_does_not_change_the_store(clean, tmp_path):
    reverse = _write(tmp_path / "articles.jsonl", _articles()[::-1])
    db = tmp_path / "reversed.duckdb"
    assert main(["run", "--input", str(reverse), "--db", str(db), "-q", "--batch", "5"]) == 0
    assert _sums(db) == _sums(clean)


def test_killed_run_resumed_equals_a_clean_run(corpus, clean, tmp_path):
    db = tmp_path / "killed.duckdb"
    cmd = [sys.executable, "-m", "pipeline", "run", "--input", str(corpus), "--db", str(db)]
    proc = subprocess.Popen([*cmd, "-q", "--batch", "2"], cwd=ROOT, stderr=subprocess.DEVNULL)
    parts = store.Layout(db).parts("articles")
    while proc.poll() is None and len(list(parts.glob("*.parquet"))) < 3:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not db.exists(), "the run ended before it could be killed"
    assert main(["run", "--input", str(corpus), "--db", str(db), "-q"]) == 0
    assert _sums(db) == _sums(clean)


def _count_line(at: AppTest) -> str:
    return next(c.value for c in at.caption if "article" in c.value)


def test_dashboard_serves_through_two_publishes(corpus, tmp_path, monkeypatch):
    db = tmp_path / "served.duckdb"
    few = _write(tmp_path / "few.jsonl", _articles()[:10])
    assert main(["run", "--input", str(few), "--db", str(db), "-q"]) == 0
    monkeypatch.setenv("FAULTLINE_DB", str(db))
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    seen = [_count_line(at)]
    more = tmp_path / "more.jsonl"
    more.write_text(
        json.dumps({"id": "late", "text": "Poland closed its border with Belarus on Monday."})
        + "\n"
    )
    for source in (corpus, more):
        assert main(["run", "--input", str(source), "--db", str(db), "-q"]) == 0
        at.run()
        assert not at.exception and not at.error, (at.exception, at.error)
        seen.append(_count_line(at))
    counts = [int(s.split(" article")[0].replace(",", "")) for s in seen]
    assert counts == [13, GOOD + 3, GOOD + 4], seen


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_dask_scheduler_and_worker_processes_give_the_same_store(corpus, clean, tmp_path):
    """The README's recipe: `dask scheduler` and `dask worker` from the venv, no PYTHONPATH."""
    dask = shutil.which("dask", path=str(Path(sys.executable).parent))
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env, "cwd": "/"}
    scheduler = subprocess.Popen(
        [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"], **quiet
    )
    workers = [
        subprocess.Popen(
            [dask, "worker", address, "--nthreads", "1", "--no-dashboard"],
            **quiet,
        )
        for _ in range(2)
    ]
    try:
        db = tmp_path / "cluster.duckdb"
        assert (
            main(["run", "--input", str(corpus), "--db", str(db), "-q", "--scheduler", address])
            == 0
        )
        assert _sums(db) == _sums(clean)
    finally:
        for proc in [*workers, scheduler]:
            proc.terminate()
        for proc in [*workers, scheduler]:
            proc.wait(timeout=30)
