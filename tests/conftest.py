"""Shared fixtures: the sample article and a real store built from it by the real pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "samples" / "seed.jsonl"


@pytest.fixture(scope="session")
def seed_article() -> dict:
    return json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory) -> Path:
    """A DuckDB store filled by `python -m pipeline run` on the seed article."""
    from pipeline.cli import main

    db = tmp_path_factory.mktemp("store") / "faultline.duckdb"
    assert main(["run", "--input", str(SEED), "--db", str(db), "--quiet"]) == 0
    return db
