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
from pipeline.store import DEFAULT_DB, TABLES

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
    "flag_counts",
    "hotspots",
    "indicator_types",
    "map_places",
    "mention_rows",
    "period_for",
    "place_name",
    "processed_articles",
    "ranked_actors",
    "rising",
    "rising_periods",
    "shapes",
    "statement_rows",
    "store_counts",
    "table_names",
    "tension_series",
]

ROOT = Path(__file__).resolve().parent.parent
READ = TABLES  # the dashboard reads a whole published snapshot: its own tables and derived ones
PERIODS = tuple(tension.PERIODS)  # day, week, month
SERIES_COLUMNS = ["date", "events", "reports", "articles", "conflict", "cooperation", "tension"]
EXPORT_CAP = 20_000  # newest evidence rows a view holds; `python -m pipeline export` writes all
SCORES = {"conflict": 1, "cooperation": 1, "tension": 1}  # decimals shown
RISING_DAYS = (30, 91, 365)  # default periods, shortest first: the first that ranks anything
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


def _scoped(f: Filters, alias: str, place: bool = True) -> tuple[str, list]:
    """The filters as one clause on a scope row `alias` (pipeline.store.scope: what each evidence
    row is about, computed at publish): dates, types, actor, country and, with `place`, the
    picked place. Every panel narrows by this one clause, so the filters mean the same
    everywhere."""
    clauses, params = [], []
    if f.start is not None and f.end is not None:
        clauses.append(f"{alias}.date BETWEEN ? AND ?")
        params += [f.start, f.end]
    if f.types:
        clauses.append(f"list_has_any({alias}.types, ?::VARCHAR[])")
        params.append(list(f.types))
    for facet, value in (
        ("actors", f.actor),
        ("countries", f.country),
        ("places", f.place if place else None),
    ):
        if value:
            clauses.append(f"list_contains({alias}.{facet}, ?)")
            params.append(value)
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


def place_name(store: Store, place_id: str) -> str | None:
    """The name a place is stored under, None if no mention has that id."""
    rows = store.sql("SELECT any_value(name) AS name FROM places WHERE place_id = ?", [place_id])
    return rows.name.iloc[0] if len(rows) and isinstance(rows.name.iloc[0], str) else None


def map_places(store: Store, f: Filters) -> pd.DataFrame:
    """One row per place shown on the map: its mentions, the event reports placed there, tension.

    Events count by their `place_id`, as pipeline.tension does, so a place's count and its tension
    agree.
    """
    where, params = _scoped(f, "p", place=False)
    ind_where, ind_params = _scoped(f, "i", place=False)
    df = store.sql(
        f"""
        WITH m AS (SELECT p.place_id, any_value(p.name) AS name, any_value(p.kind) AS kind,
                          any_value(p.label) AS label, any_value(p.countries) AS country_codes,
                          avg(p.lat) AS lat, avg(p.lon) AS lon, count(*) AS mentions,
                          count(*) FILTER (WHERE p.role = 'metonymic') AS metonymic,
                          count(DISTINCT p.article_id) AS articles
                   FROM places_scope p WHERE {where} GROUP BY p.place_id),
        e AS (SELECT i.place_id, count(*) AS events FROM indicators_scope i
              WHERE i.place_id IS NOT NULL AND {ind_where} GROUP BY i.place_id)
        SELECT m.*, coalesce(e.events, 0) AS events
        FROM m LEFT JOIN e USING (place_id) ORDER BY mentions DESC, name""",
        params + ind_params,
    )
    df["country_codes"] = df.country_codes.map(_joined)
    df["label"] = df.label.fillna("")
    by_place = _tension_table(store, "by_place", f)
    scores = by_place.set_index("place_id")["tension"] if len(by_place) else pd.Series(dtype=float)
    df["tension"] = df.place_id.map(scores).fillna(0.0).round(1)
    return df


