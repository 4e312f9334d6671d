"""Quotation spans in raw text: typographic and straight quotes, paragraph by paragraph, mistyped
closers.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

__all__ = ["Found", "SpanIndex", "overlaps", "quote_mask", "quote_root_tokens", "quote_spans"]

OPENERS = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201d", "\u2018": "\u2019"}
MIXED_CLOSE = {'"': ("\u201d", "''"), "\u201d": ('"',)}  # closers a mistyped mark may take
MISTYPED_CLOSE = re.compile(r"[,.?!]\u201c(?=\s|$)")


@dataclass
class Found:
    """A statement under construction: cue token, content range, speaker token."""

    cue: Token | None
    start: int
    end: int
    speaker: Span | None
    direct: bool
    quotes: list[tuple[int, int]] = field(default_factory=list)
    alone: bool = False  # a cue-less quotation filling its paragraph


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Top-level quotations as (start, end) offsets including the marks; a quote left open
    runs to the end of its paragraph, so unbalanced marks never swallow the article."""
    spans = []
    for para in re.finditer(r"[^\n]+", text):
        spans.extend(_paragraph_quotes(text, para.start(), para.end()))
    return spans


def _paragraph_quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Quotations of one paragraph; straight, curly, guillemet and doubled-apostrophe marks."""
    out = []
    i = start
    while i < end:
        ch = text[i]
        close = None
        width = 1
        if ch in OPENERS:
            if ch == "\u2018" and i + 1 < end and text[i + 1].isdigit():  # ‘90s
                i += 1
                continue
            close = OPENERS[ch]
        elif ch == '"' and i > start and text[i - 1] == "=":  # a markup attribute: tweet id="..."
            j = text.find('"', i + 1, end)
            i = end if j < 0 else j + 1
            continue
        elif ch == '"':
            close = '"'
        elif text.startswith("''", i) or text.startswith("``", i):
            close, width = "''", 2
        if close is None:
            i += 1
            continue
        j = _find_close(text, i + width, end, close)
        # '"...,” said Wilson', '"...,'' Cameron said': a straight mark closed by another
        for other in MIXED_CLOSE.get(close, ()) if j is None else ():
            if (j := _find_close(text, i + width, end, other)) is not None:
                close = other
                break
        if j is None:
            if ch == "\u2018":  # a lone ‘ is more often an apostrophe than an open quote
                i += 1
                continue
            out.append((i, end))
            break
        out.append((i, j + len(close)))
        i = j + len(close)
    return out


def _find_close(text: str, i: int, end: int, close: str) -> int | None:
    """Offset of the mark closing a quote opened before `i`, skipping apostrophes in words."""
    if close == "\u201d":  # a mistyped “ right after final punctuation closes too: ‘not,“ he said’
        j = text.find(close, i, end)
        m = MISTYPED_CLOSE.search(text, i, end if j < 0 else j + 1)  # only one before ” counts
        if m is not None and (j < 0 or m.start() + 1 < j):
            return m.start() + 1
    while i < end:
        j = text.find(close, i, end)
        if j < 0:
            return None
        if close == "\u2019" and j + 1 < end and text[j + 1].isalpha() and text[j - 1].isalpha():
            i = j + 1  # don’t, Russia’s
            continue
        return j
    return None


def quote_mask(doc: Doc, quotes: list[tuple[int, int]]) -> list[bool]:
    """For each token, whether it lies inside a quotation (marks included)."""
    mask = [False] * len(doc)
    k = 0
    for tok in doc:
        while k < len(quotes) and quotes[k][1] <= tok.idx:
            k += 1
        if k < len(quotes) and quotes[k][0] <= tok.idx < quotes[k][1]:
            mask[tok.i] = True
    return mask


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two character ranges share at least one character."""
    return min(a[1], b[1]) > max(a[0], b[0])


class SpanIndex:
    """Character ranges kept sorted, so that finding the ones a range overlaps costs a bisection
    and the few near it, not a pass over all (an article of thousands of quotes stays linear)."""

    def __init__(self, spans=()) -> None:
        self._spans: list[tuple[int, int]] = []
        self._longest = 0
        for span in spans:
            self.add(span)

    def add(self, span: tuple[int, int]) -> None:
        bisect.insort(self._spans, span)
        self._longest = max(self._longest, span[1] - span[0])

    def overlapping(self, span: tuple[int, int]) -> list[tuple[int, int]]:
        """The kept ranges that share a character with `span`, in text order."""
        lo = bisect.bisect_left(self._spans, (span[0] - self._longest,))
        hi = bisect.bisect_left(self._spans, (span[1],))
        return [s for s in self._spans[lo:hi] if overlaps(s, span)]

    def any(self, span: tuple[int, int]) -> bool:
        return bool(self.overlapping(span))


def quote_root_tokens(doc: Doc, q: tuple[int, int]) -> list[Token]:
    """Tokens of a quotation whose syntactic head lies outside it."""
    span = doc.char_span(q[0], q[1], alignment_mode="expand")
    if span is None:
        return []
    outside = [t for t in span if t.head.i < span.start or t.head.i >= span.end]
    return [t for t in outside if not t.is_punct] or outside
