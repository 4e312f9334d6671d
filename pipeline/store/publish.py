"""Publishing: the work's parts become one immutable DuckDB snapshot, and the store's path points
at it.

A snapshot is built under a temporary name, named for the checksum of its tables and renamed;
then the symlink at the store's path is replaced in one step. A dashboard holding the previous
snapshot keeps reading it until it notices the new version, and the pipeline never opens a file
a reader holds. Corpus-wide actor ids are assigned here, over every article at once, so they are a
function of the corpus and not of the order articles came in.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import time
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import events, registry
from pipeline.records import Actor
from pipeline.store import scope
from pipeline.store.schema import ARTICLE_TABLES, ORDER, SCHEMA, TABLES
from pipeline.store.work import WINNERS, Layout, part_files, part_of, write_atomic

__all__ = ["KEEP", "checksums", "derive", "publish", "version"]

KEEP = 2  # snapshots kept: the one published and the one a dashboard may still be reading


def version(db: str | Path) -> str | None:
    """The version the store's path points at, or None before the first publish."""
    target = Path(db)
    return Path(os.readlink(target)).stem if target.is_symlink() else None


def checksums(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """An order-free checksum of every table's rows, equal for equal contents."""
    out = {}
    for table in TABLES:
        n, total = con.execute(f"SELECT count(*), sum(hash(t)::HUGEINT) FROM {table} t").fetchone()
        out[table] = f"{n}:{total or 0}"
    return out


def publish(db: str | Path) -> str:
    """Build a snapshot from the work at `db`, point `db` at it and return its version."""
    layout = Layout(Path(db))
    layout.snapshots.mkdir(parents=True, exist_ok=True)
    with _locked(layout):
        for stale in layout.snapshots.glob(".building-*"):  # a killed publish's, under the lock
            stale.unlink()
        tmp = layout.snapshots / f".building-{os.getpid()}.duckdb"
        con = duckdb.connect(str(tmp))
        con.execute("SET enable_progress_bar = false")
        try:
            _build(con, layout)
            sums = checksums(con)
            name = hashlib.sha256(repr(sorted(sums.items())).encode()).hexdigest()[:16]
            con.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [
                    ("version", name),
                    ("published", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())),
                ],
            )
        except BaseException:
            con.close()
            tmp.unlink(missing_ok=True)
            raise
        con.close()
        final = layout.snapshots / f"{name}.duckdb"
        if final.exists():
            tmp.unlink()
        else:
            os.replace(tmp, final)
        _point(layout.db, final)
        _prune(layout, keep=final)
    return name


