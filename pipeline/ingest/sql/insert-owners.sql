-- Accepted enrolments. $1 = load id. {{line}} / {{line_join}} turn ordinals into file lines.
INSERT INTO owners
SELECT c.user_id, c.enrolled_on, $1, {{line}}
FROM checked_rows AS c {{line_join}}
WHERE c.reason IS NULL;
