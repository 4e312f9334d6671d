"""The dashboard's Streamlit parts: store checks, sidebar, map, evidence tables, tension, hotspots.

Panels take their rows from app.queries and their figures from app.figures; widget keys are what
callbacks, session state and the tests address them by.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import duckdb
import pandas as pd
import streamlit as st

from app import exports, figures, queries, state
from app.queries import Filters, Store

__all__ = [
    "TABS",
    "TAB_WIDGETS",
    "actor_panel",
    "actors_panel",
    "busy",
    "events_panel",
    "filter_line",
    "health_page",
    "hotspots_panel",
    "map_panel",
    "mentions_panel",
    "open_store",
    "picked_place",
    "place_picker",
    "rising_panel",
    "sidebar",
    "signed_in",
    "statements_panel",
    "summary_line",
    "tabs",
    "tension_panel",
]

RUN_HINT = (
    "Build a store with the pipeline, then reload this page:\n\n"
    "```\n.venv/bin/python -m pipeline run --input data/samples/seed.jsonl"
    " --db data/faultline.duckdb\n```\n\n"
    "or point the `FAULTLINE_DB` environment variable at an existing store."
)
ALL = "(all)"
ROW_CAP = 50  # rows a table ships to the browser (a page of them shows); the rest are a click away
ACTOR_OPTIONS = 1_000  # the actor filter's choices, most mentioned first (and the chosen one)
ROW_PX = 35  # height of a table row in st.dataframe
COLUMNS = {
    "sentence": st.column_config.TextColumn(width="large"),
    "content": st.column_config.TextColumn(width="medium"),
    "flags": st.column_config.TextColumn(width="medium"),
    "title": st.column_config.TextColumn(width="medium"),
    "url": st.column_config.LinkColumn(
        "url", width="small", display_text=r"https?://(?:www\.)?([^/]+)", help="Open the article"
    ),
}
FLAG_VIEWS = {"all": "all reports", "fact": "stated as fact", "flagged": "flagged only"}
TABS = ("Map", "Events", "Hotspots", "Rising", "Actor")
TAB_WIDGETS = ("place", "actors_ranked", "flagged", "period", "min_articles")  # drawn in one tab
SPANS = (("start", "end"), ("speaker_start", "speaker_end"))  # what a picked row highlights


# ---------------------------------------------------------------- store and sidebar


def busy():
    """A spinner over the open tab while its panels compute (a cached view shows at once)."""
    return st.spinner("Reading the store for this view…", show_time=True)


def open_store() -> Store | None:
    """The store, or None after showing why it cannot be used (missing, locked, empty)."""
    path = queries.db_path()
    if not path.is_file():
        st.info(f"No Faultline store found at `{path}`.\n\n{RUN_HINT}")
        return None
    snapshot = path.resolve()  # the published version now; the next run sees the next one
    store = Store(str(snapshot), snapshot.stat().st_mtime)
    try:
        present = queries.table_names(store)
    except duckdb.Error as exc:
        st.error(
            f"Cannot open the store `{path}` read-only ({type(exc).__name__}). If the "
            f"pipeline is still writing it, wait for it to finish and reload.\n\n{RUN_HINT}"
        )
        return None
    missing = [t for t in queries.READ if t not in present]
    if missing:
        st.info(f"The store `{path}` lacks the tables {', '.join(missing)}.\n\n{RUN_HINT}")
        return None
    if queries.processed_articles(store) == 0:
        st.info(f"The store `{path}` holds no processed articles yet.\n\n{RUN_HINT}")
        return None
    return store


def summary_line(store: Store) -> str:
    """One line on what the store holds, so every number below has its scale."""
    r = queries.store_counts(store)
    dates = (
        f" from {pd.Timestamp(r.lo).date()} to {pd.Timestamp(r.hi).date()}"
        if pd.notna(r.lo)
        else ""
    )
    return (
        f"{_count(r.articles, 'article')} from {_count(r.outlets, 'outlet')}{dates} · "
        f"{_count(r.places, 'place')} · {_count(r.actors, 'actor')} · "
        f"{_count(r.statements, 'statement')} · {_count(r.events, 'event report')}"
    )


def _count(n: int, noun: str) -> str:
    """'1 article', '2,000 articles'."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def health_page(store: Store) -> None:
    """`?health`: which store version is served and what it holds, for a monitor or a person."""
    st.markdown(f"ok · store `{store.version}`")
    st.caption(summary_line(store))


