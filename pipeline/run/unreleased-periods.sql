-- The periods (local calendar months of $time_zone) that some loaded trips file is about but
-- whose scores were never released (no score release in privacy_ledger), oldest first. A file
-- is about the month most of its trips started in, as periodOfLoads decides for a run; the few
-- trips a file has in a neighbouring month (time zones) do not make that month a period to
-- release. The nightly run releases the first of these that has closed.
WITH load_months AS (
  SELECT load_id, strftime(timezone($time_zone, started_at), '%Y-%m') AS period, count(*) AS trips
  FROM trips
  GROUP BY load_id, period
),
load_periods AS (
  SELECT load_id, period
  FROM load_months
  QUALIFY row_number() OVER (PARTITION BY load_id ORDER BY trips DESC, period DESC) = 1
)
SELECT DISTINCT period
FROM load_periods
WHERE period NOT IN (SELECT period FROM privacy_ledger WHERE mechanism = 'binomial')
ORDER BY period;
