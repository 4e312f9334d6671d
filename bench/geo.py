"""Geo speed figures: gazetteer cold load, lookups per second, resolution time relative to spaCy,
memory.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from geo import gazetteer
from pipeline import context, extract, nlp, places

__all__ = ["COLD", "NAMES", "cold_load", "lookups_per_second", "measure", "resolution_ratio"]

COLD = """
import json, resource, time
t = time.perf_counter()
from geo import gazetteer
gazetteer.load()
print(json.dumps({"seconds": time.perf_counter() - t,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
NAMES = [
    "Paris",
    "London",
    "Kyiv",
    "Moscow",
    "Springfield",
    "Texas",
    "the Black Sea",
    "U.S.",
    "Nowhereville",
    "Blinken",
    "Minsk",
    "Crimea",
    "New York",
    "São Paulo",
    "Georgia",
    "Alexandria",
]


def cold_load() -> dict:
    """Gazetteer load time and peak memory in a fresh interpreter (nothing cached)."""
    out = subprocess.run([sys.executable, "-c", COLD], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def lookups_per_second(n: int = 200_000) -> float:
    """Candidate lookups per second on a warm gazetteer, names folded fresh on each call."""
    gaz = gazetteer.load()
    names = [f"{NAMES[i % len(NAMES)]}{' ' * (i % 7)}" for i in range(n)]
    t = time.perf_counter()
    for name in names:
        gaz.lookup(name)
    return n / (time.perf_counter() - t)


def resolution_ratio(texts: list[str]) -> dict:
    """Seconds of spaCy parsing vs place finding on the same texts."""
    model = nlp.load()
    gazetteer.load()
    t = time.perf_counter()
    docs = list(model.pipe(texts, batch_size=extract.BATCH_SIZE))
    spacy_s = time.perf_counter() - t
    t = time.perf_counter()
    found = sum(len(places.find_places(context.build(d))) for d in docs)
    places_s = time.perf_counter() - t
    return {
        "articles": len(texts),
        "places": found,
        "spacy_seconds": round(spacy_s, 3),
        "places_seconds": round(places_s, 3),
        "places_ratio_to_spacy": round(places_s / spacy_s, 4),
    }


def measure(texts: list[str]) -> dict:
    """All geo speed figures as one dict, resolution timed on `texts`."""
    cold = cold_load()
    return {
        "gazetteer_cold_load_seconds": round(cold["seconds"], 3),
        "gazetteer_peak_memory_mb": round(cold["peak_mb"], 1),
        "lookups_per_second": round(lookups_per_second()),
        **resolution_ratio(texts),
    }
