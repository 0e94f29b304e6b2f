import type { ManifestDataRootAnchor, ManifestDrand } from '../formats/manifest.js';
import type { DuckDBConnection } from '@duckdb/node-api';
import { fieldFromHex } from '../commitments/field-encoding.js';
import { UsageError } from '../errors/index.js';
import { FEATURE_NAMES, type FeatureName } from '../scoring/index.js';

export interface RunSummary {
  runId: string;
  period: string;
  timeZone: string;
  status: string;
  formulaId: string;
  formulaVersion: number;
  formulaSha256: string;
  formulaPoseidon: string;
  pool: bigint;
  carriedIn: bigint;
  /** The run whose remainder carriedIn is (null for the first period). */
  previousRunId: string | null;
  batchSize: number;
  users: number;
  batches: number;
  dataRoot: string;
  dataRootRecordedAt: string;
  beacon: string;
  beaconRecordedAt: string;
  demoBeacon: boolean;
  /** The drand round the beacon is, with its signature; null for a demo or hand-given beacon. */
  beaconDrand: ManifestDrand | null;
  /** The chain transaction that anchored the data root before the beacon; null when there was none. */
  dataRootAnchor: ManifestDataRootAnchor | null;
  awardRoot: string;
  totalNoisy: bigint;
  remainder: bigint;
  /** The draw's W (sum of entries * noisy score) and offset U; 0 and 0 without entrants. */
  drawTotal: bigint;
  drawOffset: bigint;
}

export interface RunUser {
  userId: string;
  tag: bigint;
  salt: bigint;
  batch: number;
  leafIndex: number;
  features: Record<FeatureName, bigint>;
  score: bigint;
  coins: number;
  noisyScore: bigint;
  award: bigint;
  /** Crystals spent on the period's draw and the entries they bought. */
  crystalsSpent: bigint;
  entries: bigint;
  /** The draw count c at the end of the owner's weight interval, and the stones won. */
  drawCount: bigint;
  drawWins: bigint;
  dataLeaf: bigint;
  awardLeaf: bigint;
}

export interface RunSnapshot {
  run: RunSummary;
  /** In batch and leaf order. */
  users: RunUser[];
  /** Each batch's tree roots, as computed at commit and score time, in batch order. */
  batchRoots: { data: bigint[]; award: bigint[] };
}

const iso = (value: unknown) => new Date(String(value)).toISOString();

/** Everything a scored run publishes, read back from DuckDB. */
export async function readRunSnapshot(connection: DuckDBConnection, runId: string): Promise<RunSnapshot> {
  const runs = await connection.runAndReadAll(
    `SELECT *, data_root_recorded_at::VARCHAR AS data_root_at, beacon_recorded_at::VARCHAR AS beacon_at FROM runs WHERE run_id = $1`,
    [runId],
  );
  const r = runs.getRowObjectsJS()[0];
  if (!r) throw new UsageError(`no run ${runId}`);
  if (r.award_root === null) throw new UsageError(`run ${runId} is not scored yet: stones score --run ${runId} --beacon HEX`);
  const run: RunSummary = {
    runId,
    period: String(r.period),
    timeZone: String(r.time_zone),
    status: String(r.status),
    formulaId: String(r.formula_id),
    formulaVersion: Number(r.formula_version),
    formulaSha256: String(r.formula_sha256),
    formulaPoseidon: String(r.formula_poseidon),
    pool: BigInt(r.pool as bigint),
    carriedIn: BigInt(r.carried_in as bigint),
    previousRunId: r.previous_run_id === null || r.previous_run_id === undefined ? null : String(r.previous_run_id),
    batchSize: Number(r.batch_size),
    users: Number(r.users),
    batches: Number(r.batches),
    dataRoot: String(r.data_root),
    dataRootRecordedAt: iso(r.data_root_at),
    beacon: String(r.beacon),
    beaconRecordedAt: iso(r.beacon_at),
    demoBeacon: Boolean(r.demo_beacon),
    beaconDrand: r.beacon_drand === null || r.beacon_drand === undefined ? null : (JSON.parse(String(r.beacon_drand)) as ManifestDrand),
    dataRootAnchor: r.data_root_anchor === null || r.data_root_anchor === undefined ? null : (JSON.parse(String(r.data_root_anchor)) as ManifestDataRootAnchor),
    awardRoot: String(r.award_root),
    totalNoisy: BigInt(r.total_noisy as bigint),
    remainder: BigInt(r.remainder as bigint),
    drawTotal: r.draw_total === null || r.draw_total === undefined ? 0n : BigInt(r.draw_total as bigint),
    drawOffset: r.draw_offset === null || r.draw_offset === undefined ? 0n : BigInt(r.draw_offset as bigint),
  };
  const rows = await connection.runAndReadAll(
    `SELECT u.user_id, u.user_tag, s.salt, u.batch, u.leaf_index, ${FEATURE_NAMES.map((f) => `u.${f}`).join(', ')},
            u.score, u.coins, u.noisy_score, u.award, u.data_leaf, u.award_leaf,
            u.crystals_spent, u.entries, coalesce(u.draw_count, 0), coalesce(u.draw_wins, 0)
     FROM run_users AS u JOIN salts AS s ON s.period = $2 AND s.user_id = u.user_id
     WHERE u.run_id = $1 ORDER BY u.batch, u.leaf_index`,
    [runId, run.period],
  );
  const users = rows.getRows().map((row): RunUser => {
    const [userId, tag, salt, batch, leafIndex, ...rest] = row;
    const features = Object.fromEntries(FEATURE_NAMES.map((f, k) => [f, BigInt(rest[k] as bigint)])) as Record<FeatureName, bigint>;
    const [score, coins, noisy, award, dataLeaf, awardLeaf, crystalsSpent, entries, drawCount, drawWins] = rest.slice(FEATURE_NAMES.length);
    return {
      userId: String(userId),
      tag: fieldFromHex(String(tag)),
      salt: fieldFromHex(String(salt)),
      batch: Number(batch),
      leafIndex: Number(leafIndex),
      features,
      score: BigInt(score as bigint),
      coins: Number(coins),
      noisyScore: BigInt(noisy as bigint),
      award: BigInt(award as bigint),
      crystalsSpent: BigInt(crystalsSpent as bigint),
      entries: BigInt(entries as bigint),
      drawCount: BigInt(drawCount as bigint),
      drawWins: BigInt(drawWins as bigint),
      dataLeaf: fieldFromHex(String(dataLeaf)),
      awardLeaf: fieldFromHex(String(awardLeaf)),
    };
  });
  const batches = await connection.runAndReadAll('SELECT data_root, award_root FROM run_batches WHERE run_id = $1 ORDER BY batch', [runId]);
  const batchRows = batches.getRows();
  if (batchRows.length !== run.batches) throw new Error(`run ${runId}: ${batchRows.length} batch rows for ${run.batches} batches`);
  const batchRoots = {
    data: batchRows.map(([data]) => fieldFromHex(String(data))),
    award: batchRows.map(([, award]) => fieldFromHex(String(award))),
  };
  return { run, users, batchRoots };
}