def _auth_configured() -> bool:
    """Whether secrets.toml has an `[auth]` section, which turns the sign-in on."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False


def signed_in() -> bool:
    """True when no sign-in is configured or the visitor has signed in; else offers to sign in."""
    if not _auth_configured():
        return True
    if st.user.is_logged_in:
        st.sidebar.button("Log out", key="logout", on_click=st.logout)
        return True
    st.info("This Faultline dashboard asks you to sign in.")
    try:
        st.button("Log in", key="login", on_click=st.login, type="primary")
    except st.errors.StreamlitAuthError as exc:
        st.error(f"Sign-in is configured in secrets.toml but cannot start: {exc}")
    return False


def filter_line(store: Store, f: Filters) -> str:
    """What narrows every panel below, in words, or that nothing does."""
    names = queries.basemap_names(store)
    parts = []
    if f.actor:
        actors = queries.actor_choices(store).set_index("actor_id").name
        parts.append(f"actor **{actors.get(f.actor, f.actor)}**")
    if f.start and f.end:
        parts.append(f"dates **{f.start} – {f.end}**")
    if f.country:
        parts.append(f"country **{names.get(f.country, f.country)} ({f.country})**")
    if f.types:
        parts.append(f"types **{', '.join(f.types)}**")
    if f.place:
        parts.append(f"place **{queries.place_name(store, f.place) or f.place}**")
    if not parts:
        return "No filter: every panel shows the whole store."
    return "Filtered by " + " · ".join(parts) + " (every panel, the map included)."


def sidebar(store: Store) -> tuple[Filters, str]:
    """The filter widgets (actor, date range, country, indicator types) and the map's shading."""
    st.sidebar.header("Filters")
    actors = queries.actor_choices(store)
    state.choice("actor", [ALL, *actors.actor_id])
    chosen = actors.actor_id == st.session_state.get("actor")
    offered = actors[(actors.index < ACTOR_OPTIONS) | chosen]  # the page ships each label
    labels = {
        r.actor_id: f"{r.name} ({r.type}"
        f"{', ' + r.country if isinstance(r.country, str) else ''}) · {r.n}"
        for r in offered.itertuples()
    }
    shown = (
        f"{len(actors):,}"
        if len(offered) == len(actors)
        else f"the {ACTOR_OPTIONS:,} most mentioned of {len(actors):,}"
    )
    actor = st.sidebar.selectbox(
        f"Actor — {shown}, most mentioned first; type to search",
        [ALL] + list(labels),
        key="actor",
        help="Name (type, country) · mentions in the store. With an "
        "actor, the tension index counts only the events it is "
        "source or target of. Any other actor opens from the ranked Actors table.",
        format_func=lambda a: labels.get(a, "All actors"),
    )
    span = queries.date_span(store)
    start = end = lo = hi = None
    if pd.notna(span.lo):
        lo, hi = pd.Timestamp(span.lo).date(), pd.Timestamp(span.hi).date()
        undated = (
            f"{span.undated:,} undated article(s) are left out once a range is set."
            if span.undated
            else None
        )
        state.dates("dates", lo, hi)
        picked = st.sidebar.date_input(
            "Date range",
            (lo, hi),
            min_value=lo,
            max_value=hi,
            key="dates",
            help=undated,
        )
        if isinstance(picked, (tuple, list)) and len(picked) == 2 and tuple(picked) != (lo, hi):
            start, end = picked
    countries = queries.country_choices(store)
    names = queries.basemap_names(store)
    counts = dict(zip(countries.code, countries.n))
    state.choice("country", [ALL, *countries.code])
    country = st.sidebar.selectbox(
        f"Country — {len(counts)}, most cited first",
        [ALL] + countries.code.tolist(),
        key="country",
        format_func=lambda c: (
            "All countries" if c == ALL else f"{names.get(c, c)} ({c}) · {counts[c]}"
        ),
        help="Name (code) · places, actors and event sides of the country in the store.",
    )
    types = queries.indicator_types(store)
    state.choices("types", types)
    chosen = st.sidebar.multiselect(
        "Indicator type",
        types,
        key="types",
        placeholder="All types",
        help="PLOVER event types, most frequent first. With types chosen, places, actors and "
        "statements are those of sentences reporting an event of one of them.",
    )
    state.choice("metric", list(figures.METRIC_TITLES))
    metric = st.sidebar.radio(
        "Shade map by",
        list(figures.METRIC_TITLES),
        key="metric",
        help="tension: the tension index of the events placed there (blue "
        "cooperative, red hostile); mentions: how often the place is "
        "named; events: event reports placed there.",
    )
    st.sidebar.caption(f"Store: `{store.path}` · version `{store.version}` · [health](?health)")
    return Filters(
        actor=None if actor == ALL else actor,
        country=None if country == ALL else country,
        types=tuple(chosen),
        start=start,
        end=end,
        span=(lo, hi),
    ), metric