def _evidence(
    store: Store, scope: str, f: Filters, select: str, source: str, limit: int, extra: str = ""
) -> pd.DataFrame:
    """The newest `limit` rows in scope: their rowids from the scope table (`scope`, narrow, so
    the filter is a scan), then `select` from `source` (the evidence table as `x`, with its
    joins) for those rows alone, their article's `date` as a day; `attrs["total"]` holds how many
    match. `extra` narrows the scope rows further."""
    where, params = _scoped(f, "c")
    where += f" AND {extra}" if extra else ""
    keys = store.sql(
        f"""SELECT "row" FROM {scope} c WHERE {where}
            ORDER BY date DESC NULLS LAST, "row" LIMIT {int(limit)}""",
        params,
    )
    df = store.sql(
        f"""SELECT {select} FROM {source} WHERE x.rowid IN (SELECT unnest(?::BIGINT[]))
            ORDER BY art.date DESC NULLS LAST, x.rowid""",
        [keys["row"].tolist()],
    )
    total = store.sql(f"SELECT count(*) AS n FROM {scope} c WHERE {where}", params).n.iloc[0]
    df["date"] = _day(df["date"])
    df.attrs["total"] = int(total)
    return df


def mention_rows(store: Store, f: Filters, limit: int = EXPORT_CAP) -> pd.DataFrame:
    """The place mentions behind the map's counts, with their sentences; newest articles first."""
    return _evidence(
        store,
        "places_scope",
        f,
        f"""x.name AS place, x.text, x.role, x.sentence, {ARTICLE}, x.article_id, x.kind,
            x.place_id, x.start, x."end", x.sentence_start""",
        "places x JOIN articles art ON art.article_id = x.article_id",
        limit,
    )


def actor_rows(store: Store, f: Filters, limit: int = EXPORT_CAP) -> pd.DataFrame:
    """Actors mentioned in scope, one row per actor and sentence (newest first), with its count."""
    return _evidence(
        store,
        "(SELECT rowid AS row, * FROM actor_sentences)",
        f,
        f"""a.name AS actor, x.mentions, x.sentence, {ARTICLE}, x.article_id, a.type, a.country,
            a.role, x.actor_id, x.start, x."end", x.sentence_start""",
        """actor_sentences x JOIN articles art ON art.article_id = x.article_id
           JOIN actors a ON a.article_id = x.article_id AND a.actor_id = x.actor_id""",
        limit,
    )


def ranked_actors(store: Store, f: Filters, limit: int = EXPORT_CAP) -> pd.DataFrame:
    """The actors in scope, one row each: mentions, sentences and articles, most mentioned first,
    named as the actor filter names them; `attrs["total"]` holds how many actors match."""
    where, params = _scoped(f, "m")
    ranked = f"""
        SELECT m.actor_id, CAST(sum(m.mentions) AS INTEGER) AS mentions, count(*) AS sentences,
               count(DISTINCT m.article_id) AS articles, max(m.date) AS latest
        FROM actor_sentences m WHERE {where} GROUP BY m.actor_id"""
    df = store.sql(
        f"{ranked} ORDER BY mentions DESC, articles DESC, m.actor_id LIMIT {int(limit)}", params
    )
    total = store.sql(f"SELECT count(*) AS n FROM ({ranked})", params).n.iloc[0]
    names = actor_choices(store).set_index("actor_id")[["name", "type", "country"]]
    df = df.join(names, on="actor_id").rename(columns={"name": "actor"})
    df = df.sort_values(
        ["mentions", "articles", "actor"], ascending=[False, False, True], kind="stable"
    )
    df = df[["actor", "type", "country", "mentions", "sentences", "articles", "latest", "actor_id"]]
    df = df.reset_index(drop=True)
    df.attrs["total"] = int(total)
    df["latest"] = _day(df["latest"])
    return df


def statement_rows(store: Store, f: Filters, limit: int = EXPORT_CAP) -> pd.DataFrame:
    """Statements in scope with the speaker's name, sentence and the places named; newest first."""
    df = _evidence(
        store,
        "statements_scope",
        f,
        f"""coalesce(a.name, x.speaker) AS speaker, x.content, x.sentence, {ARTICLE},
            x.article_id, x.cue, x.direct, x.place_ids AS places, x.speaker_actor_id,
            x.content_start AS start, x.content_end AS "end", x.speaker_start, x.speaker_end,
            x.sentence_start""",
        """statements x JOIN articles art ON art.article_id = x.article_id
           LEFT JOIN actors a ON a.article_id = x.article_id AND a.actor_id = x.speaker_actor_id""",
        limit,
    )
    df["places"] = df.places.map(_joined)
    return df


FLAGGED = {"all": "TRUE", "fact": "NOT c.flagged", "flagged": "c.flagged"}  # the events' views


