"""Faultline dashboard: a map of places, linked actor/statement panels and events, read from the store.

It reads only the DuckDB store (read-only) and draws its own basemap, so it works with no network.
Every table keeps the article id and the sentence each number came from.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely
import streamlit as st

from pipeline import tension
from pipeline.store import ARTICLE_TABLES, DEFAULT_DB

HERE = Path(__file__).resolve().parent
READ = ARTICLE_TABLES + ("shapes", "basemap")  # the tables the dashboard reads
RUN_HINT = (
    "Build a store with the pipeline, then reload this page:\n\n"
    "```\n.venv/bin/python -m pipeline run --input data/samples/seed.jsonl --db data/faultline.duckdb\n```\n\n"
    "or point the `FAULTLINE_DB` environment variable at an existing store."
)
ALL = "(all)"
POLYGONS = ("Polygon", "MultiPolygon")
DRAW_ORDER = {"continent": 0, "region": 1, "country": 2, "admin1": 3, "admin2": 4}
LINES = ("LineString", "MultiLineString")
GRID = 0.01  # degrees (about 1 km), below the map's simplification: a light payload
MAP_HEIGHT = 540
EVENT_MARGIN = 31  # days around the articles' dates within which an event's own date is believed
ROW_CAP = 500  # rows a table ships to the browser; the whole result stays one click away
ROW_PX = 35  # height of a table row in st.dataframe
FOCUS_KM = 2500
MAX_ZOOM = 4.0  # a lone city keeps its region around it in view
FOCUS_SHARE = 0.6  # framed around the median when this share of mentions lies within FOCUS_KM of it
VAST = ("continent", "water")  # drawn as muted points and never framed
WIDE = {"sentence": st.column_config.TextColumn(width="large"),
        "content": st.column_config.TextColumn(width="medium"),
        "flags": st.column_config.TextColumn(width="medium")}
TENSION_SCALE = [[0.0, "#1d4ed8"], [0.5, "#efe9dc"], [0.75, "#f0793a"], [1.0, "#8c1d04"]]
SHADE_SCALE = [[0.0, "#fde4c8"], [0.5, "#f0793a"], [1.0, "#8c1d04"]]
METRIC_TITLES = {"tension": "tension<br>index", "mentions": "mentions", "events": "event<br>reports"}


@dataclass(frozen=True)
class Filters:
    """The sidebar choices plus the picked place; every query narrows by these."""

    actor: str | None = None
    country: str | None = None
    types: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    place: str | None = None
    span: tuple[date | None, date | None] = (None, None)  # the store's article dates; bounds event dates


# ---------------------------------------------------------------- store access


def db_path() -> Path:
    """FAULTLINE_DB, else the pipeline's default store under the project folder."""
    return Path(os.environ.get("FAULTLINE_DB") or HERE / DEFAULT_DB)


@st.cache_resource(show_spinner=False, max_entries=2)
def _connect(path: str, stamp: float) -> duckdb.DuckDBPyConnection:
    """One read-only connection per store file version (`stamp` is its mtime)."""
    return duckdb.connect(path, read_only=True)


@st.cache_data(show_spinner=False, max_entries=512)
def query(path: str, stamp: float, sql: str, params: tuple = ()) -> pd.DataFrame:
    """Run one SQL query on the store; cached per store version and parameters."""
    cur = _connect(path, stamp).cursor()
    try:
        return cur.execute(sql, list(params)).df()
    finally:
        cur.close()


@dataclass(frozen=True)
class Store:
    """A store file at one version; `sql` runs cached queries against it."""

    path: str
    stamp: float

    def sql(self, sql: str, params: tuple | list = ()) -> pd.DataFrame:
        return query(self.path, self.stamp, sql, tuple(params))


def open_store() -> Store | None:
    """The store, or None after showing why it cannot be used (missing, locked, empty)."""
    path = db_path()
    if not path.is_file():
        st.info(f"No Faultline store found at `{path}`.\n\n{RUN_HINT}")
        return None
    store = Store(str(path), path.stat().st_mtime)
    try:
        present = set(store.sql("SELECT table_name FROM information_schema.tables").table_name)
    except duckdb.Error as exc:
        st.error(f"Cannot open the store `{path}` read-only ({type(exc).__name__}). "
                 f"If the pipeline is still writing it, wait for it to finish and reload.\n\n{RUN_HINT}")
        return None
    missing = [t for t in READ if t not in present]
    if missing:
        st.info(f"The store `{path}` lacks the tables {', '.join(missing)}.\n\n{RUN_HINT}")
        return None
    if store.sql("SELECT count(*) AS n FROM articles WHERE error IS NULL").n.iloc[0] == 0:
        st.info(f"The store `{path}` holds no processed articles yet.\n\n{RUN_HINT}")
        return None
    return store


# ---------------------------------------------------------------- filter clauses


def _scope(f: Filters, alias: str) -> tuple[list[str], list]:
    """The date-range clause shared by every article-level table."""
    if f.start is None or f.end is None:
        return [], []
    return ([f"{alias}.article_id IN (SELECT article_id FROM articles WHERE date BETWEEN ? AND ?)"],
            [f.start, f.end])


def _in_sentence(alias: str) -> str:
    """Condition that place mention `p` lies inside the sentence of row `alias`."""
    return (f"p.article_id = {alias}.article_id AND p.start >= {alias}.sentence_start"
            f" AND p.start < {alias}.sentence_end")


def place_where(f: Filters) -> tuple[str, list]:
    """Place mentions in scope: in the country, or in a sentence naming or quoting the actor."""
    clauses, params = _scope(f, "p")
    if f.country:
        clauses.append("list_contains(p.country_codes, ?)")
        params.append(f.country)
    if f.actor:
        clauses.append(
            "(EXISTS (SELECT 1 FROM actor_mentions m WHERE m.article_id = p.article_id AND m.actor_id = ?"
            " AND p.start >= m.sentence_start AND p.start < m.sentence_end)"
            " OR EXISTS (SELECT 1 FROM statements s WHERE s.article_id = p.article_id"
            " AND s.speaker_actor_id = ? AND (list_contains(s.place_ids, p.place_id)"
            " OR (p.start >= s.sentence_start AND p.start < s.sentence_end))))")
        params += [f.actor, f.actor]
    return " AND ".join(clauses) or "TRUE", params


