"""Place mentions in a parsed article: gazetteer-aware recognition, one reading per name, context
ranking.

The stages: `recognition` finds candidate names, `resolution` picks one gazetteer reading per name
from the article's context, `role` tells a literal place from one standing for a government, and
`output` turns readings into records and composite borders. `cues` holds the textual tests they
share, `weights` the tuning constants.
"""

from __future__ import annotations

from geo import gazetteer
from pipeline.context import ArticleContext
from pipeline.places.cues import (
    dedication,
    demonym,
    feature_word,
    holiday,
    inside,
    known_names,
    modifier_of_thing,
    organisation_of,
    part_of_name,
    person_words,
    portfolio,
    saint,
    titled,
    unknown_place,
)
from pipeline.places.output import borders, to_place
from pipeline.places.recognition import (
    Mention,
    candidates,
    coordinated,
    readings,
    repeats,
    streets,
)
from pipeline.places.resolution import (
    at_focus,
    container,
    county_state,
    focus,
    nowhere,
    one_region,
    resolve,
    seat_state,
    spaces,
    stray,
)
from pipeline.records import Place

__all__ = ["find_places"]


def find_places(ctx: ArticleContext) -> list[Place]:
    """Every place mention of the article, resolved against the offline gazetteer (empty for
    empty/odd input).
    """
    doc = ctx.doc
    if doc is None or not len(doc) or not ctx.text.strip():
        return []
    gaz = gazetteer.load()
    lex = ctx.lexicon.place_words
    blocked = ctx.furniture
    known = known_names(doc, ctx.names)
    found = [
        m
        for m in candidates(doc, gaz, lex)
        if not inside(m.span, blocked) and not named_thing(m, lex)
    ]
    mentions = [streets(m, lex) for m in found]
    dedicated = {  # "St. George Church ... across the street from St. George": the church
        m.key for m, s in zip(found, mentions) if s is not m and saint(m.span) and s.label == "FAC"
    }
    names = person_words(doc)
    keep = readings(doc, mentions, names, lex)
    mentions += coordinated(doc, mentions, keep, names, gaz, lex, blocked)
    mentions += repeats(doc, mentions, keep, blocked)
    mentions = [
        m
        for m in mentions
        if m.key in keep
        and not modifier_of_thing(m.span, lex)
        and not titled(m.span)
        and not dedication(m.span, gaz, lex)
        and not named_thing(m, lex)
        and m.key not in dedicated
    ]
    chosen = resolve(doc, mentions)
    for k in stray(mentions, chosen, lex):
        chosen[k] = None
    near = focus(mentions, chosen)
    for k in spaces(mentions, chosen, near, gaz):
        chosen[k] = None
    at = {i: m for m in mentions for i in range(m.span.start, m.span.end)}
    wanted = {
        m.key
        for m in mentions
        if (e := chosen.get(m.key)) is None or e.lat is None
        if e is not None or unknown_place(m.span, lex)
    }
    unplaced = [m for m in mentions if m.key in wanted]
    spread = near is None and any(e is not None and e.lat is not None for e in chosen.values())
    local = near if one_region(chosen, near) else None
    settled = set()
    for first in (True, False):  # where the text puts any use of the name, else the focus
        for m in unplaced:
            e = chosen.get(m.key)
            if (e is not None and e.lat is not None) or m.key in settled:
                continue
            feature = None if first or e is not None else feature_word(m.span, lex)
            if first:
                home = container(m.span, at, chosen, lex)
            elif e is not None:
                home = county_state(e, local, gaz)
            else:  # only a small feature lies at the focus: not a sea, a valley, a bare name
                home = local if feature and feature not in lex["regional_features"] else None
            if not first:
                settled.add(m.key)  # the name's first use decides: later ones are the same place
            if home is not None:
                chosen[m.key] = at_focus(e, m, home, lex)
            elif not first and e is None and feature and (spread or near is not None):
                chosen[m.key] = nowhere(e, m, lex)
    seated = {m.span.start: u for m in mentions if (u := seat_state(m.span, gaz, lex))}
    places = [  # "the Bank of England" tells where the article is, but names no place
        to_place(m, e, lex)
        for m in mentions
        if (e := seated.get(m.span.start) or chosen.get(m.key))
        and not organisation_of(m.span, known)
    ]
    places += borders(doc, places, gaz, lex, blocked)
    places.sort(key=lambda p: (p.start, p.end))
    return places


def named_thing(m: Mention, lex: dict) -> bool:
    """A name that is no place of its own: a people's adjective ("Ukrainian"), a day ("Bastille
    Day"), part of a longer name ("Boston Marathon") or an office's remit ("Europe Minister").
    """
    return (
        demonym(m.span.text)
        or holiday(m.span, lex)
        or part_of_name(m.span, m.entries, lex)
        or portfolio(m.span, m.entries, lex)
    )
