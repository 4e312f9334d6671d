"""The offline gazetteer, geocoder and shapes (needs `python -m geo.build`, which `make setup`
runs).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import MultiPolygon, Point, box

from geo import gazetteer, geocoder, geometries
from geo.text import place_key
from pipeline import context, nlp, places
from pipeline.places import resolution


@pytest.fixture(scope="module")
def gaz():
    return gazetteer.load()


@pytest.fixture(scope="module")
def model():
    return nlp.load()


def resolved(model, text: str) -> dict:
    return {p.text: p for p in places.find_places(context.build(model(text)))}


def test_fold_handles_case_diacritics_dots_and_the():
    assert place_key("the Black Sea") == "black sea"
    assert place_key("U.S.") == "us"
    assert place_key("Łódź") == place_key("lodz")
    assert place_key("Saint Petersburg") == place_key("St. Petersburg")
    assert place_key("") == "" and place_key("x" * 500) == ""


@pytest.mark.parametrize(
    "name,kind,cc",
    [
        ("U.S.", "country", "US"),
        ("UK", "country", "GB"),
        ("DRC", "country", "CD"),
        ("Kiev", "city", "UA"),
        ("Kyiv", "city", "UA"),
        ("Moscow", "city", "RU"),
        ("Stockholm", "city", "SE"),
        ("Texas", "admin1", "US"),
        ("the Black Sea", "water", "RU"),
        ("Donbas", "region", "UA"),
        ("Belarus–Poland border", "border", "PL"),
        ("USSR", "region", "UA"),
        ("Yugoslavia", "region", "RS"),
    ],
)
def test_lookup_finds_typed_entries(gaz, name, kind, cc):
    hits = [e for e in gaz.lookup(name) if e.kind == kind and cc in e.country_codes]
    assert hits, name
    e = hits[0]
    assert e.place_id and e.lat is not None and -90 <= e.lat <= 90 and -180 <= e.lon <= 180


def test_city_entries_carry_geonames_fields(gaz):
    kyiv = next(e for e in gaz.lookup("Kyiv") if e.kind == "city")
    assert kyiv.geonameid == 703448 and kyiv.place_id == "gn:703448"
    assert kyiv.population > 1_000_000 and kyiv.feature_code == "PPLC" and kyiv.admin1


def test_region_point_override(gaz):
    eu = next(e for e in gaz.lookup("EU") if e.kind == "region")
    assert abs(eu.lat - 49.8) < 0.5 and abs(eu.lon - 9.9) < 0.5


def test_crimea_is_disputed_with_both_claimants(gaz):
    crimea = [e for e in gaz.lookup("Crimea") if e.kind in ("region", "admin1")]
    assert crimea and all({"UA", "RU"} <= set(e.country_codes) for e in crimea)
    assert all("disputed" in (e.label or "") for e in crimea)


@pytest.mark.parametrize("bad", ["", "   ", "x" * 10_000, "Москва", "🙂", None, 42])
def test_bad_names_find_nothing(gaz, bad):
    assert gaz.lookup(bad) == []


def test_offline_geocoder_returns_geopy_locations():
    g = geocoder.OfflineGeocoder()
    paris = g.geocode("Paris")
    assert paris.raw["entry"].country_codes == ("FR",)
    assert abs(paris.latitude - 48.85) < 0.1
    texan = geocoder.OfflineGeocoder(country_codes=["US"]).geocode("Paris")
    assert texan.raw["entry"].country_codes == ("US",)
    assert g.geocode("") is None and g.geocode("Qwxzzyv") is None
    assert len(g.geocode("Paris", exactly_one=False)) > 2


def test_offline_reverse_finds_nearest_city_and_names_bad_coordinates():
    g = geocoder.OfflineGeocoder()
    assert g.reverse("59.33, 18.07").raw["entry"].name == "Stockholm"
    assert len(g.reverse((50.45, 30.52), exactly_one=False)) == 5
    for bad in [(200, 500), (91, 0), "abc", "", None]:
        with pytest.raises(ValueError, match="coordinates"):
            g.reverse(bad)


def test_configured_backend_is_offline_by_default():
    assert isinstance(geocoder.configured({}).__self__, geocoder.OfflineGeocoder)
    with pytest.raises(ValueError):
        geocoder.configured({"FAULTLINE_GEOCODER": "carrier-pigeon"})


def test_geometries_by_place_id():
    assert geometries.geometry("gn:2673730").geom_type == "Point"
    crimea = geometries.geometry("region:crimea")
    assert crimea.geom_type in ("Polygon", "MultiPolygon") and crimea.contains(
        shapely.Point(34.1, 44.95)
    )
    border = geometries.geometry("border:BY-PL")
    assert border.geom_type in ("LineString", "MultiLineString") and 3 < border.length < 10
    assert geometries.geometry("border:PL-BY").equals(border)
    assert geometries.geometry("border:UA").geom_type in ("LineString", "MultiLineString")
    assert geometries.geometry("nope:1") is None and geometries.geometry("") is None


def test_basemap_layers_are_small_and_valid():
    countries = geometries.countries()
    assert {"iso_a2", "name", "geometry"} <= set(countries.columns) and len(countries) > 200
    assert countries.geometry.is_valid.all() and countries.crs.to_epsg() == 4326
    assert sum(len(g.wkb) for g in countries.geometry) < 8_000_000
    assert {"UA", "PL", "BY"} <= set(countries.iso_a2)
    admin1 = geometries.admin1()
    assert len(admin1) > 3000 and admin1.geometry.is_valid.all()


def test_admin1_units_carry_geonames_id_code_and_population(gaz):
    alberta = next(e for e in gaz.lookup("Alberta") if e.kind == "admin1")
    calgary = next(e for e in gaz.lookup("Calgary") if e.kind == "city")
    assert alberta.geonameid == 5883102 and alberta.admin1 == calgary.admin1
    assert alberta.population > calgary.population


def test_home_nations_carry_their_towns_code_and_people(gaz):
    england = next(e for e in gaz.lookup("England") if e.kind == "admin1")
    cambridge = next(e for e in gaz.lookup("Cambridge") if e.country_codes == ("GB",))
    assert england.admin1 == cambridge.admin1 == "ENG" and england.population > 10_000_000


@pytest.mark.parametrize(
    "name,cc,geonameid",
    [
        ("Catalonia", "ES", 3336901),
        ("Normandy", "FR", 11071621),
        ("Tuscany", "IT", 3165361),
    ],
)
def test_units_natural_earth_splits_are_whole_and_own_their_name(gaz, name, cc, geonameid):
    units = [e for e in gaz.lookup(name) if e.kind == "admin1"]
    assert [(e.country_codes, e.geonameid) for e in units] == [((cc,), geonameid)]
    assert units[0].population > 1_000_000 and geometries.geometry(units[0].place_id) is not None


def test_arabic_article_is_optional_in_province_names(gaz):
    assert any(e.kind == "admin1" and e.country_codes == ("IQ",) for e in gaz.lookup("Anbar"))


def test_us_counties_are_gazetteer_units(gaz):
    henry = [e for e in gaz.lookup("Henry County") if e.kind == "admin2"]
    assert len(henry) >= 5 and all(
        e.geonameid and e.country_codes == ("US",) and e.lat is not None for e in henry
    )
    tennessee = next(e for e in henry if e.admin1 == "TN")
    assert abs(tennessee.lat - 36.3) < 0.5 and abs(tennessee.lon + 88.3) < 0.5


def test_prior_ranks_a_state_above_its_namesake_towns(gaz):
    texas = max(gaz.lookup("Texas"), key=lambda e: resolution.prior(e, "texas"))
    assert texas.kind == "admin1" and texas.country_codes == ("US",)


def test_neighbours_count_other_names_with_a_reading_nearby(gaz):
    paris = gaz.lookup("Paris")
    near = resolution.neighbours({"paris": paris, "henry county": gaz.lookup("Henry County")})
    tennessee = next(e for e in paris if e.admin1 == "TN")
    france = next(e for e in paris if e.country_codes == ("FR",))
    assert near[("paris", tennessee.place_id)] == 1 and ("paris", france.place_id) not in near


def test_town_and_county_settle_each_other(model):
    found = resolved(model, "The Henry County Commission met in Paris on Tuesday.")
    assert found["Henry County"].geonameid == 4628829 and found["Paris"].geonameid == 4647963


@pytest.mark.parametrize(
    "text",
    [
        "Fires spread in Washington state on Monday.",
        "The governor of Washington, Jay Inslee, spoke.",
        "Firms moved from western states such as California or Washington to Utah.",
    ],
)
def test_a_use_that_names_a_state_reads_the_state(model, text):
    assert resolved(model, text)["Washington"].kind == "admin1"


def test_longer_name_of_a_reading_does_not_vouch_for_the_other_reading(model):
    found = resolved(
        model,
        "She cooked from August in New Orleans to Le Bernardin in New York. "
        "She now runs a kitchen in New York City.",
    )
    assert found["New York"].geonameid == found["New York City"].geonameid == 5128581


def test_county_lies_in_the_state_the_article_names(model):
    found = resolved(
        model,
        "Under the Kentucky bill, Daviess County schools will be given $8,900; McLean County "
        "schools will be given $5,900; and Pike County, a district harder hit, gets $129,800.",
    )
    assert (
        found["McLean County"].geonameid == 4300401
    )  # not McLean County, Illinois, 70 times as big


def test_list_item_is_no_qualifier_and_dateline_is_a_town(model):
    assert (
        resolved(model, "After stops in Washington, New York and Boston, he flew home.")[
            "Washington"
        ].geonameid
        == 4140963
    )
    assert (
        resolved(model, "NEW YORK (AP) — Police said two men were arrested.")["NEW YORK"].geonameid
        == 5128581
    )


def test_a_list_of_states_reads_as_states(model):
    found = resolved(
        model, "Cases were reported in Georgia, Illinois, Missouri, Oklahoma and Washington."
    )
    assert all(
        found[n].kind == "admin1" and found[n].country_codes == ["US"]
        for n in ("Georgia", "Illinois", "Missouri", "Oklahoma", "Washington")
    )


def test_leftover_places_take_a_backend_answer_and_others_stay(tmp_path):
    from pipeline.records import Place

    left = Place(
        0,
        6,
        "Odessa",
        "Odessa",
        "other",
        None,
        None,
        ["UA"],
        None,
        "unresolved:odessa",
        label="unresolved: no gazetteer entry fits the context",
    )
    known = Place(10, 15, "Kyiv", "Kyiv", "city", 50.45, 30.52, ["UA"], 703448, "gn:703448")
    cached = geocoder.CachedGeocode(
        geocoder.OfflineGeocoder(), tmp_path / "cache.sqlite", min_delay_seconds=0
    )
    out = geocoder.place_leftovers([left, known], cached)
    assert out[1] == known
    assert abs(out[0].lat - 46.48) < 0.5 and out[0].label.startswith("geocoded online")
    assert geocoder.fallback() is None


def test_map_shapes_simplify_drop_islets_and_round_to_the_grid():
    circle = Point(30.0, 50.0).buffer(5.0, quad_segs=256)
    islands = MultiPolygon([box(0.0, 0.0, 10.0, 10.0), box(20.0, 0.0, 20.1, 0.1)])
    shapes = gpd.GeoSeries(
        {
            "circle": circle,
            "islands": islands,
            "town": Point(1.23456, 2.34567),
            "speck": box(5.0, 5.0, 5.001, 5.001),
        }
    )
    light = geometries.for_map(shapes, 0.06)
    assert list(light.index) == ["circle", "islands", "town"]  # smaller than the grid: left out
    assert shapely.get_num_coordinates(light["circle"]) < shapely.get_num_coordinates(circle) / 10
    assert light["circle"].area == pytest.approx(circle.area, rel=0.01)
    assert shapely.get_num_geometries(light["islands"]) == 1  # the islet went, the island stayed
    assert light["islands"].area == pytest.approx(100.0)
    assert light["town"].equals(Point(1.23, 2.35))
    hundredths = shapely.get_coordinates(light.to_numpy()) / geometries.GRID
    assert np.allclose(hundredths, hundredths.round())
