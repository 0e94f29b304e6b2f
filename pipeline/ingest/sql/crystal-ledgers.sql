-- The ledgers insufficient_crystals is judged on (crystal-balances.ts): every event, accepted
-- before or valid in the file being loaded, of each owner with a valid new spend. Earlier
-- loads' events carry row_id NULL (they stay accepted whatever comes). Owners without a new
-- spend cannot be overdrawn by this file: earnings only raise a balance.
WITH spenders AS (
  SELECT DISTINCT user_id FROM checked_rows WHERE reason IS NULL AND kind = 'spent'
)
SELECT user_id, event_id, epoch_us(occurred_at) AS at_us, kind, amount, NULL::BIGINT AS row_id
FROM crystal_events SEMI JOIN spenders USING (user_id)
UNION ALL
SELECT user_id, event_id, epoch_us(occurred_at), kind, amount, row_id
FROM checked_rows SEMI JOIN spenders USING (user_id)
WHERE reason IS NULL
ORDER BY user_id, at_us, event_id;