@contextmanager
def _locked(layout: Layout):
    """One publish at a time per store."""
    layout.work.mkdir(parents=True, exist_ok=True)
    with open(layout.work / "publish.lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        yield


def _point(db: Path, snapshot: Path) -> None:
    """Replace the symlink (or an older store's file) at `db` by one to `snapshot`, atomically."""
    link = db.parent / f".{db.name}.{os.getpid()}.link"
    link.unlink(missing_ok=True)
    link.symlink_to(os.path.relpath(snapshot, db.parent))
    os.replace(link, db)


def _prune(layout: Layout, keep: Path) -> None:
    """Delete all but the newest KEEP snapshots (an open reader keeps its file until it closes)."""
    old = sorted(layout.snapshots.glob("*.duckdb"), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in [p for p in old if p != keep][KEEP - 1 :]:
        path.unlink(missing_ok=True)


def _build(con: duckdb.DuckDBPyConnection, layout: Layout) -> None:
    """Fill a new snapshot's tables from the parts, with corpus actor ids, shapes and basemap; a
    person an article gives no country takes the one other articles give (the registry's)."""
    con.execute(SCHEMA)
    files = {t: part_files(layout, t) for t in ARTICLE_TABLES}
    if not files["articles"]:
        _fill_basemap(con, layout)
        return
    con.execute(f"CREATE TEMP TABLE win AS {WINNERS}", [files["articles"]])
    for table in ARTICLE_TABLES:
        con.execute(f"CREATE TEMP TABLE raw_{table} AS SELECT * FROM {table} LIMIT 0")
        if files[table]:
            con.execute(
                f"""INSERT INTO raw_{table} BY NAME
                    SELECT t.* EXCLUDE (filename)
                    FROM read_parquet(?, filename = true, union_by_name = true) t
                    JOIN win ON t.article_id = win.article_id
                     AND {part_of("t.filename")} = win.part""",
                [files[table]],
            )
    _map_actors(con)
    _insert(con, "articles", "SELECT * FROM raw_articles")
    _insert(con, "places", "SELECT * FROM raw_places")
    _insert(
        con,
        "actor_mentions",
        """SELECT DISTINCT m.article_id, coalesce(i.actor_id, m.actor_id) AS actor_id, m.start,
                  m."end", m.sentence_start, m.sentence_end, m.sentence
           FROM raw_actor_mentions m LEFT JOIN idmap i
             ON m.article_id = i.article_id AND m.actor_id = i.local_id""",
    )
    _insert(
        con,
        "actors",
        """SELECT a.article_id, coalesce(i.actor_id, a.actor_id) AS actor_id,
                  first(coalesce(i.name, a.name) ORDER BY a.actor_id),
                  first(a.type ORDER BY a.actor_id),
                  coalesce(
                      first(a.country ORDER BY a.actor_id) FILTER (WHERE a.country IS NOT NULL),
                      any_value(r.country) FILTER (WHERE a.type = 'person')
                  ),
                  first(a.role ORDER BY a.actor_id) FILTER (WHERE a.role IS NOT NULL),
                  coalesce(any_value(n.n), 0)
           FROM raw_actors a
           LEFT JOIN idmap i ON a.article_id = i.article_id AND a.actor_id = i.local_id
           LEFT JOIN actor_registry r ON r.actor_id = coalesce(i.actor_id, a.actor_id)
           LEFT JOIN (SELECT article_id, actor_id, count(*) AS n FROM actor_mentions
                      GROUP BY ALL) n
             ON n.article_id = a.article_id AND n.actor_id = coalesce(i.actor_id, a.actor_id)
           GROUP BY 1, 2""",
    )
    _insert(
        con,
        "statements",
        """SELECT s.* REPLACE (coalesce(i.actor_id, s.speaker_actor_id) AS speaker_actor_id)
           FROM raw_statements s LEFT JOIN idmap i
             ON s.article_id = i.article_id AND s.speaker_actor_id = i.local_id""",
    )
    _rename_events(con)
    _insert(
        con,
        "indicators",
        """SELECT x.* REPLACE (coalesce(s.actor_id, x.source_actor_id) AS source_actor_id,
                               coalesce(t.actor_id, x.target_actor_id) AS target_actor_id,
                               coalesce(r.event_id, x.event_id) AS event_id)
           FROM raw_indicators x
           LEFT JOIN idmap s ON x.article_id = s.article_id AND x.source_actor_id = s.local_id
           LEFT JOIN idmap t ON x.article_id = t.article_id AND x.target_actor_id = t.local_id
           LEFT JOIN renamed r ON x.article_id = r.article_id AND x.idx = r.idx""",
    )
    _fill_shapes(con, layout)
    _fill_basemap(con, layout)
    derive(con)


def derive(con: duckdb.DuckDBPyConnection) -> None:
    """The tables computed from a snapshot's article tables: scopes, the events the index counts,
    the unfiltered index. Publish calls it; so may a store filled by hand (tests)."""
    scope.fill(con)
    _fill_aggregates(con)


def _insert(con: duckdb.DuckDBPyConnection, table: str, select: str) -> None:
    con.execute(f"INSERT INTO {table} SELECT * FROM ({select}) ORDER BY {ORDER[table]}")


def _map_actors(con: duckdb.DuckDBPyConnection) -> None:
    """`idmap` (article, local id → registry id and name) and the `actor_registry` table."""
    found = con.execute(
        "SELECT article_id, actor_id, name, type, country, role FROM raw_actors"
    ).fetchall()
    ids, reg = registry.assign(
        (aid, Actor(local, name, typ, country, role))
        for aid, local, name, typ, country, role in found
    )
    _put(
        con,
        "CREATE TEMP TABLE idmap AS SELECT c0 AS article_id, c1 AS local_id, c2 AS actor_id, "
        "c3 AS name FROM _rows",
        [(aid, local, gid, name) for (aid, local), (gid, name) in ids.items()],
        [pa.string()] * 4,
    )
    _put(con, "INSERT INTO actor_registry SELECT * FROM _rows", reg.rows(), [pa.string()] * 8)


def _put(con: duckdb.DuckDBPyConnection, sql: str, rows: list[tuple], types: list) -> None:
    """Run `sql` with `rows` as the table `_rows` (columns c0, c1, ... of Arrow `types`): far
    faster than `executemany`.
    """
    columns = list(zip(*rows)) or [[] for _ in types]
    table = pa.table(
        [pa.array(c, t) for c, t in zip(columns, types)], names=[f"c{i}" for i in range(len(types))]
    )
    con.register("_rows", table)
    con.execute(sql)
    con.unregister("_rows")


def _rename_events(con: duckdb.DuckDBPyConnection) -> None:
    """`renamed`: the event ids whose parties, named by actor id, got registry ids."""
    found = con.execute(
        """SELECT x.article_id, x.idx, x.type, x.event_id, x.source_country, x.target_country,
                  x.source_actor_id, coalesce(s.actor_id, x.source_actor_id),
                  x.target_actor_id, coalesce(t.actor_id, x.target_actor_id)
           FROM raw_indicators x
           LEFT JOIN idmap s ON x.article_id = s.article_id AND x.source_actor_id = s.local_id
           LEFT JOIN idmap t ON x.article_id = t.article_id AND x.target_actor_id = t.local_id
           WHERE (x.source_country IS NULL AND s.actor_id IS DISTINCT FROM x.source_actor_id)
              OR (x.target_country IS NULL AND t.actor_id IS DISTINCT FROM x.target_actor_id)"""
    ).fetchall()
    out = []
    for aid, idx, typ, ident, sc, tc, src, new_src, tgt, new_tgt in found:
        old, new = (sc or src, tc or tgt), (sc or new_src, tc or new_tgt)
        out.append((aid, idx, events.with_parties(ident, typ, old, new)))
    _put(
        con,
        "CREATE TEMP TABLE renamed AS "
        "SELECT c0 AS article_id, c1 AS idx, c2 AS event_id FROM _rows",
        out,
        [pa.string(), pa.int32(), pa.string()],
    )


def _fill_shapes(con: duckdb.DuckDBPyConnection, layout: Layout) -> None:
    """Every mentioned place's geometry at map scale, computed once per place id and cached in the
    work.
    """
    first = ", ".join(
        f"first({c} ORDER BY article_id, start)"
        for c in ("name", "kind", "country_codes", "label", "lat", "lon")
    )
    places = con.execute(
        f"SELECT place_id, {first} FROM raw_places GROUP BY place_id ORDER BY place_id"
    ).fetchall()
    from geo import geometries

    cache_path = layout.work / f"shapes-{geometries.SHAPES_TOLERANCE}.parquet"  # per scale
    cache = {}
    if cache_path.exists():
        cache = dict(zip(*pq.read_table(cache_path).to_pydict().values()))
    missing = [p for p in places if p[0] not in cache]
    if missing:
        cache.update(_geojson(missing))
        write_atomic(
            cache_path,
            pa.table({"place_id": list(cache), "geojson": list(cache.values())}),
        )
    found = [(pid, name, kind, cc, label, cache[pid]) for pid, name, kind, cc, label, *_ in places]
    found = [r for r in found if r[5] is not None]
    text = pa.string()
    types = [text, text, text, pa.list_(text), text, text]
    _put(con, "INSERT INTO shapes SELECT * FROM _rows", found, types)


def _geojson(places: list[tuple]) -> dict[str, str | None]:
    """GeoJSON at map scale of each place: its gazetteer shape, else its point, else None."""
    import geopandas as gpd
    import shapely

    from geo import geometries

    geoms = {}
    for pid, *_, lat, lon in places:
        geom = geometries.geometry(pid)
        if geom is None and lat is not None and lon is not None:
            geom = shapely.Point(lon, lat)
        if geom is not None:
            geoms[pid] = geom
    out: dict[str, str | None] = {p[0]: None for p in places}
    if geoms:
        light = geometries.for_map(gpd.GeoSeries(geoms), geometries.SHAPES_TOLERANCE)
        out.update({pid: shapely.to_geojson(g) for pid, g in light.items()})
    return out


def _fill_basemap(con: duckdb.DuckDBPyConnection, layout: Layout) -> None:
    """The countries drawn under the map, simplified once per store and cached in the work."""
    path = layout.work / "basemap.parquet"
    if not path.exists():
        import shapely

        from geo import geometries

        countries = geometries.countries()
        light = geometries.for_map(countries.geometry, geometries.BASEMAP_TOLERANCE)
        rows = [
            (r.iso_a2, r.name, shapely.to_geojson(light[i]))
            for i, r in zip(countries.index, countries.itertuples())
            if i in light.index
        ]
        columns = [pa.array(c, pa.string(), from_pandas=True) for c in zip(*rows)]
        write_atomic(path, pa.table(columns, names=["iso_a2", "name", "geojson"]))
    con.register("_basemap", pq.read_table(path))
    con.execute(f"INSERT INTO basemap SELECT * FROM _basemap ORDER BY {ORDER['basemap']}")
    con.unregister("_basemap")


def _fill_aggregates(con: duckdb.DuckDBPyConnection) -> None:
    """The tension index with no filter (per day, week and month, place and country pair), so a
    dashboard's first page needs no scan of the events.
    """
    import pandas as pd  # here, not at the top: every command imports the store

    from pipeline import tension

    tension.fill(con)
    start, end = tension.window(con)
    frames = {
        "tension_days": pd.concat(
            [tension.by_day(con, start, end, period=p).assign(period=p) for p in tension.PERIODS]
        ),
        "tension_places": tension.by_place(con, start, end),
        "tension_pairs": tension.by_pair(con, start, end),
    }
    con.execute("INSERT INTO meta VALUES ('tension_window', ?)", [f"{start},{end}"])
    for table, frame in frames.items():
        con.register("_frame", frame)
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _frame ORDER BY {ORDER[table]}")
        con.unregister("_frame")
