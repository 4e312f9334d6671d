"""Lines that hold no statement: headlines, link lines ("WATCH: ...", "READ MORE: ...") and page
furniture."""

from __future__ import annotations

import bisect
import re

from pipeline.context import ArticleContext
from pipeline.statements.quotes import Found

__all__ = ["StatementLines"]

MAX_HEADLINE_WORDS = 25  # a longer line without a full stop is a paragraph, not a headline
# what ends a line of running text, once closing quotes and brackets are stripped; a colon ends a
# line that introduces the quotation below it ('…' is a cut headline, not an ending)
SENTENCE_END = ".!?:;"
# a name after a dash closing a line ('” ― Martha Aguilar'), not part of the line's sentence
TAG = re.compile(r"\[[^\]\n]{1,40}\]\s*$")  # a source tag closing a line: '... “weird.” [538]'
DASHES = "\u2015\u2014\u2013"
BYLINE = re.compile(rf"(?<=[.!?\"\u201d\u2019])\s*[{DASHES}]+[^{DASHES}.!?]{{1,80}}$")
CLOSERS = "\"'\u201c\u201d\u2019\u00bb)]* \t\u00a0"  # and a stray opening mark


class StatementLines:
    """Which lines of an article may hold a statement; each line is judged once, found by
    bisection, so an article of thousands of quotes on one line stays linear."""

    def __init__(self, ctx: ArticleContext) -> None:
        self._text = ctx.text
        self._furniture = ctx.furniture
        self._breaks = [m.start() for m in re.finditer("\n", self._text)]
        self._headline: dict[int, bool] = {}

    def keeps(self, f: Found) -> bool:
        """Whether a statement's cue and content start lie in running text: not in a headline or
        link line, nor in page furniture."""
        points = [f.start] + ([f.cue.idx] if f.cue is not None else [])
        return not any(self._in_furniture(p) or self._in_headline(p) for p in points)

    def _in_furniture(self, pos: int) -> bool:
        i = bisect.bisect_right(self._furniture, (pos, float("inf"))) - 1
        return i >= 0 and self._furniture[i][0] <= pos < self._furniture[i][1]

    def _in_headline(self, pos: int) -> bool:
        """Whether the line holding `pos` reads as a headline or a link: short, no sentence end."""
        k = bisect.bisect_left(self._breaks, pos)
        if k not in self._headline:
            start = self._breaks[k - 1] + 1 if k else 0
            end = self._breaks[k] if k < len(self._breaks) else len(self._text)
            line = BYLINE.sub("", TAG.sub("", self._text[start:end])).rstrip(CLOSERS)
            self._headline[k] = (
                bool(line)
                and len(line.split()) <= MAX_HEADLINE_WORDS
                and line[-1] not in SENTENCE_END
            )
        return self._headline[k]