def _place_link(alias: str, f: Filters, with_ids: str | None = None) -> tuple[list[str], list]:
    """Clause tying row `alias` to the picked place: named in its sentence or in its `with_ids` list."""
    clauses, params = [], []
    if f.place:
        ids = f" OR list_contains({with_ids}, ?)" if with_ids else ""
        clauses.append(
            f"(EXISTS (SELECT 1 FROM places p WHERE {_in_sentence(alias)} AND p.place_id = ?){ids})")
        params += [f.place] + ([f.place] if with_ids else [])
    return clauses, params


def mention_where(f: Filters) -> tuple[str, list]:
    """Actor mentions in scope: the actor itself, actors of the country or in sentences about it."""
    clauses, params = _scope(f, "m")
    if f.actor:
        clauses.append("m.actor_id = ?")
        params.append(f.actor)
    if f.country:
        clauses.append(
            "(a.country = ? OR EXISTS (SELECT 1 FROM places p WHERE "
            f"{_in_sentence('m')} AND list_contains(p.country_codes, ?)))")
        params += [f.country, f.country]
    more, more_params = _place_link("m", f)
    return " AND ".join(clauses + more) or "TRUE", params + more_params


def statement_where(f: Filters) -> tuple[str, list]:
    """Statements in scope: spoken by the actor; by someone of the country or about a place in it."""
    clauses, params = _scope(f, "s")
    if f.actor:
        clauses.append("s.speaker_actor_id = ?")
        params.append(f.actor)
    if f.country:
        clauses.append(
            "(a.country = ? OR EXISTS (SELECT 1 FROM places p WHERE "
            f"{_in_sentence('s')} AND list_contains(p.country_codes, ?))"
            " OR EXISTS (SELECT 1 FROM places p WHERE p.article_id = s.article_id"
            " AND list_contains(s.place_ids, p.place_id) AND list_contains(p.country_codes, ?)))")
        params += [f.country, f.country, f.country]
    more, more_params = _place_link("s", f, with_ids="s.place_ids")
    return " AND ".join(clauses + more) or "TRUE", params + more_params


def indicator_where(f: Filters, with_place: bool = True) -> tuple[str, list]:
    """Events in scope: of the chosen types, with the actor or country on either side or in the sentence."""
    clauses, params = _scope(f, "i")
    if f.types:
        clauses.append(f"i.type IN ({', '.join('?' * len(f.types))})")
        params += list(f.types)
    if f.actor:
        clauses.append("(i.source_actor_id = ? OR i.target_actor_id = ?)")
        params += [f.actor, f.actor]
    if f.country:
        clauses.append(
            "(i.source_country = ? OR i.target_country = ? OR EXISTS (SELECT 1 FROM places p WHERE "
            f"{_in_sentence('i')} AND list_contains(p.country_codes, ?)))")
        params += [f.country, f.country, f.country]
    if with_place and f.place:
        clauses.append(f"(i.place_id = ? OR EXISTS (SELECT 1 FROM places p WHERE {_in_sentence('i')}"
                       " AND p.place_id = ?))")
        params += [f.place, f.place]
    return " AND ".join(clauses) or "TRUE", params


# ---------------------------------------------------------------- data for each view


def _joined(values) -> str:
    """A list cell as '; '-joined text, so tables and their CSV read the same."""
    if values is None or (not isinstance(values, str) and len(values) == 0):
        return ""
    if isinstance(values, str):
        return values
    return "; ".join(str(v) for v in values)


def _day(values: pd.Series) -> pd.Series:
    """Dates as plain `datetime.date` values, so tables and CSV show 2021-12-02."""
    return pd.to_datetime(values).dt.date


def map_places(store: Store, f: Filters) -> pd.DataFrame:
    """One row per place shown on the map: its mentions and the event reports placed there.

    Events count by their `place_id`, as pipeline.tension does, so a place's count and its tension agree.
    """
    where, params = place_where(f)
    ind_where, ind_params = indicator_where(f, with_place=False)
    df = store.sql(f"""
        WITH p AS (SELECT * FROM places p WHERE {where}),
        e AS (SELECT i.place_id, count(*) AS events FROM indicators i
              WHERE i.place_id IS NOT NULL AND {ind_where} GROUP BY i.place_id)
        SELECT p.place_id, any_value(p.name) AS name, any_value(p.kind) AS kind,
               any_value(p.label) AS label, any_value(p.country_codes) AS country_codes,
               avg(p.lat) AS lat, avg(p.lon) AS lon, count(*) AS mentions,
               count(*) FILTER (WHERE p.role = 'metonymic') AS metonymic,
               count(DISTINCT p.article_id) AS articles,
               coalesce(any_value(e.events), 0) AS events
        FROM p LEFT JOIN e USING (place_id)
        GROUP BY p.place_id ORDER BY mentions DESC, name""", params + ind_params)
    df["country_codes"] = df.country_codes.map(_joined)
    df["label"] = df.label.fillna("")
    by_place = tension_table(store, "by_place", f)
    scores = by_place.set_index("place_id")["tension"] if len(by_place) else pd.Series(dtype=float)
    df["tension"] = df.place_id.map(scores).fillna(0.0).round(1)
    return df


def _tension_args(f: Filters) -> dict:
    """The filters as pipeline.tension's arguments.

    Without a date range, events are kept within a month of the articles' dates: an event dated
    decades back (or mis-dated ahead) would stretch the time axis for nothing.
    """
    lo, hi = (d and d + timedelta(days=days) for d, days in zip(f.span, (-EVENT_MARGIN, EVENT_MARGIN)))
    start, end = f.start or lo, f.end or hi
    return {"start": start and start.isoformat(), "end": end and end.isoformat(),
            "countries": [f.country] if f.country else None, "types": list(f.types) or None,
            "actors": [f.actor] if f.actor else None}


