-- The award root of each batch of a run, from the temp table scored_batches.
UPDATE run_batches AS b
SET award_root = s.award_root
FROM scored_batches AS s
WHERE b.run_id = $run_id AND b.batch = s.batch;
