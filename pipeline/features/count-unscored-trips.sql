-- The trips of a period that no owner's score counts, for the run's report (never published):
-- those of drivers with no enrolment by the period's last day, and those an enrolled owner
-- made before their enrolment day. Same parameters and local-day rule as compute-features.sql.
WITH nearby_trips AS (
  SELECT t.user_id, CAST(timezone($time_zone, t.started_at) AS DATE) AS local_day
  FROM trips AS t
  WHERE t.started_at >= CAST($scan_from AS TIMESTAMPTZ)
    AND t.started_at < CAST($scan_until AS TIMESTAMPTZ)
),
period_trips AS (
  SELECT * FROM nearby_trips WHERE local_day BETWEEN CAST($first_day AS DATE) AND CAST($last_day AS DATE)
)
SELECT
  count(*) FILTER (WHERE o.user_id IS NULL OR o.enrolled_on > CAST($last_day AS DATE)) AS unenrolled_trips,
  count(DISTINCT p.user_id) FILTER (WHERE o.user_id IS NULL OR o.enrolled_on > CAST($last_day AS DATE)) AS unenrolled_drivers,
  count(*) FILTER (WHERE o.enrolled_on <= CAST($last_day AS DATE) AND p.local_day < o.enrolled_on) AS trips_before_enrolment
FROM period_trips AS p
LEFT JOIN owners AS o USING (user_id);
