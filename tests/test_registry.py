"""Corpus-wide actor ids: assigned over the whole corpus, the same whatever the reading order, and
applied to every table when a store is published.
"""

from __future__ import annotations

import random

from pipeline import registry, store
from pipeline.records import Actor, Article, Extraction, Indicator, Statement


def person(name: str, country: str | None = None, role: str | None = None) -> Actor:
    return Actor(
        f"person:{name.lower().replace(' ', '-')}", name, "person", country, role, [(0, len(name))]
    )


def assign(*items: tuple[str, Actor]) -> dict[str, str]:
    """Registry id by article id."""
    ids, _ = registry.assign(items)
    return {aid: ids[(aid, a.actor_id)][0] for aid, a in items}


def in_both_orders(items: list[tuple[str, Actor]]) -> list[dict[str, str]]:
    """`assign` of the items as read in order and in reverse: ids must not depend on it."""
    return [assign(*order) for order in (items, items[::-1])]


def test_surname_and_full_name_share_one_id_in_any_order():
    items = [
        ("a1", person("Vladimir Putin", "RU", "President")),
        ("a2", person("Putin")),
        ("a3", person("Vladimir Putin")),
    ]
    for got in in_both_orders(items):
        assert got["a1"] == got["a2"] == got["a3"] == "person:vladimir-putin"
    ids, _ = registry.assign(items)
    assert ids[("a2", "person:putin")][1] == "Vladimir Putin"


def test_ids_do_not_depend_on_reading_order():
    names = ["John Smith", "John Smith", "Jane Smith", "Smith", "Joe Biden", "Joseph Biden"]
    items = [(f"a{i}", person(n, "US" if i % 2 else "GB")) for i, n in enumerate(names)]
    want = assign(*items)
    for seed in range(5):
        shuffled = items[:]
        random.Random(seed).shuffle(shuffled)
        assert assign(*shuffled) == want


def test_different_burnses_stay_apart_and_bare_surname_does_not_guess():
    got = assign(
        ("a1", person("William Burns", "US")),
        ("a2", person("Nicholas Burns", "US")),
        ("a3", person("Burns", "US")),
    )
    assert len(set(got.values())) == 3


def test_a_bare_family_name_does_not_join_the_one_western_name_when_a_korean_one_shares_it():
    got = assign(
        ("a1", person("Andrew Kim", "US")),
        ("a2", person("Kim Jong Un", "KP")),
        ("a3", person("Kim")),
        ("a4", person("Sam Wheeler", "US")),
        ("a5", person("Wheeler")),
    )
    assert got["a3"] not in (got["a1"], got["a2"])
    assert got["a5"] == got["a4"]


def test_middle_initials_keep_father_and_son_apart():
    got = assign(
        ("a1", person("George W. Bush", "US")),
        ("a2", person("George H. W. Bush", "US")),
        ("a3", person("George W. Bush", "US")),
    )
    assert got["a1"] != got["a2"] and got["a3"] == got["a1"]


def test_same_name_other_country_is_another_person():
    got = assign(
        ("a1", person("John Smith", "US")),
        ("a2", person("John Smith", "GB")),
        ("a3", person("John Smith", "GB")),
    )
    assert got["a1"] != got["a2"] == got["a3"]


def test_short_given_name_merges():
    got = assign(("a1", person("Joseph Biden", "US")), ("a2", person("Joe Biden", "US")))
    assert got["a1"] == got["a2"]


def test_organisation_found_again_by_name():
    gemc = "Global Energy Monitoring Council"
    got = assign(
        ("a1", Actor("org:gemc", gemc, "organization", None, None, [(0, 5)])),
        ("a2", Actor("org:global-energy-monitoring-council", gemc, "organization", None, None)),
    )
    assert got["a1"] == got["a2"]


def test_registry_rows_hold_each_actor_once():
    _, reg = registry.assign(
        [("a1", person("Antony Blinken", "US")), ("a2", person("Blinken", "US"))]
    )
    assert [r[0] for r in reg.rows()] == ["person:antony-blinken"]


def _published(tmp_path, extractions: list[Extraction], text: str):
    """A connection to a store published from `extractions`, every article of `text`."""
    layout = store.Layout(tmp_path / "s.duckdb")
    writer = store.Writer(layout, run="1")
    for ex in extractions:
        writer.add(Article(ex.id, text, date=ex.date), ex, "ok")
    writer.close()
    store.publish(layout.db)
    return store.connect(layout.db)


def _threat(source: str, target: str, sc: str | None, tc: str | None, ident: str) -> Indicator:
    return Indicator(
        "THREATEN", (0, 30), source, target, sc, tc, None, None, "2021-12-02", None, [], [], ident
    )


