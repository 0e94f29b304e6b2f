-- One owner's accepted crystal events in ledger order, (occurred_at, event_id) as ingest judges
-- balances (crystal-balances.ts), each with the running balance it leaves. $1 = user_id.
SELECT
  e.event_id, epoch_ms(e.occurred_at) AS at_ms, e.kind, e.amount, e.draw, l.path AS source, e.line,
  CAST(sum(CASE e.kind WHEN 'earned' THEN e.amount ELSE -e.amount END)
         OVER (ORDER BY e.occurred_at, e.event_id ROWS UNBOUNDED PRECEDING) AS BIGINT) AS balance
FROM crystal_events AS e
JOIN loads AS l USING (load_id)
WHERE e.user_id = $1
ORDER BY e.occurred_at, e.event_id;
