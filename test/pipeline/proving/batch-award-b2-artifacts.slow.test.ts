import { readFileSync } from 'node:fs';
import * as snarkjs from 'snarkjs';
import { afterAll, describe, expect, it } from 'vitest';
import { releaseSnarkjsCurve } from '../../../pipeline/proving/ceremony/index.js';
import { FEATURE_NAMES } from '../../../pipeline/scoring/index.js';
import { batchInput, honestStatement, scorePeriod, testFormula, type TestUser } from '../../circuits/support/batch-award-input.js';

// The committed ceremony output of the test instance (circuits/artifacts/batch-award-b2-n256/,
// made by `stones ceremony`) proves an honest batch (test/circuits/committed-artifacts.slow.test.ts
// checks that it still matches the circuit source).

const CIRCUIT = 'batch-award-b2-n256';
const ARTIFACTS = new URL(`../../../circuits/artifacts/${CIRCUIT}/`, import.meta.url);

function features(values: number[]): TestUser['features'] {
  return Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, BigInt(values[i] as number)])) as TestUser['features'];
}

const USERS: TestUser[] = [
  { userId: 'owner-0001', features: features([22, 150, 1800, 340, 90, 4, 400]), salt: 0x0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8n },
  { userId: 'owner-0002', features: features([9, 30, 410, 0, 55, 2, 45]), salt: 0x7766554433221100ffeeddccbbaa99887766554433221100ffeeddccbbaa99n },
];

afterAll(async () => {
  await releaseSnarkjsCurve();
});

describe(`committed artifacts of ${CIRCUIT}`, () => {
  it('prove an honest batch that the committed verification key accepts', async () => {
    const period = await scorePeriod(await testFormula(256, 2), 0x1d2c3b4a59687786n, 0x5eed0fbeac0n, USERS);
    const verificationKey = JSON.parse(readFileSync(new URL('verification_key.json', ARTIFACTS), 'utf8')) as Record<string, unknown>;
    const { proof, publicSignals } = await snarkjs.groth16.fullProve(
      batchInput(period, 0),
      { type: 'mem', data: readFileSync(new URL('circuit.wasm', ARTIFACTS)) },
      { type: 'mem', data: readFileSync(new URL('circuit.zkey', ARTIFACTS)) },
    );
    expect(publicSignals).toEqual([honestStatement(period, 0).toString()]);
    expect(await snarkjs.groth16.verify(verificationKey, publicSignals, proof)).toBe(true);
    expect(await snarkjs.groth16.verify(verificationKey, [(honestStatement(period, 0) + 1n).toString()], proof)).toBe(false);
  });
});
