-- A committed run: the data root and the moment it was recorded, before any beacon exists.
INSERT INTO runs (run_id, period, time_zone, status, created_at, formula_id, formula_version, formula_sha256,
                  formula_poseidon, pool, carried_in, batch_size, users, batches, data_root, data_root_recorded_at,
                  started_by, previous_run_id)
VALUES ($run_id, $period, $time_zone, 'committed', now(), $formula_id, $formula_version, $formula_sha256,
        $formula_poseidon, $pool::UBIGINT, $carried_in::UBIGINT, $batch_size, $users, $batches, $data_root, now(),
        $started_by, $previous_run_id);
