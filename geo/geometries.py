"""Shapes by place_id: points for cities, simplified polygons for countries/admin-1/regions, border
lines.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import Point

from geo import gazetteer

__all__ = [
    "BASEMAP_TOLERANCE",
    "GRID",
    "SHAPES",
    "SHAPES_TOLERANCE",
    "admin1",
    "border_between",
    "borders",
    "countries",
    "for_map",
    "geometry",
    "is_valid",
]

SHAPES = Path(__file__).resolve().parent / "data" / "build" / "shapes.parquet"
SHAPES_TOLERANCE = 0.1  # degrees: the places' shapes at the scale of the dashboard's map
BASEMAP_TOLERANCE = 0.12  # degrees: the grey countries underneath can be coarser
GRID = 0.01  # degrees (about 1 km), below the map's simplification: a light payload


@lru_cache(maxsize=1)
def _shapes() -> gpd.GeoDataFrame:
    if not SHAPES.exists():
        raise FileNotFoundError(f"{SHAPES} missing: run `python -m geo.build` first")
    return gpd.read_parquet(SHAPES)


@lru_cache(maxsize=1)
def _by_id() -> dict:
    df = _shapes()
    return dict(zip(df.place_id, df.geometry))


def _layer(name: str) -> gpd.GeoDataFrame:
    df = _shapes()
    return df[df.layer == name][["place_id", "iso_a2", "name", "geometry"]].reset_index(drop=True)


def countries() -> gpd.GeoDataFrame:
    """Country polygons (iso_a2, name, place_id, geometry), simplified for a web basemap,
    EPSG:4326.
    """
    return _layer("country")


def admin1() -> gpd.GeoDataFrame:
    """Admin-1 polygons (iso_a2, name, place_id, geometry), simplified, EPSG:4326."""
    return _layer("admin1")


def borders() -> gpd.GeoDataFrame:
    """Shared boundary lines of neighbouring countries; iso_a2 holds "AA,BB"."""
    return _layer("border")


def border_between(a: str, b: str):
    """The shared boundary of two countries (ISO alpha-2), or None when they do not touch."""
    a, b = sorted((a.upper(), b.upper()))
    return _by_id().get(f"border:{a}-{b}")


def geometry(place_id: str):
    """The shape of a place: polygon/line when we have one, else its gazetteer point, else None."""
    if not isinstance(place_id, str) or not place_id:
        return None
    geom = _by_id().get(place_id)
    if geom is not None:
        return geom
    if place_id.startswith("border:"):
        codes = place_id[7:].split("-", 1)
        if len(codes) == 2:
            return border_between(*codes)
        outline = countries()[countries().iso_a2 == codes[0].upper()]
        return outline.geometry.iloc[0].boundary if len(outline) else None
    entry = gazetteer.load().by_place_id(place_id)
    if entry is None or entry.lat is None:
        return None
    return Point(entry.lon, entry.lat)


def is_valid(geom) -> bool:
    """True for a non-empty, valid shapely geometry."""
    return geom is not None and not geom.is_empty and bool(shapely.is_valid(geom))


def for_map(shapes: gpd.GeoSeries, tolerance: float) -> gpd.GeoSeries:
    """The shapes at the scale of a page-sized world map, as the store keeps them for the dashboard.

    Lines and areas are simplified by `tolerance` degrees (more for huge countries) and lose their
    islets; then every coordinate, points' too, goes on a GRID-degree grid; empty ones are left out.
    """
    x0, y0, x1, y1 = shapes.bounds.to_numpy().T
    tol = tolerance * np.maximum(1.0, np.sqrt((x1 - x0) * (y1 - y0)) / 10)
    simple = shapes.simplify(tol, preserve_topology=True)
    simple = gpd.GeoSeries(
        [_without_specks(g, (3 * t) ** 2) for g, t in zip(simple, tol)], index=shapes.index
    )
    light = simple.set_precision(GRID)
    return light[~light.is_empty]


def _without_specks(geom, min_area: float):
    """A multipolygon without the islets smaller than `min_area` (its largest part always stays)."""
    if geom.geom_type != "MultiPolygon":
        return geom
    parts = sorted(geom.geoms, key=lambda g: g.area, reverse=True)
    return shapely.MultiPolygon([parts[0]] + [g for g in parts[1:] if g.area >= min_area])
