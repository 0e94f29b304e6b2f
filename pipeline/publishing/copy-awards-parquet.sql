-- awards.parquet: the award engine's columns, in batch and leaf order. (COPY takes no
-- prepared parameters: {{run_id}} and {{path}} arrive as quoted literals.)
COPY (
  SELECT u.run_id, r.period, u.user_id, u.user_tag, u.noisy_score, u.award,
         coalesce(u.crystals_spent, 0)::BIGINT AS crystals_spent, coalesce(u.entries, 0)::BIGINT AS entries,
         coalesce(u.draw_wins, 0)::UBIGINT AS draw_wins,
         u.batch::INTEGER AS batch, u.leaf_index::INTEGER AS leaf_index
  FROM run_users AS u JOIN runs AS r USING (run_id)
  WHERE u.run_id = {{run_id}}
  ORDER BY u.batch, u.leaf_index
) TO {{path}} (FORMAT parquet);
