-- The quarantined rows of crystal event files that name one owner. quarantine has no user_id:
-- it is read back from `raw`, which is the row's values as JSON (or its JSONL line) for every
-- row the reader could parse; a record that was not well-formed (a CSV line with a wrong field
-- count) names nobody reliably and is not attributed. $1 = user_id.
SELECT q.source, q.line, q.reason, q.raw
FROM quarantine AS q
JOIN loads AS l USING (load_id)
WHERE l.kind = 'crystals'
  -- CASE, not AND: json_extract_string raises on text that is not JSON, and AND evaluates both sides.
  AND CASE WHEN json_valid(q.raw) THEN trim(json_extract_string(q.raw, '$.user_id')) = $1 ELSE false END
ORDER BY q.load_id, q.line;
