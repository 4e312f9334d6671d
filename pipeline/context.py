"""What every extraction stage reads of one article, built once: the parse, the date, the lexicon,
furniture, the lexicon's names in the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from pipeline import furniture, lexicon, nlp
from pipeline.lexicon import Lexicon
from pipeline.records import Span

__all__ = ["ArticleContext", "build", "name_matcher"]


@dataclass(frozen=True)
class ArticleContext:
    """One parsed article as the stages see it; `furniture` spans are boilerplate no stage reads."""

    doc: Doc
    date: str | None
    lexicon: Lexicon
    furniture: list[Span]
    text: str  # doc.text, which spaCy rebuilds from the tokens on every read
    names: list[tuple[str, int, int]]  # the lexicon's names: (label "kind|key", start, end) tokens

    def in_furniture(self, start: int, end: int) -> bool:
        """Whether the characters [start, end), blank edges aside, touch page furniture (a
        sentence next to a blanked line does not).
        """
        text = self.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return furniture.inside(self.furniture, start, end)


def build(doc: Doc, date: str | None = None, spans: list[Span] | None = None) -> ArticleContext:
    """The context of a parsed article; its furniture `spans` when the text was parsed with them
    blanked (`pipeline.extract`), else found here.
    """
    if spans is None:
        spans = furniture.furniture_spans(doc.text)
    names = [(doc.vocab.strings[i], s, e) for i, s, e in name_matcher()(doc)]
    return ArticleContext(
        doc=doc, date=date, lexicon=lexicon.load(), furniture=spans, text=doc.text, names=names
    )


@lru_cache(maxsize=1)
def name_matcher() -> PhraseMatcher:
    """A case-sensitive matcher of the lexicon's names (`Lexicon.patterns`), labelled "kind|key",
    built once per process; actors read every match, places those of organisations and outlets.
    """
    model = nlp.load()
    matcher = PhraseMatcher(model.vocab, attr="ORTH")
    by_label: dict[str, list[str]] = {}
    for label, text in lexicon.load().patterns:
        by_label.setdefault(label, []).append(text)
    for label, texts in by_label.items():
        matcher.add(label, list(model.tokenizer.pipe(texts)))
    return matcher
