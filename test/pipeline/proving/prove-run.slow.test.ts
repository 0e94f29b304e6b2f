import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HashPool } from '../../../pipeline/commitments/hash-pool/index.js';
import { createPoseidon, type PoseidonHasher } from '../../../pipeline/commitments/poseidon/index.js';
import { openDatabase, type Database } from '../../../pipeline/db/index.js';
import { ConfigError, UsageError } from '../../../pipeline/errors/index.js';
import { writeGeneratedInputs } from '../../support/generated-inputs.js';
import { releaseSnarkjsCurve } from '../../../pipeline/proving/ceremony/index.js';
import { manifestBatchStatement, proofFileName, proveRun, type ProveRunResult } from '../../../pipeline/proving/prove/index.js';
import type { Manifest } from '../../../pipeline/publishing/index.js';
import { releasedRun, runPipeline, type ReleasedRun } from '../../../pipeline/run/index.js';
import { loadFormula, parseFormula, publishedFormulaPath, type LoadedFormula } from '../../../pipeline/scoring/index.js';

// `stones prove` end to end on the committed B = 2, n = 128 artifacts: a small generated period
// run through the embedded pipeline under a test formula of that instance, every batch proved,
// and each proof checked the way `stones verify` will: against the committed verification key,
// with its one public signal recomputed from the bundle's manifest.json alone.

const ARTIFACTS = new URL('../../../circuits/artifacts/batch-award-v3-b2-n128/', import.meta.url).pathname;
const PEPPER = BigInt(`0x7e57${'a5'.repeat(29)}`);

let dir: string;
let database: Database;
let formula: LoadedFormula;
let poseidon: PoseidonHasher;
let hasher: HashPool;
let run: ReleasedRun;
let proved: ProveRunResult;
let bundleDir: string;
let manifest: Manifest;
let verificationKey: Record<string, unknown>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stones-prove-'));
  const { canonicalJson } = await loadFormula(publishedFormulaPath());
  const json = JSON.parse(canonicalJson) as { noise: { n: number }; batch_size: number };
  json.noise.n = 128;
  json.batch_size = 2;
  parseFormula(json, 'test formula'); // refuses a bad test formula before anything runs
  const formulaPath = join(dir, 'formula.json');
  writeFileSync(formulaPath, `${JSON.stringify(json, null, 2)}\n`);
  formula = await loadFormula(formulaPath);

  const { inputs } = await writeGeneratedInputs(dir, { users: 5, days: 20, seed: 7, start: '2026-10-05' });
  poseidon = await createPoseidon();
  hasher = new HashPool({ threads: 2 });
  database = await openDatabase(join(dir, 'stones.duckdb'));
  run = releasedRun(
    await runPipeline(database.connection, {
      inputs,
      timeZone: 'UTC',
      formula,
      pepper: PEPPER,
      outDir: join(dir, 'out'),
      hasher,
      poseidon,
    }),
  );
  bundleDir = join(run.publish.runDir, 'bundle');
  manifest = JSON.parse(readFileSync(join(bundleDir, 'manifest.json'), 'utf8')) as Manifest;
  verificationKey = JSON.parse(readFileSync(join(ARTIFACTS, 'verification_key.json'), 'utf8')) as Record<string, unknown>;
  proved = await proveRun({ connection: database.connection, runId: run.commit.runId, formula, artifactsDir: ARTIFACTS, bundleDir, poseidon });
}, 120_000);

afterAll(async () => {
  await hasher?.close();
  database?.close();
  await releaseSnarkjsCurve();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function readProof(batch: number): { proof: snarkjs.Groth16Proof; publicSignals: string[] } {
  return JSON.parse(readFileSync(join(bundleDir, 'proofs', proofFileName(batch)), 'utf8')) as { proof: snarkjs.Groth16Proof; publicSignals: string[] };
}

describe('proveRun on the committed b2-n256 artifacts', () => {
  it('writes one proof file per batch, and nothing else', () => {
    expect(manifest.batches.length).toBeGreaterThanOrEqual(2);
    expect(proved.batches).toBe(manifest.batches.length);
    expect(proved.circuit).toBe('batch-award-v3-b2-n128');
    expect(readdirSync(join(bundleDir, 'proofs')).sort()).toEqual(manifest.batches.map((b) => proofFileName(b.batch)));
    console.log(
      `proved ${proved.batches} batches (${manifest.users} users) on ${proved.threads} threads in ${(proved.totalMs / 1000).toFixed(1)} s; per batch ${proved.batchMs.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s`,
    );
  });

  it("verifies every proof with the committed key, its one public signal being the manifest's statement of the batch", async () => {
    for (const batch of manifest.batches) {
      const { proof, publicSignals } = readProof(batch.batch);
      expect(publicSignals).toEqual([manifestBatchStatement(poseidon, manifest, batch.batch).toString()]);
      expect(await snarkjs.groth16.verify(verificationKey, publicSignals, proof), `batch ${batch.batch}`).toBe(true);
    }
  });

  it('a proof does not verify with its public signal changed, nor as another batch', async () => {
    const { proof, publicSignals } = readProof(0);
    expect(await snarkjs.groth16.verify(verificationKey, [(BigInt(publicSignals[0] as string) + 1n).toString()], proof)).toBe(false);
    expect(await snarkjs.groth16.verify(verificationKey, [manifestBatchStatement(poseidon, manifest, 1).toString()], proof)).toBe(false);
  });

  it('refuses artifacts of another instance, and a run under another formula', async () => {
    const wrong = join(dir, 'batch-award-v3-b32-n128');
    const { mkdirSync, copyFileSync } = await import('node:fs');
    mkdirSync(wrong);
    for (const file of ['circuit.wasm', 'circuit.zkey', 'verification_key.json']) copyFileSync(join(ARTIFACTS, file), join(wrong, file));
    await expect(proveRun({ connection: database.connection, runId: run.commit.runId, formula, artifactsDir: wrong, bundleDir })).rejects.toThrow(ConfigError);
    await expect(proveRun({ connection: database.connection, runId: run.commit.runId, formula, artifactsDir: join(dir, 'out'), bundleDir })).rejects.toThrow(
      UsageError,
    );
    const published = await loadFormula(publishedFormulaPath());
    await expect(
      proveRun({ connection: database.connection, runId: run.commit.runId, formula: published, artifactsDir: ARTIFACTS, bundleDir }),
    ).rejects.toThrow(/another formula/);
  });

  it('stops at a batch whose database rows do not satisfy the circuit, naming it (runs last: it changes the database)', async () => {
    const last = manifest.batches.length - 1;
    await database.connection.run('UPDATE run_users SET award = award + 1 WHERE run_id = $1 AND batch = $2 AND leaf_index = 0', [run.commit.runId, last]);
    await expect(
      proveRun({ connection: database.connection, runId: run.commit.runId, formula, artifactsDir: ARTIFACTS, bundleDir, threads: 1 }),
    ).rejects.toThrow(new RegExp(`batch ${last}: `));
  });
});
