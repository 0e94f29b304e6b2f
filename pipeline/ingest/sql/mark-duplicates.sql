-- A valid row whose trip_id is already in `trips`, or that follows a valid row with the
-- same trip_id in this file, is a duplicate: the first valid one wins.
UPDATE checked_rows_stored
SET reason = 'duplicate_trip_id',
    raw = to_json(struct_pack(trip_id, user_id, vehicle_id, started_at, ended_at,
                              distance_km, energy_kwh, adas_km, region))::VARCHAR
WHERE rowid IN (
  SELECT row_id
  FROM (
    SELECT row_id, row_number() OVER (PARTITION BY trip_id ORDER BY ordinal) AS nth
    FROM checked_rows
    WHERE reason IS NULL
  )
  WHERE nth > 1
  UNION
  SELECT row_id FROM checked_rows WHERE reason IS NULL AND trip_id IN (SELECT trip_id FROM trips)
);
