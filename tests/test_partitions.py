"""Input cut into partitions that workers read alone, and every item of any input kind answered."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from pipeline import cli
from pipeline.ingest import Article, Skipped, plan, read, read_partition

DATA = Path(__file__).parent / "data" / "ingest"


def _items(parts) -> list:
    return [x for p in parts for x in read_partition(p)]


def _key(x) -> tuple:
    return (x.id, x.text) if isinstance(x, Article) else (x.where, x.reason)


def _first_of_each_id(items: list) -> list:
    """Items without repeated ids: one partition cannot see another's ids, so the store keeps the
    first reading of an id when it publishes, as a single reader keeps the first line.
    """
    seen, out = set(), []
    for x in items:
        if isinstance(x, Skipped) and x.reason.startswith("duplicate id"):
            continue
        if isinstance(x, Article):
            if x.id in seen:
                continue
            seen.add(x.id)
        out.append(_key(x))
    return out


def test_byte_ranges_read_what_the_whole_file_holds():
    whole = _first_of_each_id(list(read(str(DATA / "articles.jsonl"))))
    for n in (2, 3, 7, 50):
        parts = plan(str(DATA / "articles.jsonl"), n)
        assert 1 < len(parts) <= n
        assert _first_of_each_id(_items(parts)) == whole, n


def test_folder_partitions_and_links_are_answered(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(DATA / "folder", folder)
    os.symlink(folder / "missing.txt", folder / "dangling.txt")
    os.symlink(folder, folder / "sub" / "again")  # a folder that holds itself
    os.symlink(folder / "report.txt", folder / "linked.txt")
    (folder / ".hidden.txt").write_text("Not input.")
    items = _items(plan(str(folder), 3))
    skipped = {x.where: x.reason for x in items if isinstance(x, Skipped)}
    assert skipped["dangling.txt"].startswith("broken symbolic link")
    assert skipped["sub/again"].startswith("symbolic link loop")
    assert skipped["notes.csv"] == "not a text file (.csv)"
    assert all(x.id == x.where for x in items if isinstance(x, Skipped))
    read_ids = sorted(x.id for x in items if isinstance(x, Article))
    assert read_ids == ["linked.txt", "page.html", "report.txt", "sub/brief.md"]


FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Wire</title>
<item><title>Talks</title><description>Ministers of Norland and Sudmark met in Geneva on Tuesday
to discuss the dispute over the river border, officials said.</description></item>
<item><title>Broken</title><description>Observers welcomed the meeting &bogus; but warned.
</description></item>
"""


def test_feed_ids_come_from_content_and_parse_errors_are_reported(tmp_path):
    a, b = tmp_path / "a" / "feed.xml", tmp_path / "b" / "copy.xml"
    for path in (a, b):
        path.parent.mkdir()
        path.write_text(FEED)
    first, second = list(read(str(a))), list(read(str(b)))
    ids = [x.id for x in first if isinstance(x, Article)]
    assert ids and ids == [x.id for x in second if isinstance(x, Article)]
    assert all(i.startswith("sha256:") for i in ids)
    (error,) = [x for x in first if isinstance(x, Skipped)]
    assert error.reason.startswith("feed parse error")


def test_a_line_too_large_still_gets_its_output_line(tmp_path, monkeypatch):
    from pipeline import ingest

    monkeypatch.setattr(ingest, "MAX_FILE_BYTES", 1000)
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    big = json.dumps({"id": "big", "text": "word " * 400})
    ok = json.dumps({"id": "ok", "text": "Talks resumed in Vienna on Monday."})
    src.write_text(big + "\n" + ok + "\n")
    assert cli.main(["extract", str(src), "-o", str(out), "-q"]) == 0
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert [x["id"] for x in lines] == ["in.jsonl:1", "ok"]
    assert lines[0]["error"].startswith("skipped: line too large")
