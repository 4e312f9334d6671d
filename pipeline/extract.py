"""Per-article extraction: furniture found, one spaCy pass over the rest, then places → actors →
statements → indicators.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from geo import geocoder
from pipeline import actors, context, furniture, indicators, nlp, places, statements
from pipeline.records import Article, Extraction, Indicator, Span, Statement

__all__ = ["BATCH_SIZE", "extract", "extract_doc"]

BATCH_SIZE = 16  # articles spaCy parses together; the benchmarks parse their baseline the same way


def extract_doc(article: Article, doc: Doc, spans: list[Span]) -> Extraction:
    """Everything the pipeline reads out of one article parsed with its furniture `spans` blanked
    (`furniture.masked`); evidence sentences are trimmed of furniture.
    """
    ctx = context.build(doc, article.date, spans)
    found_places = places.find_places(ctx)
    if (online := geocoder.fallback()) is not None:
        found_places = geocoder.place_leftovers(found_places, online)
    found_actors = actors.find_actors(ctx, found_places)
    found_statements = _clear_of(
        statements.find_statements(ctx, found_actors, found_places), article.text, spans
    )
    found_indicators = _events_clear_of(
        indicators.find_indicators(ctx, found_actors, found_places, found_statements),
        article.text,
        spans,
    )
    return Extraction(
        id=article.id,
        date=article.date,
        places=found_places,
        actors=found_actors,
        statements=found_statements,
        indicators=found_indicators,
        sentences=[
            piece
            for s in doc.sents
            for piece in furniture.outside(article.text, (s.start_char, s.end_char), spans)
        ],
        furniture=spans,
    )


def _clear_of(found: list[Statement], text: str, spans: list[Span]) -> list[Statement]:
    """Statements whose content encloses furniture (a dateline's "(AP)") cut to its longest piece
    outside it.
    """
    for s in found:
        if furniture.inside(spans, *s.content_span):
            pieces = furniture.outside(text, s.content_span, spans)
            if pieces:
                s.content_span = max(pieces, key=lambda p: p[1] - p[0])
                s.content = text[s.content_span[0] : s.content_span[1]]
    return found


def _events_clear_of(found: list[Indicator], text: str, spans: list[Span]) -> list[Indicator]:
    """Events whose span encloses furniture (a blanked line before its sentence) cut to its
    longest piece outside it.
    """
    for x in found:
        if furniture.inside(spans, *x.span) and (pieces := furniture.outside(text, x.span, spans)):
            x.span = max(pieces, key=lambda p: p[1] - p[0])
    return found


def extract(articles: Iterable[Article]) -> Iterator[Extraction]:
    """Extract articles in order; one that fails yields an Extraction with `error` set. Lines an
    outlet repeats across `articles` are furniture too.
    """
    model = nlp.load()
    pending = list(articles) if not isinstance(articles, list) else articles
    repeated = furniture.repeated_lines(pending)
    spans = [furniture.furniture_spans(a.text, repeated) for a in pending]
    docs = model.pipe(
        (furniture.masked(a.text, s) for a, s in zip(pending, spans)), batch_size=BATCH_SIZE
    )
    for article, doc, found in zip(pending, docs, spans):
        try:
            yield extract_doc(article, doc, found)
        except Exception as exc:  # one bad article must not stop the batch
            yield Extraction(id=article.id, date=article.date, error=f"{type(exc).__name__}: {exc}")