@st.cache_data(show_spinner=False, max_entries=256)
def _tension(path: str, stamp: float, fn: str, f: Filters, **kwargs) -> pd.DataFrame:
    """`pipeline.tension.<fn>` under the filters, on a private cursor of the store."""
    con = _connect(path, stamp).cursor()
    try:
        return getattr(tension, fn)(con, **_tension_args(f), **kwargs)
    finally:
        con.close()


def tension_table(store: Store, fn: str, f: Filters, **kwargs) -> pd.DataFrame:
    """A cached pipeline.tension table (`by_day`, `by_place`, `by_pair`) under the filters."""
    return _tension(store.path, store.stamp, fn, replace(f, place=None), **kwargs).copy()


def mention_rows(store: Store, f: Filters) -> pd.DataFrame:
    """Every place mention behind the map's counts, with its sentence; newest articles first."""
    where, params = place_where(f)
    if f.place:
        where += " AND p.place_id = ?"
        params.append(f.place)
    df = store.sql(f"""
        SELECT p.name AS place, p.text, p.role, p.sentence, art.date, p.article_id, p.kind, p.place_id,
               p.start, p."end"
        FROM places p JOIN articles art ON art.article_id = p.article_id WHERE {where}
        ORDER BY art.date DESC NULLS LAST, p.article_id, p.start""", params)
    df["date"] = _day(df["date"])
    return df


def actor_rows(store: Store, f: Filters) -> pd.DataFrame:
    """Actors mentioned in scope, one row per actor and sentence (newest first), with its mention count."""
    where, params = mention_where(f)
    df = store.sql(f"""
        SELECT a.name AS actor, count(*) AS mentions, m.sentence, art.date, m.article_id,
               a.type, a.country, a.role, m.actor_id
        FROM actor_mentions m
        JOIN actors a ON a.article_id = m.article_id AND a.actor_id = m.actor_id
        JOIN articles art ON art.article_id = m.article_id
        WHERE {where}
        GROUP BY ALL ORDER BY art.date DESC NULLS LAST, m.article_id, min(m.sentence_start), actor""", params)
    df["date"] = _day(df["date"])
    return df


def rank_actors(rows: pd.DataFrame) -> pd.DataFrame:
    """The actor rows summed per actor: mentions, sentences and articles, most mentioned first."""
    ranked = rows.groupby("actor_id", sort=False).agg(
        actor=("actor", "first"), type=("type", "first"), country=("country", "first"),
        mentions=("mentions", "sum"), sentences=("sentence", "size"), articles=("article_id", "nunique"),
        latest=("date", "max")).reset_index()
    columns = ["actor", "type", "country", "mentions", "sentences", "articles", "latest", "actor_id"]
    return ranked[columns].sort_values(["mentions", "articles", "actor"], ascending=[False, False, True],
                                       kind="stable").reset_index(drop=True)


def statement_rows(store: Store, f: Filters) -> pd.DataFrame:
    """Statements in scope with the speaker's name, their sentence and the places they name; newest first."""
    where, params = statement_where(f)
    df = store.sql(f"""
        SELECT coalesce(a.name, s.speaker) AS speaker, s.content, s.sentence, s.article_id, art.date,
               s.cue, s.direct, s.place_ids AS places, s.speaker_actor_id
        FROM statements s
        LEFT JOIN actors a ON a.article_id = s.article_id AND a.actor_id = s.speaker_actor_id
        JOIN articles art ON art.article_id = s.article_id
        WHERE {where}
        ORDER BY art.date DESC NULLS LAST, s.article_id, s.idx""", params)
    df["places"] = df.places.map(_joined)
    df["date"] = _day(df["date"])
    return df


def event_rows(store: Store, f: Filters) -> pd.DataFrame:
    """Indicators in scope with names, flags and the evidence sentence; newest articles first."""
    where, params = indicator_where(f)
    df = store.sql(f"""
        SELECT coalesce(i.date, art.date) AS date, i.type, i.flags,
               coalesce(sa.name, i.source_actor_id) AS source,
               coalesce(ta.name, i.target_actor_id) AS target,
               (SELECT any_value(p.name) FROM places p WHERE p.article_id = i.article_id
                 AND p.place_id = i.place_id) AS place,
               i.sentence, i.place_id, art.date AS published, i.article_id, art.source AS outlet,
               i.source_country, i.target_country,
               i.quantity_value, i.quantity_unit, i.quantity_approx, i.mode, i.contexts, i.cue, i.event_id
        FROM indicators i
        JOIN articles art ON art.article_id = i.article_id
        LEFT JOIN actors sa ON sa.article_id = i.article_id AND sa.actor_id = i.source_actor_id
        LEFT JOIN actors ta ON ta.article_id = i.article_id AND ta.actor_id = i.target_actor_id
        WHERE {where}
        ORDER BY published DESC NULLS LAST, i.article_id, i.idx""", params)
    for col in ("contexts", "flags"):
        df[col] = df[col].map(_joined)
    df["date"], df["published"] = _day(df["date"]), _day(df["published"])
    return df


PERIODS = tuple(tension.PERIODS)  # day, week, month
SERIES_COLUMNS = ["date", "events", "reports", "articles", "conflict", "cooperation", "tension"]


def period_for(days: int) -> str:
    """Day points up to four months, weeks up to three years, months beyond."""
    return "day" if days <= 120 else "week" if days <= 3 * 365 else "month"


def tension_series(store: Store, f: Filters, period: str = "day") -> pd.DataFrame:
    """Tension index per day, week (from Monday) or month, of the picked place alone if one is."""
    df = tension_table(store, "by_day", f, period=period, place=f.place)[SERIES_COLUMNS]
    df["date"] = _day(df["date"])
    return df.round({"conflict": 1, "cooperation": 1, "tension": 1})


