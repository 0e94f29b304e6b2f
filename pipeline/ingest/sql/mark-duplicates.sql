-- A valid row whose {{key}} is already in {{target}}, or that follows a valid row with the
-- same {{key}} in this file, is a duplicate ({{reason}}): the first valid one wins.
-- {{typed_json}} = the row's typed values as JSON, kept as its raw.
UPDATE checked_rows_stored
SET reason = {{reason}},
    raw = {{typed_json}}
WHERE rowid IN (
  SELECT row_id
  FROM (
    SELECT row_id, row_number() OVER (PARTITION BY {{key}} ORDER BY ordinal) AS nth
    FROM checked_rows
    WHERE reason IS NULL
  )
  WHERE nth > 1
  UNION
  SELECT row_id FROM checked_rows WHERE reason IS NULL AND {{key}} IN (SELECT {{key}} FROM {{target}})
);