def test_publishing_rewrites_ids_in_every_table(tmp_path):
    """Statements, event sides and event ids named by actor id take the registry's ids; local
    actors that are one registry actor merge with their mentions; country-named ids stay.
    """
    full = person("Antony Blinken", "US")
    bare = Actor("person:blinken", "Blinken", "person", "US", None, [(40, 47)])
    acme = Actor("org:acme-union", "Acme Union", "organization", None, None, [(50, 60)])
    first = Extraction(id="a1", date="2021-12-02", actors=[full])
    second = Extraction(id="a2", date="2021-12-02", actors=[full, bare, acme])
    second.statements = [
        Statement("Blinken", "person:blinken", (40, 47), "said", "x", (70, 71), False)
    ]
    second.indicators = [
        _threat(
            "person:blinken",
            "org:acme-union",
            None,
            None,
            "ev:2021-12-02:THREATEN:person:blinken-org:acme-union",
        ),
        _threat("person:blinken", "state:RU", "US", "RU", "ev:2021-12-02:THREATEN:US-RU"),
    ]
    con = _published(tmp_path, [first, second], "Antony Blinken warned. " * 5)
    q = lambda sql: con.execute(sql).fetchall()
    assert q("SELECT actor_id, n_mentions FROM actors WHERE article_id = 'a2' ORDER BY 1") == [
        ("org:acme-union", 1),
        ("person:antony-blinken", 2),
    ]
    assert q("SELECT speaker_actor_id FROM statements") == [("person:antony-blinken",)]
    assert q("SELECT source_actor_id, event_id FROM indicators ORDER BY idx") == [
        ("person:antony-blinken", "ev:2021-12-02:THREATEN:person:antony-blinken-org:acme-union"),
        ("person:antony-blinken", "ev:2021-12-02:THREATEN:US-RU"),
    ]
    assert q("SELECT count(*) FROM actor_registry") == [(2,)]


def test_armed_group_spellings_share_an_id_and_parties_do_not():
    group = lambda aid, name: Actor(aid, name, "group", None, None, [(0, 5)])
    party = lambda aid, name: Actor(aid, name, "organization", None, None, [(0, 5)])
    got = assign(
        ("a1", group("group:al-qaeda", "al-Qaeda")),
        ("a2", group("group:al-qaida", "Al Qaida")),
        ("a3", party("org:labor", "Labor")),
        ("a4", party("org:labour", "Labour")),
    )
    assert got["a1"] == got["a2"] and got["a3"] != got["a4"]


def test_a_person_is_named_as_most_articles_write_the_name():
    items = [(f"a{i}", person("Lindsey Graham", "US")) for i in range(3)]
    items += [("b1", person("Lindsay Graham", "US")), ("b2", person("Graham"))]
    ids, reg = registry.assign(items)
    assert {ids[(aid, a.actor_id)] for aid, a in items} == {
        ("person:lindsay-graham", "Lindsey Graham")
    }
    assert [r[2] for r in reg.rows()] == ["Lindsey Graham"]


def test_a_listed_group_keeps_its_id_beside_a_country_variant_of_its_name():
    def group(actor_id: str, country: str) -> Actor:
        return Actor(actor_id, "Taliban", "group", country, None, [(0, 7)])

    ids = assign(("a1", group("org:pk-taliban", "PK")), ("a2", group("org:taliban", "AF")))
    assert ids == {"a1": "org:pk-taliban", "a2": "org:taliban"}


def test_a_persons_registry_country_comes_from_any_article_that_gives_it():
    items = [
        ("a1", person("Mitt Romney")),
        ("a2", person("Romney", "US")),
        ("a3", person("Romney")),
    ]
    for order in (items, items[::-1]):
        _, reg = registry.assign(order)
        rows = {r[0]: dict(zip(registry.COLUMNS, r)) for r in reg.rows()}
        assert rows["person:mitt-romney"]["country"] == "US"


def test_a_person_without_a_country_in_one_article_takes_the_corpus_country(tmp_path):
    """The registry's country fills an article's person row that has none; an organisation's
    row is left as its article gives it."""
    acme = Actor("org:acme-union", "Acme Union", "organization", None, None, [(20, 30)])
    given = Extraction(id="a1", date="2021-12-02", actors=[person("Mitt Romney", "US")])
    bare = Extraction(id="a2", date="2021-12-02", actors=[person("Mitt Romney"), acme])
    con = _published(tmp_path, [given, bare], "Mitt Romney spoke at Acme Union. " * 3)
    rows = con.execute("SELECT article_id, actor_id, country FROM actors ORDER BY 1, 2").fetchall()
    assert rows == [
        ("a1", "person:mitt-romney", "US"),
        ("a2", "org:acme-union", None),
        ("a2", "person:mitt-romney", "US"),
    ]


def test_an_organisation_of_another_country_is_not_found_again_by_its_name():
    court = lambda cc: Actor(
        f"org:{cc.lower()}:supreme-court", "Supreme Court", "organization", cc, None, [(0, 13)]
    )
    items = [("a1", court("IL")), ("a2", court("US")), ("a3", court("IL"))]
    for got in in_both_orders(items):
        assert got == {
            "a1": "org:il:supreme-court",
            "a2": "org:us:supreme-court",
            "a3": "org:il:supreme-court",
        }


def test_an_unplaced_group_is_not_found_again_as_a_countrys_group_of_that_name():
    group = lambda cc: Actor(
        f"group:{(cc or 'xx').lower()}:opposition", "opposition", "group", cc, None, [(0, 10)]
    )
    items = [("a1", group("VE")), ("a2", group(None)), ("a3", group("VE"))]
    for got in in_both_orders(items):
        assert got == {
            "a1": "group:ve:opposition",
            "a2": "group:xx:opposition",
            "a3": "group:ve:opposition",
        }
