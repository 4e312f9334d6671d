"""Tension index per day, per place and per country pair, from the PLOVER events in the store.

## Tension index

Every PLOVER type has a Goldstein-like weight `w` from -10 (most cooperative) to +10 (most hostile),
kept in `pipeline/lexicon/plover_weights.json`: AID -6, CONCEDE -5, RETREAT -5, AGREE -4,
COOPERATE -4, SUPPORT -3, CONSULT -1, REQUEST +1, ACCUSE +3, REJECT +4, PROTEST +5, THREATEN +6,
MOBILIZE +6, SANCTION +7, COERCE +8, ASSAULT +10.

1. **One event, however many reports.** Reports sharing an `event_id` (same type, dyad, place and
   day, see `pipeline.events.event_id`) are one event, dated by its earliest report.
2. **Flags discount.** A report's factor `f` is 1, or the smallest factor of its flags:
   hypothetical 0.5, negated 0, historical 0 (same file). An event takes the largest factor among
   its reports (one outlet stating it as fact outweighs another calling it possible). Events with
   `f = 0` are left out.
3. **Normalised by article volume.** For a group `g` (a day, a place, a country pair) with events
   `E_g` and article volume `N_g`:

       tension(g) = 100 × Σ_{e ∈ E_g} w(e) · f(e) / (N_g + K),   K = 5

   i.e. net hostility per 100 articles, with K = 5 phantom articles of no tension added to every
   denominator (additive smoothing) so that a place seen in one article cannot reach ±500 or ±1000:
   one ASSAULT in one article gives 100 × 10 / 6 ≈ 167, the same rate over 50 articles ≈ 18 per
   event, and large groups converge to the plain per-article rate. `conflict` and `cooperation`
   hold the positive and negative parts separately. `N_g` is, for a day, the articles published
   that day or reporting an event of that day; for a place, the articles mentioning the place or
   reporting an event there; for a country pair, the articles naming either country (a place in
   it, an actor of it, or an event with it on a side: the store's `article_countries`) in the
   filtered period (or on that day, with
   `daily=True`). Every group's volume is thus the articles that could have reported its events,
   so a pair, a place and a day are read on the same scale.
   `by_day` also groups by week or month; there a period with articles but no events (between
   the first and the last with events) shows 0, while a day series lists only days with events.

Every sum and every volume is one DuckDB query: no article id leaves the database, so a store of a
million event rows costs a scan, not a Python set per group.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

__all__ = [
    "EVENT_MARGIN",
    "PERIODS",
    "SMOOTHING",
    "by_day",
    "by_pair",
    "by_place",
    "events",
    "fill",
    "weights",
    "window",
]

WEIGHTS = Path(__file__).parent / "lexicon" / "plover_weights.json"
SMOOTHING = 5
PERIODS = {"day": "D", "week": "W", "month": "M"}  # pandas period codes; weeks start on Monday
SCORED = "events, reports, articles, conflict, cooperation, tension"
EVENT_MARGIN = 31  # days around the articles' dates within which an event's own date is believed


@lru_cache(maxsize=1)
def weights() -> tuple[dict[str, float], dict[str, float]]:
    """PLOVER type → tension weight, and flag → discount factor."""
    with open(WEIGHTS, encoding="utf-8") as f:
        data = json.load(f)
    return (
        {k: float(v) for k, v in data["types"].items()},
        {k: float(v) for k, v in data["flags"].items()},
    )


def window(con: duckdb.DuckDBPyConnection) -> tuple[str | None, str | None]:
    """The dates an unfiltered view covers: the processed articles' first and last date, widened
    by EVENT_MARGIN (an event dated decades back, or mis-dated ahead, would stretch the axis).
    """
    lo, hi = con.execute(
        f"""SELECT CAST(min(date) - {EVENT_MARGIN} AS VARCHAR), CAST(max(date) + {EVENT_MARGIN}
                   AS VARCHAR) FROM articles WHERE error IS NULL"""
    ).fetchone()
    return lo, hi


def fill(con: duckdb.DuckDBPyConnection) -> None:
    """The store's `tension_events`, one row per event that counts (rule 1 and 2, factor > 0),
    with every actor its reports name, and `tension_event_articles`, the articles reporting each:
    computed once at publish, so a filtered index reads events instead of grouping reports.
    The scored reports (a type with a weight, its discount factor) are read once for both.
    """
    from pipeline.store.schema import ORDER

    type_w, flag_f = weights()
    factor = (
        "least(1.0"
        + "".join(
            f", CASE WHEN list_contains(coalesce(i.flags, []), '{flag}') THEN {f} ELSE 1.0 END"
            for flag, f in flag_f.items()
            if flag.isidentifier()
        )
        + ")"
    )
    con.execute(
        f"""CREATE TEMP TABLE scored_reports AS
        WITH w(type, weight) AS (SELECT * FROM (VALUES {", ".join("(?, ?)" for _ in type_w)}))
        SELECT i.article_id, i.idx,
               coalesce(i.event_id, i.article_id || ':' || i.idx) AS event_id,
               i.type, w.weight, coalesce(i.date, a.date) AS day, i.place_id,
               i.source_country, i.target_country, i.source_actor_id, i.target_actor_id,
               {factor} AS factor
        FROM indicators i JOIN articles a USING (article_id) JOIN w USING (type)""",
        [x for kv in type_w.items() for x in kv],
    )
    con.execute(
        f"""INSERT INTO tension_events
        SELECT r.event_id, any_value(r.type) AS type, min(r.day) AS day,
               first(r.place_id ORDER BY r.article_id, r.idx) AS place_id,
               first(r.source_country ORDER BY r.article_id, r.idx) AS source_country,
               first(r.target_country ORDER BY r.article_id, r.idx) AS target_country,
               any_value(r.weight) AS weight, max(r.factor) AS factor, count(*) AS reports,
               any_value(r.weight) * max(r.factor) AS score,
               list_sort(list_distinct(flatten(list([r.source_actor_id, r.target_actor_id]))))
        FROM scored_reports r
        GROUP BY r.event_id HAVING max(r.factor) > 0 ORDER BY {ORDER["tension_events"]}"""
    )
    con.execute(
        f"""INSERT INTO tension_event_articles
        SELECT DISTINCT event_id, article_id FROM scored_reports
        WHERE event_id IN (SELECT event_id FROM tension_events)
        ORDER BY {ORDER["tension_event_articles"]}"""
    )
    con.execute("DROP TABLE scored_reports")


def _events(
    start: str | None,
    end: str | None,
    countries: list[str] | None,
    types: list[str] | None,
    actors: list[str] | None,
) -> tuple[str, list]:
    """CTEs `ev` (one row per event with its score) and `ev_art` (the articles reporting each
    event) under the filters, and their parameters. An event is of a type, a country or an
    actor when any of its reports is (its reports share type, countries and day by `event_id`).
    """
    where, params = ["TRUE"], []
    if types:
        where.append("e.type IN (SELECT unnest(?))")
        params.append(list(types))
    if countries:
        where.append(
            "(e.source_country IN (SELECT unnest(?)) OR e.target_country IN (SELECT unnest(?)))"
        )
        params += [list(countries), list(countries)]
    if actors:
        where.append("list_has_any(e.actors, ?::VARCHAR[])")
        params.append(list(actors))
    for op, day in ((">=", start), ("<=", end)):
        if day:
            where.append(f"e.day {op} CAST(? AS DATE)")
            params.append(day)
    sql = f"""
        ev AS (SELECT e.* EXCLUDE (actors) FROM tension_events e WHERE {" AND ".join(where)}),
        ev_art AS (SELECT * FROM tension_event_articles
                   WHERE event_id IN (SELECT event_id FROM ev))"""
    return sql, params


def events(
    con: duckdb.DuckDBPyConnection,
    start: str | None = None,
    end: str | None = None,
    countries: list[str] | None = None,
    types: list[str] | None = None,
    actors: list[str] | None = None,
) -> pd.DataFrame:
    """One row per event (deduplicated by event_id) with its weight, factor, score, report count
    and reporting articles.
    """
    ctes, params = _events(start, end, countries, types, actors)
    sql = f"""WITH {ctes}
        SELECT ev.* EXCLUDE (score), list(x.article_id ORDER BY x.article_id) AS article_ids,
               any_value(ev.score) AS score
        FROM ev JOIN ev_art x USING (event_id)
        GROUP BY ALL ORDER BY day, event_id"""
    return con.execute(sql, params).df()


def _scored(groups: str, volume: str, keys: list[str]) -> str:
    """Scores per group: `groups` is a CTE body of event rows with the key columns, `volume` one of
    (keys, article_id) rows beyond the reporting articles; the index's one formula, in SQL.
    """
    on = " AND ".join(f"g.{k} IS NOT DISTINCT FROM v.{k}" for k in keys)
    key_list = ", ".join(keys)
    return f"""
        grouped AS ({groups}),
        sums AS (SELECT {key_list}, count(*) AS events, CAST(sum(reports) AS BIGINT) AS reports,
                        coalesce(sum(score) FILTER (WHERE score > 0), 0) AS pos,
                        coalesce(sum(score) FILTER (WHERE score < 0), 0) AS neg,
                        coalesce(sum(score), 0) AS tot
                 FROM grouped GROUP BY ALL),
        vol_rows AS (SELECT {", ".join(f"g.{k}" for k in keys)}, x.article_id
                     FROM grouped g JOIN ev_art x USING (event_id)
                     UNION {volume}),
        vol AS (SELECT {key_list}, count(DISTINCT article_id) AS n FROM vol_rows GROUP BY ALL),
        scored AS (
            SELECT {", ".join(f"g.{k}" for k in keys)}, g.events, g.reports,
                   coalesce(v.n, 0) AS articles,
                   100 * g.pos / (coalesce(v.n, 0) + {SMOOTHING}) AS conflict,
                   100 * g.neg / (coalesce(v.n, 0) + {SMOOTHING}) AS cooperation,
                   100 * g.tot / (coalesce(v.n, 0) + {SMOOTHING}) AS tension
            FROM sums g LEFT JOIN vol v ON {on})"""


def _ordered(keys: list[str]) -> str:
    return ", ".join(f"{k} NULLS LAST" for k in keys)


def by_day(
    con: duckdb.DuckDBPyConnection,
    start: str | None = None,
    end: str | None = None,
    countries: list[str] | None = None,
    types: list[str] | None = None,
    actors: list[str] | None = None,
    period: str = "day",
    place: str | None = None,
) -> pd.DataFrame:
    """Tension per day, week or month: date (the period's first day), events, reports, articles,
    conflict, cooperation, tension.

    With `place`, only the events placed there, over the articles mentioning it (as `by_place`).
    """
    ctes, params = _events(start, end, countries, types, actors)
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
    trunc = lambda col: f"CAST(date_trunc('{period}', {col}) AS DATE)"
    if place is None:
        published = f"SELECT {trunc('date')} AS g, article_id FROM articles WHERE date IS NOT NULL"
        pparams = []
    else:
        published = f"""SELECT DISTINCT {trunc("a.date")} AS g, a.article_id
                        FROM places p JOIN articles a USING (article_id)
                        WHERE p.place_id = ? AND a.date IS NOT NULL"""
        pparams = [place]
    groups = f"SELECT *, {trunc('day')} AS g FROM ev" + (" WHERE place_id = ?" if place else "")
    gparams = [place] if place else []
    quiet = (
        """UNION ALL
            SELECT g, 0, 0, count(DISTINCT article_id), 0.0, 0.0, 0.0 FROM pub
            WHERE g BETWEEN (SELECT min(g) FROM sums) AND (SELECT max(g) FROM sums)
              AND g NOT IN (SELECT g FROM sums WHERE g IS NOT NULL)
            GROUP BY g"""
        if period != "day"
        else ""
    )
    sql = f"""WITH {ctes}, pub AS ({published}), {
        _scored(groups, "SELECT g, article_id FROM pub WHERE g IN (SELECT g FROM grouped)", ["g"])
    }
        SELECT g AS date, {SCORED} FROM scored {quiet}
        ORDER BY date NULLS LAST"""
    df = con.execute(sql, params + pparams + gparams).df()
    df["date"] = pd.to_datetime(df["date"])
    return df


def by_place(
    con: duckdb.DuckDBPyConnection,
    start: str | None = None,
    end: str | None = None,
    countries: list[str] | None = None,
    types: list[str] | None = None,
    daily: bool = False,
    actors: list[str] | None = None,
) -> pd.DataFrame:
    """Tension per place (and day with `daily`), with the place's name and point."""
    ctes, params = _events(start, end, countries, types, actors)
    keys = ["place_id", "day"] if daily else ["place_id"]
    mentions = f"""SELECT DISTINCT p.place_id, {"a.date AS day, " if daily else ""}p.article_id
                   FROM places p JOIN articles a USING (article_id)
                   WHERE p.place_id IN (SELECT place_id FROM grouped)"""
    first = ", ".join(
        f"first({c} ORDER BY article_id, start) AS {c}"
        for c in ("name", "kind", "lat", "lon", "country_codes")
    )
    sql = f"""WITH {ctes}, {_scored("SELECT * FROM ev WHERE place_id IS NOT NULL", mentions, keys)},
        info AS (SELECT place_id, {first}
                 FROM places WHERE place_id IN (SELECT place_id FROM scored) GROUP BY place_id)
        SELECT s.{", s.".join(keys)}, {", ".join(f"s.{c}" for c in SCORED.split(", "))},
               i.name, i.kind, i.lat, i.lon, i.country_codes
        FROM scored s LEFT JOIN info i USING (place_id)
        ORDER BY {_ordered([f"s.{k}" for k in keys])}"""
    return _dated(con.execute(sql, params).df(), daily)


def by_pair(
    con: duckdb.DuckDBPyConnection,
    start: str | None = None,
    end: str | None = None,
    countries: list[str] | None = None,
    types: list[str] | None = None,
    daily: bool = False,
    actors: list[str] | None = None,
) -> pd.DataFrame:
    """Tension per unordered country pair (country_a < country_b), and day with `daily`.

    A pair's volume is the articles naming either country: a place in it, an actor of it, or an
    event with it on a side, in the period (on the day, with `daily`).
    """
    ctes, params = _events(start, end, countries, types, actors)
    keys = ["country_a", "country_b", "day"] if daily else ["country_a", "country_b"]
    groups = """SELECT *, least(source_country, target_country) AS country_a,
                       greatest(source_country, target_country) AS country_b
                FROM ev WHERE source_country IS NOT NULL AND target_country IS NOT NULL
                  AND source_country <> target_country"""
    same_day = "AND n.day = g.day" if daily else ""
    naming = " UNION ".join(
        f"""SELECT g.country_a, g.country_b{", g.day" if daily else ""}, n.article_id
            FROM (SELECT DISTINCT country_a, country_b{", day" if daily else ""} FROM grouped) g
            JOIN named n ON n.country = g.{side} {same_day}"""
        for side in ("country_a", "country_b")
    )  # two equality joins: an IN join condition would compare every pair with every article
    sql = f"""WITH {ctes},
        named AS (
            SELECT country, date AS day, article_id FROM article_countries
            WHERE (CAST(? AS DATE) IS NULL OR date >= CAST(? AS DATE))
              AND (CAST(? AS DATE) IS NULL OR date <= CAST(? AS DATE))),
        {_scored(groups, naming, keys)}
        SELECT {", ".join(keys)}, {SCORED} FROM scored ORDER BY {_ordered(keys)}"""
    return _dated(con.execute(sql, params + [start, start, end, end]).df(), daily)


def _dated(df: pd.DataFrame, daily: bool) -> pd.DataFrame:
    """A per-day table's `day` key as the `date` column, as pandas dates (by_day's form)."""
    if daily:
        df = df.rename(columns={"day": "date"})
        df["date"] = pd.to_datetime(df["date"])
    return df
