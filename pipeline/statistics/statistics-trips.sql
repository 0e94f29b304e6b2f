-- The trips of one period on the local clock, for the statistics: the same rules as
-- compute-features.sql (a trip belongs to the local calendar day, in $time_zone, that its
-- started_at falls on; distances in whole metres, rounded half away from zero; only the
-- trips of enrolled owners, on or after their enrolment day: the data they agreed to share).
--
-- Parameters: $time_zone; $first_day, $last_day the period's first and last local days;
-- $scan_from, $scan_until instants comfortably before and after the period (only to skip
-- other trips early); $regions the policy's public regions (VARCHAR[]).
--
-- region_bin is the trip's region when the policy lists it, 'other' otherwise (also for a
-- trip with no region): the bins are public, never derived from the data.
CREATE OR REPLACE TEMP TABLE statistics_trips AS
SELECT
  t.user_id,
  t.trip_id,
  t.started_at,
  CAST(timezone($time_zone, t.started_at) AS DATE) AS local_day,
  CAST(hour(timezone($time_zone, t.started_at)) AS INTEGER) AS local_hour,
  round(t.distance_km * 1000)::BIGINT AS metres,
  round(coalesce(t.adas_km, 0) * 1000)::BIGINT AS adas_metres,
  CASE WHEN t.region IS NOT NULL AND list_contains($regions, t.region) THEN t.region ELSE 'other' END AS region_bin
FROM trips AS t
JOIN owners AS o USING (user_id)
WHERE t.started_at >= CAST($scan_from AS TIMESTAMPTZ)
  AND t.started_at < CAST($scan_until AS TIMESTAMPTZ)
  AND CAST(timezone($time_zone, t.started_at) AS DATE) BETWEEN CAST($first_day AS DATE) AND CAST($last_day AS DATE)
  AND CAST(timezone($time_zone, t.started_at) AS DATE) >= o.enrolled_on;
