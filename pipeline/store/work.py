"""Where a run writes: Parquet parts of per-article rows, published later as one snapshot.

A store at `db` keeps its work beside it, in `<db>.work/parts/<table>/<part>.parquet`. A part is
written to a temporary name and renamed, and its `articles` file comes last, so a run killed at
any point leaves whole parts only: a part without its articles file is never read. An article
appears in the newest run's part (the first position within a run), so a resumed run and a
repeated one read the same rows as a clean one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.records import Article, Extraction
from pipeline.store.rows import rows
from pipeline.store.schema import ARTICLE_TABLES, SCHEMA

__all__ = [
    "BATCH",
    "NEWEST",
    "WINNERS",
    "Layout",
    "Writer",
    "known",
    "part_files",
    "part_of",
    "write_atomic",
]

BATCH = 64  # articles a part holds: what a killed run loses at most, per worker


@dataclass(frozen=True)
class Layout:
    """The files of one store: the published pointer `db`, its work and its snapshots."""

    db: Path

    @property
    def work(self) -> Path:
        return self.db.parent / f"{self.db.name}.work"

    @property
    def snapshots(self) -> Path:
        return self.db.parent / f"{self.db.name}.snapshots"

    def parts(self, table: str) -> Path:
        return self.work / "parts" / table


def part_files(layout: Layout, table: str) -> list[str]:
    """The complete parts of `table`, by name."""
    folder = layout.parts(table)
    return sorted(str(p) for p in folder.glob("*.parquet")) if folder.is_dir() else []


def part_of(column: str) -> str:
    """SQL for the part name (`<run>-<position>`) of the Parquet file path in `column`."""
    return f"regexp_extract({column}, '([^/]+)\\.parquet$', 1)"


NEWEST = "ORDER BY split_part(part, '-', 1) DESC, part"  # the newest run's part, first position

# The part that holds each article; its one parameter is the list of articles parts.
WINNERS = f"""
    SELECT article_id, first(part {NEWEST}) AS part
    FROM (SELECT article_id, {part_of("filename")} AS part FROM read_parquet(?, filename = true))
    GROUP BY article_id"""


def known(layout: Layout) -> dict[str, tuple[str, str]]:
    """Digest and status of every article the work holds, by article id, from its winning part."""
    files = part_files(layout, "articles")
    if not files:
        return {}
    con = duckdb.connect()
    found = con.execute(
        f"""SELECT article_id, first(content_hash {NEWEST}), first(status {NEWEST})
            FROM (SELECT article_id, content_hash, status, {part_of("filename")} AS part
                  FROM read_parquet(?, filename = true))
            GROUP BY article_id""",
        [files],
    ).fetchall()
    con.close()
    return {aid: (digest, status) for aid, digest, status in found}


def write_atomic(path: Path, table: pa.Table) -> None:
    """Write a Parquet file whole or not at all: under a temporary name, then renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


class Writer:
    """Buffers articles' rows and writes them as parts of `BATCH` articles.

    `run` names the run (newer runs sort later), `position` the writer's place within it (its
    partition), so parts of one run never collide and their order is the input's.
    """

    def __init__(self, layout: Layout, run: str, position: int = 0, batch: int = BATCH) -> None:
        self.layout, self.run, self.position, self.batch = layout, run, position, batch
        self._buffer: dict[str, list[tuple]] = {t: [] for t in ARTICLE_TABLES}
        self._pending = self._written = 0
        self._con = duckdb.connect()
        self._con.execute(SCHEMA)

    def add(self, article: Article, ex: Extraction, status: str) -> int:
        """Buffer one article's rows (writing a part when the batch is full); the rows it holds."""
        n = 0
        for table, found in rows(article, ex, status).items():
            self._buffer[table] += found
            n += len(found)
        self._pending += 1
        if self._pending >= self.batch:
            self.flush()
        return n

    def flush(self) -> None:
        """Write the buffered articles as one part, its articles file last."""
        if not self._pending:
            return
        name = f"{self.run}-{self.position:06d}{self._written:06d}"
        for table in ARTICLE_TABLES:  # "articles" is last
            if self._buffer[table]:
                self._write(table, name)
        self._buffer = {t: [] for t in ARTICLE_TABLES}
        self._pending, self._written = 0, self._written + 1

    def close(self) -> None:
        self.flush()
        self._con.close()

    def _write(self, table: str, name: str) -> None:
        batch = self._buffer[table]
        arrays = [pa.array(col) for col in zip(*batch)]
        self._con.register(
            "_batch", pa.Table.from_arrays(arrays, [f"c{i}" for i in range(len(arrays))])
        )
        self._con.execute(f"INSERT INTO {table} SELECT * FROM _batch")
        self._con.unregister("_batch")
        written = self._con.sql(f"SELECT * FROM {table}").to_arrow_table()
        write_atomic(self.layout.parts(table) / f"{name}.parquet", written)
        self._con.execute(f"DELETE FROM {table}")
