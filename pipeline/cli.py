"""Command line: `extract` writes FORMAT.md JSON Lines, `run` fills the store, `export` writes
Parquet.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from contextlib import nullcontext
from pathlib import Path

from tqdm import tqdm

from pipeline import ingest, runs, store

__all__ = ["cmd_export", "cmd_extract", "cmd_run", "main", "parser"]


def _source(value: str) -> str | None:
    """The input as an absolute path (workers may run elsewhere) or URL; None if it is missing."""
    if re.match(r"https?://", value):
        return value
    path = Path(value)
    if not path.exists():
        print(f"input not found: {value}", file=sys.stderr)
        return None
    return os.path.abspath(path)


def _progress(quiet: bool) -> tqdm:
    return tqdm(unit="article", disable=quiet, file=sys.stderr, smoothing=0.1)


def _note(status: str, where: str, reason: str) -> None:
    print(f"{status} {where}: {reason}", file=sys.stderr)


def _distributed(args: argparse.Namespace) -> bool:
    return bool(args.scheduler) or args.workers > 1


def cmd_extract(args: argparse.Namespace) -> int:
    t0, tally = time.perf_counter(), runs.Tally()
    if (source := _source(args.input)) is None:
        return 2
    to_file = args.output != "-"
    with (
        open(args.output, "w", encoding="utf-8") if to_file else nullcontext(sys.stdout) as out,
        _progress(args.quiet) as bar,
    ):
        if _distributed(args):
            from pipeline import distributed

            for lines, part in distributed.extract(source, args.scheduler, args.workers):
                out.writelines(line + "\n" for line in lines)
                for note in part.notes:
                    _note(*note)
                tally.add(part)
                bar.update(len(lines))
        else:
            for answer in runs.answers(ingest.read(source)):
                out.write(json.dumps(answer.line(), ensure_ascii=False) + "\n")
                tally.count(answer)
                tally.rows += 1
                if answer.status in ("failed", "skipped"):
                    _note(answer.status, answer.article.id, answer.extraction.error)
                bar.update()
    print(tally.report().replace("rows written", "lines written"), file=sys.stderr)
    print(f"time: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    t0, tally = time.perf_counter(), runs.Tally()
    if (source := _source(args.input)) is None:
        return 2
    db, run_id = os.path.abspath(args.db), f"{time.time_ns():020d}"
    with _progress(args.quiet) as bar:
        if _distributed(args):
            from pipeline import distributed

            for part in distributed.run(
                source, db, run_id, args.batch, args.scheduler, args.workers
            ):
                for note in part.notes:
                    _note(*note)
                tally.add(part)
                bar.update(part.ok + part.unchanged + len(part.notes))
        else:

            def progress(answer: runs.Answer) -> None:
                if answer.status in ("failed", "skipped"):
                    _note(answer.status, answer.article.id, answer.extraction.error)
                bar.update()

            for i, part in enumerate(ingest.plan(source)):
                tally.add(runs.run_partition(part, db, run_id, i, args.batch, progress))
    version = store.publish(db)
    print(tally.report(), file=sys.stderr)
    print(f"time: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    print(f"published: {args.db} (version {version})", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    if not Path(args.db).exists():
        print(f"no store at {args.db}: run `python -m pipeline run` first", file=sys.stderr)
        return 2
    con = store.connect(args.db)
    for path in store.export_parquet(con, args.directory):
        print(path)
    con.close()
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
        description="Ingest, extract and store articles, then publish a new snapshot of the "
        "DuckDB store the dashboard reads. Articles already stored with the same content are "
        "not extracted again; re-running the same input gives the same store.",
    )
    run.add_argument("--input", required=True, help="articles, as for `extract`")
    run.add_argument(
        "--db", default=str(store.DEFAULT_DB), help="DuckDB store (default: %(default)s)"
    )
    run.add_argument(
        "--batch",
        type=int,
        default=store.BATCH,
        help="articles per written part, the most a killed run loses (default: %(default)s)",
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
