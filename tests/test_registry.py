"""Corpus-wide actor ids in a real DuckDB file."""

from __future__ import annotations

import duckdb
import pytest

from pipeline import registry
from pipeline.records import Actor, Extraction, Indicator, Statement


@pytest.fixture
def con(tmp_path):
    c = duckdb.connect(str(tmp_path / "registry.duckdb"))
    yield c
    c.close()


def person(name: str, country: str | None = None, role: str | None = None) -> Actor:
    return Actor(
        f"person:{name.lower().replace(' ', '-')}", name, "person", country, role, [(0, len(name))]
    )


def article(aid: str, *actors: Actor) -> Extraction:
    return Extraction(id=aid, date="2021-12-02", actors=list(actors))


def ids(ex: Extraction) -> dict[str, str]:
    return {a.name: a.actor_id for a in ex.actors}


def test_surname_and_full_name_share_one_id_across_articles(con):
    first = registry.canonicalize(con, article("a1", person("Vladimir Putin", "RU", "President")))
    second = registry.canonicalize(con, article("a2", person("Putin")))
    third = registry.canonicalize(con, article("a3", person("Vladimir Putin")))
    assert first.actors[0].actor_id == second.actors[0].actor_id == third.actors[0].actor_id
    assert second.actors[0].name == "Vladimir Putin"


def test_different_burnses_stay_apart_and_bare_surname_does_not_guess(con):
    w = registry.canonicalize(con, article("a1", person("William Burns", "US"))).actors[0].actor_id
    n = registry.canonicalize(con, article("a2", person("Nicholas Burns", "US"))).actors[0].actor_id
    bare = registry.canonicalize(con, article("a3", person("Burns", "US"))).actors[0].actor_id
    assert len({w, n, bare}) == 3


def test_middle_initials_keep_father_and_son_apart(con):
    son = (
        registry.canonicalize(con, article("a1", person("George W. Bush", "US"))).actors[0].actor_id
    )
    father = (
        registry.canonicalize(con, article("a2", person("George H. W. Bush", "US")))
        .actors[0]
        .actor_id
    )
    again = (
        registry.canonicalize(con, article("a3", person("George W. Bush", "US"))).actors[0].actor_id
    )
    assert son != father and again == son


def test_same_name_other_country_is_another_person(con):
    us = registry.canonicalize(con, article("a1", person("John Smith", "US"))).actors[0].actor_id
    gb = registry.canonicalize(con, article("a2", person("John Smith", "GB"))).actors[0].actor_id
    again = registry.canonicalize(con, article("a3", person("John Smith", "GB"))).actors[0].actor_id
    assert us != gb == again


def test_short_given_name_merges(con):
    a = registry.canonicalize(con, article("a1", person("Joseph Biden", "US"))).actors[0].actor_id
    b = registry.canonicalize(con, article("a2", person("Joe Biden", "US"))).actors[0].actor_id
    assert a == b


def test_ids_are_rewritten_everywhere_and_run_twice_is_stable(con):
    registry.canonicalize(con, article("a0", person("Antony Blinken", "US")))
    blinken = person("Blinken", "US")
    ex = article("a1", blinken, Actor("state:RU", "Russia", "state", "RU", None, [(10, 16)]))
    ex.statements = [Statement("Blinken", "person:blinken", (0, 7), "said", "x", (20, 21), False)]
    ex.indicators = [
        Indicator(
            "THREATEN",
            (0, 30),
            "person:blinken",
            "state:RU",
            "US",
            "RU",
            None,
            None,
            "2021-12-02",
            None,
            [],
            [],
            "ev:1",
        )
    ]
    once = registry.canonicalize(con, ex)
    twice = registry.canonicalize(con, ex)
    assert (
        ids(once) == ids(twice) == {"Antony Blinken": "person:antony-blinken", "Russia": "state:RU"}
    )
    assert once.statements[0].speaker_actor_id == "person:antony-blinken"
    assert once.indicators[0].source_actor_id == "person:antony-blinken"
    assert once.indicators[0].target_actor_id == "state:RU"
    rows = con.execute("SELECT count(*) FROM actor_registry").fetchone()[0]
    registry.canonicalize(con, ex)
    assert con.execute("SELECT count(*) FROM actor_registry").fetchone()[0] == rows


def test_organisation_found_again_by_name(con):
    registry.canonicalize(
        con,
        article(
            "a1",
            Actor(
                "org:gemc", "Global Energy Monitoring Council", "organization", None, None, [(0, 5)]
            ),
        ),
    )
    ex = registry.canonicalize(
        con,
        article(
            "a2",
            Actor(
                "org:global-energy-monitoring-council",
                "Global Energy Monitoring Council",
                "organization",
                None,
                None,
                [(0, 5)],
            ),
        ),
    )
    assert ex.actors[0].actor_id == "org:gemc"


def test_two_local_actors_mapping_to_one_id_merge(con):
    registry.canonicalize(con, article("a0", person("Vladimir Putin", "RU")))
    ex = registry.canonicalize(
        con,
        article(
            "a1",
            person("Vladimir Putin", "RU"),
            Actor("person:putin", "Putin", "person", "RU", None, [(50, 55)]),
        ),
    )
    assert len(ex.actors) == 1 and ex.actors[0].mentions == [(0, 14), (50, 55)]


def test_event_ids_use_registry_ids_so_reports_in_two_articles_cluster(con):
    """An event named by actor ids (no country) gets the same id in every article that reports it."""
    registry.canonicalize(con, article("a0", person("John Smith", "US")))
    registry.canonicalize(con, article("a1", person("John Smith", "GB")))  # registered as ...-gb
    org = Actor("org:acme-union", "Acme Union", "organization", None, None, [(20, 30)])

    def report(aid: str, place: str | None) -> Extraction:
        ex = article(aid, person("John Smith", "GB"), org)
        local = "ev:2021-12-02:ACCUSE:org:acme-union-person:john-smith" + (
            f":{place}" if place else ""
        )
        ex.indicators = [
            Indicator(
                "ACCUSE",
                (0, 30),
                "org:acme-union",
                "person:john-smith",
                None,
                None,
                place,
                None,
                "2021-12-02",
                None,
                [],
                [],
                local,
            )
        ]
        return ex

    first = registry.canonicalize(con, report("a2", "gn:1"))
    second = registry.canonicalize(con, report("a3", "gn:1"))
    assert first.indicators[0].target_actor_id == "person:john-smith-gb"
    assert (
        first.indicators[0].event_id
        == second.indicators[0].event_id
        == "ev:2021-12-02:ACCUSE:org:acme-union-person:john-smith-gb:gn:1"
    )
    plain = registry.canonicalize(con, report("a4", None)).indicators[0].event_id
    assert plain == "ev:2021-12-02:ACCUSE:org:acme-union-person:john-smith-gb"


def test_event_id_named_by_countries_is_left_alone(con):
    registry.canonicalize(con, article("a0", person("Antony Blinken", "US")))
    ex = article("a1", person("Blinken", "US"))
    ex.indicators = [
        Indicator(
            "THREATEN",
            (0, 30),
            "person:blinken",
            "state:RU",
            "US",
            "RU",
            None,
            None,
            "2021-12-02",
            None,
            [],
            [],
            "ev:2021-12-02:THREATEN:US-RU",
        )
    ]
    assert registry.canonicalize(con, ex).indicators[0].event_id == "ev:2021-12-02:THREATEN:US-RU"
