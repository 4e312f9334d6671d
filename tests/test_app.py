"""Dashboard tests: AppTest runs streamlit_app.py against a real store the real pipeline built."""

from __future__ import annotations

import io
import json
import runpy
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import streamlit.testing.v1.app_test as app_test_module
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "streamlit_app.py"
SEED = ROOT / "data" / "samples" / "seed.jsonl"
LATER = 7  # days between the seed article and its re-dated copy


@pytest.fixture(scope="session")
def dash_store(tmp_path_factory) -> Path:
    """The seed article plus a copy dated a week later, run through `pipeline run` into a tmp store."""
    from pipeline.cli import main

    tmp = tmp_path_factory.mktemp("dash")
    seed = json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])
    later = dict(
        seed,
        id=seed["id"] + "-later",
        date=(date.fromisoformat(seed["date"]) + timedelta(days=LATER)).isoformat(),
    )
    source = tmp / "articles.jsonl"
    source.write_text("\n".join(json.dumps(a) for a in (seed, later)) + "\n", encoding="utf-8")
    db = tmp / "faultline.duckdb"
    assert main(["run", "--input", str(source), "--db", str(db), "--quiet"]) == 0
    return db


def sql(db: Path, query: str, params: list | None = None) -> pd.DataFrame:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(query, params or []).df()


class KeptStorage(MemoryMediaFileStorage):
    """AppTest's in-memory media store, kept after the run so download payloads can be read back."""

    latest: KeptStorage | None = None

    def __init__(self, media_endpoint: str) -> None:
        super().__init__(media_endpoint)
        KeptStorage.latest = self


@pytest.fixture
def app(dash_store, monkeypatch) -> AppTest:
    monkeypatch.setenv("FAULTLINE_DB", str(dash_store))
    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", KeptStorage)
    at = AppTest.from_file(str(APP), default_timeout=90).run()
    assert not at.exception, at.exception
    return at


def download(at: AppTest, key: str) -> bytes:
    url = at.download_button(key=key).proto.url
    return KeptStorage.latest.get_file(url.rsplit("/", 1)[-1]).content


def download_csv(at: AppTest, key: str) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(download(at, key)), keep_default_na=False, dtype=str)


def shown(at: AppTest, id_column: str) -> pd.DataFrame:
    """The table holding `id_column`, as its CSV would read it back."""
    df = next(d.value for d in at.dataframe if id_column in d.value.columns)
    return pd.read_csv(io.StringIO(df.to_csv(index=False)), keep_default_na=False, dtype=str)


def shown_with(at: AppTest, columns: set[str]) -> pd.DataFrame:
    """The table holding all of `columns`, as its CSV would read it back."""
    df = next(d.value for d in at.dataframe if columns <= set(d.value.columns))
    return pd.read_csv(io.StringIO(df.to_csv(index=False)), keep_default_na=False, dtype=str)


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def test_overview_shows_every_panel_with_its_download(app, dash_store):
    assert len(app.get("plotly_chart")) == 2  # map + tension by day
    for table, button in (
        ("start", "dl_mentions"),
        ("actor_id", "dl_actors"),
        ("speaker_actor_id", "dl_statements"),
        ("event_id", "dl_events"),
    ):
        df = shown(app, table)
        assert len(df) > 0, table
        assert {"article_id", "sentence"} <= set(df.columns), table
        pd.testing.assert_frame_equal(df, download_csv(app, button))
    n_places = sql(dash_store, "SELECT count(DISTINCT place_id) AS n FROM places").n[0]
    assert len(download_csv(app, "dl_map_csv")) == n_places
    layer = json.loads(download(app, "dl_map_geojson"))
    assert layer["type"] == "FeatureCollection" and len(layer["features"]) == n_places
    assert all(f["geometry"] for f in layer["features"])
    assert len(download_csv(app, "dl_tension")) >= 1
    for columns, button in (
        ({"place_id", "tension", "reports"}, "dl_tension_places"),
        ({"pair", "tension"}, "dl_tension_pairs"),
    ):
        df = shown_with(app, columns)
        assert len(df) > 0, button
        pd.testing.assert_frame_equal(df, download_csv(app, button))
    tensions = download_csv(app, "dl_tension_places").tension.astype(float)
    assert list(tensions) == sorted(tensions, reverse=True)


