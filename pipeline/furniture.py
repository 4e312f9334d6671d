"""Page furniture: boilerplate inside article texts (ads, sign-up promotions, share buttons, photo credits).

The text is never edited (offsets point into it); callers drop whatever falls inside these spans.
Patterns live in lexicon/furniture.txt, one `KIND<TAB>REGEX` a line.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

PATTERNS = Path(__file__).parent / "lexicon" / "furniture.txt"
KINDS = ("line", "head", "tail", "inline", "top")
MAX_LINE = 600  # longer lines are article paragraphs, never whole-line furniture
MAX_TAIL = 150  # a caption credit is shorter; only a line's last characters are searched

Span = tuple[int, int]


@lru_cache(maxsize=1)
def patterns() -> dict[str, re.Pattern]:
    """One compiled alternation per kind (line, head, tail, inline, top) and the quick tests, from the data file."""
    defines: dict[str, str] = {}
    hints: dict[str, str] = {}
    found: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for number, line in enumerate(PATTERNS.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, _, regex = line.partition("\t")
        if kind == "hint":
            of, _, value = regex.partition("\t")
            hints[of] = value
            continue
        if kind == "define":
            name, _, value = regex.partition("\t")
            defines[name] = value
            continue
        if kind not in found:
            raise ValueError(f"{PATTERNS.name}:{number}: unknown kind {kind!r}")
        for name, value in defines.items():
            regex = regex.replace("{" + name + "}", value)
        if regex.startswith("(?i)"):
            regex = f"(?i:{regex[4:]})"
        try:
            re.compile(regex)
        except re.error as exc:
            raise ValueError(f"{PATTERNS.name}:{number}: {exc}") from exc
        found[kind].append(regex)
    alternation = {kind: "|".join(f"(?:{r})" for r in rs) or "(?!)" for kind, rs in found.items()}
    return {
        "line": re.compile(rf"(?:{alternation['line']})"),
        "head": re.compile(rf"(?:{alternation['head']})"),
        "tail": re.compile(rf"(?:{alternation['tail']})\s*$"),
        "inline": re.compile(alternation["inline"]),
        "top": re.compile(alternation["top"]),
        **{f"{kind}_hint": re.compile(hints.get(kind, "(?s:.)")) for kind in ("tail", "inline")},
    }


@lru_cache(maxsize=4)  # places, actors and indicators each ask for the same article's spans
def furniture_spans(text: str) -> list[Span]:
    """Sorted, non-overlapping spans of boilerplate in `text`: a byline block, whole lines, caption credits.

    The list is shared between callers: read it, never change it."""
    compiled = patterns()
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
            spans += [(offset + i.start(), offset + i.end()) for i in compiled["inline"].finditer(body)]
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
