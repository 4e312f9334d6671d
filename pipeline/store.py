"""The embedded store: one DuckDB file, one table per record kind, every row tied to its sentence.

Writing an article replaces whatever the store held for its id, so re-running the same input adds
no rows. `export` writes every table as Parquet.
"""

from __future__ import annotations

import bisect
from pathlib import Path

import duckdb
import pyarrow as pa
import shapely

from pipeline import registry
from pipeline.records import Article, Extraction, Place, Span

__all__ = [
    "ARTICLE_TABLES",
    "DEFAULT_DB",
    "SCHEMA",
    "TABLES",
    "connect",
    "counts",
    "export_parquet",
    "write",
]

DEFAULT_DB = Path("data/faultline.duckdb")

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    article_id VARCHAR PRIMARY KEY, title VARCHAR, date DATE, source VARCHAR, url VARCHAR,
    text VARCHAR, error VARCHAR);
CREATE TABLE IF NOT EXISTS places (
    article_id VARCHAR, start INTEGER, "end" INTEGER, text VARCHAR, name VARCHAR, kind VARCHAR,
    lat DOUBLE, lon DOUBLE, country_codes VARCHAR[], geonameid BIGINT, place_id VARCHAR,
    role VARCHAR, label VARCHAR, sentence_start INTEGER, sentence_end INTEGER, sentence VARCHAR);
CREATE TABLE IF NOT EXISTS actors (
    article_id VARCHAR, actor_id VARCHAR, name VARCHAR, type VARCHAR, country VARCHAR,
    role VARCHAR, n_mentions INTEGER);
CREATE TABLE IF NOT EXISTS actor_mentions (
    article_id VARCHAR, actor_id VARCHAR, start INTEGER, "end" INTEGER,
    sentence_start INTEGER, sentence_end INTEGER, sentence VARCHAR);
CREATE TABLE IF NOT EXISTS statements (
    article_id VARCHAR, idx INTEGER, speaker VARCHAR, speaker_actor_id VARCHAR,
    speaker_start INTEGER, speaker_end INTEGER, cue VARCHAR, content VARCHAR,
    content_start INTEGER, content_end INTEGER, direct BOOLEAN, place_ids VARCHAR[],
    sentence_start INTEGER, sentence_end INTEGER, sentence VARCHAR);
CREATE TABLE IF NOT EXISTS indicators (
    article_id VARCHAR, idx INTEGER, type VARCHAR, start INTEGER, "end" INTEGER,
    source_actor_id VARCHAR, target_actor_id VARCHAR, source_country VARCHAR,
    target_country VARCHAR, place_id VARCHAR, quantity_value DOUBLE, quantity_unit VARCHAR,
    date DATE, mode VARCHAR, contexts VARCHAR[], flags VARCHAR[], event_id VARCHAR, cue VARCHAR,
    sentence_start INTEGER, sentence_end INTEGER, sentence VARCHAR, quantity_approx VARCHAR);
ALTER TABLE indicators ADD COLUMN IF NOT EXISTS quantity_approx VARCHAR;
CREATE TABLE IF NOT EXISTS shapes (
    place_id VARCHAR PRIMARY KEY, name VARCHAR, kind VARCHAR, country_codes VARCHAR[],
    label VARCHAR, geojson VARCHAR);
CREATE TABLE IF NOT EXISTS basemap (iso_a2 VARCHAR, name VARCHAR, geojson VARCHAR);
"""

ARTICLE_TABLES = ("places", "actors", "actor_mentions", "statements", "indicators", "articles")
TABLES = ARTICLE_TABLES + ("shapes", "basemap", "actor_registry")


def connect(path: str | Path = DEFAULT_DB) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the store and its tables, actor registry included, with the basemap
    filled once.
    """
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    con.execute(SCHEMA)
    registry.ensure(con)
    if con.execute("SELECT count(*) FROM basemap").fetchone()[0] == 0:
        _fill_basemap(con)
    return con


def _fill_basemap(con: duckdb.DuckDBPyConnection) -> None:
    from geo import geometries

    countries = geometries.countries()
    light = geometries.for_map(countries.geometry, geometries.BASEMAP_TOLERANCE)
    rows = [
        (r.iso_a2, r.name, shapely.to_geojson(light[i]))
        for i, r in zip(countries.index, countries.itertuples())
        if i in light.index
    ]
    con.executemany("INSERT INTO basemap VALUES (?, ?, ?)", rows)


def _sentence_of(
    sentences: list[Span], text: str, start: int
) -> tuple[int | None, int | None, str | None]:
    """The sentence holding character `start`: its span and text."""
    if not sentences:
        return None, None, None
    i = max(0, bisect.bisect_right([s for s, _ in sentences], start) - 1)
    s, e = sentences[i]
    return s, e, text[s:e]