def test_map_event_counts_are_the_events_placed_there(app, dash_store):
    placed = sql(
        dash_store,
        """SELECT place_id, count(*) AS n FROM indicators
                                WHERE place_id IS NOT NULL GROUP BY 1""",
    )
    places = download_csv(app, "dl_map_csv").set_index("place_id")
    expected = placed.set_index("place_id").n.reindex(places.index).fillna(0).astype(int)
    assert (places.events.astype(int) == expected).all()
    if placed.empty:
        pytest.skip("no event carries a place")
    place = placed.sort_values(["n", "place_id"]).place_id.iloc[-1]
    app.selectbox(key="place").set_value(place)
    run(app)
    events = download_csv(app, "dl_events")
    assert (events.place_id == place).sum() == int(places.events[place])


def actor_events(db: Path, actor: str) -> int:
    """Distinct events with the actor on either side that the tension index counts (factor > 0)."""
    from pipeline import tension

    dropped = [flag for flag, factor in tension.weights()[1].items() if factor == 0]
    return int(
        sql(
            db,
            """SELECT count(DISTINCT coalesce(event_id, article_id || ':' || idx)) AS n
                          FROM indicators WHERE (source_actor_id = ? OR target_actor_id = ?)
                          AND type IN (SELECT unnest(?)) AND NOT list_has_any(coalesce(flags, []), ?)""",
            [actor, actor, list(tension.weights()[0]), dropped],
        ).n[0]
    )


def test_actor_filter_restricts_the_tension_index(app, dash_store):
    top = sql(
        dash_store,
        """SELECT actor, count(*) AS n FROM (
                               SELECT source_actor_id AS actor FROM indicators UNION ALL
                               SELECT target_actor_id FROM indicators) WHERE actor IS NOT NULL
                             GROUP BY 1 ORDER BY n, 1""",
    )
    if top.empty:
        pytest.skip("no event has an actor")
    everything = download_csv(app, "dl_tension").events.astype(int).sum()
    actor = top.actor.iloc[-1]
    app.selectbox(key="actor").set_value(actor)
    run(app)
    assert download_csv(app, "dl_tension").events.astype(int).sum() == actor_events(
        dash_store, actor
    )
    assert actor_events(dash_store, actor) <= everything
    assert any("with this actor as source or target" in m.value for m in app.markdown)


def net_score(series: pd.DataFrame) -> float:
    """Σ weight·factor behind a tension series, undoing 100 × … / (articles + K) row by row."""
    from pipeline.tension import SMOOTHING

    return float(
        (series.tension.astype(float) * (series.articles.astype(int) + SMOOTHING) / 100).sum()
    )


def test_weekly_and_monthly_tension_keep_every_event(app):
    daily = download_csv(app, "dl_tension")
    for period in ("week", "month"):
        app.radio(key="period").set_value(period)
        run(app)
        grouped = download_csv(app, "dl_tension")
        assert grouped.events.astype(int).sum() == daily.events.astype(int).sum(), period
        assert net_score(grouped) == pytest.approx(net_score(daily), abs=0.1), (
            period
        )  # same formula
        assert len(grouped) <= len(daily)
        assert all(
            pd.Timestamp(d).weekday() == 0 if period == "week" else pd.Timestamp(d).day == 1
            for d in grouped.date
        )


def test_every_event_row_carries_its_sentence_and_flags(app, dash_store):
    events = download_csv(app, "dl_events")
    stored = sql(dash_store, "SELECT article_id, sentence FROM indicators")
    assert set(zip(events.article_id, events.sentence)) == set(
        zip(stored.article_id, stored.sentence)
    )
    flagged = sql(dash_store, "SELECT count(*) AS n FROM indicators WHERE len(flags) > 0").n[0]
    assert (events["flags"] != "").sum() == flagged


def test_flag_views_split_the_events(app, dash_store):
    everything = download_csv(app, "dl_events")
    flagged = int(sql(dash_store, "SELECT count(*) AS n FROM indicators WHERE len(flags) > 0").n[0])
    if flagged == 0:
        pytest.skip("the pipeline flagged no event")
    app.radio(key="flagged").set_value("flagged")
    run(app)
    only = download_csv(app, "dl_events")
    assert len(only) == flagged and (only["flags"] != "").all()
    pd.testing.assert_frame_equal(only, shown(app, "event_id"))
    app.radio(key="flagged").set_value("fact")
    run(app)
    fact = download_csv(app, "dl_events")
    assert (fact["flags"] == "").all() and len(fact) + flagged == len(everything)
    assert any(f"flagged only ({flagged:,})" in o for o in app.radio(key="flagged").options)


