import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldToHex, userIdToField } from '../../../pipeline/commitments/index.js';
import { HashPool } from '../../../pipeline/commitments/hash-pool/index.js';
import { createPoseidon, type PoseidonHasher } from '../../../pipeline/commitments/poseidon/index.js';
import { openDatabase, type Database } from '../../../pipeline/db/index.js';
import type { Manifest, Receipt } from '../../../pipeline/publishing/index.js';
import { releasedRun, runPipeline, type ReleasedRun } from '../../../pipeline/run/index.js';
import { FEATURE_NAMES, loadFormula, publishedFormulaPath } from '../../../pipeline/scoring/index.js';
import { verifyReceipt } from '../../../pipeline/verification/node/index.js';
import { REPO_ROOT } from '../../support/cli.js';
import { filesUnder, needlesIn } from '../../support/scan-files.js';

// What a release publishes, line by line: one line per ENROLLED owner (whether they drove or
// not), none for a driver who never enrolled; noisy scores on the lattice kZ and never the raw
// score, which only the owner's private receipt carries (with the features).

const SAMPLE = [`${REPO_ROOT}data-samples/trips.csv`, `${REPO_ROOT}data-samples/trips.owners.csv`];
const PEPPER = BigInt(`0x5ec2e7${'0e'.repeat(28)}`);
const AWARD_COLUMNS = ['run_id', 'period', 'user_id', 'user_tag', 'noisy_score', 'award', 'crystals_spent', 'entries', 'draw_wins', 'batch', 'leaf_index'];
const K = 114n;

interface AwardsLine {
  user_tag: string;
  noisy_score: string;
  award: string;
  batch: number;
  leaf: number;
}

let dir: string;
let database: Database;
let poseidon: PoseidonHasher;
let hasher: HashPool;
let result: ReleasedRun;
let runDir: string;
let enrolled: string[];
let unenrolledDrivers: string[];
let ownersWithoutTrips: string[];

function jsonLines<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as T);
}

async function column(sql: string): Promise<string[]> {
  return (await database.connection.runAndReadAll(sql)).getRows().map(([value]) => String(value));
}

/** The owner's pseudonymous tag, as the commit computes it: Poseidon(user id as a field, pepper). */
function tagOf(userId: string): string {
  return fieldToHex(poseidon.hash([userIdToField(userId), PEPPER]));
}

