"""What the dashboard reads from the store: the filters, their SQL clauses and the cached queries.

The store is opened read-only; every table keeps the article id and the sentence each number came
from, and every tension number comes from pipeline.tension, so the index has one formula.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import duckdb
import geopandas as gpd
import pandas as pd
import shapely
import streamlit as st

from pipeline import tension
from pipeline.store import ARTICLE_TABLES, DEFAULT_DB

__all__ = [
    "PERIODS",
    "PROFILE_KINDS",
    "READ",
    "Filters",
    "Store",
    "actor_choices",
    "actor_rows",
    "actor_timeline",
    "article_count",
    "basemap_names",
    "country_choices",
    "date_span",
    "db_path",
    "event_rows",
    "hotspots",
    "indicator_types",
    "map_places",
    "mention_rows",
    "period_for",
    "processed_articles",
    "rank_actors",
    "rising",
    "rising_periods",
    "shapes",
    "statement_rows",
    "store_counts",
    "table_names",
    "tension_series",
]

ROOT = Path(__file__).resolve().parent.parent
READ = ARTICLE_TABLES + ("shapes", "basemap")  # the tables the dashboard reads
PERIODS = tuple(tension.PERIODS)  # day, week, month
SERIES_COLUMNS = ["date", "events", "reports", "articles", "conflict", "cooperation", "tension"]
EXPORT_CAP = 20_000  # newest evidence rows a view holds; `python -m pipeline export` writes all
SCORES = {"conflict": 1, "cooperation": 1, "tension": 1}  # decimals shown
RISING_DAYS = 30  # the period compared with the one before it, when no date range is chosen
RISING_MIN_EVENTS = 5  # events over both periods before a change is ranked
RISING_MIN_ARTICLES = 2  # articles in the current period before a change is ranked
PROFILE_KINDS = ("mentions", "statements", "events")  # what an actor's timeline counts
SPARK_BINS = 16  # points of a rising row's sparkline, over both periods
ARTICLE = (  # what every evidence row cites; a link only when it is a web address
    "art.title, art.source AS outlet, art.date,"
    " CASE WHEN regexp_matches(art.url, '^https?://') THEN art.url END AS url"
)


@dataclass(frozen=True)
class Filters:
    """The sidebar choices plus the picked place; every query narrows by these."""

    actor: str | None = None
    country: str | None = None
    types: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    place: str | None = None
    span: tuple[date | None, date | None] = (None, None)  # article dates, which bound event dates


# ---------------------------------------------------------------- store access


def db_path() -> Path:
    """FAULTLINE_DB, else the pipeline's default store under the project folder."""
    return Path(os.environ.get("FAULTLINE_DB") or ROOT / DEFAULT_DB)


@st.cache_resource(show_spinner=False, max_entries=2)
def _connect(path: str, stamp: float) -> duckdb.DuckDBPyConnection:
    """One read-only connection per store file version (`stamp` is its mtime)."""
    return duckdb.connect(path, read_only=True)


@st.cache_data(show_spinner=False, max_entries=512)
def _query(path: str, stamp: float, sql: str, params: tuple = ()) -> pd.DataFrame:
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
        """The result of one cached query on this store version."""
        return _query(self.path, self.stamp, sql, tuple(params))

    @property
    def version(self) -> str:
        """Which snapshot is served: the pipeline names each for the checksum of its tables, so
        exports and `?health` cite what `pipeline.store.version` reports.
        """
        return Path(self.path).stem


def table_names(store: Store) -> set[str]:
    """The tables the store holds; raises duckdb.Error if it cannot be read (locked, not DuckDB)."""
    return set(store.sql("SELECT table_name FROM information_schema.tables").table_name)


def processed_articles(store: Store) -> int:
    """Articles the pipeline processed without error."""
    return int(store.sql("SELECT count(*) AS n FROM articles WHERE error IS NULL").n.iloc[0])


def article_count(store: Store) -> int:
    """Every article row, failed ones included."""
    return int(store.sql("SELECT count(*) AS n FROM articles").n.iloc[0])


