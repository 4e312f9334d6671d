"""Typed records that flow through the pipeline; `to_json` gives the FORMAT.md shapes."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

__all__ = ["Actor", "Article", "Extraction", "Indicator", "Place", "Statement"]

Span = tuple[int, int]


@dataclass
class Article:
    """One input article; every character offset downstream points into `text`."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD, or None when unknown
    source: str | None = None
    url: str | None = None


@dataclass
class Place:
    """A mention of a geographic place, resolved to a gazetteer entry."""

    start: int
    end: int
    text: str
    name: str
    kind: str  # city admin1 admin2 country region border water continent landmark other
    lat: float | None
    lon: float | None
    country_codes: list[str]
    geonameid: int | None
    place_id: str
    role: str = "literal"  # or "metonymic"
    label: str | None = None  # e.g. "disputed: claimed by UA and RU"


@dataclass
class Actor:
    """One distinct actor of an article with every span that names it (pronouns excluded)."""

    actor_id: str
    name: str
    type: str  # person organization state group media anonymous
    country: str | None
    role: str | None
    mentions: list[Span] = field(default_factory=list)


@dataclass
class Statement:
    """A direct, mixed or indirect quote with its speaker."""

    speaker: str | None
    speaker_actor_id: str | None
    speaker_span: Span | None
    cue: str | None
    content: str
    content_span: Span
    direct: bool
    place_ids: list[str] = field(default_factory=list)


@dataclass
class Indicator:
    """A PLOVER-typed conflict or cooperation event reported in one sentence."""

    type: str
    span: Span
    source_actor_id: str | None
    target_actor_id: str | None
    source_country: str | None
    target_country: str | None
    place_id: str | None
    quantity: dict | None  # {"value": 90000, "unit": "troops"}
    date: str | None
    mode: str | None
    contexts: list[str]
    flags: list[str]  # hypothetical negated historical
    event_id: str
    cue: str | None = None


@dataclass
class Extraction:
    """Everything extracted from one article; `sentences` are spaCy's sentence spans trimmed of
    page furniture, `furniture` the boilerplate spans no stage read (both stay internal).
    """

    id: str
    date: str | None
    places: list[Place] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    furniture: list[Span] = field(default_factory=list)
    error: str | None = None

    def furniture_chars(self) -> int:
        """How many characters of the article were page furniture, for run summaries."""
        return sum(end - start for start, end in self.furniture)

    def to_json(self) -> dict:
        """The FORMAT.md output object (sentence and furniture spans stay internal)."""
        out = {
            "id": self.id,
            "date": self.date,
            "places": [asdict(p) for p in self.places],
            "actors": [asdict(a) for a in self.actors],
            "statements": [asdict(s) for s in self.statements],
            "indicators": [asdict(i) for i in self.indicators],
        }
        if self.error:
            out["error"] = self.error
        return out
