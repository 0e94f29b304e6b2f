-- The run's users by score bin: bin i holds the scores from edge i (of $edges, strictly
-- increasing from 0) up to the next edge; the last bin is open. ASOF JOIN pairs each score
-- with the largest edge at or below it. One user-day changes one user's score only (or adds
-- or removes that user): at most 2 bins, by 1 each.
-- One row per bin with users; the others are absent (the caller counts them 0).
WITH edges AS (
  SELECT low, CAST(row_number() OVER (ORDER BY low) - 1 AS INTEGER) AS bin
  FROM (SELECT unnest($edges) AS low)
)
SELECT e.bin, CAST(count(*) AS BIGINT) AS value
FROM run_users AS u
ASOF JOIN edges AS e ON u.score >= e.low
WHERE u.run_id = $run_id
GROUP BY e.bin
ORDER BY e.bin;
