"""Plotly figures and the map layer of the dashboard, as pure functions of DataFrames and shapes.

Nothing here imports Streamlit or reads the store, so every figure can be built and tested alone.
Shapes are GeoSeries indexed by place_id (or ISO alpha-2 code for the basemap).
"""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go
import shapely

__all__ = [
    "METRIC_TITLES",
    "actor_figure",
    "map_figure",
    "map_geojson",
    "map_layers",
    "network_figure",
    "quantile_shade",
    "tension_figure",
]

POLYGONS = ("Polygon", "MultiPolygon")
LINES = ("LineString", "MultiLineString")
DRAW_ORDER = {"continent": 0, "region": 1, "country": 2, "admin1": 3, "admin2": 4}
MAP_HEIGHT = 540
NETWORK_EDGES = 30  # country pairs the network draws, most events first
FOCUS_KM = 2500
MAX_ZOOM = 4.0  # a lone city keeps its region around it in view
FOCUS_SHARE = 0.6  # framed around the median when this share of mentions lies within FOCUS_KM of it
VAST = ("continent", "water")  # drawn as muted points and never framed
TENSION_SCALE = [[0.0, "#1d4ed8"], [0.5, "#efe9dc"], [0.75, "#f0793a"], [1.0, "#8c1d04"]]
SHADE_SCALE = [[0.0, "#fde4c8"], [0.5, "#f0793a"], [1.0, "#8c1d04"]]
METRIC_TITLES = {
    "tension": "tension<br>index<br>(quantiles)",
    "mentions": "mentions",
    "events": "event<br>reports",
}


# ---------------------------------------------------------------- shapes


def _collection(shapes: gpd.GeoSeries, ids: list[str]) -> dict:
    """The shapes `ids` as a GeoJSON FeatureCollection, each feature's id the key plotly locates."""
    return gpd.GeoDataFrame(geometry=shapes.loc[ids]).to_geo_dict(drop_id=False)


def map_geojson(df: pd.DataFrame, shapes: gpd.GeoSeries, metric: str) -> str:
    """The map layer as a GeoJSON FeatureCollection: one feature per place shown, with its numbers.

    A place without a shape is its point; the feature id and properties are the map's own columns.
    """
    geometry = [
        shape if shape is not None else shapely.Point(lon, lat) if pd.notna(lat) else None
        for shape, lon, lat in zip(map(shapes.get, df.place_id), df.lon, df.lat)
    ]
    layer = gpd.GeoDataFrame(
        df.drop(columns=["lat", "lon"]).assign(metric=metric), geometry=geometry
    )
    return layer.set_index("place_id", drop=False).to_json(ensure_ascii=False)


# ---------------------------------------------------------------- framing


def _km(lat0: float, lon0: float, lat: pd.Series, lon: pd.Series) -> pd.Series:
    """Great-circle distance in km from one point to many."""
    p0, p1 = math.radians(lat0), lat.map(math.radians)
    dlat, dlon = p1 - p0, (lon - lon0).map(math.radians)
    a = (dlat / 2).map(math.sin) ** 2 + math.cos(p0) * p1.map(math.cos) * (dlon / 2).map(
        math.sin
    ) ** 2
    return 2 * 6371 * a.map(lambda x: math.asin(math.sqrt(min(1.0, x))))


def _weighted_quantile(values: pd.Series, weights: pd.Series, q: float) -> float:
    """The value below which the share `q` of the weight lies."""
    order = values.sort_values().index
    cum = weights[order].cumsum()
    return float(values[order][cum >= q * cum.iloc[-1]].iloc[0])


def _mercator_y(lat: float) -> float:
    """Web-mercator y of a latitude, clamped to the poles' 85°."""
    lat = math.radians(max(-85.0, min(85.0, lat)))
    return math.log(math.tan(math.pi / 4 + lat / 2))


