-- Accepted crystal events. $1 = load id. {{line}} / {{line_join}} turn ordinals into file lines.
INSERT INTO crystal_events
SELECT c.event_id, c.user_id, c.occurred_at, c.kind, c.amount, c.draw, $1, {{line}}
FROM checked_rows AS c {{line_join}}
WHERE c.reason IS NULL;
