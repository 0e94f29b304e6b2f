-- Active users, total km and total ADAS km of the period (statistics_trips), each user-day
-- clamped BEFORE the days are summed:
--   km of a user-day      = least(floor(its metres / 1000), $km_per_day)
--   ADAS km of a user-day = least(floor(its ADAS metres / 1000), $adas_km_per_day)
-- so adding or removing one user-day moves total_km by at most $km_per_day, total_adas_km by
-- at most $adas_km_per_day and active_users (users with at least one trip) by at most 1.
WITH user_days AS (
  SELECT
    user_id,
    least(sum(metres) // 1000, CAST($km_per_day AS BIGINT)) AS km,
    least(sum(adas_metres) // 1000, CAST($adas_km_per_day AS BIGINT)) AS adas_km
  FROM statistics_trips
  GROUP BY user_id, local_day
)
SELECT
  CAST(count(DISTINCT user_id) AS BIGINT) AS active_users,
  CAST(coalesce(sum(km), 0) AS BIGINT) AS total_km,
  CAST(coalesce(sum(adas_km), 0) AS BIGINT) AS total_adas_km
FROM user_days;
