"""Faultline's batch pipeline: ingest → extract → resolve → store."""
