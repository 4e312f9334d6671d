"""Shapes by place_id: points for cities, simplified polygons for countries/admin-1/regions, border
lines.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import Point

from geo import gazetteer

__all__ = ["SHAPES", "admin1", "border_between", "borders", "countries", "geometry", "is_valid"]

SHAPES = Path(__file__).resolve().parent / "data" / "build" / "shapes.parquet"


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
