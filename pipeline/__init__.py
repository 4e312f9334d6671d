"""Faultline's batch pipeline: ingest → extract → resolve → store."""

__all__ = [
    "cli",
    "context",
    "extract",
    "ingest",
    "lexicon",
    "records",
    "registry",
    "store",
    "tension",
]