# ---------------------------------------------------------------- tables and downloads


def _evidence_table(
    store: Store,
    rows: Callable[[int], pd.DataFrame],
    label: str,
    name: str,
    key: str,
    height: int,
    on_pick=None,
) -> pd.DataFrame:
    """The newest ROW_CAP rows of `rows` (a query taking a row limit) with their downloads; past
    the cap, up to EXPORT_CAP rows made on click. Picking a row shows its sentence with the place,
    actor or event highlighted, or calls `on_pick` when given. Returns the rows shown."""
    shown = rows(ROW_CAP)
    pickable = "sentence" in shown.columns and "sentence_start" in shown.columns
    table = st.dataframe(
        shown,
        hide_index=True,
        key=f"{name}_table",
        height=_fitted(shown, height),
        column_config=COLUMNS,
        on_select=on_pick or ("rerun" if pickable else "ignore"),
        selection_mode="single-row",
    )
    picked = table.selection.rows if pickable and on_pick is None else []
    if picked and picked[0] < len(shown):
        st.html(evidence_html(shown.iloc[picked[0]]))
    total = shown.attrs.get("total", len(shown))
    if shown.empty:
        st.caption("Nothing matches these filters.")
    elif total > ROW_CAP:
        held = (
            f" the second pair the newest {queries.EXPORT_CAP:,} (`python -m pipeline export`"
            " writes all)"
            if total > queries.EXPORT_CAP
            else " the second pair all of them"
        )
        st.caption(
            f"Showing the newest {ROW_CAP:,} of {total:,} rows; the first downloads hold these "
            f"rows,{held}. Pick a place or narrow the filters to see the others."
        )
    elif pickable:
        st.caption("Pick a row to read its sentence with the match highlighted.")
    full = None
    if total > ROW_CAP:
        full = (lambda: rows(queries.EXPORT_CAP), min(total, queries.EXPORT_CAP))
    _downloads(store, shown, label, name, key, full=full)
    return shown


def evidence_html(row: pd.Series) -> str:
    """A row's sentence with its spans marked, under the article's linked title, outlet and date."""
    text, base = str(row["sentence"]), int(row["sentence_start"])
    spans = sorted(
        (max(0, int(row[a]) - base), min(len(text), int(row[b]) - base))
        for a, b in SPANS
        if a in row.index and pd.notna(row[a]) and pd.notna(row[b])
    )
    out, at = [], 0
    for lo, hi in spans:
        if lo < at or lo >= hi:
            continue
        out += [html.escape(text[at:lo]), f"<mark>{html.escape(text[lo:hi])}</mark>"]
        at = hi
    out.append(html.escape(text[at:]))
    title = html.escape(str(_cell(row, "title") or row["article_id"]))
    url = _cell(row, "url")
    head = f'<a href="{html.escape(url)}" target="_blank">{title}</a>' if url else title
    cited = " · ".join(
        html.escape(str(row[c]))
        for c in ("outlet", "published" if "published" in row.index else "date")
        if c in row.index and pd.notna(row[c])
    )
    return (
        '<div class="evidence" style="border-left:3px solid #f0793a;padding:0.2rem 0.8rem;'
        f'margin:0.3rem 0"><div><b>{head}</b> <small>{cited}</small></div>'
        f'<div style="margin-top:0.3rem">{"".join(out)}</div></div>'
    )


def _cell(row: pd.Series, column: str) -> str | None:
    """A text cell of `row`, None when absent or empty."""
    value = row.get(column)
    return value if isinstance(value, str) and value else None


def _fitted(df: pd.DataFrame, height: int) -> int:
    """Table height in px: `height`, or less for a short result, so no empty rows show."""
    return min(height, ROW_PX * (len(df) + 1) + 3)


