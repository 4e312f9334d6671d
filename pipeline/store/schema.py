"""The store's tables: their columns, the order their rows are kept in, and what an article's
status can be.
"""

from __future__ import annotations

__all__ = ["AGGREGATES", "ARTICLE_TABLES", "ORDER", "SCHEMA", "SCOPES", "STATUSES", "TABLES"]

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
CREATE TABLE IF NOT EXISTS tension_events (
    event_id VARCHAR, type VARCHAR, day DATE, place_id VARCHAR, source_country VARCHAR,
    target_country VARCHAR, weight DOUBLE, factor DOUBLE, reports BIGINT, score DOUBLE,
    actors VARCHAR[]);
CREATE TABLE IF NOT EXISTS tension_event_articles (event_id VARCHAR, article_id VARCHAR);
CREATE TABLE IF NOT EXISTS tension_days (
    period VARCHAR, date DATE, events BIGINT, reports BIGINT, articles BIGINT, conflict DOUBLE,
    cooperation DOUBLE, tension DOUBLE);
CREATE TABLE IF NOT EXISTS tension_places (
    place_id VARCHAR, events BIGINT, reports BIGINT, articles BIGINT, conflict DOUBLE,
    cooperation DOUBLE, tension DOUBLE, name VARCHAR, kind VARCHAR, lat DOUBLE, lon DOUBLE,
    country_codes VARCHAR[]);
CREATE TABLE IF NOT EXISTS actor_sentences (
    article_id VARCHAR, actor_id VARCHAR, sentence_start INTEGER, sentence_end INTEGER,
    mentions BIGINT, start INTEGER, "end" INTEGER, sentence VARCHAR, date DATE,
    countries VARCHAR[], actors VARCHAR[], types VARCHAR[], places VARCHAR[]);
CREATE TABLE IF NOT EXISTS article_countries (article_id VARCHAR, country VARCHAR, date DATE);
CREATE TABLE IF NOT EXISTS places_scope (
    "row" BIGINT, article_id VARCHAR, date DATE, countries VARCHAR[], actors VARCHAR[],
    types VARCHAR[], places VARCHAR[], place_id VARCHAR, role VARCHAR, name VARCHAR,
    kind VARCHAR, label VARCHAR, lat DOUBLE, lon DOUBLE);
CREATE TABLE IF NOT EXISTS statements_scope (
    "row" BIGINT, article_id VARCHAR, date DATE, countries VARCHAR[], actors VARCHAR[],
    types VARCHAR[], places VARCHAR[]);
CREATE TABLE IF NOT EXISTS indicators_scope (
    "row" BIGINT, article_id VARCHAR, date DATE, countries VARCHAR[], actors VARCHAR[],
    types VARCHAR[], places VARCHAR[], place_id VARCHAR, flagged BOOLEAN);
CREATE TABLE IF NOT EXISTS tension_pairs (
    country_a VARCHAR, country_b VARCHAR, events BIGINT, reports BIGINT, articles BIGINT,
    conflict DOUBLE, cooperation DOUBLE, tension DOUBLE);
"""

ARTICLE_TABLES = ("places", "actors", "actor_mentions", "statements", "indicators", "articles")
# Computed at publish so the dashboard reads them instead of scanning: the events the index counts
# and the unfiltered index; the actor mentions one row per actor and sentence; what each evidence
# row is about (store.scope).
AGGREGATES = (
    "tension_events",
    "tension_event_articles",
    "tension_days",
    "tension_places",
    "tension_pairs",
    "actor_sentences",
)
SCOPES = ("article_countries", "places_scope", "statements_scope", "indicators_scope")
TABLES = ARTICLE_TABLES + ("shapes", "basemap", "actor_registry") + AGGREGATES + SCOPES

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
    "tension_events": "event_id",
    "tension_event_articles": "event_id, article_id",
    "tension_days": "period, date",
    "tension_places": "place_id",
    "tension_pairs": "country_a, country_b",
    "actor_sentences": "article_id, actor_id, sentence_start",
    "article_countries": "article_id, country",
    "places_scope": '"row"',
    "statements_scope": '"row"',
    "indicators_scope": '"row"',
}

STATUSES = ("ok", "failed", "skipped")  # extracted; read but extraction failed; not readable
