"""Place records from chosen readings, and composite places: borders between named countries."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from geo.gazetteer import Entry, Gazetteer
from pipeline.places.cues import DASHED, words_at
from pipeline.places.recognition import Mention
from pipeline.places.role import role
from pipeline.records import Place

__all__ = ["borders", "to_place"]


def to_place(m: Mention, e: Entry, lex: dict) -> Place:
    return Place(
        start=m.span.start_char,
        end=m.span.end_char,
        text=m.span.text,
        name=e.name,
        kind=e.kind,
        lat=e.lat,
        lon=e.lon,
        country_codes=list(e.country_codes),
        geonameid=e.geonameid,
        place_id=e.place_id,
        role=role(m.span, e, lex),
        label=e.label,
    )


def border_place(gaz: Gazetteer, codes: list[str], start: int, end: int, text: str) -> Place | None:
    """The border of the countries `codes` (one country: its own borders), as a place mention."""
    pid = "border:" + "-".join(sorted(codes))
    e = gaz.by_place_id(pid)
    if e is None:
        return None
    return Place(
        start=start,
        end=end,
        text=text,
        name=e.name,
        kind="border",
        lat=e.lat,
        lon=e.lon,
        country_codes=list(e.country_codes),
        geonameid=None,
        place_id=pid,
        label=e.label,
    )


def borders(doc: Doc, places: list[Place], gaz: Gazetteer, lex: dict, blocked) -> list[Place]:
    """Composite places: "the Belarus–Poland border", "the borders between Belarus and Poland",
    "Ukraine's borders".
    """
    words = lex["border_words"]
    countries = [p for p in places if p.kind == "country"]
    out = []
    for tok in (doc[i] for i in words_at(doc, words)):
        if any(a <= tok.idx < b for a, b in blocked):
            continue
        sent = tok.sent
        before = [p for p in countries if sent.start_char <= p.start < tok.idx]
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.lower_ in ("between", "with", "of") and nxt.i < sent.end:
            after = [p for p in countries if nxt.idx < p.start < sent.end_char]
            if nxt.lower_ == "between" and len(after) >= 2:
                pairs = [(after[0], p) for p in after[1:]]
            elif nxt.lower_ == "with" and before and after:
                pairs = [(before[-1], p) for p in after]
            else:
                pairs = []
            end = max([p.end for a, b in pairs for p in (a, b)], default=tok.idx + len(tok))
            for a, b in pairs:
                bp = border_place(
                    gaz,
                    [a.country_codes[0], b.country_codes[0]],
                    tok.idx,
                    end,
                    doc.text[tok.idx : end],
                )
                if bp and bp.country_codes:
                    out.append(bp)
            if pairs:
                continue
        left = doc[max(sent.start, tok.i - 6) : tok.i]
        dashed = DASHED.match(left.text) if left.text else None
        pair = adjacent_pair(left, countries) if dashed else None
        if pair:
            a, b = pair
            bp = border_place(
                gaz,
                [a.country_codes[0], b.country_codes[0]],
                a.start,
                tok.idx + len(tok),
                doc.text[a.start : tok.idx + len(tok)],
            )
            if bp:
                out.append(bp)
            continue
        owner = [
            p
            for p in before
            if p.end + 3 >= tok.idx and doc.text[p.end : tok.idx].strip() in ("'s", "’s", "")
        ]
        if owner and tok.lower_.endswith("s"):
            p = owner[-1]
            end = tok.idx + len(tok)
            bp = border_place(gaz, p.country_codes[:1], p.start, end, doc.text[p.start : end])
            if bp:
                out.append(bp)
    return out


def adjacent_pair(left: Span, countries: list[Place]) -> tuple[Place, Place] | None:
    """Two countries joined by a dash or slash right before a border word ("Belarus–Poland
    border").
    """
    inside_left = [p for p in countries if left.start_char <= p.start and p.end <= left.end_char]
    if len(inside_left) < 2:
        return None
    a, b = inside_left[-2], inside_left[-1]
    gap = left.doc.text[a.end : b.start].strip()
    tail = left.doc.text[b.end : left.end_char].strip()
    return (a, b) if gap in ("-", "–", "—", "/") and tail in ("", "'s", "’s") else None
