"""Per-article extraction: one spaCy pass, then places → actors → statements → indicators."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from geo import geocoder
from pipeline import actors, context, indicators, nlp, places, statements
from pipeline.records import Article, Extraction

__all__ = ["BATCH_SIZE", "extract", "extract_doc"]

BATCH_SIZE = 16  # articles spaCy parses together; the benchmarks parse their baseline the same way


def extract_doc(article: Article, doc: Doc) -> Extraction:
    """Everything the pipeline reads out of one parsed article."""
    ctx = context.build(doc, article.date)
    found_places = places.find_places(ctx)
    if (online := geocoder.fallback()) is not None:
        found_places = geocoder.place_leftovers(found_places, online)
    found_actors = actors.find_actors(ctx, found_places)
    found_statements = statements.find_statements(ctx, found_actors, found_places)
    found_indicators = indicators.find_indicators(ctx, found_actors, found_places, found_statements)
    return Extraction(
        id=article.id,
        date=article.date,
        places=found_places,
        actors=found_actors,
        statements=found_statements,
        indicators=found_indicators,
        sentences=[(s.start_char, s.end_char) for s in doc.sents],
    )


def extract(articles: Iterable[Article]) -> Iterator[Extraction]:
    """Extract articles in order; one that fails yields an Extraction with `error` set."""
    model = nlp.load()
    pending = list(articles) if not isinstance(articles, list) else articles
    docs = model.pipe((a.text for a in pending), batch_size=BATCH_SIZE)
    for article, doc in zip(pending, docs):
        try:
            yield extract_doc(article, doc)
        except Exception as exc:  # one bad article must not stop the batch
            yield Extraction(id=article.id, date=article.date, error=f"{type(exc).__name__}: {exc}")
