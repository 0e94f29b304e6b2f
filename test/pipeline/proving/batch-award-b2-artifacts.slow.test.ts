import { readFileSync } from 'node:fs';
import * as snarkjs from 'snarkjs';
import { afterAll, describe, expect, it } from 'vitest';
import { releaseSnarkjsCurve } from '../../../pipeline/proving/ceremony/index.js';
import { honestBatchInput, testPeriod } from '../../circuits/support/batch-award-input.js';

// The committed ceremony output of the test instance (circuits/artifacts/batch-award-v3-b2-n128/,
// made by `stones ceremony`) proves an honest batch (test/circuits/committed-artifacts.slow.test.ts
// checks that it still matches the circuit source).

const CIRCUIT = 'batch-award-v3-b2-n128';
const ARTIFACTS = new URL(`../../../circuits/artifacts/${CIRCUIT}/`, import.meta.url);

afterAll(async () => {
  await releaseSnarkjsCurve();
});

describe(`committed artifacts of ${CIRCUIT}`, () => {
  it('prove an honest batch that the committed verification key accepts', async () => {
    const period = await testPeriod();
    const input = honestBatchInput(period, 0);
    const statement = BigInt(input.statement as string);
    const verificationKey = JSON.parse(readFileSync(new URL('verification_key.json', ARTIFACTS), 'utf8')) as Record<string, unknown>;
    const { proof, publicSignals } = await snarkjs.groth16.fullProve(
      input,
      { type: 'mem', data: readFileSync(new URL('circuit.wasm', ARTIFACTS)) },
      { type: 'mem', data: readFileSync(new URL('circuit.zkey', ARTIFACTS)) },
    );
    expect(publicSignals).toEqual([statement.toString()]);
    expect(await snarkjs.groth16.verify(verificationKey, publicSignals, proof)).toBe(true);
    expect(await snarkjs.groth16.verify(verificationKey, [(statement + 1n).toString()], proof)).toBe(false);
  });
});
