"""The embedded store: per-article rows written as Parquet parts, published as immutable DuckDB
snapshots that the dashboard reads while the pipeline writes the next.

`Writer` writes a run's rows, `known` says which articles (by content digest) need no second
extraction, `publish` builds a snapshot and points the store's path at it, `connect` opens the
published snapshot read-only, `export_parquet` writes its tables as Parquet; `write` stores
extractions and publishes in one call.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from pipeline.records import Article, Extraction
from pipeline.store.publish import checksums, derive, publish, version
from pipeline.store.rows import digest
from pipeline.store.schema import ARTICLE_TABLES, ORDER, SCHEMA, SCOPES, STATUSES, TABLES
from pipeline.store.work import BATCH, Layout, Writer, known

__all__ = [
    "ARTICLE_TABLES",
    "BATCH",
    "DEFAULT_DB",
    "SCHEMA",
    "SCOPES",
    "STATUSES",
    "TABLES",
    "Layout",
    "Writer",
    "checksums",
    "connect",
    "counts",
    "derive",
    "digest",
    "export_parquet",
    "known",
    "publish",
    "version",
    "write",
]

DEFAULT_DB = Path("data/faultline.duckdb")


def connect(db: str | Path = DEFAULT_DB) -> duckdb.DuckDBPyConnection:
    """The published snapshot at `db`, read-only (publishing first if nothing is published yet)."""
    if not Path(db).exists():
        publish(db)
    return duckdb.connect(str(Path(db).resolve()), read_only=True)


def write(db: str | Path, items: Iterable[tuple[Article, Extraction]]) -> int:
    """Store extracted articles as one run and publish; the rows written."""
    writer, n = Writer(Layout(Path(db)), f"{time.time_ns():020d}"), 0
    for article, ex in items:
        n += writer.add(article, ex, "failed" if ex.error else "ok")
    writer.close()
    publish(db)
    return n


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per table, for run summaries and tests."""
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def export_parquet(con: duckdb.DuckDBPyConnection, directory: str | Path) -> list[Path]:
    """Write every table as DIR/<table>.parquet, rows in the store's order; no path enters SQL.
    The scope tables are left out: their `row` points into this snapshot alone."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    written, cur = [], con.cursor()
    for table in (t for t in TABLES if t not in SCOPES):
        path = out / f"{table}.parquet"
        rows = cur.sql(f"SELECT * FROM {table} ORDER BY {ORDER[table]}").to_arrow_table()
        pq.write_table(rows, path)
        written.append(path)
    cur.close()
    return written
