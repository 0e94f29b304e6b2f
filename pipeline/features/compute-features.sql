-- Features of one period, one row per user with at least one trip in the period.
--
-- Parameters: $period 'YYYY-MM'; $time_zone an IANA zone; $first_day / $last_day the
-- period's first and last local calendar days ('YYYY-MM-01', 'YYYY-MM-28..31');
-- $scan_until an instant comfortably after the period end (end + 2 days), used only to skip
-- later trips early; $cap_trips, $cap_km, $cap_adas_km, $cap_night_km, $cap_regions the
-- daily caps (positive integers).
--
-- Semantics (exact, deterministic whatever the thread count: integer arithmetic only):
-- * Local time of a trip = its started_at read on the wall clock of $time_zone (ICU, DST
--   included). Its local day = the calendar date of that wall-clock time. A trip belongs
--   to the period when its local day is in [$first_day, $last_day], i.e. it started in
--   [local 00:00 of the 1st, local 00:00 of the 1st of the next month) (Period.start/end;
--   where a DST gap skips midnight, the day starts when the clocks jump).
-- * Distances are whole metres per trip: round(distance_km * 1000)::BIGINT (half away from
--   zero), likewise round(coalesce(adas_km, 0) * 1000)::BIGINT; sums are integer sums.
-- * Per user and local day (a user-day), each contribution is clamped at its cap BEFORE the
--   days are summed:
--     trips_day    = least(trips that day, cap_trips)
--     km_day       = least(floor(metres that day / 1000), cap_km)
--     adas_km_day  = least(floor(ADAS metres that day / 1000), cap_adas_km)
--     night_km_day = least(floor(metres that day of trips whose local start hour is 22, 23,
--                    0, 1, ..., 5, i.e. local start time in [22:00, 06:00)) / 1000), cap_night_km)
-- * active_days = number of local days of the period with at least one trip;
--   trips, km, adas_km, night_km = the sums of the clamped per-day values.
-- * distinct_regions = number of distinct non-null regions of the user over the period,
--   where each day contributes only its first cap_regions regions: a day's regions are
--   ordered by the start instant of their first trip that day, ties by region name
--   (byte order), and the first cap_regions are kept.
-- * tenure_days = ($last_day - local day of the user's first trip) + 1, over all loaded
--   trips of the user whose local day is <= $last_day (trips after the period never count,
--   so a backfill gives what the period gave at the time); a first trip on $last_day gives 1.
-- * period, time_zone = $period, $time_zone; computed_at = the transaction's start (now()).
-- computeFeatures first deletes every row of $period (whatever its time_zone) in the same
-- transaction: one row per user and period.
INSERT INTO features
  (period, time_zone, user_id, active_days, trips, km, adas_km, night_km, distinct_regions, tenure_days, computed_at)
WITH
history AS (   -- every trip up to the end of the period, on the local clock
  SELECT
    user_id,
    started_at,
    region,
    distance_km,
    adas_km,
    CAST(timezone($time_zone, started_at) AS DATE) AS local_day,
    hour(timezone($time_zone, started_at)) AS local_hour
  FROM trips
  WHERE started_at < CAST($scan_until AS TIMESTAMPTZ)
    AND CAST(timezone($time_zone, started_at) AS DATE) <= CAST($last_day AS DATE)
),
first_days AS (   -- the local day of each user's first trip, for tenure
  SELECT user_id, min(local_day) AS first_day
  FROM history
  GROUP BY user_id
),
period_trips AS (
  SELECT
    user_id,
    started_at,
    region,
    local_day,
    round(distance_km * 1000)::BIGINT AS metres,
    round(coalesce(adas_km, 0) * 1000)::BIGINT AS adas_metres,
    (local_hour >= 22 OR local_hour < 6) AS at_night
  FROM history
  WHERE local_day >= CAST($first_day AS DATE)
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
  t.user_id,
  CAST(t.active_days AS INTEGER),
  CAST(t.trips AS INTEGER),
  CAST(t.km AS BIGINT),
  CAST(t.adas_km AS BIGINT),
  CAST(t.night_km AS BIGINT),
  CAST(coalesce(r.distinct_regions, 0) AS INTEGER),
  CAST(CAST($last_day AS DATE) - f.first_day + 1 AS INTEGER),
  now()
FROM user_totals AS t
JOIN first_days AS f USING (user_id)
LEFT JOIN user_regions AS r USING (user_id)
ORDER BY t.user_id;
