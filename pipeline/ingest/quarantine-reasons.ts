/**
 * Why a row of a trips file was quarantined. A row gets the FIRST reason in this order that
 * applies, so every row has exactly one reason and the order is part of the contract.
 */
const QUARANTINE_REASONS = {
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

export type TripQuarantineReason = keyof typeof QUARANTINE_REASONS;
export const QUARANTINE_REASON_CODES = Object.keys(QUARANTINE_REASONS) as TripQuarantineReason[];

/**
 * Why a row of an enrolment (owners) file was quarantined: the first that applies, in this
 * order, as for trips. The rows go to the same `quarantine` table.
 */
const OWNER_QUARANTINE_REASONS = {
  malformed_row: 'not a well-formed record: wrong number of fields, broken quoting, invalid UTF-8, or a JSONL line that is not a JSON object',
  missing_field: 'user_id or enrolled_on is absent, empty or only spaces',
  bad_date: 'enrolled_on is not a calendar date written YYYY-MM-DD (or a DATE or timestamp column), or not a real date',
  date_out_of_range: 'enrolled_on is before 2000-01-01 or after 2099-12-31 (tenure in days must fit 16 bits)',
  duplicate_owner: 'the user_id is already enrolled, or appears earlier in the same file (the first valid one wins)',
} as const;

export type OwnerQuarantineReason = keyof typeof OWNER_QUARANTINE_REASONS;
export const OWNER_QUARANTINE_REASON_CODES = Object.keys(OWNER_QUARANTINE_REASONS) as OwnerQuarantineReason[];

/**
 * Why a row of a crystal event file was quarantined: the first that applies, in this order.
 * insufficient_crystals comes last because it is judged over the rows that passed every
 * other check (crystal-balances.ts), against the owner's whole accepted ledger.
 */
const CRYSTAL_QUARANTINE_REASONS = {
  malformed_row: 'not a well-formed record: wrong number of fields, broken quoting, invalid UTF-8, or a JSONL line that is not a JSON object',
  missing_field: 'a required field (event_id, user_id, at, kind, amount) is absent, empty or only spaces',
  bad_timestamp: 'at is not an ISO-8601 date-time with a UTC offset, or not a real date',
  bad_kind: 'kind is neither earned nor spent',
  bad_amount: 'amount is not a whole number from 1 to 2147483647',
  missing_draw: 'a spent event names no draw',
  unexpected_draw: 'an earned event names a draw',
  bad_draw: 'draw is not a period written YYYY-MM (month 01 to 12)',
  draw_closed: "the draw's period has released its scores: its entries were fixed at commit and its draw is done",
  duplicate_event_id: 'the event_id was already loaded, or appears earlier in the same file (the first valid one wins)',
  insufficient_crystals: "the spend would take the owner's balance below zero, at its own moment or at a later accepted event",
} as const;

type CrystalQuarantineReason = keyof typeof CRYSTAL_QUARANTINE_REASONS;
export const CRYSTAL_QUARANTINE_REASON_CODES = Object.keys(CRYSTAL_QUARANTINE_REASONS) as CrystalQuarantineReason[];

/** Any reason a row of any kind of file can be quarantined for. */
export type QuarantineReason = TripQuarantineReason | OwnerQuarantineReason | CrystalQuarantineReason;
