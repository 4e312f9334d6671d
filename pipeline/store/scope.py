"""What each evidence row is about, computed once at publish so a dashboard filter is a scan.

Every scope row carries its article's date and four facets, the values the dashboard's filters
test: the countries, actors, PLOVER types and places the row is about. A row is about what its
sentence holds (one sentence is one `(article_id, sentence_start)` in every table) and what it
names itself:

- a place mention: its country; the actors named or speaking in its sentence, or speaking of it;
  the types of its sentence's events; itself;
- an actor's sentence (`actor_sentences`): the actor's country and its sentence's places'; the
  actor; the sentence's types and places;
- a statement: the speaker's country, its sentence's places' and the places it names; the
  speaker; the sentence's types; the sentence's places and those it names;
- an event: both sides' countries and its sentence's places'; both sides; its type; its place
  and the sentence's.

`row` is the evidence row's `rowid` in its table (published tables are written in their ORDER, so
rowid order is that order), by which the dashboard fetches the few rows it shows. A place's
scope row also holds what the map draws of it.
"""

from __future__ import annotations

import duckdb

from pipeline.store.schema import ORDER

__all__ = ["fill"]

_FACETS = """
CREATE TEMP TABLE sentence_facets AS
WITH v AS (
    SELECT article_id, sentence_start, 'country' AS k, unnest(country_codes) AS v FROM places
    UNION ALL SELECT article_id, sentence_start, 'place', place_id FROM places
    UNION ALL SELECT article_id, sentence_start, 'type', type FROM indicators
    UNION ALL SELECT article_id, sentence_start, 'actor', actor_id FROM actor_mentions
    UNION ALL SELECT article_id, sentence_start, 'actor', speaker_actor_id FROM statements)
SELECT article_id, sentence_start,
       coalesce(list_sort(list_distinct(list(v) FILTER (WHERE k = 'country'))), []) AS countries,
       coalesce(list_sort(list_distinct(list(v) FILTER (WHERE k = 'actor'))), []) AS actors,
       coalesce(list_sort(list_distinct(list(v) FILTER (WHERE k = 'type'))), []) AS types,
       coalesce(list_sort(list_distinct(list(v) FILTER (WHERE k = 'place'))), []) AS places
FROM v WHERE v IS NOT NULL AND v <> '' AND sentence_start IS NOT NULL
GROUP BY article_id, sentence_start;

CREATE TEMP TABLE place_countries AS
SELECT place_id, list_sort(list_distinct(flatten(list(country_codes)))) AS countries
FROM places WHERE place_id IS NOT NULL GROUP BY place_id;

CREATE TEMP TABLE place_speakers AS
SELECT article_id, place_id, list_sort(list_distinct(list(speaker_actor_id))) AS actors
FROM (SELECT article_id, speaker_actor_id, unnest(place_ids) AS place_id FROM statements
      WHERE speaker_actor_id IS NOT NULL)
GROUP BY article_id, place_id;
"""

_JOIN = """LEFT JOIN sentence_facets f
             ON f.article_id = {t}.article_id AND f.sentence_start = {t}.sentence_start"""

_SCOPES = {
    "places_scope": f"""
        SELECT p.rowid AS "row", p.article_id, art.date, coalesce(list_sort(p.country_codes), []),
               list_sort(list_distinct(list_concat(coalesce(f.actors, []),
                                                   coalesce(s.actors, [])))),
               coalesce(f.types, []), [p.place_id], p.place_id, p.role, p.name, p.kind, p.label,
               p.lat, p.lon
        FROM places p JOIN articles art USING (article_id) {_JOIN.format(t="p")}
        LEFT JOIN place_speakers s ON s.article_id = p.article_id AND s.place_id = p.place_id""",
    "actor_sentences": f"""
        SELECT m.article_id, m.actor_id, m.sentence_start, any_value(m.sentence_end), count(*),
               min(m.start), arg_min(m."end", m.start), any_value(m.sentence),
               any_value(art.date),
               list_sort(list_distinct(list_concat([any_value(a.country)],
                                                   coalesce(any_value(f.countries), [])))),
               [m.actor_id], coalesce(any_value(f.types), []),
               coalesce(any_value(f.places), [])
        FROM actor_mentions m JOIN articles art USING (article_id)
        LEFT JOIN actors a ON a.article_id = m.article_id AND a.actor_id = m.actor_id
        {_JOIN.format(t="m")}
        GROUP BY m.article_id, m.actor_id, m.sentence_start""",
    "statements_scope": f"""
        SELECT s.rowid AS "row", s.article_id, art.date,
               list_sort(list_distinct(list_concat([a.country], coalesce(f.countries, []),
                                                   coalesce(named.countries, [])))),
               list_distinct([s.speaker_actor_id]), coalesce(f.types, []),
               list_sort(list_distinct(list_concat(coalesce(f.places, []),
                                                   coalesce(s.place_ids, []))))
        FROM statements s JOIN articles art USING (article_id)
        LEFT JOIN actors a ON a.article_id = s.article_id AND a.actor_id = s.speaker_actor_id
        {_JOIN.format(t="s")}
        LEFT JOIN (SELECT x.row, flatten(list(c.countries)) AS countries
                   FROM (SELECT rowid AS row, unnest(place_ids) AS place_id FROM statements) x
                   JOIN place_countries c USING (place_id) GROUP BY x.row) named
          ON named.row = s.rowid""",
    "indicators_scope": f"""
        SELECT i.rowid AS "row", i.article_id, art.date,
               list_sort(list_distinct(list_concat([i.source_country, i.target_country],
                                                   coalesce(f.countries, [])))),
               list_sort(list_distinct([i.source_actor_id, i.target_actor_id])), [i.type],
               list_sort(list_distinct(list_concat([i.place_id], coalesce(f.places, [])))),
               i.place_id, len(coalesce(i.flags, [])) > 0
        FROM indicators i JOIN articles art USING (article_id) {_JOIN.format(t="i")}""",
}


_NAMED = """
    SELECT DISTINCT n.article_id, n.country, a.date
    FROM (SELECT article_id, unnest(country_codes) AS country FROM places
          UNION ALL SELECT article_id, country FROM actors
          UNION ALL SELECT article_id, source_country FROM indicators
          UNION ALL SELECT article_id, target_country FROM indicators) n
    JOIN articles a USING (article_id)
    WHERE n.country IS NOT NULL AND n.country <> ''"""


def fill(con: duckdb.DuckDBPyConnection) -> None:
    """The scope tables of a snapshot whose article tables are filled, rows in their ORDER:
    those above, and `article_countries`, the countries each article names (a place in it, an
    actor of it, an event side), which a country pair's tension volume counts.
    """
    con.execute(f"INSERT INTO article_countries {_NAMED} ORDER BY {ORDER['article_countries']}")
    con.execute(_FACETS)
    for table, select in _SCOPES.items():
        con.execute(f"INSERT INTO {table} SELECT * FROM ({select}) ORDER BY {ORDER[table]}")
    for temp in ("sentence_facets", "place_countries", "place_speakers"):
        con.execute(f"DROP TABLE {temp}")
