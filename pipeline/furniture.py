"""Page furniture: boilerplate inside article texts (ads, sign-up promotions, share buttons, photo
credits).

The text is never edited (offsets point into it); callers drop whatever falls inside these spans.
Patterns live in lexicon/furniture.txt, one `KIND<TAB>REGEX` a line, compiled by `pipeline.lexicon`.
The spans are found once per article, in `pipeline.context`.
"""

from __future__ import annotations

import re

from pipeline import lexicon
from pipeline.records import Span

__all__ = ["furniture_spans", "inside"]

MAX_LINE = 600  # longer lines are article paragraphs, never whole-line furniture
MAX_TAIL = 150  # a caption credit is shorter; only a line's last characters are searched


def furniture_spans(text: str) -> list[Span]:
    """Sorted, non-overlapping spans of boilerplate in `text`: a byline block, whole lines, caption
    credits.
    """
    compiled = lexicon.load().furniture
    top = compiled["top"].match(text)
    spans: list[Span] = [top.span()] if top else []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group().rstrip()
        body = line.lstrip()
        if not body:
            continue
        offset = m.start() + len(line) - len(body)
        if len(body) <= MAX_LINE and compiled["line"].fullmatch(body):
            spans.append((offset, offset + len(body)))
            continue
        head = compiled["head"].match(body)
        if head:
            spans.append((offset, offset + head.end()))
        window = max(head.end() if head else 0, len(body) - MAX_TAIL)
        tail = compiled["tail_hint"].search(body, window) and compiled["tail"].search(body, window)
        if tail:
            spans.append((offset + tail.start(), offset + len(body)))
        if compiled["inline_hint"].search(body):
            spans += [
                (offset + i.start(), offset + i.end()) for i in compiled["inline"].finditer(body)
            ]
    return _merge(_trim(text, s) for s in spans)


def inside(spans: list[Span], start: int, end: int) -> bool:
    """Whether [start, end) overlaps any of `spans` (e.g. a place or quote in a photo credit)."""
    return any(s < end and start < e for s, e in spans)


def _trim(text: str, span: Span) -> Span:
    """`span` without surrounding whitespace."""
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _merge(spans) -> list[Span]:
    """Sorted spans with overlapping or touching ones joined."""
    out: list[Span] = []
    for start, end in sorted(s for s in spans if s[0] < s[1]):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
