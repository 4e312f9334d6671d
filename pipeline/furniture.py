"""Page furniture: boilerplate inside article texts (ads, sign-up promotions, share buttons, photo
credits, captions' gallery counters, video players, related links, lines an outlet repeats).

The text is never edited (offsets point into it): `masked` blanks furniture before the parse, so no
stage reads it, and `outside` trims evidence sentences of it. Patterns live in
lexicon/furniture.txt, one `KIND<TAB>REGEX` a line, compiled by `pipeline.lexicon`; lines repeated
across one outlet's articles are kept as hashes in lexicon/furniture_lines.txt (`repeated_lines`
learns them, `line_key` hashes them). The spans are found once per article, in `pipeline.extract`.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import operator
import re
from collections import defaultdict
from collections.abc import Iterable

from pipeline import lexicon
from pipeline.records import Article, Span

__all__ = [
    "MAX_REPEATED",
    "MIN_ARTICLES",
    "MIN_PROSE",
    "furniture_spans",
    "inside",
    "line_key",
    "masked",
    "outside",
    "repeated_lines",
]

MAX_LINE = 600  # longer lines are article paragraphs, never whole-line furniture
MAX_TAIL = 150  # a caption credit is shorter; only a line's last characters are searched
MAX_REPEATED = 200  # a repeated line longer than this is a reused paragraph, not furniture
MIN_ARTICLES = 3  # a line in this many different articles of one outlet is the outlet's furniture
MIN_PROSE = 5  # ... or in this many when it reads as a sentence ("X declined to comment.")
EDGES = "—–-|•⦁"  # a sentence piece does not start with the dash or bar that followed furniture


def furniture_spans(text: str, repeated: frozenset[str] | set[str] = frozenset()) -> list[Span]:
    """Sorted, non-overlapping spans of boilerplate in `text`: a byline block, whole lines, caption
    credits; `repeated` adds keys of lines its outlet repeats (`repeated_lines` of the input).
    """
    lex = lexicon.load()
    compiled = lex.furniture
    repeated = lex.furniture_lines | repeated if repeated else lex.furniture_lines
    top = compiled["top"].match(text)
    spans: list[Span] = [top.span()] if top else []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group().rstrip()
        body = line.lstrip()
        if not body:
            continue
        offset = m.start() + len(line) - len(body)
        if _whole_line(body, compiled, repeated):
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
            spans += [(offset + a, offset + b) for a, b in _inline(compiled["inline"], body)]
    return _merge(_trim(text, s) for s in spans)


def inside(spans: list[Span], start: int, end: int) -> bool:
    """Whether [start, end) overlaps any of `spans` (e.g. a place or quote in a photo credit);
    `spans` are sorted and apart, as `furniture_spans` gives them, so this is one bisection.
    """
    i = _first_ending_after(spans, start)
    return i < len(spans) and spans[i][0] < end


def masked(text: str, spans: list[Span]) -> str:
    """`text` with every furniture character but line breaks blanked, so offsets stay the same."""
    if not spans:
        return text
    parts, at = [], 0
    for start, end in spans:
        parts += [text[at:start], re.sub(r"[^\n]", " ", text[start:end])]
        at = end
    return "".join(parts) + text[at:]


def outside(text: str, span: Span, spans: list[Span]) -> list[Span]:
    """The pieces of `span` (a sentence) outside the sorted, disjoint `spans`, without surrounding
    whitespace.
    """
    start, end = span
    pieces, at = [], start
    for s, e in itertools.islice(spans, _first_ending_after(spans, start), None):
        if s >= end:
            break
        pieces.append((at, max(at, s)))
        at = max(at, e)
    pieces.append((at, end))
    return [p for p in (_trim(text, p, EDGES) for p in pieces) if p[0] < p[1]]


def line_key(line: str) -> str:
    """A line's hash, blind to case, spacing and digits ("© 2019" and "© 2020" share one)."""
    norm = re.sub(r"\d", "0", " ".join(line.lower().split()))
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=8).hexdigest()


def repeated_lines(articles: Iterable[Article]) -> set[str]:
    """Keys of the short lines one outlet repeats in several different articles (copies of one
    article, told apart by their longest line, count once).
    """
    seen: dict[tuple[str | None, str], set[str]] = defaultdict(set)
    prose: set[str] = set()
    for a in articles:
        lines = [line.strip() for line in a.text.split("\n")]
        body = line_key(max(lines, key=len))
        for line in {line for line in lines if 0 < len(line) <= MAX_REPEATED}:
            key = line_key(line)
            seen[(a.source, key)].add(body)
            if line.endswith(".") and len(line.split()) >= 6:
                prose.add(key)
    return {
        key
        for (_, key), bodies in seen.items()
        if len(bodies) >= (MIN_PROSE if key in prose else MIN_ARTICLES)
    }


def _whole_line(
    line: str, compiled: dict[str, re.Pattern], repeated: frozenset[str] | set[str]
) -> bool:
    """Whether all of `line` is furniture: a `line` pattern, a repeated line, a gallery."""
    if len(line) <= MAX_LINE and compiled["line"].fullmatch(line):
        return True
    if len(line) <= MAX_REPEATED and line_key(line) in repeated:
        return True
    found = compiled["block"].finditer(line)
    return next(found, None) is not None and next(found, None) is not None


def _first_ending_after(spans: list[Span], pos: int) -> int:
    """The index of the first of sorted, disjoint `spans` that ends after `pos`."""
    return bisect.bisect_right(spans, pos, key=operator.itemgetter(1))


def _trim(text: str, span: Span, edges: str = "") -> Span:
    """`span` without surrounding whitespace, nor a leading `edges` character."""
    start, end = span
    while start < end and (text[start].isspace() or text[start] in edges):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _inline(pattern: re.Pattern, body: str) -> Iterable[Span]:
    """Spans of a line's inline furniture: each match, or its group "cut" where the pattern has one
    and it took part (the rest of the match is context that stays)."""
    cut = "cut" in pattern.groupindex
    for m in pattern.finditer(body):
        yield m.span("cut") if cut and m.start("cut") >= 0 else m.span()


def _merge(spans) -> list[Span]:
    """Sorted spans with overlapping or touching ones joined."""
    out: list[Span] = []
    for start, end in sorted(s for s in spans if s[0] < s[1]):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
