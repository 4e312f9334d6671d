"""The CLI and the store end to end, on the real model, gazetteer and DuckDB file."""

from __future__ import annotations

import json
import os

import duckdb
import pytest
from conftest import SEED

from pipeline import distributed, extract, store
from pipeline.cli import main, parser
from pipeline.records import Article

FORMAT_KEYS = {"id", "date", "places", "actors", "statements", "indicators"}


def test_extract_writes_the_format(tmp_path):
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(SEED), "-o", str(out), "-q"]) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["seed-000"]
    assert rows[0].keys() >= FORMAT_KEYS
    assert rows[0]["date"] == "2021-12-02"
    text = json.loads(SEED.read_text())["text"]
    for p in rows[0]["places"]:
        assert text[p["start"] : p["end"]] == p["text"]
        assert p["role"] in ("literal", "metonymic")


def test_run_is_idempotent_and_rows_lead_to_sentences(seed_store, tmp_path):
    con = duckdb.connect(str(seed_store), read_only=True)
    before = store.counts(con)
    assert before["articles"] == 1 and before["places"] > 0
    bad = con.execute(
        "SELECT count(*) FROM places WHERE sentence IS NULL OR position(text IN sentence) = 0"
    ).fetchone()[0]
    assert bad == 0
    con.close()
    assert main(["run", "--input", str(SEED), "--db", str(seed_store), "-q"]) == 0
    con = duckdb.connect(str(seed_store), read_only=True)
    assert store.counts(con) == before
    con.close()


def test_export_parquet(seed_store, tmp_path):
    out = tmp_path / "analyst's; DROP TABLE places; 'export"  # a path is never SQL
    assert main(["export", "--format", "parquet", str(out), "--db", str(seed_store)]) == 0
    con = duckdb.connect(str(seed_store), read_only=True)
    for table, n in store.counts(con).items():
        path = out / f"{table}.parquet"
        if table in store.SCOPES:  # rowids of this snapshot: no use outside it
            assert not path.exists(), table
            continue
        got = duckdb.connect().execute("SELECT count(*) FROM read_parquet(?)", [str(path)])
        assert got.fetchone()[0] == n, table


def test_bad_input_is_reported_and_the_rest_goes_on(tmp_path, capsys):
    src = tmp_path / "bad.jsonl"
    good = {
        "id": "ok-1",
        "text": "Poland closed its border with Belarus on Monday.",
        "date": "2021-11-08",
    }
    src.write_text(
        "{broken json\n" + json.dumps({"id": "no-text"}) + "\n" + json.dumps(good) + "\n"
    )
    db = tmp_path / "s.duckdb"
    assert main(["run", "--input", str(src), "--db", str(db), "-q"]) == 0
    err = capsys.readouterr().err
    assert "bad.jsonl:1" in err and "no-text" in err
    assert "articles processed: 1" in err
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT article_id, status FROM articles ORDER BY 1").fetchall() == [
        ("bad.jsonl:1", "skipped"),
        ("no-text", "skipped"),
        ("ok-1", "ok"),
    ]


def test_extract_keeps_a_line_for_an_unreadable_article(tmp_path):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    rows = [
        {"id": "bin", "text": "\x00\x01\x02 junk"},
        {"id": "ok", "text": "Talks resumed in Vienna."},
    ]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    assert main(["extract", str(src), "-o", str(out), "-q"]) == 0
    got = [json.loads(line) for line in out.read_text().splitlines()]
    assert [g["id"] for g in got] == ["bin", "ok"]
    assert "binary" in got[0]["error"] and got[0]["places"] == []
    assert "error" not in got[1]


def test_help_documents_the_commands(capsys):
    for cmd in ("extract", "run", "export"):
        with pytest.raises(SystemExit):
            parser().parse_args([cmd, "--help"])
        assert "usage: python -m pipeline " + cmd in capsys.readouterr().out


def test_dask_workers_give_the_same_extraction(tmp_path):
    single, spread = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["extract", str(SEED), "-o", str(single), "-q"]) == 0
    assert main(["extract", str(SEED), "-o", str(spread), "-q", "--workers", "2"]) == 0
    assert json.loads(spread.read_text()) == json.loads(single.read_text())


def _worker_environ() -> dict[str, str | None]:
    keys = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "MALLOC_TRIM_THRESHOLD_")
    return {k: os.environ.get(k) for k in keys}


def _worker_profiles() -> bool:
    import dask

    return dask.config.get("distributed.worker.profile.enabled")


def test_local_workers_run_one_thread_each_on_glibc_default_malloc_unprofiled():
    with distributed._client(None, 1) as client:
        (found,) = client.run(_worker_environ).values()
        (profiles,) = client.run(_worker_profiles).values()
    assert found == {
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "MALLOC_TRIM_THRESHOLD_": os.environ.get("MALLOC_TRIM_THRESHOLD_"),  # the operator's own
    }
    assert profiles is False


def test_a_long_text_parsed_in_pieces_keeps_its_offsets_and_its_place(monkeypatch):
    """Its pieces parse on two processes here (pytest's main thread), in order."""
    monkeypatch.setattr(extract, "LONG_TEXT", 200)
    monkeypatch.setattr(extract, "PIECE_CHARS", 100)
    towns = ("Warsaw", "Kyiv", "Berlin", "Vienna", "Madrid")
    text = "\n\n".join(f"Ministers met in {t} on Monday. Talks went on for hours." for t in towns)
    assert len(extract._pieces(text)) > 2 and "".join(extract._pieces(text)) == text
    short = [Article(f"short{i}", f"Ministers met in {t}.") for i, t in enumerate(("Oslo", "Rome"))]
    first, ex, last = extract.extract(
        [short[0], Article("long", text, date="2022-02-20"), short[1]]
    )
    assert [p.text for p in first.places + last.places] == ["Oslo", "Rome"]  # in input order
    assert ex.error is None
    assert [p.text for p in ex.places] == list(towns)
    assert all(text[p.start : p.end] == p.text for p in ex.places)
    assert [text[a:b] for a, b in ex.sentences][-1] == "Talks went on for hours."


def test_fresh_store_has_the_registry_and_exports_it(tmp_path):
    con = store.connect(tmp_path / "fresh.duckdb")
    assert con.execute("SELECT count(*) FROM actor_registry").fetchone()[0] == 0
    written = {p.name for p in store.export_parquet(con, tmp_path / "out")}
    con.close()
    assert "actor_registry.parquet" in written


def test_store_keeps_how_a_quantity_is_hedged(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps(
            {
                "id": "vague",
                "date": "2022-02-20",
                "text": "Russia has massed tens of thousands of troops near the Ukrainian border, officials said.",
            }
        )
        + "\n"
    )
    db = tmp_path / "f.duckdb"
    assert main(["run", "--input", str(src), "--db", str(db), "-q"]) == 0
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "SELECT quantity_value, quantity_approx FROM indicators WHERE type = 'MOBILIZE'"
    ).fetchall()
    assert rows == [(None, "vague: tens of thousands")]
