"""Faultline dashboard: a map of places, linked actor/statement panels and events, from the store.

This file is the page frame alone; app.panels draws each part from app.queries (the read-only
DuckDB store) and app.figures (plotly, with its own basemap, so the page works with no network).
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from app import panels


def main() -> None:
    """The page: header, sidebar, map beside the place picker and evidence, tension, hotspots."""
    st.set_page_config(page_title="Faultline", layout="wide")
    st.html("<style>[data-testid='stMainBlockContainer']{padding:2.2rem 2rem 2rem 2rem}</style>")
    st.markdown("### Faultline — geopolitical tension monitor")
    store = panels.open_store()
    if store is None:
        return
    st.caption(panels.summary_line(store))
    f, metric = panels.sidebar(store)
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
    chart, table = st.columns([1, 2], gap="medium")
    with chart:
        panels.tension_panel(store, f)
    with table:
        panels.events_panel(store, f)
    panels.hotspots_panel(store, f)


if __name__ == "__main__":
    main()