def store_counts(store: Store) -> pd.Series:
    """What the store holds: articles, outlets, date span, places, actors, statements, events."""
    return store.sql("""
        SELECT (SELECT count(*) FROM articles WHERE error IS NULL) AS articles,
               (SELECT count(DISTINCT source) FROM articles WHERE error IS NULL) AS outlets,
               (SELECT min(date) FROM articles) AS lo, (SELECT max(date) FROM articles) AS hi,
               (SELECT count(DISTINCT place_id) FROM places) AS places,
               (SELECT count(DISTINCT actor_id) FROM actors) AS actors,
               (SELECT count(*) FROM statements) AS statements,
               (SELECT count(*) FROM indicators) AS events""").iloc[0]


def actor_choices(store: Store) -> pd.DataFrame:
    """Every actor of the store once: id, name, type, country and mentions, most mentioned first."""
    return store.sql("""
        SELECT actor_id, mode(name) AS name, mode(type) AS type, mode(country) AS country,
               CAST(sum(n_mentions) AS INTEGER) AS n
        FROM actors GROUP BY actor_id ORDER BY n DESC, name""")


def date_span(store: Store) -> pd.Series:
    """First and last date of the processed articles (lo, hi) and how many are undated."""
    return store.sql("""
        SELECT min(date) AS lo, max(date) AS hi, count(*) FILTER (WHERE date IS NULL) AS undated
        FROM articles WHERE error IS NULL""").iloc[0]


def country_choices(store: Store) -> pd.DataFrame:
    """Country codes with how often places, actors and event sides cite them, most cited first."""
    return store.sql("""
        SELECT c AS code, count(*) AS n FROM (
            SELECT unnest(country_codes) AS c FROM places
            UNION ALL SELECT country FROM actors
            UNION ALL SELECT source_country FROM indicators
            UNION ALL SELECT target_country FROM indicators)
        WHERE c IS NOT NULL AND c <> '' GROUP BY c ORDER BY n DESC, c""")


def indicator_types(store: Store) -> list[str]:
    """The PLOVER types of the store's events, most frequent first."""
    return store.sql(
        "SELECT type FROM indicators GROUP BY type ORDER BY count(*) DESC, type"
    ).type.tolist()


def basemap_names(store: Store) -> dict[str, str]:
    """Country name per ISO alpha-2 code, from the basemap."""
    return dict(store.sql("SELECT iso_a2, name FROM basemap").itertuples(index=False))


@st.cache_data(show_spinner=False)
def _shapes(path: str, stamp: float, table: str) -> gpd.GeoSeries:
    """The shapes of `table`, keyed by place_id (shapes) or iso_a2 (basemap), stored at map scale.

    A stored GeoJSON that does not parse is left out rather than failing the page.
    """
    key = "place_id" if table == "shapes" else "iso_a2"
    rows = _query(path, stamp, f"SELECT {key}, geojson FROM {table} WHERE geojson IS NOT NULL")
    shapes = gpd.GeoSeries(
        shapely.from_geojson(rows.geojson.to_numpy(), on_invalid="ignore"), index=rows[key].map(str)
    )
    return shapes[shapes.notna()]


def shapes(store: Store, table: str) -> gpd.GeoSeries:
    """The shapes of `table` ("shapes" or "basemap"), as the pipeline stored them for the map."""
    return _shapes(store.path, store.stamp, table)


# ---------------------------------------------------------------- filter clauses


def _scope(f: Filters, alias: str) -> tuple[list[str], list]:
    """The date-range clause shared by every article-level table."""
    if f.start is None or f.end is None:
        return [], []
    return (
        [f"{alias}.article_id IN (SELECT article_id FROM articles WHERE date BETWEEN ? AND ?)"],
        [f.start, f.end],
    )


def _in_sentence(alias: str) -> str:
    """Condition that place mention `p` lies inside the sentence of row `alias`."""
    return (
        f"p.article_id = {alias}.article_id AND p.start >= {alias}.sentence_start"
        f" AND p.start < {alias}.sentence_end"
    )


