-- The checked rows of either kind (check-rows.sql for trips, check-owners.sql for owners),
-- numbered. CSV records carry no number, and numbering them with a window would run the whole
-- parse on one thread. The table keeps the reader's order instead (DuckDB preserves insertion
-- order), so a record's position is its rowid.
CREATE OR REPLACE TEMP VIEW checked_rows AS
SELECT coalesce(source_ordinal, rowid + 1) AS ordinal, rowid AS row_id, * EXCLUDE (source_ordinal)
FROM checked_rows_stored;