def _downloads(
    store: Store,
    df: pd.DataFrame,
    label: str,
    name: str,
    key: str,
    full: tuple[Callable[[], pd.DataFrame], int] | None = None,
) -> None:
    """CSV and Parquet of exactly `df` and, when given, of `full` (a query and its row count),
    made on click; each cites the store version and the view that produced it (app.exports)."""
    view = state.view()
    with st.container(horizontal=True, gap="small"):
        shown = (f"{label} (CSV)", "Parquet")
        _pair(store, lambda: df, view, shown, name, key, now=True, help=label)
        if full is not None:
            rows, n = full
            labels = (f"All {n:,} rows (CSV)", "All (Parquet)")
            if n == queries.EXPORT_CAP:
                labels = (f"Newest {n:,} rows (CSV)", "Newest (Parquet)")
            _pair(store, rows, view, labels, f"{name}_all", f"{key}_all")


def _pair(
    store: Store,
    rows: Callable[[], pd.DataFrame],
    view: dict,
    labels: tuple[str, str],
    name: str,
    key: str,
    now: bool = False,
    help: str | None = None,
) -> None:
    """A CSV and a Parquet button for the frame `rows` gives; the CSV is made `now` (the shown
    rows', so the page holds what the table shows) or, like the Parquet, on click.
    """
    csv = lambda: exports.csv_bytes(rows(), store.version, view)
    st.download_button(
        labels[0],
        csv() if now else csv,
        file_name=f"{name}.csv",
        mime="text/csv",
        key=key,
        on_click="ignore",
    )
    st.download_button(
        labels[1],
        lambda: exports.parquet_bytes(rows(), store.version, view),
        file_name=f"{name}.parquet",
        mime="application/vnd.apache.parquet",
        key=f"{key}_parquet",
        on_click="ignore",
        help=help and f"{help} as Parquet",
    )


# ---------------------------------------------------------------- map and picked place


def map_panel(store: Store, f: Filters, metric: str) -> pd.DataFrame:
    """The map shaded by `metric`, its counts and downloads; returns the places it shows."""
    places = queries.map_places(store, f)
    if places.empty:
        st.info("No place mentions match these filters.")
    st.plotly_chart(
        _map_figure(store.path, store.stamp, f, metric, st.session_state.get("place")),
        key="map",
        on_select=_pick_from_map,
        selection_mode=("points",),
        config={"scrollZoom": True, "displaylogo": False},
        alt="Map of the places mentioned, shaded by " + metric,
    )
    st.caption(
        f"{len(places)} places · {int(places.mentions.sum())} mentions · "
        f"{int(places.events.sum())} event reports placed at them"
    )
    with st.container(horizontal=True, gap="small"):
        _downloads(store, places.assign(metric=metric), "Map places", "map_places", "dl_map_csv")
        shapes = queries.shapes(store, "shapes")
        st.download_button(
            "Map layer (GeoJSON)",
            lambda: figures.map_geojson(places, shapes, metric).encode("utf-8"),
            file_name="map_layer.geojson",
            mime="application/geo+json",
            key="dl_map_geojson",
            on_click="ignore",
        )
    return places


@st.cache_data(show_spinner=False, max_entries=64)
def _map_figure(path: str, stamp: float, f: Filters, metric: str, picked: str | None):
    """The map of one view, built once per store version and view: a figure of a few hundred
    shapes takes longer to build than to unpickle."""
    store = Store(path, stamp)
    return figures.map_figure(
        queries.map_places(store, f),
        queries.shapes(store, "shapes"),
        queries.shapes(store, "basemap"),
        queries.basemap_names(store),
        metric,
        picked,
    )


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
    labels = {
        r.place_id: f"{r.name} ({r.kind}{', ' + r.label if r.label else ''})"
        f" · {r.mentions} mention(s)"
        for r in places.itertuples()
    }
    if st.session_state.get("place") not in labels:  # bound from the URL by picked_place
        st.session_state["place"] = ALL
    box, clear = st.columns([5, 1], vertical_alignment="bottom")
    pick = box.selectbox(
        "Place (or click one on the map)",
        [ALL] + list(labels),
        key="place",
        format_func=lambda p: labels.get(p, "All places"),
    )
    clear.button(
        "Clear",
        key="clear_place",
        disabled=pick == ALL,
        on_click=_clear_place,
        help="Back to all places",
        width="stretch",
    )
    return None if pick == ALL else pick


