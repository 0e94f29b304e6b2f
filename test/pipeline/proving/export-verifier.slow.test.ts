import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { exportVerifierCommand } from '../../../cli/commands/export-verifier-command.js';
import { UsageError } from '../../../pipeline/errors/index.js';
import { releaseSnarkjsCurve } from '../../../pipeline/proving/ceremony/index.js';
import { exportVerifier, VERIFIER_CONTRACT, VERIFIER_FILE } from '../../../pipeline/proving/export-verifier/index.js';

// `stones export-verifier` writes snarkjs's Solidity Groth16 verifier for the committed test
// instance: the one contracts/verifiers/ holds, which the registry deploys and calls on chain.

const CIRCUIT = 'batch-award-v3-b2-n128';
const ARTIFACTS = fileURLToPath(new URL(`../../../circuits/artifacts/${CIRCUIT}/`, import.meta.url));

let outDir: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'stones-export-verifier-'));
}, 60_000);

afterAll(async () => {
  await releaseSnarkjsCurve();
  rmSync(outDir, { recursive: true, force: true });
});

describe('stones export-verifier', () => {
  it('refuses a missing artifacts folder with a usage error', async () => {
    const missing = join(outDir, 'no-such-artifacts');
    await expect(exportVerifier({ artifactsDir: missing, outDir })).rejects.toThrow(UsageError);
    await expect(exportVerifierCommand().parseAsync(['--out', outDir, '--artifacts', missing], { from: 'user' })).rejects.toThrow(
      /^no artifacts folder at .*no-such-artifacts: run stones ceremony first, or pass --artifacts$/,
    );
  });

  it('writes Groth16Verifier.sol for the committed artifacts and says where', async () => {
    const writes: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    try {
      await exportVerifierCommand().parseAsync(['--out', outDir, '--artifacts', ARTIFACTS], { from: 'user' });
    } finally {
      spy.mockRestore();
    }
    const path = join(outDir, VERIFIER_FILE);
    expect(writes.join('')).toContain(VERIFIER_FILE);
    const source = readFileSync(path, 'utf8');
    expect(source).toContain(`contract ${VERIFIER_CONTRACT}`);
    expect(source).toContain('function verifyProof(uint[2] calldata _pA, uint[2][2] calldata _pB, uint[2] calldata _pC, uint[1] calldata _pubSignals)');
    // The rendered key is the committed one.
    const vk = JSON.parse(readFileSync(join(ARTIFACTS, 'verification_key.json'), 'utf8')) as { vk_alpha_1: string[] };
    expect(source).toContain(`alphax  = ${vk.vk_alpha_1[0]}`);
  }, 60_000);

  it('is the verifier committed for the instance, which the registry deploys (contracts/verifiers/)', () => {
    // contracts-build.slow.test.ts compiles it and checks the deployed bytecode; anchor-run.slow.test.ts verifies real proofs with it on anvil.
    expect(readFileSync(join(outDir, VERIFIER_FILE), 'utf8')).toBe(
      readFileSync(fileURLToPath(new URL(`../../../contracts/verifiers/${CIRCUIT}.sol`, import.meta.url)), 'utf8'),
    );
  });
});
