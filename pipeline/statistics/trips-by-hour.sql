-- Trips by local hour of the start (0 to 23), counting at most the first $trips_per_day trips
-- of each user-day (by start instant, ties by trip_id): one user-day adds at most
-- $trips_per_day trips in all, however they spread over the hours (l1 sensitivity
-- $trips_per_day, squared l2 sensitivity $trips_per_day^2: all of them in one hour).
-- One row per hour with trips; the others are absent (the caller counts them 0).
WITH kept AS (
  SELECT local_hour
  FROM statistics_trips
  QUALIFY row_number() OVER (PARTITION BY user_id, local_day ORDER BY started_at, trip_id) <= $trips_per_day
)
SELECT local_hour AS hour, CAST(count(*) AS BIGINT) AS value
FROM kept
GROUP BY local_hour
ORDER BY local_hour;