def flag_counts(store: Store, f: Filters) -> dict[str, int]:
    """Events in scope per flag view (FLAGGED): all, stated as fact, flagged."""
    where, params = _scoped(f, "c")
    counts = ", ".join(f'count(*) FILTER (WHERE {c}) AS "{v}"' for v, c in FLAGGED.items())
    row = store.sql(f"SELECT {counts} FROM indicators_scope c WHERE {where}", params).iloc[0]
    return {v: int(row[v]) for v in FLAGGED}


def event_rows(
    store: Store, f: Filters, limit: int = EXPORT_CAP, view: str = "all"
) -> pd.DataFrame:
    """Indicators in scope (of one FLAGGED view) with names, flags and the evidence sentence;
    newest articles first. A side the coder read as a country the article never names as an
    actor ("Afghan forces") is shown by the country's name."""
    df = _evidence(
        store,
        "indicators_scope",
        f,
        """coalesce(x.date, art.date) AS date, x.type, x.flags,
               coalesce(sa.name, sc.name, x.source_actor_id) AS source,
               coalesce(ta.name, tc.name, x.target_actor_id) AS target,
               sh.name AS place,
               x.sentence, art.title, art.source AS outlet, art.date AS published,
               CASE WHEN regexp_matches(art.url, '^https?://') THEN art.url END AS url,
               x.place_id, x.article_id, x.source_country, x.target_country,
               x.quantity_value, x.quantity_unit, x.quantity_approx, x.mode, x.contexts, x.cue,
               x.event_id, x.start, x."end", x.sentence_start""",
        """indicators x JOIN articles art ON art.article_id = x.article_id
           LEFT JOIN actors sa
             ON sa.article_id = x.article_id AND sa.actor_id = x.source_actor_id
           LEFT JOIN actors ta
             ON ta.article_id = x.article_id AND ta.actor_id = x.target_actor_id
           LEFT JOIN basemap sc ON sa.actor_id IS NULL AND sc.iso_a2 = x.source_country
           LEFT JOIN basemap tc ON ta.actor_id IS NULL AND tc.iso_a2 = x.target_country
           LEFT JOIN shapes sh ON sh.place_id = x.place_id""",
        limit,
        FLAGGED[view],
    )
    for col in ("contexts", "flags"):
        df[col] = df[col].map(_joined)
    df["published"] = _day(df["published"])
    return df


def rising_periods(
    f: Filters, days: int = RISING_DAYS[0]
) -> tuple[tuple[date, date], tuple[date, date]] | None:
    """The current period (the chosen dates, else the store's last `days` days) and the one of the
    same length just before it; None for a store without dates."""
    hi = f.end or f.span[1]
    if hi is None:
        return None
    lo = f.start or max(hi - timedelta(days=days - 1), f.span[0] or hi)
    days = (hi - lo).days + 1
    return (lo, hi), (lo - timedelta(days=days), lo - timedelta(days=1))


def rising(
    store: Store, f: Filters, kind: str, names: dict[str, str], days: int = RISING_DAYS[0]
) -> pd.DataFrame:
    """Places (`kind="place"`) or country pairs (`"pair"`) ranked by the change of the tension
    index against the previous period of the same length, with a sparkline over both periods.

    Only groups with RISING_MIN_EVENTS events over both periods and RISING_MIN_ARTICLES articles
    in the current one are ranked: on fewer, a change is noise.
    """
    periods = rising_periods(f, days)
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
    chosen actor, when one is), the same rows the Map and Events tabs list; those of undated
    articles in a last row with no date, so the totals are the other tabs' counts."""
    where, params = _scoped(f, "c")
    unit = {"day": "day", "week": "week", "month": "month"}[period]
    df = store.sql(
        f"""
        SELECT CAST(date_trunc('{unit}', date) AS DATE) AS date,
               sum(n) FILTER (WHERE kind = 'mentions') AS mentions,
               sum(n) FILTER (WHERE kind = 'statements') AS statements,
               sum(n) FILTER (WHERE kind = 'events') AS events
        FROM (SELECT c.date, 'mentions' AS kind, c.mentions AS n FROM actor_sentences c
              WHERE {where}
              UNION ALL SELECT c.date, 'statements', 1 FROM statements_scope c WHERE {where}
              UNION ALL SELECT c.date, 'events', 1 FROM indicators_scope c WHERE {where})
        GROUP BY 1 ORDER BY 1 NULLS LAST""",
        params * 3,
    )
    df[list(PROFILE_KINDS)] = df[list(PROFILE_KINDS)].fillna(0).astype(int)
    df["date"] = _day(df["date"])
    return df