def _fit(points: pd.DataFrame, width: int = 540, height: int = MAP_HEIGHT) -> tuple[dict, float]:
    """Center and zoom (web mercator, 512 px tiles) framing where most mentions are.

    Countries, continents and seas are too big to frame. When most mentions cluster within FOCUS_KM
    of their weighted median, the rest are left to panning; when they are spread (worldwide news),
    the frame holds the middle 90% of mentions in latitude and longitude.
    """
    pts = points.dropna(subset=["lat", "lon"])
    local = pts[~pts.kind.isin(("country",) + VAST)]
    pts = local if len(local) else pts
    if pts.empty:
        return {"lat": 48.0, "lon": 20.0}, 2.0
    weight = pts.mentions.astype(float)
    lat_m, lon_m = (_weighted_quantile(pts[c], weight, 0.5) for c in ("lat", "lon"))
    near = _km(lat_m, lon_m, pts.lat, pts.lon) <= FOCUS_KM
    if weight[near].sum() >= FOCUS_SHARE * weight.sum():
        pts = pts[near]
    else:
        lat0, lat1 = (_weighted_quantile(pts.lat, weight, q) for q in (0.05, 0.95))
        lon0, lon1 = (_weighted_quantile(pts.lon, weight, q) for q in (0.05, 0.95))
        inside = pts.lat.between(lat0, lat1) & pts.lon.between(lon0, lon1)
        pts = pts[inside] if inside.any() else pts
    lon0, lon1 = pts.lon.min(), pts.lon.max()
    y0, y1 = _mercator_y(pts.lat.min()), _mercator_y(pts.lat.max())
    zoom_x = math.log2(width * 360 / (512 * max(lon1 - lon0, 2.0) * 1.6))
    zoom_y = math.log2(height * 2 * math.pi / (512 * max(y1 - y0, 0.04) * 1.6))
    lat_c = math.degrees(2 * math.atan(math.exp((y0 + y1) / 2)) - math.pi / 2)
    return {"lat": lat_c, "lon": (lon0 + lon1) / 2}, max(0.3, min(MAX_ZOOM, zoom_x, zoom_y))


# ---------------------------------------------------------------- the map


def map_layers(df: pd.DataFrame, shapes: gpd.GeoSeries) -> dict[str, pd.DataFrame]:
    """Split the map's places by how they are drawn: area, disputed area, border line or point.

    Areas go from the widest kind to the narrowest, so a region never hides the countries in it.
    """
    gtype = df.place_id.map(shapes.geom_type)
    disputed = df.label.str.contains("disputed", case=False) & gtype.isin(POLYGONS)
    point = ~gtype.isin(POLYGONS + LINES) & df.lat.notna()
    approximate = df.label.str.startswith("approximate") & point
    return {
        "area": df[gtype.isin(POLYGONS) & ~disputed].sort_values(
            "kind", key=lambda k: k.map(DRAW_ORDER).fillna(len(DRAW_ORDER)), kind="stable"
        ),
        "disputed": df[disputed],
        "border": df[gtype.isin(LINES)],
        "point": df[point & ~approximate],
        "approximate": df[approximate],
    }


def _approximate_trace(approx: pd.DataFrame, real: pd.DataFrame, metric: str) -> go.Scattermap:
    """Names placed only approximately (at the place the text puts them in), as small grey dots
    under the real places, in a legend entry of their own; a click on one that shares its point
    with a real place selects the real place.
    """
    at = {(round(r.lon, 4), round(r.lat, 4)): r.place_id for r in real.itertuples()}
    custom = _custom(approx, metric)
    for row, (lon, lat) in zip(custom, zip(approx.lon, approx.lat)):
        row[0] = at.get((round(lon, 4), round(lat, 4)), row[0])
    return go.Scattermap(
        lon=approx.lon,
        lat=approx.lat,
        mode="markers",
        marker={"size": 7, "color": "#94a3b8", "opacity": 0.7},
        customdata=custom,
        hovertemplate=_hover(metric),
        name=f"Approximate placements ({len(approx)})",
    )


def _hover(metric: str) -> str:
    """Hover text of every place trace; reads the columns `_custom` packs."""
    return (
        "<b>%{customdata[1]}</b> (%{customdata[2]})<br>%{customdata[3]}"
        "mentions: %{customdata[4]} in %{customdata[5]} article(s)<br>"
        f"events: %{{customdata[6]}} · {metric}: %{{customdata[7]}}<extra></extra>"
    )


def _custom(df: pd.DataFrame, metric: str) -> list[list]:
    """Per-place customdata; item 0, the place_id, is what a map click selects."""
    label = df.label.map(lambda s: f"{s}<br>" if s else "")
    return df.assign(label_=label)[
        ["place_id", "name", "kind", "label_", "mentions", "articles", "events", metric]
    ].values.tolist()


def _line_coords(geom) -> tuple[list, list]:
    """Lon and lat lists of a (Multi)LineString, parts separated by None."""
    lons, lats = [], []
    for line in shapely.get_parts(geom):
        xy = shapely.get_coordinates(line)
        lons += [*xy[:, 0].tolist(), None]
        lats += [*xy[:, 1].tolist(), None]
    return lons, lats


