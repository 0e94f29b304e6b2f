-- Whether the database has the crystal_events table: a database made before crystal events,
-- opened read-only, does not (the schema is only applied by a writer).
SELECT count(*) AS tables FROM duckdb_tables() WHERE table_name = 'crystal_events';
