-- One row of the privacy ledger (schema.sql). All rows of one release are inserted in one
-- transaction, so recorded_at (now(), the transaction's start) is the same for all of them.
INSERT INTO privacy_ledger (
  release_id, run_id, period, time_zone, data_fingerprint, statistic, mechanism,
  sensitivity_l1, sensitivity_l2_squared, scale, rho, rho_value, epsilon, epsilon_value, delta,
  released, recorded_at
) VALUES (
  $release_id, $run_id, $period, $time_zone, $data_fingerprint, $statistic, $mechanism,
  CAST($sensitivity_l1 AS BIGINT), CAST($sensitivity_l2_squared AS BIGINT), $scale,
  $rho, CAST($rho_value AS DOUBLE), $epsilon, CAST($epsilon_value AS DOUBLE), CAST($delta AS DOUBLE),
  $released, now()
);
