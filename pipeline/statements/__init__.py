"""Statements of an article: direct, mixed and indirect quotes with their speakers and cues.

`quotes` finds quotation spans, `cues` speech verbs with their subjects and reported content,
`direct` pairs quotations with cues, bylines and labels, and `speakers` resolves who spoke."""

from __future__ import annotations

from pipeline.context import ArticleContext
from pipeline.records import Actor, Place, Statement
from pipeline.statements.cues import indirect, is_cue
from pipeline.statements.direct import (
    carry_over,
    clip_before,
    direct_quotes,
    scare_quoted,
    split_sentences,
    untangle,
)
from pipeline.statements.lines import StatementLines
from pipeline.statements.quotes import SpanIndex, overlaps, quote_mask, quote_spans
from pipeline.statements.speakers import Resolver, to_statement

__all__ = ["find_statements", "quote_spans"]


def find_statements(
    ctx: ArticleContext, actors: list[Actor], places: list[Place], *, split: bool = False
) -> list[Statement]:
    """Every statement of the article, in text order; `split` makes '“A,” X said. “B.”' two
    statements by X instead of one attribution (the Gender Gap Tracker's coding, not PolNeAR's)."""
    doc = ctx.doc
    text = ctx.text
    if not text.strip() or len(doc) == 0 or not doc.has_annotation("DEP"):
        return []
    quotes = quote_spans(text)
    in_quote = quote_mask(doc, quotes)
    quote_cues = ctx.lexicon.quote_cues
    speech_cues = ctx.lexicon.speech_cues
    cues = [t for t in doc if not in_quote[t.i] and is_cue(t, quote_cues)]
    found = direct_quotes(doc, text, quotes, cues, in_quote)
    used = {f.cue.i for f in found if f.cue is not None}
    covered = SpanIndex((f.start, f.end) for f in found if f.cue is not None or f.alone)
    quote_index = SpanIndex(quotes)
    for tok in sorted(cues, key=lambda t: t.lower_ != "according"):
        if tok.i in used or (tok.lemma_.lower() not in speech_cues and tok.lower_ != "according"):
            continue
        f = indirect(doc, text, tok, in_quote)
        if f is None:
            continue
        if covered.any((f.start, f.end)):
            hit = [g for g in found if overlaps((f.start, f.end), (g.start, g.end))]
            if not clip_before(text, f, tok, hit):
                continue
            covered = SpanIndex((g.start, g.end) for g in found if g.cue is not None or g.alone)
            if covered.any((f.start, f.end)):
                continue
        f.end = _quote_run_on(text, f.end, quote_index)
        f.quotes = quote_index.overlapping((f.start, f.end))
        if f.quotes:
            f.start, f.end = min(f.start, f.quotes[0][0]), max(f.end, f.quotes[-1][1])
            f.direct = (f.start, f.end) == f.quotes[0]
        found.append(f)
        covered.add((f.start, f.end))
    for q in quotes:
        if not covered.any(q):
            f = scare_quoted(doc, text, q, in_quote)
            if f is not None and not covered.any((f.start, f.end)):
                found.append(f)
                covered.add((f.start, f.end))
    found = untangle(text, carry_over(text, sorted(found, key=lambda f: f.start)))
    if split:
        found = split_sentences(text, found)
    lines = StatementLines(ctx)
    found = [f for f in found if lines.keeps(f)]
    resolve = Resolver(doc, actors, in_quote, places)
    ordered = sorted(places, key=lambda p: p.start)
    starts = [p.start for p in ordered]
    out = [to_statement(doc, text, f, resolve, ordered, starts) for f in found]
    for here, after in zip(out[:1], out[1:2]):
        if here.speaker is None and here.cue is None:  # a floating quote opening the article
            here.speaker, here.speaker_actor_id = after.speaker, after.speaker_actor_id
    return [s for s in out if s.speaker or s.cue or s.speaker_span]  # an unnamed 'we' attributes


def _quote_run_on(text: str, end: int, quotes: SpanIndex) -> int:
    """The end of reported content with the quotation right after it that the parse left out:
    'said the minister is still “weighing every option” before'."""
    rest = text[end : end + 3]
    start = end + len(rest) - len(rest.lstrip(" "))
    hit = quotes.overlapping((start, start + 1)) if start > end else []
    return hit[0][1] if hit and hit[0][0] == start else end
