/** One vehicle-usage record, as the ingest stage reads it from a usage file. */
export interface TripRecord {
  trip_id: string;
  user_id: string;
  vehicle_id: string;
  /** ISO-8601 with the region's UTC offset at that instant, seconds precision: 2026-10-25T02:30:00+02:00 */
  started_at: string;
  ended_at: string;
  /** Rounded to 0.001 km. */
  distance_km: number;
  /** null for combustion cars. */
  energy_kwh: number | null;
  /** null for older vehicles that do not report ADAS use. */
  adas_km: number | null;
  /** null when the owner turned location sharing off. */
  region: string | null;
}

/** The column order of every written format (the CSV header, the Parquet and Arrow schemas). */
export const TRIP_COLUMNS = [
  'trip_id',
  'user_id',
  'vehicle_id',
  'started_at',
  'ended_at',
  'distance_km',
  'energy_kwh',
  'adas_km',
  'region',
] as const satisfies readonly (keyof TripRecord)[];

export type TripColumn = (typeof TRIP_COLUMNS)[number];
