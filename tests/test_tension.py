"""Tension index on a real DuckDB store: dedup by event_id, flag discounts, volume normalisation."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from pipeline import store, tension
from pipeline.extract import extract
from pipeline.records import Article

EVAL = Path(__file__).parent / "data" / "indicators_eval.jsonl"
K = tension.SMOOTHING

ARTICLES = [("a1", "2021-12-02"), ("a2", "2021-12-02"), ("a3", "2021-12-02"), ("a4", "2021-12-03")]
# article, idx, type, src, tgt, place, date, flags, event_id
INDICATORS = [
    ("a1", 0, "THREATEN", "US", "RU", None, "2021-12-02", [], "ev:2021-12-02:THREATEN:US-RU"),
    (
        "a2",
        0,
        "THREATEN",
        "US",
        "RU",
        None,
        "2021-12-02",
        ["hypothetical"],
        "ev:2021-12-02:THREATEN:US-RU",
    ),
    ("a3", 0, "CONSULT", "US", "RU", "gn:1", "2021-12-02", [], "ev:2021-12-02:CONSULT:RU-US:gn:1"),
    ("a3", 1, "COERCE", "RU", "UA", None, "2014-01-01", ["historical"], "ev:2014:COERCE:RU-UA"),
    (
        "a3",
        2,
        "SANCTION",
        "US",
        "RU",
        None,
        "2021-12-02",
        ["negated"],
        "ev:2021-12-02:SANCTION:US-RU",
    ),
    (
        "a4",
        0,
        "MOBILIZE",
        "RU",
        "UA",
        "gn:2",
        "2021-12-03",
        ["hypothetical"],
        "ev:2021-12-03:MOBILIZE:RU-UA:gn:2",
    ),
]
PLACES = [("a1", "gn:1", "Stockholm"), ("a4", "gn:2", "Donbas")]


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    """A store file with the real schema and a handful of hand-made rows."""
    con = duckdb.connect(str(tmp_path_factory.mktemp("tension") / "t.duckdb"))
    con.execute(store.SCHEMA)
    for aid, day in ARTICLES:
        con.execute(
            "INSERT INTO articles VALUES (?, NULL, CAST(? AS DATE), NULL, NULL, 'text', NULL, "
            "'ok', NULL)",
            [aid, day],
        )
    for aid, idx, typ, src, tgt, place, day, flags, ev in INDICATORS:
        con.execute(
            """INSERT INTO indicators (article_id, idx, type, start, "end", source_country,
                       target_country, place_id, date, contexts, flags, event_id,
                       source_actor_id, target_actor_id)
                       VALUES (?, ?, ?, 0, 4, ?, ?, ?, CAST(? AS DATE), [], ?, ?, ?, ?)""",
            [aid, idx, typ, src, tgt, place, day, flags, ev, f"state:{src}", f"state:{tgt}"],
        )
    for aid, pid, name in PLACES:
        con.execute(
            'INSERT INTO places (article_id, start, "end", text, name, kind, place_id) '
            "VALUES (?, 0, 4, ?, ?, 'city', ?)",
            [aid, name, name, pid],
        )
    store.derive(con)  # what a publish computes from these rows
    yield con
    con.close()


def row(df, **key):
    sel = df
    for k, v in key.items():
        sel = sel[sel[k].astype(str).str.startswith(v)]
    assert len(sel) == 1, sel
    return sel.iloc[0]


def test_by_day_dedups_discounts_and_normalises(con):
    df = tension.by_day(con)
    assert [str(d)[:10] for d in df["date"]] == [
        "2021-12-02",
        "2021-12-03",
    ]  # historical/negated left out
    d2 = row(df, date="2021-12-02")
    assert (d2.events, d2.reports, d2.articles) == (2, 3, 3)  # two reports of the threat count once
    assert d2.tension == pytest.approx(100 * (6 - 1) / (3 + K))
    assert d2.conflict == pytest.approx(600 / (3 + K)) and d2.cooperation == pytest.approx(
        -100 / (3 + K)
    )
    assert row(df, date="2021-12-03").tension == pytest.approx(100 * 6 * 0.5 / (1 + K))


def test_by_pair_and_place(con):
    pairs = tension.by_pair(con)
    assert row(pairs, country_a="RU", country_b="US").tension == pytest.approx(100 * 5 / (4 + K))
    assert row(pairs, country_a="RU", country_b="UA").tension == pytest.approx(100 * 3 / (4 + K))
    daily = tension.by_pair(con, daily=True)
    assert row(daily, country_a="RU", country_b="US", date="2021-12-02").tension == pytest.approx(
        100 * 5 / (3 + K)
    )
    places = tension.by_place(con)
    assert row(places, place_id="gn:1").tension == pytest.approx(
        100 * -1 / (2 + K)
    )  # a1 mentions, a3 reports
    assert row(places, place_id="gn:2")["name"] == "Donbas"


def test_filters(con):
    assert row(tension.by_day(con, types=["THREATEN"]), date="2021-12-02").tension == pytest.approx(
        600 / (3 + K)
    )
    assert list(tension.by_pair(con, countries=["UA"])["country_b"]) == ["UA"]
    assert len(tension.by_day(con, start="2021-12-03")) == 1
    assert len(tension.by_day(con, end="2021-12-01")) == 0


def test_store_written_by_the_pipeline(tmp_path):
    gold = [json.loads(line) for line in EVAL.read_text(encoding="utf-8").splitlines()[:12]]
    arts = [Article(id=g["id"], text=g["text"], date=g["date"]) for g in gold]
    store.write(tmp_path / "p.duckdb", zip(arts, extract(arts)))
    con = store.connect(tmp_path / "p.duckdb")
    ev = tension.events(con)
    n_ids = con.execute("SELECT count(DISTINCT event_id) FROM indicators").fetchone()[0]
    assert 0 < len(ev) <= n_ids
    day = tension.by_day(con)
    assert day["events"].sum() == len(ev)
    for pair in tension.by_pair(con).itertuples():  # the articles naming either side
        naming = con.execute(
            """SELECT count(DISTINCT article_id) FROM (
                   SELECT article_id, unnest(country_codes) AS c FROM places
                   UNION ALL SELECT article_id, country FROM actors
                   UNION ALL SELECT article_id, source_country FROM indicators
                   UNION ALL SELECT article_id, target_country FROM indicators)
               WHERE c IN (?, ?)""",
            [pair.country_a, pair.country_b],
        ).fetchone()[0]
        assert 0 < pair.articles == naming <= len(arts)


def test_single_article_place_stays_bounded(con):
    """A place known from one article cannot dominate the map: the hypothetical MOBILIZE stays ≤ 100
    × 6 / (1 + K).
    """
    places = tension.by_place(con)
    assert row(places, place_id="gn:2").tension == pytest.approx(100 * 6 * 0.5 / (1 + K))
    assert places["tension"].abs().max() < 100


def test_actor_filter_keeps_events_of_those_actors(con):
    """`actors=` keeps events whose source or target is one of the given actor ids."""
    assert list(tension.events(con, actors=["state:UA"])["type"]) == ["MOBILIZE"]
    assert set(tension.by_pair(con, actors=["state:UA"])["country_b"]) == {"UA"}
    assert len(tension.by_day(con, actors=["state:XX"])) == 0


def test_weeks_and_months_group_the_days_with_the_same_formula(con):
    """A week starts on Monday and a month on its first day; the period's articles form its N."""
    for period, first in (("week", "2021-11-29"), ("month", "2021-12-01")):
        df = tension.by_day(con, period=period)
        assert len(df) == 1, period
        r = df.iloc[0]
        assert str(r.date)[:10] == first, period
        assert (r.events, r.reports, r.articles) == (3, 4, 4), period
        assert r.tension == pytest.approx(100 * (6 - 1 + 6 * 0.5) / (4 + K)), period