def write(con: duckdb.DuckDBPyConnection, article: Article, ex: Extraction) -> int:
    """Replace the article's rows with this extraction; return the number of rows written."""
    con.execute("BEGIN TRANSACTION")
    try:
        for table in ARTICLE_TABLES:
            con.execute(f"DELETE FROM {table} WHERE article_id = ?", [article.id])
        if not ex.error:
            ex = registry.canonicalize(con, ex)
        n = _insert(con, article, ex)
        _add_shapes(con, ex)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return n


def _insert(con: duckdb.DuckDBPyConnection, a: Article, ex: Extraction) -> int:
    sent = lambda start: _sentence_of(ex.sentences, a.text, start)
    con.execute(
        "INSERT INTO articles VALUES (?, ?, TRY_CAST(? AS DATE), ?, ?, ?, ?)",
        [a.id, a.title, a.date, a.source, a.url, a.text, ex.error],
    )
    places = [
        (
            a.id,
            p.start,
            p.end,
            p.text,
            p.name,
            p.kind,
            p.lat,
            p.lon,
            p.country_codes,
            p.geonameid,
            p.place_id,
            p.role,
            p.label,
            *sent(p.start),
        )
        for p in ex.places
    ]
    actors = [
        (a.id, x.actor_id, x.name, x.type, x.country, x.role, len(x.mentions)) for x in ex.actors
    ]
    mentions = [(a.id, x.actor_id, s, e, *sent(s)) for x in ex.actors for s, e in x.mentions]
    statements = [
        (
            a.id,
            i,
            s.speaker,
            s.speaker_actor_id,
            *(s.speaker_span or (None, None)),
            s.cue,
            s.content,
            *s.content_span,
            s.direct,
            s.place_ids,
            *sent(s.content_span[0]),
        )
        for i, s in enumerate(ex.statements)
    ]
    indicators = [
        (
            a.id,
            i,
            x.type,
            *x.span,
            x.source_actor_id,
            x.target_actor_id,
            x.source_country,
            x.target_country,
            x.place_id,
            (x.quantity or {}).get("value"),
            (x.quantity or {}).get("unit"),
            x.date,
            x.mode,
            x.contexts,
            x.flags,
            x.event_id,
            x.cue,
            *sent(x.span[0]),
            _approx(x.quantity),
        )
        for i, x in enumerate(ex.indicators)
    ]
    for table, rows in (
        ("places", places),
        ("actors", actors),
        ("actor_mentions", mentions),
        ("statements", statements),
        ("indicators", indicators),
    ):
        if rows:
            _append(con, table, rows)
    return 1 + sum(len(r) for r in (places, actors, mentions, statements, indicators))


def _approx(quantity: dict | None) -> str | None:
    """How a quantity is hedged, with the words of a vague one: "about", "vague: tens of
    thousands".
    """
    if not quantity or not quantity.get("approx"):
        return None
    return (
        f"vague: {quantity['text']}"
        if quantity["approx"] == "vague" and quantity.get("text")
        else quantity["approx"]
    )


def _append(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    """Insert rows as one Arrow batch, cast to the table's types (row-wise `executemany` is far
    slower).
    """
    batch = pa.Table.from_arrays(
        [pa.array(col) for col in zip(*rows)], names=[f"c{i}" for i in range(len(rows[0]))]
    )
    con.register("_batch", batch)
    con.execute(f"INSERT INTO {table} SELECT * FROM _batch")
    con.unregister("_batch")


def _add_shapes(con: duckdb.DuckDBPyConnection, ex: Extraction) -> None:
    """Store the geometry of every place the article mentions, once per place_id, at map scale."""
    import geopandas as gpd

    from geo import geometries

    known = {r[0] for r in con.execute("SELECT place_id FROM shapes").fetchall()}
    new: dict[str, Place] = {}
    geoms = {}
    for p in ex.places:
        if p.place_id in known or p.place_id in new:
            continue
        geom = geometries.geometry(p.place_id)
        if geom is None and p.lat is not None and p.lon is not None:
            geom = shapely.Point(p.lon, p.lat)
        if geom is not None:
            new[p.place_id], geoms[p.place_id] = p, geom
    if not geoms:
        return
    light = geometries.for_map(gpd.GeoSeries(geoms), geometries.SHAPES_TOLERANCE)
    for pid, geom in light.items():
        p = new[pid]
        con.execute(
            "INSERT INTO shapes VALUES (?, ?, ?, ?, ?, ?)",
            [pid, p.name, p.kind, p.country_codes, p.label, shapely.to_geojson(geom)],
        )


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per table, for run summaries and tests."""
    present = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    return {
        t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES if t in present
    }


def export_parquet(con: duckdb.DuckDBPyConnection, directory: str | Path) -> list[Path]:
    """Write every table as DIR/<table>.parquet."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table in counts(con):
        path = out / f"{table}.parquet"
        con.execute(f"COPY {table} TO '{path.as_posix()}' (FORMAT parquet)")
        written.append(path)
    return written
