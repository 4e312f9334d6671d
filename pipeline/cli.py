"""Command line: `extract` writes FORMAT.md JSON Lines, `run` fills the store, `export` writes
Parquet.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field

from tqdm import tqdm

from pipeline import ingest, store
from pipeline.records import Article, Extraction

__all__ = ["Summary", "cmd_export", "cmd_extract", "cmd_run", "main", "parser"]


@dataclass
class Summary:
    """What a run did, printed at its end."""

    processed: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    rows: int = 0
    seconds: float = 0.0

    def report(self) -> str:
        lines = [
            f"articles processed: {self.processed}",
            f"articles skipped: {len(self.skipped) + len(self.failed)}",
        ]
        lines += [f"  skipped {where}: {reason}" for where, reason in self.skipped + self.failed]
        lines += [f"rows written: {self.rows}", f"time: {self.seconds:.1f} s"]
        return "\n".join(lines)


def _read(source: str, summary: Summary) -> list[Article | ingest.Skipped]:
    """Everything `source` holds, in order; what cannot be read is reported in the summary."""
    items = list(ingest.read(source))
    for item in items:
        if isinstance(item, ingest.Skipped):
            summary.skipped.append((item.where, item.reason))
            print(f"skipped {item.where}: {item.reason}", file=sys.stderr)
    return items


def _articles(source: str, summary: Summary) -> list[Article]:
    return [a for a in _read(source, summary) if isinstance(a, Article)]


def _extractions(
    articles: list[Article], scheduler: str | None, workers: int
) -> Iterator[Extraction]:
    if scheduler or workers > 1:
        from pipeline import distributed

        return distributed.extract(articles, scheduler=scheduler, workers=workers)
    from pipeline import extract

    return extract.extract(articles)


def _progress(items: Iterable[Extraction], total: int, quiet: bool) -> Iterable[Extraction]:
    return tqdm(items, total=total, unit="article", disable=quiet, file=sys.stderr, smoothing=0.1)


def _in_input_order(
    items: list[Article | ingest.Skipped], extractions: Iterator[Extraction]
) -> Iterator[Extraction]:
    """Extractions in input order, with an error line for each skipped article that has an id."""
    for item in items:
        if isinstance(item, Article):
            yield next(extractions)
        elif item.id is not None:
            yield Extraction(id=item.id, date=None, error=f"skipped: {item.reason}")


def cmd_extract(args: argparse.Namespace) -> int:
    summary, t0 = Summary(), time.perf_counter()
    items = _read(args.input, summary)
    articles = [a for a in items if isinstance(a, Article)]
    extractions = _progress(
        _extractions(articles, args.scheduler, args.workers), len(articles), args.quiet
    )
    to_file = args.output != "-"
    with open(args.output, "w", encoding="utf-8") if to_file else nullcontext(sys.stdout) as out:
        for ex in _in_input_order(items, iter(extractions)):
            out.write(json.dumps(ex.to_json(), ensure_ascii=False) + "\n")
            summary.rows += 1
            if ex.error and not ex.error.startswith("skipped: "):
                summary.failed.append((ex.id, ex.error))
            elif not ex.error:
                summary.processed += 1
    summary.seconds = time.perf_counter() - t0
    print(summary.report(), file=sys.stderr)
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    summary, t0 = Summary(), time.perf_counter()
    articles = _articles(args.input, summary)
    by_id = {a.id: a for a in articles}
    con = store.connect(args.db)
    for ex in _progress(
        _extractions(articles, args.scheduler, args.workers), len(articles), args.quiet
    ):
        summary.rows += store.write(con, by_id[ex.id], ex)
        if ex.error:
            summary.failed.append((ex.id, ex.error))
        else:
            summary.processed += 1
    con.close()
    summary.seconds = time.perf_counter() - t0
    print(summary.report(), file=sys.stderr)
    print(f"store: {args.db}", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    con = store.connect(args.db)
    for path in store.export_parquet(con, args.directory):
        print(path)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Faultline's batch pipeline: ingest news articles, extract places, actors, "
        "statements and PLOVER indicators, store them for the dashboard.",
    )
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument(
            "--workers",
            type=int,
            default=1,
            help="extract on a local Dask cluster of this many worker processes",
        )
        sp.add_argument(
            "--scheduler",
            metavar="ADDRESS",
            help="extract on a running Dask distributed cluster, e.g. tcp://10.0.0.5:8786",
        )
        sp.add_argument("-q", "--quiet", action="store_true", help="no progress bar")

    ex = sub.add_parser(
        "extract",
        help="write one FORMAT.md JSON object per article",
        description="Read articles (JSON Lines, a folder of .txt/.md/.html files, or an "
        "RSS/Atom feed file or URL) and write the extraction as JSON Lines.",
    )
    ex.add_argument(
        "input", help="articles: .jsonl(.gz), folder, .txt/.md/.html file, feed file or URL"
    )
    ex.add_argument("-o", "--output", default="-", help="output JSON Lines file (default: stdout)")
    common(ex)
    ex.set_defaults(func=cmd_extract)

    run = sub.add_parser(
        "run",
        help="ingest, extract and store articles",
        description="Ingest, extract and store articles in the DuckDB store the "
        "dashboard reads. Re-running the same input adds no rows.",
    )
    run.add_argument("--input", required=True, help="articles, as for `extract`")
    run.add_argument(
        "--db", default=str(store.DEFAULT_DB), help="DuckDB store (default: %(default)s)"
    )
    common(run)
    run.set_defaults(func=cmd_run)

    exp = sub.add_parser("export", help="write the store's tables as Parquet")
    exp.add_argument("directory", help="output folder, one <table>.parquet per table")
    exp.add_argument("--format", choices=["parquet"], default="parquet")
    exp.add_argument(
        "--db", default=str(store.DEFAULT_DB), help="DuckDB store (default: %(default)s)"
    )
    exp.set_defaults(func=cmd_export)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)
