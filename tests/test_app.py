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
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from app import exports, panels
from pipeline import store

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "streamlit_app.py"
SEED = ROOT / "data" / "samples" / "seed.jsonl"
LATER = 7  # days between the seed article and its re-dated copy
CRAFTED_TITLE = '=HYPERLINK("http://example.invalid","open")'  # the copy's title, a CSV injection


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
        title=CRAFTED_TITLE,
        source="@outlet",
        url="https://example.org/news/later?id=1",
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


class KeptManager(MediaFileManager):
    """AppTest's media file manager, kept so a download made on click can be made as a click would."""

    latest: KeptManager | None = None

    def __init__(self, storage) -> None:
        super().__init__(storage)
        KeptManager.latest = self


@pytest.fixture
def app(dash_store, monkeypatch) -> AppTest:
    monkeypatch.setenv("FAULTLINE_DB", str(dash_store))
    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", KeptStorage)
    monkeypatch.setattr(app_test_module, "MediaFileManager", KeptManager)
    at = AppTest.from_file(str(APP), default_timeout=90).run()
    assert not at.exception, at.exception
    return at


TAB_OF = {  # the tab each download and table is drawn in (only the open tab is drawn); else Map
    "dl_tension": "Events",
    "dl_events": "Events",
    "event_id": "Events",
    "dl_tension_places": "Hotspots",
    "dl_tension_pairs": "Hotspots",
    "pair": "Hotspots",
    "reports": "Hotspots",
    "dl_rising_place": "Rising",
    "dl_rising_pair": "Rising",
    "dl_actor_timeline": "Actor",
    "dl_actor_places": "Actor",
    "dl_actor_statements": "Actor",
    "dl_actor_events": "Actor",
}


def opened(at: AppTest, tab: str) -> AppTest:
    """`at` with `tab` open, as a click on it would leave it."""
    if at.session_state["tab"] != tab:
        at.session_state["tab"] = tab
        run(at)
    return at


def download(at: AppTest, key: str) -> bytes:
    opened(at, TAB_OF.get(key.removesuffix("_all"), "Map"))
    proto = at.download_button(key=key).proto
    url = (
        KeptManager.latest.execute_deferred(proto.deferred_file_id) if not proto.url else proto.url
    )
    return KeptStorage.latest.get_file(url.rsplit("/", 1)[-1]).content


def download_csv(at: AppTest, key: str) -> pd.DataFrame:
    """A CSV download read back, after checking its first line cites the store and the view."""
    data = download(at, key)
    assert data.startswith(b"# Faultline export \xc2\xb7 store "), data[:80]
    return pd.read_csv(io.BytesIO(data), keep_default_na=False, dtype=str, skiprows=1)


def all_rows(at: AppTest, key: str) -> pd.DataFrame:
    """Every row of an evidence table: its second download past the rows shown, else its first."""
    download(at, key)  # opens the table's tab
    has_all = any(b.key == f"{key}_all" for b in at.get("download_button"))
    return download_csv(at, f"{key}_all" if has_all else key)


def as_csv(df: pd.DataFrame) -> pd.DataFrame:
    """A shown table as its CSV reads back: text cells that start like a formula are quoted."""
    safe = exports.neutralised(df).to_csv(index=False)
    return pd.read_csv(io.StringIO(safe), keep_default_na=False, dtype=str)


def shown(at: AppTest, id_column: str) -> pd.DataFrame:
    """The table holding `id_column`, as its CSV would read it back."""
    opened(at, TAB_OF.get(id_column, "Map"))
    return as_csv(next(d.value for d in at.dataframe if id_column in d.value.columns))


def shown_with(at: AppTest, columns: set[str]) -> pd.DataFrame:
    """The table holding all of `columns`, as its CSV would read it back."""
    opened(at, next((TAB_OF[c] for c in sorted(columns) if c in TAB_OF), "Map"))
    return as_csv(next(d.value for d in at.dataframe if columns <= set(d.value.columns)))


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def test_overview_shows_every_panel_with_its_download(app, dash_store):
    for tab, charts in (("Map", {"map"}), ("Events", {"tension_chart"}), ("Hotspots", {"network"})):
        assert {c.key for c in opened(app, tab).get("plotly_chart")} == charts, tab
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


