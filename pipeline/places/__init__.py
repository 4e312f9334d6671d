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
from pipeline.places.cues import dedication, inside, modifier_of_thing, person_words, unknown_place
from pipeline.places.output import borders, to_place
from pipeline.places.recognition import candidates, coordinated, readings, repeats, streets
from pipeline.places.resolution import (
    at_focus,
    container,
    county_state,
    focus,
    resolve,
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
    if doc is None or not len(doc) or not doc.text.strip():
        return []
    gaz = gazetteer.load()
    lex = ctx.lexicon.place_words
    blocked = ctx.furniture
    mentions = [streets(m, lex) for m in candidates(doc, gaz, lex) if not inside(m.span, blocked)]
    names = person_words(doc)
    keep = readings(doc, mentions, names, lex)
    mentions += coordinated(doc, mentions, keep, names, gaz, lex, blocked)
    mentions += repeats(doc, mentions, keep, blocked)
    mentions = [
        m
        for m in mentions
        if m.key in keep and not modifier_of_thing(m.span, lex) and not dedication(m.span, gaz, lex)
    ]
    chosen = resolve(doc, mentions)
    for k in stray(mentions, chosen, lex):
        chosen[k] = None
    near = focus(mentions, chosen)
    for k in spaces(mentions, chosen, near, gaz):
        chosen[k] = None
    at = {i: m for m in mentions for i in range(m.span.start, m.span.end)}
    for m in mentions:
        e = chosen.get(m.key)
        if (e is None or e.lat is None) and (e is not None or unknown_place(m.span, lex)):
            home = container(m.span, at, chosen) or county_state(e, near, gaz)
            if home is not None:
                chosen[m.key] = at_focus(e, m, home, lex)
    places = [to_place(m, chosen[m.key], lex) for m in mentions if chosen.get(m.key)]
    places += borders(doc, places, gaz, lex, blocked)
    places.sort(key=lambda p: (p.start, p.end))
    return places
