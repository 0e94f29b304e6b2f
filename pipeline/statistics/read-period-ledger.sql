-- Every ledger row of one period (whatever its time zone), oldest release first.
SELECT
  release_id, run_id, period, time_zone, data_fingerprint, statistic, mechanism,
  sensitivity_l1, sensitivity_l2_squared, scale, rho, rho_value, epsilon, epsilon_value, delta,
  released, epoch_ms(recorded_at) AS recorded_ms
FROM privacy_ledger
WHERE period = $period
ORDER BY recorded_at, release_id, statistic;
