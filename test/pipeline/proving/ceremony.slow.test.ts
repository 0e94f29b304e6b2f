import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCircuit, type BuiltCircuit } from '../../../circuits/build-circuit.mjs';
import { ceremonyCommand } from '../../../cli/commands/ceremony-command.js';
import { ConfigError, UsageError } from '../../../pipeline/errors/index.js';
import {
  parseCeremonyBeacon,
  releaseSnarkjsCurve,
  runCeremony,
  runPhase1,
  type CeremonyResult,
  type CeremonyTranscript,
} from '../../../pipeline/proving/ceremony/index.js';

// The whole ceremony (phase 1, phase 2, artifacts, transcript) on a 3-constraint circuit at
// power 4, in seconds; then a real Groth16 proof with what it produced.

const SNARKJS_CLI = new URL('../../../node_modules/snarkjs/build/cli.cjs', import.meta.url).pathname;
const FIXTURE = 'test/pipeline/proving/fixtures/tiny-ceremony.circom';
const BEACON = parseCeremonyBeacon('c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00');

let work: string;
let built: BuiltCircuit;
let result: CeremonyResult;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'stones-ceremony-test-'));
  built = await buildCircuit({ source: FIXTURE, outDir: join(work, 'build') });
  result = await runCeremony({
    circuit: built.name,
    r1csPath: built.r1csPath,
    wasmPath: built.wasmPath,
    power: 4,
    contributors: 2,
    contributorNames: ['alice', 'bob'],
    beacon: BEACON,
    artifactsDir: join(work, 'artifacts', built.name),
    transcriptPath: join(work, 'ceremony', `${built.name}.json`),
    phase1WorkDir: join(work, 'phase1'),
  });
}, 120_000);

afterAll(async () => {
  await releaseSnarkjsCurve();
  rmSync(work, { recursive: true, force: true });
});

