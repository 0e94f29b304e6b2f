import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import Ajv2020Module from 'ajv/dist/2020.js';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWARD_ROW_COLUMNS, JSON_SCHEMA_FILES, SCHEMA_VERSIONS } from '../../../pipeline/formats/index.js';
import { REPO_ROOT, runCli } from '../../support/cli.js';

// The committed JSON Schemas (schemas/), checked with a validator that is not zod (ajv, draft
// 2020-12), against the files of a real run of the bundled sample: what a reader in another
// language would do. Proofs are left out: they need proving, and the slow verify test reads
// proof files through the same schema (pipeline/formats/proof-file.ts).

// ajv is CommonJS: under NodeNext the default import is module.exports, the class is its `default`.
const Ajv2020 = Ajv2020Module.default;

type SchemaFile = keyof typeof JSON_SCHEMA_FILES;
type Json = Record<string, unknown>;

let dir: string;
let runDir: string;
let handoff: Json | undefined;
const ajv = new Ajv2020({ allErrors: true, strict: true });
for (const file of Object.keys(JSON_SCHEMA_FILES)) ajv.addSchema(JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', file), 'utf8')) as Json, file);

function problemsOf(file: SchemaFile, document: unknown): string[] {
  const validate = ajv.getSchema(file);
  if (!validate) throw new Error(`no schema ${file}`);
  return validate(document) ? [] : (validate.errors ?? []).map((e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message}`);
}

const readJson = (path: string): Json => JSON.parse(readFileSync(path, 'utf8')) as Json;
const readLines = (path: string): Json[] =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Json);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stones-formats-'));
  const run = runCli(['run', '--db', join(dir, 'stones.duckdb'), '--out', join(dir, 'out'), '--no-prove'], {
    env: { STONES_PEPPER_FILE: join(dir, 'pepper.key') },
  });
  expect(run.status, run.stderr).toBe(0);
  const [runId] = readdirSync(join(dir, 'out'));
  runDir = join(dir, 'out', runId as string);
  // stones run writes the hand-off next to the award files and names it on its awards-ready line.
  expect(run.stdout).toContain(`awards-ready: ${join(runDir, 'handoff.json')}`);
  handoff = readJson(join(runDir, 'handoff.json'));
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the JSON Schemas on a real run of the sample', () => {
  it('accept manifest.json, stats.json, every awards.jsonl and receipts.jsonl line, and the hand-off', () => {
    expect(problemsOf('manifest.schema.json', readJson(join(runDir, 'bundle', 'manifest.json')))).toEqual([]);
    expect(problemsOf('stats.schema.json', readJson(join(runDir, 'bundle', 'stats.json')))).toEqual([]);
    const awards = readLines(join(runDir, 'bundle', 'awards.jsonl'));
    expect(awards.length).toBe(201);
    expect(awards.flatMap((line) => problemsOf('awards-line.schema.json', line))).toEqual([]);
    const receipts = readLines(join(runDir, 'receipts.jsonl'));
    expect(receipts.length).toBe(201);
    expect(receipts.flatMap((line) => problemsOf('receipt.schema.json', line))).toEqual([]);
    expect(problemsOf('awards-handoff.schema.json', handoff)).toEqual([]);
  });

  it('accept every row of awards.arrow and awards.parquet, 64-bit integers as decimal strings', async () => {
    const decimalStrings = (row: Json): Json => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v]));
    const arrow = tableFromIPC(readFileSync(join(runDir, 'awards.arrow')));
    expect(arrow.schema.fields.map((f) => f.name)).toEqual(AWARD_ROW_COLUMNS);
    const arrowRows = arrow.toArray().map((row) => decimalStrings(row.toJSON() as Json));
    expect(arrowRows.length).toBe(201);
    expect(arrowRows.flatMap((row) => problemsOf('award-row.schema.json', row))).toEqual([]);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet('${join(runDir, 'awards.parquet').replaceAll("'", "''")}')`);
      expect(reader.columnNames()).toEqual(AWARD_ROW_COLUMNS);
      const parquetRows = reader.getRowObjectsJS().map((row) => decimalStrings(row as Json));
      expect(parquetRows).toEqual(arrowRows);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('reject each document with a required field missing, an unknown schema_version, or (where the verifier refuses them) an unknown field', () => {
    const documents: [SchemaFile, Json][] = [
      ['manifest.schema.json', readJson(join(runDir, 'bundle', 'manifest.json'))],
      ['stats.schema.json', readJson(join(runDir, 'bundle', 'stats.json'))],
      ['awards-line.schema.json', readLines(join(runDir, 'bundle', 'awards.jsonl'))[0] as Json],
      ['receipt.schema.json', readLines(join(runDir, 'receipts.jsonl'))[0] as Json],
      ['awards-handoff.schema.json', handoff as Json],
    ];
    for (const [file, document] of documents) {
      expect(problemsOf(file, document), file).toEqual([]);
      for (const field of ['schema_version', 'run_id' in document ? 'run_id' : 'user_tag']) {
        const { [field]: _, ...without } = document;
        expect(problemsOf(file, without), `${file} without ${field}`).toContainEqual(expect.stringContaining(`must have required property '${field}'`));
      }
      const version = document.schema_version as number;
      expect(problemsOf(file, { ...document, schema_version: version + 1 }), `${file} version ${version + 1}`).not.toEqual([]);
      if (version > 1) expect(problemsOf(file, { ...document, schema_version: version - 1 }), `${file} version ${version - 1}`).not.toEqual([]);
    }
    // The verifier refuses unknown fields in the bundle's manifest and awards lines: so does the schema.
    const manifest = documents[0]?.[1] as Json;
    expect(problemsOf('manifest.schema.json', { ...manifest, note: 'x' })).toEqual([' must NOT have additional properties']);
    expect(problemsOf('awards-line.schema.json', { ...(documents[2]?.[1] as Json), note: 'x' })).toEqual([' must NOT have additional properties']);
    expect(problemsOf('manifest.schema.json', { ...manifest, pool: '-1' })).toEqual([expect.stringMatching(/^\/pool must match pattern/)]);
  });
});

