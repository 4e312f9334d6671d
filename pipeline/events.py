"""Event identity: the id every report of one event shares, across articles and sources.

An id reads `ev:DATE:TYPE:SOURCE-TARGET[:PLACE]`, a party named by its country, else its actor id.
Extraction makes ids with `event_id`; the registry renames their parties with `with_parties` once
per-article actor ids become corpus ids. Both live here so the format has one definition.
"""

from __future__ import annotations

import hashlib

__all__ = ["SYMMETRIC", "event_id", "with_parties", "with_place", "without_place"]

SYMMETRIC = {
    "CONSULT",
    "COOPERATE",
    "AGREE",
}  # types whose dyad has no direction: the pair is sorted


def event_id(
    typ: str,
    source: str | None,
    target: str | None,
    when: str | None,
    place_id: str | None,
    clause: str = "",
) -> str:
    """Deterministic id shared by every report of one event: ev:DATE:TYPE:SRC-TGT[:PLACE].

    Symmetric types sort the dyad. An event with neither party nor place gets a hash of its clause
    instead, so only verbatim (syndicated) reports of it merge.
    """
    a, b = source or "_", target or "_"
    if typ in SYMMETRIC and source and target:
        a, b = sorted((a, b))
    out = f"ev:{when or 'undated'}:{typ}:{a}-{b}"
    if place_id:
        return f"{out}:{place_id}"
    if not (source or target):
        digest = hashlib.sha1(" ".join(clause.lower().split()).encode("utf-8")).hexdigest()[:10]
        return f"{out}:h{digest}"
    return out


def with_parties(
    ident: str, typ: str, old: tuple[str | None, str | None], new: tuple[str | None, str | None]
) -> str:
    """`ident` with its dyad `old` renamed to `new`, date and place kept; unchanged if it is not of
    that dyad.
    """
    marker = f":{typ}:"
    if old == new or not ident.startswith("ev:") or marker not in ident:
        return ident
    when = ident[3:].split(marker, 1)[0]
    before = event_id(typ, *old, when, None)
    if not ident.startswith(before):
        return ident
    return event_id(typ, *new, when, None) + ident[len(before) :]


def with_place(ident: str, place_id: str) -> str:
    """The id of an event that named no place, once another report of it gives `place_id`."""
    return f"{ident}:{place_id}"


def without_place(ident: str, place_id: str) -> str:
    """The id the event would have without its place `place_id` (the inverse of `with_place`)."""
    suffix = f":{place_id}"
    return ident[: -len(suffix)] if ident.endswith(suffix) else ident
