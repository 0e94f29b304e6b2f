import type { DuckDBConnection } from '@duckdb/node-api';
import { commitPeriod } from '../../../pipeline/commitments/index.js';
import type { BulkHasher } from '../../../pipeline/commitments/bulk-hasher.js';
import type { PoseidonHasher } from '../../../pipeline/commitments/poseidon/index.js';
import { computeFeatures, parsePeriod } from '../../../pipeline/features/index.js';
import { REGIONS, type TripRecord } from '../../../pipeline/generate/index.js';
import { ingestFiles } from '../../../pipeline/ingest/index.js';
import { SeededRandomSource } from '../../../pipeline/privacy/index.js';
import {
  canonicalFormulaJson,
  dailyCapsOf,
  demoBeacon,
  formulaSha256,
  loadFormula,
  parseFormula,
  publishedFormulaPath,
  scoreRun,
  type LoadedFormula,
} from '../../../pipeline/scoring/index.js';

export const PEPPER = BigInt(`0x5ec2e7${'5a'.repeat(28)}`);

/** A seeded source that counts the 32-bit words drawn from it: 0 means no noise was drawn. */
export class CountingRandomSource extends SeededRandomSource {
  draws = 0;

  override nextUint32(): number {
    this.draws += 1;
    return super.nextUint32();
  }
}

/** The published formula, with its JSON changed by `change` (e.g. a smaller budget). */
export async function formulaWith(
  change: (json: { statistics: Record<string, unknown> } & Record<string, unknown>) => void = () => undefined,
): Promise<LoadedFormula> {
  const json = JSON.parse((await loadFormula(publishedFormulaPath())).canonicalJson) as { statistics: Record<string, unknown> } & Record<string, unknown>;
  change(json);
  const formula = parseFormula(json, 'test formula');
  return { formula, canonicalJson: canonicalFormulaJson(formula), sha256: formulaSha256(formula) };
}

/** Loads the files, computes the features of the period, commits and scores it (demo beacon): the run id. */
export async function scoredRun(
  connection: DuckDBConnection,
  options: { inputs: string[]; formula: LoadedFormula; hasher: BulkHasher; poseidon: PoseidonHasher; periodId?: string; timeZone?: string },
): Promise<string> {
  await ingestFiles(connection, { inputs: options.inputs });
  const period = parsePeriod(options.periodId ?? '2026-10', options.timeZone ?? 'UTC');
  await computeFeatures(connection, { period, caps: dailyCapsOf(options.formula.formula) });
  const commit = await commitPeriod(connection, { period, formula: options.formula, pepper: PEPPER, hasher: options.hasher, poseidon: options.poseidon });
  await scoreRun(connection, {
    runId: commit.runId,
    beacon: demoBeacon(commit.dataRoot),
    formula: options.formula,
    hasher: options.hasher,
    poseidon: options.poseidon,
  });
  return commit.runId;
}

export async function countRows(connection: DuckDBConnection, table: string): Promise<number> {
  return Number((await connection.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRows()[0]?.[0]);
}

/**
 * The worst day one user can add, all on one UTC calendar day: 30 trips of 60 km each (all of
 * it with driver assistance), starting every 47 minutes from 00:10 so that every hour of the
 * day has a trip, in every region of the generator, a region no policy lists, and none.
 */
export function worstCaseDay(userId: string, day: string, tag: string): TripRecord[] {
  const regions: (string | null)[] = [...REGIONS.map((r) => r.code), 'ZZ-NOWHERE', null];
  const midnight = Date.parse(`${day}T00:00:00Z`);
  return Array.from({ length: 30 }, (_, i): TripRecord => {
    const start = midnight + (10 + 47 * i) * 60_000;
    return {
      trip_id: `worst-${tag}-${i}`,
      user_id: userId,
      vehicle_id: `worst-${tag}-vehicle`,
      started_at: new Date(start).toISOString().replace('.000Z', 'Z'),
      ended_at: new Date(start + 30 * 60_000).toISOString().replace('.000Z', 'Z'),
      distance_km: 60,
      energy_kwh: null,
      adas_km: 60,
      region: regions[i % regions.length] ?? null,
    };
  });
}