def picked_place(store: Store) -> str | None:
    """The place picked on the map or in its selectbox, kept while another tab is open, or
    restored from the URL whichever tab it opens."""
    state.known("place", lambda p: p == ALL or queries.place_name(store, p) is not None, ALL)
    place = st.session_state.get("place", ALL)
    return None if place == ALL else place


def _clear_place() -> None:
    """on_click callback: forget the picked place."""
    st.session_state["place"] = ALL


# ---------------------------------------------------------------- evidence panels


def mentions_panel(store: Store, f: Filters) -> None:
    """The place mentions behind the map, with the sentence of each."""
    st.markdown(
        "**Place mentions**"
        + (" of this place" if f.place else "")
        + " — the sentences behind the map"
    )
    _evidence_table(
        store,
        lambda n: queries.mention_rows(store, f, n),
        "Place mentions",
        "place_mentions",
        "dl_mentions",
        210,
    )


def actors_panel(store: Store, f: Filters) -> None:
    """Actors per sentence, or ranked one row per actor with the toggle."""
    head, view = st.columns([5, 2], vertical_alignment="bottom")
    head.markdown("**Actors**" + (" in sentences about this place" if f.place else ""))
    state.toggle("actors_ranked")
    ranked = view.toggle(
        "Rank",
        key="actors_ranked",
        help="One row per actor, most mentioned first, instead of one row per sentence.",
    )
    rows = queries.ranked_actors if ranked else queries.actor_rows
    shown = _evidence_table(
        store,
        lambda n: rows(store, f, n),
        "Actors",
        "actors",
        "dl_actors",
        210,
        _open_actor if ranked else None,
    )
    st.session_state["ranked_actor_ids"] = shown.actor_id.tolist()
    if ranked:
        st.caption("Pick an actor to open their page.")


def _open_actor() -> None:
    """on_select callback: a picked ranked actor becomes the actor filter, on the Actor tab."""
    rows = st.session_state.get("actors_table", {}).get("selection", {}).get("rows", [])
    ids = st.session_state.get("ranked_actor_ids", [])
    if rows and rows[0] < len(ids):
        st.session_state["actor"] = ids[rows[0]]
        st.session_state["tab"] = "Actor"


def statements_panel(store: Store, f: Filters) -> None:
    """Statements in scope, with their speakers and sentences."""
    st.markdown("**Statements**" + (" about this place" if f.place else ""))
    _evidence_table(
        store,
        lambda n: queries.statement_rows(store, f, n),
        "Statements",
        "statements",
        "dl_statements",
        210,
    )


def events_panel(store: Store, f: Filters) -> None:
    """The event reports in scope, all of them or split by their flags."""
    st.markdown(
        "**Events**"
        + (" placed at or naming this place" if f.place else "")
        + " — flags: *hypothetical* (conditional or possible), *negated* (said not to "
        "happen), *historical* (background)"
    )
    counts = queries.flag_counts(store, f)
    state.choice("flagged", list(FLAG_VIEWS))
    view = st.radio(
        "Show",
        list(FLAG_VIEWS),
        horizontal=True,
        key="flagged",
        format_func=FLAG_VIEWS.get,
        help="The tension index counts hypothetical reports at half weight and leaves "
        "negated and historical ones out, whatever is shown here.",
    )
    st.caption(" · ".join(f"{FLAG_VIEWS[v]}: {n:,}" for v, n in counts.items()))
    _evidence_table(
        store, lambda n: queries.event_rows(store, f, n, view), "Events", "events", "dl_events", 300
    )


# ---------------------------------------------------------------- tension


def _no_series(store: Store, f: Filters) -> str:
    """Why the tension chart is empty; at a place, why the events listed beside it are not in it,
    so a blank chart next to a full table reads as what it is."""
    named = queries.flag_counts(store, f)["all"] if f.place else 0
    if not named:
        return "No events with a non-zero weight match these filters."
    return (
        "No event placed here counts towards the index under these filters (historical and "
        f"negated reports count nothing). The {named:,} events listed beside it include every "
        "event whose sentence names the place; those that happened elsewhere count at their own "
        "place and for their country pair."
    )


