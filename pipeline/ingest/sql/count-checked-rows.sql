SELECT
  count(*) FILTER (WHERE reason IS NULL)     AS accepted,
  count(*) FILTER (WHERE reason IS NOT NULL) AS quarantined
FROM checked_rows;