describe('stones ceremony on a tiny circuit', () => {
  it('writes the artifacts proving and verifying need', () => {
    const dir = join(work, 'artifacts', built.name);
    const r1csSha = createHash('sha256').update(readFileSync(built.r1csPath)).digest('hex');
    expect(readFileSync(join(dir, 'r1cs.sha256'), 'utf8')).toBe(`${r1csSha}  tiny-ceremony.r1cs\n`);
    expect(readFileSync(join(dir, 'circuit.wasm'))).toEqual(readFileSync(built.wasmPath));
    for (const file of ['circuit.zkey', 'verification_key.json']) {
      expect(readFileSync(join(dir, file)).length).toBeGreaterThan(0);
    }
  });

  it('proves a witness with the produced wasm and zkey; the exported key accepts it and refuses a tampered signal', async () => {
    const dir = join(work, 'artifacts', built.name);
    const verificationKey = JSON.parse(readFileSync(join(dir, 'verification_key.json'), 'utf8')) as Record<string, unknown>;
    const { proof, publicSignals } = await snarkjs.groth16.fullProve({ x: 3, y: 5 }, join(dir, 'circuit.wasm'), join(dir, 'circuit.zkey'));
    expect(publicSignals).toEqual(['228', '3']); // out = 3^2 * 5^2 + 3, then the public input x
    expect(await snarkjs.groth16.verify(verificationKey, publicSignals, proof)).toBe(true);
    expect(await snarkjs.groth16.verify(verificationKey, ['229', '3'], proof)).toBe(false);
    expect(await snarkjs.groth16.verify(verificationKey, ['228', '4'], proof)).toBe(false);
  });

  it('lists every step of both phases, who and when, each with a hash', () => {
    const transcript = JSON.parse(readFileSync(result.transcriptPath, 'utf8')) as CeremonyTranscript;
    expect(transcript.steps.map((s) => `${s.phase}:${s.kind}:${s.who}`)).toEqual([
      '1:new:stones ceremony',
      '1:contribution:alice',
      '1:contribution:bob',
      `1:beacon:public beacon ${BEACON.hex}`,
      '1:prepare:stones ceremony',
      '2:setup:stones ceremony',
      '2:contribution:alice',
      '2:contribution:bob',
      `2:beacon:public beacon ${BEACON.hex}`,
      '2:export:stones ceremony',
    ]);
    for (const step of transcript.steps) {
      expect(step.hash).toMatch(step.hashOf === 'output-sha256' ? /^[0-9a-f]{64}$/ : /^[0-9a-f]{128}$/);
      expect(step.outputSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(Number.isNaN(Date.parse(step.at))).toBe(false);
    }
    // Every contribution gives a different hash.
    expect(new Set(transcript.steps.map((s) => s.hash)).size).toBe(transcript.steps.length);

    const dir = join(work, 'artifacts', built.name);
    const sha = (file: string): string =>
      createHash('sha256')
        .update(readFileSync(join(dir, file)))
        .digest('hex');
    expect(transcript.power).toBe(4);
    expect(transcript.r1cs.constraints).toBe(3);
    expect(transcript.r1cs.sha256).toBe(createHash('sha256').update(readFileSync(built.r1csPath)).digest('hex'));
    expect(transcript.artifacts.zkey.sha256).toBe(sha('circuit.zkey'));
    expect(transcript.artifacts.verificationKey.sha256).toBe(sha('verification_key.json'));
    expect(transcript.steps.at(-2)?.outputSha256).toBe(sha('circuit.zkey')); // the final beacon wrote the zkey
    expect(transcript.steps.at(-1)?.outputSha256).toBe(sha('verification_key.json'));
    expect(transcript.beacon).toEqual({ hex: BEACON.hex, iterationsExp: 10, demo: false });
  });

  it("a regulator's check with stock snarkjs, as the README gives it: the ptau's chain, the zkey against r1cs and ptau, the key", () => {
    const transcript = JSON.parse(readFileSync(result.transcriptPath, 'utf8')) as CeremonyTranscript;
    const ptau = join(work, 'phase1', 'pot_final_prepared.ptau');
    const dir = join(work, 'artifacts', built.name);
    const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
    expect(sha(ptau)).toBe(transcript.steps.find((s) => s.kind === 'prepare')?.outputSha256);
    const stock = (...args: string[]): { status: number | null; out: string } => {
      const child = spawnSync(process.execPath, [SNARKJS_CLI, ...args], { encoding: 'utf8', cwd: work });
      return { status: child.status, out: `${child.stdout}${child.stderr}` };
    };
    const phase1 = stock('powersoftau', 'verify', ptau);
    expect(phase1.status, phase1.out).toBe(0);
    expect(phase1.out).toMatch(/Powers of Tau Ok!/);
    expect(phase1.out).toMatch(/alice/);
    expect(phase1.out).toMatch(/bob/);
    const phase2 = stock('zkey', 'verify', built.r1csPath, ptau, join(dir, 'circuit.zkey'));
    expect(phase2.status, phase2.out).toBe(0);
    expect(phase2.out).toMatch(/ZKey Ok!/);
    const exported = stock('zkey', 'export', 'verificationkey', join(dir, 'circuit.zkey'), join(work, 'vk-export.json'));
    expect(exported.status, exported.out).toBe(0);
    expect(JSON.parse(readFileSync(join(work, 'vk-export.json'), 'utf8'))).toEqual(JSON.parse(readFileSync(join(dir, 'verification_key.json'), 'utf8')));
  }, 60_000);

  it('resumes phase 1 from its work folder instead of running it again', async () => {
    const again = await runPhase1({
      power: 4,
      contributors: ['alice', 'bob'],
      beacon: BEACON,
      workDir: join(work, 'phase1'),
      operator: 'stones ceremony',
    });
    expect(again.resumed).toBe(5);
    expect(again.steps).toEqual(result.transcript.steps.filter((s) => s.phase === 1));
  });
});

describe('stones ceremony: errors a user can cause', () => {
  it('a missing r1cs is a usage error', async () => {
    const run = runCeremony({
      circuit: 'missing',
      r1csPath: join(work, 'nope.r1cs'),
      wasmPath: built.wasmPath,
      contributors: 1,
      beacon: BEACON,
      artifactsDir: join(work, 'unused'),
      transcriptPath: join(work, 'unused.json'),
    });
    await expect(run).rejects.toBeInstanceOf(UsageError);
    await expect(run).rejects.toThrow(/r1cs file not found: .*nope\.r1cs$/);
  });

  it('a power too small for the constraints is a config error that says which power is needed', async () => {
    const run = runCeremony({
      circuit: built.name,
      r1csPath: built.r1csPath,
      wasmPath: built.wasmPath,
      power: 2,
      contributors: 1,
      beacon: BEACON,
      artifactsDir: join(work, 'unused'),
      transcriptPath: join(work, 'unused.json'),
    });
    await expect(run).rejects.toBeInstanceOf(ConfigError);
    await expect(run).rejects.toThrow('power 2 is too small for tiny-ceremony: 3 constraints and 2 public signals need power 3 or more');
  });

  it('a bad beacon and a missing circuit file are usage errors', async () => {
    expect(() => parseCeremonyBeacon('xyz')).toThrow(UsageError);
    expect(() => parseCeremonyBeacon('abc')).toThrow(/even number of hex digits/);
    const command = ceremonyCommand().exitOverride();
    await expect(command.parseAsync(['--circuit', 'circuits/instances/no-such.circom'], { from: 'user' })).rejects.toThrow(
      'circuit not found: circuits/instances/no-such.circom',
    );
  });
});