def _legend_name(kind: str, names: list[str]) -> str:
    """One legend entry per layer: the place itself when alone, else the kind and the count."""
    unique = list(dict.fromkeys(names))
    return f"{kind}: {unique[0]}" if len(unique) == 1 else f"{kind} ({len(unique)})"


def _basemap_trace(base: gpd.GeoSeries, names: dict, skip: set[str]) -> go.Choroplethmap:
    """Grey countries under everything but those shaded above, which would only weigh the page."""
    ids = [k for k in base.index if k in names and k not in skip]
    return go.Choroplethmap(
        geojson=_collection(base, ids),
        locations=ids,
        z=[0] * len(ids),
        text=[names[k] for k in ids],
        colorscale=[[0, "#e8eaed"], [1, "#e8eaed"]],
        showscale=False,
        marker_line_color="#ffffff",
        marker_line_width=0.6,
        hovertemplate="%{text}<extra></extra>",
        name="Countries",
        showlegend=False,
    )


def quantile_shade(values: pd.Series) -> tuple[pd.Series, dict]:
    """Tension as a signed quantile in [-1, 1], with colour-bar ticks at the values it stands for.

    Hostile values are ranked among hostile ones and cooperative among cooperative ones (zero stays
    in the middle), so a few extreme places neither saturate the scale nor squeeze every other place
    into one colour: strong values stay apart, whatever the index's range in the store.
    """
    shade = pd.Series(0.0, index=values.index)
    ticks = {0.0: "0"}
    for sign, part in ((1, values[values > 0]), (-1, -values[values < 0])):
        if part.empty:
            continue
        shade[part.index] = sign * part.rank(pct=True, method="max")
        for q in (0.5, 1.0):
            ticks[sign * q] = f"{sign * part.quantile(q):,.0f}"
    axis = {"tickvals": sorted(ticks), "ticktext": [ticks[t] for t in sorted(ticks)]}
    return shade, axis


def _area_trace(
    part: pd.DataFrame, shapes: gpd.GeoSeries, metric: str, name: str, line: tuple[str, float]
) -> go.Choroplethmap:
    """Areas shaded on the shared color axis, outlined with `line` (color, width)."""
    ids = part.place_id.tolist()
    return go.Choroplethmap(
        geojson=_collection(shapes, ids),
        locations=ids,
        z=part["shade"].tolist(),
        coloraxis="coloraxis",
        customdata=_custom(part, metric),
        hovertemplate=_hover(metric),
        name=name,
        marker_line_color=line[0],
        marker_line_width=line[1],
        marker_opacity=0.85,
        showlegend=True,
    )


def _border_traces(
    borders: pd.DataFrame, shapes: gpd.GeoSeries, metric: str
) -> list[go.Scattermap]:
    """One line trace per border under a single legend entry; vertices carry only the place_id.

    The hover text is written into each trace's template, so a long border does not repeat its
    numbers at every vertex.
    """
    name = _legend_name("Border", borders.name.tolist())
    traces = []
    for i, (row, data) in enumerate(zip(borders.itertuples(index=False), _custom(borders, metric))):
        lons, lats = _line_coords(shapes[row.place_id])
        hover = _hover(metric)
        for j, value in enumerate(data):
            hover = hover.replace(f"%{{customdata[{j}]}}", str(value))
        traces.append(
            go.Scattermap(
                lon=lons,
                lat=lats,
                mode="lines",
                line={"color": "#b91c1c", "width": 4},
                customdata=[[row.place_id]] * len(lons),
                hovertemplate=hover,
                name=name,
                legendgroup="borders",
                showlegend=i == 0,
            )
        )
    return traces


def _shaded_countries(areas: pd.DataFrame) -> set[str]:
    """ISO codes of the countries drawn as shaded areas (their grey basemap copy is redundant)."""
    one = areas[(areas.kind == "country") & ~areas.country_codes.str.contains(";")]
    return set(one.country_codes)