def test_a_place_with_events_but_no_series_says_why(app, dash_store):
    # a place the events table lists events for (their sentences name it) with none placed there
    placed = set(sql(dash_store, "SELECT DISTINCT place_id FROM indicators").place_id.dropna())
    named = sql(
        dash_store,
        """SELECT DISTINCT p.place_id FROM places p JOIN indicators i
           ON i.article_id = p.article_id AND p.start >= i.sentence_start
          AND p.start < i.sentence_end ORDER BY 1""",
    ).place_id
    unplaced = [p for p in named if p not in placed]
    if not unplaced:
        pytest.skip("every place named in an event sentence has an event placed there")
    app.selectbox(key="place").set_value(unplaced[0])
    opened(run(app), "Events")
    captions = [c.value for c in app.caption]
    assert any(c.startswith("No event placed here counts") for c in captions), captions
    assert "tension_chart" not in {c.key for c in app.get("plotly_chart")}


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
    events = all_rows(app, "dl_events")
    stored = sql(dash_store, "SELECT article_id, sentence FROM indicators")
    assert set(zip(events.article_id, events.sentence)) == set(
        zip(stored.article_id, stored.sentence)
    )
    flagged = sql(dash_store, "SELECT count(*) AS n FROM indicators WHERE len(flags) > 0").n[0]
    assert (events["flags"] != "").sum() == flagged
    ids = set(sql(dash_store, "SELECT actor_id FROM actors").actor_id)
    for side in ("source", "target"):  # a side is shown by a name, a country's if need be
        assert not set(events[side]) & ids, side


def test_flag_views_split_the_events(app, dash_store):
    everything = all_rows(app, "dl_events")
    flagged = int(sql(dash_store, "SELECT count(*) AS n FROM indicators WHERE len(flags) > 0").n[0])
    if flagged == 0:
        pytest.skip("the pipeline flagged no event")
    app.radio(key="flagged").set_value("flagged")
    run(app)
    only = all_rows(app, "dl_events")
    assert len(only) == flagged and (only["flags"] != "").all()
    pd.testing.assert_frame_equal(download_csv(app, "dl_events"), shown(app, "event_id"))
    app.radio(key="flagged").set_value("fact")
    run(app)
    fact = all_rows(app, "dl_events")
    assert (fact["flags"] == "").all() and len(fact) + flagged == len(everything)
    assert any(f"flagged only: {flagged:,}" in c.value for c in app.caption)
    assert app.radio(key="flagged").options == list(panels.FLAG_VIEWS.values())


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
    rows = all_rows(app, "dl_actors")
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
    monkeypatch.setattr(app_test_module, "MediaFileManager", KeptManager)
    monkeypatch.setenv("FAULTLINE_DB", str(corpus_store))
    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", KeptStorage)
    at = AppTest.from_file(str(APP), default_timeout=90).run()
    assert not at.exception, at.exception
    n_rows = len(
        sql(
            corpus_store, "SELECT DISTINCT actor_id, article_id, sentence_start FROM actor_mentions"
        )
    )
    assert n_rows > panels.ROW_CAP, "the corpus sample should exceed the table cap"
    actors = shown(at, "actor_id")
    assert len(actors) == panels.ROW_CAP
    pd.testing.assert_frame_equal(actors, download_csv(at, "dl_actors"))
    assert list(actors.date) == sorted(actors.date, reverse=True)  # newest first
    assert any(f"{panels.ROW_CAP:,} of {n_rows:,} rows" in c.value for c in at.caption)
    assert at.download_button(key="dl_actors_all").label == f"All {n_rows:,} rows (CSV)"
    chart = next(c for c in at.get("plotly_chart") if '"map"' in c.proto.spec)
    assert len(chart.proto.spec) < 1_000_000  # simplified shapes, rounded coordinates
    legend = {t["name"] for t in json.loads(chart.proto.spec)["data"] if t.get("showlegend", True)}
    assert len(legend) <= 8, legend  # one entry per layer, however many borders and disputed areas
    assert opened(at, "Events").radio(key="period").value == "auto"
    assert any(m.value.startswith("**Tension by month** (auto)") for m in at.markdown)


EVIDENCE = ("dl_mentions", "dl_actors", "dl_statements", "dl_events")
DOWNLOADS = EVIDENCE + ("dl_map_csv", "dl_tension", "dl_tension_places", "dl_tension_pairs")


