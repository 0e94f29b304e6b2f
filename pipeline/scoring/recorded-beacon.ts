import type { DuckDBConnection } from '@duckdb/node-api';
import { fieldFromHex } from '../commitments/field-encoding.js';
import type { Beacon, DrandBeacon } from './score-run.js';

/** The beacon a run was scored with, if it has one: a run's beacon never changes once recorded. */
export async function recordedBeacon(connection: DuckDBConnection, runId: string): Promise<Beacon | undefined> {
  const reader = await connection.runAndReadAll('SELECT beacon, demo_beacon, beacon_drand FROM runs WHERE run_id = $1', [runId]);
  const [hex, demo, drand] = reader.getRows()[0] ?? [];
  if (hex === null || hex === undefined) return undefined;
  return {
    hex: String(hex),
    value: fieldFromHex(String(hex)),
    demo: Boolean(demo),
    ...(drand === null || drand === undefined ? {} : { drand: JSON.parse(String(drand)) as DrandBeacon }),
  };
}