def test_actor_filter_shows_that_actors_statements_across_articles(app, dash_store):
    top = sql(
        dash_store,
        """SELECT speaker_actor_id AS actor, count(*) AS n FROM statements
                             WHERE speaker_actor_id IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1 LIMIT 1""",
    )
    if top.empty:
        pytest.skip("the pipeline attributed no statement to an actor")
    actor, n = top.actor[0], int(top.n[0])
    before = download_csv(app, "dl_statements")
    app.selectbox(key="actor").set_value(actor)
    run(app)
    statements = download_csv(app, "dl_statements")
    assert len(statements) == n and len(statements) < len(before)
    assert set(statements.speaker_actor_id) == {actor}
    assert statements.article_id.nunique() == 2  # the same speaker in both articles
    pd.testing.assert_frame_equal(statements, shown(app, "speaker_actor_id"))
    assert set(download_csv(app, "dl_actors").actor_id) == {actor}


def test_ranked_actors_sum_the_sentence_rows(app):
    rows = download_csv(app, "dl_actors")
    app.toggle(key="actors_ranked").set_value(True)
    run(app)
    ranked = download_csv(app, "dl_actors")
    pd.testing.assert_frame_equal(ranked, shown(app, "actor_id"))
    assert ranked.actor_id.is_unique and set(ranked.actor_id) == set(rows.actor_id)
    assert ranked.mentions.astype(int).sum() == rows.mentions.astype(int).sum()
    assert list(ranked.mentions.astype(int)) == sorted(ranked.mentions.astype(int), reverse=True)


def test_country_filter_narrows_map_and_events(app, dash_store):
    everything = download_csv(app, "dl_map_csv")
    codes = sql(
        dash_store,
        """SELECT c, count(DISTINCT place_id) AS n FROM
                               (SELECT unnest(country_codes) AS c, place_id FROM places) GROUP BY c
                               ORDER BY n, c""",
    )
    country = codes.c[0]  # the country with the fewest places makes a visible difference
    app.selectbox(key="country").set_value(country)
    run(app)
    places = download_csv(app, "dl_map_csv")
    assert 0 < len(places) < len(everything)
    assert all(country in cc.split("; ") for cc in places.country_codes)
    layer = json.loads(download(app, "dl_map_geojson"))
    assert {f["id"] for f in layer["features"]} == set(places.place_id)


def test_indicator_type_filter(app, dash_store):
    kinds = sql(
        dash_store, "SELECT type, count(*) AS n FROM indicators GROUP BY type ORDER BY n, type"
    )
    if kinds.empty:
        pytest.skip("the pipeline found no indicators")
    kind, n = kinds.type[0], int(kinds.n[0])
    app.multiselect(key="types").set_value([kind])
    run(app)
    events = download_csv(app, "dl_events")
    assert set(events.type) == {kind} and len(events) == n
    assert download_csv(app, "dl_tension").events.astype(int).sum() <= events.event_id.nunique()


def test_date_range_keeps_one_article(app, dash_store):
    first = sql(dash_store, "SELECT min(date) AS d FROM articles").d[0].date()
    app.date_input(key="dates").set_value((first, first))
    run(app)
    for button in ("dl_actors", "dl_statements", "dl_events"):
        df = download_csv(app, button)
        assert len(df) > 0 and df.article_id.nunique() == 1, button
    assert len(download_csv(app, "dl_tension")) == 1