def test_every_evidence_row_cites_its_article(app, dash_store):
    articles = sql(dash_store, "SELECT article_id, title, source, url, date FROM articles")
    articles = articles.fillna("").astype(str).set_index("article_id")
    for key in EVIDENCE:
        rows = download_csv(app, key)
        day = "published" if key == "dl_events" else "date"
        assert {"sentence", "title", "outlet", "url", day} <= set(rows.columns), key
        cited = articles.loc[rows.article_id]
        assert list(rows.url) == list(cited.url), key
        assert list(rows[day]) == list(cited.date), key
        titles = [exports.neutralised(pd.DataFrame({"t": [t]})).t[0] for t in cited.title]
        assert list(rows.title) == titles, key
    table = next(d for d in app.dataframe if "event_id" in d.value.columns)
    assert "LinkColumn" in str(table.proto.columns) or "link" in str(table.proto.columns).lower()


def test_csv_cells_cannot_run_as_formulas(app):
    for key in DOWNLOADS:
        rows = download_csv(app, key)
        for column in rows.columns:
            text = rows[column][pd.to_numeric(rows[column], errors="coerce").isna()]
            assert not text.str.startswith(exports.FORMULA_START).any(), (key, column)
    events = download_csv(app, "dl_events")
    assert "'" + CRAFTED_TITLE in set(events.title)
    assert "'@outlet" in set(events.outlet)


def test_exports_carry_the_store_version_and_the_view(app, dash_store):
    import pyarrow.parquet as pq

    kind = sql(dash_store, "SELECT type FROM indicators GROUP BY 1 ORDER BY count(*) LIMIT 1")
    app.multiselect(key="types").set_value([kind.type[0]])
    run(app)
    head = download(app, "dl_events").split(b"\n", 1)[0].decode("utf-8")
    assert f"view ?types={kind.type[0]}" in head and store.version(dash_store) in head
    assert "," not in head  # one spreadsheet cell
    for key in DOWNLOADS:
        opened(app, TAB_OF.get(key, "Map"))
        assert app.download_button(key=f"{key}_parquet").label == "Parquet"
    rows = download_csv(app, "dl_events")
    meta = pq.read_schema(
        io.BytesIO(exports.parquet_bytes(rows, "faultline.duckdb@v1", {"types": "X"}))
    ).metadata
    assert json.loads(meta[exports.METADATA_KEY]) == {
        "store": "faultline.duckdb@v1",
        "view": {"types": "X"},
        "rows": len(rows),
    }


def test_a_copied_url_restores_the_view(app, dash_store, monkeypatch):
    actor = sql(
        dash_store,
        """SELECT speaker_actor_id AS a FROM statements WHERE speaker_actor_id IS NOT NULL
           GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1""",
    ).a[0]
    first = sql(dash_store, "SELECT min(date) AS d FROM articles").d[0].date()
    opened(app, "Events")
    app.selectbox(key="actor").set_value(actor)
    app.date_input(key="dates").set_value((first, first))
    app.radio(key="period").set_value("week")
    app.radio(key="flagged").set_value("fact")
    run(app)
    url = dict(app.query_params)
    assert url["actor"] == actor and url["start"] == url["end"] == first.isoformat()
    assert url["period"] == "week" and url["flagged"] == "fact" and url["tab"] == "Events"
    events = download_csv(app, "dl_events")
    again = AppTest.from_file(str(APP), default_timeout=90)
    again.query_params.update(url)
    run(again)
    assert again.session_state["tab"] == "Events"
    assert again.selectbox(key="actor").value == actor
    assert tuple(again.date_input(key="dates").value) == (first, first)
    assert again.radio(key="period").value == "week"
    assert again.radio(key="flagged").value == "fact"
    assert any(m.value.startswith("Filtered by actor **") for m in again.markdown)
    assert dict(again.query_params) == url
    pd.testing.assert_frame_equal(download_csv(again, "dl_events"), events)
    statements = download_csv(app, "dl_statements")  # the Map tab, still under the filters
    pd.testing.assert_frame_equal(download_csv(again, "dl_statements"), statements)


def test_a_url_with_unknown_values_falls_back_to_defaults(dash_store, monkeypatch):
    monkeypatch.setenv("FAULTLINE_DB", str(dash_store))
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.query_params.update(
        {"actor": "nobody", "start": "not-a-date", "tab": "Nowhere", "min_articles": "-3"}
    )
    run(at)
    assert at.selectbox(key="actor").value == "(all)"
    assert dict(at.query_params) == {}
    assert any(m.value.startswith("No filter") for m in at.markdown)
    assert opened(at, "Hotspots").number_input(key="min_articles").value >= 1


