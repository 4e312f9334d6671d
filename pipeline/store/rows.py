"""One article's extraction as rows of the store's tables, each tied to its sentence."""

from __future__ import annotations

import bisect
import hashlib
import json

from pipeline.records import Article, Extraction, Span

__all__ = ["digest", "rows"]


def digest(article: Article, error: str | None = None) -> str:
    """What identifies an input article's content: equal digests need no second extraction."""
    fields = [article.id, article.text, article.title, article.date, article.source, article.url]
    raw = json.dumps(fields + [error], ensure_ascii=False).encode("utf-8", "surrogatepass")
    return hashlib.sha256(raw).hexdigest()[:32]


def rows(a: Article, ex: Extraction, status: str) -> dict[str, list[tuple]]:
    """The article's rows per table; `status` is ok, failed or skipped."""
    starts = [s for s, _ in ex.sentences]
    sent = lambda start: _sentence_of(starts, ex.sentences, a.text, start)
    article = (
        a.id,
        a.title,
        a.date,
        a.source,
        a.url,
        a.text or None,
        ex.error,
        status,
        digest(a, ex.error if status == "skipped" else None),
    )
    places = [
        (
            a.id,
            p.start,
            p.end,
            p.text,
            p.name,
            p.kind,
            p.lat,
            p.lon,
            p.country_codes,
            p.geonameid,
            p.place_id,
            p.role,
            p.label,
            *sent(p.start),
        )
        for p in ex.places
    ]
    actors = [
        (a.id, x.actor_id, x.name, x.type, x.country, x.role, len(x.mentions)) for x in ex.actors
    ]
    mentions = [(a.id, x.actor_id, s, e, *sent(s)) for x in ex.actors for s, e in x.mentions]
    statements = [
        (
            a.id,
            i,
            s.speaker,
            s.speaker_actor_id,
            *(s.speaker_span or (None, None)),
            s.cue,
            s.content,
            *s.content_span,
            s.direct,
            s.place_ids,
            *sent(s.content_span[0]),
        )
        for i, s in enumerate(ex.statements)
    ]
    indicators = [
        (
            a.id,
            i,
            x.type,
            *x.span,
            x.source_actor_id,
            x.target_actor_id,
            x.source_country,
            x.target_country,
            x.place_id,
            (x.quantity or {}).get("value"),
            (x.quantity or {}).get("unit"),
            x.date,
            x.mode,
            x.contexts,
            x.flags,
            x.event_id,
            x.cue,
            *sent(x.span[0]),
            _approx(x.quantity),
        )
        for i, x in enumerate(ex.indicators)
    ]
    return {
        "articles": [article],
        "places": places,
        "actors": actors,
        "actor_mentions": mentions,
        "statements": statements,
        "indicators": indicators,
    }


def _sentence_of(
    starts: list[int], sentences: list[Span], text: str, start: int
) -> tuple[int | None, int | None, str | None]:
    """The sentence holding character `start` (`starts` are the sentences' first characters)."""
    if not sentences:
        return None, None, None
    i = max(0, bisect.bisect_right(starts, start) - 1)
    s, e = sentences[i]
    return s, e, text[s:e]


def _approx(quantity: dict | None) -> str | None:
    """How a quantity is hedged, with the words of a vague one: "about", "vague: tens of
    thousands".
    """
    if not quantity or not quantity.get("approx"):
        return None
    return (
        f"vague: {quantity['text']}"
        if quantity["approx"] == "vague" and quantity.get("text")
        else quantity["approx"]
    )
