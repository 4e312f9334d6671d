"""Downloads that are safe to open and say where they came from: CSV and Parquet with provenance.

A CSV cell starting with `= + - @`, a tab or a carriage return gets a leading single quote, as
OWASP's CSV-injection guidance asks, so a spreadsheet shows it as text instead of running it as a
formula (numbers stay numbers: only text cells are touched). Every file cites the store version and
the view that produced it: a CSV on its first line, a comment starting with `#`; a Parquet file in
its schema metadata under the key `faultline` (JSON).
"""

from __future__ import annotations

import io
import json
from urllib.parse import quote, urlencode

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

__all__ = ["FORMULA_START", "METADATA_KEY", "csv_bytes", "neutralised", "parquet_bytes"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
METADATA_KEY = b"faultline"


def neutralised(df: pd.DataFrame) -> pd.DataFrame:
    """`df` with every text cell a spreadsheet would read as a formula prefixed by a quote."""
    out = df.copy()
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].map(_safe)
    return out


def _safe(value):
    """One cell, quoted when it starts like a formula."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def _provenance(df: pd.DataFrame, store: str, view: dict[str, str]) -> dict:
    """What an export says about itself: the store version, the view's parameters, its rows."""
    return {"store": store, "view": dict(view), "rows": len(df)}


def csv_bytes(df: pd.DataFrame, store: str, view: dict[str, str]) -> bytes:
    """`df` as neutralised CSV, after one comment line citing the store version and the view.

    The comment line holds no comma (the view is URL-encoded): a spreadsheet keeps it in one cell.
    """
    query = urlencode(view)
    head = (
        f"# Faultline export · store {quote(store, safe='@:')} · view ?{query} · {len(df)} rows\n"
    )
    return (head + neutralised(df).to_csv(index=False)).encode("utf-8")


def parquet_bytes(df: pd.DataFrame, store: str, view: dict[str, str]) -> bytes:
    """`df` as Parquet, with the store version and the view as JSON in the schema metadata."""
    table = pa.Table.from_pandas(df, preserve_index=False)
    meta = {**(table.schema.metadata or {}), METADATA_KEY: json.dumps(_provenance(df, store, view))}
    buf = io.BytesIO()
    pq.write_table(table.replace_schema_metadata(meta), buf)
    return buf.getvalue()