@st.fragment
def tension_panel(store: Store, f: Filters) -> None:
    """Tension over time and its CSV; a fragment, so a change of period redraws this panel alone."""
    lo, hi = f.start or f.span[0], f.end or f.span[1]
    auto = queries.period_for((hi - lo).days) if lo and hi else "day"
    state.choice("period", ["auto", *queries.PERIODS])
    period = st.radio(
        "Tension per",
        ["auto", *queries.PERIODS],
        horizontal=True,
        key="period",
        help="auto: days up to four months, weeks up to three years, months beyond.",
    )
    picked = period
    period = auto if period == "auto" else period
    series = queries.tension_series(store, f, period)
    st.markdown(
        f"**Tension by {period}**"
        + (" (auto)" if picked == "auto" else "")
        + (" at this place" if f.place else "")
        + (" — events with this actor as source or target" if f.actor else "")
    )
    if series.empty:
        st.caption(_no_series(store, f))
    else:
        st.plotly_chart(figures.tension_figure(series, period), key="tension_chart")
    _downloads(store, series, f"Tension by {period}", f"tension_by_{period}", "dl_tension")
    state.publish(fragment=True)  # a change of period reruns this fragment alone


def hotspots_panel(store: Store, f: Filters) -> None:
    """Places and country pairs ranked by tension index; picking a place row picks the place."""
    top_places, top_pairs = queries.hotspots(store, f, queries.basemap_names(store))
    st.markdown(
        "**Hotspots** — tension index (net hostility per 100 articles; negated and "
        "historical reports left out)"
        + (", events with this actor as source or target" if f.actor else "")
        + ". Pick a place row to read its sentences in the Map tab."
    )
    by_place, by_pair = st.columns(2, gap="medium")
    with by_place:
        n_articles = queries.article_count(store)
        fewest = min(3, max(n_articles, 1))
        state.number("min_articles", fewest, 1)
        st.session_state.setdefault("min_articles", fewest)
        least = st.number_input(
            "Places reported in at least this many articles",
            min_value=1,
            key="min_articles",
            help="One article with a few events gives a huge index; this keeps "
            "the ranking to places with some coverage.",
        )
        top_places = top_places[top_places.articles >= least].reset_index(drop=True)
        st.session_state["hotspot_ids"] = top_places.place_id.tolist()
        st.dataframe(
            top_places,
            hide_index=True,
            key="places_tension_table",
            height=_fitted(top_places, 260),
            on_select=_pick_from_hotspots,
            selection_mode="single-row",
        )
        _downloads(store, top_places, "Tension by place", "tension_by_place", "dl_tension_places")
    with by_pair:
        st.caption(
            "Country pairs (source and target of an event, either way); their articles are "
            "those naming either country in the period."
        )
        st.dataframe(
            top_pairs, hide_index=True, key="pairs_tension_table", height=_fitted(top_pairs, 260)
        )
        _downloads(
            store, top_pairs, "Tension by country pair", "tension_by_pair", "dl_tension_pairs"
        )
    st.markdown(
        f"**Who deals with whom** — the {figures.NETWORK_EDGES} country pairs with most events; "
        "an edge is as wide as its events, red when hostile on balance, blue when cooperative. "
        "Click a country to filter by it."
    )
    if top_pairs.empty:
        st.caption("No event has a country on both sides under these filters.")
    else:
        st.plotly_chart(
            figures.network_figure(top_pairs, queries.basemap_names(store)),
            key="network",
            on_select=_pick_country,
            selection_mode=("points",),
            config={"displaylogo": False},
        )


def _pick_country() -> None:
    """on_select callback: a clicked country of the network becomes the country filter."""
    for point in st.session_state.get("network", {}).get("selection", {}).get("points", []):
        code = point.get("customdata")
        code = code[0] if isinstance(code, list) and code else code
        if isinstance(code, str):
            st.session_state["country"] = code
            return


def tabs() -> list:
    """The page's tabs (TABS); the open one is part of the view in the URL."""
    state.choice("tab", list(TABS))
    return st.tabs(list(TABS), key="tab", on_change="rerun")


