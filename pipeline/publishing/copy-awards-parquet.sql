-- awards.parquet: the award engine's columns, in batch and leaf order. (COPY takes no
-- prepared parameters: {{run_id}} and {{path}} arrive as quoted literals.)
COPY (
  SELECT u.run_id, r.period, u.user_id, u.user_tag, u.noisy_score, u.award,
         u.batch::INTEGER AS batch, u.leaf_index::INTEGER AS leaf_index
  FROM run_users AS u JOIN runs AS r USING (run_id)
  WHERE u.run_id = {{run_id}}
  ORDER BY u.batch, u.leaf_index
) TO {{path}} (FORMAT parquet);
