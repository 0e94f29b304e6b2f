-- km by region bin (statistics_trips.region_bin), each user-day's contribution bounded before
-- counting:
-- * a user-day's bins are ordered by the start of their first trip that day, ties by bin name
--   (byte order), and only the first $regions_per_day count;
-- * each kept bin gets floor(its metres that day / 1000) km, taken in that order from an
--   allowance of $km_per_day km for the whole day: a bin gets
--   greatest(0, least(its km, $km_per_day - km of the bins before it)).
-- So one user-day adds at most $km_per_day km in all, to at most $regions_per_day bins
-- (l1 sensitivity $km_per_day, squared l2 sensitivity $km_per_day^2: all of it in one bin).
-- One row per bin with km; bins nobody drove in are absent (the caller counts them 0).
WITH day_bins AS (
  SELECT user_id, local_day, region_bin, min(started_at) AS first_start, sum(metres) // 1000 AS km
  FROM statistics_trips
  GROUP BY user_id, local_day, region_bin
),
ordered AS (
  SELECT
    region_bin,
    km,
    row_number() OVER day_order AS position,
    coalesce(sum(km) OVER (day_order ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS km_before
  FROM day_bins
  WINDOW day_order AS (PARTITION BY user_id, local_day ORDER BY first_start, region_bin)
)
SELECT
  region_bin AS bin,
  CAST(sum(greatest(0, least(km, CAST($km_per_day AS BIGINT) - km_before))) AS BIGINT) AS value
FROM ordered
WHERE position <= $regions_per_day
GROUP BY region_bin
ORDER BY region_bin;