/** Every key of a JSON value, at any depth. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
  return [];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stones-owner-lines-'));
  const formula = await loadFormula(publishedFormulaPath());
  poseidon = await createPoseidon();
  hasher = new HashPool({ threads: 1 });
  database = await openDatabase(join(dir, 'stones.duckdb'));
  result = releasedRun(
    await runPipeline(database.connection, {
      inputs: SAMPLE,
      timeZone: 'UTC',
      formula,
      pepper: PEPPER,
      outDir: join(dir, 'out'),
      hasher,
      poseidon,
      now: new Date('2026-11-10T00:00:00Z'),
    }),
  );
  runDir = result.publish.runDir;
  enrolled = await column(`SELECT user_id FROM owners WHERE enrolled_on <= DATE '2026-10-31' ORDER BY user_id`);
  unenrolledDrivers = await column(`SELECT DISTINCT user_id FROM trips WHERE user_id NOT IN (SELECT user_id FROM owners) ORDER BY user_id`);
  ownersWithoutTrips = await column(`SELECT user_id FROM owners WHERE user_id NOT IN (SELECT user_id FROM trips) ORDER BY user_id`);
}, 120_000);

afterAll(async () => {
  await hasher?.close();
  database?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('every enrolled owner has a line', () => {
  it('the sample: 201 enrolled owners (8 without a trip), 7 drivers never enrolled', () => {
    expect(enrolled).toHaveLength(201);
    expect(ownersWithoutTrips).toHaveLength(8);
    expect(ownersWithoutTrips.every((id) => id.endsWith('e'))).toBe(true);
    expect(unenrolledDrivers).toHaveLength(7);
    expect(result.features).toMatchObject({ users: 201, unenrolledDrivers: 7 });
  });

  it('awards.jsonl, the manifest, the receipts and the award files have one line per enrolled owner, and no other', async () => {
    const manifest = JSON.parse(readFileSync(join(runDir, 'bundle/manifest.json'), 'utf8')) as Manifest;
    expect(manifest.users).toBe(enrolled.length);
    expect(manifest.batches.reduce((sum, b) => sum + b.users, 0)).toBe(enrolled.length);
    const lines = jsonLines<AwardsLine>(join(runDir, 'bundle/awards.jsonl'));
    expect(lines).toHaveLength(enrolled.length);
    expect(jsonLines<Receipt>(join(runDir, 'receipts.jsonl'))).toHaveLength(enrolled.length);
    const arrow = tableFromIPC(readFileSync(join(runDir, 'awards.arrow')));
    const arrowIds = arrow.toArray().map((row) => String((row as Record<string, unknown>).user_id));
    expect([...arrowIds].sort()).toEqual(enrolled);
    const parquetIds = await column(`SELECT user_id FROM read_parquet('${join(runDir, 'awards.parquet')}') ORDER BY user_id`);
    expect(parquetIds).toEqual(enrolled);
    // The tags of the lines are those of the enrolled owners (the same tag function as the commit's).
    expect(new Set(lines.map((l) => l.user_tag))).toEqual(new Set(enrolled.map(tagOf)));
  });

  it('an owner without a trip has a line, a receipt with zero driving features and the tenure of the enrolment, and it verifies', async () => {
    const receipts = new Map(jsonLines<Receipt>(join(runDir, 'receipts.jsonl')).map((r) => [r.user_tag, r]));
    const lines = new Set(jsonLines<AwardsLine>(join(runDir, 'bundle/awards.jsonl')).map((l) => l.user_tag));
    for (const owner of ownersWithoutTrips) {
      const tag = tagOf(owner);
      expect(lines.has(tag), owner).toBe(true);
      const receipt = receipts.get(tag)!;
      const enrolledOn = (await column(`SELECT strftime(enrolled_on, '%Y-%m-%d') FROM owners WHERE user_id = '${owner}'`))[0]!;
      const tenure = Math.round((Date.parse('2026-10-31') - Date.parse(enrolledOn)) / 86_400_000) + 1;
      expect(receipt.features, owner).toEqual({
        active_days: '0',
        trips: '0',
        km: '0',
        adas_km: '0',
        night_km: '0',
        distinct_regions: '0',
        tenure_days: String(tenure), // uncapped: the formula caps it at 365 in the score
      });
    }
    const path = join(dir, 'receipt.json');
    writeFileSync(path, JSON.stringify(receipts.get(tagOf(ownersWithoutTrips[0]!))));
    expect((await verifyReceipt(join(runDir, 'bundle'), path, poseidon, { allowDemoBeacon: true })).failures).toEqual([]);
  });

  it('no id or tag of a driver who never enrolled is published anywhere', async () => {
    const tags = unenrolledDrivers.map(tagOf);
    for (const file of filesUnder(runDir)) {
      expect(needlesIn(file, [...unenrolledDrivers, ...tags]), file).toEqual([]);
    }
    // Parquet may compress its strings: read it back too.
    const parquet = await column(`SELECT user_id || ' ' || user_tag FROM read_parquet('${join(runDir, 'awards.parquet')}')`);
    for (const row of parquet) for (const needle of [...unenrolledDrivers, ...tags]) expect(row).not.toContain(needle);
    expect(
      await column(`SELECT count(*) FROM run_users WHERE user_id IN (SELECT DISTINCT user_id FROM trips WHERE user_id NOT IN (SELECT user_id FROM owners))`),
    ).toEqual(['0']);
  });
});

describe('no raw score is published', () => {
  it('the award files have no score column', async () => {
    const arrow = tableFromIPC(readFileSync(join(runDir, 'awards.arrow')));
    expect(arrow.schema.fields.map((f) => f.name)).toEqual(AWARD_COLUMNS);
    const parquet = await database.connection.runAndReadAll(`SELECT * FROM read_parquet('${join(runDir, 'awards.parquet')}') LIMIT 1`);
    expect(parquet.columnNames()).toEqual(AWARD_COLUMNS);
  });

  it('the bundle has no score field, and every published noisy score is a multiple of k (the residue of the raw score is gone)', async () => {
    const bundleFiles = filesUnder(join(runDir, 'bundle'));
    for (const file of bundleFiles) {
      const values = file.endsWith('.jsonl') ? jsonLines<unknown>(file) : file.endsWith('.json') ? [JSON.parse(readFileSync(file, 'utf8')) as unknown] : [];
      expect(
        keysOf(values).filter((key) => key === 'score'),
        file,
      ).toEqual([]);
      expect(needlesIn(file, ['"score"']), file).toEqual([]);
    }
    const lines = jsonLines<AwardsLine>(join(runDir, 'bundle/awards.jsonl'));
    for (const line of lines) expect(BigInt(line.noisy_score) % K, line.user_tag).toBe(0n);
    const arrow = tableFromIPC(readFileSync(join(runDir, 'awards.arrow')));
    for (const row of arrow.toArray()) expect(BigInt((row as { noisy_score: bigint }).noisy_score) % K).toBe(0n);
    const manifest = JSON.parse(readFileSync(join(runDir, 'bundle/manifest.json'), 'utf8')) as Manifest;
    expect(lines.reduce((sum, l) => sum + BigInt(l.noisy_score), 0n)).toBe(BigInt(manifest.total_noisy_score));
    // The raw scores mostly are not multiples of k, so the published values cannot be them.
    const raw = (await column(`SELECT score FROM run_users WHERE run_id = '${result.commit.runId}'`)).map(BigInt);
    expect(raw.filter((score) => score % K !== 0n).length).toBeGreaterThan(150);
    const rawByTag = new Map(jsonLines<Receipt>(join(runDir, 'receipts.jsonl')).map((r) => [r.user_tag, r.score]));
    const published = lines.filter((l) => BigInt(rawByTag.get(l.user_tag)!) % K !== 0n);
    for (const line of published) expect(line.noisy_score, line.user_tag).not.toBe(rawByTag.get(line.user_tag));
  });

  it("the receipts still carry each owner's score and features, as stored for the run", async () => {
    const stored = new Map(
      (
        await database.connection.runAndReadAll(
          `SELECT user_tag, score, noisy_score, award, ${FEATURE_NAMES.join(', ')} FROM run_users WHERE run_id = '${result.commit.runId}'`,
        )
      )
        .getRowObjectsJS()
        .map((row) => [String(row.user_tag), row]),
    );
    const receipts = jsonLines<Receipt>(join(runDir, 'receipts.jsonl'));
    expect(receipts).toHaveLength(stored.size);
    for (const receipt of receipts) {
      const row = stored.get(receipt.user_tag)!;
      expect(receipt.score).toBe(String(row.score));
      expect(receipt.noisy_score).toBe(String(row.noisy_score));
      expect(receipt.award).toBe(String(row.award));
      expect(receipt.features).toEqual(Object.fromEntries(FEATURE_NAMES.map((f) => [f, String(row[f])])));
    }
  });
});
