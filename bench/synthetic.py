"""A store of a million event rows for the dashboard's benchmarks: the parts of a real run copied
under new article ids, event ids and dates, then published like any run.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from pipeline import store

__all__ = ["replicate"]

DATED = {"articles", "indicators"}  # tables whose `date` a copy shifts


def replicate(db: Path, copies: int, shift_days: int = 7) -> int:
    """Add `copies - 1` copies of every part of the work at `db`, the k-th with ids suffixed `#k`
    and dates `k * shift_days` later; the number of parts written.
    """
    layout, con, written = store.Layout(db), duckdb.connect(), 0
    for table in store.ARTICLE_TABLES:
        for path in sorted(layout.parts(table).glob("*.parquet")):
            run, position = path.stem.split("-")
            con.register("part", pq.read_table(path))
            for k in range(1, copies):
                changes = [f"article_id || '#{k}' AS article_id"]
                if table in DATED:
                    changes.append(f"date + {k * shift_days} AS date")
                if table == "indicators":
                    changes.append(f"event_id || '#{k}' AS event_id")
                copy = con.sql(
                    f"SELECT * REPLACE ({', '.join(changes)}) FROM part"
                ).to_arrow_table()
                pq.write_table(copy, path.with_name(f"{run}-{k:06d}{position[6:]}.parquet"))
                written += 1
            con.unregister("part")
    con.close()
    return written
