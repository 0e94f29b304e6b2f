import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { BuiltCircuit } from '../../../circuits/build-circuit.mjs';
import type { CeremonyTranscript } from '../../../pipeline/proving/ceremony/index.js';

const REPO = new URL('../../../', import.meta.url).pathname;

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/**
 * The committed ceremony artifacts `<folder>/artifacts/<name>/` belong to `built`, the circuit
 * as it compiles TODAY from `<folder>/instances/<name>.circom`: the same r1cs and witness
 * generator, and the files its transcript `<folder>/ceremony/<name>.json` lists.
 */
export function expectCommittedArtifactsOf(folder: string, name: string, built: BuiltCircuit): void {
  const dir = join(REPO, folder, 'artifacts', name);
  const source = `${folder}/instances/${name}.circom`;
  expect(existsSync(join(REPO, source)), `${source} (the instance these artifacts were made for)`).toBe(true);
  const r1csSha = sha256(built.r1csPath);
  expect(readFileSync(join(dir, 'r1cs.sha256'), 'utf8').split(/\s+/)[0], `${name}: the circuit changed since its ceremony`).toBe(r1csSha);
  const transcript = JSON.parse(readFileSync(join(REPO, folder, 'ceremony', `${name}.json`), 'utf8')) as CeremonyTranscript;
  expect(transcript.circuit).toBe(name);
  expect(transcript.r1cs.sha256).toBe(r1csSha);
  expect(sha256(join(dir, 'circuit.wasm'))).toBe(transcript.artifacts.wasm.sha256);
  expect(sha256(join(dir, 'circuit.zkey'))).toBe(transcript.artifacts.zkey.sha256);
  expect(sha256(join(dir, 'verification_key.json'))).toBe(transcript.artifacts.verificationKey.sha256);
  expect(sha256(built.wasmPath), `${name}: the witness generator compiles differently`).toBe(transcript.artifacts.wasm.sha256);
}
