-- A valid row whose trip_id is already in `trips`, or that follows a valid row with the
-- same trip_id in this file, is a duplicate: the first valid one wins.
UPDATE checked_rows AS c
SET reason = 'duplicate_trip_id',
    raw = to_json(struct_pack(c.trip_id, c.user_id, c.vehicle_id, c.started_at, c.ended_at,
                              c.distance_km, c.energy_kwh, c.adas_km, c.region))::VARCHAR
FROM (
  SELECT ordinal
  FROM (
    SELECT ordinal, row_number() OVER (PARTITION BY trip_id ORDER BY ordinal) AS nth
    FROM checked_rows
    WHERE reason IS NULL
  )
  WHERE nth > 1
  UNION
  SELECT ordinal FROM checked_rows WHERE reason IS NULL AND trip_id IN (SELECT trip_id FROM trips)
) AS d
WHERE c.ordinal = d.ordinal;