def test_picking_a_place_links_actor_and_statement_panels(app, dash_store):
    before = download_csv(app, "dl_actors")
    # the place mentioned in the fewest sentences that still have an actor in them
    pick = sql(
        dash_store,
        """
        SELECT p.place_id, count(DISTINCT (p.article_id, p.sentence_start)) AS n
        FROM places p JOIN actor_mentions m ON m.article_id = p.article_id
         AND m.start >= p.sentence_start AND m.start < p.sentence_end
        GROUP BY 1 ORDER BY n, 1 LIMIT 1""",
    )
    if pick.empty:
        pytest.skip("no sentence holds both a place and an actor")
    place = pick.place_id[0]
    app.selectbox(key="place").set_value(place)
    run(app)
    assert app.selectbox(key="place").value == place
    mentions = download_csv(app, "dl_mentions")
    assert set(mentions.place_id) == {place}
    assert (
        len(mentions)
        == sql(dash_store, "SELECT count(*) AS n FROM places WHERE place_id = ?", [place]).n[0]
    )
    actors = download_csv(app, "dl_actors")
    assert 0 < len(actors) < len(before)
    sentences = set(
        sql(dash_store, "SELECT sentence FROM places WHERE place_id = ?", [place]).sentence
    )
    assert set(actors.sentence) <= sentences
    statements = download_csv(app, "dl_statements")
    linked = sql(
        dash_store,
        """
        SELECT DISTINCT s.article_id, s.idx FROM statements s JOIN places p ON p.article_id = s.article_id
        WHERE p.place_id = ? AND (list_contains(s.place_ids, p.place_id)
              OR (p.start >= s.sentence_start AND p.start < s.sentence_end))""",
        [place],
    )
    assert len(statements) == len(linked)
    app.button(key="clear_place").click()
    run(app)
    assert app.selectbox(key="place").value == "(all)"
    assert len(download_csv(app, "dl_actors")) == len(before)


def test_importing_the_page_draws_nothing(monkeypatch):
    """Only Streamlit running the script (as __main__) draws the page; an import does no work."""
    from app import panels

    monkeypatch.setattr(panels, "open_store", lambda: pytest.fail("main() ran on import"))
    page = runpy.run_path(str(APP), run_name="streamlit_app")
    assert callable(page["main"])


def test_missing_store_explains_how_to_build_one(tmp_path, monkeypatch):
    monkeypatch.setenv("FAULTLINE_DB", str(tmp_path / "nowhere.duckdb"))
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not at.exception
    assert any("python -m pipeline run" in i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_empty_store_explains_how_to_fill_it(tmp_path, monkeypatch):
    from pipeline.store import SCHEMA

    db = tmp_path / "empty.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute(SCHEMA)
    monkeypatch.setenv("FAULTLINE_DB", str(db))
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not at.exception
    assert any("no processed articles" in i.value and "pipeline run" in i.value for i in at.info)


CORPUS = next(
    (
        p
        for p in (
            Path("/work/shared/corpus/allsides_intl.jsonl.gz"),
            ROOT.parent / "shared" / "corpus" / "allsides_intl.jsonl.gz",
        )
        if p.is_file()
    ),
    None,
)


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory) -> Path:
    """The first 30 articles of the shared corpus (years apart, worldwide), through `pipeline run`."""
    import gzip
    import itertools

    from pipeline.cli import main

    if CORPUS is None:
        pytest.skip("the shared corpus is not available")
    tmp = tmp_path_factory.mktemp("corpus")
    source, db = tmp / "articles.jsonl", tmp / "faultline.duckdb"
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        source.write_text("".join(itertools.islice(f, 30)), encoding="utf-8")
    assert main(["run", "--input", str(source), "--db", str(db), "--quiet"]) == 0
    return db


def test_at_scale_tables_are_capped_and_the_map_stays_light(corpus_store, monkeypatch):
    monkeypatch.setenv("FAULTLINE_DB", str(corpus_store))
    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", KeptStorage)
    at = AppTest.from_file(str(APP), default_timeout=90).run()
    assert not at.exception, at.exception
    n_rows = len(
        sql(
            corpus_store, "SELECT DISTINCT actor_id, article_id, sentence_start FROM actor_mentions"
        )
    )
    assert n_rows > 500, "the corpus sample should exceed the table cap"
    actors = shown(at, "actor_id")
    assert len(actors) == 500
    pd.testing.assert_frame_equal(actors, download_csv(at, "dl_actors"))
    assert list(actors.date) == sorted(actors.date, reverse=True)  # newest first
    assert any(f"500 of {n_rows:,} rows" in c.value for c in at.caption)
    assert at.download_button(key="dl_actors_all").label == f"All {n_rows:,} rows (CSV)"
    chart = next(c for c in at.get("plotly_chart") if '"map"' in c.proto.spec)
    assert len(chart.proto.spec) < 1_000_000  # simplified shapes, rounded coordinates
    assert (
        at.radio(key="period").value == "auto" and "auto (month)" in at.radio(key="period").options
    )
    legend = {t["name"] for t in json.loads(chart.proto.spec)["data"] if t.get("showlegend", True)}
    assert len(legend) <= 8, legend  # one entry per layer, however many borders and disputed areas