def map_figure(
    df: pd.DataFrame,
    shapes: gpd.GeoSeries,
    base: gpd.GeoSeries,
    names: dict,
    metric: str,
    picked: str | None,
) -> go.Figure:
    """MapLibre figure on a blank style: basemap, shaded and disputed areas, borders, points.

    Areas and points share one color axis, so a city and a country with the same value look alike.
    Tension is shaded by its quantile (`quantile_shade`), counts from zero to their largest value.
    """
    ticks = {}
    if metric == "tension":
        shade, ticks = quantile_shade(df[metric].astype(float))
        scale = {"colorscale": TENSION_SCALE, "cmin": -1.0, "cmax": 1.0}
    else:
        shade = df[metric]
        top = float(shade.max()) if len(df) else 0.0
        scale = {"colorscale": SHADE_SCALE, "cmin": 0, "cmax": max(top, 1.0)}
    df = df.assign(shade=shade)
    layers = map_layers(df, shapes)
    fig = go.Figure(_basemap_trace(base, names, _shaded_countries(layers["area"])))
    if not layers["area"].empty:
        fig.add_trace(
            _area_trace(layers["area"], shapes, metric, "Countries & regions", ("#7a7a7a", 0.8))
        )
    disputed = layers["disputed"]
    if not disputed.empty:
        name = _legend_name(
            "Disputed",
            [
                f"{n} ({lab.split(':')[-1].strip()})"
                for n, lab in zip(disputed.name, disputed.label)
            ],
        )
        fig.add_trace(_area_trace(disputed, shapes, metric, name, ("#6d28d9", 3.0)))
    if not layers["border"].empty:
        fig.add_traces(_border_traces(layers["border"], shapes, metric))
    points, vast = layers["point"], layers["point"].kind.isin(VAST)
    if not layers["approximate"].empty:  # under the real places, so theirs is the point clicked
        fig.add_trace(_approximate_trace(layers["approximate"], points, metric))
    for name, part in (("Cities & points", points[~vast]), ("Seas & continents", points[vast])):
        if part.empty:
            continue
        vast_part = name.startswith("Seas")
        size = (9 + 5 * part.mentions.clip(upper=16) ** 0.5) * (0.6 if vast_part else 1)
        fig.add_trace(
            go.Scattermap(
                lon=part.lon,
                lat=part.lat,
                mode="markers",
                marker={"size": size + 4, "color": "#475569"},
                hoverinfo="skip",
                showlegend=False,
                name="outline",
            )
        )
        color = (
            {"color": "#cbd5e1"}
            if vast_part
            else {"color": part["shade"].tolist(), "coloraxis": "coloraxis"}
        )
        fig.add_trace(
            go.Scattermap(
                lon=part.lon,
                lat=part.lat,
                mode="markers",
                marker={"size": size, **color},
                customdata=_custom(part, metric),
                hovertemplate=_hover(metric),
                name=name,
            )
        )
    if picked is not None and picked in set(df.place_id):
        row = df[df.place_id == picked].iloc[0]
        if pd.notna(row.lat):  # on top, translucent, deaf to the pointer: what it marks stays live
            fig.add_trace(
                go.Scattermap(
                    lon=[row.lon],
                    lat=[row.lat],
                    mode="markers",
                    marker={"size": 36, "color": "#facc15", "opacity": 0.6},
                    hoverinfo="skip",
                    name=f"Selected: {row['name']}",
                )
            )
    center, zoom = _fit(df)
    fig.update_layout(
        map={"style": "white-bg", "center": center, "zoom": zoom},
        coloraxis={
            **scale,
            "colorbar": {
                **ticks,
                "title": {"text": METRIC_TITLES[metric]},
                "thickness": 12,
                "len": 0.45,
                "x": 0.99,
                "xanchor": "right",
                "y": 0.9,
                "yanchor": "top",
                "bgcolor": "rgba(255,255,255,0.85)",
            },
        },
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=MAP_HEIGHT,
        clickmode="event+select",
        legend={"orientation": "h", "yanchor": "top", "y": -0.01, "xanchor": "left", "x": 0},
    )
    return fig


# ---------------------------------------------------------------- tension over time


def tension_figure(series: pd.DataFrame, period: str) -> go.Figure:
    """Hostile (up) and cooperative (down) parts as bars per period, the net tension as a line."""
    mode = "lines+markers" if len(series) <= 60 else "lines"
    hover = "%{x|%Y-%m-%d}: %{y:.1f} per 100 articles<extra>%{fullData.name}</extra>"
    fig = go.Figure(
        [
            go.Bar(
                x=series.date,
                y=series.conflict,
                name="conflict",
                marker_color="#f59e0b",
                hovertemplate=hover,
            ),
            go.Bar(
                x=series.date,
                y=series.cooperation,
                name="cooperation",
                marker_color="#60a5fa",
                hovertemplate=hover,
            ),
            go.Scatter(
                x=series.date,
                y=series.tension,
                mode=mode,
                name="net tension",
                line={"color": "#b91c1c", "width": 2},
                hovertemplate=hover,
            ),
        ]
    )
    dates = pd.to_datetime(series.date)
    days = (dates.max() - dates.min()).days if len(series) else 0
    if days <= 14:
        ticks = {"tickformat": "%Y-%m-%d", "dtick": 86_400_000 * max(1, math.ceil(days / 6))}
    elif period == "month" and len(series) <= 12:
        ticks = {"tickformat": "%Y-%m", "dtick": "M1"}
    else:
        ticks = {}
    fig.update_layout(
        height=300,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        barmode="relative",
        legend={"orientation": "h", "y": -0.15},
        yaxis_title=f"per 100 articles, by {period}",
        xaxis={"type": "date", **ticks},
        bargap=0.1,
    )
    return fig


