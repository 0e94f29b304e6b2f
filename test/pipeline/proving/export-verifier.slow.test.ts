import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEVM, type EVM } from '@ethereumjs/evm';
import { bytesToHex, hexToBytes, type Address } from '@ethereumjs/util';
import solc from 'solc';
import * as snarkjs from 'snarkjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { exportVerifierCommand } from '../../../cli/commands/export-verifier-command.js';
import { UsageError } from '../../../pipeline/errors/index.js';
import { releaseSnarkjsCurve } from '../../../pipeline/proving/ceremony/index.js';
import { exportVerifier, VERIFIER_CONTRACT, VERIFIER_FILE } from '../../../pipeline/proving/export-verifier/index.js';
import { honestBatchInput, testPeriod } from '../../circuits/support/batch-award-input.js';

// `stones export-verifier` writes snarkjs's Solidity Groth16 verifier for the committed test
// instance; compiled with solc-js and deployed to an in-process EVM, it accepts a real proof of
// an honest batch and rejects it once a public signal or a proof coordinate is changed.

const CIRCUIT = 'batch-award-v3-b2-n128';
const ARTIFACTS = fileURLToPath(new URL(`../../../circuits/artifacts/${CIRCUIT}/`, import.meta.url));

/** types/snarkjs.d.ts leaves exportSolidityCallData out; its 0.7.6 shape. */
type ExportSolidityCallData = (proof: snarkjs.Groth16Proof, publicSignals: readonly string[]) => Promise<string>;

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts: Record<string, Record<string, { evm: { bytecode: { object: string }; methodIdentifiers: Record<string, string> } }>>;
}

function compileVerifier(source: string): { bytecode: string; selector: string } {
  const input = {
    language: 'Solidity',
    sources: { [VERIFIER_FILE]: { content: source } },
    settings: { optimizer: { enabled: true, runs: 200 }, outputSelection: { '*': { '*': ['evm.bytecode.object', 'evm.methodIdentifiers'] } } },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input)) as string) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
  const contract = output.contracts[VERIFIER_FILE]?.[VERIFIER_CONTRACT];
  if (!contract) throw new Error(`solc produced no ${VERIFIER_CONTRACT}`);
  const selector = contract.evm.methodIdentifiers['verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[1])'];
  if (!selector) throw new Error(`no verifyProof in ${JSON.stringify(contract.evm.methodIdentifiers)}`);
  return { bytecode: contract.evm.bytecode.object, selector };
}

/** verifyProof's arguments are all static uint256 arrays: the ABI encoding is their words in order. */
function encodeCall(selector: string, words: readonly bigint[]): Uint8Array {
  return hexToBytes(`0x${selector}${words.map((w) => w.toString(16).padStart(64, '0')).join('')}`);
}

/** exportSolidityCallData gives `[a0,a1],[[b..],[b..]],[c0,c1],[pub..]` as hex strings. */
function callDataWords(calldata: string): bigint[] {
  const parsed = JSON.parse(`[${calldata}]`) as unknown[];
  return (parsed.flat(3) as string[]).map((hex) => BigInt(hex));
}

let outDir: string;
let evm: EVM;
let verifier: Address;
let selector: string;
let words: bigint[];

async function verifyOnChain(callWords: readonly bigint[]): Promise<boolean> {
  const result = await evm.runCall({ to: verifier, data: encodeCall(selector, callWords), gasLimit: 10_000_000n });
  expect(result.execResult.exceptionError).toBeUndefined();
  const returned = bytesToHex(result.execResult.returnValue);
  expect([`0x${'0'.repeat(64)}`, `0x${'0'.repeat(63)}1`]).toContain(returned);
  return BigInt(returned) === 1n;
}

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

  it('compiles with solc, deploys to an in-process EVM and accepts exactly the honest proof', async () => {
    const compiled = compileVerifier(readFileSync(join(outDir, VERIFIER_FILE), 'utf8'));
    selector = compiled.selector;
    evm = await createEVM();
    const deployed = await evm.runCall({ data: hexToBytes(`0x${compiled.bytecode}`), gasLimit: 10_000_000n });
    expect(deployed.execResult.exceptionError).toBeUndefined();
    if (!deployed.createdAddress) throw new Error('verifier not deployed');
    verifier = deployed.createdAddress;

    const input = honestBatchInput(await testPeriod(), 0);
    const statement = BigInt(input.statement as string);
    const { proof, publicSignals } = await snarkjs.groth16.fullProve(input, join(ARTIFACTS, 'circuit.wasm'), join(ARTIFACTS, 'circuit.zkey'));
    expect(publicSignals).toEqual([statement.toString()]);
    const exportSolidityCallData = (snarkjs.groth16 as unknown as { exportSolidityCallData: ExportSolidityCallData }).exportSolidityCallData;
    words = callDataWords(await exportSolidityCallData(proof, publicSignals));
    expect(words).toHaveLength(9);
    expect(words[8]).toBe(statement);

    expect(await verifyOnChain(words)).toBe(true);

    const otherStatement = [...words];
    otherStatement[8] = (words[8] as bigint) + 1n;
    expect(await verifyOnChain(otherStatement)).toBe(false);

    const otherProof = [...words];
    otherProof[7] = (words[7] as bigint) + 1n; // pi_c.y: no longer on the curve
    expect(await verifyOnChain(otherProof)).toBe(false);
  }, 90_000);
});