def hotspots(store: Store, f: Filters, names: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Places and country pairs ranked by tension index under the filters (pipeline.tension)."""
    places = tension_table(store, "by_place", f)
    places["country_codes"] = places.country_codes.map(_joined)
    places = places[["name", "kind", "country_codes", "events", "reports", "articles", "conflict",
                     "cooperation", "tension", "place_id"]]
    pairs = tension_table(store, "by_pair", f)
    pairs.insert(2, "pair", [f"{names.get(a, a)} – {names.get(b, b)}"
                             for a, b in zip(pairs.country_a, pairs.country_b)])
    rank = {"by": ["tension", "events"], "ascending": False}
    return tuple(df.sort_values(**rank, kind="stable").round({"conflict": 1, "cooperation": 1, "tension": 1})
                 .reset_index(drop=True) for df in (places, pairs))


@st.cache_data(show_spinner=False)
def _geometries(path: str, stamp: float, table: str, tolerance: float) -> gpd.GeoSeries:
    """The shapes of `table`, keyed by place_id (shapes) or iso_a2 (basemap), light for the map.

    A stored GeoJSON that does not parse is left out rather than failing the page.
    """
    key = "place_id" if table == "shapes" else "iso_a2"
    rows = query(path, stamp, f"SELECT {key}, geojson FROM {table} WHERE geojson IS NOT NULL")
    shapes = gpd.GeoSeries(shapely.from_geojson(rows.geojson.to_numpy(), on_invalid="ignore"),
                           index=rows[key].map(str))
    return map_shapes(shapes[shapes.notna()], tolerance)


def map_shapes(shapes: gpd.GeoSeries, tolerance: float) -> gpd.GeoSeries:
    """The shapes at the scale of a page-sized world map, so the page stays light.

    Lines and areas are simplified by `tolerance` degrees (more for huge countries) and lose their
    islets; then every coordinate, points' too, goes on a GRID-degree grid; empty ones are left out.
    """
    x0, y0, x1, y1 = shapes.bounds.to_numpy().T
    tol = tolerance * np.maximum(1.0, np.sqrt((x1 - x0) * (y1 - y0)) / 10)
    simple = shapes.simplify(tol, preserve_topology=True)
    simple = gpd.GeoSeries([_without_specks(g, (3 * t) ** 2) for g, t in zip(simple, tol)],
                           index=shapes.index)
    light = simple.set_precision(GRID)
    return light[~light.is_empty]


def _without_specks(geom, min_area: float):
    """A multipolygon without the islets smaller than `min_area` (its largest part always stays)."""
    if geom.geom_type != "MultiPolygon":
        return geom
    parts = sorted(geom.geoms, key=lambda g: g.area, reverse=True)
    return shapely.MultiPolygon([parts[0]] + [g for g in parts[1:] if g.area >= min_area])


def _collection(shapes: gpd.GeoSeries, ids: list[str]) -> dict:
    """The shapes `ids` as a GeoJSON FeatureCollection, each feature's id the key plotly locates."""
    return gpd.GeoDataFrame(geometry=shapes.loc[ids]).to_geo_dict(drop_id=False)


def basemap_names(store: Store) -> dict[str, str]:
    """Country name per ISO alpha-2 code, from the basemap."""
    return dict(store.sql("SELECT iso_a2, name FROM basemap").itertuples(index=False))


# ---------------------------------------------------------------- the map


def _km(lat0: float, lon0: float, lat: pd.Series, lon: pd.Series) -> pd.Series:
    """Great-circle distance in km from one point to many."""
    p0, p1 = math.radians(lat0), lat.map(math.radians)
    dlat, dlon = p1 - p0, (lon - lon0).map(math.radians)
    a = (dlat / 2).map(math.sin) ** 2 + math.cos(p0) * p1.map(math.cos) * (dlon / 2).map(math.sin) ** 2
    return 2 * 6371 * a.map(lambda x: math.asin(math.sqrt(min(1.0, x))))


def _weighted_quantile(values: pd.Series, weights: pd.Series, q: float) -> float:
    """The value below which the share `q` of the weight lies."""
    order = values.sort_values().index
    cum = weights[order].cumsum()
    return float(values[order][cum >= q * cum.iloc[-1]].iloc[0])


def _mercator_y(lat: float) -> float:
    lat = math.radians(max(-85.0, min(85.0, lat)))
    return math.log(math.tan(math.pi / 4 + lat / 2))


def _fit(points: pd.DataFrame, width: int = 540, height: int = MAP_HEIGHT) -> tuple[dict, float]:
    """Center and zoom (web mercator, 512 px tiles) framing where most mentions are.

    Countries, continents and seas are too big to frame. When most mentions cluster within FOCUS_KM
    of their weighted median, the rest are left to panning; when they are spread (worldwide news),
    the frame holds the middle 90% of mentions in latitude and longitude.
    """
    pts = points.dropna(subset=["lat", "lon"])
    local = pts[~pts.kind.isin(("country",) + VAST)]
    pts = local if len(local) else pts
    if pts.empty:
        return {"lat": 48.0, "lon": 20.0}, 2.0
    weight = pts.mentions.astype(float)
    lat_m, lon_m = (_weighted_quantile(pts[c], weight, 0.5) for c in ("lat", "lon"))
    near = _km(lat_m, lon_m, pts.lat, pts.lon) <= FOCUS_KM
    if weight[near].sum() >= FOCUS_SHARE * weight.sum():
        pts = pts[near]
    else:
        lat0, lat1 = (_weighted_quantile(pts.lat, weight, q) for q in (0.05, 0.95))
        lon0, lon1 = (_weighted_quantile(pts.lon, weight, q) for q in (0.05, 0.95))
        inside = pts.lat.between(lat0, lat1) & pts.lon.between(lon0, lon1)
        pts = pts[inside] if inside.any() else pts
    lon0, lon1 = pts.lon.min(), pts.lon.max()
    y0, y1 = _mercator_y(pts.lat.min()), _mercator_y(pts.lat.max())
    zoom_x = math.log2(width * 360 / (512 * max(lon1 - lon0, 2.0) * 1.6))
    zoom_y = math.log2(height * 2 * math.pi / (512 * max(y1 - y0, 0.04) * 1.6))
    lat_c = math.degrees(2 * math.atan(math.exp((y0 + y1) / 2)) - math.pi / 2)
    return {"lat": lat_c, "lon": (lon0 + lon1) / 2}, max(0.3, min(MAX_ZOOM, zoom_x, zoom_y))


def map_layers(df: pd.DataFrame, shapes: gpd.GeoSeries) -> dict[str, pd.DataFrame]:
    """Split the map's places by how they are drawn: area, disputed area, border line or point.

    Areas go from the widest kind to the narrowest, so a region never hides the countries in it.
    """
    gtype = df.place_id.map(shapes.geom_type)
    disputed = df.label.str.contains("disputed", case=False) & gtype.isin(POLYGONS)
    return {
        "area": df[gtype.isin(POLYGONS) & ~disputed].sort_values(
            "kind", key=lambda k: k.map(DRAW_ORDER).fillna(len(DRAW_ORDER)), kind="stable"),
        "disputed": df[disputed],
        "border": df[gtype.isin(LINES)],
        "point": df[~gtype.isin(POLYGONS + LINES) & df.lat.notna()],
    }


def _hover(metric: str) -> str:
    """Hover text of every place trace; reads the columns `_custom` packs."""
    return ("<b>%{customdata[1]}</b> (%{customdata[2]})<br>%{customdata[3]}"
            "mentions: %{customdata[4]} in %{customdata[5]} article(s)<br>"
            f"events: %{{customdata[6]}} · {metric}: %{{customdata[7]}}<extra></extra>")


def _custom(df: pd.DataFrame, metric: str) -> list[list]:
    """Per-place customdata; item 0, the place_id, is what a map click selects."""
    label = df.label.map(lambda s: f"{s}<br>" if s else "")
    return df.assign(label_=label)[
        ["place_id", "name", "kind", "label_", "mentions", "articles", "events", metric]].values.tolist()


def _line_coords(geom) -> tuple[list, list]:
    """Lon and lat lists of a (Multi)LineString, parts separated by None."""
    lons, lats = [], []
    for line in shapely.get_parts(geom):
        xy = shapely.get_coordinates(line)
        lons += [*xy[:, 0].tolist(), None]
        lats += [*xy[:, 1].tolist(), None]
    return lons, lats


def _legend_name(kind: str, names: list[str]) -> str:
    """One legend entry per layer: the place itself when it is alone, else the kind and the count."""
    unique = list(dict.fromkeys(names))
    return f"{kind}: {unique[0]}" if len(unique) == 1 else f"{kind} ({len(unique)})"


def _basemap_trace(base: gpd.GeoSeries, names: dict, skip: set[str]) -> go.Choroplethmap:
    """Grey countries under everything but those shaded above, which would only weigh the page."""
    ids = [k for k in base.index if k in names and k not in skip]
    return go.Choroplethmap(
        geojson=_collection(base, ids), locations=ids, z=[0] * len(ids),
        text=[names[k] for k in ids],
        colorscale=[[0, "#e8eaed"], [1, "#e8eaed"]], showscale=False, marker_line_color="#ffffff",
        marker_line_width=0.6, hovertemplate="%{text}<extra></extra>", name="Countries",
        showlegend=False,
    )


def _area_trace(part: pd.DataFrame, shapes: gpd.GeoSeries, metric: str, name: str,
                line: tuple[str, float]) -> go.Choroplethmap:
    """Areas shaded on the shared color axis, outlined with `line` (color, width)."""
    ids = part.place_id.tolist()
    return go.Choroplethmap(
        geojson=_collection(shapes, ids), locations=ids, z=part[metric].tolist(),
        coloraxis="coloraxis", customdata=_custom(part, metric), hovertemplate=_hover(metric),
        name=name, marker_line_color=line[0], marker_line_width=line[1], marker_opacity=0.85,
        showlegend=True,
    )


def _border_traces(borders: pd.DataFrame, shapes: gpd.GeoSeries,
                   metric: str) -> list[go.Scattermap]:
    """One line trace per border under a single legend entry; vertices carry only the place_id.

    The hover text is written into each trace's template, so a long border does not repeat its
    numbers at every vertex.
    """
    name = _legend_name("Border", borders.name.tolist())
    traces = []
    for i, (row, data) in enumerate(zip(borders.itertuples(index=False), _custom(borders, metric))):
        lons, lats = _line_coords(shapes[row.place_id])
        hover = _hover(metric)
        for j, value in enumerate(data):
            hover = hover.replace(f"%{{customdata[{j}]}}", str(value))
        traces.append(go.Scattermap(
            lon=lons, lat=lats, mode="lines", line={"color": "#b91c1c", "width": 4},
            customdata=[[row.place_id]] * len(lons), hovertemplate=hover, name=name,
            legendgroup="borders", showlegend=i == 0))
    return traces


def _shaded_countries(areas: pd.DataFrame) -> set[str]:
    """ISO codes of the countries drawn as shaded areas (their grey basemap copy is redundant)."""
    one = areas[(areas.kind == "country") & ~areas.country_codes.str.contains(";")]
    return set(one.country_codes)


def map_figure(df: pd.DataFrame, shapes: gpd.GeoSeries, base: gpd.GeoSeries, names: dict,
               metric: str, picked: str | None) -> go.Figure:
    """MapLibre figure on a blank style: basemap, shaded and disputed areas, borders, points.

    Areas and points share one color axis, so a city and a country with the same value look alike.
    """
    layers = map_layers(df, shapes)
    fig = go.Figure(_basemap_trace(base, names, _shaded_countries(layers["area"])))
    values = df[metric] if len(df) else pd.Series([0.0])
    if metric == "tension":
        shaded = values[values != 0].abs()
        bound = max(float(shaded.quantile(0.95)) if len(shaded) else 0.0, 1.0)  # outliers saturate
        scale = {"colorscale": TENSION_SCALE, "cmin": -bound, "cmax": bound}
    else:
        scale = {"colorscale": SHADE_SCALE, "cmin": 0, "cmax": max(float(values.max()), 1.0)}
    if not layers["area"].empty:
        fig.add_trace(_area_trace(layers["area"], shapes, metric, "Countries & regions",
                                  ("#7a7a7a", 0.8)))
    disputed = layers["disputed"]
    if not disputed.empty:
        name = _legend_name("Disputed", [f"{n} ({lab.split(':')[-1].strip()})"
                                         for n, lab in zip(disputed.name, disputed.label)])
        fig.add_trace(_area_trace(disputed, shapes, metric, name, ("#6d28d9", 3.0)))
    if not layers["border"].empty:
        fig.add_traces(_border_traces(layers["border"], shapes, metric))
    points, vast = layers["point"], layers["point"].kind.isin(VAST)
    for name, part in (("Cities & points", points[~vast]), ("Seas & continents", points[vast])):
        if part.empty:
            continue
        vast_part = name.startswith("Seas")
        size = (9 + 5 * part.mentions.clip(upper=16) ** 0.5) * (0.6 if vast_part else 1)
        fig.add_trace(go.Scattermap(
            lon=part.lon, lat=part.lat, mode="markers",
            marker={"size": size + 4, "color": "#475569"},
            hoverinfo="skip", showlegend=False, name="outline",
        ))
        color = ({"color": "#cbd5e1"} if vast_part
                 else {"color": part[metric].tolist(), "coloraxis": "coloraxis"})
        fig.add_trace(go.Scattermap(
            lon=part.lon, lat=part.lat, mode="markers", marker={"size": size, **color},
            customdata=_custom(part, metric), hovertemplate=_hover(metric), name=name,
        ))
    if picked is not None and picked in set(df.place_id):
        row = df[df.place_id == picked].iloc[0]
        if pd.notna(row.lat):  # on top, translucent, deaf to the pointer: what it marks stays live
            fig.add_trace(go.Scattermap(
                lon=[row.lon], lat=[row.lat], mode="markers",
                marker={"size": 36, "color": "#facc15", "opacity": 0.6},
                hoverinfo="skip", name=f"Selected: {row['name']}",
            ))
    center, zoom = _fit(df)
    fig.update_layout(
        map={"style": "white-bg", "center": center, "zoom": zoom},
        coloraxis={**scale,
                   "colorbar": {"title": {"text": METRIC_TITLES[metric]}, "thickness": 12,
                                "len": 0.45, "x": 0.99, "xanchor": "right", "y": 0.9,
                                "yanchor": "top", "bgcolor": "rgba(255,255,255,0.85)"}},
        margin={"l": 0, "r": 0, "t": 0, "b": 0}, height=MAP_HEIGHT, clickmode="event+select",
        legend={"orientation": "h", "yanchor": "top", "y": -0.01, "xanchor": "left", "x": 0},
    )
    return fig


def tension_figure(series: pd.DataFrame, period: str) -> go.Figure:
    """Hostile (up) and cooperative (down) parts as bars per period, the net tension as a line."""
    mode = "lines+markers" if len(series) <= 60 else "lines"
    hover = f"%{{x|%Y-%m-%d}}: %{{y:.1f}} per 100 articles<extra>%{{fullData.name}}</extra>"
    fig = go.Figure([
        go.Bar(x=series.date, y=series.conflict, name="conflict", marker_color="#f59e0b",
               hovertemplate=hover),
        go.Bar(x=series.date, y=series.cooperation, name="cooperation", marker_color="#60a5fa",
               hovertemplate=hover),
        go.Scatter(x=series.date, y=series.tension, mode=mode, name="net tension",
                   line={"color": "#b91c1c", "width": 2}, hovertemplate=hover),
    ])
    days = (pd.to_datetime(series.date).max() - pd.to_datetime(series.date).min()).days if len(series) else 0
    if days <= 14:
        ticks = {"tickformat": "%Y-%m-%d", "dtick": 86_400_000 * max(1, math.ceil(days / 6))}
    elif period == "month" and len(series) <= 12:
        ticks = {"tickformat": "%Y-%m", "dtick": "M1"}
    else:
        ticks = {}
    fig.update_layout(height=300, margin={"l": 10, "r": 10, "t": 10, "b": 10}, barmode="relative",
                      legend={"orientation": "h", "y": -0.15}, yaxis_title=f"per 100 articles, by {period}",
                      xaxis={"type": "date", **ticks}, bargap=0.1)
    return fig


def map_geojson(df: pd.DataFrame, shapes: gpd.GeoSeries, metric: str) -> str:
    """The map layer as a GeoJSON FeatureCollection: one feature per place shown, with its numbers.

    A place without a shape is its point; the feature id and properties are the map's own columns.
    """
    geometry = [shape if shape is not None else shapely.Point(lon, lat) if pd.notna(lat) else None
                for shape, lon, lat in zip(map(shapes.get, df.place_id), df.lon, df.lat)]
    layer = gpd.GeoDataFrame(df.drop(columns=["lat", "lon"]).assign(metric=metric),
                             geometry=geometry)
    return layer.set_index("place_id", drop=False).to_json(ensure_ascii=False)


# ---------------------------------------------------------------- page parts


def evidence_table(df: pd.DataFrame, label: str, name: str, key: str, height: int) -> None:
    """The first ROW_CAP rows (newest first) with their CSV; past the cap, the whole result on demand."""
    shown = df.head(ROW_CAP)
    st.dataframe(shown, hide_index=True, key=f"{name}_table", height=_fitted(shown, height), column_config=WIDE)
    if shown.empty:
        st.caption("Nothing matches these filters.")
    elif len(df) > ROW_CAP:
        st.caption(f"Showing the newest {ROW_CAP:,} of {len(df):,} rows; the first CSV holds these rows. "
                   "Pick a place or narrow the filters to see the others.")
    buttons = st.columns(2)
    with buttons[0]:
        csv_button(shown, f"{label} (CSV)", name, key)
    if len(df) > ROW_CAP:
        with buttons[1]:
            st.download_button(f"All {len(df):,} rows (CSV)", lambda: df.to_csv(index=False).encode("utf-8"),
                               file_name=f"{name}_all.csv", mime="text/csv", key=f"{key}_all",
                               on_click="ignore")


def _fitted(df: pd.DataFrame, height: int) -> int:
    """Table height in px: `height`, or less for a short result, so no empty rows show."""
    return min(height, ROW_PX * (len(df) + 1) + 3)


def csv_button(df: pd.DataFrame, label: str, name: str, key: str) -> None:
    """Download button carrying exactly `df` as CSV."""
    st.download_button(label, df.to_csv(index=False).encode("utf-8"), file_name=f"{name}.csv",
                       mime="text/csv", key=key, on_click="ignore")


def store_summary(store: Store) -> str:
    """One line on what the store holds, so every number below has its scale."""
    r = store.sql("""SELECT (SELECT count(*) FROM articles WHERE error IS NULL) AS articles,
                            (SELECT count(DISTINCT source) FROM articles WHERE error IS NULL) AS outlets,
                            (SELECT min(date) FROM articles) AS lo, (SELECT max(date) FROM articles) AS hi,
                            (SELECT count(DISTINCT place_id) FROM places) AS places,
                            (SELECT count(DISTINCT actor_id) FROM actors) AS actors,
                            (SELECT count(*) FROM statements) AS statements,
                            (SELECT count(*) FROM indicators) AS events""").iloc[0]
    dates = f" from {pd.Timestamp(r.lo).date()} to {pd.Timestamp(r.hi).date()}" if pd.notna(r.lo) else ""
    return (f"{_count(r.articles, 'article')} from {_count(r.outlets, 'outlet')}{dates} · "
            f"{_count(r.places, 'place')} · {_count(r.actors, 'actor')} · {_count(r.statements, 'statement')}"
            f" · {_count(r.events, 'event report')}")


def _count(n: int, noun: str) -> str:
    """'1 article', '2,000 articles'."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def sidebar(store: Store) -> Filters:
    """The filter widgets: actor, date range, country, indicator types."""
    st.sidebar.header("Filters")
    actors = store.sql("""SELECT actor_id, mode(name) AS name, mode(type) AS type, mode(country) AS country,
                                 CAST(sum(n_mentions) AS INTEGER) AS n
                          FROM actors GROUP BY actor_id ORDER BY n DESC, name""")
    labels = {r.actor_id: f"{r.name} ({r.type}{', ' + r.country if isinstance(r.country, str) else ''})"
                          f" · {r.n}" for r in actors.itertuples()}
    actor = st.sidebar.selectbox(f"Actor — {len(labels)}, most mentioned first; type to search",
                                 [ALL] + list(labels), key="actor",
                                 help="Name (type, country) · mentions in the store. With an actor, the "
                                      "tension index counts only the events it is source or target of.",
                                 format_func=lambda a: labels.get(a, "All actors"))
    span = store.sql("""SELECT min(date) AS lo, max(date) AS hi, count(*) FILTER (WHERE date IS NULL) AS undated
                         FROM articles WHERE error IS NULL""").iloc[0]
    start = end = lo = hi = None
    if pd.notna(span.lo):
        lo, hi = pd.Timestamp(span.lo).date(), pd.Timestamp(span.hi).date()
        undated = (f"{span.undated:,} undated article(s) are left out once a range is set."
                   if span.undated else None)
        picked = st.sidebar.date_input("Date range", (lo, hi), min_value=lo, max_value=hi, key="dates",
                                       help=undated)
        if isinstance(picked, (tuple, list)) and len(picked) == 2 and tuple(picked) != (lo, hi):
            start, end = picked
    countries = store.sql("""
        SELECT c AS code, count(*) AS n FROM (
            SELECT unnest(country_codes) AS c FROM places
            UNION ALL SELECT country FROM actors
            UNION ALL SELECT source_country FROM indicators
            UNION ALL SELECT target_country FROM indicators)
        WHERE c IS NOT NULL AND c <> '' GROUP BY c ORDER BY n DESC, c""")
    names = basemap_names(store)
    counts = dict(zip(countries.code, countries.n))
    country = st.sidebar.selectbox(
        f"Country — {len(counts)}, most cited first", [ALL] + countries.code.tolist(), key="country",
        format_func=lambda c: "All countries" if c == ALL else f"{names.get(c, c)} ({c}) · {counts[c]}",
        help="Name (code) · places, actors and event sides of the country in the store.")
    types = store.sql("SELECT type FROM indicators GROUP BY type ORDER BY count(*) DESC, type").type.tolist()
    chosen = st.sidebar.multiselect("Indicator type", types, key="types", placeholder="All types",
                                    help="PLOVER event types, most frequent first.")
    return Filters(actor=None if actor == ALL else actor, country=None if country == ALL else country,
                   types=tuple(chosen), start=start, end=end, span=(lo, hi))


def _pick_from_map() -> None:
    """on_select callback: a clicked map feature becomes the picked place of the selectbox."""
    selection = st.session_state.get("map", {}).get("selection", {})
    for point in selection.get("points", []):
        custom = point.get("customdata") or []
        place = custom[0] if custom else point.get("location")
        if place:
            st.session_state["place"] = place
            return


def _pick_from_hotspots() -> None:
    """on_select callback: a row picked in the place hotspots becomes the picked place."""
    rows = st.session_state.get("places_tension_table", {}).get("selection", {}).get("rows", [])
    ids = st.session_state.get("hotspot_ids", [])
    if rows and rows[0] < len(ids):
        st.session_state["place"] = ids[rows[0]]


def place_picker(places: pd.DataFrame) -> str | None:
    """Selectbox of the map's places: the keyboard (and test) route to what a map click does."""
    labels = {r.place_id: f"{r.name} ({r.kind}{', ' + r.label if r.label else ''}) · {r.mentions} mention(s)"
              for r in places.itertuples()}
    if st.session_state.get("place") not in labels:
        st.session_state["place"] = ALL
    box, clear = st.columns([5, 1], vertical_alignment="bottom")
    pick = box.selectbox("Place (or click one on the map)", [ALL] + list(labels), key="place",
                         format_func=lambda p: labels.get(p, "All places"))
    clear.button("Clear", key="clear_place", disabled=pick == ALL, on_click=_clear_place,
                 help="Back to all places", width="stretch")
    return None if pick == ALL else pick


def _clear_place() -> None:
    """on_click callback: forget the picked place."""
    st.session_state["place"] = ALL


FLAG_VIEWS = {"all": "all reports", "fact": "stated as fact", "flagged": "flagged only"}


def flag_view(events: pd.DataFrame, view: str) -> pd.DataFrame:
    """The event rows of one flag view: all, those without a flag, or the flagged ones alone."""
    if view == "all":
        return events
    keep = events["flags"] == "" if view == "fact" else events["flags"] != ""
    return events[keep].reset_index(drop=True)


@st.fragment
def tension_panel(store: Store, f: Filters) -> None:
    """Tension over time and its CSV; a fragment, so changing the period redraws this panel alone."""
    lo, hi = f.start or f.span[0], f.end or f.span[1]
    auto = period_for((hi - lo).days) if lo and hi else "day"
    period = st.radio("Tension per", ["auto", *PERIODS], horizontal=True, key="period",
                      format_func=lambda p: f"auto ({auto})" if p == "auto" else p)
    period = auto if period == "auto" else period
    series = tension_series(store, f, period)
    st.markdown(f"**Tension by {period}**" + (" at this place" if f.place else "")
                + (" — events with this actor as source or target" if f.actor else ""))
    if series.empty:
        st.caption("No events with a non-zero weight match these filters.")
    else:
        st.plotly_chart(tension_figure(series, period), key="tension_chart")
    csv_button(series, f"Tension by {period} (CSV)", f"tension_by_{period}", "dl_tension")


def main() -> None:
    st.set_page_config(page_title="Faultline", layout="wide")
    st.html("<style>[data-testid='stMainBlockContainer']{padding:2.2rem 2rem 2rem 2rem}</style>")
    st.markdown("### Faultline — geopolitical tension monitor")
    store = open_store()
    if store is None:
        return
    st.caption(store_summary(store))
    f = sidebar(store)
    metric = st.sidebar.radio("Shade map by", list(METRIC_TITLES), key="metric",
                              help="tension: the tension index of the events placed there (blue "
                                   "cooperative, red hostile); mentions: how often the place is named; "
                                   "events: event reports placed there.")
    st.sidebar.caption(f"Store: `{store.path}`")
    places = map_places(store, f)
    geoms = _geometries(store.path, store.stamp, "shapes", 0.06)
    base = _geometries(store.path, store.stamp, "basemap", 0.12)

    left, right = st.columns([3, 2], gap="medium")
    with left:
        if places.empty:
            st.info("No place mentions match these filters.")
        fig = map_figure(places, geoms, base, basemap_names(store), metric, st.session_state.get("place"))
        st.plotly_chart(fig, key="map", on_select=_pick_from_map, selection_mode=("points",),
                        config={"scrollZoom": True, "displaylogo": False},
                        alt="Map of the places mentioned, shaded by " + metric)
        shown = places.assign(metric=metric)
        c1, c2, c3 = st.columns(3)
        c1.caption(f"{len(places)} places · {int(places.mentions.sum())} mentions · "
                   f"{int(places.events.sum())} event reports placed at them")
        with c2:
            csv_button(shown, "Map places (CSV)", "map_places", "dl_map_csv")
        with c3:
            st.download_button("Map layer (GeoJSON)", map_geojson(places, geoms, metric).encode("utf-8"),
                               file_name="map_layer.geojson", mime="application/geo+json",
                               key="dl_map_geojson", on_click="ignore")
    with right:
        place = place_picker(places)
        f = replace(f, place=place)
    with left:
        mentions = mention_rows(store, f)
        st.markdown("**Place mentions**" + (" of this place" if place else "")
                    + " — the sentences behind the map")
        evidence_table(mentions, "Place mentions", "place_mentions", "dl_mentions", 210)
    with right:
        actors = actor_rows(store, f)
        head, view = st.columns([5, 2], vertical_alignment="bottom")
        head.markdown("**Actors**" + (" in sentences about this place" if place else ""))
        ranked = view.toggle("Rank", key="actors_ranked",
                             help="One row per actor, most mentioned first, instead of one row per sentence.")
        evidence_table(rank_actors(actors) if ranked else actors, "Actors", "actors", "dl_actors", 210)
        statements = statement_rows(store, f)
        st.markdown("**Statements**" + (" about this place" if place else ""))
        evidence_table(statements, "Statements", "statements", "dl_statements", 210)

    events = event_rows(store, f)
    chart, table = st.columns([1, 2], gap="medium")
    with chart:
        tension_panel(store, f)
    with table:
        st.markdown("**Events**" + (" placed at or naming this place" if place else "")
                    + " — flags: *hypothetical* (conditional or possible), *negated* (said not to happen), "
                      "*historical* (background)")
        counts = {v: len(flag_view(events, v)) for v in FLAG_VIEWS}
        view = st.radio("Show", list(FLAG_VIEWS), horizontal=True, key="flagged",
                        format_func=lambda v: f"{FLAG_VIEWS[v]} ({counts[v]:,})",
                        help="The tension index counts hypothetical reports at half weight and leaves "
                             "negated and historical ones out, whatever is shown here.")
        evidence_table(flag_view(events, view), "Events", "events", "dl_events", 300)

    top_places, top_pairs = hotspots(store, f, basemap_names(store))
    st.markdown("**Hotspots** — tension index (net hostility per 100 articles; negated and historical "
                "reports left out)" + (", events with this actor as source or target" if f.actor else "")
                + ". Pick a place row to see its sentences above.")
    by_place, by_pair = st.columns(2, gap="medium")
    with by_place:
        n_articles = int(store.sql("SELECT count(*) AS n FROM articles").n.iloc[0])
        least = st.number_input("Places reported in at least this many articles", min_value=1,
                                value=min(3, max(n_articles, 1)),
                                key="min_articles", help="One article with a few events gives a huge index; "
                                "this keeps the ranking to places with some coverage.")
        top_places = top_places[top_places.articles >= least].reset_index(drop=True)
        st.session_state["hotspot_ids"] = top_places.place_id.tolist()
        st.dataframe(top_places, hide_index=True, key="places_tension_table", height=_fitted(top_places, 260),
                     on_select=_pick_from_hotspots, selection_mode="single-row")
        csv_button(top_places, "Tension by place (CSV)", "tension_by_place", "dl_tension_places")
    with by_pair:
        st.caption("Country pairs (source and target of an event, either way); their articles are all the "
                   "articles of the period.")
        st.dataframe(top_pairs, hide_index=True, key="pairs_tension_table", height=_fitted(top_pairs, 260))
        csv_button(top_pairs, "Tension by country pair (CSV)", "tension_by_pair", "dl_tension_pairs")


main()
