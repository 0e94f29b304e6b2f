-- Cheap test that lets the common case (no duplicate at all) skip mark-duplicates.sql.
-- {{key}} = the column that must be unique (trip_id, user_id), {{target}} = its table.
SELECT
  (count(*) - count(DISTINCT {{key}}))
  + (SELECT count(*) FROM checked_rows c SEMI JOIN {{target}} t ON c.{{key}} = t.{{key}} WHERE c.reason IS NULL)
  AS duplicates
FROM checked_rows
WHERE reason IS NULL;
