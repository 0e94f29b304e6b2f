-- Records DuckDB's CSV reader could not parse (one row per line, whatever the number of
-- errors on it). $1 = source path, $2 = load id.
INSERT INTO quarantine
SELECT $1, line, 'malformed_row', any_value(csv_line ORDER BY column_idx), $2
FROM {{rejects_table}}
GROUP BY line;
