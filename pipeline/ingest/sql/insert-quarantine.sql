-- Rejected rows with their first broken rule. $1 = source path, $2 = load id.
INSERT INTO quarantine
SELECT $1, {{line}}, c.reason, c.raw, $2
FROM checked_rows AS c {{line_join}}
WHERE c.reason IS NOT NULL;
