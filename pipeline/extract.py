"""Per-article extraction: furniture found, one spaCy pass over the rest, then places → actors →
statements → indicators.

Every article runs within a budget of characters, sentences and seconds; one over it ends with an
error naming the limit, so one pathological text never stalls a run.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import re
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from spacy.language import Language
from spacy.tokens import Doc

from geo import geocoder
from pipeline import actors, context, furniture, indicators, nlp, places, statements
from pipeline.records import Article, Extraction, Indicator, Span, Statement

__all__ = [
    "BATCH_SIZE",
    "MAX_CHARS",
    "MAX_SECONDS",
    "MAX_SENTENCES",
    "OverBudget",
    "extract",
    "extract_doc",
]

BATCH_SIZE = 16  # articles spaCy parses together; the benchmarks parse their baseline the same way
MAX_CHARS = 300_000  # over 30 times a long news article; spaCy's own limit is 1,000,000
MAX_SENTENCES = 6_000
MAX_SECONDS = 120.0  # after parsing; stages are linear, so only a broken input gets near it
LONG_TEXT = 100_000  # parsed in pieces above this; every corpus article (at most 77 k) is one doc
PIECE_CHARS = 5_000  # a long text's pieces, cut at line breaks: 5,000 quotes parse in 10 s, not 13
PIECE_BATCH = 4  # pieces a process parses at a time: small, so two processes share a text evenly
PIECE_PROCESSES = 2  # the 5,000-quote benchmark article: 17 s on one, 12 s on two (idle, 2 cores)
_WARM_TEXT = "Russian troops attacked Kyiv on Monday, President Joe Biden said in Warsaw."


class OverBudget(Exception):
    """An article needs more than its budget of characters, sentences or seconds."""


def extract_doc(
    article: Article, doc: Doc, spans: list[Span], deadline: float | None = None
) -> Extraction:
    """Everything the pipeline reads out of one article parsed with its furniture `spans` blanked
    (`furniture.masked`); evidence sentences are trimmed of furniture. Past `deadline` (a
    `time.monotonic` value) it raises OverBudget between stages.
    """
    check = lambda stage: _check(deadline, stage)
    ctx = context.build(doc, article.date, spans)
    found_places = places.find_places(ctx)
    if (online := geocoder.fallback()) is not None:
        found_places = geocoder.place_leftovers(found_places, online)
    check("places")
    found_actors = actors.find_actors(ctx, found_places)
    check("actors")
    found_statements = _clear_of(
        statements.find_statements(ctx, found_actors, found_places), article.text, spans
    )
    check("statements")
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


def _check(deadline: float | None, stage: str) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise OverBudget(f"over budget: more than {MAX_SECONDS:.0f} s, stopped after {stage}")


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
    """Extract articles in order; one that fails or is over budget yields an Extraction with
    `error` set. Lines an outlet repeats across `articles` are furniture too.
    """
    model = nlp.load()
    pending = list(articles)
    repeated = furniture.repeated_lines(pending)
    fits = [a for a in pending if len(a.text) <= MAX_CHARS]
    spans = {id(a): furniture.furniture_spans(a.text, repeated) for a in fits}
    docs = _parsed(model, [furniture.masked(a.text, spans[id(a)]) for a in fits])
    for article in pending:
        if len(article.text) > MAX_CHARS:
            limit = f"{len(article.text):,} characters, limit {MAX_CHARS:,}"
            yield _failed(article, OverBudget(f"over budget: {limit}"))
            continue
        doc = next(docs)
        try:
            n = sum(1 for _ in doc.sents)
            if n > MAX_SENTENCES:
                raise OverBudget(f"over budget: {n:,} sentences, limit {MAX_SENTENCES:,}")
            with _alarm(MAX_SECONDS):
                deadline = time.monotonic() + MAX_SECONDS
                ex = extract_doc(article, doc, spans[id(article)], deadline)
        except Exception as exc:  # one bad article must not stop the batch
            ex = _failed(article, exc)
        yield ex


def _parsed(model: Language, texts: list[str]) -> Iterator[Doc]:
    """A doc of each text, in order; a text over LONG_TEXT is parsed alone, in pieces (spaCy parses
    one long doc alone: no batch to share each step).
    """
    short = model.pipe((t for t in texts if len(t) <= LONG_TEXT), batch_size=BATCH_SIZE)
    for text in texts:
        yield next(short) if len(text) <= LONG_TEXT else _in_pieces(model, text)


def _in_pieces(model: Language, text: str) -> Doc:
    """One doc of a long text, its pieces parsed on PIECE_PROCESSES processes where this process
    may fork, and joined, its offsets unchanged; meanwhile this process loads the extractors' data.
    """
    processes = _processes()
    docs = model.pipe(_pieces(text), batch_size=PIECE_BATCH, n_process=processes)
    if processes == 1:
        return Doc.from_docs(list(docs), ensure_whitespace=False)
    first = next(docs)  # the processes are forked by now, so a thread may start
    warming = threading.Thread(target=_warm, args=(model(_WARM_TEXT),))
    warming.start()
    rest = list(docs)
    warming.join()
    return Doc.from_docs([first, *rest], ensure_whitespace=False)


def _warm(doc: Doc) -> None:
    """Extract a one-sentence article, so every extractor's data is loaded while this process
    waits for a long text's pieces."""
    extract_doc(Article("warm-up", doc.text, date="2022-02-20"), doc, [])


def _processes() -> int:
    """The processes a long text's pieces may use: the cores this process may run on, but one in a
    daemon process (a Dask worker may not fork) or off the main thread.
    """
    if mp.current_process().daemon or threading.current_thread() is not threading.main_thread():
        return 1
    return min(PIECE_PROCESSES, len(os.sched_getaffinity(0)))


def _pieces(text: str) -> list[str]:
    """`text` cut after line breaks into pieces of at least PIECE_CHARS, which join back to it."""
    out, start = [], 0
    for m in re.finditer(r"\n\s*", text):
        if m.end() - start >= PIECE_CHARS and m.end() < len(text):
            out.append(text[start : m.end()])
            start = m.end()
    out.append(text[start:])
    return out


def _failed(article: Article, exc: Exception) -> Extraction:
    return Extraction(id=article.id, date=article.date, error=f"{type(exc).__name__}: {exc}")


@contextmanager
def _alarm(seconds: float):
    """Interrupt the block after `seconds` where signals can (the main thread); elsewhere the
    stages' deadline checks stand in.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def ring(signum, frame):
        raise OverBudget(f"over budget: more than {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
