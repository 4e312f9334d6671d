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
   it, an actor of it, or an event with it on a side) in the filtered period (or on that day, with
   `daily=True`). Every group's volume is thus the articles that could have reported its events,
   so a pair, a place and a day are read on the same scale.
   `by_day` also groups by week or month; there a period with articles but no events (between
   the first and the last with events) shows 0, while a day series lists only days with events.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

WEIGHTS = Path(__file__).parent / "lexicon" / "plover_weights.json"
SMOOTHING = 5
PERIODS = {"day": "D", "week": "W", "month": "M"}  # pandas period codes; weeks start on Monday


@lru_cache(maxsize=1)
def weights() -> tuple[dict[str, float], dict[str, float]]:
    """PLOVER type → tension weight, and flag → discount factor."""
    with open(WEIGHTS, encoding="utf-8") as f:
        data = json.load(f)
    return (
        {k: float(v) for k, v in data["types"].items()},
        {k: float(v) for k, v in data["flags"].items()},
    )


def events(
    con: duckdb.DuckDBPyConnection,
    start: str | None = None,
    end: str | None = None,
    countries: list[str] | None = None,
    types: list[str] | None = None,
    actors: list[str] | None = None,
) -> pd.DataFrame:
    """One row per event (deduplicated by event_id) with its weight, factor and report counts."""
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
    where, params = ["i.type IN (SELECT type FROM w)"], []
    if types:
        where.append("i.type IN (SELECT unnest(?))")
        params.append(list(types))
    if countries:
        where.append(
            "(i.source_country IN (SELECT unnest(?)) OR i.target_country IN (SELECT unnest(?)))"
        )
        params += [list(countries), list(countries)]
    if actors:
        where.append(
            "(i.source_actor_id IN (SELECT unnest(?)) OR i.target_actor_id IN (SELECT unnest(?)))"
        )
        params += [list(actors), list(actors)]
    having, hparams = [], []
    if start:
        having.append("day >= CAST(? AS DATE)")
        hparams.append(start)
    if end:
        having.append("day <= CAST(? AS DATE)")
        hparams.append(end)
    sql = f"""
        WITH w(type, weight) AS (SELECT * FROM (VALUES {", ".join("(?, ?)" for _ in type_w)})),
        reports AS (
            SELECT i.article_id, coalesce(i.event_id, i.article_id || ':' || i.idx) AS event_id,
                   i.type, coalesce(i.date, a.date) AS day, a.date AS published, i.place_id,
                   i.source_country, i.target_country, {factor} AS factor
            FROM indicators i JOIN articles a USING (article_id)
            WHERE {" AND ".join(where)})
        SELECT r.event_id, any_value(r.type) AS type, min(r.day) AS day,
               any_value(r.place_id) AS place_id,
               any_value(r.source_country) AS source_country,
               any_value(r.target_country) AS target_country,
               any_value(w.weight) AS weight, max(r.factor) AS factor,
               count(*) AS reports, list(DISTINCT r.article_id) AS article_ids
        FROM reports r JOIN w USING (type)
        GROUP BY r.event_id
        {"HAVING " + " AND ".join(having) if having else ""}
        ORDER BY day, event_id"""
    flat = [x for kv in type_w.items() for x in kv]
    df = con.execute(sql, flat + params + hparams).df()
    df["score"] = df["weight"] * df["factor"]
    return df[df["factor"] > 0].reset_index(drop=True)


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
    ev = events(con, start, end, countries, types, actors)
    if place is None:
        published = con.execute("SELECT date, article_id FROM articles WHERE date IS NOT NULL").df()
    else:
        ev = ev[ev["place_id"] == place]
        published = con.execute(
            """SELECT DISTINCT a.date, a.article_id
                                   FROM places p JOIN articles a USING (article_id)
                                   WHERE p.place_id = ? AND a.date IS NOT NULL""",
            [place],
        ).df()
    in_period = published.groupby(_period_start(published["date"], period))
    volume = in_period["article_id"].agg(set).to_dict()
    ev = ev.assign(day=_period_start(ev["day"], period))
    out = _aggregate(ev, ["day"], lambda key, g: volume.get(key[0], set()))
    if period != "day" and len(out):
        seen = set(out["day"])
        spans = pd.period_range(out["day"].min(), out["day"].max(), freq=PERIODS[period])
        quiet = [
            (when, 0, 0, len(volume[when]), *scores(ev.iloc[:0], len(volume[when])))
            for when in spans.start_time
            if when in volume and when not in seen
        ]
        if quiet:
            out = pd.concat([out, pd.DataFrame(quiet, columns=out.columns)], ignore_index=True)
            out = out.sort_values("day", kind="stable", ignore_index=True)
    return out.rename(columns={"day": "date"})


