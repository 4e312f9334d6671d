"""Faultline dashboard: a map of places, linked actor/statement panels and events, from the store.

This file is the page frame alone; app.panels draws each part from app.queries (the read-only
DuckDB store) and app.figures (plotly, with its own basemap, so the page works with no network).
Every filter and selection lives in the URL (app.state); `?health` answers which store is served.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from app import panels, state


def main() -> None:
    """The page: header, sidebar, then tabs: map with its evidence, events and tension, hotspots,
    rising and falling, one actor's page; only the open tab is drawn."""
    st.set_page_config(page_title="Faultline", layout="wide")
    st.html("<style>[data-testid='stMainBlockContainer']{padding:2.2rem 2rem 2rem 2rem}</style>")
    if not panels.signed_in():
        return
    store = panels.open_store()
    if store is None:
        return
    if "health" in st.query_params:
        panels.health_page(store)
        return
    st.markdown("### Faultline — geopolitical tension monitor")
    state.restore()
    st.caption(panels.summary_line(store))
    filtered = st.empty()
    f, metric = panels.sidebar(store)
    state.keep(panels.TAB_WIDGETS)  # a closed tab's widgets keep their values and the URL
    on_map, on_events, on_hotspots, on_rising, on_actor = panels.tabs()
    f = replace(f, place=panels.picked_place(store))
    if on_map.open:  # only the open tab runs: the others cost nothing until opened
        with on_map, panels.busy():
            left, right = st.columns([3, 2], gap="medium")
            with left:
                places = panels.map_panel(store, f, metric)
            with right:
                f = replace(f, place=panels.place_picker(places))
            with left:
                panels.mentions_panel(store, f)
            with right:
                panels.actors_panel(store, f)
                panels.statements_panel(store, f)
    filtered.markdown(panels.filter_line(store, f))
    if on_events.open:
        with on_events, panels.busy():
            chart, table = st.columns([1, 2], gap="medium")
            with chart:
                panels.tension_panel(store, f)
            with table:
                panels.events_panel(store, f)
    if on_hotspots.open:
        with on_hotspots, panels.busy():
            panels.hotspots_panel(store, f)
    if on_rising.open:
        with on_rising, panels.busy():
            panels.rising_panel(store, f)
    if on_actor.open:
        with on_actor, panels.busy():
            panels.actor_panel(store, f)
    state.publish()


if __name__ == "__main__":
    main()
