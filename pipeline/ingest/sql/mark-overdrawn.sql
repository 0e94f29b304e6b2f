-- Quarantines the new spends crystal-balances.ts refused. {{row_ids}} = their checked_rows
-- row_id list; {{typed_json}} = the row's typed values as JSON, kept as its raw (as for a duplicate).
UPDATE checked_rows_stored
SET reason = 'insufficient_crystals',
    raw = {{typed_json}}
WHERE rowid IN (SELECT unnest({{row_ids}}::BIGINT[]));
