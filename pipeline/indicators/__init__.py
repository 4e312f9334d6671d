"""PLOVER events of an article (the indicators): type, trigger, sides, place, date, flags, quantity.

A learned model (`triggers`) finds one trigger token per event and its type; learned models pick
its sides among the sentence's candidates (`sides`) and its flags (`flags`); the parse gives its
place, date, quantity and mode (`rules`). `make train` rebuilds the models from the annotations in
data/annotations/ (`train`).
"""

from __future__ import annotations

from pipeline.context import ArticleContext
from pipeline.indicators import rules, triggers
from pipeline.records import Actor, Indicator, Place, Statement

__all__ = ["MAX_SENTENCE", "find_indicators"]

MAX_SENTENCE = 300  # tokens; a longer "sentence" is a list, a table or unpunctuated text: no events


def find_indicators(
    article: ArticleContext, actors: list[Actor], places: list[Place], statements: list[Statement]
) -> list[Indicator]:
    """Every PLOVER event the article reports, in text order."""
    sentences = [
        s
        for s in article.doc.sents
        if len(s) <= MAX_SENTENCE and not article.in_furniture(s.start_char, s.end_char)
    ]
    found = triggers.find_triggers(article.doc, sentences)
    return rules.events_at(article, actors, places, found, statements)
