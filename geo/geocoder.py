"""geopy geocoders: the offline gazetteer as a geopy `Geocoder`, and an opt-in cached Nominatim
backend.

The backend comes from configuration: `FAULTLINE_GEOCODER=offline` (default) or `nominatim`; the
online one also reads `FAULTLINE_GEOCODER_CACHE` (SQLite file) and `FAULTLINE_USER_AGENT`. The
pipeline always resolves with the offline gazetteer; an online backend only places the names it left
approximate or unresolved (`place_leftovers`). Tests never go online.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import numpy as np
from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from geo import gazetteer
from geo.gazetteer import Entry

__all__ = [
    "KIND_RANK",
    "CachedGeocode",
    "OfflineGeocoder",
    "configured",
    "fallback",
    "nearest_cities",
    "place_leftovers",
    "rank",
    "to_location",
]

KIND_RANK = {
    "country": 0,
    "continent": 1,
    "admin1": 2,
    "region": 3,
    "water": 4,
    "city": 5,
    "border": 6,
}


def rank(entry: Entry) -> tuple:
    """Context-free preference: bigger kinds, then population (capitals first among cities)."""
    return (
        entry.feature_code != "PPLC" or entry.population < 100_000,
        -entry.population,
        KIND_RANK.get(entry.kind, 9),
    )


class OfflineGeocoder(Geocoder):
    """Forward geocoding from the local gazetteer; `Location.raw` carries our `Entry`."""

    def __init__(self, country_codes: list[str] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.country_codes = {c.upper() for c in country_codes or []}

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        kind: str | None = None,
        country_codes: list[str] | None = None,
    ):
        """Best match(es) for `query`, preferring `country_codes` as Nominatim does; None when
        nothing is called that.
        """
        if not isinstance(query, str) or not query.strip():
            return None
        entries = [
            e
            for e in gazetteer.load().lookup(query)
            if e.lat is not None and (kind is None or e.kind == kind)
        ]
        prefer = {c.upper() for c in country_codes or []} or self.country_codes
        if prefer:
            entries = [e for e in entries if prefer & set(e.country_codes)] or entries
        entries.sort(key=rank)
        locations = [to_location(e) for e in entries]
        if not locations:
            return None
        return locations[0] if exactly_one else locations

    def reverse(self, query, *, exactly_one: bool = True):
        """The nearest gazetteer city to `query` ("lat, lon" or a pair); ValueError naming a bad
        coordinate.
        """
        if query is None or (isinstance(query, str) and not query.strip()):
            raise ValueError(f"bad coordinates {query!r}: empty")
        try:
            point = Point(query)
        except (TypeError, ValueError) as e:
            raise ValueError(f"bad coordinates {query!r}: {e}") from None
        if not (-90 <= point.latitude <= 90 and -180 <= point.longitude <= 180):
            raise ValueError(f"coordinates out of range: {query!r}")
        gaz = gazetteer.load()
        rows = nearest_cities(gaz, point.latitude, point.longitude, 1 if exactly_one else 5)
        locations = [to_location(gaz.entry(r)) for r in rows]
        if not locations:
            return None
        return locations[0] if exactly_one else locations


def nearest_cities(gaz: gazetteer.Gazetteer, lat: float, lon: float, n: int) -> list[int]:
    """Row numbers of the `n` cities nearest to (lat, lon), by great-circle distance."""
    t = gaz._t
    cities = np.flatnonzero(t["kind"] == gaz._kinds.index("city"))
    la, lo = np.radians(t["lat"][cities]), np.radians(t["lon"][cities])
    p, q = np.radians(lat), np.radians(lon)
    h = np.sin((la - p) / 2) ** 2 + np.cos(p) * np.cos(la) * np.sin((lo - q) / 2) ** 2
    h = np.where(np.isnan(h), np.inf, h)
    return [int(cities[i]) for i in np.argsort(h)[:n]]


def to_location(entry: Entry) -> Location:
    """A geopy Location for a gazetteer entry."""
    address = ", ".join([entry.name] + [c for c in entry.country_codes if c])
    return Location(address, Point(entry.lat, entry.lon), {"entry": entry})


class CachedGeocode:
    """A rate-limited geocode callable whose answers persist in a small SQLite cache."""

    def __init__(
        self, geocoder: Geocoder, cache_path: Path, min_delay_seconds: float = 1.0
    ) -> None:
        self._geocode = RateLimiter(geocoder.geocode, min_delay_seconds=min_delay_seconds)
        cache_path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(cache_path)
        self._db.execute("CREATE TABLE IF NOT EXISTS geocode (query TEXT PRIMARY KEY, answer TEXT)")

    def __call__(self, query: str, country_codes: list[str] | None = None) -> Location | None:
        key = query if not country_codes else f"{query} [{','.join(country_codes)}]"
        row = self._db.execute("SELECT answer FROM geocode WHERE query = ?", (key,)).fetchone()
        if row is not None:
            a = json.loads(row[0])
            return (
                None if a is None else Location(a["address"], Point(a["lat"], a["lon"]), a["raw"])
            )
        loc = (
            self._geocode(query, country_codes=country_codes)
            if country_codes
            else self._geocode(query)
        )
        answer = (
            None
            if loc is None
            else {"address": loc.address, "lat": loc.latitude, "lon": loc.longitude, "raw": loc.raw}
        )
        self._db.execute(
            "INSERT OR REPLACE INTO geocode VALUES (?, ?)", (key, json.dumps(answer, default=str))
        )
        self._db.commit()
        return loc


def configured(env: dict | None = None):
    """The geocode callable the configuration asks for: offline by default, cached Nominatim if
    opted in.
    """
    env = os.environ if env is None else env
    backend = env.get("FAULTLINE_GEOCODER", "offline").lower()
    if backend == "offline":
        return OfflineGeocoder().geocode
    if backend == "nominatim":
        from geopy.geocoders import Nominatim

        agent = env.get("FAULTLINE_USER_AGENT", "faultline-geopolitical-monitor")
        cache = Path(
            env.get(
                "FAULTLINE_GEOCODER_CACHE", Path.home() / ".cache" / "faultline" / "geocode.sqlite"
            )
        )
        return CachedGeocode(Nominatim(user_agent=agent), cache)
    raise ValueError(f"unknown FAULTLINE_GEOCODER {backend!r} (use 'offline' or 'nominatim')")


@lru_cache(maxsize=1)
def fallback():
    """The configured online backend, or None when the offline gazetteer is all there is."""
    return (
        None
        if os.environ.get("FAULTLINE_GEOCODER", "offline").lower() == "offline"
        else configured()
    )


def place_leftovers(places: list, geocode) -> list:
    """Places the gazetteer left approximate or unresolved, located by `geocode` where it finds
    them.
    """
    out = []
    for p in places:
        if p.label and p.label.startswith(("approximate", "unresolved")):
            try:
                loc = geocode(p.name, country_codes=p.country_codes[:1] or None)
            except GeopyError:  # the service is down or refuses: keep the offline answer
                loc = None
            if loc is not None:
                p = replace(
                    p, lat=loc.latitude, lon=loc.longitude, label=f"geocoded online: {loc.address}"
                )
        out.append(p)
    return out
