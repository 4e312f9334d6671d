"""Corpus-wide actor identities: one id per real actor across articles, kept in DuckDB.

`canonicalize` maps an article's actor ids onto the `actor_registry` table: "Putin" and "Vladimir
Putin" in different articles get one id, in actors, statements, indicators and the event ids that
name a party by its actor id, so reports of one event cluster across articles. Merges are
conservative: persons merge on surname plus a compatible given name and country; a bare surname only
into the one known full name that fits. Running the same article again yields the same ids.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import chain, count

import duckdb

from pipeline import events, lexicon
from pipeline.names import fold, given_compatible, middles_agree, surname_key
from pipeline.records import Actor, Extraction, Indicator

__all__ = ["canonicalize", "ensure"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS actor_registry (
    actor_id VARCHAR PRIMARY KEY, type VARCHAR, name VARCHAR, name_key VARCHAR,
    given VARCHAR, surname VARCHAR, country VARCHAR, role VARCHAR)
"""


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    """Create the registry table if it is missing."""
    con.execute(SCHEMA)


def canonicalize(con: duckdb.DuckDBPyConnection, extraction: Extraction) -> Extraction:
    """The extraction with corpus-stable actor ids in actors, statements and indicators."""
    ensure(con)
    ids = {a.actor_id: _resolve(con, a) for a in extraction.actors}
    merged: dict[str, Actor] = {}
    for a in extraction.actors:
        gid, name = ids[a.actor_id]
        m = merged.get(gid)
        if m is None:
            merged[gid] = replace(a, actor_id=gid, name=name, mentions=list(a.mentions))
        else:
            m.country, m.role = m.country or a.country, m.role or a.role
            m.mentions = sorted(set(m.mentions) | set(a.mentions))
    new_id = lambda x: ids[x][0] if x in ids else x
    return replace(
        extraction,
        actors=list(merged.values()),
        statements=[
            replace(s, speaker_actor_id=new_id(s.speaker_actor_id)) for s in extraction.statements
        ],
        indicators=[_renamed(i, new_id) for i in extraction.indicators],
    )


def _renamed(ind: Indicator, new_id) -> Indicator:
    """The event with registry actor ids, in its sides and in the event id that names a side by
    actor id.
    """
    party = lambda country, actor: country or actor
    old = (
        party(ind.source_country, ind.source_actor_id),
        party(ind.target_country, ind.target_actor_id),
    )
    src, tgt = new_id(ind.source_actor_id), new_id(ind.target_actor_id)
    new = (party(ind.source_country, src), party(ind.target_country, tgt))
    return replace(
        ind,
        source_actor_id=src,
        target_actor_id=tgt,
        event_id=events.with_parties(ind.event_id, ind.type, old, new),
    )


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _resolve(con: duckdb.DuckDBPyConnection, a: Actor) -> tuple[str, str]:
    """Registry id and display name for one actor, registering it when new."""
    if a.type == "person":
        return _resolve_person(con, a)
    row = con.execute(
        "SELECT actor_id, name FROM actor_registry WHERE actor_id = ?", [a.actor_id]
    ).fetchone()
    if row is None and a.type in ("organization", "media", "group"):
        row = con.execute(
            "SELECT actor_id, name FROM actor_registry WHERE type = ? AND name_key = ? "
            "ORDER BY actor_id LIMIT 1",
            [a.type, fold(a.name)],
        ).fetchone()
    if row is not None:
        return row[0], a.name
    _insert(con, a.actor_id, a, None, None)
    return a.actor_id, a.name


def _resolve_person(con: duckdb.DuckDBPyConnection, a: Actor) -> tuple[str, str]:
    words = a.name.split()
    surname = surname_key(words[-1])
    given = fold(words[0]) if len(words) > 1 else None
    rows = con.execute(
        "SELECT actor_id, name, given, country FROM actor_registry "
        "WHERE type = 'person' AND surname = ? ORDER BY actor_id",
        [surname],
    ).fetchall()
    mine = [fold(w) for w in words]
    fits = [
        r
        for r in rows
        if _compatible(r[3], a.country) and middles_agree([fold(w) for w in r[1].split()], mine)
    ]
    if given is not None:
        same = [r for r in fits if r[2] and given_compatible(r[2], given, lexicon.load().nicknames)]
        exact = [r for r in same if r[0] == a.actor_id]
        chosen = exact or same
    else:
        full = [r for r in fits if r[2]]
        chosen = full if len(full) == 1 else [r for r in fits if not r[2]]
    if len(chosen) == 1 or (chosen and chosen[0][0] == a.actor_id):
        actor_id, name, _, country = chosen[0]
        if country is None and a.country:
            con.execute(
                "UPDATE actor_registry SET country = ? WHERE actor_id = ?", [a.country, actor_id]
            )
        return actor_id, name
    actor_id = _free_id(con, a.actor_id, a.country)
    _insert(con, actor_id, a, given, surname)
    return actor_id, a.name


def _free_id(con: duckdb.DuckDBPyConnection, base: str, country: str | None) -> str:
    """`base`, else `base-<country>`, else a numbered variant: an id no other actor holds."""
    candidates = chain(
        [base], [f"{base}-{country.lower()}"] if country else [], (f"{base}-{n}" for n in count(2))
    )
    for actor_id in candidates:
        if (
            con.execute("SELECT 1 FROM actor_registry WHERE actor_id = ?", [actor_id]).fetchone()
            is None
        ):
            return actor_id
    raise AssertionError("unreachable")


def _insert(
    con: duckdb.DuckDBPyConnection, actor_id: str, a: Actor, given: str | None, surname: str | None
) -> None:
    con.execute(
        "INSERT INTO actor_registry VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [actor_id, a.type, a.name, fold(a.name), given, surname, a.country, a.role],
    )
