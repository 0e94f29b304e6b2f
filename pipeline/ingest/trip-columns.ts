/** The input schema of usage files (CSV header, JSONL keys, Parquet or Arrow columns). */
export const REQUIRED_TRIP_COLUMNS = ['trip_id', 'user_id', 'vehicle_id', 'started_at', 'ended_at', 'distance_km'] as const;
const OPTIONAL_TRIP_COLUMNS = ['energy_kwh', 'adas_km', 'region'] as const;
export const TRIP_INPUT_COLUMNS = [...REQUIRED_TRIP_COLUMNS, ...OPTIONAL_TRIP_COLUMNS] as const;

export type TripInputColumn = (typeof TRIP_INPUT_COLUMNS)[number];

export const TEXT_COLUMNS = ['trip_id', 'user_id', 'vehicle_id', 'region'] as const satisfies readonly TripInputColumn[];
export const TIMESTAMP_COLUMNS = ['started_at', 'ended_at'] as const satisfies readonly TripInputColumn[];
export const NUMBER_COLUMNS = ['distance_km', 'energy_kwh', 'adas_km'] as const satisfies readonly TripInputColumn[];

/** Column names compare after trimming and lower-casing, so `Trip_ID ` still matches. */
export function normalizeColumnName(name: string): string {
  return name.trim().toLowerCase();
}
