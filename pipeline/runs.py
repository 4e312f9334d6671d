"""One pass over a partition of the input: every item answered, in input order, and counted.

An item is extracted (`ok`), extracted with an error (`failed`), not readable as an article
(`skipped`), or left alone because the store already holds its exact content (`unchanged`).
`extract_partition` and `run_partition` are what a process, or a Dask worker, does with its own
partition; the client only plans partitions and adds up their tallies.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path

from pipeline import ingest, store
from pipeline.records import Article, Extraction

__all__ = ["CHUNK", "NOTES", "Answer", "Tally", "answers", "extract_partition", "run_partition"]

CHUNK = 64  # items read ahead and parsed together: input is streamed, never held whole
NOTES = 10_000  # skipped and failed items a tally keeps by name; beyond it, only their counts


@dataclass
class Answer:
    """What became of one input item: its article (a stub for a skipped one), its extraction and
    its status (ok, failed, skipped, unchanged).
    """

    article: Article
    extraction: Extraction | None
    status: str

    def line(self) -> dict:
        """The item's FORMAT.md output line; a skipped or failed one carries its reason."""
        out = self.extraction.to_json()
        if self.extraction.error:
            out["error"] = f"{self.status}: {self.extraction.error}"
        return out


@dataclass
class Tally:
    """How many items ended which way, by reason, and the first NOTES that did not extract."""

    ok: int = 0
    unchanged: int = 0
    rows: int = 0  # store rows written, or output lines for `extract`
    furniture_spans: int = 0  # page furniture no stage read, in the articles extracted
    furniture_chars: int = 0
    text_chars: int = 0
    failed: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    notes: list[tuple[str, str, str]] = field(default_factory=list)  # status, id, reason

    def count(self, answer: Answer) -> None:
        ex = answer.extraction
        if answer.status in ("ok", "failed"):
            self.furniture_spans += len(ex.furniture)
            self.furniture_chars += ex.furniture_chars()
            self.text_chars += len(answer.article.text)
        if answer.status in ("ok", "unchanged"):
            setattr(self, answer.status, getattr(self, answer.status) + 1)
            return
        reason = answer.extraction.error
        getattr(self, answer.status)[_kind(reason)] += 1
        if len(self.notes) < NOTES:
            self.notes.append((answer.status, answer.article.id, reason))

    def add(self, other: Tally) -> None:
        self.ok, self.unchanged = self.ok + other.ok, self.unchanged + other.unchanged
        self.rows += other.rows
        self.furniture_spans += other.furniture_spans
        self.furniture_chars += other.furniture_chars
        self.text_chars += other.text_chars
        self.failed.update(other.failed)
        self.skipped.update(other.skipped)
        self.notes += other.notes[: max(0, NOTES - len(self.notes))]

    def report(self) -> str:
        """The run's summary: outcomes, then every reason with its count."""
        lines = [
            f"articles processed: {self.ok}",
            f"articles unchanged (already stored): {self.unchanged}",
            f"articles failed: {sum(self.failed.values())}",
        ]
        lines += [f"  {n:>6}  {reason}" for reason, n in self.failed.most_common()]
        lines.append(f"items skipped: {sum(self.skipped.values())}")
        lines += [f"  {n:>6}  {reason}" for reason, n in self.skipped.most_common()]
        share = self.furniture_chars / self.text_chars if self.text_chars else 0.0
        lines.append(
            f"page furniture removed: {self.furniture_spans} spans, {self.furniture_chars:,} "
            f"characters ({share:.1%} of the text extracted)"
        )
        lines.append(f"rows written: {self.rows}")
        return "\n".join(lines)


def _kind(reason: str) -> str:
    """A reason without its particulars, to count alike reasons together."""
    return re.split(r" \(|: | '|\"", reason, maxsplit=1)[0].strip() or reason


def answers(
    items: Iterable[Article | ingest.Skipped],
    known: dict[str, tuple[str, str]] | None = None,
) -> Iterator[Answer]:
    """An answer for every item in input order; articles `known` holds unchanged (same digest,
    not failed) are not extracted again.
    """
    from pipeline import extract  # here: a Dask client only plans and publishes, without spaCy

    it = iter(items)
    while chunk := list(islice(it, CHUNK)):
        found = [_stub(x) if isinstance(x, ingest.Skipped) else x for x in chunk]
        reasons = [x.reason if isinstance(x, ingest.Skipped) else None for x in chunk]
        same = [_unchanged(a, known, why) for a, why in zip(found, reasons)]
        todo = [a for a, why, kept in zip(found, reasons, same) if why is None and not kept]
        done = iter(extract.extract(todo))
        for a, why, kept in zip(found, reasons, same):
            if why is not None:
                ex = Extraction(id=a.id, date=None, error=why)
                yield Answer(a, ex, "unchanged" if kept else "skipped")
            elif kept:
                yield Answer(a, None, "unchanged")
            else:
                ex = next(done)
                yield Answer(a, ex, "failed" if ex.error else "ok")


def _stub(item: ingest.Skipped) -> Article:
    """The article row of a skipped item: its id (else where it was found) and no text."""
    return Article(id=item.id or item.where, text="")


def _unchanged(a: Article, known: dict | None, error: str | None = None) -> bool:
    if not known or a.id not in known:
        return False
    digest, status = known[a.id]
    return status != "failed" and digest == store.digest(a, error)


def extract_partition(part: ingest.Partition) -> tuple[list[str], Tally]:
    """The output lines (JSON) of one partition, and its tally."""
    tally, lines = Tally(), []
    for answer in answers(ingest.read_partition(part)):
        lines.append(json.dumps(answer.line(), ensure_ascii=False))
        tally.count(answer)
    tally.rows = len(lines)
    return lines, tally


def run_partition(
    part: ingest.Partition,
    db: str,
    run: str,
    position: int,
    batch: int = store.BATCH,
    progress: Callable[[Answer], None] | None = None,
) -> Tally:
    """Extract one partition into the work of the store at `db`, as parts of run `run`."""
    tally = Tally()
    writer = store.Writer(store.Layout(Path(db)), run, position, batch)
    for answer in answers(ingest.read_partition(part), _known(db, run)):
        if answer.status != "unchanged":
            tally.rows += writer.add(answer.article, answer.extraction, answer.status)
        tally.count(answer)
        if progress is not None:
            progress(answer)
    writer.close()
    return tally


@lru_cache(maxsize=2)
def _known(db: str, run: str) -> dict[str, tuple[str, str]]:
    """What the store held when run `run` began, read once per process and run."""
    return store.known(store.Layout(Path(db)))
