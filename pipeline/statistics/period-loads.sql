-- The SHA-256 of every load (input file) with an accepted trip in the period: the trips whose
-- local day (in $time_zone) is in [$first_day, $last_day] (statistics-trips.sql's rule).
-- Sorted, so the list depends on the data only, not on the order files were loaded in.
SELECT DISTINCT l.sha256
FROM trips AS t
JOIN loads AS l ON l.load_id = t.load_id
WHERE t.started_at >= CAST($scan_from AS TIMESTAMPTZ)
  AND t.started_at < CAST($scan_until AS TIMESTAMPTZ)
  AND CAST(timezone($time_zone, t.started_at) AS DATE) BETWEEN CAST($first_day AS DATE) AND CAST($last_day AS DATE)
ORDER BY l.sha256;