def actor_figure(timeline: pd.DataFrame, period: str) -> go.Figure:
    """An actor's mentions, statements and events per period, as grouped bars."""
    colors = {"mentions": "#94a3b8", "statements": "#60a5fa", "events": "#f0793a"}
    fig = go.Figure(
        [
            go.Bar(
                x=timeline.date,
                y=timeline[kind],
                name=kind,
                marker_color=color,
                hovertemplate=f"%{{x|%Y-%m-%d}}: %{{y}} {kind}<extra></extra>",
            )
            for kind, color in colors.items()
        ]
    )
    fig.update_layout(
        height=280,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        barmode="group",
        legend={"orientation": "h", "y": -0.2},
        yaxis_title=f"per {period}",
        xaxis={"type": "date"},
    )
    return fig


def network_figure(pairs: pd.DataFrame, names: dict[str, str]) -> go.Figure:
    """Countries as nodes on a circle, most involved first; country pairs as edges, as wide as
    their events and red when hostile on balance, blue when cooperative, grey when even.

    The NETWORK_EDGES pairs with most events are drawn; each node's customdata is its ISO code,
    what a click on it filters by.
    """
    top = pairs.nlargest(NETWORK_EDGES, "events", keep="first") if len(pairs) else pairs
    degree = (
        pd.concat([top.set_index("country_a").events, top.set_index("country_b").events])
        .groupby(level=0)
        .sum()
        .sort_values(ascending=False, kind="stable")
    )
    codes = degree.index.tolist()
    xy = {
        c: (math.sin(2 * math.pi * i / len(codes)), math.cos(2 * math.pi * i / len(codes)))
        for i, c in enumerate(codes)
    }
    widest = max(int(top.events.max()), 1) if len(top) else 1
    fig = go.Figure()
    for r in top.itertuples(index=False):
        (x0, y0), (x1, y1) = xy[r.country_a], xy[r.country_b]
        color = "#b91c1c" if r.tension > 0 else "#2563eb" if r.tension < 0 else "#94a3b8"
        fig.add_trace(
            go.Scatter(
                x=[x0, x1],
                y=[y0, y1],
                mode="lines",
                line={"width": 1 + 7 * r.events / widest, "color": color},
                opacity=0.55,
                hoverinfo="skip",
                showlegend=False,
                name="edge",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=[(xy[a][0] + xy[b][0]) / 2 for a, b in zip(top.country_a, top.country_b)],
            y=[(xy[a][1] + xy[b][1]) / 2 for a, b in zip(top.country_a, top.country_b)],
            mode="markers",
            marker={"size": 10, "opacity": 0},
            text=[
                f"{names.get(r.country_a, r.country_a)} – {names.get(r.country_b, r.country_b)}: "
                f"{r.events} events, tension {r.tension:.1f} (conflict {r.conflict:.1f}, "
                f"cooperation {r.cooperation:.1f})"
                for r in top.itertuples(index=False)
            ],
            hovertemplate="%{text}<extra></extra>",
            showlegend=False,
            name="pairs",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[xy[c][0] for c in codes],
            y=[xy[c][1] for c in codes],
            mode="markers+text",
            text=[names.get(c, c) for c in codes],
            textposition=["top center" if xy[c][1] >= 0 else "bottom center" for c in codes],
            customdata=[[c, int(degree[c])] for c in codes],
            marker={
                "size": [8 + 22 * math.sqrt(degree[c] / degree.iloc[0]) for c in codes],
                "color": "#334155",
            },
            hovertemplate="%{text}: %{customdata[1]} events with the others shown<br>"
            "click to filter by this country<extra></extra>",
            showlegend=False,
            name="countries",
        )
    )
    hidden = {"visible": False, "range": [-1.35, 1.35]}
    fig.update_layout(
        height=520,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis=hidden,
        yaxis={**hidden, "scaleanchor": "x"},
        clickmode="event+select",
        plot_bgcolor="white",
    )
    return fig
