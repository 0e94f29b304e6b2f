/**
 * Why a row was quarantined. A row gets the FIRST reason in this order that applies, so
 * every row has exactly one reason and the order is part of the contract.
 */
export const QUARANTINE_REASONS = {
  malformed_row: 'not a well-formed record: wrong number of fields, broken quoting, invalid UTF-8, or a JSONL line that is not a JSON object',
  missing_field: 'a required field (trip_id, user_id, vehicle_id, started_at, ended_at, distance_km) is absent or empty',
  bad_timestamp: 'started_at or ended_at is not an ISO-8601 date-time with a UTC offset, or not a real date',
  bad_number: 'distance_km, energy_kwh or adas_km is not a finite number',
  end_before_start: 'ended_at is before started_at',
  duration_too_long: 'the trip lasts more than 24 hours',
  distance_out_of_range: 'distance_km is below 0 or above 1500',
  speed_implausible: 'the average speed is above 250 km/h (or the distance is covered in no time)',
  negative_value: 'energy_kwh or adas_km is below 0',
  adas_exceeds_distance: 'adas_km is greater than distance_km',
  duplicate_trip_id: 'the trip_id was already loaded, or appears earlier in the same file (the first valid one wins)',
} as const;

export type QuarantineReason = keyof typeof QUARANTINE_REASONS;
export const QUARANTINE_REASON_CODES = Object.keys(QUARANTINE_REASONS) as QuarantineReason[];