def _typed(f: Filters, alias: str) -> tuple[list[str], list]:
    """With indicator types chosen, rows of `alias` whose sentence reports an event of those."""
    if not f.types:
        return [], []
    return (
        [
            f"EXISTS (SELECT 1 FROM indicators t WHERE t.article_id = {alias}.article_id"
            f" AND t.start >= {alias}.sentence_start AND t.start < {alias}.sentence_end"
            f" AND t.type IN ({', '.join('?' * len(f.types))}))"
        ],
        list(f.types),
    )


def _place_where(f: Filters) -> tuple[str, list]:
    """Place mentions in scope: in the country, or in a sentence naming or quoting the actor; with
    types chosen, in a sentence reporting an event of one of them."""
    clauses, params = _scope(f, "p")
    typed, typed_params = _typed(f, "p")
    clauses, params = clauses + typed, params + typed_params
    if f.country:
        clauses.append("list_contains(p.country_codes, ?)")
        params.append(f.country)
    if f.actor:
        clauses.append(
            "(EXISTS (SELECT 1 FROM actor_mentions m WHERE m.article_id = p.article_id"
            " AND m.actor_id = ? AND p.start >= m.sentence_start AND p.start < m.sentence_end)"
            " OR EXISTS (SELECT 1 FROM statements s WHERE s.article_id = p.article_id"
            " AND s.speaker_actor_id = ? AND (list_contains(s.place_ids, p.place_id)"
            " OR (p.start >= s.sentence_start AND p.start < s.sentence_end))))"
        )
        params += [f.actor, f.actor]
    return " AND ".join(clauses) or "TRUE", params


def _place_link(alias: str, f: Filters, with_ids: str | None = None) -> tuple[list[str], list]:
    """Clause tying row `alias` to the picked place: named in its sentence or `with_ids` list."""
    clauses, params = [], []
    if f.place:
        ids = f" OR list_contains({with_ids}, ?)" if with_ids else ""
        clauses.append(
            f"(EXISTS (SELECT 1 FROM places p WHERE {_in_sentence(alias)} AND p.place_id = ?){ids})"
        )
        params += [f.place] + ([f.place] if with_ids else [])
    return clauses, params


def _mention_where(f: Filters) -> tuple[str, list]:
    """Actor mentions in scope: the actor itself, actors of the country or in sentences about it."""
    clauses, params = _scope(f, "m")
    typed, typed_params = _typed(f, "m")
    clauses, params = clauses + typed, params + typed_params
    if f.actor:
        clauses.append("m.actor_id = ?")
        params.append(f.actor)
    if f.country:
        clauses.append(
            "(a.country = ? OR EXISTS (SELECT 1 FROM places p WHERE "
            f"{_in_sentence('m')} AND list_contains(p.country_codes, ?)))"
        )
        params += [f.country, f.country]
    more, more_params = _place_link("m", f)
    return " AND ".join(clauses + more) or "TRUE", params + more_params


def _statement_where(f: Filters) -> tuple[str, list]:
    """Statements in scope: by the actor; by someone of the country or about a place in it."""
    clauses, params = _scope(f, "s")
    typed, typed_params = _typed(f, "s")
    clauses, params = clauses + typed, params + typed_params
    if f.actor:
        clauses.append("s.speaker_actor_id = ?")
        params.append(f.actor)
    if f.country:
        clauses.append(
            "(a.country = ? OR EXISTS (SELECT 1 FROM places p WHERE "
            f"{_in_sentence('s')} AND list_contains(p.country_codes, ?))"
            " OR EXISTS (SELECT 1 FROM places p WHERE p.article_id = s.article_id"
            " AND list_contains(s.place_ids, p.place_id) AND list_contains(p.country_codes, ?)))"
        )
        params += [f.country, f.country, f.country]
    more, more_params = _place_link("s", f, with_ids="s.place_ids")
    return " AND ".join(clauses + more) or "TRUE", params + more_params


def _indicator_where(f: Filters, with_place: bool = True) -> tuple[str, list]:
    """Events in scope: of the chosen types, the actor or country on a side or in the sentence."""
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
            f"{_in_sentence('i')} AND list_contains(p.country_codes, ?)))"
        )
        params += [f.country, f.country, f.country]
    if with_place and f.place:
        clauses.append(
            f"(i.place_id = ? OR EXISTS (SELECT 1 FROM places p WHERE"
            f" {_in_sentence('i')} AND p.place_id = ?))"
        )
        params += [f.place, f.place]
    return " AND ".join(clauses) or "TRUE", params