def test_the_type_filter_narrows_map_actors_and_statements(app, dash_store):
    kind = sql(dash_store, "SELECT type FROM indicators GROUP BY 1 ORDER BY count(*), 1 LIMIT 1")
    kind = kind.type[0]
    before = {k: len(download_csv(app, k)) for k in ("dl_map_csv", "dl_actors", "dl_mentions")}
    app.multiselect(key="types").set_value([kind])
    run(app)
    typed = sql(
        dash_store,
        "SELECT article_id, start FROM indicators WHERE type = ?",
        [kind],
    )
    mentions = download_csv(app, "dl_mentions")
    assert 0 < len(mentions) <= before["dl_mentions"]
    for row in mentions.itertuples():
        sentence = sql(
            dash_store,
            """SELECT sentence_start AS a, sentence_end AS b FROM places
               WHERE article_id = ? AND start = ?""",
            [row.article_id, int(row.start)],
        ).iloc[0]
        mine = typed[typed.article_id == row.article_id].start
        assert ((mine >= sentence.a) & (mine < sentence.b)).any()
    assert set(download_csv(app, "dl_map_csv").place_id) == set(mentions.place_id)
    assert len(download_csv(app, "dl_actors")) <= before["dl_actors"]
    assert any(f"types **{kind}**" in m.value for m in app.markdown)


def test_a_picked_row_shows_its_sentence_with_the_match_marked(dash_store):
    from app.queries import Filters, Store

    store = Store(str(dash_store), dash_store.stat().st_mtime)
    row = queries_rows(store, Filters()).iloc[0]
    marked = panels.evidence_html(row)
    assert f"<mark>{row.text}</mark>" in marked.replace("&#x27;", "'")
    assert f'href="{row.url}"' in marked


def queries_rows(store, f) -> pd.DataFrame:
    from app import queries

    return queries.mention_rows(store, f)


def test_health_page_names_the_served_store(dash_store, monkeypatch):
    monkeypatch.setenv("FAULTLINE_DB", str(dash_store))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["health"] = ""
    run(at)
    assert any(m.value.startswith(f"ok · store `{store.version(dash_store)}`") for m in at.markdown)
    assert not at.get("plotly_chart")


def test_rising_ranks_pairs_by_their_change_against_the_period_before(app, dash_store):
    from app.queries import RISING_MIN_ARTICLES, RISING_MIN_EVENTS, SPARK_BINS

    first = sql(dash_store, "SELECT min(date) AS d FROM articles").d[0].date()
    last = first + timedelta(days=LATER)
    app.date_input(key="dates").set_value((first, last))
    run(app)
    pairs = download_csv(app, "dl_rising_pair")
    assert any(
        m.value.startswith(f"**Rising and falling** — the tension index from {first} to {last}")
        for m in app.markdown
    )
    assert len(pairs) > 0  # the seed's dyads, in both articles of the period
    change = pairs.change.astype(float)
    assert list(change) == sorted(change, reverse=True)
    now, before = pairs.tension.astype(float), pairs.tension_before.astype(float)
    assert ((change - (now - before)).abs() < 0.15).all()
    assert (pairs.events.astype(int) + pairs.events_before.astype(int) >= RISING_MIN_EVENTS).all()
    assert (pairs.articles.astype(float) >= RISING_MIN_ARTICLES).all()
    assert all(len(json.loads(t)) == SPARK_BINS for t in pairs.trend)
    assert "start" not in app.query_params  # the whole span is the default, left out of the URL


def test_an_actors_page_counts_what_the_other_tabs_list(app, dash_store):
    assert any("Pick an actor in the sidebar" in i.value for i in opened(app, "Actor").info)
    actor = sql(
        dash_store,
        """SELECT speaker_actor_id AS a FROM statements WHERE speaker_actor_id IS NOT NULL
           GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1""",
    ).a[0]
    app.selectbox(key="actor").set_value(actor)
    run(app)
    timeline = download_csv(app, "dl_actor_timeline")
    assert any(m.value.startswith("**") and " statements · " in m.value for m in app.markdown)
    totals = {k: timeline[k].astype(int).sum() for k in ("mentions", "statements", "events")}
    assert totals["mentions"] == download_csv(app, "dl_actors").mentions.astype(int).sum()
    assert totals["statements"] == len(download_csv(app, "dl_statements")) > 0
    assert totals["events"] == len(download_csv(app, "dl_events"))
    pd.testing.assert_frame_equal(
        download_csv(app, "dl_actor_statements"), download_csv(app, "dl_statements")
    )
    places = download_csv(app, "dl_actor_places")
    assert set(places.place_id) <= set(download_csv(app, "dl_map_csv").place_id)
