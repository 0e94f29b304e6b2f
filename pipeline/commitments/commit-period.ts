import { createHash } from 'node:crypto';
import { runIdOf } from './run-id.js';
import { BIGINT, INTEGER, TIMESTAMPTZ, timestampTZValue, UBIGINT, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import { appendColumns, inTransaction, readSqlFile } from '../db/index.js';
import { UsageError } from '../errors/index.js';
import type { Period } from '../features/index.js';
import { drawEntries } from '../draw/draw-entries.js';
import { FEATURE_NAMES, formulaDrawOf, formulaPoseidonHash, type LoadedFormula } from '../scoring/index.js';
import type { BulkHasher } from './bulk-hasher.js';
import { fieldFromHex, fieldToHex, randomFieldElement, userIdToField } from './field-encoding.js';
import { buildTopTree } from './build-top-tree.js';
import { dataLeafRow } from './data-leaf.js';
import { previousRelease } from './previous-release.js';
import type { PoseidonHasher } from './poseidon/index.js';

export interface CommitPeriodOptions {
  period: Period;
  formula: LoadedFormula;
  pepper: bigint;
  hasher: BulkHasher;
  poseidon: PoseidonHasher;
  /** Who or what started the run (runs.started_by): 'cli:run alice@host', 'schedule', ... */
  startedBy?: string;
}

export interface CommitResult {
  runId: string;
  dataRoot: bigint;
  users: number;
  batches: number;
  /** The same period, formula and data were committed before: that run is reused as it is. */
  reused: boolean;
}

interface CommittedUser {
  userId: string;
  features: bigint[];
  /** Crystals spent on the period's draw, and the entries they bought (packed in the data leaf). */
  crystalsSpent: bigint;
  entries: bigint;
  salt: bigint;
  saltIsNew: boolean;
  tag: bigint;
  tagIsNew: boolean;
}

interface PeriodUser {
  userId: string;
  features: bigint[];
  crystalsSpent: bigint;
  /** The owner's tag under this pepper, when an earlier commit computed it. */
  cachedTag: bigint | undefined;
}

// The crystals each owner spent on the period's draw (accepted spends only: ingest already
// refused any that overdrew a balance).
const READ_PERIOD_USERS_SQL = `
  WITH spent AS (
    SELECT user_id, sum(amount)::BIGINT AS crystals
    FROM crystal_events WHERE kind = 'spent' AND draw = $1 GROUP BY user_id
  )
  SELECT f.user_id, t.user_tag, coalesce(s.crystals, 0), ${FEATURE_NAMES.map((name) => `f.${name}`).join(', ')}
  FROM features AS f
  LEFT JOIN owner_tags AS t ON t.user_id = f.user_id AND t.pepper_id = $2
  LEFT JOIN spent AS s ON s.user_id = f.user_id
  WHERE f.period = $1 ORDER BY f.user_id`;

async function readPeriodUsers(connection: DuckDBConnection, period: Period, pepperId: string): Promise<PeriodUser[]> {
  const reader = await connection.runAndReadAll(READ_PERIOD_USERS_SQL, [period.id, pepperId]);
  return reader.getRows().map(([userId, tag, crystals, ...features]) => ({
    userId: String(userId),
    features: features.map((f) => BigInt(f as number | bigint)),
    crystalsSpent: BigInt(crystals as number | bigint),
    cachedTag: tag === null ? undefined : fieldFromHex(String(tag)),
  }));
}

/**
 * An owner's tag does not change from one period to the next (it depends on the id and the
 * pepper only), so it is hashed once and kept in `owner_tags`, under an id of the pepper so
 * that a new pepper never reuses the old tags. The id is a hash of the pepper: it tells
 * nothing about it.
 */
function pepperId(pepper: bigint): string {
  return createHash('sha256')
    .update(`stones pepper id:${fieldToHex(pepper)}`)
    .digest('hex')
    .slice(0, 32);
}

async function tagsOf(hasher: BulkHasher, pepper: bigint, rows: readonly PeriodUser[]): Promise<bigint[]> {
  const missing = rows.filter((row) => row.cachedTag === undefined);
  const fresh = await hasher.hashRows(missing.map((row) => [userIdToField(row.userId), pepper]));
  let next = 0;
  return rows.map((row) => row.cachedTag ?? (fresh[next++] as bigint));
}

async function readSalts(connection: DuckDBConnection, period: Period): Promise<Map<string, bigint>> {
  const reader = await connection.runAndReadAll('SELECT user_id, salt FROM salts WHERE period = $1', [period.id]);
  return new Map(reader.getRows().map(([userId, salt]) => [String(userId), fieldFromHex(String(salt))]));
}

async function runExists(connection: DuckDBConnection, runId: string): Promise<boolean> {
  const reader = await connection.runAndReadAll('SELECT count(*) FROM runs WHERE run_id = $1', [runId]);
  return Number(reader.getRows()[0]?.[0]) > 0;
}

/**
 * Leaves in tag order, padded with zero leaves to whole batches: a batch tree per batch and a
 * top tree over the batch roots (padded to a power of two) give the data root.
 */
async function commitLeaves(
  options: CommitPeriodOptions,
  users: readonly CommittedUser[],
): Promise<{ dataRoot: bigint; leaves: bigint[]; batches: number; batchRoots: bigint[] }> {
  const batchSize = options.formula.formula.batch_size;
  const batches = Math.max(1, Math.ceil(users.length / batchSize));
  const userLeaves = await options.hasher.hashRows(users.map((u) => dataLeafRow(u.tag, u.features, u.salt, u.entries)));
  const leaves = [...userLeaves, ...new Array<bigint>(batches * batchSize - users.length).fill(0n)];
  const groups = Array.from({ length: batches }, (_, b) => leaves.slice(b * batchSize, (b + 1) * batchSize));
  const batchRoots = await options.hasher.buildTrees(groups);
  const dataRoot = (await buildTopTree(options.hasher, batchRoots)).root;
  return { dataRoot, leaves, batches, batchRoots };
}

async function storeCommitment(
  connection: DuckDBConnection,
  options: CommitPeriodOptions,
  runId: string,
  users: readonly CommittedUser[],
  committed: { dataRoot: bigint; leaves: bigint[]; batches: number; batchRoots: bigint[] },
): Promise<void> {
  const { formula } = options.formula;
  const previous = await previousRelease(connection, options.period.id);
  const carriedIn = previous?.remainder ?? 0n;
  const batchSize = formula.batch_size;
  const now = new Date();
  // Appended to temp tables first, so that the transaction that records the run holds only
  // set-based inserts: a crash leaves either the whole commitment or none of it.
  await connection.run(`CREATE OR REPLACE TEMP TABLE new_salts AS SELECT * FROM salts LIMIT 0;
                        CREATE OR REPLACE TEMP TABLE new_tags AS SELECT * FROM owner_tags LIMIT 0;
                        CREATE OR REPLACE TEMP TABLE new_run_users AS SELECT * FROM run_users LIMIT 0;
                        CREATE OR REPLACE TEMP TABLE new_run_batches AS SELECT * FROM run_batches LIMIT 0;`);
  const newTags = users.filter((u) => u.tagIsNew);
  const id = pepperId(options.pepper);
  await appendColumns(
    connection,
    'new_tags',
    [VARCHAR, VARCHAR, VARCHAR],
    [newTags.map((u) => u.userId), newTags.map(() => id), newTags.map((u) => fieldToHex(u.tag))],
  );
  await appendColumns(
    connection,
    'new_run_batches',
    [VARCHAR, INTEGER, VARCHAR, VARCHAR],
    [committed.batchRoots.map(() => runId), committed.batchRoots.map((_, b) => b), committed.batchRoots.map(fieldToHex), committed.batchRoots.map(() => null)],
  );
  const fresh = users.filter((u) => u.saltIsNew);
  const nowValue = timestampTZValue(BigInt(now.getTime()) * 1000n);
  await appendColumns(
    connection,
    'new_salts',
    [VARCHAR, VARCHAR, VARCHAR, TIMESTAMPTZ],
    [fresh.map(() => options.period.id), fresh.map((u) => u.userId), fresh.map((u) => fieldToHex(u.salt)), fresh.map(() => nowValue)],
  );
  const nulls = users.map(() => null);
  await appendColumns(
    connection,
    'new_run_users',
    [
      VARCHAR,
      VARCHAR,
      VARCHAR,
      INTEGER,
      INTEGER,
      ...FEATURE_NAMES.map(() => BIGINT),
      VARCHAR,
      BIGINT,
      INTEGER,
      BIGINT,
      BIGINT,
      VARCHAR,
      BIGINT,
      BIGINT,
      UBIGINT,
      UBIGINT,
    ],
    [
      users.map(() => runId),
      users.map((u) => u.userId),
      users.map((u) => fieldToHex(u.tag)),
      users.map((_, k) => Math.floor(k / batchSize)),
      users.map((_, k) => k % batchSize),
      ...FEATURE_NAMES.map((_, f) => users.map((u) => u.features[f] as bigint)),
      users.map((_, k) => fieldToHex(committed.leaves[k] as bigint)),
      nulls,
      nulls,
      nulls,
      nulls,
      nulls,
      users.map((u) => u.crystalsSpent),
      users.map((u) => u.entries),
      nulls,
      nulls,
    ],
  );
  try {
    await inTransaction(connection, async () => {
      await connection.run(
        'INSERT INTO salts SELECT * FROM new_salts; INSERT INTO owner_tags SELECT * FROM new_tags; INSERT INTO run_users SELECT * FROM new_run_users; INSERT INTO run_batches SELECT * FROM new_run_batches;',
      );
      await connection.run(readSqlFile('pipeline/commitments/insert-run.sql'), {
        run_id: runId,
        period: options.period.id,
        time_zone: options.period.timeZone,
        formula_id: formula.id,
        formula_version: formula.version,
        formula_sha256: options.formula.sha256,
        formula_poseidon: fieldToHex(formulaPoseidonHash(options.poseidon, formula)),
        pool: (formula.pool + carriedIn).toString(),
        carried_in: carriedIn.toString(),
        batch_size: batchSize,
        users: users.length,
        batches: committed.batches,
        data_root: fieldToHex(committed.dataRoot),
        started_by: options.startedBy ?? null,
        previous_run_id: previous?.runId ?? null,
      });
    });
  } finally {
    await connection.run(
      'DROP TABLE IF EXISTS new_salts; DROP TABLE IF EXISTS new_tags; DROP TABLE IF EXISTS new_run_users; DROP TABLE IF EXISTS new_run_batches;',
    );
  }
}

/**
 * The commit stage: pseudonymous tags, salted leaves, batch trees and the data root of a
 * period's features, recorded (with its time) in `runs` before any score can be drawn.
 * Salts are drawn once per user and period and reused by every later run of the period.
 */
export async function commitPeriod(connection: DuckDBConnection, options: CommitPeriodOptions): Promise<CommitResult> {
  const rows = await readPeriodUsers(connection, options.period, pepperId(options.pepper));
  if (rows.length === 0) {
    throw new UsageError(
      `no enrolled owners for period ${options.period.id}: load an enrolment file (user_id, enrolled_on) with the trips, and compute the period's features`,
    );
  }
  const salts = await readSalts(connection, options.period);
  const tags = await tagsOf(options.hasher, options.pepper, rows);
  const draw = formulaDrawOf(options.formula.formula);
  const users: CommittedUser[] = rows
    .map(({ cachedTag, ...row }, k) => {
      const known = salts.get(row.userId);
      return {
        ...row,
        entries: drawEntries(draw, row.crystalsSpent),
        salt: known ?? randomFieldElement(),
        saltIsNew: known === undefined,
        tag: tags[k] as bigint,
        tagIsNew: cachedTag === undefined,
      };
    })
    .sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  const committed = await commitLeaves(options, users);
  const runId = runIdOf({
    period: options.period.id,
    timeZone: options.period.timeZone,
    formulaSha256: options.formula.sha256,
    dataRoot: fieldToHex(committed.dataRoot),
  });
  const result = { runId, dataRoot: committed.dataRoot, users: users.length, batches: committed.batches };
  if (await runExists(connection, runId)) return { ...result, reused: true };
  await storeCommitment(connection, options, runId, users, committed);
  return { ...result, reused: false };
}
