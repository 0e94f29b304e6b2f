import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitPeriod, fieldToHex } from '../../../pipeline/commitments/index.js';
import { HashPool } from '../../../pipeline/commitments/hash-pool/index.js';
import { createPoseidon, type PoseidonHasher } from '../../../pipeline/commitments/poseidon/index.js';
import { openDatabase, type Database } from '../../../pipeline/db/index.js';
import { computeFeatures, parsePeriod } from '../../../pipeline/features/index.js';
import { ingestFiles } from '../../../pipeline/ingest/index.js';
import type { Manifest, Receipt } from '../../../pipeline/publishing/index.js';
import { releasedRun, runPipeline, type ReleasedRun } from '../../../pipeline/run/index.js';
import { dailyCapsOf, loadFormula, scoreRun, type LoadedFormula } from '../../../pipeline/scoring/index.js';
import type { StatisticsRelease } from '../../../pipeline/statistics/index.js';
import { verifyReceipt } from '../../../pipeline/verification/node/index.js';
import { REPO_ROOT } from '../../support/cli.js';
import { writeGeneratedInputs } from '../../support/generated-inputs.js';
import { filesUnder, needlesIn } from '../../support/scan-files.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

// The sample's trips, the enrolment file of its owners and their crystal events: 201 enrolled
// owners (193 of the 200 drivers, and 8 owners with no trip), some spending crystals on the draw.
const SAMPLE = [`${REPO_ROOT}data-samples/trips.csv`, `${REPO_ROOT}data-samples/trips.owners.csv`, `${REPO_ROOT}data-samples/trips.crystals.csv`];
const ENROLLED_OWNERS = 201;
const PEPPER = BigInt(`0x5ec2e7${'9d'.repeat(28)}`);
// No raw score: with the salt it would give the noise away (the owner's receipt has it).
const AWARD_COLUMNS = ['run_id', 'period', 'user_id', 'user_tag', 'noisy_score', 'award', 'crystals_spent', 'entries', 'draw_wins', 'batch', 'leaf_index'];

let dir: string;
let database: Database;
let formula: LoadedFormula;
let poseidon: PoseidonHasher;
let hasher: HashPool;
let result: ReleasedRun;
let runDir: string;

function readJsonLines<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as T);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stones-run-'));
  formula = await loadFormula(`${REPO_ROOT}formula.json`);
  poseidon = await createPoseidon();
  hasher = new HashPool();
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
    }),
  );
  runDir = result.publish.runDir;
}, 120_000);

