"""The Faultline dashboard's parts: store queries, plotly figures and Streamlit panels.

`queries` reads the store, `figures` builds plotly figures without Streamlit, `panels` draws them,
`exports` writes safe CSV and Parquet, `state` keeps the view in the URL; streamlit_app.py lays the
page out.
"""

from __future__ import annotations

__all__ = ["exports", "figures", "panels", "queries", "state"]
