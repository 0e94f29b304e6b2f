-- The score releases of one period (privacy_ledger rows of mechanism 'binomial', one per run
-- whose scores were drawn), oldest first.
SELECT run_id, epsilon_value, delta, epoch_ms(recorded_at) AS recorded_ms
FROM privacy_ledger
WHERE period = $period AND mechanism = 'binomial'
ORDER BY recorded_at, run_id;