def _period_start(days: pd.Series, period: str) -> pd.Series:
    """The first day of the day, week or month (`PERIODS`) holding each date."""
    return pd.to_datetime(days).dt.to_period(PERIODS[period]).dt.start_time


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
    ev = events(con, start, end, countries, types, actors)
    ev = ev[ev["place_id"].notna()]
    mentions = con.execute("""SELECT p.place_id, a.date, list(DISTINCT p.article_id)
                              FROM places p JOIN articles a USING (article_id)
                              GROUP BY p.place_id, a.date""").fetchall()
    volume: dict[tuple, set] = {}
    for pid, d, ids in mentions:
        volume.setdefault((pid,), set()).update(ids)
        volume.setdefault((pid, pd.Timestamp(d) if d is not None else None), set()).update(ids)
    keys = ["place_id", "day"] if daily else ["place_id"]
    out = _aggregate(ev, keys, lambda key, g: volume.get(key, set()))
    info = con.execute("""SELECT place_id, any_value(name) AS name, any_value(kind) AS kind,
                                 any_value(lat) AS lat, any_value(lon) AS lon,
                                 any_value(country_codes) AS country_codes
                          FROM places GROUP BY place_id""").df()
    out = out.merge(info, on="place_id", how="left")
    return out.rename(columns={"day": "date"})


def by_pair(
    con: duckdb.DuckDBPyConnection,
    start: str | None = None,
    end: str | None = None,
    countries: list[str] | None = None,
    types: list[str] | None = None,
    daily: bool = False,
    actors: list[str] | None = None,
) -> pd.DataFrame:
    """Tension per unordered country pair (country_a < country_b), and day with `daily`."""
    ev = events(con, start, end, countries, types, actors)
    ev = ev[
        ev["source_country"].notna()
        & ev["target_country"].notna()
        & (ev["source_country"] != ev["target_country"])
    ].copy()
    ev["country_a"] = ev[["source_country", "target_country"]].min(axis=1)
    ev["country_b"] = ev[["source_country", "target_country"]].max(axis=1)
    naming = _naming(con, start, end)
    keys = ["country_a", "country_b", "day"] if daily else ["country_a", "country_b"]

    def volume(key: tuple, g: pd.DataFrame) -> set:
        when = pd.Timestamp(key[2]) if daily else None
        return naming.get((key[0], when), set()) | naming.get((key[1], when), set())

    return _aggregate(ev, keys, volume).rename(columns={"day": "date"})


def _naming(con: duckdb.DuckDBPyConnection, start: str | None, end: str | None) -> dict:
    """Articles naming each country in the period: (country, None) → ids, (country, day) → ids.

    An article names a country when a place in it lies there, an actor of it appears, or an event
    has it on a side.
    """
    rows = con.execute(
        """WITH named AS (
               SELECT article_id, unnest(country_codes) AS country FROM places
               UNION SELECT article_id, country FROM actors
               UNION SELECT article_id, source_country FROM indicators
               UNION SELECT article_id, target_country FROM indicators)
           SELECT n.country, a.date, list(DISTINCT n.article_id)
           FROM named n JOIN articles a USING (article_id)
           WHERE n.country IS NOT NULL AND n.country <> ''
             AND (CAST(? AS DATE) IS NULL OR a.date >= CAST(? AS DATE))
             AND (CAST(? AS DATE) IS NULL OR a.date <= CAST(? AS DATE))
           GROUP BY 1, 2""",
        [start, start, end, end],
    ).fetchall()
    naming: dict[tuple, set] = {}
    for country, day, ids in rows:
        naming.setdefault((country, None), set()).update(ids)
        if day is not None:
            naming.setdefault((country, pd.Timestamp(day)), set()).update(ids)
    return naming


def _aggregate(ev: pd.DataFrame, keys: list[str], volume) -> pd.DataFrame:
    """Group events by `keys`; `volume(key, group)` gives the articles behind the group's N."""
    columns = keys + ["events", "reports", "articles", "conflict", "cooperation", "tension"]
    rows = []
    for key, g in ev.groupby(keys, sort=True, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        reporting = set().union(*map(set, g["article_ids"]))
        n = len(reporting | volume(key, g))
        rows.append((*key, len(g), int(g["reports"].sum()), n, *scores(g, n)))
    return pd.DataFrame(rows, columns=columns)


def scores(g: pd.DataFrame, n: int) -> tuple[float, float, float]:
    """Conflict, cooperation and tension of the events `g` over `n` articles: the index's one
    formula."""
    k = n + SMOOTHING
    return (
        100 * g.loc[g["score"] > 0, "score"].sum() / k,
        100 * g.loc[g["score"] < 0, "score"].sum() / k,
        100 * g["score"].sum() / k,
    )
