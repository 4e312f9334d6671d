"""Corpus-wide actor identities: one id per real actor across articles, a function of the corpus.

`assign` maps every article's actor ids onto registry ids: "Putin" and "Vladimir Putin" in
different articles get one id, so statements, indicators and the event ids that name a party by
its actor id cluster across articles. Actors are taken in one fixed order (full names before bare
surnames, then by name and article), so the ids depend on which articles the store holds, never on
the order they were read in. Merges are conservative: persons merge on surname plus a compatible
given name and country; a bare surname only into the one known full name that fits.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import astuple, dataclass
from itertools import chain, count

from pipeline import lexicon
from pipeline.names import (
    fold,
    given_compatible,
    middles_agree,
    name_key,
    surname_first,
    surname_key,
)
from pipeline.records import Actor

__all__ = ["COLUMNS", "Entry", "Registry", "assign"]

COLUMNS = ("actor_id", "type", "name", "name_key", "given", "surname", "country", "role")


@dataclass
class Entry:
    """One registered actor: a row of the `actor_registry` table."""

    actor_id: str
    type: str
    name: str
    name_key: str
    given: str | None
    surname: str | None
    country: str | None
    role: str | None


class Registry:
    """The actors registered so far, indexed by id, by folded name and by surname."""

    def __init__(self) -> None:
        self._by_id: dict[str, Entry] = {}
        self._by_name: dict[tuple[str, str], Entry] = {}
        self._by_surname: dict[str, list[Entry]] = {}
        self._by_family: dict[str, list[Entry]] = {}  # "Kim Jong Un" under "Kim" too

    def rows(self) -> list[tuple]:
        """The registry as `actor_registry` rows, by id."""
        return [astuple(self._by_id[k]) for k in sorted(self._by_id)]

    def resolve(self, a: Actor) -> tuple[str, str]:
        """Registry id and display name for one actor, registering it when new."""
        if a.type == "person":
            return self._resolve_person(a)
        entry = self._by_id.get(a.actor_id)
        if entry is None and a.type in ("organization", "media", "group") and not _listed(a):
            entry = self._by_name.get((a.type, _key(a)))
            if entry is not None and not _same_country(entry, a):
                entry = None  # Israel's "Supreme Court" is not the US one
        if entry is not None:
            return entry.actor_id, a.name
        self._add(Entry(a.actor_id, a.type, a.name, _key(a), None, None, a.country, a.role))
        return a.actor_id, a.name

    def _resolve_person(self, a: Actor) -> tuple[str, str]:
        words = a.name.split()
        surname = surname_key(words[-1])
        given = fold(words[0]) if len(words) > 1 else None
        mine = [fold(w) for w in words]
        fits = [
            e
            for e in self._by_surname.get(surname, ())
            if _compatible(e.country, a.country)
            and middles_agree([fold(w) for w in e.name.split()], mine)
        ]
        if given is not None:
            nicknames = lexicon.load().nicknames
            same = [e for e in fits if e.given and given_compatible(e.given, given, nicknames)]
            chosen = [e for e in same if e.actor_id == a.actor_id] or same
        else:
            full = [e for e in fits if e.given]
            blocked = any(  # a bare "Kim" is not Andrew Kim's when Kim Jong Un is known too
                _compatible(e.country, a.country) for e in self._by_family.get(surname, ())
            )
            chosen = full if len(full) == 1 and not blocked else [e for e in fits if not e.given]
        if len(chosen) == 1 or (chosen and chosen[0].actor_id == a.actor_id):
            entry = chosen[0]
            entry.country = entry.country or a.country
            return entry.actor_id, entry.name
        actor_id = self._free_id(a.actor_id, a.country)
        self._add(Entry(actor_id, a.type, a.name, fold(a.name), given, surname, a.country, a.role))
        return actor_id, a.name

    def rename(self, names: dict[str, str]) -> None:
        """Give the registered actors of `names`' ids those names."""
        for actor_id, name in names.items():
            entry = self._by_id[actor_id]
            entry.name, entry.name_key = name, fold(name)

    def _free_id(self, base: str, country: str | None) -> str:
        """`base`, else `base-<country>`, else a numbered variant: an id no other actor holds."""
        suffixed = [f"{base}-{country.lower()}"] if country else []
        numbered = (f"{base}-{n}" for n in count(2))
        return next(i for i in chain([base], suffixed, numbered) if i not in self._by_id)

    def _add(self, entry: Entry) -> None:
        self._by_id[entry.actor_id] = entry
        self._by_name.setdefault((entry.type, entry.name_key), entry)
        if entry.surname is not None:
            self._by_surname.setdefault(entry.surname, []).append(entry)
            words = entry.name.split()
            if surname_first(words):
                self._by_family.setdefault(surname_key(words[0]), []).append(entry)


def _key(a: Actor) -> str:
    """The name an organisation is found again by: an armed group's across spellings ("Al Qaida",
    "al-Qa'ida"), a party's or an outlet's exactly ("Labor" is not "Labour").
    """
    return name_key(a.name) if a.type == "group" else fold(a.name)


def _listed(a: Actor) -> bool:
    """A lexicon organisation or outlet keeps its own id: the Taliban are not found again as
    "Pakistan's Taliban" (org:pk-taliban), whichever article comes first.
    """
    lex = lexicon.load()
    return a.actor_id in lex.orgs or a.actor_id in lex.media


def _same_country(entry: Entry, a: Actor) -> bool:
    """Whether an actor found by name can be that entry: their countries are compatible, and equal
    when either id names one (org:il:supreme-court, group:xx:opposition).
    """
    placed = entry.actor_id.count(":") == 2 or a.actor_id.count(":") == 2
    return entry.country == a.country if placed else _compatible(entry.country, a.country)


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _order(item: tuple[str, Actor]) -> tuple:
    """Full names first (so a bare surname finds them), then by name, article and local id."""
    article_id, a = item
    return (a.type, -len(a.name.split()), fold(a.name), a.name, article_id, a.actor_id)


def assign(actors: Iterable[tuple[str, Actor]]) -> tuple[dict[tuple[str, str], tuple], Registry]:
    """Registry id and name for every (article id, actor), keyed by (article id, local actor id),
    and the registry they make. A person is named as most articles write their full name, so one
    article's "Hilary R. Clinton" does not name the Hillary Clinton of a hundred others.
    """
    registry = Registry()
    ids, spellings = {}, {}
    for aid, a in sorted(actors, key=_order):
        ids[(aid, a.actor_id)] = found = registry.resolve(a)
        if a.type == "person" and len(a.name.split()) > 1:
            spellings.setdefault(found[0], Counter())[a.name] += 1
    usual = {i: names.most_common(1)[0][0] for i, names in spellings.items()}
    registry.rename(usual)
    return {k: (i, usual.get(i, name)) for k, (i, name) in ids.items()}, registry
