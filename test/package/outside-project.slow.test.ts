import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli.js';
import { writeGeneratedInputs } from '../support/generated-inputs.js';

// The package as an outside project gets it: packed, installed from the tarball into a folder
// of its own (dependencies from npm's cache where it has them, else the registry), imported by its entry points.
let dir: string;
let project: string;
let runDir: string;

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, REDIS_URL: '' } });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stones-outside-'));
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], REPO_ROOT)) as { filename: string }[];
  project = join(dir, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'award-engine', private: true, type: 'module' }));
  run('npm', ['install', join(dir, packed[0]!.filename), '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], project);
  // A run made and proved by the installed package's own `stones` (its SQL files, circuits and
  // all) under the published formula: 40 generated owners of October 2026 with their enrolment
  // and crystals, two batches of the published instance (B = 32; the bundled sample's 201 owners
  // would take seven proofs, and CI's budget is tight).
  const out = join(dir, 'out');
  const { inputs } = await writeGeneratedInputs(dir, { users: 40, days: 31, seed: 2026, start: '2026-10-01' });
  run(
    process.execPath,
    [
      join(project, 'node_modules', 'stones', 'dist', 'cli', 'main.js'),
      'run',
      '--input',
      ...inputs,
      '--db',
      join(dir, 'stones.duckdb'),
      '--formula',
      join(REPO_ROOT, 'formula.json'),
      '--out',
      out,
    ],
    dir,
  );
  runDir = join(out, readdirSync(out)[0]!);
}, 600_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('stones imported by an outside project', () => {
  it('verifies the sample bundle with stones/verify (bundle files in memory) and stones/verify/node, and reads the awards with stones/awards', () => {
    writeFileSync(
      join(project, 'check.mjs'),
      `
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleFromFiles, createBigintPoseidonOf, serialBulkHasher, verifyBundleFiles } from 'stones/verify';
import { verifyBundle } from 'stones/verify/node';
import { readRunAwards } from 'stones/awards';
import { SCHEMA_VERSIONS } from 'stones/formats';
import { createPoseidon, HashPool } from 'stones/pipeline';
import constants from 'stones/poseidon-constants.json' with { type: 'json' };
import key from 'stones/circuits/batch-award-v3-b32-n128/verification_key.json' with { type: 'json' };

const runDir = process.argv[2];
const bundleDir = join(runDir, 'bundle');
const files = {};
for (const name of readdirSync(bundleDir)) if (name !== 'proofs') files[name] = readFileSync(join(bundleDir, name));
for (const name of readdirSync(join(bundleDir, 'proofs'))) files['proofs/' + name] = readFileSync(join(bundleDir, 'proofs', name));
const poseidon = createBigintPoseidonOf(constants);
const inMemory = await verifyBundleFiles(bundleFromFiles(files), { poseidon, hasher: serialBulkHasher(poseidon), ceremonyKey: { path: 'stones/circuits', key }, allowDemoBeacon: true });
const hasher = new HashPool({ threads: 1 });
const onDisk = await verifyBundle(bundleDir, { poseidon: await createPoseidon(), hasher, allowDemoBeacon: true });
await hasher.close();
const awards = await readRunAwards(runDir);
console.log(JSON.stringify({
  inMemory: { ok: inMemory.ok, proofs: inMemory.proofsVerified, failed: inMemory.checks.filter((c) => c.status === 'failed').map((c) => c.name) },
  onDisk: { ok: onDisk.ok, proofs: onDisk.proofsVerified },
  handoffVersion: awards.handoff.schema_version,
  formatsVersion: SCHEMA_VERSIONS.awards_handoff,
  rows: awards.rows.length,
  total: awards.rows.reduce((sum, row) => sum + BigInt(row.award), 0n).toString(),
}));
`,
    );
    const result = JSON.parse(run(process.execPath, ['check.mjs', runDir], project)) as {
      inMemory: unknown;
      onDisk: unknown;
      handoffVersion: number;
      formatsVersion: number;
      rows: number;
      total: string;
    };
    const manifest = JSON.parse(readFileSync(join(runDir, 'bundle', 'manifest.json'), 'utf8')) as {
      batches: unknown[];
      users: number;
      pool: string;
      remainder: string;
    };
    expect(result.inMemory).toEqual({ ok: true, proofs: manifest.batches.length, failed: [] });
    expect(result.onDisk).toEqual({ ok: true, proofs: manifest.batches.length });
    expect(result.handoffVersion).toBe(result.formatsVersion);
    expect(result.rows).toBe(manifest.users);
    expect(BigInt(result.total) + BigInt(manifest.remainder)).toBe(BigInt(manifest.pool));
  });

  it('finds a changed award in memory: stones/verify fails the bundle by name', () => {
    writeFileSync(
      join(project, 'tamper.mjs'),
      `
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleFromFiles, createBigintPoseidonOf, serialBulkHasher, verifyBundleFiles } from 'stones/verify';
import constants from 'stones/poseidon-constants.json' with { type: 'json' };
import key from 'stones/circuits/batch-award-v3-b32-n128/verification_key.json' with { type: 'json' };

const bundleDir = join(process.argv[2], 'bundle');
const files = {};
for (const name of readdirSync(bundleDir)) if (name !== 'proofs') files[name] = readFileSync(join(bundleDir, name), 'utf8');
for (const name of readdirSync(join(bundleDir, 'proofs'))) files['proofs/' + name] = readFileSync(join(bundleDir, 'proofs', name), 'utf8');
const lines = files['awards.jsonl'].split('\\n');
const first = JSON.parse(lines[0]);
first.award = String(BigInt(first.award) + 1n);
lines[0] = JSON.stringify(first);
files['awards.jsonl'] = lines.join('\\n');
const poseidon = createBigintPoseidonOf(constants);
const result = await verifyBundleFiles(bundleFromFiles(files), { poseidon, hasher: serialBulkHasher(poseidon), ceremonyKey: { path: 'stones/circuits', key }, allowDemoBeacon: true });
console.log(JSON.stringify({ ok: result.ok, failed: result.checks.filter((c) => c.status === 'failed').map((c) => c.name) }));
`,
    );
    const result = JSON.parse(run(process.execPath, ['tamper.mjs', runDir], project)) as { ok: boolean; failed: string[] };
    expect(result.ok).toBe(false);
    expect(result.failed).toContain('awards.award_root');
  });

  it('bundles stones/verify for the browser with no Node built-in, and the bundle verifies the sample', async () => {
    const entry = join(project, 'browser-entry.mjs');
    writeFileSync(
      entry,
      `
export { bundleFromFiles, createBigintPoseidonOf, serialBulkHasher, verifyBundleFiles } from 'stones/verify';
export { default as constants } from 'stones/poseidon-constants.json';
export { default as key } from 'stones/circuits/batch-award-v3-b32-n128/verification_key.json';
`,
    );
    const outfile = join(project, 'browser-bundle.mjs');
    // platform browser: a node: import (or a package with no browser build) cannot be resolved and fails the build.
    const result = await build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', outfile, metafile: true, logLevel: 'silent' });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(
      inputs.filter((input) => /^node:|@duckdb|bullmq|ioredis|piscina|apache-arrow|circomlibjs|node_modules\/snarkjs\/(main|build\/main)/.test(input)),
    ).toEqual([]);
    const text = readFileSync(outfile, 'utf8');
    expect(text).not.toMatch(/\brequire\(["']node:|from ["']node:/);
    // The bundle runs (here in Node, with nothing but what a browser has: bytes in, a verdict out).
    // biome-ignore lint/suspicious/noExplicitAny: the bundle is plain JavaScript built in this test
    const bundle = (await import(outfile)) as Record<string, any>;
    const files: Record<string, Uint8Array> = {};
    const bundleDir = join(runDir, 'bundle');
    for (const name of readdirSync(bundleDir)) if (name !== 'proofs') files[name] = new Uint8Array(readFileSync(join(bundleDir, name)));
    for (const name of readdirSync(join(bundleDir, 'proofs'))) files[`proofs/${name}`] = new Uint8Array(readFileSync(join(bundleDir, 'proofs', name)));
    const poseidon = bundle.createBigintPoseidonOf(bundle.constants);
    const verdict = await bundle.verifyBundleFiles(bundle.bundleFromFiles(files), {
      poseidon,
      hasher: bundle.serialBulkHasher(poseidon),
      ceremonyKey: { path: 'bundled', key: bundle.key },
      allowDemoBeacon: true,
    });
    expect(verdict.ok).toBe(true);
    expect(verdict.proofsVerified).toBeGreaterThan(0);
  });
});
