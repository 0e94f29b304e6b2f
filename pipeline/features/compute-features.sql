-- Features of one period, one row per ENROLLED owner (enrolled on or before the period's
-- last day), whether they drove in the period or not.
--
-- Parameters: $period 'YYYY-MM'; $time_zone an IANA zone; $first_day / $last_day the
-- period's first and last local calendar days ('YYYY-MM-01', 'YYYY-MM-28..31');
-- $scan_from / $scan_until instants comfortably around the period (start - 2 days, end +
-- 2 days), used only to skip other trips early; $cap_trips, $cap_km, $cap_adas_km,
-- $cap_night_km, $cap_regions the daily caps (positive integers).
--
-- Semantics (exact, deterministic whatever the thread count: integer arithmetic only):
-- * The owners scored are the rows of `owners` with enrolled_on <= $last_day. The list, and
--   so the number of lines a period publishes, depends on enrolment only, never on driving.
-- * Local time of a trip = its started_at read on the wall clock of $time_zone (ICU, DST
--   included). Its local day = the calendar date of that wall-clock time. A trip counts when
--   its local day is in [$first_day, $last_day] AND on or after its owner's enrolled_on.
--   Trips of owners who are not enrolled, and trips before an owner's enrolment, are not
--   scored (count-unscored-trips.sql counts them for the report).
-- * Distances are whole metres per trip: round(distance_km * 1000)::BIGINT (half away from
--   zero), likewise round(coalesce(adas_km, 0) * 1000)::BIGINT; sums are integer sums.
-- * Per owner and local day (a user-day), each contribution is clamped at its cap BEFORE the
--   days are summed:
--     trips_day    = least(trips that day, cap_trips)
--     km_day       = least(floor(metres that day / 1000), cap_km)
--     adas_km_day  = least(floor(ADAS metres that day / 1000), cap_adas_km)
--     night_km_day = least(floor(metres that day of trips whose local start hour is 22, 23,
--                    0, 1, ..., 5, i.e. local start time in [22:00, 06:00)) / 1000), cap_night_km)
-- * active_days = number of local days of the period with at least one counted trip;
--   trips, km, adas_km, night_km = the sums of the clamped per-day values; all 0 for an
--   owner who did not drive in the period.
-- * distinct_regions = number of distinct non-null regions of the owner over the period,
--   where each day contributes only its first cap_regions regions: a day's regions are
--   ordered by the start instant of their first trip that day, ties by region name
--   (byte order), and the first cap_regions are kept.
-- * tenure_days = ($last_day - enrolled_on) + 1: the days the owner has shared data, by the
--   period's last day (an enrolment on $last_day gives 1). It depends on enrolment only, so
--   no day of driving moves it, in this period or any later one.
-- * period, time_zone = $period, $time_zone; computed_at = the transaction's start (now()).
-- computeFeatures first deletes every row of $period (whatever its time_zone) in the same
-- transaction: one row per owner and period.
INSERT INTO features
  (period, time_zone, user_id, active_days, trips, km, adas_km, night_km, distinct_regions, tenure_days, computed_at)
WITH
enrolled AS (
  SELECT user_id, enrolled_on
  FROM owners
  WHERE enrolled_on <= CAST($last_day AS DATE)
),
nearby_trips AS (   -- the enrolled owners' trips around the period, on the local clock
  SELECT
    t.user_id,
    t.started_at,
    t.region,
    CAST(timezone($time_zone, t.started_at) AS DATE) AS local_day,
    hour(timezone($time_zone, t.started_at)) AS local_hour,
    t.distance_km,
    t.adas_km,
    e.enrolled_on
  FROM trips AS t
  JOIN enrolled AS e USING (user_id)
  WHERE t.started_at >= CAST($scan_from AS TIMESTAMPTZ)
    AND t.started_at < CAST($scan_until AS TIMESTAMPTZ)
),
period_trips AS (   -- the counted trips: in the period, on or after the owner's enrolment
  SELECT
    user_id,
    started_at,
    region,
    local_day,
    round(distance_km * 1000)::BIGINT AS metres,
    round(coalesce(adas_km, 0) * 1000)::BIGINT AS adas_metres,
    (local_hour >= 22 OR local_hour < 6) AS at_night
  FROM nearby_trips
  WHERE local_day BETWEEN CAST($first_day AS DATE) AND CAST($last_day AS DATE)
    AND local_day >= enrolled_on
),
user_days AS (   -- one row per user-day, contributions clamped at the daily caps
  SELECT
    user_id,
    local_day,
    least(count(*), CAST($cap_trips AS BIGINT)) AS trips,
    least(sum(metres) // 1000, CAST($cap_km AS BIGINT)) AS km,
    least(sum(adas_metres) // 1000, CAST($cap_adas_km AS BIGINT)) AS adas_km,
    least(coalesce(sum(metres) FILTER (WHERE at_night), 0) // 1000, CAST($cap_night_km AS BIGINT)) AS night_km
  FROM period_trips
  GROUP BY user_id, local_day
),
day_regions AS (   -- each region of each user-day, with the start of its first trip that day
  SELECT user_id, local_day, region, min(started_at) AS first_start
  FROM period_trips
  WHERE region IS NOT NULL
  GROUP BY user_id, local_day, region
),
kept_regions AS (   -- the first cap_regions regions of each user-day
  SELECT user_id, region
  FROM day_regions
  QUALIFY row_number() OVER (PARTITION BY user_id, local_day ORDER BY first_start, region) <= CAST($cap_regions AS BIGINT)
),
user_regions AS (
  SELECT user_id, count(DISTINCT region) AS distinct_regions
  FROM kept_regions
  GROUP BY user_id
),
user_totals AS (
  SELECT
    user_id,
    count(*) AS active_days,
    sum(trips) AS trips,
    sum(km) AS km,
    sum(adas_km) AS adas_km,
    sum(night_km) AS night_km
  FROM user_days
  GROUP BY user_id
)
SELECT
  CAST($period AS VARCHAR),
  CAST($time_zone AS VARCHAR),
  e.user_id,
  CAST(coalesce(t.active_days, 0) AS INTEGER),
  CAST(coalesce(t.trips, 0) AS INTEGER),
  CAST(coalesce(t.km, 0) AS BIGINT),
  CAST(coalesce(t.adas_km, 0) AS BIGINT),
  CAST(coalesce(t.night_km, 0) AS BIGINT),
  CAST(coalesce(r.distinct_regions, 0) AS INTEGER),
  CAST(CAST($last_day AS DATE) - e.enrolled_on + 1 AS INTEGER),
  now()
FROM enrolled AS e
LEFT JOIN user_totals AS t USING (user_id)
LEFT JOIN user_regions AS r USING (user_id)
ORDER BY e.user_id;