def test_a_place_series_counts_its_events_over_its_articles(con):
    """With `place`, a day of the series is that place's day in `by_place(daily=True)`."""
    columns = ["date", "events", "reports", "articles", "conflict", "cooperation", "tension"]
    daily = tension.by_place(con, daily=True)
    for pid in ("gn:1", "gn:2"):
        expected = daily[daily.place_id == pid][columns].reset_index(drop=True)
        assert tension.by_day(con, place=pid).equals(expected), pid
    assert list(tension.by_day(con, place="gn:1", period="month").articles) == [2]


def test_a_quiet_month_shows_zero_and_a_month_without_articles_is_left_out(tmp_path):
    con = duckdb.connect(str(tmp_path / "q.duckdb"))
    con.execute(store.SCHEMA)
    for aid, day in (("j", "2022-01-10"), ("f", "2022-02-10"), ("a", "2022-04-10")):
        con.execute(
            "INSERT INTO articles VALUES (?, NULL, CAST(? AS DATE), NULL, NULL, 't', NULL, "
            "'ok', NULL)",
            [aid, day],
        )
    for aid, typ in (("j", "ASSAULT"), ("a", "AID")):
        con.execute(
            """INSERT INTO indicators (article_id, idx, type, start, "end", contexts, flags)
                       VALUES (?, 0, ?, 0, 4, [], [])""",
            [aid, typ],
        )
    store.derive(con)
    months = tension.by_day(con, period="month")
    assert [str(d)[:7] for d in months.date] == [
        "2022-01",
        "2022-02",
        "2022-04",
    ]  # no March article
    quiet = months.iloc[1]
    assert (quiet.events, quiet.reports, quiet.articles, quiet.tension) == (0, 0, 1, 0.0)
    assert list(tension.by_day(con).events) == [1, 1]  # days list only those with events
    con.close()


def test_a_pairs_volume_is_the_articles_naming_either_side(tmp_path):
    """Articles about other countries leave a pair's index alone; those naming a side count."""
    con = duckdb.connect(str(tmp_path / "pairs.duckdb"))
    con.execute(store.SCHEMA)
    for aid in ("p1", "p2", "p3", "p4"):
        con.execute(
            "INSERT INTO articles VALUES (?, NULL, DATE '2021-12-02', NULL, NULL, 'text', NULL, "
            "'ok', NULL)",
            [aid],
        )
    con.execute(
        """INSERT INTO indicators (article_id, idx, type, start, "end", source_country,
                   target_country, date, contexts, flags, event_id)
           VALUES ('p1', 0, 'ASSAULT', 0, 4, 'AA', 'BB', DATE '2021-12-02', [], [], 'ev:1'),
                  ('p4', 0, 'AID', 0, 4, 'CC', 'DD', DATE '2021-12-02', [], [], 'ev:2')"""
    )
    con.execute("INSERT INTO actors (article_id, actor_id, country) VALUES ('p2', 'x', 'BB')")
    con.execute(
        """INSERT INTO places (article_id, start, "end", name, place_id, country_codes)
           VALUES ('p3', 0, 4, 'Elsewhere', 'gn:9', ['EE'])"""
    )
    store.derive(con)
    pairs = tension.by_pair(con)
    assert row(pairs, country_a="AA").articles == 2  # p1 reports it, p2 names BB
    assert row(pairs, country_a="AA").tension == pytest.approx(100 * 10 / (2 + K))
    assert row(pairs, country_a="CC").articles == 1
    daily = tension.by_pair(con, daily=True)
    assert row(daily, country_a="AA").articles == 2
    con.close()