// The version after each one this stones writes, and the one-line message that refuses it.
const M = SCHEMA_VERSIONS.manifest;
const newerThan = (name: string, reads: number): string =>
  `${name} has schema_version ${reads + 1}, this stones reads schema_version ${reads}: upgrade stones to verify it`;

describe('a bundle of a newer format', () => {
  function bundleCopy(change: (manifest: Json) => void): string {
    const copy = join(dir, `bundle-${Math.random().toString(36).slice(2)}`);
    cpSync(join(runDir, 'bundle'), copy, { recursive: true });
    const manifest = readJson(join(copy, 'manifest.json'));
    change(manifest);
    writeFileSync(join(copy, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    return copy;
  }

  function manifestFormat(bundle: string): { status: number | null; check: { status: string; failures: string[] } | undefined } {
    const json = runCli(['verify', bundle, '--json']);
    const checks = (JSON.parse(json.stdout) as { checks: { name: string; status: string; failures: string[] }[] }).checks;
    return { status: json.status, check: checks.find((c) => c.name === 'manifest.format') };
  }

  it('fails stones verify by name, manifest.format, with one line saying to upgrade stones', () => {
    const newer = bundleCopy((manifest) => {
      manifest.schema_version = M + 1;
    });
    const result = manifestFormat(newer);
    expect(result.status).toBe(1);
    expect(result.check).toEqual(expect.objectContaining({ status: 'failed', failures: [newerThan('manifest.json', M)] }));
    expect(runCli(['verify', newer]).stdout).toMatch(
      new RegExp(
        `FAIL {2}manifest\\.format +1 failure\\n +manifest\\.json has schema_version ${M + 1}, this stones reads schema_version ${M}: upgrade stones to verify it\\n`,
      ),
    );
  }, 60_000);

  it('fails a bundle written before formats were versioned by name, saying so', () => {
    const result = manifestFormat(bundleCopy((manifest) => void delete manifest.schema_version));
    expect(result.status).toBe(1);
    expect(result.check?.failures).toEqual([expect.stringMatching(/^manifest\.json has no schema_version: written by stones before formats were versioned; /)]);
  }, 60_000);

  it('names a newer stats.json and awards.jsonl once each, by their format checks', () => {
    const bundle = bundleCopy(() => undefined);
    const stats = readJson(join(bundle, 'stats.json'));
    writeFileSync(join(bundle, 'stats.json'), JSON.stringify({ ...stats, schema_version: SCHEMA_VERSIONS.stats + 1 }));
    const lines = readLines(join(bundle, 'awards.jsonl')).map((line) => JSON.stringify({ ...line, schema_version: SCHEMA_VERSIONS.awards_line + 1 }));
    writeFileSync(join(bundle, 'awards.jsonl'), `${lines.join('\n')}\n`);
    const result = runCli(['verify', bundle, '--json']);
    expect(result.status).toBe(1);
    const checks = (JSON.parse(result.stdout) as { checks: { name: string; status: string; failures: string[]; failureCount: number }[] }).checks;
    const check = (name: string) => checks.find((c) => c.name === name);
    expect(check('manifest.format')?.status).toBe('passed');
    expect(check('stats.format')).toEqual(
      expect.objectContaining({
        status: 'failed',
        failureCount: 1,
        failures: [newerThan('stats.json', SCHEMA_VERSIONS.stats)],
      }),
    );
    expect(check('awards.format')).toEqual(
      expect.objectContaining({
        status: 'failed',
        failureCount: 1,
        failures: [`line 1: ${newerThan('awards.jsonl', SCHEMA_VERSIONS.awards_line)}`],
      }),
    );
  }, 60_000);

  it('fails stones verify-receipt in one line on a newer receipt, and on a newer manifest', () => {
    const receipt = readLines(join(runDir, 'receipts.jsonl'))[0] as Json;
    writeFileSync(join(dir, 'receipt.json'), JSON.stringify({ ...receipt, schema_version: SCHEMA_VERSIONS.receipt + 1 }));
    const newerReceipt = runCli(['verify-receipt', join(runDir, 'bundle'), join(dir, 'receipt.json')]);
    expect(newerReceipt.status).toBe(1);
    expect(newerReceipt.stderr).toBe(`receipt FAILED: ${newerThan('receipt', SCHEMA_VERSIONS.receipt)}\n`);
    writeFileSync(join(dir, 'receipt.json'), JSON.stringify(receipt));
    expect(runCli(['verify-receipt', join(runDir, 'bundle'), join(dir, 'receipt.json'), '--allow-demo-beacon']).status).toBe(0);
    const newerManifest = runCli([
      'verify-receipt',
      bundleCopy((manifest) => {
        manifest.schema_version = M + 1;
      }),
      join(dir, 'receipt.json'),
    ]);
    expect(newerManifest.status).not.toBe(0);
    expect(newerManifest.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^stones: .*${newerThan('manifest.json', M).replaceAll('.', '\\.')}$`)),
    ]);
  }, 60_000);
});