# ---------------------------------------------------------------- tension, from pipeline.tension


def _tension_args(f: Filters) -> dict:
    """The filters as pipeline.tension's arguments.

    Without a date range, events are kept within a month of the articles' dates: an event dated
    decades back (or mis-dated ahead) would stretch the time axis for nothing.
    """
    lo, hi = (
        d and d + timedelta(days=days)
        for d, days in zip(f.span, (-tension.EVENT_MARGIN, tension.EVENT_MARGIN))
    )
    start, end = f.start or lo, f.end or hi
    return {
        "start": start and start.isoformat(),
        "end": end and end.isoformat(),
        "countries": [f.country] if f.country else None,
        "types": list(f.types) or None,
        "actors": [f.actor] if f.actor else None,
    }


@st.cache_data(show_spinner=False, max_entries=256)
def _tension(path: str, stamp: float, fn: str, f: Filters, **kwargs) -> pd.DataFrame:
    """`pipeline.tension.<fn>` under the filters, on a private cursor of the store; the unfiltered
    index comes from the tables the pipeline computed when it published.
    """
    con = _connect(path, stamp).cursor()
    args = _tension_args(f)
    try:
        stored = _stored_tension(con, fn, args, kwargs)
        return stored if stored is not None else getattr(tension, fn)(con, **args, **kwargs)
    finally:
        con.close()


STORED = {"by_day": "tension_days", "by_place": "tension_places", "by_pair": "tension_pairs"}


def _stored_tension(con, fn: str, args: dict, kwargs: dict) -> pd.DataFrame | None:
    """The index the pipeline stored at publish, if the view asks for exactly that: no filter but
    the default dates, per day, week or month, place or pair; else None.
    """
    if any(args[k] for k in ("countries", "types", "actors")) or kwargs.get("daily"):
        return None
    if kwargs.get("place") or fn not in STORED:
        return None
    try:
        found = con.execute("SELECT value FROM meta WHERE key = 'tension_window'").fetchone()
    except duckdb.CatalogException:  # a store published before the index was stored
        return None
    if found is None or found[0] != f"{args['start']},{args['end']}":
        return None
    if fn != "by_day":
        return con.execute(f"SELECT * FROM {STORED[fn]} ORDER BY ALL").df()
    period = kwargs.get("period", "day")
    df = con.execute(
        "SELECT * EXCLUDE (period) FROM tension_days WHERE period = ? ORDER BY date", [period]
    ).df()
    df["date"] = pd.to_datetime(df["date"])
    return df


def _tension_table(store: Store, fn: str, f: Filters, **kwargs) -> pd.DataFrame:
    """A cached pipeline.tension table (`by_day`, `by_place`, `by_pair`) under the filters."""
    return _tension(store.path, store.stamp, fn, replace(f, place=None), **kwargs).copy()


def period_for(days: int) -> str:
    """Day points up to four months, weeks up to three years, months beyond."""
    return "day" if days <= 120 else "week" if days <= 3 * 365 else "month"


def tension_series(store: Store, f: Filters, period: str = "day") -> pd.DataFrame:
    """Tension index per day, week (from Monday) or month, of the picked place alone if one is."""
    df = _tension_table(store, "by_day", f, period=period, place=f.place)[SERIES_COLUMNS]
    df["date"] = _day(df["date"])
    return df.round(SCORES)


