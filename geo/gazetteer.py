"""The offline gazetteer: folded-name lookups over the table `python -m geo.build` wrote."""

from __future__ import annotations

import gc
import math
import pickle
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from geo.text import place_key

__all__ = ["BUILT", "Entry", "Gazetteer", "load", "load_table", "lookup"]

BUILT = Path(__file__).resolve().parent / "data" / "build" / "gazetteer.pkl"


@dataclass(frozen=True)
class Entry:
    """One gazetteer place: a GeoNames city/country/continent, a Natural Earth unit, a region or a
    border.
    """

    geonameid: int | None
    place_id: str
    name: str
    kind: str
    lat: float | None
    lon: float | None
    country_codes: tuple[str, ...]
    population: int
    feature_code: str
    admin1: str | None
    label: str | None = None


class Gazetteer:
    """Columns of every place plus an index from folded name to row numbers."""

    def __init__(self, table: dict) -> None:
        self._t = table
        self._index = table["index"]
        self._kinds = table["kinds"]
        self._cache: dict[int, Entry] = {}
        self._ids: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self._t["name"])

    def entry(self, row: int) -> Entry:
        """The Entry at `row` (built on first use)."""
        e = self._cache.get(row)
        if e is None:
            t = self._t
            gid = int(t["geonameid"][row]) or None
            lat, lon = float(t["lat"][row]), float(t["lon"][row])
            cc = t["cc"][row]
            e = Entry(
                geonameid=gid,
                place_id=t["place_id"][row] or f"gn:{gid}",
                name=t["name"][row],
                kind=self._kinds[t["kind"][row]],
                lat=None if math.isnan(lat) else lat,
                lon=None if math.isnan(lon) else lon,
                country_codes=tuple(cc.split(",")) if cc else (),
                population=int(t["population"][row]),
                feature_code=t["fcode"][row],
                admin1=t["admin1"][row],
                label=t["label"][row],
            )
            self._cache[row] = e
        return e

    def rows(self, name: str) -> tuple[int, ...]:
        """Row numbers whose names fold like `name`."""
        hit = self._index.get(place_key(name)) if isinstance(name, str) else None
        if hit is None:
            return ()
        return (hit,) if isinstance(hit, int) else hit

    def lookup(self, name: str) -> list[Entry]:
        """Every entry called `name`, ignoring case, diacritics, dots and a leading "the"."""
        return [self.entry(r) for r in self.rows(name)]

    def __contains__(self, name: str) -> bool:
        return bool(self.rows(name))

    def by_place_id(self, place_id: str) -> Entry | None:
        """The entry with this place_id ("gn:<id>", "ne:admin1:...", "border:BY-PL",
        "region:...").
        """
        if not isinstance(place_id, str):
            return None
        if place_id.startswith("gn:"):
            rows = (
                np.flatnonzero(self._t["geonameid"] == int(place_id[3:]))
                if place_id[3:].isdigit()
                else ()
            )
            return self.entry(int(rows[0])) if len(rows) else None
        if self._ids is None:
            self._ids = {p: i for i, p in enumerate(self._t["place_id"]) if p}
        row = self._ids.get(place_id)
        return None if row is None else self.entry(row)


def load_table(path: Path = BUILT) -> dict:
    if not path.exists():
        raise FileNotFoundError(f"{path} missing: run `python -m geo.build` first")
    # the table is millions of small objects; collecting while unpickling doubles the time
    gc.disable()
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    finally:
        gc.enable()


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The gazetteer, loaded once per process."""
    return Gazetteer(load_table())


def lookup(name: str) -> list[Entry]:
    """Shortcut for `load().lookup(name)`."""
    return load().lookup(name)
