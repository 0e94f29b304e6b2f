-- The owners enrolled on or before a day: everyone a period ending that day scores, active or
-- not. $1 = the last day, 'YYYY-MM-DD'. user_id is unique in `owners` (ingest quarantines repeats).
SELECT user_id, strftime(enrolled_on, '%Y-%m-%d') AS enrolled_on
FROM owners
WHERE enrolled_on <= CAST($1 AS DATE)
ORDER BY user_id;
