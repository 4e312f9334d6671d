"""Relative and absolute date expressions resolved against an article's publication date.

A resolved date is a `When`: the first day of the period it names and that period's precision
(`day`, `week`, `month` or `year`), so "in 2014" is 2014-01-01 at year precision, never a made-up
day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from pipeline.lexicon import NUMBER_WORDS

__all__ = ["MONTHS", "NUMBERS", "PATTERNS", "WEEKDAYS", "When", "find_dates", "parse_date"]

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {
    m: i
    for i, ms in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        1,
    )
    for m in ms
}
NUMBERS = {**NUMBER_WORDS, "several": None, "few": None}  # "a few weeks ago" has no number

_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
PATTERNS = [
    (
        "month_day",
        re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+((?:19|20)\d\d))?\b", re.I),
    ),
    (
        "day_month",
        re.compile(
            r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+((?:19|20)\d\d))?\b",
            re.I,
        ),
    ),
    ("iso", re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")),
    (
        "month_year",
        re.compile(
            r"\b(?:in|since|during|by|of|until|from)\s+" + _MONTH + r",?\s+((?:19|20)\d\d)\b", re.I
        ),
    ),
    (
        "year",
        re.compile(
            r"\b(?:in|since|during|of|until|by|from|after|before|between)\s+(?:early\s+|late\s+|mid-?)?((?:19|20)\d\d)\b(?!\s*(?:people|troops|soldiers|km|kilometres|miles))",
            re.I,
        ),
    ),
    (
        "attributive_year",
        re.compile(
            r"\b(?:a|an|the|its|his|her|their)\s+((?:19|20)\d\d)\s+"
            r"(?!(?:people|troops|soldiers|km|kilometres|miles)\b)(?=[a-z])"
        ),
    ),
    (
        "ago",
        re.compile(r"\b(\w+|\d+)\s+(day|week|month|year|decade)s?\s+(ago|earlier|before)\b", re.I),
    ),
    (
        "relative_period",
        re.compile(
            r"\b(last|this|next|past|previous|earlier this|later this|early this|late last"
            r"|earlier last)\s+(week|month|year)\b",
            re.I,
        ),
    ),
    (
        "weekday",
        re.compile(
            r"\b(last\s+|next\s+|on\s+|earlier\s+|late\s+|early\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
            re.I,
        ),
    ),
    (
        "deictic",
        re.compile(
            r"\b(yesterday|today|tonight|last night|this morning|this afternoon|this evening"
            r"|tomorrow)\b",
            re.I,
        ),
    ),
    (
        "month_only",
        re.compile(
            r"\b(?:in|since|during|early|late|earlier in|last)\s+" + _MONTH + r"(?![\w.]*\s+\d)",
            re.I,
        ),
    ),
]


@dataclass(frozen=True)
class When:
    """A resolved period: its first day, precision, and the matched text's character span."""

    start: date
    precision: str  # day week month year
    span: tuple[int, int]

    @property
    def end(self) -> date:
        """The last day of the period."""
        if self.precision == "day":
            return self.start
        if self.precision == "week":
            return self.start + timedelta(days=6)
        if self.precision == "month":
            nxt = date(self.start.year + (self.start.month == 12), self.start.month % 12 + 1, 1)
            return nxt - timedelta(days=1)
        return date(self.start.year, 12, 31)

    def key(self) -> str:
        """The period as an ISO-like label: 2021-12-02, 2021-W48, 2021-12 or 2014."""
        if self.precision == "day":
            return self.start.isoformat()
        if self.precision == "week":
            y, w, _ = self.start.isocalendar()
            return f"{y}-W{w:02d}"
        if self.precision == "month":
            return self.start.strftime("%Y-%m")
        return str(self.start.year)


def parse_date(value: str | None) -> date | None:
    """The date of a `YYYY-MM-DD` or ISO 8601 string, None when absent or malformed."""
    if not value:
        return None
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", str(value))
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def find_dates(text: str, ref: date | None, offset: int = 0) -> list[When]:
    """Every date expression in `text` that can be resolved against `ref`, in text order."""
    found: list[When] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            when = _resolve(kind, m, ref)
            if when is None:
                continue
            taken.append((m.start(), m.end()))
            found.append(When(when[0], when[1], (m.start() + offset, m.end() + offset)))
    return sorted(found, key=lambda w: w.span)


def _resolve(kind: str, m: re.Match, ref: date | None) -> tuple[date, str] | None:
    try:
        if kind == "iso":
            return date(int(m[1]), int(m[2]), int(m[3])), "day"
        if kind in ("year", "attributive_year"):
            return date(int(m[1]), 1, 1), "year"
        if kind == "month_year":
            return date(int(m[2]), MONTHS[m[1].lower().rstrip(".")], 1), "month"
        if kind in ("month_day", "day_month"):
            mon, day = (m[1], m[2]) if kind == "month_day" else (m[2], m[1])
            month, day = MONTHS[mon.lower().rstrip(".")], int(day)
            if m[3]:
                return date(int(m[3]), month, day), "day"
            if ref is None:
                return None
            d = date(ref.year, month, day)
            return (date(ref.year - 1, month, day) if d > ref + timedelta(days=60) else d), "day"
        if ref is None:
            return None
        if kind == "month_only":
            month = MONTHS[m[1].lower().rstrip(".")]
            year = ref.year if month <= ref.month else ref.year - 1
            return date(year, month, 1), "month"
        if kind == "deictic":
            word = m[1].lower()
            shift = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(word, 0)
            return ref + timedelta(days=shift), "day"
        if kind == "weekday":
            target = WEEKDAYS.index(m[2].lower())
            back = (ref.weekday() - target) % 7
            if (m[1] or "").strip().lower() == "next":
                return ref + timedelta(days=(target - ref.weekday()) % 7 or 7), "day"
            if (m[1] or "").strip().lower() == "last" and back == 0:
                back = 7
            return ref - timedelta(days=back), "day"
        if kind == "ago":
            n = int(m[1]) if m[1].isdigit() else NUMBERS.get(m[1].lower())
            unit = m[2].lower()
            if n is None or (m[3].lower() != "ago" and unit not in ("year", "decade")):
                return None
            if unit == "decade":
                n, unit = n * 10, "year"
            if unit == "day":
                return ref - timedelta(days=n), "day"
            if unit == "week":
                d = ref - timedelta(weeks=n)
                return d - timedelta(days=d.weekday()), "week"
            if unit == "month":
                y, mo = divmod(ref.year * 12 + ref.month - 1 - n, 12)
                return date(y, mo + 1, 1), "month"
            return date(ref.year - n, 1, 1), "year"
        if kind == "relative_period":
            which, unit = m[1].lower(), m[2].lower()
            step = (
                -1
                if which in ("last", "past", "previous", "late last", "earlier last")
                else (1 if which == "next" else 0)
            )
            if unit == "week":
                d = ref + timedelta(weeks=step)
                return d - timedelta(days=d.weekday()), "week"
            if unit == "month":
                y, mo = divmod(ref.year * 12 + ref.month - 1 + step, 12)
                return date(y, mo + 1, 1), "month"
            return date(ref.year + step, 1, 1), "year"
    except (ValueError, KeyError):
        return None
    return None