def hotspots(store: Store, f: Filters, names: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Places and country pairs ranked by tension index under the filters."""
    places = _tension_table(store, "by_place", f)
    places["country_codes"] = places.country_codes.map(_joined)
    places = places[
        [
            "name",
            "tension",
            "articles",
            "events",
            "reports",
            "conflict",
            "cooperation",
            "kind",
            "country_codes",
            "place_id",
        ]
    ]
    pairs = _tension_table(store, "by_pair", f)
    pairs.insert(
        0,
        "pair",
        [
            f"{names.get(a, a)} – {names.get(b, b)}"
            for a, b in zip(pairs.country_a, pairs.country_b)
        ],
    )
    ranked = ["pair", "tension", "articles", "events", "reports", "conflict", "cooperation"]
    pairs = pairs[ranked + [c for c in pairs.columns if c not in ranked]]
    rank = {"by": ["tension", "events"], "ascending": False}
    return tuple(
        df.sort_values(**rank, kind="stable").round(SCORES).reset_index(drop=True)
        for df in (places, pairs)
    )


# ---------------------------------------------------------------- rows for each view


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
    """One row per place shown on the map: its mentions, the event reports placed there, tension.

    Events count by their `place_id`, as pipeline.tension does, so a place's count and its tension
    agree.
    """
    where, params = _place_where(f)
    ind_where, ind_params = _indicator_where(f, with_place=False)
    df = store.sql(
        f"""
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
        GROUP BY p.place_id ORDER BY mentions DESC, name""",
        params + ind_params,
    )
    df["country_codes"] = df.country_codes.map(_joined)
    df["label"] = df.label.fillna("")
    by_place = _tension_table(store, "by_place", f)
    scores = by_place.set_index("place_id")["tension"] if len(by_place) else pd.Series(dtype=float)
    df["tension"] = df.place_id.map(scores).fillna(0.0).round(1)
    return df


def _capped(df: pd.DataFrame) -> pd.DataFrame:
    """The rows without their window count, which `attrs["total"]` keeps: how many matched before
    EXPORT_CAP.
    """
    total = int(df.total_rows.iloc[0]) if len(df) else 0
    df = df.drop(columns="total_rows")
    df.attrs["total"] = total
    return df


def mention_rows(store: Store, f: Filters) -> pd.DataFrame:
    """Every place mention behind the map's counts, with its sentence; newest articles first."""
    where, params = _place_where(f)
    if f.place:
        where += " AND p.place_id = ?"
        params.append(f.place)
    df = store.sql(
        f"""
        SELECT p.name AS place, p.text, p.role, p.sentence, {ARTICLE}, p.article_id, p.kind,
               p.place_id, p.start, p."end", p.sentence_start, count(*) OVER () AS total_rows
        FROM places p JOIN articles art ON art.article_id = p.article_id WHERE {where}
        ORDER BY art.date DESC NULLS LAST, p.article_id, p.start LIMIT {EXPORT_CAP}""",
        params,
    )
    df["date"] = _day(df["date"])
    return _capped(df)


def actor_rows(store: Store, f: Filters) -> pd.DataFrame:
    """Actors mentioned in scope, one row per actor and sentence (newest first), with its count."""
    where, params = _mention_where(f)
    df = store.sql(
        f"""
        SELECT a.name AS actor, count(*) AS mentions, m.sentence, {ARTICLE}, m.article_id,
               a.type, a.country, a.role, m.actor_id, min(m.start) AS start,
               arg_min(m."end", m.start) AS "end", min(m.sentence_start) AS sentence_start
        FROM actor_mentions m
        JOIN actors a ON a.article_id = m.article_id AND a.actor_id = m.actor_id
        JOIN articles art ON art.article_id = m.article_id
        WHERE {where}
        GROUP BY ALL
        ORDER BY art.date DESC NULLS LAST, m.article_id, min(m.sentence_start), actor""",
        params,
    )
    df["date"] = _day(df["date"])
    return df


def rank_actors(rows: pd.DataFrame) -> pd.DataFrame:
    """The actor rows summed per actor: mentions, sentences and articles, most mentioned first."""
    ranked = (
        rows.groupby("actor_id", sort=False)
        .agg(
            actor=("actor", "first"),
            type=("type", "first"),
            country=("country", "first"),
            mentions=("mentions", "sum"),
            sentences=("sentence", "size"),
            articles=("article_id", "nunique"),
            latest=("date", "max"),
        )
        .reset_index()
    )
    columns = [
        "actor",
        "type",
        "country",
        "mentions",
        "sentences",
        "articles",
        "latest",
        "actor_id",
    ]
    return (
        ranked[columns]
        .sort_values(
            ["mentions", "articles", "actor"], ascending=[False, False, True], kind="stable"
        )
        .reset_index(drop=True)
    )


def statement_rows(store: Store, f: Filters) -> pd.DataFrame:
    """Statements in scope with the speaker's name, sentence and the places named; newest first."""
    where, params = _statement_where(f)
    df = store.sql(
        f"""
        SELECT coalesce(a.name, s.speaker) AS speaker, s.content, s.sentence, {ARTICLE},
               s.article_id, s.cue, s.direct, s.place_ids AS places, s.speaker_actor_id,
               s.content_start AS start, s.content_end AS "end", s.speaker_start, s.speaker_end,
               s.sentence_start, count(*) OVER () AS total_rows
        FROM statements s
        LEFT JOIN actors a ON a.article_id = s.article_id AND a.actor_id = s.speaker_actor_id
        JOIN articles art ON art.article_id = s.article_id
        WHERE {where}
        ORDER BY art.date DESC NULLS LAST, s.article_id, s.idx LIMIT {EXPORT_CAP}""",
        params,
    )
    df["places"] = df.places.map(_joined)
    df["date"] = _day(df["date"])
    return _capped(df)


def event_rows(store: Store, f: Filters) -> pd.DataFrame:
    """Indicators in scope with names, flags and the evidence sentence; newest articles first."""
    where, params = _indicator_where(f)
    df = store.sql(
        f"""
        SELECT coalesce(i.date, art.date) AS date, i.type, i.flags,
               coalesce(sa.name, i.source_actor_id) AS source,
               coalesce(ta.name, i.target_actor_id) AS target,
               (SELECT any_value(p.name) FROM places p WHERE p.article_id = i.article_id
                 AND p.place_id = i.place_id) AS place,
               i.sentence, art.title, art.source AS outlet, art.date AS published,
               CASE WHEN regexp_matches(art.url, '^https?://') THEN art.url END AS url,
               i.place_id, i.article_id, i.source_country, i.target_country,
               i.quantity_value, i.quantity_unit, i.quantity_approx, i.mode, i.contexts, i.cue,
               i.event_id, i.start, i."end", i.sentence_start, count(*) OVER () AS total_rows
        FROM indicators i
        JOIN articles art ON art.article_id = i.article_id
        LEFT JOIN actors sa ON sa.article_id = i.article_id AND sa.actor_id = i.source_actor_id
        LEFT JOIN actors ta ON ta.article_id = i.article_id AND ta.actor_id = i.target_actor_id
        WHERE {where}
        ORDER BY published DESC NULLS LAST, i.article_id, i.idx LIMIT {EXPORT_CAP}""",
        params,
    )
    for col in ("contexts", "flags"):
        df[col] = df[col].map(_joined)
    df["date"], df["published"] = _day(df["date"]), _day(df["published"])
    return _capped(df)


def rising_periods(f: Filters) -> tuple[tuple[date, date], tuple[date, date]] | None:
    """The current period (the chosen dates, else the store's last RISING_DAYS days) and the one
    of the same length just before it; None for a store without dates."""
    hi = f.end or f.span[1]
    if hi is None:
        return None
    lo = f.start or max(hi - timedelta(days=RISING_DAYS - 1), f.span[0] or hi)
    days = (hi - lo).days + 1
    return (lo, hi), (lo - timedelta(days=days), lo - timedelta(days=1))


def rising(store: Store, f: Filters, kind: str, names: dict[str, str]) -> pd.DataFrame:
    """Places (`kind="place"`) or country pairs (`"pair"`) ranked by the change of the tension
    index against the previous period of the same length, with a sparkline over both periods.

    Only groups with RISING_MIN_EVENTS events over both periods and RISING_MIN_ARTICLES articles
    in the current one are ranked: on fewer, a change is noise.
    """
    periods = rising_periods(f)
    if periods is None:
        return pd.DataFrame()
    (lo, hi), (before_lo, before_hi) = periods
    place = kind == "place"
    fn, keys = ("by_place", ["place_id"]) if place else ("by_pair", ["country_a", "country_b"])
    now = _tension_table(store, fn, replace(f, start=lo, end=hi))
    before = _tension_table(store, fn, replace(f, start=before_lo, end=before_hi))
    cols = keys + ["tension", "events", "articles"]
    both = now[cols].merge(before[cols], on=keys, how="outer", suffixes=("", "_before"))
    both = both.fillna({c: 0 for c in both.columns if c not in keys})
    counts = ["events", "events_before", "articles", "articles_before"]
    both[counts] = both[counts].astype(int)
    total = both.events + both.events_before
    both = both[(total >= RISING_MIN_EVENTS) & (both.articles >= RISING_MIN_ARTICLES)].copy()
    both["change"] = both.tension - both.tension_before
    if place:
        named = pd.concat([now, before]).drop_duplicates("place_id").set_index("place_id").name
        label = both.place_id.map(named)
    else:
        label = [
            f"{names.get(a, a)} – {names.get(b, b)}" for a, b in zip(both.country_a, both.country_b)
        ]
    both.insert(0, "name" if place else "pair", label)
    daily = _tension_table(store, fn, replace(f, start=before_lo, end=hi), daily=True)
    sparks = _sparks(daily, keys, before_lo, hi)
    groups = both[keys[0]] if place else zip(both.country_a, both.country_b)
    both["trend"] = [sparks.get(g, [0.0] * SPARK_BINS) for g in groups]
    both = both.sort_values(["change", "events"], ascending=False, kind="stable")
    head = [both.columns[0], "change", "tension", "tension_before", "trend", "events"]
    head += ["events_before", "articles", "articles_before"]
    return (
        both[head + keys]
        .round({"change": 1, "tension": 1, "tension_before": 1})
        .reset_index(drop=True)
    )


def _sparks(daily: pd.DataFrame, keys: list[str], lo: date, hi: date) -> pd.Series:
    """Per group, its daily tension summed over SPARK_BINS equal spans of lo..hi (0 if quiet)."""
    if daily.empty:
        return pd.Series(dtype=object)
    days = pd.to_datetime(daily["date"])
    span = max((hi - lo).days + 1, 1)
    bins = ((days - pd.Timestamp(lo)).dt.days * SPARK_BINS // span).clip(0, SPARK_BINS - 1)
    table = daily.assign(bin=bins).pivot_table(
        index=keys, columns="bin", values="tension", aggfunc="sum", fill_value=0.0
    )
    table = table.reindex(columns=range(SPARK_BINS), fill_value=0.0)
    return pd.Series([[round(float(v), 1) for v in r] for r in table.to_numpy()], index=table.index)


def actor_timeline(store: Store, f: Filters, period: str) -> pd.DataFrame:
    """Per day, week or month of publication: the mentions, statements and events in scope (of the
    chosen actor, when one is), the same rows the Map and Events tabs list."""
    mentions, m_params = _mention_where(f)
    statements, s_params = _statement_where(f)
    events, i_params = _indicator_where(f)
    df = store.sql(
        f"""
        SELECT art.date, 'mentions' AS kind FROM actor_mentions m
        JOIN actors a ON a.article_id = m.article_id AND a.actor_id = m.actor_id
        JOIN articles art ON art.article_id = m.article_id WHERE {mentions}
        UNION ALL
        SELECT art.date, 'statements' FROM statements s
        LEFT JOIN actors a ON a.article_id = s.article_id AND a.actor_id = s.speaker_actor_id
        JOIN articles art ON art.article_id = s.article_id WHERE {statements}
        UNION ALL
        SELECT art.date, 'events' FROM indicators i
        JOIN articles art ON art.article_id = i.article_id WHERE {events}""",
        m_params + s_params + i_params,
    ).dropna(subset=["date"])
    when = pd.to_datetime(df["date"]).dt.to_period(tension.PERIODS[period]).dt.start_time
    table = pd.crosstab(when.rename("date"), df["kind"]).reindex(
        columns=list(PROFILE_KINDS), fill_value=0
    )
    out = table.reset_index()
    out.columns.name = None
    out["date"] = _day(out["date"])
    return out
