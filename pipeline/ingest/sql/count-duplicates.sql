-- Cheap test that lets the common case (no duplicate at all) skip mark-duplicates.sql.
SELECT
  (count(*) - count(DISTINCT trip_id))
  + (SELECT count(*) FROM checked_rows c SEMI JOIN trips t ON c.trip_id = t.trip_id WHERE c.reason IS NULL)
  AS duplicates
FROM checked_rows
WHERE reason IS NULL;