afterAll(async () => {
  await hasher?.close();
  database?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('stones run on the sample', () => {
  it('writes the run folder of the architecture', () => {
    for (const file of [
      'awards.arrow',
      'awards.parquet',
      'receipts.jsonl',
      'bundle/manifest.json',
      'bundle/formula.json',
      'bundle/awards.jsonl',
      'bundle/stats.json',
    ]) {
      expect(existsSync(join(runDir, file)), file).toBe(true);
    }
    expect(result.beacon.demo).toBe(true);
    expect(result.score.users).toBe(ENROLLED_OWNERS);
  });

  it('gives the award engine the same rows in awards.arrow and awards.parquet, and awards plus remainder make the pool', async () => {
    const arrow = tableFromIPC(readFileSync(join(runDir, 'awards.arrow')));
    expect(arrow.schema.fields.map((f) => f.name)).toEqual(AWARD_COLUMNS);
    const arrowRows = arrow.toArray().map((row) => AWARD_COLUMNS.map((c) => String((row as Record<string, unknown>)[c])));
    const parquet = await database.connection.runAndReadAll(`SELECT * FROM read_parquet('${join(runDir, 'awards.parquet')}')`);
    expect(parquet.columnNames()).toEqual(AWARD_COLUMNS);
    expect(parquet.getRows().map((row) => row.map(String))).toEqual(arrowRows);
    const manifest = JSON.parse(readFileSync(join(runDir, 'bundle/manifest.json'), 'utf8')) as Manifest;
    const awards = parquet.getRowObjectsJS().reduce((sum, row) => sum + BigInt(row.award as bigint), 0n);
    expect(awards + BigInt(manifest.remainder)).toBe(BigInt(manifest.pool));
    expect(BigInt(manifest.total_awards)).toBe(awards);
  });

  it('publishes no user id, feature value, salt or pepper in the bundle, and no salt or pepper in the award files', async () => {
    const salts = (await database.connection.runAndReadAll('SELECT salt FROM salts')).getRows().map((r) => String(r[0]));
    const userIds = (await database.connection.runAndReadAll('SELECT user_id FROM trips UNION SELECT user_id FROM owners')).getRows().map((r) => String(r[0]));
    const pepper = [fieldToHex(PEPPER), PEPPER.toString(16), PEPPER.toString()];
    for (const file of filesUnder(join(runDir, 'bundle'))) {
      expect(needlesIn(file, [...salts, ...userIds, ...pepper]), file).toEqual([]);
    }
    for (const file of ['awards.arrow', 'awards.parquet'].map((f) => join(runDir, f))) {
      expect(needlesIn(file, [...salts, ...pepper]), file).toEqual([]);
    }
    expect(needlesIn(join(runDir, 'receipts.jsonl'), pepper)).toEqual([]);
    const awardsJsonl = readJsonLines<Record<string, unknown>>(join(runDir, 'bundle/awards.jsonl'));
    expect(new Set(awardsJsonl.flatMap((row) => Object.keys(row)))).toEqual(
      new Set(['schema_version', 'user_tag', 'noisy_score', 'award', 'draw_wins', 'batch', 'leaf']),
    );
    const manifestText = readFileSync(join(runDir, 'bundle/manifest.json'), 'utf8');
    for (const feature of ['active_days', 'tenure_days', 'km', 'salt']) expect(manifestText).not.toContain(`"${feature}"`);
  });

  it("publishes no owner's draw entries, crystals spent or place in the draw: only their stones won, and batch and run totals", async () => {
    const owners = (
      await database.connection.runAndReadAll('SELECT crystals_spent, entries FROM run_users WHERE run_id = $1 ORDER BY batch, leaf_index', [
        result.commit.runId,
      ])
    )
      .getRows()
      .map(([spent, entries]) => ({ spent: BigInt(spent as bigint), entries: BigInt(entries as bigint) }));
    // The sample's owners do spend crystals on the draw: there is something to keep private.
    expect(owners.filter((o) => o.entries > 0n).length).toBeGreaterThan(1);
    const privateFields = ['crystals_spent', 'draw_count', 'draw_weight_before', 'weight_before', 'draw_weight'];
    for (const file of filesUnder(join(runDir, 'bundle'))) {
      const text = readFileSync(file, 'utf8');
      for (const field of privateFields) expect(text, `${file}: ${field}`).not.toContain(`"${field}"`);
    }
    // awards.jsonl: per owner, the stones won and nothing of the entries behind them.
    for (const line of readJsonLines<Record<string, unknown>>(join(runDir, 'bundle/awards.jsonl'))) {
      expect(Object.keys(line)).not.toContain('entries');
    }
    // manifest.json: entries only as the run's total and each batch's (the statement binds them).
    const manifest = JSON.parse(readFileSync(join(runDir, 'bundle/manifest.json'), 'utf8')) as Manifest;
    const entriesPaths: string[] = [];
    const walk = (value: unknown, path: string): void => {
      if (Array.isArray(value)) {
        for (const [i, v] of value.entries()) walk(v, `${path}.${i}`);
      } else if (value !== null && typeof value === 'object')
        for (const [k, v] of Object.entries(value)) {
          if (k === 'entries') entriesPaths.push(`${path}.${k}`);
          walk(v, `${path}.${k}`);
        }
    };
    walk(manifest, '');
    expect(entriesPaths).toEqual([...manifest.batches.map((_, k) => `.batches.${k}.entries`), '.draw.entries']);
    // stats.json has no draw figure at all.
    const stats = readFileSync(join(runDir, 'bundle/stats.json'), 'utf8');
    for (const field of ['entries', 'crystals', 'draw']) expect(stats).not.toMatch(new RegExp(`"[a-z_]*${field}[a-z_]*"`));
    // The receipts (private, per owner) and the award files (for the award engine) have them.
    const receipts = readJsonLines<Receipt>(join(runDir, 'receipts.jsonl'));
    expect(receipts.map((r) => ({ spent: BigInt(r.crystals_spent), entries: BigInt(r.entries) }))).toEqual(owners);
  });

  it('never stores the pepper in DuckDB', async () => {
    const tables = (await database.connection.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE NOT temporary`)).getRows().map((r) => String(r[0]));
    expect(tables).toEqual(expect.arrayContaining(['runs', 'salts', 'run_users', 'features', 'trips']));
    for (const table of tables) {
      const found = await database.connection.runAndReadAll(
        `SELECT count(*) FROM ${table} AS t WHERE strpos(lower(CAST(t AS VARCHAR)), $1) > 0 OR strpos(CAST(t AS VARCHAR), $2) > 0`,
        [PEPPER.toString(16), PEPPER.toString()],
      );
      expect(Number(found.getRows()[0]?.[0]), table).toBe(0);
    }
  });

  it('gives every user a receipt that verifies against the bundle', async () => {
    const receipts = readJsonLines<Receipt>(join(runDir, 'receipts.jsonl'));
    expect(receipts).toHaveLength(ENROLLED_OWNERS);
    for (const receipt of receipts) {
      const path = join(dir, 'receipt.json');
      writeFileSync(path, JSON.stringify(receipt));
      const { failures } = await verifyReceipt(join(runDir, 'bundle'), path, poseidon, { allowDemoBeacon: true });
      expect(failures, receipt.user_tag).toEqual([]);
    }
  }, 60_000);

  it('fails a receipt with one digit changed, naming what changed', async () => {
    const [receipt] = readJsonLines<Receipt>(join(runDir, 'receipts.jsonl'));
    const bump = (text: string) => text.replace(/\d(?=\D*$)/, (d) => String((Number(d) + 1) % 10));
    const tamperings: [string, (r: Receipt) => void][] = [
      [
        'features',
        (r) => {
          r.features.km = bump(r.features.km);
        },
      ],
      [
        'features, salt or user_tag',
        (r) => {
          r.salt = bump(r.salt);
        },
      ],
      [
        'score',
        (r) => {
          r.score = bump(r.score);
        },
      ],
      [
        'noisy_score',
        (r) => {
          r.noisy_score = bump(r.noisy_score);
        },
      ],
      [
        'award',
        (r) => {
          r.award = bump(r.award);
        },
      ],
      [
        'data_path',
        (r) => {
          r.data_path.levels[0]!.siblings[0] = bump(r.data_path.levels[0]!.siblings[0] as string);
        },
      ],
      [
        'data_path',
        (r) => {
          r.data_path.levels.at(-1)!.siblings[0] = bump(r.data_path.levels.at(-1)!.siblings[0] as string);
        },
      ],
      [
        'leaf',
        (r) => {
          r.leaf = (r.leaf + 1) % 32;
        },
      ],
      [
        'user_tag',
        (r) => {
          r.user_tag = bump(r.user_tag);
        },
      ],
    ];
    for (const [name, tamper] of tamperings) {
      const copy = JSON.parse(JSON.stringify(receipt)) as Receipt;
      tamper(copy);
      const path = join(dir, 'tampered.json');
      writeFileSync(path, JSON.stringify(copy));
      const { failures } = await verifyReceipt(join(runDir, 'bundle'), path, poseidon, { allowDemoBeacon: true });
      expect(failures.length, name).toBeGreaterThan(0);
      expect(failures.join('\n'), name).toContain(name);
    }
  });

  it('re-running the period reuses its salts: the same run, roots and awards', async () => {
    const before = readFileSync(join(runDir, 'bundle/awards.jsonl'), 'utf8');
    const statsBefore = JSON.parse(readFileSync(join(runDir, 'bundle/stats.json'), 'utf8')) as StatisticsRelease;
    const ledgerRows = async (): Promise<number> =>
      Number((await database.connection.runAndReadAll(`SELECT count(*) FROM privacy_ledger WHERE period = '2026-10'`)).getRows()[0]?.[0]);
    const rowsBefore = await ledgerRows();
    const again = releasedRun(
      await runPipeline(database.connection, {
        inputs: SAMPLE,
        timeZone: 'UTC',
        formula,
        pepper: PEPPER,
        outDir: join(dir, 'out'),
        hasher,
        poseidon,
      }),
    );
    expect(again.commit.reused).toBe(true);
    expect(again.commit.runId).toBe(result.commit.runId);
    expect(again.commit.dataRoot).toBe(result.commit.dataRoot);
    expect(again.score.awardRoot).toBe(result.score.awardRoot);
    // The same data is the same release: scored once, charged once.
    expect(again.score.reused).toBe(true);
    expect(await ledgerRows()).toBe(rowsBefore);
    expect(again.publish.manifest.privacy.release).toEqual(result.publish.manifest.privacy.release);
    expect(readFileSync(join(runDir, 'bundle/awards.jsonl'), 'utf8')).toBe(before);
    // The statistics of the same data are republished as drawn, at no cost.
    const stats = JSON.parse(readFileSync(join(runDir, 'bundle/stats.json'), 'utf8')) as StatisticsRelease;
    expect(statsBefore.republished).toBe(false);
    expect(stats.republished).toBe(true);
    expect(stats.statistics).toEqual(statsBefore.statistics);
    expect(stats.spent_by_this_run.rho).toBe('0');
  });

  it('carries the remainder of a period into the pool of the next period', async () => {
    const november = await writeGeneratedInputs(dir, { users: 30, days: 10, seed: 9, start: '2026-11-05' }, 'november.csv');
    // November closes on 12-04 (its end plus 3 grace days): the run acts after that.
    const next = releasedRun(
      await runPipeline(database.connection, {
        inputs: november.inputs,
        periodId: '2026-11',
        timeZone: 'UTC',
        formula,
        pepper: PEPPER,
        outDir: join(dir, 'out'),
        hasher,
        poseidon,
        now: new Date('2026-12-10T00:00:00Z'),
      }),
    );
    const manifest = JSON.parse(readFileSync(join(next.publish.runDir, 'bundle/manifest.json'), 'utf8')) as Manifest;
    expect(BigInt(manifest.carried_in)).toBe(result.score.remainder);
    expect(BigInt(manifest.pool)).toBe(formula.formula.pool + result.score.remainder);
    expect(BigInt(manifest.total_awards) + BigInt(manifest.remainder)).toBe(BigInt(manifest.pool));
  });

  it('keeps the periods a chain: a month skipped, or a month before one already released, is refused naming why', async () => {
    // After October and November: January would carry on from November with December never released.
    const january = await writeGeneratedInputs(dir, { users: 4, days: 5, seed: 21, start: '2027-01-05' }, 'january.csv');
    const skip = runPipeline(database.connection, {
      inputs: january.inputs,
      periodId: '2027-01',
      timeZone: 'UTC',
      formula,
      pepper: PEPPER,
      outDir: join(dir, 'out'),
      hasher,
      poseidon,
      now: new Date('2027-02-10T00:00:00Z'),
    });
    await expect(skip).rejects.toMatchObject({
      code: 'period_chain',
      message: expect.stringMatching(/period 2027-01 would carry on from 2026-11: 2026-12 was never released/),
    });
    // September now, after October carried on from the periods before it.
    const september = await writeGeneratedInputs(dir, { users: 4, days: 5, seed: 22, start: '2026-09-05' }, 'september.csv');
    const late = runPipeline(database.connection, {
      inputs: september.inputs,
      periodId: '2026-09',
      timeZone: 'UTC',
      formula,
      pepper: PEPPER,
      outDir: join(dir, 'out'),
      hasher,
      poseidon,
    });
    await expect(late).rejects.toMatchObject({
      code: 'period_chain',
      message: expect.stringMatching(/period 2026-09 cannot be released now: period 2026-10 \(run 2026-10-\w+\) is already committed/),
    });
    const runs = await database.connection.runAndReadAll("SELECT count(*) FROM runs WHERE period IN ('2026-09', '2027-01')");
    expect(Number(runs.getRows()[0]?.[0])).toBe(0);
  });

  it('refuses a second beacon for a scored run, and a beacon for a run never committed', async () => {
    const other = { hex: 'ab', value: 0xabn, demo: false };
    await expect(scoreRun(database.connection, { runId: result.commit.runId, beacon: other, formula, hasher, poseidon })).rejects.toThrow(
      /already scored with beacon/,
    );
    await expect(scoreRun(database.connection, { runId: '2026-10-000000000000', beacon: other, formula, hasher, poseidon })).rejects.toThrow(/no run/);
  });
});

describe('the beacon', () => {
  it('draws different noise from the same commitment', async () => {
    const path = join(dir, 'committed.duckdb');
    const committed = await openDatabase(path);
    await ingestFiles(committed.connection, { inputs: SAMPLE });
    const period = parsePeriod('2026-10', 'UTC');
    await computeFeatures(committed.connection, { period, caps: dailyCapsOf(formula.formula) });
    const commit = await commitPeriod(committed.connection, { period, formula, pepper: PEPPER, hasher, poseidon });
    committed.close();
    copyFileSync(path, join(dir, 'copy.duckdb'));
    const noisyWith = async (file: string, beacon: bigint) => {
      const db = await openDatabase(file);
      await scoreRun(db.connection, { runId: commit.runId, beacon: { hex: beacon.toString(16), value: beacon, demo: false }, formula, hasher, poseidon });
      const rows = (await db.connection.runAndReadAll('SELECT noisy_score FROM run_users ORDER BY user_id')).getRows().map((r) => r[0]);
      db.close();
      return rows;
    };
    const a = await noisyWith(path, 0x1234n);
    const b = await noisyWith(join(dir, 'copy.duckdb'), 0x5678n);
    expect(a).toHaveLength(ENROLLED_OWNERS);
    const differing = a.filter((value, k) => value !== b[k]).length;
    expect(differing).toBeGreaterThan(150);
  });
});
