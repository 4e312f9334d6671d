"""app.figures on small hand-made places and shapes: real plotly and shapely, no Streamlit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiLineString, Point, box

from app import figures

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = [
    "place_id",
    "name",
    "kind",
    "label",
    "country_codes",
    "lat",
    "lon",
    "mentions",
    "metonymic",
    "articles",
    "events",
    "tension",
]
CLAIM = "disputed: claimed by UA and RU"
PLACES = pd.DataFrame(
    [
        ("gn:UA", "Ukraine", "country", "", "UA", 49.0, 31.0, 10, 4, 2, 3, 40.0),
        ("gn:EU", "Europe", "region", "", "", 50.0, 15.0, 2, 0, 1, 0, 0.0),
        ("gn:CR", "Crimea", "admin1", CLAIM, "UA; RU", 45.3, 34.4, 3, 0, 2, 1, 25.0),
        (
            "border:RU-UA",
            "Russia–Ukraine border",
            "border",
            "",
            "RU; UA",
            50.0,
            38.0,
            2,
            0,
            1,
            2,
            80.0,
        ),
        ("gn:KYIV", "Kyiv", "city", "", "UA", 50.45, 30.52, 7, 5, 2, 2, 30.0),
        ("gn:DNIPRO", "Дніпро", "city", "", "UA", 48.46, 35.04, 1, 0, 1, 0, 0.0),
        ("gn:SEA", "Black Sea", "water", "", "", 43.0, 34.0, 1, 0, 1, 0, -5.0),
        ("gn:LOST", "Nowhere", "city", "", "", np.nan, np.nan, 1, 0, 1, 0, 0.0),
    ],
    columns=COLUMNS,
)
SHAPES = gpd.GeoSeries(
    {
        "gn:UA": box(22.0, 44.5, 40.0, 52.3),
        "gn:EU": box(-10.0, 35.0, 40.0, 70.0),
        "gn:CR": box(32.5, 44.4, 36.6, 46.2),
        "border:RU-UA": MultiLineString(
            [[(40.0, 52.3), (40.0, 49.0)], [(39.0, 47.5), (38.0, 47.0)]]
        ),
        "gn:KYIV": Point(30.52, 50.45),
        "gn:SEA": Point(34.0, 43.0),
    }
)
BASE = gpd.GeoSeries(
    {
        "PL": box(14.1, 49.0, 24.1, 54.8),
        "UA": box(22.0, 44.5, 40.0, 52.3),
        "RU": box(27.0, 41.0, 180.0, 82.0),
    }
)
NAMES = {"PL": "Poland", "UA": "Ukraine", "RU": "Russia"}


def ids(df: pd.DataFrame) -> list[str]:
    return df.place_id.tolist()


def test_map_layers_split_places_by_how_they_are_drawn():
    layers = figures.map_layers(PLACES, SHAPES)
    assert ids(layers["area"]) == ["gn:EU", "gn:UA"]  # the region under the country in it
    assert ids(layers["disputed"]) == ["gn:CR"]
    assert ids(layers["border"]) == ["border:RU-UA"]
    assert ids(layers["point"]) == ["gn:KYIV", "gn:DNIPRO", "gn:SEA"]  # no shape: its point


def test_approximate_placements_are_drawn_apart_and_a_click_there_picks_the_real_place():
    approx = pd.DataFrame(
        [
            ("gn:A1", "Obolon", "other", "approximate: located at Kyiv", "UA", 50.45, 30.52)
            + (1, 0, 1, 0, 0.0),
            ("gn:A2", "Far Hamlet", "other", "approximate: in Ukraine", "UA", 48.0, 28.0)
            + (1, 0, 1, 0, 0.0),
        ],
        columns=COLUMNS,
    )
    places = pd.concat([PLACES, approx], ignore_index=True)
    layers = figures.map_layers(places, SHAPES)
    assert ids(layers["approximate"]) == ["gn:A1", "gn:A2"]
    assert "gn:A1" not in ids(layers["point"])
    fig = figures.map_figure(places, SHAPES, BASE, NAMES, "tension", picked=None)
    names = [t.name for t in fig.data]
    trace = fig.data[names.index("Approximate placements (2)")]
    assert names.index("Approximate placements (2)") < names.index("Cities & points")  # under
    assert [c[0] for c in trace.customdata] == ["gn:KYIV", "gn:A2"]


def test_map_figure_draws_each_layer_once_on_one_color_axis():
    fig = figures.map_figure(PLACES, SHAPES, BASE, NAMES, "tension", picked="gn:KYIV")
    traces = {t.name: t for t in fig.data}
    assert [t.name for t in fig.data] == [
        "Countries",
        "Countries & regions",
        "Disputed: Crimea (claimed by UA and RU)",
        "Border: Russia–Ukraine border",
        "outline",
        "Cities & points",
        "outline",
        "Seas & continents",
        "Selected: Kyiv",
    ]
    base = traces["Countries"]
    assert list(base.locations) == ["PL", "RU"]  # Ukraine is shaded above, not twice
    assert [f["id"] for f in base.geojson["features"]] == ["PL", "RU"]
    assert list(base.text) == ["Poland", "Russia"]
    areas = traces["Countries & regions"]
    assert list(areas.locations) == ["gn:EU", "gn:UA"] and list(areas.z) == [0.0, 0.75]
    assert [f["id"] for f in areas.geojson["features"]] == ["gn:EU", "gn:UA"]
    assert shapely.geometry.shape(areas.geojson["features"][1]["geometry"]).equals(SHAPES["gn:UA"])
    assert areas.coloraxis == traces["Cities & points"].marker.coloraxis == "coloraxis"
    assert traces["Disputed: Crimea (claimed by UA and RU)"].marker.line.width == 3.0
    border = traces["Border: Russia–Ukraine border"]
    assert list(border.lon) == [40.0, 40.0, None, 39.0, 38.0, None]  # two parts, apart
    assert {c[0] for c in border.customdata} == {"border:RU-UA"}
    assert "Russia–Ukraine border" in border.hovertemplate
    assert "customdata" not in border.hovertemplate
    assert traces["Seas & continents"].marker.color == "#cbd5e1"  # muted, off the color axis
    picked = traces["Selected: Kyiv"]
    assert (picked.lon[0], picked.lat[0]) == (30.52, 50.45)
    axis = fig.layout.coloraxis
    assert axis.cmin == -axis.cmax and axis.cmax >= 1.0  # zero sits in the middle of the scale
    assert len(json.loads(fig.to_json())["data"]) == len(fig.data)


def test_tension_is_shaded_by_quantile_so_strong_values_stay_apart():
    values = pd.Series([-300.0, -4.0, 0.0, 2.0, 5.0, 9.0, 1390.0, 400.0])
    shade, axis = figures.quantile_shade(values)
    assert shade.between(-1, 1).all() and shade[2] == 0.0
    assert list(shade.rank()) == list(values.rank())  # the order of the values is kept
    assert shade[6] == 1.0 and shade[7] == 0.8 and shade[0] == -1.0  # 400 and 1390 apart
    assert axis["tickvals"] == [-1.0, -0.5, 0.0, 0.5, 1.0]
    assert axis["ticktext"] == ["-300", "-152", "0", "9", "1,390"]  # the values the colours mean
    fig = figures.map_figure(PLACES, SHAPES, BASE, NAMES, "tension", picked=None)
    assert list(fig.layout.coloraxis.colorbar.ticktext)[-1] == "80"
    assert "(quantiles)" in fig.layout.coloraxis.colorbar.title.text


def test_map_figure_shades_counts_from_zero_and_frames_the_cluster():
    fig = figures.map_figure(PLACES, SHAPES, BASE, NAMES, "mentions", picked=None)
    assert (fig.layout.coloraxis.cmin, fig.layout.coloraxis.cmax) == (0, 10)
    assert not any(t.name.startswith("Selected") for t in fig.data)
    cities = pd.DataFrame(
        [
            ("gn:KYIV", "Kyiv", "city", "", "UA", 50.45, 30.52, 7, 0, 1, 0, 0.0),
            ("gn:KH", "Kharkiv", "city", "", "UA", 49.99, 36.23, 3, 0, 1, 0, 0.0),
            ("gn:NY", "New York", "city", "", "US", 40.71, -74.01, 1, 0, 1, 0, 0.0),
        ],
        columns=COLUMNS,
    )
    framed = figures.map_figure(cities, SHAPES.iloc[:0], BASE, NAMES, "mentions", None).layout.map
    assert 30.52 <= framed.center.lon <= 36.23  # New York is left to panning
    assert framed.zoom == 4.0  # two nearby cities: as close as the map goes


def test_map_figure_of_nothing_is_the_basemap_over_europe():
    fig = figures.map_figure(PLACES.iloc[:0], SHAPES, BASE, NAMES, "tension", None)
    assert [t.name for t in fig.data] == ["Countries"] and len(fig.data[0].locations) == 3
    view = fig.layout.map
    assert (view.center.lat, view.center.lon, view.zoom) == (48, 20, 2)


def test_map_geojson_has_one_feature_per_place_with_its_numbers():
    text = figures.map_geojson(PLACES, SHAPES, "tension")
    assert "Дніпро" in text  # written as is, not \u-escaped
    layer = json.loads(text)
    assert layer["type"] == "FeatureCollection"
    features = {f["id"]: f for f in layer["features"]}
    assert list(features) == ids(PLACES)
    kyiv = features["gn:KYIV"]
    assert kyiv["properties"] == {
        "place_id": "gn:KYIV",
        "name": "Kyiv",
        "kind": "city",
        "label": "",
        "country_codes": "UA",
        "mentions": 7,
        "metonymic": 5,
        "articles": 2,
        "events": 2,
        "tension": 30.0,
        "metric": "tension",
    }
    assert features["gn:UA"]["geometry"]["type"] == "Polygon"
    assert features["border:RU-UA"]["geometry"]["type"] == "MultiLineString"
    assert features["gn:DNIPRO"]["geometry"] == {"type": "Point", "coordinates": [35.04, 48.46]}
    assert features["gn:LOST"]["geometry"] is None


def test_tension_figure_stacks_both_parts_under_the_net_line():
    days = pd.DataFrame(
        {
            "date": pd.to_datetime(["2021-12-01", "2021-12-02", "2021-12-03"]).date,
            "conflict": [10.0, 0.0, 5.0],
            "cooperation": [-2.0, -1.0, 0.0],
            "tension": [8.0, -1.0, 5.0],
        }
    )
    fig = figures.tension_figure(days, "day")
    assert [(t.type, t.name) for t in fig.data] == [
        ("bar", "conflict"),
        ("bar", "cooperation"),
        ("scatter", "net tension"),
    ]
    assert list(fig.data[2].y) == [8.0, -1.0, 5.0] and fig.data[2].mode == "lines+markers"
    assert fig.layout.barmode == "relative"
    assert (fig.layout.xaxis.tickformat, fig.layout.xaxis.dtick) == ("%Y-%m-%d", 86_400_000)
    assert fig.layout.yaxis.title.text == "per 100 articles, by day"
    months = days.assign(date=pd.to_datetime(["2021-09-01", "2021-10-01", "2021-12-01"]).date)
    assert figures.tension_figure(months, "month").layout.xaxis.dtick == "M1"
    long = pd.DataFrame(
        {
            "date": pd.date_range("2021-01-01", periods=90).date,
            "conflict": 1.0,
            "cooperation": 0.0,
            "tension": 1.0,
        }
    )
    fig = figures.tension_figure(long, "day")
    assert fig.data[2].mode == "lines" and fig.layout.xaxis.tickformat is None


def test_figures_import_without_streamlit():
    code = "import sys, app.figures; sys.exit('streamlit' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_the_app_and_the_store_never_load_spacy():
    """Data flows one way: reading the store and drawing the page need no model."""
    code = "import sys, app.panels, pipeline.store; print(any(m.startswith('spacy') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_network_draws_countries_on_a_circle_and_pairs_as_signed_edges():
    pairs = pd.DataFrame(
        {
            "country_a": ["RU", "RU", "PL"],
            "country_b": ["UA", "US", "UA"],
            "events": [9, 3, 1],
            "tension": [40.0, -5.0, 0.0],
            "conflict": [45.0, 1.0, 0.0],
            "cooperation": [-5.0, -6.0, 0.0],
        }
    )
    fig = figures.network_figure(pairs, NAMES)
    nodes = next(t for t in fig.data if t.name == "countries")
    assert [c[0] for c in nodes.customdata] == ["RU", "UA", "US", "PL"]  # most involved first
    assert list(nodes.text) == ["Russia", "Ukraine", "US", "Poland"]
    assert all(abs(x**2 + y**2 - 1) < 1e-9 for x, y in zip(nodes.x, nodes.y))
    edges = [t for t in fig.data if t.name == "edge"]
    assert [e.line.color for e in edges] == ["#b91c1c", "#2563eb", "#94a3b8"]
    assert edges[0].line.width > edges[1].line.width > edges[2].line.width
    assert "Russia – Ukraine: 9 events" in next(t for t in fig.data if t.name == "pairs").text[0]
