-- Accepted rows. $1 = load id. {{line}} / {{line_join}} turn ordinals into file lines.
INSERT INTO trips
SELECT c.trip_id, c.user_id, c.vehicle_id, c.started_at, c.ended_at, c.distance_km, c.energy_kwh, c.adas_km, c.region,
       $1, {{line}}
FROM checked_rows AS c {{line_join}}
WHERE c.reason IS NULL;
