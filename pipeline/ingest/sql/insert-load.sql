-- The `loads` row of one file, written last in its transaction. Columns are named, so the
-- statement does not depend on their order (`kind` was added later, see schema.sql).
-- $1 load id, $2 path, $3 sha256, $4 bytes, $5 format, $6 kind, $7 rows read, $8 accepted,
-- $9 quarantined, $10 ignored columns as a JSON array.
INSERT INTO loads (load_id, path, sha256, bytes, format, kind, rows_read, rows_accepted, rows_quarantined, ignored_columns, loaded_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, from_json($10, '["VARCHAR"]'), now());
