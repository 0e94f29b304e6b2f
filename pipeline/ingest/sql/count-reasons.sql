-- Quarantined rows of one load, by reason. $1 = load id.
SELECT reason, count(*) AS rows FROM quarantine WHERE load_id = $1 GROUP BY reason ORDER BY reason;
