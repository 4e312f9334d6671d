"""Actors of an article: persons, organisations, states, groups, media and anonymous sources.

Candidates come from spaCy's entities, the lexicon and the article's places (`mentions`); since the
small model mislabels often ("Kyiv" as a person, "Lavrov" as an organisation), every name is checked
against those data, and the variants of one real actor are merged into one `Actor` (`persons` for
people, `groups` for states, organisations, media and unnamed agents).

actor_id scheme (stable across articles before `registry.canonicalize`):
  person:<name slug>        person:antony-blinken (bare surname only when no full name is known)
  state:<ISO2>              state:RU: a country named as an actor, a capital or government
                            seat used metonymically (Kremlin, Moscow), or a national body
                            ("Russian troops")
  org:<key>                 org:nato: the lexicon key, else the acronym or name slug; armed
                            groups too
  media:<key>               media:reuters
  group:<cc|xx>:<noun>      group:xx:separatists, group:xx:western-nations: an unnamed collective
  anon:<cc|xx>:<mods-noun>  anon:us:senior-official: an unnamed source
"""

from __future__ import annotations

from collections import Counter

from pipeline.actors.groups import add_agents, add_unknown_orgs, is_state_actor
from pipeline.actors.institutions import INSTITUTION, add_institutions, dominant_country
from pipeline.actors.mentions import (
    ActorTable,
    after_saint,
    credit_spans,
    find_marks,
    owner_country,
)
from pipeline.actors.persons import (
    add_employer_countries,
    add_home_countries,
    add_person,
    add_title_mentions,
    describe,
    foreign_sentences,
    person_clusters,
)
from pipeline.context import ArticleContext
from pipeline.names import fold, slug
from pipeline.records import Actor, Place

__all__ = ["find_actors"]


def find_actors(ctx: ArticleContext, places: list[Place]) -> list[Actor]:
    """Every distinct actor of the article with all the spans that name it."""
    doc = ctx.doc
    if not len(doc) or not doc.has_annotation("DEP"):
        return []
    lex = ctx.lexicon
    text = ctx.text
    credits = credit_spans(text, ctx.furniture)
    marks = find_marks(doc, ctx.names, credits, lex)
    owner = {i: m for m in marks for i in range(m.start, m.end)}
    place_at = {(p.start, p.end): p for p in places}
    place_chars = [(p.start, p.end) for p in places]
    regions = {
        p.start: (p.country_codes[0], p.kind)
        for p in places
        if p.kind in ("country", "admin1") and len(p.country_codes) == 1
    }
    out = ActorTable()
    clusters = person_clusters(doc, marks, owner, place_chars, lex)
    person_tokens = {i for c in clusters for s, e in c.mentions for i in range(s, e)}
    for c in clusters:
        for s, e in c.mentions:
            describe(doc, c, s, e, owner, person_tokens, lex, text, regions)
        add_person(out, doc, c, lex)
    add_title_mentions(doc, out, owner, person_tokens, lex)
    for m in marks:
        if any(i in person_tokens for i in range(m.start, m.end)):
            continue
        span = doc[m.start : m.end]
        chars = (span.start_char, span.end_char)
        if m.kind == "people":
            if (
                span.root.dep_ in ("nsubj", "nsubjpass")
                and m.start > 0
                and doc[m.start - 1].lower_ == "the"
            ):
                out.add(f"state:{m.key}", lex.state_names[m.key], "state", m.key, None, chars)
        elif m.kind in ("state", "capital", "seat"):
            place = place_at.get(chars)
            if is_state_actor(span, m.kind, place):
                out.add(f"state:{m.key}", lex.state_names[m.key], "state", m.key, None, chars)
        elif (
            m.kind == "org" and lex.orgs[m.key][0] != INSTITUTION and not after_saint(doc, m.start)
        ):
            type_, country, name = lex.orgs[m.key]
            type_ = "organization" if type_ != "group" else "group"
            other = owner_country(doc, m.start, owner, lex)
            if (
                country and other and other != country
            ):  # "Canada's Department of Justice" is not the US one
                name = span.text[4:] if span.text.lower().startswith("the ") else span.text
                out.add(f"org:{other.lower()}-{slug(name)}", name, type_, other, None, chars)
            else:
                out.add(m.key, name, type_, country, None, chars)
        elif m.kind == "media":
            country, name = lex.media[m.key]
            out.add(m.key, name, "media", country, None, chars)
    main = Counter(p.country_codes[0] for p in places if len(p.country_codes) == 1).most_common(1)
    homes = {
        p.start: p.country_codes[0] for p in places if main and p.country_codes == [main[0][0]]
    }
    home = dominant_country(places, out)
    add_institutions(doc, out, marks, owner, lex, home)
    add_unknown_orgs(doc, out, marks, owner, place_chars, lex, homes)
    add_employer_countries(doc, out, lex)
    foreign = foreign_sentences(doc, places, home)
    add_home_countries(doc, out, home, foreign)
    add_agents(doc, out, owner, person_tokens, lex, places, home, foreign)
    for p in places:
        if (
            p.role == "metonymic"
            and len(p.country_codes) == 1
            and p.country_codes[0] in lex.state_names
        ):
            tokens = doc.char_span(p.start, p.end, alignment_mode="expand")
            if tokens is not None and any(
                i in person_tokens for i in range(tokens.start, tokens.end)
            ):
                continue
            code = p.country_codes[0]
            if p.kind == "country" or lex.places.get(fold(p.text)) == code:
                out.add(
                    f"state:{code}", lex.state_names[code], "state", code, None, (p.start, p.end)
                )
    return out.result(credits)