def rising_panel(store: Store, f: Filters) -> None:
    """Places and country pairs ranked by the change of the index against the period before."""
    if queries.rising_periods(f) is None:
        st.caption("The store's articles carry no dates, so there is no period to compare.")
        return
    names = queries.basemap_names(store)
    for days in queries.RISING_DAYS[: 1 if f.start else None]:  # a sparse store: a longer period
        tables = {kind: queries.rising(store, f, kind, names, days) for kind in ("place", "pair")}
        if any(not t.empty for t in tables.values()):
            break
    periods = queries.rising_periods(f, days)
    (lo, hi), (before_lo, before_hi) = periods
    st.markdown(
        f"**Rising and falling** — the tension index from {lo} to {hi} against {before_lo} to "
        f"{before_hi}, the period of the same length before"
        + (
            ""
            if f.start
            else f" (the store's last {days} days, the shortest of "
            f"{', '.join(map(str, queries.RISING_DAYS))} days that ranks anything; set a date "
            "range to compare another period)"
        )
        + "."
    )
    st.caption(
        f"Ranked by `change` (current − previous), rising first, falling last. Only places and "
        f"pairs with at least {queries.RISING_MIN_EVENTS} events over both periods and "
        f"{queries.RISING_MIN_ARTICLES} articles in the current one are ranked: on fewer, a "
        "change is noise. `trend`: the daily index over both periods."
    )
    trend = {"trend": st.column_config.LineChartColumn("trend", width="small")}
    for column, kind, title in zip(
        st.columns(2, gap="medium"), ("place", "pair"), ("Places", "Country pairs")
    ):
        with column:
            rows = tables[kind]
            st.markdown(f"**{title}**")
            if rows.empty:
                st.caption(f"No {kind} passes the guard in these periods.")
            else:
                st.dataframe(
                    rows,
                    hide_index=True,
                    key=f"rising_{kind}_table",
                    height=_fitted(rows, 320),
                    column_config=trend,
                )
            _downloads(
                store, rows, f"Rising {title.lower()}", f"rising_{kind}s", f"dl_rising_{kind}"
            )


def _undated(row: pd.DataFrame) -> str:
    """The part of an actor's counts from undated articles, which no date axis can show."""
    parts = [_count(int(row[k].sum()), k[:-1]) for k in queries.PROFILE_KINDS if row[k].sum()]
    return f" ({', '.join(parts)} of them in undated articles, not charted)"


def actor_panel(store: Store, f: Filters) -> None:
    """One actor's page: their mentions, statements and events over time, places, latest words."""
    if not f.actor:
        st.info(
            "Pick an actor in the sidebar, or a row of the ranked Actors table in the Map tab, "
            "to see their statements, events and places over time."
        )
        return
    actor = queries.actor_choices(store).set_index("actor_id").loc[f.actor]
    lo, hi = f.start or f.span[0], f.end or f.span[1]
    period = queries.period_for((hi - lo).days) if lo and hi else "day"
    timeline = queries.actor_timeline(store, f, period)
    dated = timeline[timeline.date.notna()]
    undated = timeline[timeline.date.isna()]
    country = f", {actor.country}" if isinstance(actor.country, str) else ""
    st.markdown(
        f"**{actor['name']}** ({actor.type}{country}) — "
        + " · ".join(_count(int(timeline[k].sum()), k[:-1]) for k in queries.PROFILE_KINDS)
        + f" in scope, by {period} of publication"
        + (_undated(undated) if len(undated) else "")
    )
    chart, where = st.columns([3, 2], gap="medium")
    with chart:
        if dated.empty:
            st.caption("Nothing of this actor matches these filters.")
        else:
            st.plotly_chart(figures.actor_figure(dated, period), key="actor_chart")
        _downloads(store, timeline, f"Timeline by {period}", "actor_timeline", "dl_actor_timeline")
    with where:
        st.markdown("**Places** in their sentences and statements")
        places = queries.map_places(store, f)[
            ["name", "kind", "mentions", "articles", "events", "tension", "place_id"]
        ]
        st.dataframe(places, hide_index=True, key="actor_places_table", height=_fitted(places, 280))
        _downloads(store, places, "Their places", "actor_places", "dl_actor_places")
    said, did = st.columns(2, gap="medium")
    with said:
        st.markdown("**Statements**, newest first")
        _evidence_table(
            store,
            lambda n: queries.statement_rows(store, f, n),
            "Their statements",
            "actor_statements",
            "dl_actor_statements",
            250,
        )
    with did:
        st.markdown("**Events** with them as source or target, newest first")
        _evidence_table(
            store,
            lambda n: queries.event_rows(store, f, n),
            "Their events",
            "actor_events",
            "dl_actor_events",
            250,
        )
