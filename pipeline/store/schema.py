"""The store's tables: their columns, the order their rows are kept in, and what an article's
status can be.
"""

from __future__ import annotations

__all__ = ["AGGREGATES", "ARTICLE_TABLES", "ORDER", "SCHEMA", "STATUSES", "TABLES"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    article_id VARCHAR PRIMARY KEY, title VARCHAR, date DATE, source VARCHAR, url VARCHAR,
    text VARCHAR, error VARCHAR, status VARCHAR, content_hash VARCHAR);
CREATE TABLE IF NOT EXISTS places (
    article_id VARCHAR, start INTEGER, "end" INTEGER, text VARCHAR, name VARCHAR, kind VARCHAR,
    lat DOUBLE, lon DOUBLE, country_codes VARCHAR[], geonameid BIGINT, place_id VARCHAR,
    role VARCHAR, label VARCHAR, sentence_start INTEGER, sentence_end INTEGER, sentence VARCHAR);
CREATE TABLE IF NOT EXISTS actors (
    article_id VARCHAR, actor_id VARCHAR, name VARCHAR, type VARCHAR, country VARCHAR,
    role VARCHAR, n_mentions INTEGER);
CREATE TABLE IF NOT EXISTS actor_mentions (
    article_id VARCHAR, actor_id VARCHAR, start INTEGER, "end" INTEGER,
    sentence_start INTEGER, sentence_end INTEGER, sentence VARCHAR);
CREATE TABLE IF NOT EXISTS statements (
    article_id VARCHAR, idx INTEGER, speaker VARCHAR, speaker_actor_id VARCHAR,
    speaker_start INTEGER, speaker_end INTEGER, cue VARCHAR, content VARCHAR,
    content_start INTEGER, content_end INTEGER, direct BOOLEAN, place_ids VARCHAR[],
    sentence_start INTEGER, sentence_end INTEGER, sentence VARCHAR);
CREATE TABLE IF NOT EXISTS indicators (
    article_id VARCHAR, idx INTEGER, type VARCHAR, start INTEGER, "end" INTEGER,
    source_actor_id VARCHAR, target_actor_id VARCHAR, source_country VARCHAR,
    target_country VARCHAR, place_id VARCHAR, quantity_value DOUBLE, quantity_unit VARCHAR,
    date DATE, mode VARCHAR, contexts VARCHAR[], flags VARCHAR[], event_id VARCHAR, cue VARCHAR,
    sentence_start INTEGER, sentence_end INTEGER, sentence VARCHAR, quantity_approx VARCHAR);
CREATE TABLE IF NOT EXISTS shapes (
    place_id VARCHAR PRIMARY KEY, name VARCHAR, kind VARCHAR, country_codes VARCHAR[],
    label VARCHAR, geojson VARCHAR);
CREATE TABLE IF NOT EXISTS basemap (iso_a2 VARCHAR, name VARCHAR, geojson VARCHAR);
CREATE TABLE IF NOT EXISTS actor_registry (
    actor_id VARCHAR PRIMARY KEY, type VARCHAR, name VARCHAR, name_key VARCHAR,
    given VARCHAR, surname VARCHAR, country VARCHAR, role VARCHAR);
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS tension_days (
    period VARCHAR, date DATE, events BIGINT, reports BIGINT, articles BIGINT, conflict DOUBLE,
    cooperation DOUBLE, tension DOUBLE);
CREATE TABLE IF NOT EXISTS tension_places (
    place_id VARCHAR, events BIGINT, reports BIGINT, articles BIGINT, conflict DOUBLE,
    cooperation DOUBLE, tension DOUBLE, name VARCHAR, kind VARCHAR, lat DOUBLE, lon DOUBLE,
    country_codes VARCHAR[]);
CREATE TABLE IF NOT EXISTS tension_pairs (
    country_a VARCHAR, country_b VARCHAR, events BIGINT, reports BIGINT, articles BIGINT,
    conflict DOUBLE, cooperation DOUBLE, tension DOUBLE);
"""

ARTICLE_TABLES = ("places", "actors", "actor_mentions", "statements", "indicators", "articles")
AGGREGATES = ("tension_days", "tension_places", "tension_pairs")  # the unfiltered index, at publish
TABLES = ARTICLE_TABLES + ("shapes", "basemap", "actor_registry") + AGGREGATES

# The order a published table's rows are written in, so one corpus gives one byte sequence.
ORDER = {
    "articles": "article_id",
    "places": 'article_id, start, "end", place_id',
    "actors": "article_id, actor_id",
    "actor_mentions": 'article_id, actor_id, start, "end"',
    "statements": "article_id, idx",
    "indicators": "article_id, idx",
    "shapes": "place_id",
    "basemap": "iso_a2, name",
    "actor_registry": "actor_id",
    "tension_days": "period, date",
    "tension_places": "place_id",
    "tension_pairs": "country_a, country_b",
}

STATUSES = ("ok", "failed", "skipped")  # extracted; read but extraction failed; not readable
